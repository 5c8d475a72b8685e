"""Korean for issue 14's live chat in the ticket view (views/live_chat.py). The web-chat
widget's own texts (Korean and English) live in resources/webchat/widget.js: it runs in
visitors' browsers, outside Qt."""

KO = {
    "Customer is typing…": "고객이 입력 중…",
}
