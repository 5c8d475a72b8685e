"""Korean for issue 13's supervisor view (views/supervisor.py) and the inbox's drill bar."""

KO = {
    # the window
    "Supervisor — AgentDesk": "관리자 화면 — AgentDesk",
    "Supervisor view": "관리자 화면",
    "The supervisor view is for team leads and admins.": "관리자 화면은 팀장과 관리자만 열 수 있습니다.",
    "Wallboard": "현황판",
    "All my teams": "내 모든 팀",
    "all my teams": "내 모든 팀",
    "Team": "팀",
    "Queue": "대기열",
    "Agents": "상담사",
    "Offline: figures as of the last sync": "오프라인: 마지막 동기화 기준 수치",
    "Last updated %1": "마지막 갱신 %1",
    "No team to show: the wallboard shows the teams you lead.": "표시할 팀이 없습니다. 현황판은 내가 맡은 팀을 보여 줍니다.",
    "Drag tickets from the inbox onto an agent to give them the tickets; double-click an agent to see their open tickets":
        "받은편지함의 티켓을 상담사에게 끌어다 놓으면 배정됩니다. 상담사를 두 번 누르면 미해결 티켓을 봅니다.",
    "Open tickets of %1": "%1의 미해결 티켓",
    "%1 ticket(s) not reassigned: %2": "티켓 %1건을 재배정하지 못했습니다: %2",
    # figures
    "Waiting": "대기",
    "Oldest waiting": "최장 대기",
    "At risk": "SLA 위험",
    "Breached": "SLA 위반",
    "Handled today": "오늘 처리",
    "Abandoned today": "오늘 포기",
    "Service level": "서비스 수준",
    "Avg. speed of answer": "평균 응답 속도",
    "Unsolved": "미해결",
    "Channel": "채널",
    "Priority": "우선순위",
    "Oldest": "최장 대기",
    "Next deadline": "다음 기한",
    "Agent": "상담사",
    "State": "상태",
    "In state": "상태 유지",
    "Open / capacity": "미해결 / 한도",
    "Avg. handle time": "평균 처리 시간",
    "On ticket": "처리 중 티켓",
    # states
    "Available": "상담 가능",
    "On a contact": "상담 중",
    "After-contact work": "후처리",
    "Break": "휴식",
    "Training": "교육",
    "Offline": "오프라인",
    "Busy": "바쁨",
    "Away": "자리 비움",
    # definitions (tooltips)
    "Tickets now new or open (not deleted, not merged), assigned or not.":
        "지금 신규 또는 진행 중인 티켓(삭제·병합 제외), 배정 여부와 관계없이.",
    "Waiting tickets that nobody is assigned to.": "담당자가 없는 대기 티켓.",
    "The longest wait among waiting tickets that have had no first response: now minus the ticket's creation.":
        "아직 첫 응답이 없는 대기 티켓 중 가장 오래 기다린 시간: 지금 시각에서 티켓 생성 시각을 뺀 값.",
    "Waiting, pending or on-hold tickets whose next SLA deadline falls within the next hour.":
        "다음 SLA 기한이 1시간 안에 닥치는 대기·보류·고객 대기 티켓.",
    "Unsolved tickets whose next SLA deadline has already passed.": "다음 SLA 기한이 이미 지난 미해결 티켓.",
    "Tickets waiting on the customer (status pending).": "고객 응답을 기다리는 티켓(상태: 대기).",
    "Tickets parked on hold (status on hold).": "보류한 티켓(상태: 보류).",
    "Tickets solved since midnight today (workspace time zone), not merged into another.":
        "오늘 자정(작업 공간 시간대) 이후 해결된 티켓, 다른 티켓에 병합된 것은 제외.",
    "Chat and phone tickets created today that were solved or closed without any agent response.":
        "오늘 생성된 채팅·전화 티켓 중 상담사 응답 없이 해결 또는 종료된 티켓.",
    "Among tickets created today whose first-response deadline is decided (answered, or the deadline passed), "
    "the share answered by the deadline.":
        "오늘 생성된 티켓 중 첫 응답 기한의 결과가 정해진 티켓(응답했거나 기한이 지남)에서 기한 안에 응답한 비율.",
    "Average speed of answer: the mean of first response minus creation over tickets created today that have a first response.":
        "평균 응답 속도: 오늘 생성되어 첫 응답이 있는 티켓의 (첫 응답 시각 − 생성 시각) 평균.",
    # the inbox's drill bar
    "Showing: %1": "표시 중: %1",
    "Back to the views": "보기로 돌아가기",
}

