"""Screen-pop on a live call (issue 12, defect 2): an unknown number never leaves the previous
customer on screen, and bringing the window forward keeps it maximised or full screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QTreeWidget

from agentdesk.ui import app as appmod
from tests.factories import seed_small

UNKNOWN = "010-9999-0000"


@pytest.fixture
def window(qtbot, sqlite_db):
    ids = seed_small(sqlite_db)
    w = appmod.build_window(sqlite_db, appmod.load_agent(sqlite_db, None), appmod.settings())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.ids = ids
    yield w
    w.ctx.runner.wait()


def _pane_texts(pane) -> list[str]:
    """Every text the 360 pane holds, shown or not (screen readers and grabs see hidden pages)."""
    texts = [w.text() for w in pane.findChildren(QLabel)]
    texts += [w.toolTip() for w in pane.findChildren(QLabel)]
    texts += [w.text() for w in pane.findChildren(QLineEdit)]
    for tree in pane.findChildren(QTreeWidget):
        for i in range(tree.topLevelItemCount()):
            item = tree.topLevelItem(i)
            texts += [item.text(c) for c in range(tree.columnCount())]
    return texts


def _show_known_customer(qtbot, w):
    with qtbot.waitSignal(w.customer.loaded, timeout=5000):
        w.screen_pop(phone="010 1234 5678")
    assert w.customer.current_customer_id == w.ids["customer"]
    assert any("최영희" in t for t in _pane_texts(w.customer))


def test_unknown_number_clears_the_previous_customer(qtbot, window):
    w = window
    _show_known_customer(qtbot, w)
    w.show_side(w.knowledge)  # the agent was elsewhere: the call brings the customer tab forward
    w.screen_pop(phone=UNKNOWN)
    qtbot.waitUntil(lambda: w.customer.unknown_contact() == UNKNOWN, timeout=5000)
    assert w.side.currentWidget() is w.customer
    assert w.customer.current_customer_id is None
    texts = _pane_texts(w.customer)
    for secret in ("최영희", "플래티넘", "1234", "무선 이어폰", "카드번호"):
        assert not any(secret in t for t in texts), secret
    number = w.customer.findChild(QLabel, "unknownContact")
    assert number.isVisible() and number.text() == UNKNOWN
    new_customer = w.customer.findChild(QAbstractButton, "newCustomerButton")
    new_ticket = w.customer.findChild(QAbstractButton, "newTicketButton")
    assert new_customer.isVisible() and new_ticket.isVisible()
    w.customer.grab().save("/tmp/screen-unknown-caller.png")

    # "New customer": the New customer dialog, with the number that rang (issue 12).
    from agentdesk.views.new_ticket import NewCustomerDialog

    w.activateWindow()
    qtbot.mouseClick(new_customer, Qt.MouseButton.LeftButton)
    dialog = w.findChild(NewCustomerDialog)
    assert dialog.isVisible() and dialog.fields.phone.text() == UNKNOWN
    dialog.reject()

    # The next call from a known number shows that customer again.
    with qtbot.waitSignal(w.customer.loaded, timeout=5000):
        w.screen_pop(phone="010 1234 5678")
    assert w.customer.unknown_contact() is None


def test_unknown_number_while_the_previous_customer_is_still_loading(qtbot, window):
    """The previous customer's read arrives after the unknown-number pop: it is dropped."""
    w = window
    w.customer.show_customer(w.ids["customer"])
    w.customer.show_unknown_contact(UNKNOWN)
    w.ctx.runner.wait()
    qtbot.wait(100)
    assert w.customer.unknown_contact() == UNKNOWN
    assert not any("최영희" in t for t in _pane_texts(w.customer))


def test_screen_pop_keeps_a_maximised_window_maximised(qtbot, window):
    w = window
    w.showMaximized()
    qtbot.waitUntil(w.isMaximized, timeout=3000)
    with qtbot.waitSignal(w.customer.loaded, timeout=5000):
        w.screen_pop(phone="010 1234 5678")
    assert w.isMaximized()
    w.handle_remote({"cmd": "raise"})
    assert w.isMaximized()


def test_screen_pop_restores_a_minimised_maximised_window_maximised(qtbot, window):
    w = window
    w.setWindowState(Qt.WindowState.WindowMaximized | Qt.WindowState.WindowMinimized)
    w.screen_pop(phone=UNKNOWN)
    assert not w.isMinimized()
    assert w.isMaximized()


def test_screen_pop_keeps_full_screen(qtbot, window):
    w = window
    w.showFullScreen()
    qtbot.waitUntil(w.isFullScreen, timeout=3000)
    w.screen_pop(phone=UNKNOWN)
    assert w.isFullScreen()
