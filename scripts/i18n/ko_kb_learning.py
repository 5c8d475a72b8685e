"""Korean for issue 16's knowledge search that learns from use: the knowledge pane's
Synonyms dialog (views/knowledge.py SynonymsDialog) and its coded refusals (context
"errors", the English of agentdesk/catalogue.py). Keep every {name} and %1 placeholder."""

KO = {
    # the knowledge pane's Share menu and the dialog
    "Synonyms…": "동의어…",
    "Search synonyms": "검색 동의어",
    "Synonyms of %1: a phrase in a search adds the words after it.":
        "%1 동의어: 검색어에 왼쪽 표현이 있으면 오른쪽 단어를 함께 찾습니다.",
    "Proposed from use (a term that often led to an article that lacks it):":
        "사용 기록에서 제안 (문서에 없는 표현인데 그 문서로 자주 이어진 말):",
    "%1 → %2  (“%3”, %4 recent uses)": "%1 → %2  (“%3”, 최근 사용 %4회)",
    "No proposals yet: they come as agents use articles.": "아직 제안이 없습니다. 상담원이 문서를 사용하면 생깁니다.",
    "Synonyms search uses:": "검색에 쓰는 동의어:",
    "%1 (dismissed proposal)": "%1 (거절한 제안)",
    "What customers say, e.g. 꺼져요": "고객이 쓰는 표현 (예: 꺼져요)",
    "The articles' words, e.g. 앱 오류": "문서에 쓰인 단어 (예: 앱 오류)",
    "Approve": "승인",
    "Dismiss": "거절",
    "Add": "추가",
    "Remove": "삭제",
    "Saving…": "저장 중…",
    "Saved": "저장됨",
    "Remove synonym": "동의어 삭제",
    "Remove “%1” from the team's synonyms?": "팀 동의어에서 “%1”을(를) 삭제할까요?",
    # coded refusals (agentdesk/catalogue.py)
    "only a lead of the team or an admin can change its search synonyms":
        "팀의 검색 동의어는 해당 팀의 팀장이나 관리자만 바꿀 수 있습니다",
    "a synonym's phrase has 2 to {most} characters": "동의어 표현은 2~{most}자입니다",
    "a synonym's words have 1 to {most} characters": "동의어 단어는 1~{most}자입니다",
    "a synonym's words must differ from its phrase": "동의어 단어는 표현과 달라야 합니다",
    "a synonym is one of {allowed}": "동의어 상태는 {allowed} 중 하나입니다",
    "deleted is true or false": "삭제 여부는 true 또는 false입니다",
    "a team has at most {most} synonyms": "팀 동의어는 최대 {most}개입니다",
    "unknown synonym fields": "알 수 없는 동의어 항목입니다",
    "a team's synonym has the id derived from the team and phrase": "팀 동의어의 ID는 팀과 표현으로 정해집니다",
}

OVERRIDES = {
    ("SynonymsDialog", "Close"): "닫기",
}
