"""Editing the customer in the 360 pane, as an agent does it (issue 12): notes with Save and
a visible saved state, a colleague's newer notes refused with the agent's text kept, card
numbers masked in the editor too; contact points added in any layout and shown normalised,
refused in one line, removed; tags; the name; "New ticket for this customer"; click-to-call
through the dialer's seam (never a real telephony program), with a toast."""

from __future__ import annotations

import json
import sys

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QPushButton, QToolButton
from sqlalchemy import select, update

from agentdesk import telephony
from agentdesk.models import AuditEntry, ContactPoint, Customer
from agentdesk.services import customers
from agentdesk.services.common import current_agent
from agentdesk.ui.kit.dialer import Dialer
from agentdesk.ui.kit.toasts import Toast
from agentdesk.views.customer360 import Customer360Pane
from agentdesk.views.customer_edit import ContactForm, RemoveContact
from tests.uihelpers import settle

RAW_CARD = "4111 1111 1111 1111"


@pytest.fixture
def pane(qtbot, ctx, seeded):
    w = Customer360Pane(ctx)
    qtbot.addWidget(w)
    w.resize(420, 1000)
    w.show()
    qtbot.waitExposed(w)
    with qtbot.waitSignal(w.loaded, timeout=5000):
        w.show_customer(seeded["customer"])
    return w


@pytest.fixture
def calls(monkeypatch):
    """The dialer's one way out, replaced: what would have been handed to the telephony system."""
    made: list = []

    def launch(action):
        made.append(action)
        return True

    monkeypatch.setattr(Dialer, "launch", staticmethod(launch))
    return made


def _save(qtbot, pane, what: str, click) -> None:
    """Clicks, waits for the write and for the pane to read the customer again."""
    with qtbot.waitSignal(pane.saved, timeout=5000, check_params_cb=lambda w: w == what), \
            qtbot.waitSignal(pane.loaded, timeout=5000):
        click()


def _stored(db, customer_id) -> Customer:
    with db.session() as s:
        c = s.get(Customer, customer_id)
        s.expunge(c)
        return c


def _contact_values(pane) -> list[str]:
    return [w.text() for w in pane.findChildren(QLabel, "contactValue") if w.isVisibleTo(pane)]  # rows on screen


def _button(pane, cls, name, contact_text=None):
    for b in pane.findChildren(cls, name):
        if contact_text is None or contact_text in b.toolTip():
            return b
    raise AssertionError(f"no {name} {contact_text or ''}")


# --- notes -------------------------------------------------------------------------------------
def test_notes_are_edited_saved_and_audited_and_the_card_stays_masked(qtbot, pane, seeded, sqlite_db):
    card = pane._notes_card
    qtbot.mouseClick(card.edit_button, Qt.LeftButton)
    editor = pane.findChild(QPlainTextEdit, "notesEdit")
    assert editor.isVisible() and editor.hasFocus()
    assert RAW_CARD not in editor.toPlainText() and "4111 **** **** 1111" in editor.toPlainText()
    assert card.hint.isVisible()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    editor.insertPlainText("\n오후 2시 이후 통화 선호")
    _save(qtbot, pane, "notes", lambda: qtbot.keyClick(editor, Qt.Key_Return, Qt.ControlModifier))
    assert not editor.isVisible()
    assert pane.findChild(QLabel, "notesState").text() == "Saved ✓"
    shown = pane.findChild(QLabel, "customerNotes").text()
    assert "오후 2시 이후 통화 선호" in shown and RAW_CARD not in shown
    stored = _stored(sqlite_db, seeded["customer"]).notes
    assert stored == f"카드번호 {RAW_CARD} 로 문의\n오후 2시 이후 통화 선호"  # the card kept as stored
    with sqlite_db.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity_id == seeded["customer"])).one()
        assert entry.action == "update" and entry.actor_agent_id == seeded["me"]


