"""Korean for the knowledge pane (agentdesk/views/knowledge.py); loaded by fill_ts.py.

Short, generic words (Title, Category, Close, …) are pinned per context in OVERRIDES,
so this table neither overrides nor is overridden by another pane's choice.
"""

KO = {
    # KnowledgePane
    "Waiting for review": "검토 대기",
    "Edit applied": "수정 반영됨",
    "Search the knowledge base (e.g. 한도 조회, refund)": "지식 베이스 검색 (예: 한도 조회, refund)",
    "Knowledge search": "지식 검색",
    "Propose an article or review proposals": "문서를 제안하거나 제안을 검토합니다",
    "Propose article…": "문서 제안…",
    "Review proposals…": "제안 검토…",
    "My proposals…": "내 제안…",
    "All tags": "전체 태그",
    "All languages": "전체 언어",
    "Knowledge articles": "지식 문서",
    "Insert link": "링크 넣기",
    "Insert excerpt": "발췌 넣기",
    "Not helpful": "도움 안 됨",
    "Propose edit": "수정 제안",
    "Put the article's title and address into the reply": "문서 제목과 주소를 답변에 넣습니다",
    "Put the paragraphs that answer the question into the reply": "문의에 답하는 단락을 답변에 넣습니다",
    "Select an article to read it here.": "문서를 선택하면 여기에서 읽을 수 있습니다.",
    "%n article(s)": "문서 %n건",
    "No articles match “%1”. Try other or fewer words, or clear the filters.":
        "“%1”에 맞는 문서가 없습니다. 다른 단어나 더 적은 단어로 검색하거나 필터를 해제해 보세요.",
    "No articles match these filters.": "이 필터에 맞는 문서가 없습니다.",
    "Suggested for #%1": "#%1 추천 문서",
    "No suggestions for #%1. Type to search.": "#%1에 추천할 문서가 없습니다. 검색어를 입력하세요.",
    "The search failed. Try again in a moment.": "검색하지 못했습니다. 잠시 후 다시 시도해 주세요.",
    "Search the knowledge base, or open a ticket to see suggested articles.":
        "지식 베이스를 검색하거나 티켓을 열면 추천 문서가 표시됩니다.",
    "%1 found this helpful · %2 did not": "도움 됨 %1 · 도움 안 됨 %2",
    "Open a ticket to insert into its reply": "티켓을 열어야 답변에 넣을 수 있습니다",
    "Propose an article": "문서 제안",
    "Propose an edit to “%1”": "“%1” 수정 제안",
    # ProposalDialog
    "Article text": "본문",
    "A lead reviews the proposal before it is published.": "제안은 팀장이 검토한 뒤 게시됩니다.",
    "Send for review": "검토 요청",
    # ProposalsDialog
    "Review proposals": "제안 검토",
    "My proposals": "내 제안",
    "Reject…": "반려…",
    "No proposals.": "제안이 없습니다.",
    "Published text now": "현재 게시된 내용",
    "Review note": "검토 의견",
    "Reject proposal": "제안 반려",
    "Note for the author:": "작성자에게 남길 의견:",
    "Publishing…": "게시하는 중…",
}

OVERRIDES = {
    ("KnowledgePane", "Korean"): "한국어",
    ("KnowledgePane", "English"): "영어",
    ("KnowledgePane", "Published"): "게시됨",
    ("KnowledgePane", "Rejected"): "반려됨",
    ("KnowledgePane", "Draft"): "초안",
    ("KnowledgePane", "Share"): "공유",
    ("KnowledgePane", "All categories"): "모든 분류",
    ("KnowledgePane", "Category"): "분류",
    ("KnowledgePane", "Tag"): "태그",
    ("KnowledgePane", "Language"): "언어",
    ("KnowledgePane", "Helpful"): "도움 됨",
    ("ProposalDialog", "Korean"): "한국어",
    ("ProposalDialog", "English"): "영어",
    ("ProposalDialog", "tags, separated by spaces"): "태그 (공백으로 구분)",
    ("ProposalDialog", "Title"): "제목",
    ("ProposalDialog", "Category"): "분류",
    ("ProposalDialog", "Tags"): "태그",
    ("ProposalDialog", "Language"): "언어",
    ("ProposalsDialog", "Publish"): "게시",
    ("ProposalsDialog", "Close"): "닫기",
    ("ProposalsDialog", "Edit"): "수정",  # a proposed edit of an existing article
    ("ProposalsDialog", "New"): "신규 문서",
    ("ProposalsDialog", "Done"): "완료",
}
