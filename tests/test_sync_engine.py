"""The sync engine's protocol, piece by piece, against a real PostgreSQL team server."""

from __future__ import annotations

import json
import random
import uuid
from datetime import timedelta

import psycopg
import pytest
from sqlalchemy import select, text

from agentdesk.models import utcnow
from agentdesk.services import tickets
from agentdesk.services.common import InvalidValue, NotFound
from agentdesk.sync import protocol as p
from agentdesk.sync.engine import SyncClient, retry_delay
from agentdesk.server.feed import new_epoch, read_clock
from tests.factories import seed_small
from agentdesk.server.apply import ServerApplier
from agentdesk.sync.transport import HttpTransport
from tests.test_sync_support import T, agent_id, client, close, dump, http, replica


@pytest.fixture
def team(pg_db):
    return pg_db, seed_small(pg_db)


def _detail(db, number):
    with db.session() as s:
        return tickets.get_detail(s, number)


def test_a_local_edit_is_one_transaction_with_its_outbox_row(team, tmp_path):
    server, ids = team
    a = replica(tmp_path, "a", "kim.minji")
    client(a, server)
    mid = a.set_ticket_fields(ids["t1"], status="pending", priority="urgent")
    [entry] = a.outbox()
    assert entry.mutation_id == mid and entry.op == p.TICKET_UPDATE and entry.acked_version is None
    assert entry.payload["fields"] == {"status": ["new", "pending"], "priority": ["high", "urgent"]}
    assert entry.base_version == 0 and entry.entity_id == _detail(a.db, ids["t1"]).id
    d = _detail(a.db, ids["t1"])
    assert (d.status, d.priority) == ("pending", "urgent")  # optimistic: on screen at once
    with pytest.raises(InvalidValue):
        a.set_ticket_fields(ids["t1"], status="bogus")
    with pytest.raises(NotFound):
        a.add_message(999999, "hello")
    assert a.set_ticket_fields(ids["t1"], status="pending") is None  # nothing changed: nothing queued
    assert len(a.outbox()) == 1
    assert _detail(server, ids["t1"]).status != "pending"  # the server saw nothing yet
    close(a)


def test_push_stamps_the_clock_and_the_outbox_row_goes_only_once_pulled(team, tmp_path):
    server, ids = team
    a = replica(tmp_path, "a", "kim.minji")
    c = client(a, server)
    listener = psycopg.connect(server.engine.url.set(drivername="postgresql").render_as_string(hide_password=False),
                               autocommit=True)
    listener.execute(f"LISTEN {p.NOTIFY_CHANNEL}")
    message_id = a.add_message(ids["t2"], "환불 접수했습니다")
    res = c.push_once()
    assert (res.pushed, res.applied, res.error) == (1, 1, "")
    [entry] = a.outbox()
    with server.engine.connect() as conn:
        v, _ = read_clock(conn)
        assert entry.acked_version == v == 1
        assert conn.execute(select(T["messages"].c.rev).where(T["messages"].c.id == message_id)).scalar_one() == v
        assert conn.execute(select(T["tickets"].c.rev).where(T["tickets"].c.number == ids["t2"])).scalar_one() == v
        stored = conn.execute(select(T["sync_mutations"]).where(T["sync_mutations"].c.mutation_id == entry.mutation_id)).one()
        assert stored.version == v and stored.result["status"] == "applied"
    team_id = str(_team_of(server, "kim.minji"))
    [note] = list(listener.notifies(timeout=5, stop_after=1))
    assert json.loads(note.payload) == {"team": team_id, "v": v}
    listener.close()
    # Acknowledged but not yet pulled: still queued (unconfirmed), still on screen.
    st = c.status()
    assert (st.queued, st.unconfirmed, st.state) == (0, 1, "online")
    assert any(m.body == "환불 접수했습니다" for m in _detail(a.db, ids["t2"]).messages)
    pulled = c.pull_once()
    assert pulled.version == v and not pulled.full
    assert a.outbox() == [] and c.status().unconfirmed == 0
    assert a.cursor()[1] == v
    assert dump(a.db, where_agent=agent_id(server, "kim.minji")) == dump(server, where_agent=agent_id(server, "kim.minji"))
    close(a)


