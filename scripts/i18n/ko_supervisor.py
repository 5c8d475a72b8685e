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
