"""Korean for issue 14's desk side: folded quotes in the timeline, delivery states."""

KO = {
    "Hide quoted text": "인용문 숨기기",
    "Show quoted text": "인용문 보기",
    # a timeline event no agent made (the gateway's automatic answer, a routing rule)
    "AgentDesk (automatic)": "AgentDesk(자동)",
}
