"""The calendar pane on a real SQLite workspace: create from a ticket, agenda actions, views."""

from __future__ import annotations

from datetime import datetime, time, timedelta, UTC

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from agentdesk.models import Agent, AuditEntry, FollowUp, Ticket
from agentdesk.services import followups as fu
from agentdesk.views import calendar as calview
from agentdesk.views.calendar import CalendarPane, FollowUpDialog

LOCAL = fu.local_zone()
NOW = datetime(2026, 3, 18, 10, 0, tzinfo=LOCAL)  # a Wednesday, 10:00 on this machine's clock


@pytest.fixture
def pane(qtbot, ctx):
    w = CalendarPane(ctx)
    qtbot.addWidget(w)
    w.clock = lambda: NOW.astimezone(UTC)
    w.resize(640, 820)
    w.show()
    qtbot.waitExposed(w)
    with qtbot.waitSignal(w.loaded, timeout=5000):
        w.go_today()
    return w


def _add(db, **kw):
    with db.session() as s:
        me = s.scalars(select(Agent).where(Agent.login == "kim.minji")).one()
        return fu.create_follow_up(s, me, **kw)


def _row(db, fid) -> FollowUp:
    with db.session() as s:
        return s.get(FollowUp, fid)


def _reload(qtbot, pane, view=None):
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_view(view or pane.view)


def _action(menu, name) -> QAction:
    found = [a for a in menu.findChildren(QAction) if a.objectName() == name]
    assert found, f"no action {name}: {[a.objectName() for a in menu.findChildren(QAction)]}"
    return found[0]


def test_create_from_ticket_with_quick_pick(qtbot, pane, sqlite_db, seeded, monkeypatch):
    seen = {}

    def fake_ask(parent, prefill=None, initial=None, now=None, due=None):
        # The real dialog, filled by the pane's prefill; only exec() is skipped.
        dlg = FollowUpDialog(parent, prefill, initial, now, due)
        seen["title"] = dlg.title_edit.text()
        seen["link"] = dlg.link.text()
        seen["kind"] = dlg.kind_combo.currentData()
        qtbot.mouseClick(dlg.quick_buttons["tomorrow_0900"], Qt.LeftButton)
        values = dlg.values()
        dlg.deleteLater()
        return values

    monkeypatch.setattr(FollowUpDialog, "ask", staticmethod(fake_ask))
    with sqlite_db.session() as s:
        ticket_id = s.scalars(select(Ticket.id).where(Ticket.number == seeded["t1"])).one()
    with qtbot.waitSignal(pane.created, timeout=5000) as blocker:
        pane.new_follow_up(ticket_id=ticket_id)
    row = blocker.args[0]
    assert seen["title"] == f"#{seeded['t1']} 카드 한도 조회 부탁드립니다 — 회신"
    assert seen["kind"] == "callback" and "010-1234-5678" in seen["link"] and "최영희" in seen["link"]
    assert row.ticket_id == ticket_id and row.customer_id == seeded["customer"] and row.kind == "callback"
    assert row.due_at == datetime.combine(NOW.date() + timedelta(days=1), time(9), tzinfo=LOCAL)
    qtbot.waitUntil(lambda: any(o.follow_up.id == row.id for o in pane.occurrences()), timeout=5000)


def test_cancelled_dialog_creates_nothing(qtbot, pane, sqlite_db, seeded, monkeypatch):
    monkeypatch.setattr(FollowUpDialog, "ask", staticmethod(lambda *a, **k: None))
    pane.new_follow_up(customer_id=seeded["customer"])
    from tests.uihelpers import settle

    settle(pane.ctx.runner)
    with sqlite_db.session() as s:
        assert s.scalars(select(FollowUp)).all() == []


def test_dialog_checks_the_rule_in_place(qtbot, seeded, sqlite_db):
    with sqlite_db.session() as s:
        pre = fu.prefill_for_customer(s, seeded["customer"])
    dlg = FollowUpDialog(None, pre, None, NOW)
    qtbot.addWidget(dlg)
    assert dlg.title_edit.text() == "최영희 고객님 — 회신" and "010-1234-5678" in dlg.link.text()
    dlg.repeat_combo.setCurrentIndex(dlg.repeat_combo.count() - 1)  # custom
    assert dlg.rrule_edit.isVisibleTo(dlg)
    dlg.rrule_edit.setText("FREQ=SOMETIMES")
    dlg.accept()
    assert dlg.result() != QDialog.Accepted and "repeat rule" in dlg.error.text()
    dlg.rrule_edit.setText("FREQ=WEEKLY;BYDAY=MO")
    qtbot.mouseClick(dlg.quick_buttons["next_monday_0900"], Qt.LeftButton)
    dlg.accept()
    assert dlg.result() == QDialog.Accepted
    v = dlg.values()
    assert v.rrule == "FREQ=WEEKLY;BYDAY=MO" and v.due_at.astimezone(LOCAL).strftime("%a %H:%M") == "Mon 09:00"
    dlg.title_edit.clear()
    assert not dlg.buttons.button(dlg.buttons.StandardButton.Ok).isEnabled()


