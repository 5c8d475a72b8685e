"""Korean for issue 14's desk side: folded quotes in the timeline, delivery states."""

KO = {
    "Hide quoted text": "인용문 숨기기",
    "Show quoted text": "인용문 보기",
    # a timeline event no agent made (the gateway's automatic answer, a routing rule)
    "AgentDesk (automatic)": "AgentDesk(자동)",
    # tr() calls that sat inside f-strings, never extracted until now
    "The contact-centre agent’s workstation.": "상담사를 위한 상담 업무 통합 데스크",
    "AgentDesk bundles open-source software; see the Licences tab.": "AgentDesk에는 오픈 소스 소프트웨어가 포함되어 있습니다. 라이선스 탭을 참고하세요.",
    "No messages.": "메시지가 없습니다.",
    "No reviews yet.": "아직 평가가 없습니다.",
}
