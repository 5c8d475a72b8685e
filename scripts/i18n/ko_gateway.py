"""Korean for issue 14's gateway as the desk shows it: a reply's delivery in the ticket's
timeline (views/ticket.py DELIVERY)."""

KO = {}

OVERRIDES = {
    ("delivery", "Queued"): "전송 대기",
    ("delivery", "Sending"): "전송 중",
    ("delivery", "Sent"): "전송됨",
    ("delivery", "Delivery unknown: check before resending"): "전송 여부 불명: 다시 보내기 전에 확인하세요",
    ("delivery", "Not delivered"): "전송 실패",
    ("delivery", "Bounced"): "반송됨",
}
