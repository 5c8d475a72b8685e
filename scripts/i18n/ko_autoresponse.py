"""Korean for issue 14's FAQ auto-response (자동 응답): the supervisor's Auto-response tab
(views/autoresponse.py) and its coded refusals (context "errors", the English of
agentdesk/catalogue.py). Keep every {name} and %1 placeholder as it is."""

KO = {
    # the supervisor window's tab
    "Auto-response": "자동 응답",
    "Answer simple questions automatically from the knowledge base": "간단한 문의는 지식베이스로 자동 응답",
    "Confidence threshold": "신뢰도 기준",
    "Categories it may answer (public articles only):": "자동 응답할 분류 (고객 공개 문서만):",
    "Never answered automatically": "자동 응답하지 않는 경우",
    "VIP and gold customers": "VIP·골드 등급 고객",
    "Urgent words: lost, stolen, fraud (분실, 도난, 부정사용 …)": "긴급 단어: 분실, 도난, 부정사용 등",
    "Automatic mail: out-of-office, bulk, our own": "자동 발송 메일: 부재중 회신, 대량 메일, 우리가 보낸 메일",
    "Several questions at once, or questions about the customer's own order or account":
        "한 번에 여러 가지를 묻는 문의, 고객 본인의 주문·계좌 확인이 필요한 문의",
    "A second time on the same ticket": "같은 티켓에 두 번째 자동 응답",
    "An automatic answer is the article's text in a short frame, signed \"Automatic answer\"; the ticket waits for "
    "the customer, tagged auto-answered. If the customer replies that it did not help, the ticket returns to the "
    "queue one priority step higher.":
        "자동 응답은 지식베이스 문서 내용을 짧은 안내문에 담아 '자동 응답' 이름으로 보냅니다. 티켓은 auto-answered 태그와 "
        "함께 고객 응답 대기 상태가 됩니다. 고객이 해결되지 않았다고 답하면 우선순위를 한 단계 올려 대기열로 돌려보냅니다.",
    "No team to edit: automatic answers are set by the team's lead.": "설정할 팀이 없습니다: 자동 응답은 팀장이 설정합니다.",
    "Saved on %1": "%1에 저장됨",
    "Off: nothing is answered automatically until you turn it on and save.":
        "꺼짐: 켜고 저장하기 전에는 자동으로 답하지 않습니다.",
    "Not measured this low.": "이 기준에서는 측정하지 않았습니다.",
    "Measured on %1 labelled messages: %2% of automatic answers right, %3% of messages answered":
        "라벨링된 문의 %1건 측정: 자동 응답 정확도 %2%, 자동 응답 비율 %3%",
    "Saved: %1 answers %2 categories automatically on %3": "저장됨: %1은(는) %3 채널에서 %2개 분류를 자동 응답합니다",
    "Saved: automatic answers are off for %1 on %2": "저장됨: %1의 %2 채널 자동 응답이 꺼져 있습니다",
    # coded refusals (agentdesk/catalogue.py)
    "only a lead of the team or an admin can change its automatic answers":
        "팀의 자동 응답은 해당 팀의 팀장이나 관리자만 바꿀 수 있습니다",
    "invalid channel {channel}: expected one of {allowed}": "잘못된 채널 {channel}: {allowed} 중 하나여야 합니다",
    "the confidence threshold is a number from {least} to {most}": "신뢰도 기준은 {least}~{most} 사이의 숫자입니다",
    "the categories are a list of at most {most}": "분류는 최대 {most}개까지의 목록입니다",
    "each category has 1 to {most} characters": "분류 이름은 1~{most}자입니다",
    "on or off is true or false": "켜기·끄기 값은 true 또는 false입니다",
    "unknown auto-response settings fields": "알 수 없는 자동 응답 설정 항목입니다",
    "a team's auto-response settings have the id derived from the team and channel":
        "팀의 자동 응답 설정 ID는 팀과 채널로 정해집니다",
}

OVERRIDES = {
    ("AutoresponsePane", "Save"): "저장",
}
