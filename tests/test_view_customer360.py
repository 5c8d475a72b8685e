"""The customer 360 pane on a real SQLite workspace: limits, orders, inquiries, masking, search."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QLabel, QTreeWidget
from sqlalchemy import select

from agentdesk.models import Feedback, Ticket
from agentdesk.services import tickets
from agentdesk.views.customer360 import Customer360Pane

FONTS = "/work/main/resources/fonts"
RAW_CARD = "4111 1111 1111 1111"


@pytest.fixture
def pane(qtbot, ctx):
    w = Customer360Pane(ctx)
    qtbot.addWidget(w)
    w.resize(420, 900)
    w.show()
    qtbot.waitExposed(w)
    return w


def _ticket_id(db, number):
    with db.session() as s:
        return s.scalars(select(Ticket.id).where(Ticket.number == number)).one()


def _load(qtbot, pane, customer_id):
    with qtbot.waitSignal(pane.loaded, timeout=5000) as blocker:
        pane.show_customer(customer_id)
    return blocker.args[0]


def _search(qtbot, pane, text):
    with qtbot.waitSignal(pane.searchFinished, timeout=5000) as blocker:
        pane.search(text)
    results = pane.findChild(type(pane._results), "customerResults")
    return blocker.args[0], [results.item(i) for i in range(results.count())]


def test_empty_state_before_any_customer(pane):
    assert pane.current_customer_id is None
    assert pane.findChild(QLabel, "customerEmpty").text() == "Select or search for a customer"
    assert pane.inquiry_count() == 0


def test_shows_the_limit_at_a_glance(qtbot, pane, seeded):
    data = _load(qtbot, pane, seeded["customer"])
    assert data.id == seeded["customer"] == pane.current_customer_id
    texts = pane.product_texts()
    card = next(t for t in texts if "플래티넘 카드" in t)
    assert "3,800,000원" in card and "5,000,000원" in card and "1,200,000원" in card and "****1234" in card
    loan = next(t for t in texts if "신용대출" in t)
    assert "18,000,000원" in loan
    assert pane.findChild(QLabel, "customerName").text() == "최영희"
    assert pane.findChild(QLabel, "kpi_ltv").text() == "1,250,000원"
    assert pane.findChild(QLabel, "kpi_open").text() == "2"


def test_orders_expand_to_their_items(qtbot, pane, seeded):
    _load(qtbot, pane, seeded["customer"])
    orders = pane.findChild(QTreeWidget, "orders")
    assert orders.topLevelItemCount() == 1
    order = orders.topLevelItem(0)
    assert order.text(0) == "ORD-2026-0000001"
    assert order.text(2) == "89,000원"
    assert order.childCount() == 1 and order.child(0).text(0).startswith("무선 이어폰")
    order.setExpanded(True)
    assert orders.height() > orders.header().height() + 2 * orders.sizeHintForRow(0) - 1  # grew for the item row


def test_notes_are_masked_everywhere(qtbot, pane, seeded):
    _load(qtbot, pane, seeded["customer"])
    texts = [w.text() for w in pane.findChildren(QLabel)]
    assert not any(RAW_CARD in t for t in texts)
    assert any("4111 **** **** 1111" in t for t in texts)


def test_inquiries_open_their_ticket(qtbot, pane, seeded, sqlite_db):
    _load(qtbot, pane, seeded["customer"])
    assert pane.inquiry_count() == 2
    tree = pane.findChild(QTreeWidget, "inquiries")
    newest = tree.topLevelItem(0)  # the timeline is newest first: t2 came 30 minutes ago
    assert newest.text(0) == "배송 지연 문의"
    rect = tree.visualItemRect(newest)
    with qtbot.waitSignal(pane.ticketRequested, timeout=2000) as blocker:
        # QTest's double click is only the second half of one: press and release first, as a hand does
        qtbot.mouseClick(tree.viewport(), Qt.LeftButton, pos=rect.center())
        qtbot.mouseDClick(tree.viewport(), Qt.LeftButton, pos=rect.center())
    assert blocker.args == [_ticket_id(sqlite_db, seeded["t2"])]

    tree.setFocus()
    tree.setCurrentItem(tree.topLevelItem(1))
    with qtbot.waitSignal(pane.ticketRequested, timeout=2000) as blocker:
        qtbot.keyClick(tree, Qt.Key_Return)
    assert blocker.args == [_ticket_id(sqlite_db, seeded["t1"])]


def test_feedback_is_listed_with_ticket_number(qtbot, pane, seeded, sqlite_db):
    with sqlite_db.session() as s:
        t1 = s.scalars(select(Ticket).where(Ticket.number == seeded["t1"])).one()
        s.add(Feedback(customer_id=seeded["customer"], ticket_id=t1.id, kind="csat", score=4,
                       comment=f"카드 {RAW_CARD} 안내 감사합니다"))
    data = _load(qtbot, pane, seeded["customer"])
    assert data.csat_average == 4.0
    texts = [w.text() for w in pane.findChildren(QLabel)]
    assert pane.findChild(QLabel, "kpi_csat").text() == "4.0 ★"
    assert "★★★★☆" in texts and any(f"#{seeded['t1']}" in t for t in texts)
    assert not any(RAW_CARD in t for t in texts)


def test_many_ratings_list_the_newest_and_average_them_all(qtbot, pane, seeded, sqlite_db):
    """A business customer rates hundreds of tickets: the card lists the newest ten and
    says so; the count and the CSAT average are over all of them."""
    from datetime import UTC, datetime, timedelta

    base = datetime(2026, 1, 1, tzinfo=UTC)
    with sqlite_db.session() as s:
        for i in range(12):  # the two oldest score 1, the rest 5
            s.add(Feedback(customer_id=seeded["customer"], kind="csat", score=1 if i < 2 else 5,
                           created_at=base + timedelta(days=i)))
    data = _load(qtbot, pane, seeded["customer"])
    assert data.feedback_total == 12 and len(data.feedback) == 10
    assert all(f.score == 5 for f in data.feedback)  # the newest
    assert data.csat_average == pytest.approx((2 * 1 + 10 * 5) / 12)
    showing = pane.findChild(QLabel, "feedbackShowing")
    assert not showing.isHidden() and showing.text() == "Showing 10 of 12"
    assert pane._feedback_card.count.text() == "12"


def test_prepared_rows_cover_a_customer_with_ten_ratings(qtbot, pane, seeded, sqlite_db):
    """The rows are made while the agent reads the inbox (prepare_rows), enough for nearly
    every customer: the first one shown makes no widget of its own (it took 9 ms more to
    open when it had to make eight rating rows)."""
    from PySide6.QtWidgets import QWidget

    with sqlite_db.session() as s:
        for _ in range(12):
            s.add(Feedback(customer_id=seeded["customer"], kind="csat", score=4))
    pane.prepare_rows()
    before = len(pane.findChildren(QWidget))
    data = _load(qtbot, pane, seeded["customer"])
    assert len(data.feedback) == 10 and len(data.contacts) >= 2 and len(data.products) >= 2
    assert len(pane.findChildren(QWidget)) == before


@pytest.mark.parametrize("query", ["010-1234-5678", "01012345678", "+82 10 1234 5678", "YOUNGHEE.CHOI@EXAMPLE.COM", "최영"])
def test_search_finds_the_customer(qtbot, pane, seeded, query):
    count, items = _search(qtbot, pane, query)
    assert count == 1
    assert items[0].data(Qt.UserRole) == seeded["customer"]
    assert items[0].text().startswith("최영희")
    results = pane.findChild(type(pane._results), "customerResults")
    with qtbot.waitSignal(pane.loaded, timeout=5000) as blocker:
        qtbot.mouseClick(results.viewport(), Qt.LeftButton, pos=results.visualItemRect(items[0]).center())
    assert blocker.args[0].id == seeded["customer"]
    assert results.isHidden()


def test_typing_is_debounced_and_enter_opens_a_single_match(qtbot, pane, seeded):
    box = pane.findChild(type(pane._search), "customerSearch")
    assert box.placeholderText() == "Search customers by name, phone or email"
    with qtbot.waitSignal(pane.searchFinished, timeout=5000):
        qtbot.keyClicks(box, "Emily")  # one search after the pause, not one per key
    with qtbot.waitSignal(pane.loaded, timeout=5000) as blocker:
        qtbot.keyClick(box, Qt.Key_Return)
    assert blocker.args[0].id == seeded["english"]
    assert blocker.args[0].language == "en"


def test_escape_clears_the_search(qtbot, pane):
    _search(qtbot, pane, "최영")
    box = pane._search
    box.setFocus()
    qtbot.keyClick(box, Qt.Key_Escape)
    assert box.text() == "" and pane._results.isHidden()


@pytest.mark.parametrize("junk, blank", [("'\")(*", False), ("x" * 10_000, False), ("%_\\", False), ("@@@", False),
                                         ("+-()", False), ("   ", True), ("\x00\x01", True)])
def test_bad_search_input_never_raises(qtbot, pane, junk, blank):
    count, items = _search(qtbot, pane, junk)
    message = pane.findChild(QLabel, "customerSearchMessage")
    assert count == 0 and items == []
    assert message.isHidden() == blank  # blank input is not a failed search
    if not blank:
        assert message.text() == "No customers found"


def test_control_characters_are_dropped_from_a_search(qtbot, pane, seeded):
    count, items = _search(qtbot, pane, "최영희\x00\x1b")
    assert count == 1 and items[0].data(Qt.UserRole) == seeded["customer"]


def test_a_capped_timeline_says_how_much_is_shown(qtbot, pane, seeded, monkeypatch):
    from agentdesk.services import customers
    full = customers.customer_360
    monkeypatch.setattr(customers, "customer_360", lambda session, ref: full(session, ref, inquiry_limit=1))
    _load(qtbot, pane, seeded["customer"])
    assert pane.inquiry_count() == 1
    showing = pane.findChild(QLabel, "inquiriesShowing")
    assert not showing.isHidden() and showing.text() == "Showing 1 of 2"


def test_a_stale_result_never_replaces_the_newer_customer(qtbot, pane, seeded, ctx):
    seen = []
    pane.loaded.connect(seen.append)
    pane.show_customer(seeded["customer"])
    with qtbot.waitSignal(pane.loaded, timeout=5000, check_params_cb=lambda d: d.id == seeded["english"]):
        pane.show_customer(seeded["english"])
    from tests.uihelpers import settle

    settle(ctx.runner)  # any late delivery has arrived
    assert [d.id for d in seen] == [seeded["english"]]
    assert pane.current_customer_id == seeded["english"]
    assert pane.findChild(QLabel, "customerName").text() == "Emily Clark"
    assert pane.product_texts() == [] and pane.inquiry_count() == 1


def test_the_next_customer_shows_nothing_of_the_one_before(qtbot, pane, seeded, sqlite_db):
    """Rows are reused from customer to customer (issue 16): the ones the next customer
    does not fill are hidden and emptied, texts and tooltips, and the ones it fills
    carry only its own data (a Call button of the earlier number would dial it)."""
    from agentdesk.models import ContactPoint

    with sqlite_db.session() as s:
        s.add(Feedback(customer_id=seeded["customer"], kind="nps", score=3, comment="최영희 고객 의견"))
        s.add(ContactPoint(customer_id=seeded["english"], kind="phone", value="010-9999-0000", normalized="01099990000"))
    _load(qtbot, pane, seeded["customer"])
    assert "신용대출" in " ".join(pane.product_texts())
    _load(qtbot, pane, seeded["english"])
    from PySide6.QtWidgets import QWidget

    shown = " ".join(w.text() for w in pane.findChildren(QLabel))
    tips = " ".join(w.toolTip() + " " + w.accessibleName() for w in pane.findChildren(QWidget))
    for earlier in ("최영희", "플래티넘", "신용대출", "1234-5678", "Younghee", "의견", "3/10", "****1234"):
        assert earlier not in shown and earlier not in tips, earlier
    calls = [b for b in pane.findChildren(QWidget, "callContact") if b.isVisibleTo(pane)]
    assert len(calls) == 1 and "010-9999-0000" in calls[0].toolTip()
    assert calls[0].property("contact") == str(pane.customer.contacts[0].id if pane.customer.contacts[0].kind == "phone"
                                                else pane.customer.contacts[1].id)
    assert pane.product_texts() == []
    assert pane.findChild(QLabel, "customerName").text() == "Emily Clark"


def test_customer_changed_and_clearing(qtbot, pane, seeded):
    with qtbot.waitSignal(pane.customerChanged) as blocker:
        _load(qtbot, pane, seeded["customer"])
    assert blocker.args == [seeded["customer"]]
    with qtbot.waitSignal(pane.customerChanged) as blocker:
        pane.show_customer(None)
    assert blocker.args == [None]
    assert pane.current_customer_id is None and pane.customer is None
    assert pane.findChild(QLabel, "customerEmpty").text() == "Select or search for a customer"


def test_unknown_customer_shows_a_message(qtbot, pane):
    import uuid
    with qtbot.waitSignal(pane.customerChanged, check_params_cb=lambda v: v is None, timeout=5000):
        pane.show_customer(uuid.uuid4())
    assert pane.findChild(QLabel, "customerEmpty").text() == "This customer no longer exists"


def test_reloads_when_a_ticket_changes(qtbot, pane, seeded, ctx, sqlite_db):
    _load(qtbot, pane, seeded["customer"])
    with sqlite_db.session() as s:
        t = tickets.create_ticket(s, subject="카드 재발급 문의", body="분실했어요", channel="chat",
                                  customer_id=seeded["customer"], author_name="최영희")
        s.flush()
        new_id = t.id
    with qtbot.waitSignal(pane.loaded, timeout=5000) as blocker:
        ctx.changes.changed.emit("ticket", new_id)
        ctx.changes.changed.emit("ticket", new_id)  # a burst is coalesced into one read
    assert blocker.args[0].inquiry_total == 3
    assert pane.inquiry_count() == 3
    assert pane.findChild(QTreeWidget, "inquiries").topLevelItem(0).text(0) == "카드 재발급 문의"


def test_ignores_changes_of_other_customers(qtbot, pane, seeded):
    _load(qtbot, pane, seeded["customer"])
    with qtbot.assertNotEmitted(pane.loaded, wait=400):
        pane.ctx.changes.changed.emit("customer", seeded["english"])
        pane.ctx.changes.changed.emit("template", None)


def test_layout_fits_the_pane_and_screenshot(qtbot, pane, seeded, tmp_path):
    """At the usual pane width no key number is cut and nothing is wider than the pane."""
    QFontDatabase.addApplicationFont(f"{FONTS}/NanumGothic.ttf")
    QFontDatabase.addApplicationFont(f"{FONTS}/NanumGothicBold.ttf")
    old_font = QApplication.font()
    QApplication.setFont(QFont("NanumGothic", 10))
    try:
        _load(qtbot, pane, seeded["customer"])
        qtbot.wait(20)
        content = pane._scroll.widget()
        assert content.minimumSizeHint().width() <= pane._scroll.viewport().width()
        for label in pane.findChildren(QLabel, "productAvailable") + [pane.findChild(QLabel, "kpi_ltv")]:
            assert label.width() >= label.sizeHint().width(), label.text()
        orders = pane.findChild(QTreeWidget, "orders")
        number = orders.topLevelItem(0).text(0)
        assert orders.header().sectionSize(0) >= orders.fontMetrics().horizontalAdvance(number) + orders.indentation()
        image = pane.grab()
        assert not image.isNull() and image.width() == 420
        assert image.save(str(tmp_path / "c360.png"))
    finally:
        QApplication.setFont(old_font)
