"""Korean for issue 15's training sessions: the Start training dialog, the training window's
banner and bar (virtual clock, speed, moods, hints) and the scorecard
(agentdesk/views/simulation.py), the desk's Training menu, and the ticket view's Category box.
Scenario texts (titles, hints, rubric labels, the "why" of each item) are the scenario's own."""

KO = {
    # the desk's menu and the start dialog
    "Training": "교육",
    "Start a training session…": "교육 세션 시작…",
    "Start a training session": "교육 세션 시작",
    "Choose one scenario, or several to practise handling them at once. "
    "The session runs in a sandbox: nothing reaches a customer or your workspace.":
        "시나리오를 하나 고르거나, 동시에 여러 건을 처리하는 연습을 하려면 여러 개를 고르세요. "
        "세션은 샌드박스에서 진행되며 고객이나 내 워크스페이스에는 아무것도 전달되지 않습니다.",
    "Scenario": "시나리오",
    "Difficulty": "난이도",
    "Korean": "한국어",
    "English": "영어",
    "Beginner": "초급",
    "Intermediate": "중급",
    "Advanced": "고급",
    "Practice (hints shown)": "연습 (힌트 표시)",
    "Certification (no hints; the attempt is recorded)": "인증 (힌트 없음, 응시 기록이 남습니다)",
    "Start": "시작",
    "Assigned to you": "나에게 배정됨",
    "%1 · due %2": "%1 · 기한 %2",
    "Left out (the file does not load): %1": "제외됨 (파일을 읽을 수 없음): %1",
    # the training window
    "[Training] AgentDesk — %1": "[교육] AgentDesk — %1",
    "Practice": "연습",
    "Certification": "인증",
    "Sandbox: nothing here reaches a customer or your workspace": "샌드박스: 여기서 한 일은 고객이나 내 워크스페이스에 전달되지 않습니다",
    "Training sandbox": "교육용 샌드박스",
    "Virtual time since the session started": "세션 시작 후 가상 시간",
    "Pause": "일시 정지",
    "Speed": "속도",
    "Hints": "힌트",
    "End session": "세션 종료",
    "Customer's mood: %1 (click to open the ticket)": "고객 기분: %1 (누르면 티켓을 엽니다)",
    "patient": "차분함",
    "calm": "안정됨",
    "annoyed": "짜증",
    "angry": "화남",
    "This is a training session already: end it first.": "이미 교육 세션입니다. 먼저 세션을 종료하세요.",
    # the scorecard
    "Training scorecard": "교육 평가표",
    "Passed": "합격",
    "Not passed": "불합격",
    "Item": "항목",
    "Points": "점수",
    "Why": "근거",
    "Rubric": "평가 항목",
    "Timeline": "타임라인",
    "Auto-fail": "자동 불합격",
    "Suggestions": "개선 제안",
    "Recorded in your training results.": "교육 결과에 기록했습니다.",
    "Not recorded: %1": "기록하지 못했습니다: %1",
    "You": "나",
    "Account details before the identity check": "본인 확인 전 계좌·카드 정보 안내",
    "Asked for the card password": "카드 비밀번호 요구",
    "Asked for the CVC": "CVC 요구",
    "Asked for the back digits of the resident registration number": "주민등록번호 뒷자리 요구",
    "A promise policy forbids": "정책상 금지된 약속",
    "A forbidden phrase": "금지 표현",
    # the ticket view
    "category": "분류",
}

OVERRIDES = {
    ("ScenarioTableModel", "Language"): "언어",
    ("ScenarioTableModel", "Channel"): "채널",
    ("ScorecardView", "Customer"): "고객",
    ("ScorecardView", "System"): "시스템",
    ("TicketPane", "Category"): "분류",
    ("TrainingClock", "Resume"): "계속",  # the virtual clock, not a call on hold (ko_phone.py)
}
