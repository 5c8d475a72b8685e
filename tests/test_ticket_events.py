"""A ticket's events in its timeline (issue 12, defects 6 and 8): field changes (status,
priority, assignee, tags) and merges, read from structured rows, never stored English;
the same on a team desk, where another agent's changes arrive with the pull."""

from __future__ import annotations

from datetime import timedelta

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import select, text

from agentdesk import rules
from agentdesk.db import alembic_config
from agentdesk.models import Message, Ticket, utcnow
from agentdesk.services import tickets
from agentdesk.services.common import current_agent
from agentdesk.server.feed import stamp_unversioned
from agentdesk.sync import capture
from agentdesk.sync import protocol as p
from tests.factories import seed_small
from tests.test_app_team import team_window  # noqa: F401 (a fixture: the window on a team profile)
from tests.test_sync_support import client, close, replica

MIGRATION = "0011"  # the rewrite of stored merge notes (agentdesk/migrations/versions/0011_…)


def _kinds(detail) -> list[tuple[str, str, dict]]:
    return [(e.actor, e.kind, e.params) for e in detail.events]


def test_field_changes_are_the_tickets_events_oldest_first(any_db):
    ids = seed_small(any_db)
    now = utcnow()
    with any_db.session() as s:
        me = current_agent(s)
        tickets.update_ticket(s, ids["t2"], me, status="pending", priority="high", now=now)
        tickets.update_ticket(s, ids["t2"], current_agent(s, "lee.junho"), assignee="lee.junho",
                              add_tags=["환불", "VIP"], now=now + timedelta(minutes=1))
        tickets.update_ticket(s, ids["t2"], me, assignee="kim.minji", remove_tags=["vip"], now=now + timedelta(minutes=2))
        tickets.update_ticket(s, ids["t2"], me, assignee="none", now=now + timedelta(minutes=3))
        # An agent's reply leaves a solved ticket solved (only a new or closed one opens).
        tickets.update_ticket(s, ids["t2"], me, status="solved", now=now + timedelta(minutes=4))
        tickets.add_message(s, ids["t2"], me, "다시 확인해 드리겠습니다.", now=now + timedelta(minutes=5))
    with any_db.session() as s:
        d = tickets.get_detail(s, ids["t2"])
    assert _kinds(d) == [
        ("김민지", "status", {"old": "new", "new": "pending"}),
        ("김민지", "priority", {"old": "urgent", "new": "high"}),
        ("이준호", "took", {"old": "", "new": "이준호"}),
        ("이준호", "tags_added", {"tags": "vip 환불"}),
        ("김민지", "reassigned", {"old": "이준호", "new": "김민지"}),
        ("김민지", "tags_removed", {"tags": "vip"}),
        ("김민지", "unassigned", {"old": "김민지", "new": ""}),
        ("김민지", "status", {"old": "pending", "new": "solved"}),
        ("김민지", "took", {"old": "", "new": "김민지"}),  # the reply gave it to the replier
    ]
    assert [e.at for e in d.events] == sorted(e.at for e in d.events)
    assert d.events[0].english() == "김민지 changed status new → pending"


def test_a_merge_is_one_event_on_both_tickets_stored_as_structured_notes(any_db):
    ids = seed_small(any_db)
    with any_db.session() as s:
        tickets.merge_tickets(s, ids["t2"], ids["t1"], current_agent(s))
    with any_db.session() as s:
        bodies = sorted(s.scalars(select(Message.body).where(Message.kind == "system")))
        target, duplicate = tickets.get_detail(s, ids["t1"]), tickets.get_detail(s, ids["t2"])
    assert bodies == sorted([rules.system_note("merged_from", number=ids["t2"]),
                             rules.system_note("merged_into", number=ids["t1"])])
    assert not any("Merged" in b for b in bodies)  # no sentence is stored
    for d in (target, duplicate):
        assert [(m.event, m.params) for m in d.messages if m.kind == "system"] == [
            ("merged", {"source": ids["t2"], "target": ids["t1"]})]
    # The merge closed the duplicate: that is the merge's own line, not a status event too.
    assert [e.kind for e in duplicate.events] == []


def _down_revision(engine) -> str:
    script = ScriptDirectory.from_config(alembic_config(engine))
    return script.get_revision(MIGRATION).down_revision


def test_merge_notes_stored_before_as_sentences_are_rewritten_as_events(any_db):
    """Old workspaces (and the team database) hold "Merged into #N" sentences: the migration
    makes them events, so they read in Korean too; its downgrade writes the sentences back."""
    ids = seed_small(any_db)
    with any_db.session() as s:
        tickets.merge_tickets(s, ids["t2"], ids["t1"], current_agent(s))
        s.add(Message(ticket_id=s.scalar(select(Ticket.id).where(Ticket.number == ids["t3"])), direction="internal",
                      kind="system", channel="chat", body="Merged into #999 (a sentence of someone's own)"))
    cfg = alembic_config(any_db.engine)
    command.downgrade(cfg, _down_revision(any_db.engine))
    with any_db.engine.connect() as conn:
        before = sorted(conn.scalars(text("SELECT body FROM messages WHERE kind = 'system'")))
    assert before == sorted([f"Merged from #{ids['t2']}", f"Merged into #{ids['t1']}",
                             "Merged into #999 (a sentence of someone's own)"])
    command.upgrade(cfg, "head")
    with any_db.engine.connect() as conn:
        after = sorted(conn.scalars(text("SELECT body FROM messages WHERE kind = 'system'")))
    assert after == sorted([rules.system_note("merged_from", number=ids["t2"]),
                            rules.system_note("merged_into", number=ids["t1"]),
                            "Merged into #999 (a sentence of someone's own)"])  # not a merge of ours: left as is


