"""Korean for the shell's strings added with issues 3 and 5 (main window, About, crash dialog)."""

KO = {
    # main window: side tabs and commands
    "Knowledge": "지식",
    "Templates": "템플릿",
    "Calendar": "일정",
    "Customer 360": "고객 360",
    "Follow-ups past their due time (Calendar tab)": "기한이 지난 후속 조치 (일정 탭)",
    "Overdue follow-ups: %1": "기한 지난 후속 조치: %1",
    "Follow up on this ticket…": "이 티켓 후속 조치 예약…",
    "Schedule a callback for this customer…": "이 고객에게 콜백 예약…",
    "Draft the suggested answer": "추천 답변 초안 넣기",
    "Calendar: agenda": "일정: 목록",
    "Calendar: week": "일정: 주",
    "Calendar: month": "일정: 월",
    "Export follow-ups to a calendar file (.ics)…": "후속 조치를 캘린더 파일(.ics)로 내보내기…",
    "Import follow-ups from a calendar file (.ics)…": "캘린더 파일(.ics)에서 후속 조치 가져오기…",
    "Propose a knowledge article…": "지식 문서 제안…",
    "Review knowledge proposals": "지식 문서 제안 검토",
    "Open a ticket to insert this into a reply.": "답변에 넣으려면 먼저 티켓을 여세요.",
    "Open a ticket to use a template.": "템플릿을 쓰려면 먼저 티켓을 여세요.",
    "Open a ticket to follow up on it.": "후속 조치를 예약하려면 먼저 티켓을 여세요.",
    "Open a customer to schedule a callback.": "콜백을 예약하려면 먼저 고객을 여세요.",
    "Open a ticket to draft an answer.": "답변 초안을 넣으려면 먼저 티켓을 여세요.",
    "No suggested answer for this ticket yet.": "이 티켓에 대한 추천 답변이 아직 없습니다.",
    # about
    "Licences": "라이선스",
    " (packaged)": " (설치판)",
    "Workspace": "워크스페이스",
    "Data": "데이터",
    "Logs and crash reports": "로그 및 오류 보고서",
    "Built with": "구성 요소",
    "The contact-centre agent’s workstation.": "상담사를 위한 통합 업무 화면.",
    "AgentDesk bundles open-source software; see the Licences tab.": "AgentDesk는 오픈 소스 소프트웨어를 포함합니다. 라이선스 탭을 보세요.",
    "The licence notices are missing from this installation (%1).": "이 설치본에 라이선스 고지 파일이 없습니다 (%1).",
    # start-up and crashes
    "AgentDesk closed unexpectedly last time; report: %1": "지난번 AgentDesk가 예기치 않게 종료되었습니다. 보고서: %1",
    "AgentDesk ran into a problem": "AgentDesk에 문제가 발생했습니다",
    "Something went wrong: %1\n\nA report was saved to:\n%2\n\nYour replies and drafts are saved. Please send the report to your administrator.":
        "문제가 발생했습니다: %1\n\n보고서를 저장했습니다:\n%2\n\n작성 중인 답변과 임시 저장본은 보존되어 있습니다. 보고서를 관리자에게 보내 주세요.",
}

OVERRIDES = {
    ("AboutDialog", "About"): "정보",
    ("AboutDialog", "Settings"): "설정",
}
