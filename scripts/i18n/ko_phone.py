"""Korean for issue 14's phone contacts: the ticket view's call panel (timer, hold, the
recording notice, after-call work, disposition, notes) and its setting."""

KO = {
    # the call panel
    "☎ Start call": "☎ 통화 시작",
    "Start the call timer (the recording notice is shown to read)": "통화 시간 측정을 시작합니다 (녹음 안내 문구가 표시됩니다)",
    "Hold": "보류",
    "Resume": "통화 재개",
    "Hang up": "통화 종료",
    "End the call; after-call work starts": "통화를 끝내고 후처리를 시작합니다",
    "Read to the caller": "안내 완료",
    "Recording notice": "녹음 안내",
    "Disposition…": "통화 결과 선택…",
    "Call notes: what the caller needed and what you agreed": "통화 메모: 고객 요청 사항과 안내·합의한 내용",
    "Finish and log": "기록하고 마치기",
    "Write the call log with its talk, hold and after-call work": "통화·보류·후처리 시간과 함께 통화 기록을 저장합니다",
    "Discard": "버리기",
    "Discard call": "통화 버리기",
    "Drop this call without logging it?": "이 통화를 기록하지 않고 버릴까요?",
    "Choose how the call ended.": "통화 결과를 선택하세요.",
    "Talk %1": "통화 %1",
    "Hold %1": "보류 %1",
    "After-call work %1": "후처리 %1",
    "On a call": "통화 중",
    "After-call work": "후처리 중",
    "on #%1": "#%1 통화",
    # dispositions (context "call")
    "Resolved": "해결",
    "Callback needed": "콜백 필요",
    "Transferred": "호 전환",
    "Escalated": "상위 이관",
    "Voicemail": "음성사서함",
    "Wrong number": "잘못 건 전화",
    "Abandoned": "포기호",
    # settings
    "Recording notice read at the start of a call": "통화 시작 시 안내하는 녹음 고지 문구",
}

OVERRIDES = {
    ("CallPanel", "On hold"): "보류 중",  # the call's phase, not a ticket status
}