def _team_of(db, login):
    with db.engine.connect() as conn:
        return conn.execute(select(T["agents"].c.team_id).where(T["agents"].c.login == login)).scalar_one()


def test_a_pending_edit_stays_on_top_of_pulled_changes(team, tmp_path):
    """Rebase: the pull overwrites the ticket with the server's row, then re-applies the
    edit still waiting in the outbox, so the agent never sees it flicker away."""
    server, ids = team
    a, b = replica(tmp_path, "a", "kim.minji"), replica(tmp_path, "b", "lee.junho")
    ca, cb = client(a, server), client(b, server)
    a.set_ticket_fields(ids["t3"], subject="Password reset (VIP)")
    a.add_message(ids["t3"], "Sent a reset link.")
    b.set_ticket_fields(ids["t3"], priority="urgent")
    b.add_tag(ids["t3"], "security")
    cb.sync_once()
    pulled = ca.pull_once()
    assert pulled.rebased == 2
    d = _detail(a.db, ids["t3"])
    assert (d.subject, d.priority, d.tags) == ("Password reset (VIP)", "urgent", ["security"])
    assert [m.body for m in d.messages][-1] == "Sent a reset link."
    assert d.status == "open"  # the reply's side effect, re-applied too
    ca.sync_once()
    cb.pull_once()
    mine = agent_id(server, "kim.minji")
    assert dump(a.db, where_agent=mine) == dump(server, where_agent=mine)
    assert dump(b.db)["tickets"] == dump(server)["tickets"]
    close(a, b)


def test_a_rejected_write_leaves_the_queue_is_shown_and_disappears_locally(team, tmp_path):
    server, ids = team
    a = replica(tmp_path, "a", "kim.minji")
    c = client(a, server)
    before = _detail(a.db, ids["t1"])
    # The assignee leaves the team on the server while this replica still lists them.
    with server.engine.begin() as conn:
        conn.execute(text("UPDATE agents SET deleted = true WHERE login = 'lee.junho'"))
    a.set_ticket_fields(ids["t1"], assignee="lee.junho")
    a.add_tag(ids["t1"], "callback")
    # A follow-up on another agent's behalf: follow-ups are their owner's alone.
    fid = a.create_follow_up("Call back", utcnow() + timedelta(hours=1), ticket=ids["t1"])
    with a.engine.begin() as conn:  # what a tampered or outdated client would send
        entry = conn.execute(select(T["sync_outbox"]).where(T["sync_outbox"].c.entity_id == fid)).one()
        conn.execute(T["sync_outbox"].update().where(T["sync_outbox"].c.seq == entry.seq)
                     .values(payload={**entry.payload, "agent_id": str(agent_id(server, "park.lead"))}))
    res = c.push_once()
    assert (res.pushed, res.applied, res.rejected) == (3, 1, 2)
    assert [e.op for e in a.outbox()] == [p.TAG_ADD]  # the accepted one, awaiting the pull
    rejected = [x for x in a.conflicts() if x.kind == "rejected"]
    assert len(rejected) == 2 and all(x.lost_by_me for x in rejected)
    assert {x.message for x in rejected} == {"the assignee is not an active agent",
                                             "a follow-up belongs to the agent who makes it"}
    c.pull_once()
    d = _detail(a.db, ids["t1"])
    assert d.assignee_id == before.assignee_id and d.tags == ["callback"]
    with a.engine.connect() as conn:
        assert conn.execute(select(T["follow_ups"]).where(T["follow_ups"].c.id == fid)).first() is None
    assert c.status().rejected == 2 and a.outbox() == []
    with server.engine.connect() as conn:
        kinds = conn.execute(select(T["sync_conflicts"].c.kind)).scalars().all()
    assert sorted(kinds) == ["rejected", "rejected"]
    close(a)


