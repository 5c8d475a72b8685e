"""Korean for issue 16: a text search's count shown as a lower bound, a long conversation folded."""

KO = {
    # a long conversation folded between its first message and the newest
    "Show %n earlier message(s)": "이전 메시지 %n건 보기",
    "Show %n earlier change(s)": "이전 변경 %n건 보기",
    "%1+ tickets": "티켓 %1건 이상",
    "More tickets match: these are the ones among the newest %1 matching subjects and messages. "
    "Add words or filters to narrow the search.":
        "일치하는 티켓이 더 있습니다. 제목과 메시지 중 최근 일치 %1건에 속한 티켓만 표시합니다. "
        "검색어나 필터를 더해 범위를 좁혀 보세요.",
}
