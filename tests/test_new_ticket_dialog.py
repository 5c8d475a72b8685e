"""New ticket, Log a call and New customer in the window (issue 12): from the palette and
Ctrl+N, from a screen-pop for an unknown number (prefilled), on the open ticket; checked
before the dialog closes, and nothing typed is lost when a write is refused."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit

from agentdesk.services import tickets
from agentdesk.services.customers import find_customers
from agentdesk.ui import app as appmod
from agentdesk.views.new_ticket import LogCallDialog, NewCustomerDialog, NewTicketDialog
from tests.factories import seed_small
from tests.uihelpers import settle

UNKNOWN = "010-9999-0000"


@pytest.fixture
def window(qtbot, sqlite_db):
    ids = seed_small(sqlite_db)
    w = appmod.build_window(sqlite_db, appmod.load_agent(sqlite_db, None), appmod.settings())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.ids = ids
    w.db = sqlite_db
    yield w
    w.ctx.runner.wait()


def _dialog(w, cls):
    found = [d for d in w.findChildren(cls) if d.isVisible()]
    assert len(found) == 1, found
    return found[0]


def _detail(w, ref):
    with w.db.session() as s:
        return tickets.get_detail(s, ref)


def _create(qtbot, w, dialog):
    with qtbot.waitSignal(w.ticket.loaded, timeout=5000) as opened:
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    return opened.args[0]


def test_new_ticket_from_the_palette_for_a_found_customer_opens_it_and_lists_it(qtbot, window):
    w = window
    palette = w.show_palette()
    qtbot.addWidget(palette)
    palette.input.setText("New ticket")
    assert palette.visible_titles()[0] == "New ticket…"
    qtbot.keyClick(palette.input, Qt.Key.Key_Return)
    dialog = _dialog(w, NewTicketDialog)
    dialog.search.setText("최영")
    dialog.search.textEdited.emit("최영")  # as typed (QTest types ASCII only)
    qtbot.waitUntil(lambda: dialog.results.count() == 1, timeout=5000)
    qtbot.mouseClick(dialog.results.viewport(), Qt.MouseButton.LeftButton,
                     pos=dialog.results.visualItemRect(dialog.results.item(0)).center())
    assert dialog.customer is not None and dialog.customer.id == w.ids["customer"]
    dialog.channel.setCurrentIndex(dialog.channel.findData("email"))
    dialog.subject.insert("주소 변경 요청")
    dialog.first_kind.setCurrentIndex(dialog.first_kind.findData("inbound"))
    dialog.message.insertPlainText("배송지를 바꾸고 싶어요.")
    dialog.tags.insert("배송 address")
    detail = _create(qtbot, w, dialog)
    assert detail.subject == "주소 변경 요청" and detail.customer_name == "최영희"
    assert detail.number == w.ids["t3"] + 1 and sorted(detail.tags) == ["address", "배송"]
    assert (detail.messages[0].direction, detail.messages[0].author) == ("inbound", "최영희")
    assert w.customer.current_customer_id == w.ids["customer"]
    qtbot.waitUntil(lambda: w.inbox.model.row_at(0) is not None and w.inbox.model.row_at(0).id == detail.id,
                    timeout=5000)


def test_ctrl_n_opens_it_and_the_dialog_checks_before_it_closes_keeping_what_was_typed(qtbot, window):
    w = window
    w.activateWindow()
    qtbot.keyClick(w, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = _dialog(w, NewTicketDialog)
    dialog.message.insertPlainText("아직 고객을 안 골랐어요")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "customer" in dialog.error.text().lower()
    qtbot.mouseClick(dialog.add_customer, Qt.MouseButton.LeftButton)
    dialog.new_customer.name.insert("한지우")
    dialog.new_customer.phone.insert("12")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "not a phone number" in dialog.error.text()
    dialog.new_customer.phone.setText("+82 10 1234 5678")  # 최영희's number, in another layout
    dialog.subject.insert("문의")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.new_customer.use_existing.isVisible(), timeout=5000)
    assert dialog.isVisible() and dialog.create_button.isEnabled()
    assert "최영희" in dialog.new_customer.use_existing.text()
    assert dialog.message.toPlainText() == "아직 고객을 안 골랐어요" and dialog.subject.text() == "문의"
    with w.db.session() as s:
        assert find_customers(s, name="한지우") == []  # nothing half made
    qtbot.mouseClick(dialog.new_customer.use_existing, Qt.MouseButton.LeftButton)
    assert dialog.customer.id == w.ids["customer"] and not dialog.creating_customer()
    detail = _create(qtbot, w, dialog)
    assert detail.customer_name == "최영희" and detail.messages[0].direction == "inbound"


def test_a_service_refusal_keeps_the_dialog_and_its_text(qtbot, window, monkeypatch):
    from agentdesk.services import intake
    from agentdesk.services.common import InvalidValue

    def refuse(*_a, **_k):
        raise InvalidValue("the server is read-only today")

    w = window
    dialog = w.new_ticket(customer_id=w.ids["english"])
    qtbot.waitUntil(lambda: dialog.customer is not None, timeout=5000)
    dialog.channel.setCurrentIndex(dialog.channel.findData("chat"))
    dialog.subject.insert("Login")
    dialog.message.insertPlainText("Cannot log in")
    monkeypatch.setattr(intake, "create_ticket", refuse)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.text() == "the server is read-only today", timeout=5000)
    assert dialog.isVisible() and dialog.create_button.isEnabled()
    assert (dialog.subject.text(), dialog.message.toPlainText()) == ("Login", "Cannot log in")


def test_screen_pop_new_ticket_for_an_unknown_number_is_prefilled_as_a_logged_call(qtbot, window):
    w = window
    w.screen_pop(phone=UNKNOWN)
    qtbot.waitUntil(lambda: w.customer.unknown_contact() == UNKNOWN, timeout=5000)
    button = w.customer.findChild(QAbstractButton, "newTicketButton")
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = _dialog(w, NewTicketDialog)
    qtbot.waitUntil(dialog.creating_customer, timeout=5000)  # nobody has the number: a new customer
    assert dialog.new_customer.phone.text() == UNKNOWN
    assert dialog.channel.currentData() == "phone" and dialog.first_kind.currentData() == "call_log"
    assert dialog.call.isVisible()
    dialog.new_customer.name.insert("한지우")
    dialog.subject.insert("카드 분실")
    dialog.call.minutes.setValue(4)
    dialog.message.insertPlainText("지갑째 잃어버림")
    detail = _create(qtbot, w, dialog)
    assert detail.customer_name == "한지우"
    assert detail.messages[0].body == "Inbound call · 4 min\n지갑째 잃어버림"
    # The 360 follows the new customer: the next call from that number finds them.
    qtbot.waitUntil(lambda: w.customer.customer is not None and w.customer.customer.name == "한지우", timeout=5000)
    with w.db.session() as s:
        assert [c.name for c in find_customers(s, phone=UNKNOWN)] == ["한지우"]


def test_screen_pop_new_customer_creates_them_and_shows_them_in_the_360(qtbot, window):
    w = window
    w.screen_pop(phone=UNKNOWN)
    qtbot.waitUntil(lambda: w.customer.unknown_contact() == UNKNOWN, timeout=5000)
    qtbot.mouseClick(w.customer.findChild(QAbstractButton, "newCustomerButton"), Qt.MouseButton.LeftButton)
    dialog = _dialog(w, NewCustomerDialog)
    assert dialog.fields.phone.text() == UNKNOWN
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "name" in dialog.error.text()
    dialog.fields.name.insert("박하늘")
    dialog.fields.email.insert("haneul@example.com")
    with qtbot.waitSignal(w.customer.loaded, timeout=5000) as loaded:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    shown = loaded.args[0]
    assert shown.name == "박하늘" and {c.value for c in shown.contacts} == {UNKNOWN, "haneul@example.com"}
    assert w.customer.unknown_contact() is None


def test_log_a_call_on_the_open_ticket(qtbot, window):
    w = window
    with qtbot.waitSignal(w.ticket.loaded, timeout=5000):
        w.open_ticket(w.ids["t1"])
    dialog = w.log_call_on_ticket()
    assert isinstance(dialog, LogCallDialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.isVisible()  # nothing to log yet
    dialog.call.outbound.setChecked(True)
    dialog.call.minutes.setValue(3)
    dialog.note.insertPlainText("한도 상향 안내")
    with qtbot.waitSignal(w.ticket.loaded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    last = _detail(w, w.ids["t1"]).messages[-1]
    assert (last.kind, last.body) == ("call_log", "Outbound call · 3 min\n한도 상향 안내")
    assert "☎" in w.ticket.timeline.toHtml()


def test_log_a_call_without_an_open_ticket_is_a_new_phone_ticket(qtbot, window):
    w = window
    w.activateWindow()
    qtbot.keyClick(w, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = _dialog(w, NewTicketDialog)
    assert dialog.windowTitle() == "Log a call"
    assert dialog.channel.currentData() == "phone" and dialog.first_kind.currentData() == "call_log"
    assert [dialog.first_kind.itemData(i) for i in range(dialog.first_kind.count())] == ["call_log", "note"]
    dialog.reject()
    settle(w.ctx.runner)


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_the_dialog_fits_the_screen(qtbot, window, size):
    w = window
    dialog = w.new_ticket(contact=UNKNOWN)
    qtbot.waitUntil(dialog.creating_customer, timeout=5000)
    dialog.adjustSize()
    hint = dialog.sizeHint()
    assert hint.width() <= size[0] - 100 and hint.height() <= size[1] - 80, hint
    assert all(e.isVisible() for e in dialog.findChildren(QLineEdit) if e.objectName() in
               ("newCustomerName", "newCustomerPhone", "ticketSubject"))
    dialog.grab().save(f"/tmp/newticket-dialog-{size[0]}.png")
    QApplication.processEvents()
    dialog.reject()
