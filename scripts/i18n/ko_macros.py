"""Korean for the staged macros and Send and set status (issue 12 defect 1)."""

KO = {
    "Applied when you send": "보낼 때 적용됨",
    "Undo": "되돌리기",
    "Drop the changes waiting for the reply": "답변과 함께 적용될 변경을 취소합니다",
    "Send and set the status": "보내고 상태 변경",
    "Send and set pending": "보내고 대기",
    "Send and set solved": "보내고 해결",
    "When you send the reply, this template also changes the ticket:": "답변을 보내면 이 템플릿이 티켓도 변경합니다:",
    "Insert, apply on send": "넣고 보낼 때 적용",
}