def test_an_unreachable_server_keeps_the_outbox_and_backs_off(team, tmp_path):
    server, ids = team
    a = replica(tmp_path, "a", "kim.minji")
    client(a, server)
    a.add_message(ids["t1"], "queued while offline", kind="call_log")  # t1 is a phone ticket
    a.add_tag(ids["t1"], "offline")
    dead = SyncClient(a, HttpTransport("http://127.0.0.1:1", "kim.minji", token="t"))  # nothing listens on port 1
    res = dead.push_once()
    assert res.pushed == 0 and res.error
    assert dead.pull_once() is None
    st = dead.status()
    assert st.state == "offline" and st.queued == 2 and st.retry_in > 0
    assert [e.attempts for e in a.outbox()] == [1, 0]
    c = SyncClient(a, http(server, "kim.minji"))  # back online
    pushed, pulled = c.sync_once()
    assert pushed.applied == 2 and pulled is not None and a.outbox() == []
    assert "offline" in _detail(server, ids["t1"]).tags
    dead.close()
    close(a)


def test_backoff_grows_with_jitter_and_is_capped():
    rng = random.Random(4)
    delays = [retry_delay(n, rng) for n in range(1, 12)]
    assert retry_delay(0) == 0
    assert 0.5 <= delays[0] <= 1.0 and 1.0 <= delays[1] <= 2.0 and 2.0 <= delays[2] <= 4.0
    assert all(d <= 60 for d in delays) and delays[-1] >= 30
    assert len({round(retry_delay(3), 6) for _ in range(20)}) > 1  # jittered


def test_a_new_server_epoch_forces_a_full_resync_and_keeps_the_outbox(team, tmp_path):
    server, ids = team
    a = replica(tmp_path, "a", "kim.minji")
    c = client(a, server)
    acked = a.add_message(ids["t1"], "pushed before the restore", kind="call_log")
    c.push_once()  # acknowledged, not yet pulled
    pending = a.add_note(ids["t1"], "written during the restore")
    # The server is "restored": a row the replica has is gone, and the epoch changes.
    with server.engine.begin() as conn:
        conn.execute(text("DELETE FROM messages WHERE id = :id"), {"id": acked})
        # A restore is the DBA's doing, below the append-only trigger.
        conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER agentdesk_audit_append_only"))
        conn.execute(text("DELETE FROM audit_log WHERE entity_id = (SELECT id FROM tickets WHERE number = :n)"), {"n": ids["t1"]})
        conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER agentdesk_audit_append_only"))
        conn.execute(text("DELETE FROM sync_mutations"))
        ghost = conn.execute(text("SELECT id FROM tickets WHERE number = :n"), {"n": ids["t3"]}).scalar_one()
        conn.execute(text("DELETE FROM messages WHERE ticket_id = :t"), {"t": ghost})
        conn.execute(text("DELETE FROM tickets WHERE id = :t"), {"t": ghost})
    new_epoch(server.engine)
    pulled = c.pull_once()
    assert pulled.full
    assert [e.acked_version for e in a.outbox()] == [None, None]  # both will be pushed again
    bodies = [m.body for m in _detail(a.db, ids["t1"]).messages]
    assert bodies[-2:] == ["pushed before the restore", "written during the restore"]  # still on screen
    with pytest.raises(NotFound):
        _detail(a.db, ids["t3"])  # the server no longer has it
    c.sync_once()
    assert a.outbox() == []
    bodies = [m.body for m in _detail(server, ids["t1"]).messages]
    assert bodies.count("pushed before the restore") == 1 and bodies.count("written during the restore") == 1
    mine = agent_id(server, "kim.minji")
    assert dump(a.db, where_agent=mine) == dump(server, where_agent=mine)
    assert pending
    close(a)


