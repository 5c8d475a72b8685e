"""Korean for issue 12's bulk actions in the inbox (views/inbox_bulk.py, the palette's Selection commands)."""

KO = {
    # the bar
    "%n ticket(s) selected": "%n건 선택됨",
    "Assign": "담당자",
    "Tags…": "태그…",
    "Merge the selected tickets into one of them": "선택한 티켓을 그중 하나로 병합",
    "Select all matching": "조건에 맞는 티켓 모두 선택",
    "Every ticket in this view and filters, up to %1 (Ctrl+A)": "이 보기와 필터의 모든 티켓, 최대 %1건 (Ctrl+A)",
    "Clear": "선택 해제",
    "Clear the selection (Esc)": "선택을 해제합니다 (Esc)",
    "Me": "나",
    # selecting
    "At most %1 tickets can be selected: a bulk action changes at most that many at once.":
        "최대 %1건까지 선택할 수 있습니다. 일괄 작업은 한 번에 그만큼만 변경합니다.",
    "The first %1 of %2 tickets are selected: a bulk action changes at most %1 at once.":
        "티켓 %2건 중 처음 %1건을 선택했습니다. 일괄 작업은 한 번에 최대 %1건을 변경합니다.",
    "Select tickets first (x, or Ctrl+click).": "먼저 티켓을 선택하세요 (x 또는 Ctrl+클릭).",
    "Select two or more tickets to merge.": "병합할 티켓을 두 건 이상 선택하세요.",
    "At most %1 tickets can be merged at once.": "한 번에 최대 %1건까지 병합할 수 있습니다.",
    # the tags dialog
    "Tags of %n ticket(s)": "티켓 %n건의 태그",
    "e.g. refund vip": "예: 환불 vip",
    "Add": "추가",
    "Remove": "삭제",
    "Separate tags with spaces or commas.": "태그는 공백이나 쉼표로 구분하세요.",
    "Type a tag to add or to remove.": "추가하거나 삭제할 태그를 입력하세요.",
    "“%1” is not a valid tag: 1 to %2 letters, no control characters.":
        "“%1”은(는) 올바른 태그가 아닙니다. 1~%2자, 제어 문자 없이 입력하세요.",
    # the merge dialog
    "Merge tickets": "티켓 병합",
    "Merge the selected tickets into the one you choose:": "선택한 티켓을 아래에서 고른 티켓으로 병합합니다:",
    "already merged into #%1: skipped": "이미 #%1(으)로 병합됨: 건너뜀",
    "Merge anyway: I checked they are the same person": "그래도 병합: 같은 사람인지 확인했습니다",
    "Choose the ticket to merge into; at least one other must be left to merge.":
        "병합될 대상 티켓을 고르세요. 병합할 다른 티켓이 하나 이상 있어야 합니다.",
    "%1 will be closed and their conversations shown in #%2. This cannot be undone.":
        "%1 티켓이 종료되고 대화는 #%2에 함께 표시됩니다. 되돌릴 수 없습니다.",
    "Different customers: %1. Their conversations will be shown together.":
        "고객이 다릅니다: %1. 대화가 한 티켓에 함께 표시됩니다.",
    "Merge %n ticket(s) into #%1": "티켓 %n건을 #%1(으)로 병합",
    # results
    "Bulk action": "일괄 작업",
    "Changed %n ticket(s)": "티켓 %n건 변경",
    "Undone on %n ticket(s)": "티켓 %n건 되돌림",
    "%n ticket(s) merged": "티켓 %n건 병합",
    "%n ticket(s) already had it.": "%n건은 이미 그 값이었습니다.",
    "Skipped %n ticket(s): %1": "%n건 건너뜀: %1",
    "and %n more ticket(s)": "외 %n건",
    "Details": "자세히",
    "it changed after you selected it": "선택한 뒤에 변경됨",
    "it no longer exists": "더 이상 없음",
    "already back as it was": "이미 원래대로임",
    "changed since by someone else, kept: %1": "그 사이 다른 사람이 변경하여 유지: %1",
    "status": "상태", "priority": "우선순위", "assignee": "담당자", "tags": "태그",
    "done": "완료",
    "already so": "이미 그 값",
    "skipped": "건너뜀",
    "a ticket": "티켓",
    "There is no bulk action to undo.": "되돌릴 일괄 작업이 없습니다.",
    "That bulk action was already undone.": "이미 되돌린 일괄 작업입니다.",
    # the palette's Selection commands
    "Selection": "선택",
    "Select or unselect ticket": "티켓 선택/해제",
    "Select this and the next ticket": "이 티켓과 다음 티켓 선택",
    "Select this and the previous ticket": "이 티켓과 이전 티켓 선택",
    "Select all matching tickets (up to 1,000)": "조건에 맞는 티켓 모두 선택 (최대 1,000건)",
    "Clear selection": "선택 해제",
    "Selected tickets: tags…": "선택한 티켓: 태그…",
    "Selected tickets: merge into one…": "선택한 티켓: 하나로 병합…",
    "Undo last bulk action": "마지막 일괄 작업 되돌리기",
    "Selected tickets: status %1": "선택한 티켓: 상태 %1",
    "Selected tickets: assign to me": "선택한 티켓: 나에게 배정",
}

OVERRIDES = {
    ("BulkBar", "Status"): "상태",
    ("BulkBar", "Priority"): "우선순위",
    ("BulkBar", "Merge…"): "병합…",
    ("BulkActions", "Unassigned"): "미배정",
    ("BulkActions", "Undo"): "되돌리기",
    ("BulkMergeDialog", "Merge"): "병합",
    ("BulkMergeDialog", "Looking up…"): "찾는 중…",
    ("BulkMergeDialog", "Unknown customer"): "알 수 없는 고객",
}