def test_snooze_and_complete_from_the_agenda(qtbot, pane, sqlite_db, seeded):
    late = _add(sqlite_db, title="늦은 회신 전화", due_at=NOW - timedelta(hours=2), ticket_ref=seeded["t1"],
                kind="callback")
    _add(sqlite_db, title="오후 확인", due_at=NOW + timedelta(hours=4))
    counts = []
    pane.overdueChanged.connect(counts.append)
    _reload(qtbot, pane, "agenda")
    lst = pane.agenda_list
    assert [o.follow_up.title for o in lst.occurrences()] == ["늦은 회신 전화", "오후 확인"]
    assert lst.item(0).data(calview._HEADER_ROLE).startswith("Overdue")
    assert pane.overdue == 1 and pane.overdue_chip.isVisibleTo(pane) and "1" in pane.overdue_chip.text()

    item = lst.item_for(late.id)
    occ = item.data(calview._ROW_ROLE)
    menu = pane.context_menu(occ)
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        _action(menu, "actSnooze_1_hour").trigger()
    assert _row(sqlite_db, late.id).remind_at == NOW + timedelta(hours=1)
    occ = lst.item_for(late.id).data(calview._ROW_ROLE)
    assert occ.follow_up.remind_at is not None and occ.overdue(pane.clock())  # still overdue: due time unchanged

    menu = pane.context_menu(occ)
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        _action(menu, "actDoneSolve").trigger()
    row = _row(sqlite_db, late.id)
    assert row.status == "done" and row.completed_at is not None
    with sqlite_db.session() as s:
        assert s.scalars(select(Ticket.status).where(Ticket.number == seeded["t1"])).one() == "solved"
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == late.id)).all()
    assert {"snooze", "complete"} <= set(actions)
    assert [o.follow_up.title for o in lst.occurrences()] == ["오후 확인"]
    assert pane.overdue == 0 and not pane.overdue_chip.isVisibleTo(pane) and counts[-1] == 0


def test_double_click_opens_the_ticket(qtbot, pane, sqlite_db, seeded):
    row = _add(sqlite_db, title="회신", due_at=NOW + timedelta(hours=1), ticket_ref=seeded["t2"])
    _reload(qtbot, pane, "agenda")
    item = pane.agenda_list.item_for(row.id)
    rect = pane.agenda_list.visualItemRect(item)
    with qtbot.waitSignal(pane.openTicketRequested, timeout=2000) as blocker:
        # Item views need the press before the double-click, as a real mouse sends it.
        qtbot.mouseClick(pane.agenda_list.viewport(), Qt.LeftButton, pos=rect.center())
        qtbot.mouseDClick(pane.agenda_list.viewport(), Qt.LeftButton, pos=rect.center())
    assert blocker.args == [row.ticket_id]


def test_recurring_done_from_agenda_moves_to_next_week(qtbot, pane, sqlite_db):
    row = _add(sqlite_db, title="주간 점검", due_at=NOW - timedelta(hours=1), rrule="FREQ=WEEKLY", tz="")
    _reload(qtbot, pane, "agenda")
    occs = [o for o in pane.agenda_list.occurrences() if o.follow_up.id == row.id]
    assert [o.current for o in occs] == [True, False, False]  # overdue now, then two more weeks
    menu = pane.context_menu(occs[0])
    assert _action(menu, "actDone").text() == "Done (next occurrence)"
    # Future repeats offer no Done: only the current occurrence can be completed.
    assert not [a for a in pane.context_menu(occs[1]).findChildren(QAction) if a.objectName() == "actDone"]
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        _action(menu, "actDone").trigger()
    r = _row(sqlite_db, row.id)
    assert r.status == "open" and r.due_at == (NOW - timedelta(hours=1) + timedelta(days=7)).astimezone(UTC)