def test_follow_ups_sync_only_to_their_agent(team, tmp_path):
    server, ids = team
    a, b = replica(tmp_path, "a", "kim.minji"), replica(tmp_path, "b", "lee.junho")
    ca, cb = client(a, server), client(b, server)
    due = (utcnow() + timedelta(days=1)).replace(microsecond=0)
    fid = a.create_follow_up("고객 콜백", due, ticket=ids["t1"], kind="callback", tz="Asia/Seoul")
    ca.sync_once()
    cb.sync_once()
    with server.engine.connect() as conn:
        row = conn.execute(select(T["follow_ups"]).where(T["follow_ups"].c.id == fid)).one()
    assert (row.title, row.kind, row.due_at, row.tz) == ("고객 콜백", "callback", due, "Asia/Seoul")
    with b.engine.connect() as conn:
        assert conn.execute(select(T["follow_ups"].c.id)).all() == []
    close(a, b)


def test_pulled_tickets_and_messages_are_searchable_in_the_replica(team, tmp_path):
    server, ids = team
    a, b = replica(tmp_path, "a", "kim.minji"), replica(tmp_path, "b", "lee.junho")
    ca, cb = client(a, server), client(b, server)
    with b.db.session() as s:  # the first full pull indexed what it brought
        assert [h.number for h in tickets.fetch_page(s, tickets.TicketQuery(text="지연"), None, 0, 10)] == [ids["t2"]]
    a.add_message(ids["t2"], "택배사 분실 확인 후 재발송")
    a.set_ticket_fields(ids["t2"], subject="배송 분실 재발송")
    ca.sync_once()
    cb.pull_once()
    with b.db.session() as s:
        hits = tickets.fetch_page(s, tickets.TicketQuery(text="재발송"), None, 0, 10)
        assert [h.number for h in hits] == [ids["t2"]]
        assert [h.number for h in tickets.fetch_page(s, tickets.TicketQuery(text="분실"), None, 0, 10)] == [ids["t2"]]
        assert tickets.fetch_page(s, tickets.TicketQuery(text="지연"), None, 0, 10) == []  # the old subject is gone
    close(a, b)


def test_ids_of_rows_a_mutation_makes_are_derived_from_it():
    m = uuid.uuid4()
    assert p.mutation_uuid(m, "audit") == p.mutation_uuid(m, "audit") != p.mutation_uuid(m, "note:subject")


def test_a_pull_between_the_server_commit_and_the_acknowledgement(team, tmp_path):
    """The server applied the edits but the client has not recorded that yet (a slow
    response, or a pull on another thread): the pull must not count them twice, and the
    late acknowledgement must not leave a stale optimistic value behind."""
    server, ids = team
    a, b = replica(tmp_path, "a", "kim.minji"), replica(tmp_path, "b", "lee.junho")
    ca, cb = client(a, server), client(b, server)
    b.set_ticket_fields(ids["t2"], priority="low")
    cb.sync_once()  # b wins the priority; a has not seen it yet
    a.add_message(ids["t2"], "answer before the ack")
    a.set_ticket_fields(ids["t2"], priority="high")  # will lose: first committed wins
    for entry in a.outbox():
        ServerApplier(server.engine).apply(entry.wire(), "kim.minji", ca.client_id)  # committed; the response is lost
    ca.pull_once()
    local, remote = _detail(a.db, ids["t2"]), _detail(server, ids["t2"])
    assert [m.body for m in local.messages] == [m.body for m in remote.messages]  # once, not twice
    with a.engine.connect() as conn:
        count = conn.execute(select(T["tickets"].c.message_count).where(T["tickets"].c.number == ids["t2"])).scalar()
    assert count == len(remote.messages)
    res = ca.push_once()  # the replays return the stored results, versions already covered
    assert res.pushed == 2 and a.outbox() == []
    assert [c["field"] for c in res.conflicts] == ["priority"]
    ca.pull_once()
    assert _detail(a.db, ids["t2"]).priority == "low" == remote.priority
    mine = agent_id(server, "kim.minji")
    assert dump(a.db, where_agent=mine) == dump(server, where_agent=mine)
    close(a, b)
