"""Korean for presence and the stale-reply guard (views/ticket.py, issue 5)."""

KO = {
    # presence banner
    "Other agents who have this ticket open": "이 티켓을 열어 둔 다른 상담원",
    "%1 is replying": "%1 님이 답변 작성 중",
    "%1 is viewing": "%1 님이 보는 중",
    # stale-reply guard
    "New messages arrived": "새 메시지 도착",
    "While you were writing, %1 replied and the customer wrote. Send anyway?":
        "작성하시는 동안 %1 님이 답변했고 고객도 메시지를 보냈습니다. 그래도 보낼까요?",
    "While you were writing, %1 replied. Send anyway?": "작성하시는 동안 %1 님이 답변했습니다. 그래도 보낼까요?",
    "While you were writing, the customer wrote. Send anyway?":
        "작성하시는 동안 고객이 새 메시지를 보냈습니다. 그래도 보낼까요?",
    "Not sent: review the new messages, then send again.": "보내지 않았습니다. 새 메시지를 확인한 뒤 다시 보내세요.",
}

# "Review" alone is too generic for the shared KO table.
OVERRIDES = {
    ("TicketPane", "Review"): "확인하기",
}
