"""Saved views in the inbox (issue 12), on a real SQLite workspace offscreen: save the
current filters as a view, it appears with its count, select it, rename it, delete it;
a team view is read-only for an agent, who duplicates it; the editor checks before it
closes; Korean labels."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from agentdesk.services import saved_views as sv
from agentdesk.services.common import current_agent
from agentdesk.services.view_spec import ViewSpec, parse_spec
from agentdesk.views import saved_views as ui
from agentdesk.views.inbox import COLUMNS, InboxPane
from tests.factories import seed_small
from tests.uihelpers import make_ctx, settle


@pytest.fixture
def korean():
    from agentdesk.ui.app import install_language

    app = QApplication.instance()
    assert install_language(app, "ko")
    yield
    install_language(app, "en")


def _inbox(qtbot, db, login="kim.minji", size=(900, 600)):
    ctx = make_ctx(db, login)
    pane = InboxPane(ctx)
    qtbot.addWidget(pane)
    pane.resize(*size)
    pane.show()
    with qtbot.waitSignal(pane.model.counted, timeout=5000):
        pane.start("all")
    settle(ctx.runner)
    return ctx, pane


def _item(pane, name):
    for i in range(pane.views.count()):
        item = pane.views.item(i)
        if item.data(ui.VIEW_ID_ROLE) is not None and item.text() == name:
            return item
    return None


def _texts(pane) -> list[str]:
    return [pane.views.item(i).text() for i in range(pane.views.count())]


def _rows(qtbot, model) -> list[int]:
    qtbot.waitUntil(lambda: model.loaded() and all(model.row_at(i) is not None for i in range(model.rowCount())),
                    timeout=5000)
    return [model.row_at(i).number for i in range(model.rowCount())]


def test_save_the_current_filters_as_a_view_select_rename_delete(qtbot, sqlite_db, monkeypatch, korean):
    ids = seed_small(sqlite_db)
    ctx, pane = _inbox(qtbot, sqlite_db)
    # Korean labels: the button, and the view list's headings once there are views.
    assert pane.saved.save_button.text() == "보기로 저장…"
    pane.channel.setCurrentIndex(pane.channel.findData("email"))
    with qtbot.waitSignal(pane.model.counted, timeout=5000):
        pane.model.sort(COLUMNS.index("priority"), Qt.SortOrder.DescendingOrder)
    asked = []

    def fake_ask(parent, given, error=""):
        asked.append(given)
        return ui.EditorResult("이메일 문의", "personal", None, given.spec)

    monkeypatch.setattr(ui.ViewEditorDialog, "ask", staticmethod(fake_ask))
    pane.saved.save_button.click()
    assert asked and asked[0].heading == "보기로 저장"
    spec = asked[0].spec  # the inbox's filters and sort, as a view
    assert [str(c) for c in spec.filters.channels] == ["email"] and str(spec.sort.by) == "priority"
    qtbot.waitUntil(lambda: _item(pane, "이메일 문의") is not None, timeout=5000)
    settle(ctx.runner)
    assert "내 보기" in _texts(pane)  # the heading of the agent's own views
    item = _item(pane, "이메일 문의")
    assert item.data(ui.COUNT_ROLE) == "1"
    # The new view is chosen: its tickets, the filter row cleared, its sort shown.
    assert pane.views.currentItem() is item and pane.saved.current().name == "이메일 문의"
    assert _rows(qtbot, pane.model) == [ids["t2"]]
    assert pane.channel.currentIndex() == 0
    assert pane.table.horizontalHeader().sortIndicatorSection() == COLUMNS.index("priority")

    # Choose another view, then this one again from the list.
    with qtbot.waitSignal(pane.model.counted, timeout=5000):
        pane.select_view("all")
    assert pane.model.rowCount() == 3
    with qtbot.waitSignal(pane.model.counted, timeout=5000):
        pane.views.setCurrentItem(item)
    assert _rows(qtbot, pane.model) == [ids["t2"]]

    view_id = item.data(ui.VIEW_ID_ROLE)
    monkeypatch.setattr(ui.SavedViewList, "ask_name", staticmethod(lambda parent, name: "이메일 (수정)"))
    pane.saved.rename(view_id)
    qtbot.waitUntil(lambda: _item(pane, "이메일 (수정)") is not None, timeout=5000)
    assert pane.saved.current_id() == view_id  # still chosen after the rename
    settle(ctx.runner)

    monkeypatch.setattr(ui.SavedViewList, "ask_delete", staticmethod(lambda parent, name: True))
    with qtbot.waitSignal(pane.model.counted, timeout=5000):
        pane.saved.delete(view_id)
    assert _item(pane, "이메일 (수정)") is None and "내 보기" not in _texts(pane)
    assert pane.current_view() == "all" and pane.model.rowCount() == 3
    with sqlite_db.session() as s:
        assert sv.list_views(s, current_agent(s, "kim.minji")).views == []
    settle(ctx.runner)


def test_a_team_view_is_read_only_for_an_agent_who_can_duplicate_it(qtbot, sqlite_db, monkeypatch):
    seed_small(sqlite_db)
    with sqlite_db.session() as s:
        lead = current_agent(s, "park.lead")
        shared = sv.save_view(s, lead, name="Team urgent", scope="team",
                              spec={"filters": {"priorities": ["urgent", "high"]}, "sort": {"by": "sla"}})
    ctx, pane = _inbox(qtbot, sqlite_db)
    qtbot.waitUntil(lambda: _item(pane, "Team urgent") is not None, timeout=5000)
    assert "Team views" in _texts(pane)
    qtbot.waitUntil(lambda: _item(pane, "Team urgent").data(ui.COUNT_ROLE) == "2", timeout=5000)
    menu = pane.saved.menu_for(shared.id)
    titles = [a.text() for a in menu.actions() if a.text()]
    assert "Duplicate to my views" in titles and "Rename…" not in titles and "Delete…" not in titles
    monkeypatch.setattr(ui.SavedViewList, "ask_name", staticmethod(lambda parent, name: pytest.fail("read-only")))
    pane.saved.rename(shared.id)  # nothing happens for a view the agent may not change
    pane.saved.duplicate(shared.id)
    qtbot.waitUntil(lambda: pane.saved.current() is not None and pane.saved.current().scope == "personal",
                    timeout=5000)
    assert pane.saved.current().name == "Team urgent" and pane.saved.current().editable
    settle(ctx.runner)


def test_the_palette_and_ctrl_7_choose_a_saved_view(qtbot, sqlite_db):
    ids = seed_small(sqlite_db)
    with sqlite_db.session() as s:
        sv.save_view(s, current_agent(s, "kim.minji"), name="Chats", spec={"filters": {"channels": ["chat"]}})
    ctx, pane = _inbox(qtbot, sqlite_db)
    qtbot.waitUntil(lambda: _item(pane, "Chats") is not None, timeout=5000)
    entries = pane.saved.palette_entries()
    assert [(name, key) for name, _run, key in entries] == [("Chats", "Ctrl+8")]
    with qtbot.waitSignal(pane.model.counted, timeout=5000):
        entries[0][1]()
    assert _rows(qtbot, pane.model) == [ids["t3"]]
    with qtbot.waitSignal(pane.model.counted, timeout=5000):
        pane.select_view("my_open")
    shortcuts = pane.install_shortcuts(pane)
    with qtbot.waitSignal(pane.model.counted, timeout=5000):
        next(sc for sc in shortcuts if sc.key().toString() == "Ctrl+8").activated.emit()
    assert pane.saved.current().name == "Chats"
    settle(ctx.runner)


def test_an_unreadable_stored_view_is_one_line_and_the_others_still_show(qtbot, sqlite_db):
    from agentdesk.models import SavedView

    seed_small(sqlite_db)
    with sqlite_db.session() as s:
        me = current_agent(s, "kim.minji")
        sv.save_view(s, me, name="Fine", spec={})
        s.add(SavedView(name="From the future", scope="personal", owner_agent_id=me.id, spec={"v": 2, "filters": {}}))
    ctx = make_ctx(sqlite_db)
    pane = InboxPane(ctx)
    qtbot.addWidget(pane)
    with qtbot.waitSignal(pane.saved.failed, timeout=5000) as failed:
        pane.start("all")
    assert "From the future" in failed.args[0] and "\n" not in failed.args[0]
    assert _item(pane, "Fine") is not None and _item(pane, "From the future") is None
    settle(ctx.runner)


def test_the_editor_shows_a_view_and_checks_it_before_it_closes(qtbot):
    spec = parse_spec({"filters": {"statuses": ["new", "open", "pending", "on_hold"], "channels": ["chat"],
                                   "assignee": "me", "tags": ["vip"], "sla": ["breached", "at_risk"],
                                   "created": {"within_hours": 168}, "updated": {"within_hours": 5}, "text": "환불"},
                       "sort": {"by": "sla", "descending": False}})
    dlg = ui.ViewEditorDialog(None, ui.EditorInput(name="", spec=spec, role="agent"))
    qtbot.addWidget(dlg)
    assert dlg.status_group.currentData() == "unsolved"
    assert dlg.created.currentText() == "Last 7 days" and dlg.updated.currentText().startswith("Custom")
    assert not dlg.scope.isEnabled()  # an agent's views are their own
    assert dlg.problem() == "Give the view a name."
    dlg.name_edit.setText("  My   chats ")
    dlg.tags.setText("vip bad\ttag, ok")
    assert dlg.problem() == ""
    dlg.tags.setText(" ".join(f"t{n}" for n in range(11)))
    assert dlg.problem() == "At most 10 tags."
    dlg.tags.setText("vip")
    dlg.status_group.setCurrentIndex(dlg.status_group.findData("done"))
    dlg._group_picked(dlg.status_group.currentIndex())
    got = dlg.result_value()
    assert got.name == "My chats" and got.scope == "personal"
    assert [str(s) for s in got.spec.filters.statuses] == ["solved", "closed"]
    assert got.spec.filters.updated.within_hours == 5  # a window no preset names is kept as it was
    assert got.spec == ViewSpec.model_validate({**got.spec.model_dump(), "filters": {
        **got.spec.filters.model_dump(), "statuses": ["solved", "closed"]}})
    dlg._check_and_accept()
    assert dlg.result() == dlg.DialogCode.Accepted


def test_a_lead_may_share_with_their_team(qtbot, sqlite_db):
    ids = seed_small(sqlite_db)
    with sqlite_db.session() as s:
        lead = current_agent(s, "park.lead")
        team = (lead.team_id, "카드상담팀")
    dlg = ui.ViewEditorDialog(None, ui.EditorInput(name="x", spec=ViewSpec(), role="lead", my_team_id=team[0],
                                                   teams=(team,), me=ids["me"]))
    qtbot.addWidget(dlg)
    assert dlg.scope.isEnabled() and dlg.scope.itemText(1) == "Shared with 카드상담팀"
    dlg.scope.setCurrentIndex(1)
    assert (dlg.result_value().scope, dlg.result_value().team_id) == ("team", team[0])


def test_editing_the_chosen_view_shows_its_new_tickets(qtbot, sqlite_db, monkeypatch):
    ids = seed_small(sqlite_db)
    with sqlite_db.session() as s:
        view = sv.save_view(s, current_agent(s, "kim.minji"), name="Chats", spec={"filters": {"channels": ["chat"]}})
    ctx, pane = _inbox(qtbot, sqlite_db)
    qtbot.waitUntil(lambda: _item(pane, "Chats") is not None, timeout=5000)
    with qtbot.waitSignal(pane.model.counted, timeout=5000):
        pane.saved.select(view.id)
    assert _rows(qtbot, pane.model) == [ids["t3"]]

    def phone_too(parent, given, error=""):
        assert given.heading == "Edit view" and given.name == "Chats"
        return ui.EditorResult("Chats and calls", "personal", None,
                               parse_spec({"filters": {"channels": ["chat", "phone"]}, "sort": {"by": "number"}}))

    monkeypatch.setattr(ui.ViewEditorDialog, "ask", staticmethod(phone_too))
    with qtbot.waitSignal(pane.model.counted, timeout=5000):
        pane.saved.edit(view.id)
    assert _rows(qtbot, pane.model) == [ids["t3"], ids["t1"]]  # by number, newest first
    assert _item(pane, "Chats and calls").data(ui.COUNT_ROLE) in ("2", "…")
    settle(ctx.runner)
    assert _item(pane, "Chats and calls").data(ui.COUNT_ROLE) == "2"