def test_a_colleagues_newer_notes_are_not_overwritten_and_the_agents_text_stays(qtbot, pane, seeded, sqlite_db):
    card = pane._notes_card
    card.start_editing()
    editor = pane.findChild(QPlainTextEdit, "notesEdit")
    editor.setPlainText("내가 쓴 메모")
    with sqlite_db.session() as s:  # lee.junho saves first, from his desk
        customers.update_customer(s, seeded["customer"], current_agent(s, "lee.junho"), notes="이준호의 메모")
    with qtbot.waitSignal(pane.loaded, timeout=5000):  # his change arrives while the editor is open
        pane.ctx.changes.changed.emit("customer", seeded["customer"])
    assert editor.isVisible() and editor.toPlainText() == "내가 쓴 메모"  # a reload takes nothing away
    qtbot.mouseClick(card.save, Qt.LeftButton)
    message = pane.findChild(QLabel, "notesMessage")
    qtbot.waitUntil(message.isVisible, timeout=5000)
    assert "changed these notes" in message.text() and "이준호의 메모" in message.text()
    assert editor.isVisible() and editor.toPlainText() == "내가 쓴 메모"
    assert _stored(sqlite_db, seeded["customer"]).notes == "이준호의 메모"
    overwrite = pane.findChild(QPushButton, "notesOverwrite")
    assert overwrite.isVisible()
    _save(qtbot, pane, "notes", lambda: qtbot.mouseClick(overwrite, Qt.LeftButton))
    assert _stored(sqlite_db, seeded["customer"]).notes == "내가 쓴 메모"


def test_unsaved_notes_survive_a_trip_to_another_customer_and_escape_cancels(qtbot, pane, seeded, sqlite_db):
    card = pane._notes_card
    card.start_editing()
    pane.findChild(QPlainTextEdit, "notesEdit").setPlainText("아직 저장 안 함")
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_customer(seeded["english"])
    assert not card.editing and "아직 저장 안 함" not in card.text.text()  # nothing of hers on his page
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_customer(seeded["customer"])
    editor = pane.findChild(QPlainTextEdit, "notesEdit")
    assert editor.isVisible() and editor.toPlainText() == "아직 저장 안 함"
    assert pane.findChild(QLabel, "notesState").text() == "Unsaved changes"
    qtbot.keyClick(editor, Qt.Key_Escape)
    assert not editor.isVisible() and RAW_CARD not in card.text.text()
    assert _stored(sqlite_db, seeded["customer"]).notes == f"카드번호 {RAW_CARD} 로 문의"


def test_a_customer_without_notes_can_get_some(qtbot, pane, seeded, sqlite_db):
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_customer(seeded["english"])
    card = pane._notes_card
    assert card.isVisible() and pane.findChild(QLabel, "notesEmpty").isVisible()
    qtbot.mouseClick(card.edit_button, Qt.LeftButton)
    pane.findChild(QPlainTextEdit, "notesEdit").setPlainText("Prefers email")
    _save(qtbot, pane, "notes", lambda: qtbot.mouseClick(card.save, Qt.LeftButton))
    assert _stored(sqlite_db, seeded["english"]).notes == "Prefers email"


# --- contact points ----------------------------------------------------------------------------
def test_a_phone_typed_in_any_layout_is_shown_normalised_and_found(qtbot, pane, seeded, sqlite_db):
    assert _contact_values(pane) == ["010-1234-5678", "Younghee.Choi@Example.com"]
    qtbot.mouseClick(pane.findChild(QPushButton, "addContact"), Qt.LeftButton)
    form = pane.findChild(ContactForm, "contactForm")
    assert form.isVisible() and form.kind.currentData() == "phone"
    value = pane.findChild(QLineEdit, "contactValue")
    qtbot.keyClicks(value, "+82 (0)10 9876.5432")
    form.label.setCurrentIndex(form.label.findData("work"))
    _save(qtbot, pane, "contact", lambda: qtbot.keyClick(value, Qt.Key_Return))
    assert not form.isVisible()
    assert "010-9876-5432" in _contact_values(pane)
    with sqlite_db.session() as s:
        cp = s.scalars(select(ContactPoint).where(ContactPoint.value == "010-9876-5432")).one()
        assert (cp.normalized, cp.label, cp.is_primary) == ("+821098765432", "work", False)
        assert [r.id for r in customers.find_customers(s, query="9876-5432")] == [seeded["customer"]]


