"""Korean for issue 14's intake (services/channels.py, `agentdesk mail import`): coded
refusals (context "errors", the English of agentdesk/catalogue.py). Keep every {name}
placeholder as it is."""

KO = {
    "the message is {size}, more than the {most} one inbound message may be: nothing of it was stored":
        "메시지 크기가 {size}로, 수신 메시지 한 건의 최대 크기 {most}를 넘습니다: 아무것도 저장하지 않았습니다",
}