# --- a team desk: another agent's changes arrive as events ---------------------------------
@pytest.fixture
def desks(pg_db, tmp_path):
    ids = seed_small(pg_db)
    stamp_unversioned(pg_db.engine)
    reps = {}
    for login in ("kim.minji", "lee.junho"):
        rep = replica(tmp_path, login, login)
        reps[login] = (rep, client(rep, pg_db))
        capture.install(rep.db, login)
    for _rep, c in reps.values():
        c.sync_once()
    yield pg_db, ids, reps
    for rep, c in reps.values():
        c.close()
        close(rep)


def test_a_colleagues_status_change_and_merge_show_as_events_on_this_desk_after_sync(desks):
    server, ids, reps = desks
    (mine, my_sync), (theirs, their_sync) = reps["kim.minji"], reps["lee.junho"]
    with theirs.db.session() as s:
        other = current_agent(s, "lee.junho")
        tickets.update_ticket(s, ids["t3"], other, status="pending", add_tags=["재문의"])
        tickets.merge_tickets(s, ids["t2"], ids["t1"], other)
    pushed, _ = their_sync.sync_once()
    assert pushed.error == "" and pushed.rejected == 0, pushed
    my_sync.sync_once()
    with mine.db.session() as s:
        t3, t1 = tickets.get_detail(s, ids["t3"]), tickets.get_detail(s, ids["t1"])
    assert _kinds(t3) == [("이준호", "status", {"old": "new", "new": "pending"}),
                          ("이준호", "tags_added", {"tags": "재문의"})]
    assert [(m.author, m.event, m.params) for m in t1.messages if m.kind == "system"] == [
        ("이준호", "merged", {"source": ids["t2"], "target": ids["t1"]})]
    # The server records an assignment by agent ids: it reads as the agents' names here too.
    with mine.db.session() as s:
        tickets.update_ticket(s, ids["t3"], current_agent(s, "kim.minji"), assignee="kim.minji")
    pushed, _ = my_sync.sync_once()
    assert pushed.applied == 1, pushed
    with mine.db.session() as s:
        assert _kinds(tickets.get_detail(s, ids["t3"]))[-1] == ("김민지", "reassigned", {"old": "이준호", "new": "김민지"})


def test_a_refusal_by_the_team_server_carries_its_code_to_the_desk(desks):
    """The server words a refusal in English for its log and the CLI, and sends its code and
    params along: the desk shows it in the agent's language."""
    from agentdesk.ui.kit import errors

    server, ids, reps = desks
    (mine, my_sync), (theirs, their_sync) = reps["kim.minji"], reps["lee.junho"]
    with theirs.db.session() as s:
        tickets.merge_tickets(s, ids["t2"], ids["t1"], current_agent(s, "lee.junho"))
    their_sync.sync_once()
    with mine.db.session() as s:  # this desk has not heard of the merge yet
        tickets.add_message(s, ids["t2"], current_agent(s, "kim.minji"), "배송 확인 중", kind="note")
    pushed, _ = my_sync.sync_once()
    assert pushed.rejected == 1, pushed
    [refused] = [c for c in pushed.conflicts if c["kind"] == "rejected"]
    assert refused["message"] == f"ticket #{ids['t2']} was merged into #{ids['t1']}; reply there"
    assert (refused["code"], refused["params"]) == ("rule.merged_reply_target",
                                                    {"number": ids["t2"], "target": f"#{ids['t1']}"})
    assert errors.from_wire(refused) == refused["message"]  # the English window: the same line


@pytest.fixture
def korean_window(qapp, request):
    from agentdesk.ui.app import install_language

    window = request.getfixturevalue("team_window")
    assert install_language(qapp, "ko")
    yield window
    install_language(qapp, "en")


def test_on_a_team_desk_a_colleagues_change_shows_as_a_line_and_a_refusal_in_korean(qtbot, korean_window, tmp_path):
    from agentdesk.sync.runner import Cycle
    from agentdesk.ui.kit.toasts import ToastStack

    w = korean_window
    qtbot.waitUntil(lambda: w.ctx.sync.listening, timeout=5000)
    with qtbot.waitSignal(w.ticket.loaded, timeout=5000):
        w.open_ticket(str(w.ids["t3"]))
    other = replica(tmp_path, "other", "lee.junho")
    co = client(other, w.server)
    other.set_ticket_fields(w.ids["t3"], priority="urgent")
    co.push_once()
    qtbot.waitUntil(lambda: "이준호 님이 우선순위 변경: 보통 → 긴급" in w.ticket.timeline.toPlainText(), timeout=5000)
    co.close()
    close(other)
    # A write of this agent's that the server refused, as a push result brings it.
    status = w.ctx.sync.client.status()
    refused = {"agent_id": str(w.ctx.agent.id), "kind": "rejected", "resolution": "rejected",
               "message": "ticket #1002 belongs to another team", "code": "server.ticket_other_team",
               "params": {"number": 1002}}
    w.ctx.sync.cycled.emit(Cycle(p.PushResult(pushed=1, rejected=1, conflicts=[refused]), None, status, True))
    qtbot.waitUntil(lambda: len(ToastStack.of(w).toasts()) == 1, timeout=2000)
    assert ToastStack.of(w).toasts()[0].body.text() == "티켓 #1002은(는) 다른 팀의 티켓입니다"
