"""Fills resources/translations/agentdesk_ko.ts from the tables below.

Usage (after `make translations` extracted new strings):
    .venv/bin/python scripts/i18n/fill_ts.py resources/translations/agentdesk_ko.ts
then run `make translations` again (lupdate re-normalises the XML, lrelease compiles).
Exits 1 and lists any (context, source) with no Korean text, so new strings are not missed.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

# source → Korean (used in every context unless OVERRIDES says otherwise)
KO: dict[str, str] = {
    # --- vocab: channels
    "Email": "이메일", "Chat": "채팅", "Phone": "전화", "SMS": "문자", "Social": "소셜", "Web": "웹",
    # ticket statuses
    "New": "신규", "Open": "진행 중", "Pending": "대기", "On hold": "보류", "Solved": "해결", "Closed": "종료",
    # priorities
    "Urgent": "긴급", "High": "높음", "Normal": "보통", "Low": "낮음",
    # saved views
    "%1d %2h": "%1일 %2시간",
    "My open": "내 미해결", "Unassigned": "미배정", "SLA at risk": "SLA 위험", "All": "전체",
    # order statuses
    "Paid": "결제 완료", "Shipped": "배송 중", "Delivered": "배송 완료", "Cancelled": "취소",
    "Returned": "반품", "Exchanged": "교환", "Refunded": "환불",
    # products
    "Credit card": "신용카드", "Check card": "체크카드", "Loan": "대출", "Deposit": "예금", "Subscription": "구독",
    # agent statuses
    "Available": "상담 가능", "Busy": "상담 중", "Away": "자리 비움",
    # VIP tiers
    "Standard": "일반", "Silver": "실버", "Gold": "골드", "VIP": "VIP",
    # message kinds
    "Reply": "답변", "Internal note": "내부 메모", "Call log": "통화 기록", "System": "시스템",
    "CSAT": "CSAT", "NPS": "NPS",

    # --- app (start-up)
    "Opening the workspace…": "워크스페이스를 여는 중…",
    "Cannot open the workspace": "워크스페이스를 열 수 없습니다",
    "The database could not be opened:\n%1\n\nLog: %2": "데이터베이스를 열 수 없습니다.\n%1\n\n로그: %2",
    "No agent": "상담사 정보 없음",
    "Creating a demo workspace (first run)…": "데모 워크스페이스를 만드는 중입니다(최초 실행)…",

    # --- palette
    "Type a command, a view, a ticket number or a customer…": "명령, 보기, 티켓 번호 또는 고객을 입력하세요…",
    "Keyboard shortcuts": "단축키",
    "Key": "키",
    "Action": "동작",
    "Single-letter keys work when the cursor is not in a text field.":
        "한 글자 단축키는 커서가 입력란 밖에 있을 때 작동합니다.",

    # --- main window
    "AgentDesk — %1": "AgentDesk — %1",
    "Workspace: %1": "워크스페이스: %1",
    "My open %1 · SLA at risk %2 · Unassigned %3": "내 미해결 %1 · SLA 위험 %2 · 미배정 %3",
    "Go": "이동",
    "Ticket": "티켓",
    "View": "보기",
    "AgentDesk": "AgentDesk",
    "Next ticket": "다음 티켓",
    "Previous ticket": "이전 티켓",
    "Open selected ticket": "선택한 티켓 열기",
    "First ticket": "첫 번째 티켓",
    "Last ticket": "마지막 티켓",
    "Search tickets": "티켓 검색",
    "Find customer": "고객 찾기",
    "Send": "보내기",
    "Pop out ticket": "티켓을 새 창으로 열기",
    "Merge into another ticket…": "다른 티켓에 병합…",
    "Assign to me": "나에게 배정",
    "Set status: %1": "상태 변경: %1",
    "Set priority: %1": "우선순위 변경: %1",
    "My status: %1": "내 상태: %1",
    "Refresh": "새로 고침",
    "Command palette": "명령 팔레트",
    "Language: 한국어": "언어: 한국어",
    "Language: English": "언어: English",
    "About AgentDesk": "AgentDesk 정보",
    "Quit": "종료",
    "Open ticket #%1": "티켓 #%1 열기",
    "Find customer “%1”": "“%1” 고객 찾기",
    "<b>AgentDesk %1</b><br>Workspace: %2<br><br>Korean font: NanumGothic (SIL Open Font License 1.1).":
        "<b>AgentDesk %1</b><br>워크스페이스: %2<br><br>한글 글꼴: 나눔고딕 (SIL Open Font License 1.1)",
    "No customer with %1": "%1에 해당하는 고객이 없습니다",

    # --- inbox
    "Search subjects and messages  ( / )": "제목·메시지 검색  ( / )",
    "All channels": "전체 채널",
    "Any status": "전체 상태",
    "Any priority": "전체 우선순위",
    "Anyone": "전체 담당자",
    "Me": "나",
    "Tag": "태그",
    "No tickets match this view and filters.": "이 보기와 필터에 맞는 티켓이 없습니다.",
    "%n ticket(s)": "티켓 %n건",
    "Subject": "제목",
    "Customer": "고객",
    "Priority": "우선순위",
    "Status": "상태",
    "SLA": "SLA",
    "Updated": "업데이트",
    "Assignee": "담당자",
    "—": "—",
    "Due %1": "마감 %1",

    # --- ticket
    "Pop out": "새 창으로",
    "Open this ticket in its own window (Ctrl+Shift+O)": "이 티켓을 새 창에서 엽니다 (Ctrl+Shift+O)",
    "Merge…": "병합…",
    "Merge this duplicate into another ticket": "중복된 이 티켓을 다른 티켓에 병합합니다",
    "tags, separated by spaces": "태그 (공백으로 구분)",
    "Tags": "태그",
    "Public reply": "공개 답변",
    "Send (Ctrl+Enter)": "보내기 (Ctrl+Enter)",
    "Write a reply… (r: reply, n: note, Ctrl+Enter: send)":
        "답변을 입력하세요… (r: 답변, n: 메모, Ctrl+Enter: 보내기)",
    "Select a ticket in the inbox (j/k to move, Enter to open).":
        "받은 문의함에서 티켓을 선택하세요 (j/k: 이동, Enter: 열기).",
    "Draft restored": "임시 저장본 복원됨",
    "Unknown customer": "알 수 없는 고객",
    "Created %1": "접수 %1",
    "Order %1 (%2, %3)": "주문 %1 (%2, %3)",
    "Merged into #%1": "#%1에 병합됨",
    "Includes %1": "병합된 티켓: %1",
    "No messages yet.": "아직 메시지가 없습니다.",
    "SLA: met or not running": "SLA: 충족 또는 미적용",
    "First response": "첫 응답",
    "Resolution": "해결",
    "due in": "마감까지",
    "at risk, due in": "위험, 마감까지",
    "breached by": "기한 초과",
    "Add note": "메모 추가",
    "Editing…": "작성 중…",
    "Draft saved": "임시 저장됨",
    "Nothing to send": "보낼 내용이 없습니다",
    "Sent": "전송됨",
    "Note added": "메모 추가됨",
    "Not sent: %1": "전송 실패: %1",
    "Merge failed": "병합 실패",
    "Merge ticket": "티켓 병합",
    "Merge #%1 into ticket:": "#%1 티켓을 병합할 대상:",
    "ticket number, e.g. 1042": "티켓 번호 (예: 1042)",
    "Looking up…": "찾는 중…",
    "Type the number of the ticket to merge into.": "병합할 대상 티켓의 번호를 입력하세요.",
    "No ticket #%1 here.": "#%1 티켓이 없습니다.",
    "Different customers: #%1 is %2's. Their conversations will be shown together in #%1.":
        "고객이 다릅니다: #%1은(는) %2 고객의 티켓입니다. 두 고객의 대화가 #%1에 함께 표시됩니다.",
    "Merge anyway: I checked it is the same person": "같은 고객임을 확인했으니 병합합니다",
    "#%1 will be closed and its conversation shown in the target. This cannot be undone.":
        "#%1은(는) 종료되고 대화는 대상 티켓에 표시됩니다. 되돌릴 수 없습니다.",
    "Merge into #%1": "#%1(으)로 병합", "Merge": "병합",
    "Log call": "통화 기록 저장",
    "Write down what was said on the call (kept with the ticket, not sent)":
        "통화 내용을 기록합니다 (티켓에 남고 고객에게 보내지 않습니다)",
    "A %1 ticket has no way to send a reply to the customer: log the call or add a note":
        "%1 티켓은 고객에게 답변을 보낼 수 없습니다. 통화 기록이나 내부 메모를 남기세요",

    # --- customer 360
    "Select or search for a customer": "고객을 선택하거나 검색하세요",
    "Search customers by name, phone or email": "이름, 전화번호, 이메일로 고객 검색",
    "Customer search": "고객 검색",
    "Matching customers": "검색된 고객",
    "Loading customer…": "고객 정보를 불러오는 중…",
    "Contact points": "연락처",
    "Products and limits": "상품 및 한도",
    "Satisfaction (CSAT / NPS)": "만족도 (CSAT / NPS)",
    "Lifetime value": "누적 구매액",
    "CSAT average": "CSAT 평균",
    "Open tickets": "미해결 티켓",
    "Channels": "채널",
    "Notes": "고객 메모",
    "Orders": "주문 내역",
    "Order": "주문번호",
    "Total": "금액",
    "Date": "주문일",
    "No orders": "주문 내역이 없습니다",
    "Inquiries on every channel": "전체 채널 문의 이력",
    "Past inquiries": "이전 문의",
    "Double-click or press Enter to open the ticket": "두 번 클릭하거나 Enter 키를 누르면 티켓이 열립니다",
    "No previous inquiries": "이전 문의가 없습니다",
    "This customer no longer exists": "이 고객 정보는 더 이상 존재하지 않습니다",
    "The customer could not be loaded. Try again in a moment.":
        "고객 정보를 불러오지 못했습니다. 잠시 후 다시 시도해 주세요.",
    "Membership tier": "회원 등급",
    "Customer since {date}": "가입일 {date}",
    "No contact points": "등록된 연락처가 없습니다",
    "Primary": "기본",
    "No products": "보유 상품이 없습니다",
    "Used": "사용액",
    "Limit": "한도",
    "{percent}% of the limit used": "한도의 {percent}% 사용",
    "(no subject)": "(제목 없음)",
    "Showing {shown} of {total}": "전체 {total}건 중 {shown}건 표시",
    "No ratings yet": "아직 평가가 없습니다",
    "Korean": "한국어", "English": "영어", "Japanese": "일본어", "Chinese": "중국어", "Vietnamese": "베트남어",
    "Retail": "개인", "Business": "개인사업자", "Corporate": "법인", "Premium": "프리미엄",
    "Private banking": "프라이빗 뱅킹",
    "Suspended": "정지", "Overdue": "연체", "Blocked": "거래 제한", "Reported lost": "분실 신고",
    "No customers found": "검색된 고객이 없습니다",
}

# (context, source) → Korean, where the same English means something else in that context.
OVERRIDES: dict[tuple[str, str], str] = {
    ("Customer360Pane", "Available"): "가용 한도",   # a product's remaining limit, not an agent status
    ("Customer360Pane", "Closed"): "해지",           # a closed card / account, not a closed ticket
    ("Customer360Pane", "Status"): "상태",
    ("MainWindow", "Reply"): "답변 작성",            # a command: start writing a reply
}


def _load_feature_tables() -> None:
    """Each pane may keep its strings in scripts/i18n/ko_<feature>.py (KO and OVERRIDES dicts),
    so work on separate panes does not collide in this file."""
    import importlib.util
    from pathlib import Path

    for path in sorted(Path(__file__).with_name("ko_x.py").parent.glob("ko_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        KO.update(getattr(module, "KO", {}))
        OVERRIDES.update(getattr(module, "OVERRIDES", {}))


_load_feature_tables()


def korean(context: str, source: str) -> str | None:
    return OVERRIDES.get((context, source), KO.get(source))


def main(path: str) -> int:
    tree = ET.parse(path)
    missing = []
    count = 0
    for ctx in tree.getroot().iter("context"):
        name = ctx.findtext("name")
        for msg in ctx.iter("message"):
            source = msg.findtext("source")
            text = korean(name, source)
            tr = msg.find("translation")
            if text is None:
                missing.append((name, source))
                continue
            count += 1
            tr.attrib.pop("type", None)
            for child in list(tr):
                tr.remove(child)
            if msg.get("numerus") == "yes":
                tr.text = None
                form = ET.SubElement(tr, "numerusform")  # Korean has a single plural form
                form.text = text
            else:
                tr.text = text
    ET.indent(tree, space="    ")
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(f, encoding="unicode")
        f.write("\n")
    print(f"filled {count} message(s)")
    for name, source in missing:
        print(f"MISSING [{name}] {source!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "resources/translations/agentdesk_ko.ts"))