def test_month_week_agenda_switch(qtbot, pane, sqlite_db):
    late = _add(sqlite_db, title="어제 못 한 회신", due_at=NOW - timedelta(days=1))
    weekly = _add(sqlite_db, title="월요 점검", due_at=datetime(2026, 3, 2, 9, 0, tzinfo=LOCAL),
                  rrule="FREQ=WEEKLY;BYDAY=MO")
    _add(sqlite_db, title="금요일 콜백", due_at=NOW + timedelta(days=2), kind="callback")

    _reload(qtbot, pane, "month")
    assert pane._stack.currentWidget().objectName() == "monthPage"
    assert pane._view_buttons["month"].isChecked() and pane.title.text() == "3/2026"
    grid = pane.month_grid
    mondays = sorted(d.day for d, occ in grid.by_day.items() for o in occ if o.follow_up.id == weekly.id)
    assert mondays == [2, 9, 16, 23, 30]  # future occurrences of the series are on the calendar
    yesterday = NOW.date() - timedelta(days=1)
    assert [o.follow_up.id for o in grid.by_day[yesterday]] == [late.id]
    # The overdue day is painted red; a quiet day is not.
    image = grid.grab().toImage()
    dpr = image.devicePixelRatio()
    cell = grid.cell_rect(yesterday)
    probe = QPoint(int((cell.right() - 4) * dpr), int((cell.bottom() - 4) * dpr))
    assert image.pixelColor(probe) == QColor(calview.RED_BG)
    quiet = grid.cell_rect(NOW.date() + timedelta(days=1))
    assert image.pixelColor(QPoint(int((quiet.right() - 4) * dpr), int((quiet.bottom() - 4) * dpr))) == QColor("#ffffff")
    # Clicking a day lists it below the grid.
    qtbot.mouseClick(grid, Qt.LeftButton, pos=grid.cell_rect(yesterday).center())
    assert [o.follow_up.title for o in pane.day_list.occurrences()] == ["어제 못 한 회신"]

    with qtbot.waitSignal(pane.loaded, timeout=5000):
        qtbot.mouseClick(pane._view_buttons["week"], Qt.LeftButton)
    assert pane.view == "week" and pane._stack.currentWidget().objectName() == "weekPage"
    assert pane.title.text() == "03-16 – 03-22"
    assert pane.week_view.chip_rect(late.id) is not None and pane.week_view.chip_rect(weekly.id) is not None
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        qtbot.mouseClick(pane.next_button, Qt.LeftButton)
    assert pane.title.text() == "03-23 – 03-29" and pane.week_view.chip_rect(late.id) is None
    assert pane.week_view.chip_rect(weekly.id) is not None  # next Monday's occurrence

    with qtbot.waitSignal(pane.loaded, timeout=5000):
        qtbot.mouseClick(pane._view_buttons["agenda"], Qt.LeftButton)
    assert pane._stack.currentWidget().objectName() == "agendaPage"
    agenda = pane.agenda_list.occurrences()
    assert [o.follow_up.id for o in agenda[:2]] == [weekly.id, late.id]  # overdue first, oldest first
    assert all(o.overdue(pane.clock()) for o in agenda[:2]) and not agenda[2].overdue(pane.clock())
    assert not pane.prev_button.isEnabled()
    with pytest.raises(ValueError):
        pane.show_view("year")


def test_refreshes_when_a_follow_up_changes_elsewhere(qtbot, pane, sqlite_db):
    _reload(qtbot, pane, "agenda")
    assert pane.agenda_list.occurrences() == []
    row = _add(sqlite_db, title="다른 곳에서 추가", due_at=NOW + timedelta(hours=1))
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.ctx.changes.changed.emit("followup", row.id)
    assert [o.follow_up.id for o in pane.agenda_list.occurrences()] == [row.id]


def test_delete_asks_first(qtbot, pane, sqlite_db, monkeypatch):
    row = _add(sqlite_db, title="지울 일", due_at=NOW + timedelta(hours=1))
    _reload(qtbot, pane, "agenda")
    answers = [False, True]
    monkeypatch.setattr(CalendarPane, "confirm", staticmethod(lambda parent, text: answers.pop(0)))
    occ = pane.agenda_list.occurrences()[0]
    _action(pane.context_menu(occ), "actDelete").trigger()
    pane.ctx.runner.wait()
    assert not _row(sqlite_db, row.id).deleted
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        _action(pane.context_menu(occ), "actDelete").trigger()
    assert _row(sqlite_db, row.id).deleted and pane.agenda_list.occurrences() == []


def test_write_errors_reach_failed(qtbot, pane, sqlite_db):
    row = _add(sqlite_db, title="회신", due_at=NOW + timedelta(hours=1))
    with qtbot.waitSignal(pane.failed, timeout=5000) as blocker:
        pane.complete(row.id, ticket_status="solved")  # not linked to a ticket
    assert "not linked" in blocker.args[0]
    assert _row(sqlite_db, row.id).status == "open"