def test_an_invalid_number_is_one_line_and_the_typed_text_stays(qtbot, pane):
    qtbot.mouseClick(pane.findChild(QPushButton, "addContact"), Qt.LeftButton)
    value = pane.findChild(QLineEdit, "contactValue")
    qtbot.keyClicks(value, "010-1234")
    qtbot.keyClick(value, Qt.Key_Return)
    error = pane.findChild(QLabel, "contactError")
    qtbot.waitUntil(error.isVisible, timeout=5000)
    assert error.text() == "'010-1234' is not a phone number"
    assert value.text() == "010-1234" and pane._contact_form.isVisible()
    qtbot.keyClicks(value, "-5")  # typing again clears the line
    assert not error.isVisible()


def test_a_number_of_another_customer_warns_and_saves_only_when_told(qtbot, pane, seeded, sqlite_db):
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_customer(seeded["english"])
    qtbot.mouseClick(pane.findChild(QPushButton, "addContact"), Qt.LeftButton)
    value = pane.findChild(QLineEdit, "contactValue")
    qtbot.keyClicks(value, "01012345678")
    qtbot.keyClick(value, Qt.Key_Return)
    warning = pane.findChild(QLabel, "contactWarning")
    qtbot.waitUntil(warning.isVisible, timeout=5000)
    assert "최영희" in warning.text()
    assert _contact_values(pane) == ["emily@example.com"]
    _save(qtbot, pane, "contact",
          lambda: qtbot.mouseClick(pane.findChild(QPushButton, "contactSaveAnyway"), Qt.LeftButton))
    assert "010-1234-5678" in _contact_values(pane)


def test_a_contact_is_edited_and_removed_after_the_question(qtbot, pane, seeded, sqlite_db, monkeypatch):
    qtbot.mouseClick(_button(pane, QToolButton, "editContact", "Younghee"), Qt.LeftButton)
    form = pane._contact_form
    assert form.isVisible() and not form.kind.isEnabled() and form.value.text() == "Younghee.Choi@Example.com"
    form.value.setText("choi.yh@example.org")
    _save(qtbot, pane, "contact", lambda: qtbot.mouseClick(form.save, Qt.LeftButton))
    assert "choi.yh@example.org" in _contact_values(pane)
    asked = []
    monkeypatch.setattr(RemoveContact, "ask", staticmethod(lambda parent, shown: asked.append(shown) or False))
    qtbot.mouseClick(_button(pane, QToolButton, "removeContact", "choi.yh"), Qt.LeftButton)
    settle(pane.ctx.runner)
    assert asked == ["choi.yh@example.org"] and "choi.yh@example.org" in _contact_values(pane)  # said no
    monkeypatch.setattr(RemoveContact, "ask", staticmethod(lambda parent, shown: True))
    _save(qtbot, pane, "contact",
          lambda: qtbot.mouseClick(_button(pane, QToolButton, "removeContact", "choi.yh"), Qt.LeftButton))
    assert _contact_values(pane) == ["010-1234-5678"]
    with sqlite_db.session() as s:
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == seeded["customer"])
                            .order_by(AuditEntry.at)).all()
    assert actions == ["contact_update", "contact_remove"]


# --- tags and the name ---------------------------------------------------------------------
def test_tags_are_added_with_the_ticket_tag_spelling_and_removed(qtbot, pane, seeded, sqlite_db):
    tag_input = pane.findChild(QLineEdit, "tagInput")
    qtbot.keyClicks(tag_input, "VIP  Complaint")
    _save(qtbot, pane, "tags", lambda: qtbot.keyClick(tag_input, Qt.Key_Return))
    assert pane._tags.tags() == ["vip-complaint"] and tag_input.text() == ""
    assert _stored(sqlite_db, seeded["customer"]).tags == "vip-complaint"
    remove = _button(pane, QToolButton, "tagRemove", "vip-complaint")
    _save(qtbot, pane, "tags", lambda: qtbot.mouseClick(remove, Qt.LeftButton))
    assert pane._tags.tags() == [] and _stored(sqlite_db, seeded["customer"]).tags == ""
    qtbot.keyClicks(tag_input, "x" * 64)
    qtbot.keyClick(tag_input, Qt.Key_Return)  # 64 is the limit: fine
    settle(pane.ctx.runner)
    assert not pane.findChild(QLabel, "tagsMessage").isVisible()