KO.update({
    # the staffing tab (views/staffing.py)
    "Staffing": "인력 산정",
    "Hour": "시간대",
    "Contacts / h": "시간당 문의",
    "Handle time": "처리 시간",
    "Erlangs": "얼랑",
    "Agents needed": "필요 상담사",
    "To schedule": "편성 인원",
    "As given": "입력한 값",
    "Measured in this hour": "이 시간대 측정값",
    "Measured over the period": "기간 전체 측정값",
    "No handle time recorded: the default": "기록된 처리 시간 없음: 기본값",
    "Last 4 weeks, same weekday as the day planned": "최근 4주의 같은 요일",
    "Every day of the period": "기간의 모든 날",
    "measured": "측정값",
    "Estimate": "산정",
    "Day planned": "계획할 날",
    "From": "기준",
    "Answered within": "응답 목표 시간",
    "Service level target": "서비스 수준 목표",
    "Shrinkage": "비가동률",
    "Hour of the day": "시간대",
    "Agents to schedule": "편성 인원",
    "%1 contacts a day on average (%2 days counted). Peak at %3:00: %4 agents answering, %5 to schedule.":
        "하루 평균 %1건 (%2일 기준). 최대 %3시: 응대 %4명, 편성 %5명.",
    "Erlang C assumes no one abandons, so it overstates the queue when callers hang up: with real "
    "abandonment the waits are shorter and the service level higher than shown, and the agents "
    "estimated are an upper bound. It also assumes calls arrive at a steady rate within each hour "
    "and that every agent can take every call.":
        "얼랑 C는 포기 호가 없다고 가정하므로 고객이 끊는 실제 상황보다 대기를 크게 잡습니다. 실제로는 대기가 더 짧고 "
        "서비스 수준이 더 높으며, 산정 인원은 상한입니다. 또한 시간대 안에서 문의가 고르게 들어오고 모든 상담사가 모든 "
        "문의를 받을 수 있다고 가정합니다.",
})

KO.update({
    # wallboard incidents
    "Incidents today": "오늘의 보호 조치",
    "Agent-protection incidents recorded today: abuse warnings sent, abusive contacts ended, protective breaks.":
        "오늘 기록된 상담사 보호 조치: 폭언 경고, 상담 종료, 보호 휴식.",
    "Double-click to open the ticket (the conversation is kept as it was)": "두 번 눌러 티켓을 엽니다 (대화는 그대로 보존됩니다)",
    "None today": "오늘은 없음",
    "My quality reviews": "내 품질 평가",
    "Routing": "배정",
    "Quality": "품질",
    # the routing tab (views/routing.py)
    "Manual: leads and agents assign": "수동: 팀장과 상담사가 배정",
    "Round robin among available agents": "상담 가능한 상담사에게 차례로",
    "Least loaded, within capacity": "업무가 가장 적은 상담사에게 (한도 안에서)",
    "By skill (channel, language, category), then least loaded": "역량(채널·언어·분류) 기준, 그다음 업무량",
    "Keyword in the subject or first message": "제목이나 첫 메시지의 키워드",
    "Customer's VIP tier": "고객 VIP 등급",
    "Unanswered for (minutes): one step up": "미응답 시간(분): 한 단계 올림",
    "When": "조건",
    "Values (comma-separated)": "값 (쉼표로 구분)",
    "Raise to": "올릴 우선순위",
    "Add rule": "규칙 추가",
    "Remove rule": "규칙 삭제",
    "Save rules": "규칙 저장",
    "Assign new tickets": "새 티켓 배정",
    "Priority rules: a rule only ever raises a ticket's priority": "우선순위 규칙: 규칙은 티켓의 우선순위를 올리기만 합니다",
    "Open": "진행 중",
    "Capacity": "한도",
    "Channels": "채널",
    "Languages": "언어",
    "Categories": "분류",
    "Save agent": "상담사 저장",
    "Capacity and skills: empty skills put no limit on that side.": "한도와 역량: 역량을 비워 두면 그 항목은 제한하지 않습니다.",
    "No team to edit: routing is set by the team's lead.": "편집할 팀이 없습니다. 배정 규칙은 팀장이 정합니다.",
    "Saved by %1 on %2": "%1 님이 %2에 저장함",
    "This team has no rules yet: these are the defaults. Nothing is automatic until you save.":
        "이 팀에는 아직 규칙이 없습니다. 아래는 기본값이며, 저장하기 전에는 자동으로 적용되지 않습니다.",
    "Saved. New tickets of %1 are assigned: %2": "저장했습니다. %1의 새 티켓 배정: %2",
    "Select an agent first.": "먼저 상담사를 선택하세요.",
    "Saved %1: capacity %2": "%1 저장: 한도 %2",
    # the quality tab (views/quality.py)
    "Ticket": "티켓",
    "Subject": "제목",
    "Solved": "해결",
    "Score": "점수",
    "Reviewer": "평가자",
    "Comment": "의견",
    "failed": "불합격",
    "Whole team": "팀 전체",
    "Any channel": "모든 채널",
    "Draw a sample": "표본 뽑기",
    "Review…": "평가…",
    "Tickets": "티켓 수",
    "Handled tickets not yet reviewed (random)": "아직 평가하지 않은 처리 완료 티켓 (무작위)",
    "The team's latest reviews": "팀의 최근 평가",
    "%n ticket(s) drawn": "티켓 %n건을 뽑았습니다",
    "Every handled ticket here is reviewed already.": "이 조건의 처리 완료 티켓은 모두 평가했습니다.",
    "Select a ticket to review.": "평가할 티켓을 선택하세요.",
})

