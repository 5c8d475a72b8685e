"""Korean for issue 12's @mentions: the composer's completer and its question before a
public reply, the mention toasts and the inbox's Mentions view."""

KO = {
    # the inbox's view
    "Mentions": "멘션",
    # toasts
    "%1 mentioned you on #%2": "%1님이 #%2에서 나를 멘션했습니다",
    "%n new mentions": "새 멘션 %n건",
    "Show mentions": "멘션 보기",
    # a public reply that mentions a colleague
    "Mention in a public reply": "공개 답변에 멘션이 있습니다",
    "This reply goes to the customer and mentions %1. Colleagues are notified only by internal notes.":
        "이 답변은 고객에게 전송되며 %1을(를) 멘션합니다. 동료에게는 내부 메모로만 알림이 갑니다.",
    "Add as internal note": "내부 메모로 추가",
    "Send to customer": "고객에게 보내기",
}

# Generic words kept to these contexts (the shared table's "Open" is the ticket status).
OVERRIDES = {
    ("MentionCenter", "Open"): "열기",
    ("MentionCenter", "Mention"): "멘션",
    ("MentionCompleter", "Cancel"): "취소",
}