def test_the_name_is_edited_in_place(qtbot, pane, seeded, sqlite_db):
    qtbot.mouseClick(pane.findChild(QToolButton, "editName"), Qt.LeftButton)
    name = pane.findChild(QLineEdit, "nameEdit")
    assert name.isVisible() and name.text() == "최영희"
    name.setText("최영희 (법인)")
    _save(qtbot, pane, "name", lambda: qtbot.keyClick(name, Qt.Key_Return))
    assert not name.isVisible() and pane.findChild(QLabel, "customerName").text() == "최영희 (법인)"
    qtbot.mouseClick(pane.findChild(QToolButton, "editName"), Qt.LeftButton)
    name.setText("   ")
    qtbot.keyClick(name, Qt.Key_Return)
    message = pane.findChild(QLabel, "nameMessage")
    qtbot.waitUntil(message.isVisible, timeout=5000)
    assert "name needs 1 to 120" in message.text()
    qtbot.keyClick(name, Qt.Key_Escape)
    assert not name.isVisible() and _stored(sqlite_db, seeded["customer"]).name == "최영희 (법인)"


# --- new ticket and calls -------------------------------------------------------------------
def test_new_ticket_for_this_customer_asks_the_window(qtbot, pane, seeded):
    button = pane.findChild(QPushButton, "newTicketForCustomer")
    assert not button.isEnabled()  # the window has no new-ticket form to give it
    pane.set_new_ticket_available(True)
    with qtbot.waitSignal(pane.newTicketForCustomer, timeout=2000) as blocker:
        qtbot.mouseClick(button, Qt.LeftButton)
    assert blocker.args == [seeded["customer"]]


def test_call_hands_the_e164_number_to_the_telephony_system_with_a_toast(qtbot, pane, calls):
    qtbot.mouseClick(_button(pane, QToolButton, "callContact", "010-1234-5678"), Qt.LeftButton)
    assert calls == [telephony.DialUrl("tel:+821012345678")]
    toasts = [t for t in pane.findChildren(Toast) if t.property("call")]
    assert toasts and toasts[-1].title.text() == "Calling 010-1234-5678"
    qtbot.mouseClick(pane.findChild(QPushButton, "callPrimary"), Qt.LeftButton)
    assert calls[-1] == telephony.DialUrl("tel:+821012345678")


def test_call_settings_choose_a_command_or_another_scheme(qtbot, pane, calls, tmp_path):
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    store.setValue("call/handler", "command")
    store.setValue("call/command", "softphone --dial {number} --account 'desk 7'")
    pane.dialer = Dialer(store)
    assert pane.call_primary()
    assert calls[-1] == telephony.DialCommand(("softphone", "--dial", "+821012345678", "--account", "desk 7"))
    store.setValue("call/handler", "url")
    store.setValue("call/url", "sip:{digits}@pbx.example.com")
    assert pane.call_primary()
    assert calls[-1] == telephony.DialUrl("sip:821012345678@pbx.example.com")
    store.setValue("call/handler", "shell")  # not a choice: the default (tel:) is used
    store.setValue("call/url", "tel:{number}")
    assert pane.call_primary() and calls[-1] == telephony.DialUrl("tel:+821012345678")


