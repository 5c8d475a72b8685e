"""The merge dialog shows the target as the agent types, and asks before a merge the rules
refuse or that joins two customers' conversations (real widgets, real SQLite, the lookup
on the runner's read pool)."""

from __future__ import annotations

import pytest

from agentdesk.services import tickets
from agentdesk.services.common import current_agent
from agentdesk.views.ticket import MergeDialog, TicketPane
from tests.factories import seed_small
from tests.uihelpers import make_ctx


@pytest.fixture
def desk(qtbot, sqlite_db):
    ids = seed_small(sqlite_db)  # t1, t2: 최영희's (phone, email); t3: Emily Clark's (chat)
    ctx = make_ctx(sqlite_db)
    with sqlite_db.session() as s:
        t2 = tickets.resolve_ticket(s, ids["t2"]).id

    def dialog() -> MergeDialog:
        d = MergeDialog(ctx, t2, ids["t2"])
        qtbot.addWidget(d)
        d.show()
        return d

    return ids, dialog, sqlite_db


def _type(qtbot, d: MergeDialog, text: str) -> None:
    d.number.clear()
    qtbot.keyClicks(d.number, text)
    qtbot.waitUntil(lambda: not d._lookup_timer.isActive() and d._reads.idle(), timeout=5000)


def test_the_target_is_shown_before_the_agent_confirms(qtbot, desk):
    ids, dialog, _db = desk
    d = dialog()
    assert not d.merge_button.isEnabled()  # nothing typed yet
    _type(qtbot, d, f"#{ids['t1']}")
    shown = d.target_view.text()
    assert f"#{ids['t1']}" in shown and "카드 한도 조회 부탁드립니다" in shown and "최영희" in shown
    assert "New" in shown or "신규" in shown  # the target's status
    assert d.merge_button.isEnabled() and d.merge_button.text() == f"Merge into #{ids['t1']}"
    assert d.warning.isHidden() and d.confirm_other.isHidden()
    assert d.target() == str(ids["t1"])
    d.grab().save("/tmp/merge-dialog-same.png")


def test_different_customers_are_warned_and_need_a_tick(qtbot, desk):
    ids, dialog, _db = desk
    d = dialog()
    _type(qtbot, d, str(ids["t3"]))
    assert "Emily Clark" in d.target_view.text()
    assert d.warning.isVisible() and "Different customers" in d.warning.text() and "Emily Clark" in d.warning.text()
    assert not d.merge_button.isEnabled() and d.target() is None
    d.confirm_other.setChecked(True)
    assert d.merge_button.isEnabled() and d.target() == str(ids["t3"])
    d.grab().save("/tmp/merge-dialog-other-customer.png")
    _type(qtbot, d, str(ids["t1"]))  # another target: the tick does not carry over
    assert not d.confirm_other.isChecked() and d.confirm_other.isHidden()


def test_refused_merges_say_why_and_cannot_be_confirmed(qtbot, desk):
    ids, dialog, db = desk
    with db.session() as s:
        tickets.merge_tickets(s, ids["t1"], ids["t3"], current_agent(s))
    d = dialog()
    for typed, why in ((str(ids["t2"]), "a ticket cannot be merged into itself"),
                       (str(ids["t1"]), f"#{ids['t1']} was itself merged; merge into #{ids['t3']}")):
        _type(qtbot, d, typed)
        assert d.warning.isVisible() and d.warning.text() == why
        assert not d.merge_button.isEnabled() and d.target() is None and d.confirm_other.isHidden()
    d.grab().save("/tmp/merge-dialog-refused.png")
    _type(qtbot, d, "99999")
    assert d.target_view.text() == "No ticket #99999 here." and not d.merge_button.isEnabled()
    _type(qtbot, d, "abc")
    assert "number" in d.target_view.text() and not d.merge_button.isEnabled()


def test_a_stale_lookup_does_not_enable_the_button_for_a_new_number(qtbot, desk):
    """Typing on after a lookup started: the answer for the old number is dropped."""
    ids, dialog, _db = desk
    d = dialog()
    _type(qtbot, d, str(ids["t1"]))
    assert d.merge_button.isEnabled()
    qtbot.keyClicks(d.number, "9")  # now #{t1}9: no such ticket
    assert not d.merge_button.isEnabled() and d.target() is None
    qtbot.waitUntil(lambda: not d._lookup_timer.isActive() and d._reads.idle(), timeout=5000)
    assert not d.merge_button.isEnabled()


def test_the_pane_merges_only_what_the_dialog_confirmed(qtbot, sqlite_db, monkeypatch):
    ids = seed_small(sqlite_db)
    ctx = make_ctx(sqlite_db)
    pane = TicketPane(ctx)
    qtbot.addWidget(pane)
    pane.show()
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_ticket(str(ids["t2"]))
    monkeypatch.setattr(MergeDialog, "exec", lambda self: MergeDialog.DialogCode.Rejected)
    pane.merge_into()  # cancelled: nothing written
    with sqlite_db.session() as s:
        assert tickets.get_detail(s, ids["t2"]).merged_into_number is None

    def confirm(self):
        _type(qtbot, self, str(ids["t1"]))
        return MergeDialog.DialogCode.Accepted

    monkeypatch.setattr(MergeDialog, "exec", confirm)
    with qtbot.waitSignal(ctx.changes.changed, timeout=5000):
        pane.merge_into()
    with sqlite_db.session() as s:
        assert tickets.get_detail(s, ids["t2"]).merged_into_number == ids["t1"]
