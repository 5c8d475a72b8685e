"""Korean for the reply templates pane, its dialogs and the composer's template guard
(merged into fill_ts.py's tables)."""

KO: dict[str, str] = {
    # --- macro confirmation
    "Schedule a follow-up “%1” for %2": "후속 작업 “%1” 예약: %2",
    "Apply “%1”": "“%1” 적용",
    "Inserting this template also changes the ticket:": "이 템플릿을 넣으면 티켓도 다음과 같이 바뀝니다:",
    "Insert and apply": "넣고 적용",
    "Insert text only": "본문만 넣기",
    # --- prompts form
    "Fill in “%1”": "“%1” 입력",
    "Amount in won, e.g. 12,000": "원 단위 금액 (예: 12,000)",
    # --- applier
    "Open a ticket first, then insert the template.": "먼저 티켓을 연 다음 템플릿을 넣으세요.",
    "Template “%1” cannot be used: %2": "템플릿 “%1”을(를) 사용할 수 없습니다: %2",
    "This ticket cannot be answered here.": "이 티켓에는 여기서 답변할 수 없습니다.",
    # --- pane
    "Search templates: title, text or shortcut": "템플릿 검색: 제목, 본문 또는 단축어",
    "New template": "새 템플릿",
    "All categories": "모든 분류",
    "All languages": "모든 언어",
    "Most used by me": "내가 많이 쓴 순",
    "Most used by everyone": "전체 사용 많은 순",
    "Recently changed": "최근 수정 순",
    "My uses": "내 사용",
    "No templates match.": "조건에 맞는 템플릿이 없습니다.",
    "/refund": "/환불",
    "Type it in the reply and press Tab to insert the template": "답변 입력란에 입력하고 Tab을 누르면 템플릿이 들어갑니다",
    "Personal templates are visible only to you": "개인 템플릿은 나에게만 보입니다",
    "Hello {{ customer.name }}, …": "안녕하세요, {{ customer.name }} 고객님. …",
    "Placeholders: {{ customer.name }} · {{ ticket.number }} · {{ order.number }} · "
    "{{ product.available_limit | won }} · {{ now | kdate }} · {{ input.<prompt> }}":
        "자리표시자: {{ customer.name }} · {{ ticket.number }} · {{ order.number }} · "
        "{{ product.available_limit | won }} · {{ now | kdate }} · {{ input.<항목> }}",
    "Values asked when the template is inserted, used as {{ input.name }}. "
    "Types: text, amount, date, datetime, choice (with \"choices\").":
        "템플릿을 넣을 때 상담사에게 묻는 값으로, {{ input.name }}으로 씁니다. "
        "유형: text, amount, date, datetime, choice(\"choices\" 필요).",
    "Also applied to the ticket (after a confirmation): status, priority, add_tags, remove_tags, "
    "assignee (\"me\" or a login), follow_up ({\"in_hours\": 24, \"title\": \"…\"}).":
        "확인 후 티켓에도 적용됩니다: status, priority, add_tags, remove_tags, "
        "assignee(\"me\" 또는 로그인 ID), follow_up({\"in_hours\": 24, \"title\": \"…\"}).",
    "Prompts and macro": "입력 항목 및 매크로",
    "Insert into reply": "답변에 넣기",
    "Insert into the open ticket's reply (double-click a template)": "열린 티켓의 답변에 넣습니다 (템플릿을 두 번 클릭해도 됩니다)",
    "Personal: visible only to you": "개인: 나에게만 보임",
    "Also changes the ticket": "티켓도 변경함",
    "Used %1 times by everyone": "전체 %1회 사용",
    "Prompts: %1": "입력 항목: %1",
    "Macro: %1": "매크로: %1",
    "Syntax error, %1": "문법 오류, %1",
    "No syntax errors": "문법 오류 없음",
    "%n prompt(s)": "입력 항목 %n개",
    "No prompts": "입력 항목 없음",
    "%n change(s) to the ticket": "티켓 변경 %n건",
    "No macro": "매크로 없음",
    "Not saved: %1": "저장하지 못했습니다: %1",
    "Discard the changes to this template?": "이 템플릿의 변경 사항을 버리시겠습니까?",
    "Delete template": "템플릿 삭제",
    "Delete “%1”?": "“%1”을(를) 삭제하시겠습니까?",
    "Preview with sample data (no ticket open)": "예시 데이터로 미리 보기 (열린 티켓 없음)",
    "Preview for %1": "%1 미리 보기",
    "Cannot render: %1": "표시할 수 없습니다: %1",
    "No value for: %1. The reply cannot be sent until it is filled in.":
        "값 없음: %1. 채우기 전에는 답변을 보낼 수 없습니다.",
    "Asked when inserted: %1": "넣을 때 입력: %1",
    "Ready to send: every placeholder has a value.": "보낼 수 있습니다: 모든 자리표시자에 값이 있습니다.",
    # --- composer guard (TicketPane)
    "Not sent: fill in %1 first.": "보내지 않았습니다: 먼저 %1을(를) 채우세요.",
    "Not sent: the reply still contains template code (%1).": "보내지 않았습니다: 답변에 템플릿 코드(%1)가 남아 있습니다.",
}

# Short words other panes may use with another meaning: only in these contexts.
OVERRIDES: dict[tuple[str, str], str] = {
    ("TemplatesPane", "Team"): "팀 공용",
    ("MacroConfirmDialog", "%1: %2 → %3"): "%1: %2 → %3",
    ("PromptsDialog", "Insert"): "넣기",
    ("TemplatesPane", "Title"): "제목",
    ("TemplatesPane", "Shortcut"): "단축어",
    ("TemplatesPane", "Language"): "언어",
    ("TemplatesPane", "Personal"): "개인",
    ("TemplatesPane", "Category"): "분류",
    ("TemplatesPane", "Scope"): "공개 범위",
    ("TemplatesPane", "Prompts"): "입력 항목",
    ("TemplatesPane", "Macro"): "매크로",
    ("TemplatesPane", "Text"): "본문",
    ("TemplatesPane", "Delete"): "삭제",
    ("TemplatesPane", "Save"): "저장",
    ("TemplatesPane", "Unsaved changes"): "저장하지 않은 변경 사항",
    ("TemplatesPane", "line %1: %2"): "%1번째 줄: %2",
    ("TemplatesPane", "Saving…"): "저장하는 중…",
    ("TemplatesPane", "Saved"): "저장됨",
    ("TemplatesPane", "Deleted"): "삭제됨",
}