# On the wallboard "waiting" is the queue (응대 대기) and "pending" the ticket status that
# waits on the customer: both are "대기" elsewhere, side by side here.
OVERRIDES = {
    ("supervisor", "Waiting"): "응대 대기",
    ("supervisor", "Pending"): "고객 대기",
    ("supervisor", "At risk"): "SLA 위험",
    ("supervisor", "Breached"): "SLA 위반",
    ("supervisor", "Oldest"): "최장 대기",
}

KO.update({
    "Keyword": "키워드",
    "VIP tier": "VIP 등급",
    "Unanswered (minutes)": "미응답 (분)",
    "Keyword in the subject or first message (Korean matches with or without spaces)":
        "제목이나 첫 메시지의 키워드 (한글은 띄어쓰기와 관계없이 찾습니다)",
    "Customer's VIP tier: standard, silver, gold, vip": "고객 VIP 등급: standard, silver, gold, vip",
    "Channel: email, chat, phone, sms, social, web": "채널: email, chat, phone, sms, social, web",
    "Unanswered for this many minutes: one step up": "이 시간(분) 동안 응답이 없으면 한 단계 올림",
})

KO.update({
    # the KPI tab (views/kpis.py)
    "KPIs": "핵심 지표",
    "Tickets created": "생성 티켓",
    "First response (median)": "첫 응답 (중앙값)",
    "Unanswered": "미응답",
    "Resolution (median)": "해결 시간 (중앙값)",
    "Reopened": "재오픈",
    "First contact resolution": "첫 상담 해결률",
    "SLA attained": "SLA 달성",
    "Handle time (median)": "처리 시간 (중앙값)",
    "Backlog now": "현재 미해결",
    "p90 %1 · n=%2": "p90 %1 · n=%2",
    "%1 answers": "응답 %1건",
    "Last 7 days": "최근 7일",
    "Last 30 days": "최근 30일",
    "Update": "갱신",
    "Export figures…": "지표 내보내기…",
    "to": "~",
    "Export these tickets…": "이 티켓 내보내기…",
    "Open in the inbox": "받은편지함에서 열기",
    "Tickets created per hour, by channel (the last day)": "시간대별 생성 티켓, 채널별 (마지막 날)",
    "Backlog and SLA attained through the day": "하루 동안의 미해결과 SLA 달성",
    "Created and solved per day": "일별 생성·해결",
    "Created and solved:": "생성·해결 추이:",
    "Every team": "모든 팀",
    "Days are counted in %1": "날짜 기준 시간대: %1",
    "No team to show: the figures are of the teams you lead.": "표시할 팀이 없습니다. 지표는 내가 맡은 팀의 것입니다.",
    "No tickets": "티켓 없음",
    "Backlog": "미해결",
    "SLA attained (100% = top)": "SLA 달성 (100% = 위쪽 끝)",
    "Created": "생성",
    "Solved": "해결",
    "Created %1 %2:00": "%1 %2시 생성",
    "Created %1": "%1 생성",
    "Export figures": "지표 내보내기",
    "Export tickets": "티켓 내보내기",
    "Wrote %1 row(s) to %2": "%2에 %1행을 썼습니다",
})
