"""Korean for issue 11 and 12's desk fixes (knowledge proposals, reminders, SLA, calendar import)."""

KO = {
    # knowledge: the proposal dialog checks before it closes
    "Give the article a title.": "문서 제목을 입력하세요.",
    "The title is too long (at most 300 characters).": "제목이 너무 깁니다(최대 300자).",
    "Write the article text.": "문서 내용을 입력하세요.",
    "No suggested answer for this ticket yet.": "이 티켓에 대한 추천 답변이 아직 없습니다.",
    # reminders: the overdue backlog in one toast
    "%n overdue follow-ups": "기한 지난 후속 작업 %n건",
    "Open calendar": "일정 열기",
    # SLA countdown in words
    "%1h %2m": "%1시간 %2분",
    "%1 min": "%1분",
    # the composer after a call log
    "Call logged": "통화 기록 완료",
    # calendar import of an unchanged file
    "Already up to date: every event was here as it is.": "이미 최신입니다. 모든 일정이 그대로 있습니다.",
}

# A missed due time, not a loan in arrears (the shared table's "연체" is for products).
OVERRIDES = {
    ("ReminderCenter", "Overdue"): "기한 지남",
    # contact point labels in the 360 pane
    ("vocab", "Mobile"): "휴대전화", ("vocab", "Work"): "직장", ("vocab", "Home"): "자택",
    ("vocab", "Personal"): "개인", ("vocab", "KakaoTalk"): "카카오톡", ("vocab", "Instagram"): "인스타그램",
}
