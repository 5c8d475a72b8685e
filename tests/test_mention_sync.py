"""@mentions in a team workspace (issue 12): a note written on one desk travels as a
plain message; the team server derives the mentions from its text (same ids as the desk's
optimistic rows), the mentioned agent's desk pulls them, marks them read (a mutation the
server checks), and keeps its own "toast shown" marker across pulls."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select, text

from agentdesk import mention_rules
from agentdesk.models import ChangeKind, Mention, utcnow
from agentdesk.server.feed import stamp_unversioned
from agentdesk.services import mentions, tickets
from agentdesk.services.common import NotAllowed, current_agent
from agentdesk.sync import capture
from agentdesk.sync import protocol as p
from tests.factories import seed_small
from tests.test_sync_support import T, agent_id, client, close, replica


@pytest.fixture
def team(pg_db, tmp_path):
    ids = seed_small(pg_db)
    stamp_unversioned(pg_db.engine)
    desks = {}
    for login in ("kim.minji", "lee.junho"):
        rep = replica(tmp_path, login, login)
        desks[login] = (rep, client(rep, pg_db))
        capture.install(rep.db, login)
    yield pg_db, ids, desks
    for rep, c in desks.values():
        c.close()
        close(rep)


def _mentions(db) -> dict:
    with db.engine.connect() as conn:
        mt = T["mentions"]
        return {r.id: r for r in conn.execute(select(mt))}


def test_a_note_travels_as_a_message_and_the_server_derives_the_same_mention(team):
    server, ids, desks = team
    (lee, cl), (kim, ck) = desks["lee.junho"], desks["kim.minji"]
    with lee.db.session() as s:
        note = tickets.add_message(s, ids["t2"], current_agent(s, "lee.junho"),
                                   "@kim.minji 고객이 환불 원하십니다. 확인 부탁드려요", kind="note")
    # Only the note is queued: the mention is the server's to derive.
    assert [(e.op, sorted(e.payload)) for e in lee.outbox()] == [(p.MESSAGE_INSERT, ["body", "kind", "ticket_id"])]
    mine = agent_id(server, "kim.minji")
    mention_id = mention_rules.mention_id(note.id, mine)
    assert set(_mentions(lee.db)) == {mention_id}  # the optimistic row on the author's desk
    pushed, _ = cl.sync_once()
    assert pushed.applied == 1 and pushed.rejected == 0
    on_server = _mentions(server)
    assert set(on_server) == {mention_id} and on_server[mention_id].rev > 0
    assert on_server[mention_id].mentioned_agent_id == mine and on_server[mention_id].read_at is None
    assert _mentions(lee.db)[mention_id].rev == on_server[mention_id].rev  # confirmed by the pull

    pulled = ck.pull_once()
    assert pulled is not None and "mentions" in pulled.tables
    assert (ChangeKind.MENTION, None) in pulled.changes(20)
    with kim.db.session() as s:
        (notice,), total = mentions.unnotified(s, mine)
        assert total == 1 and notice.author_name == "이준호" and notice.ticket_number == ids["t2"]
        mentions.mark_notified(s, mine, [notice.id])
    assert kim.outbox() == []  # the desk's own marker never travels

    # Read on kim's desk: a mention.read mutation; the server stamps its own time.
    with kim.db.session() as s:
        t2 = tickets.resolve_ticket(s, ids["t2"]).id
        assert mentions.mark_read(s, mine, t2) == 1
    assert [e.op for e in kim.outbox()] == [p.MENTION_READ]
    pushed, pulled = ck.sync_once()
    assert pushed.applied == 1 and pulled is not None
    assert _mentions(server)[mention_id].read_at is not None
    row = _mentions(kim.db)[mention_id]
    assert row.read_at is not None and row.notified_at is not None  # the pull kept the local marker
    cl.pull_once()
    assert _mentions(lee.db)[mention_id].read_at is not None  # the author's desk sees it was read
    with kim.db.session() as s:
        assert mentions.unread_count(s, mine) == 0 and mentions.unnotified(s, mine) == ([], 0)


def test_a_full_resync_keeps_the_toast_marker(team):
    server, ids, desks = team
    (lee, cl), (kim, ck) = desks["lee.junho"], desks["kim.minji"]
    with lee.db.session() as s:
        tickets.add_message(s, ids["t3"], current_agent(s, "lee.junho"), "@kim.minji 봐주세요", kind="note")
    cl.sync_once()
    ck.pull_once()
    mine = agent_id(server, "kim.minji")
    with kim.db.session() as s:
        (notice,), _ = mentions.unnotified(s, mine)
        mentions.mark_notified(s, mine, [notice.id])
    with server.engine.begin() as conn:  # a restore: every desk pulls everything again
        conn.execute(text("UPDATE sync_clock SET epoch = :e WHERE id = 1"), {"e": uuid.uuid4()})
    assert ck.pull_once().full
    with kim.db.session() as s:
        assert mentions.unnotified(s, mine) == ([], 0)  # no second toast after the resync
        assert mentions.unread_count(s, mine) == 1


def test_a_refused_note_takes_its_optimistic_mentions_with_it(team):
    server, ids, desks = team
    lee, cl = desks["lee.junho"]
    with server.session() as s:  # meanwhile, on the server, t2 is merged away
        tickets.merge_tickets(s, ids["t2"], ids["t1"], current_agent(s, "park.lead"))
    stamp_unversioned(server.engine)
    with lee.db.session() as s:
        tickets.add_message(s, ids["t2"], current_agent(s, "lee.junho"), "@kim.minji 이거 봐주세요", kind="note")
    assert len(_mentions(lee.db)) == 1
    pushed, pulled = cl.sync_once()
    assert pushed.rejected == 1 and pulled is not None
    assert _mentions(lee.db) == {} and _mentions(server) == {}


def test_mention_rows_are_not_written_by_hand_on_a_desk(team):
    server, ids, desks = team
    kim, _ = desks["kim.minji"]
    with pytest.raises(NotAllowed), kim.db.session() as s:
        t = tickets.resolve_ticket(s, ids["t2"])
        msg = s.scalar(select(T["messages"].c.id).where(T["messages"].c.ticket_id == t.id))
        s.add(Mention(message_id=msg, ticket_id=t.id, mentioned_agent_id=agent_id(server, "lee.junho"),
                      created_at=utcnow()))
        s.flush()
    assert kim.outbox() == []


def test_a_replica_note_made_without_the_services_also_mentions(team):
    """LocalReplica.add_note (the sync API) writes the same optimistic rows."""
    server, ids, desks = team
    lee, cl = desks["lee.junho"]
    message_id = lee.add_note(ids["t1"], "@kim.minji 통화 부탁")
    mine = agent_id(server, "kim.minji")
    assert set(_mentions(lee.db)) == {mention_rules.mention_id(message_id, mine)}
    cl.sync_once()
    assert set(_mentions(server)) == {mention_rules.mention_id(message_id, mine)}