def test_header_fits_at_tab_width(qtbot, pane, sqlite_db):
    _add(sqlite_db, title="#1042 카드 한도 조회 — 회신", due_at=NOW + timedelta(hours=1))
    for view in ("month", "week", "agenda"):
        _reload(qtbot, pane, view)
        for b in (pane.today_button, pane.new_button, *pane._view_buttons.values()):
            # Every header button shows its whole label at 640 px.
            assert b.width() >= b.fontMetrics().horizontalAdvance(b.text()) + 8, (view, b.text())


def test_export_and_import_ics_from_the_pane(qtbot, pane, sqlite_db, tmp_path, monkeypatch):
    from agentdesk.ui.kit.toasts import ToastStack

    row = _add(sqlite_db, title="내보낼 일정", due_at=NOW + timedelta(hours=1))
    path = tmp_path / "mine.ics"
    monkeypatch.setattr(CalendarPane, "choose_file", staticmethod(lambda parent, mode: str(path)))
    with qtbot.waitSignal(pane.exported, timeout=5000) as blocker:
        _action(pane.more_button.menu(), "actExport").trigger()
    assert blocker.args == [1] and f"{row.id}@agentdesk".encode() in path.read_bytes()
    with qtbot.waitSignal(pane.imported, timeout=5000) as blocker:
        _action(pane.more_button.menu(), "actImport").trigger()
    assert blocker.args == [0, 0]  # the same UID, the same event: nothing new, nothing updated
    stack = ToastStack.of(pane.window())
    assert [t.title.text() for t in stack.toasts()][-1] == "Calendar imported"
    assert "up to date" in stack.toasts()[-1].body.text()
    for toast in stack.toasts():  # only a couple are shown at once; the next would wait
        toast.dismiss()

    path.write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:no start\r\n"
                     b"END:VEVENT\r\nEND:VCALENDAR\r\n")
    with qtbot.waitSignal(pane.failed, timeout=5000) as blocker:
        _action(pane.more_button.menu(), "actImport").trigger()
    assert "missing DTSTART" in blocker.args[0]
    warn = stack.toasts()[-1]
    assert warn.title.text() == "Nothing was imported" and "missing DTSTART" in warn.body.text()
    with sqlite_db.session() as s:
        assert len(s.scalars(select(FollowUp)).all()) == 1


def test_double_clicked_day_starts_at_nine_that_day(qtbot, pane, monkeypatch):
    asked = {}

    def fake_ask(parent, prefill=None, initial=None, now=None, due=None):
        dlg = FollowUpDialog(parent, prefill, initial, now, due)
        asked["due"] = dlg.due_at()
        dlg.deleteLater()
        return None

    monkeypatch.setattr(FollowUpDialog, "ask", staticmethod(fake_ask))
    _reload(qtbot, pane, "month")
    day = NOW.date() + timedelta(days=3)
    qtbot.mouseDClick(pane.month_grid, Qt.LeftButton, pos=pane.month_grid.cell_rect(day).center())
    assert asked["due"] == datetime.combine(day, time(9), tzinfo=LOCAL)


def test_hidden_pane_reloads_when_shown_again(qtbot, pane, sqlite_db):
    _reload(qtbot, pane, "agenda")
    pane.hide()
    row = _add(sqlite_db, title="숨김 중 추가", due_at=NOW + timedelta(hours=1))
    pane.ctx.changes.changed.emit("followup", row.id)
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show()
    assert [o.follow_up.id for o in pane.agenda_list.occurrences()] == [row.id]


def test_card_numbers_in_follow_ups_are_masked_in_every_view(qtbot, pane, sqlite_db):
    """Titles and notes are painted masked in the agenda, its tooltips and the month grid."""
    f = _add(sqlite_db, title="카드 4111-1111-1111-1111 재발급 안내", due_at=NOW + timedelta(hours=1),
             notes="주민번호 900101-1234567 확인")
    _reload(qtbot, pane, "agenda")
    item = pane.agenda_list.item_for(f.id)
    shown = item.text() + item.toolTip()
    assert "4111-1111-1111-1111" not in shown and "1234567" not in shown and "재발급" in shown
    _reload(qtbot, pane, "month")
    grid = pane.grab().toImage()  # paints every cell; the painter code path must not raise
    assert not grid.isNull()
    assert "4111-1111-1111-1111" not in pane.tooltip(pane.agenda_list.item_for(f.id).data(calview._ROW_ROLE))
