"""Bulk actions in the inbox, driven as an agent would (offscreen): selecting with the
check box, Ctrl/Shift+click, x, Shift+arrows, Ctrl+A and Esc; the bar's status, assign,
tags and merge; the result toast and its Undo; the selection kept across page loads and
refreshes (by ticket id)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

from agentdesk.models import Customer, Ticket, utcnow
from agentdesk.services import bulk, tickets
from agentdesk.ui.kit.toasts import ToastStack
from agentdesk.views import inbox_bulk
from agentdesk.views.inbox import COLUMNS, InboxPane
from agentdesk.views.inbox_bulk import BulkMergeDialog, BulkTagsDialog
from tests.factories import seed_small, team_id
from tests.uihelpers import make_ctx, settle

SUBJECT = COLUMNS.index("subject")


def _seed(db, n: int = 8) -> list:
    seed_small(db)
    with db.session() as s:
        cust = s.query(Customer).filter_by(name="최영희").one()
        base = utcnow() - timedelta(hours=5)
        for i in range(n):
            tickets.create_ticket(s, subject=f"대량 문의 {i}", body="b", channel="email", customer_id=cust.id,
                                  team_id=team_id(s), now=base + timedelta(minutes=i))


@pytest.fixture
def inbox(qtbot, sqlite_db):
    _seed(sqlite_db)
    ctx = make_ctx(sqlite_db)
    pane = InboxPane(ctx)
    qtbot.addWidget(pane)
    pane.resize(1000, 700)
    pane.show()
    with qtbot.waitSignal(pane.model.counted, timeout=5000):
        pane.start("all")
    _loaded(qtbot, pane)
    yield pane
    ctx.runner.wait()


def _loaded(qtbot, pane) -> None:
    m = pane.model
    qtbot.waitUntil(lambda: m.rowCount() > 0 and m.loaded() and all(m.row_at(i) is not None for i in range(m.rowCount())),
                    timeout=5000)


def _click(qtbot, pane, row: int, mods=Qt.KeyboardModifier.NoModifier, column: int = SUBJECT) -> None:
    rect = pane.table.visualRect(pane.model.index(row, column))
    qtbot.mouseClick(pane.table.viewport(), Qt.MouseButton.LeftButton, mods, rect.center())


def _number(pane, row: int) -> int:
    return pane.model.row_at(row).number


def _selected_numbers(pane) -> set[int]:
    with pane.ctx.db.session() as s:
        return {s.get(Ticket, i).number for i in pane.bulk.selection.ids()}


def _db(pane, number: int) -> Ticket:
    with pane.ctx.db.session() as s:
        t = tickets.resolve_ticket(s, number)
        s.expunge(t)
        return t


def _apply(qtbot, pane, trigger):
    with qtbot.waitSignal(pane.bulk.applied, timeout=10000) as sig:
        trigger()
    return sig.args[0]


def _toasts(pane):
    return [t for t in ToastStack.of(pane.window()).toasts() if t.property("bulk")]


def test_ctrl_and_shift_click_x_and_escape_select_by_ticket(qtbot, inbox):
    pane = inbox
    assert not pane.bulk.bar.isVisible()
    _click(qtbot, pane, 1, Qt.KeyboardModifier.ControlModifier)
    assert _selected_numbers(pane) == {_number(pane, 1)}
    assert not pane.bulk.bar.isVisible()  # one ticket: the ticket pane is for that
    _click(qtbot, pane, 3, Qt.KeyboardModifier.ControlModifier)
    assert pane.bulk.bar.isVisible() and pane.bulk.bar.count.text() == "2 tickets selected"
    _click(qtbot, pane, 6, Qt.KeyboardModifier.ShiftModifier)  # 3..6
    assert _selected_numbers(pane) == {_number(pane, r) for r in (1, 3, 4, 5, 6)}
    assert pane.table.currentIndex().row() == 6
    assert pane.model.data(pane.model.index(4, SUBJECT), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert pane.model.data(pane.model.index(2, SUBJECT), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert pane.model.data(pane.model.index(4, 0), Qt.ItemDataRole.BackgroundRole) is not None
    _click(qtbot, pane, 3, Qt.KeyboardModifier.ControlModifier)  # Ctrl+click again: out
    assert _number(pane, 3) not in _selected_numbers(pane)
    pane.table.setFocus()
    pane.table.selectRow(0)
    pane.bulk.toggle_current()  # x (the window's shortcut; see test_window_keys_and_palette)
    assert _number(pane, 0) in _selected_numbers(pane)
    qtbot.keyClick(pane.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert _number(pane, 1) in _selected_numbers(pane) and pane.table.currentIndex().row() == 1
    qtbot.keyClick(pane.table, Qt.Key.Key_Escape)
    assert len(pane.bulk.selection) == 0 and not pane.bulk.bar.isVisible()


def test_the_check_box_selects_and_a_plain_click_only_moves(qtbot, inbox):
    pane = inbox
    rect = pane.table.visualRect(pane.model.index(2, SUBJECT))
    box = QPoint(rect.left() + 10, rect.center().y())  # the check box is at the cell's left
    qtbot.mouseClick(pane.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, box)
    assert _selected_numbers(pane) == {_number(pane, 2)}
    _click(qtbot, pane, 4)  # on the subject text: the current row moves, the selection stays
    assert pane.table.currentIndex().row() == 4 and _selected_numbers(pane) == {_number(pane, 2)}


def test_selection_survives_page_loads_refreshes_and_sorting_but_not_another_view(qtbot, inbox):
    pane = inbox
    for r in (0, 2, 5):
        pane.bulk.toggle_row(r)
    chosen = _selected_numbers(pane)
    with qtbot.waitSignal(pane.model.counted, timeout=5000):
        pane.refresh()  # the model resets: rows are placeholders, then pages arrive
    _loaded(qtbot, pane)
    assert _selected_numbers(pane) == chosen
    rows = {_number(pane, r): r for r in range(pane.model.rowCount())}
    for n in chosen:
        assert pane.model.data(pane.model.index(rows[n], SUBJECT), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    with qtbot.waitSignal(pane.model.counted, timeout=5000):
        pane.model.sort(COLUMNS.index("number"), Qt.SortOrder.AscendingOrder)
    _loaded(qtbot, pane)
    assert _selected_numbers(pane) == chosen
    with qtbot.waitSignal(pane.model.counted, timeout=5000):
        pane.select_view("unassigned")
    assert len(pane.bulk.selection) == 0


def test_model_with_check_boxes_passes_the_model_tester(qtbot, qtmodeltester, inbox):
    inbox.bulk.toggle_row(1)
    inbox.bulk.toggle_row(2)
    qtmodeltester.check(inbox.model)


def test_bulk_status_from_the_bar_then_undo_from_the_toast(qtbot, inbox):
    pane = inbox
    rows = (0, 1, 2, 3)
    for r in rows:
        pane.bulk.toggle_row(r)
    numbers = [_number(pane, r) for r in rows]
    solved = next(a for a in pane.bulk.bar.status.menu().actions() if a.text() == "Solved")
    result = _apply(qtbot, pane, solved.trigger)
    assert result.applied == 4
    assert {_db(pane, n).status for n in numbers} == {"solved"}
    (toast,) = _toasts(pane)
    assert toast.title.text() == "Changed 4 tickets"
    undo = toast.findChild(QPushButton, "bulkUndo")
    settle(pane.ctx.runner)
    _loaded(qtbot, pane)
    result = _apply(qtbot, pane, undo.click)
    assert result.kind == bulk.BulkKind.UNDO and result.applied == 4
    assert {_db(pane, n).status for n in numbers} == {"new"}
    assert len(pane.bulk.selection) == 4  # still selected: another action can follow


def test_assign_priority_and_tags_and_a_skipped_ticket_is_named(qtbot, inbox, monkeypatch):
    pane = inbox
    for r in (0, 1, 2):
        pane.bulk.toggle_row(r)
    numbers = [_number(pane, r) for r in (0, 1, 2)]
    with pane.ctx.db.session() as s:  # someone changes one after it was selected
        tickets.update_ticket(s, numbers[1], tickets.find_agent(s, "lee.junho"), priority="urgent",
                              now=utcnow() + timedelta(seconds=3))
    pane.bulk.bar.assign.menu().aboutToShow.emit()
    me = next(a for a in pane.bulk.bar.assign.menu().actions() if a.text() == "Me")
    result = _apply(qtbot, pane, me.trigger)
    assert result.applied == 2 and [o.number for o in result.skipped] == [numbers[1]]
    (toast,) = _toasts(pane)
    assert f"#{numbers[1]} it changed after you selected it" in toast.body.text()
    assert toast.property("level") == "warn"
    toast.findChild(QPushButton, "bulkDetails").click()  # every ticket and what happened to it
    report = pane.window().findChild(QDialog, "bulkReport")
    lines = [report.list.item(i).text() for i in range(report.list.count())]
    assert lines == [f"#{n}: skipped (it changed after you selected it)" if n == numbers[1] else f"#{n}: done"
                     for n in sorted(numbers)]  # in ticket-number order
    report.close()
    # The inbox refreshed after the action and re-read its selection's stamps: the list now
    # shows the colleague's change, and the next action applies to all three.
    settle(pane.ctx.runner)
    assert pane.bulk.selection.stamps() == {_db(pane, n).id: _stamp(pane, n) for n in numbers}
    monkeypatch.setattr(inbox_bulk.BulkActions, "ask_tags", staticmethod(lambda parent, count: (["VIP", "환불"], [])))
    result = _apply(qtbot, pane, pane.bulk.bar.tags.click)
    assert result.applied == 3
    assert {_db(pane, n).tags_text for n in numbers} == {"vip 환불"}
    high = next(a for a in pane.bulk.bar.priority.menu().actions() if a.text() == "High")
    result = _apply(qtbot, pane, high.trigger)
    assert {_db(pane, n).priority for n in numbers} == {"high"}
    assert {_db(pane, n).assignee_id for n in (numbers[0], numbers[2])} == {pane.ctx.agent.id}


def _stamp(pane, number: int):
    return _db(pane, number).updated_at


def test_select_all_matching_is_bounded_and_read_off_the_gui_thread(qtbot, inbox, monkeypatch):
    pane = inbox
    monkeypatch.setattr(bulk, "MAX_BULK", 5)
    errors = []
    pane.ctx.runner.error.connect(errors.append)
    pane.table.setFocus()
    qtbot.keyClick(pane.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(pane.bulk.selection) == 5, timeout=5000)
    assert _selected_numbers(pane) == {_number(pane, r) for r in range(5)}  # the first five, as shown
    assert errors and "The first 5 of 11 tickets are selected" in errors[-1]
    pane.bulk.toggle_row(8)  # a sixth: refused with one line
    assert len(pane.bulk.selection) == 5 and "At most 5 tickets" in errors[-1]


def test_tags_dialog_checks_before_it_closes_and_keeps_the_text(qtbot):
    dialog = BulkTagsDialog(3)
    qtbot.addWidget(dialog)
    dialog._check_and_accept()
    assert dialog.error.text() == "Type a tag to add or to remove." and dialog.result() == 0
    dialog.add.setText("ok, " + "x" * 70)
    dialog._check_and_accept()
    assert "is not a valid tag" in dialog.error.text() and dialog.add.text().startswith("ok, ")
    dialog.add.setText("refund, Needs Review")
    dialog._check_and_accept()
    assert dialog.result() == 1 and dialog.change() == (["refund", "Needs", "Review"], [])


def test_bulk_merge_dialog_previews_warns_and_says_it_cannot_be_undone(qtbot, sqlite_db):
    ids = seed_small(sqlite_db)  # t1, t2: 최영희; t3: Emily Clark
    ctx = make_ctx(sqlite_db)
    with sqlite_db.session() as s:
        chosen = [tickets.resolve_ticket(s, ids[k]).id for k in ("t1", "t2", "t3")]
    dialog = BulkMergeDialog(ctx, chosen)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.list.count() == 3, timeout=5000)
    assert dialog.target().number == ids["t1"]  # the oldest first
    assert "Password reset" in dialog.list.item(2).text() and "Emily Clark" in dialog.list.item(2).text()
    assert dialog.warning.isVisible() and "Different customers" in dialog.warning.text()
    assert "This cannot be undone" in dialog.note.text()
    assert not dialog.merge_button.isEnabled()
    dialog.confirm_other.setChecked(True)
    assert dialog.merge_button.isEnabled() and dialog.merge_button.text() == f"Merge 2 tickets into #{ids['t1']}"
    dialog.list.setCurrentRow(1)  # another target: the confirmation is asked again
    assert not dialog.confirm_other.isChecked() and not dialog.merge_button.isEnabled()
    assert [c.number for c in dialog.sources()] == [ids["t1"], ids["t3"]]
    ctx.runner.wait()


def test_bulk_merge_from_the_bar_after_confirming(qtbot, inbox, monkeypatch):
    pane = inbox
    for r in (0, 1, 2):
        pane.bulk.toggle_row(r)
    numbers = sorted(_number(pane, r) for r in (0, 1, 2))
    asked = []

    def confirm(parent, ctx, ids):
        asked.append(len(ids))
        with ctx.db.session() as s:
            by_number = {s.get(Ticket, i).number: i for i in ids}
        return by_number[numbers[0]], [by_number[n] for n in numbers[1:]]

    monkeypatch.setattr(inbox_bulk.BulkActions, "ask_merge", staticmethod(confirm))
    result = _apply(qtbot, pane, pane.bulk.bar.merge.click)
    assert asked == [3] and result.applied == 2 and not result.undoable
    target = _db(pane, numbers[0]).id
    assert {_db(pane, n).merged_into_id for n in numbers[1:]} == {target}
    (toast,) = _toasts(pane)
    assert toast.findChild(QPushButton, "bulkUndo") is None  # a merge is not undone
    assert len(pane.bulk.selection) == 1  # the merged ones left the selection; the target stays


def test_window_keys_palette_and_shortcut_sheet(qtbot, sqlite_db):
    from agentdesk.ui import app as appmod

    _seed(sqlite_db, 3)
    w = appmod.build_window(sqlite_db, appmod.load_agent(sqlite_db, None), appmod.settings())
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    with qtbot.waitSignals([w.inbox.countsUpdated, w.inbox.model.counted], timeout=5000):
        w.inbox.start("all")
    _loaded(qtbot, w.inbox)
    w.inbox.table.setFocus()
    w.inbox.table.selectRow(0)
    qtbot.keyClick(w, "x")
    assert _selected_numbers(w.inbox) == {_number(w.inbox, 0)}
    qtbot.keyClick(w, "J", Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(w, "J", Qt.KeyboardModifier.ShiftModifier)
    assert _selected_numbers(w.inbox) == {_number(w.inbox, r) for r in (0, 1, 2)}
    qtbot.keyClick(w, "K", Qt.KeyboardModifier.ShiftModifier)  # extends upwards: nothing new here
    assert w.inbox.table.currentIndex().row() == 1 and len(w.inbox.bulk.selection) == 3
    qtbot.keyClick(w, "x")  # x on the current row takes it out
    assert len(w.inbox.bulk.selection) == 2 and w.inbox.bulk.bar.isVisible()
    # The palette reaches the bulk commands, and the sheet lists their keys.
    palette = w.show_palette()
    qtbot.addWidget(palette)
    palette.input.setText("selected tickets: status")
    assert any("Selected tickets: status" in t for t in palette.visible_titles())
    palette.close()
    numbers = _selected_numbers(w.inbox)
    pending = next(c for c in w.commands if c.title == "Selected tickets: status Pending")
    with qtbot.waitSignal(w.inbox.bulk.applied, timeout=10000):
        pending.run()
    assert {_db(w.inbox, n).status for n in numbers} == {"pending"}
    undo = next(c for c in w.commands if c.title == "Undo last bulk action")
    with qtbot.waitSignal(w.inbox.bulk.applied, timeout=10000):
        undo.run()
    assert {_db(w.inbox, n).status for n in numbers} == {"new"}
    sheet = w.show_shortcuts()
    qtbot.addWidget(sheet)
    table = sheet.findChild(object, "shortcutTable")
    keys = [table.item(i, 0).text() for i in range(table.rowCount())]
    assert {"X", "Shift+J / Shift+↓", "Ctrl+A", "Esc"} <= set(keys)
    w.ctx.runner.wait()


@pytest.mark.parametrize("width", [560, 1000])
def test_the_bar_fits_a_narrow_inbox_on_two_rows(qtbot, inbox, width):
    """At 1366×768 the inbox column is about 390 px of table: the actions wrap under the
    count, none is cut short."""
    pane = inbox
    pane.resize(width, 700)
    pane.bulk.toggle_row(0)
    pane.bulk.toggle_row(1)
    qtbot.waitUntil(pane.bulk.bar.isVisible, timeout=2000)
    QApplication.processEvents()
    bar = pane.bulk.bar
    buttons = (bar.assign, bar.status, bar.priority, bar.tags, bar.merge, bar.select_all, bar.clear)
    assert all(b.isVisible() and b.width() >= b.sizeHint().width() for b in buttons)
    assert all(bar.rect().contains(b.geometry()) for b in buttons)
    two_rows = bar.assign.y() > bar.count.y()
    assert two_rows == (width < 900)
