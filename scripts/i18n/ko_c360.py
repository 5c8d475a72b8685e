"""Korean for the editable customer 360 (issue 12): notes, contact points, tags, the name,
"new ticket for this customer" and click-to-call."""

KO = {
    "Edit the name": "이름 수정",
    "☎ Call": "☎ 전화",
    "＋ New ticket": "＋ 새 티켓",
    "New ticket for this customer": "이 고객의 새 티켓",
    "Customer name": "고객 이름",
    "Save the name (Enter)": "이름 저장(Enter)",
    "Cancel (Esc)": "취소(Esc)",
    "＋ Add": "＋ 추가",
    "Add a phone number, email address or messenger handle": "전화번호, 이메일 주소 또는 메신저 아이디 추가",
    "Call %1": "%1에 전화",
    "This customer has no phone number": "이 고객에게 전화번호가 없습니다",
    "Edit %1": "%1 수정",
    "Remove %1": "%1 삭제",
    "Someone else renamed this customer to “%1” meanwhile; save again to keep yours.":
        "그사이 다른 상담사가 고객 이름을 “%1”(으)로 바꿨습니다. 내 이름으로 두려면 다시 저장하세요.",
    "Open a customer with a phone number to call.": "전화하려면 전화번호가 있는 고객을 여세요.",
    "Calling %1": "%1에 전화 거는 중",
    "Call customer": "고객에게 전화",
    "Creating tickets from the desk is not available yet.": "데스크에서 티켓을 만드는 기능은 아직 없습니다.",
    # notes
    "Edit the notes": "메모 수정",
    "No notes yet.": "아직 메모가 없습니다.",
    "What the next agent should know about this customer": "다음 상담사가 이 고객에 대해 알아야 할 내용",
    "Card and resident numbers stay masked here; left as they are, they are kept.":
        "카드번호와 주민등록번호는 여기서도 가려집니다. 그대로 두면 저장된 번호가 유지됩니다.",
    "Save mine anyway": "내 메모로 저장",
    "Save the notes (Ctrl+Enter)": "메모 저장(Ctrl+Enter)",
    "Unsaved changes": "저장하지 않은 변경",
    "Notes hold at most %1 characters.": "메모는 최대 %1자까지 입력할 수 있습니다.",
    "Saved ✓": "저장됨 ✓",
    "(empty)": "(비어 있음)",
    "Someone else changed these notes while you were editing. Your text is kept below; theirs now reads:":
        "수정하는 동안 다른 상담사가 메모를 바꿨습니다. 내가 쓴 내용은 아래에 그대로 있습니다. 지금 저장된 메모:",
    # tags
    "Add a tag and press Enter": "태그 입력 후 Enter",
    "Add a tag": "태그 추가",
    "Remove the tag %1": "%1 태그 삭제",
    # contact points
    "Number or address": "번호 또는 주소",
    "Label": "구분",
    "Save anyway": "그래도 저장",
    "New contact point": "새 연락처",
    "Edit contact point": "연락처 수정",
    "010-1234-5678, +82 10 …": "010-1234-5678, +82 10 …",
    "name@example.com": "name@example.com",
    "kakao:handle or @handle": "kakao:아이디 또는 @아이디",
    "Type a number or an address.": "번호나 주소를 입력하세요.",
    "This is also the contact of %1. Save it for this customer too?":
        "%1 고객의 연락처이기도 합니다. 이 고객에게도 저장할까요?",
    "Remove contact point": "연락처 삭제",
    "Remove %1 from this customer?": "이 고객에게서 %1을(를) 삭제할까요?",
    # settings (call)
    "How a call is handed to the telephony system": "전화를 전화 시스템에 넘기는 방식",
    "Call link ({number}: +8210…, {digits}: 8210…)": "전화 링크({number}: +8210…, {digits}: 8210…)",
    "Call command, run without a shell": "전화 명령(셸 없이 실행)",
}

OVERRIDES = {
    ("ContactForm", "Kind"): "종류",
    ("ContactForm", "Cancel"): "취소",
    ("ContactForm", "Save"): "저장",
    ("NotesCard", "Cancel"): "취소",
    ("NotesCard", "Save"): "저장",
    ("NotesCard", "Edit"): "수정",
    ("Customer360Pane", "Call"): "전화",
}