@pytest.mark.parametrize("hostile", [
    "+821012345678 --config=/tmp/evil", "+821012345678; rm -rf ~", "$(touch /tmp/pwned)", "-e /bin/sh",
    "+82 10 1234 5678\n--exec", "010-1234-5678 && curl evil", "+8210`id`12345678",
])
def test_a_hostile_stored_number_injects_nothing(qtbot, pane, seeded, sqlite_db, calls, tmp_path, hostile):
    """A value that reached the database some other way (an import, a tampered replica)
    and is not a number is never handed on: no argument, option or URL part of it."""
    with sqlite_db.engine.begin() as conn:  # past the ORM's hooks and the services' checks
        conn.execute(update(ContactPoint).where(ContactPoint.kind == "phone",
                                                ContactPoint.customer_id == seeded["customer"])
                     .values(value=hostile, normalized=hostile))
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.reload()
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    store.setValue("call/handler", "command")
    store.setValue("call/command", "softphone --dial {number}")
    pane.dialer = Dialer(store)
    with qtbot.waitSignal(pane.failed, timeout=2000) as blocker:
        assert not pane.call_primary()
    assert "not a phone number" in blocker.args[0]
    assert calls == []


def test_a_command_runs_without_a_shell(qtbot, tmp_path):
    """The real launcher: the template's shell characters reach the program as plain
    arguments, and the number fills only its own argument."""
    out = tmp_path / "argv.json"
    script = tmp_path / "softphone.py"
    script.write_text(f"import json, sys\nopen({str(out)!r}, 'w').write(json.dumps(sys.argv[1:]))\n")
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    store.setValue("call/handler", "command")
    store.setValue("call/command", f"{sys.executable} {script} --dial={{number}} ';' 'echo pwned > {tmp_path}/x' $HOME")
    Dialer(store).call("010-1234-5678")
    qtbot.waitUntil(out.exists, timeout=10000)
    qtbot.waitUntil(lambda: out.read_text() != "", timeout=5000)
    assert json.loads(out.read_text()) == ["--dial=+821012345678", ";", f"echo pwned > {tmp_path}/x", "$HOME"]
    assert not (tmp_path / "x").exists()


def test_the_call_rule_refuses_settings_that_do_not_reach_a_phone():
    with pytest.raises(telephony.DialError, match="needs a program and"):
        telephony.dial_action("+821012345678", "command", command_template="softphone --dial")
    with pytest.raises(telephony.DialError, match="start with the program"):
        telephony.dial_action("+821012345678", "command", command_template="{number} --x")
    with pytest.raises(telephony.DialError, match="does not reach a phone"):
        telephony.dial_action("+821012345678", "url", url_template="file:///tmp/{number}")
    with pytest.raises(telephony.DialError, match="cannot be read"):
        telephony.dial_action("+821012345678", "command", command_template="softphone 'unclosed {number}")
    assert telephony.dial_action("010.1234.5678") == telephony.DialUrl("tel:+821012345678")


def test_no_customer_no_call(qtbot, ctx):
    w = Customer360Pane(ctx)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.failed, timeout=2000) as blocker:
        assert not w.call_primary()
    assert "phone number" in blocker.args[0]


def test_the_window_offers_call_customer_and_hands_new_ticket_requests_on(qtbot, sqlite_db, seeded, calls,
                                                                           monkeypatch):
    from agentdesk.ui import app as appmod

    w = appmod.build_window(sqlite_db, appmod.load_agent(sqlite_db, None), appmod.settings())
    qtbot.addWidget(w)
    w.resize(1366, 740)
    w.show()
    with qtbot.waitSignal(w.customer.loaded, timeout=5000):
        w.show_customer(seeded["customer"])
    call = next(c for c in w.commands if c.title == "Call customer")
    assert call.group == "Ticket"
    call.run()
    assert calls == [telephony.DialUrl("tel:+821012345678")]
    # "New ticket" in the 360 opens the window's new-ticket form for that customer.
    got = []
    monkeypatch.setattr(type(w), "new_ticket", lambda self, customer_id=None: got.append(customer_id), raising=False)
    w.customer.newTicketForCustomer.emit(seeded["customer"])
    assert got == [seeded["customer"]]
    w.ctx.runner.wait()
