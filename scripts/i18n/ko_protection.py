"""Korean for issue 13's agent states and agent protection (산업안전보건법 제41조): the
status control's states, the ticket pane's Protection menu and its dialog, the read-out
toast, and a lead's alerts."""

KO = {
    # vocab: the agent states (agentdesk/agent_states.py) and the incidents (protection_rules.py)
    "After-contact work": "후처리",
    "Break": "휴식",
    "Training": "교육",
    "Offline": "오프라인",
    "On a contact": "상담 중",
    "First warning": "1차 경고",
    "Second warning": "2차 경고",
    "Contact ended": "상담 종료",
    # the ticket pane's Protection menu (views/protection.py)
    "Protection": "상담사 보호",
    "Abusive customer: warnings, ending the contact, a protective break":
        "폭언·욕설 고객 대응: 경고 안내, 상담 종료, 보호 휴식",
    "Send first warning": "1차 경고 안내 보내기",
    "Send second warning": "2차 경고 안내 보내기",
    "End abusive contact…": "폭언 상담 종료…",
    "Take a protective break": "보호 휴식하기",
    "Read this to the customer": "고객에게 다음 안내를 읽어 주세요",
    "Agent protection": "상담사 보호",
    "Protective break": "보호 휴식",
    "Take a protective break now? Your status becomes Break and your lead sees why.":
        "지금 보호 휴식을 하시겠습니까? 상태가 '휴식'으로 바뀌고 팀장에게 사유가 전달됩니다.",
    # the dialog asking why
    "End abusive contact": "폭언 상담 종료",
    "The ticket is solved and tagged abusive-contact; the conversation is kept as it is. Your lead is alerted.":
        "티켓은 해결 처리되고 abusive-contact 태그가 붙습니다. 대화 내용은 그대로 보존되며 팀장에게 알림이 갑니다.",
    "Reason (required), e.g. repeated insults after two warnings": "사유(필수), 예: 두 차례 경고 후에도 욕설 지속",
    "End contact": "상담 종료",
    # a lead's alerts (ui/protection_alerts.py)
    "%1: %2 on #%3": "%1: #%3 %2",
    "Check in with your colleague.": "상담사의 상태를 확인해 주세요.",
    "%n new protection incidents": "새 상담사 보호 기록 %n건",
}

# Generic words kept to these contexts.
OVERRIDES = {
    ("ProtectionAlerts", "Open"): "열기",
}
