"""Issue 4, test 4: two agents edit the same field from the same base, many times, and
no write is ever overwritten silently: every losing value has a conflict record (shown
to the agent who lost), both agents' tags survive, a losing subject becomes a note."""

from __future__ import annotations

import random
import threading

import pytest
from sqlalchemy import select

from agentdesk.services import tickets
from agentdesk.sync import protocol as p
from tests.factories import seed_small
from tests.test_sync_support import T, agent_id, client, close, dump, replica

TRIALS = 60
STATUSES = ["open", "pending", "on_hold", "solved", "closed"]
LOGINS = ["kim.minji", "lee.junho", "park.lead"]


def _detail(db, number):
    with db.session() as s:
        return tickets.get_detail(s, number)


def _conflicts(server, ticket_id, field):
    c = T["sync_conflicts"]
    with server.engine.connect() as conn:
        return conn.execute(select(c).where(c.c.entity_id == ticket_id, c.c.field == field)).all()


@pytest.mark.slow
def test_no_write_is_overwritten_silently(pg_db, tmp_path):
    ids = seed_small(pg_db)
    a, b = replica(tmp_path, "a", "kim.minji"), replica(tmp_path, "b", "lee.junho")
    ca, cb = client(a, pg_db), client(b, pg_db)
    who = {"a": agent_id(pg_db, "kim.minji"), "b": agent_id(pg_db, "lee.junho")}
    agents = {login: agent_id(pg_db, login) for login in LOGINS}
    rng = random.Random(44)
    numbers = [ids["t1"], ids["t2"], ids["t3"]]
    losses = silent = 0
    seen_conflicts: set = set()
    for trial in range(TRIALS):
        number = rng.choice(numbers)
        field = rng.choice(["status", "assignee_id", "subject", "priority", "tags"])
        base = _detail(a.db, number)
        assert base == _detail(b.db, number)  # the same base on both
        wants = {}
        for name, rep in (("a", a), ("b", b)):
            if field == "status":
                wants[name] = rng.choice([s for s in STATUSES if s != base.status])
                rep.set_ticket_fields(number, status=wants[name])
            elif field == "assignee_id":
                login = rng.choice([x for x in LOGINS if agents[x] != base.assignee_id])
                wants[name] = agents[login]
                rep.set_ticket_fields(number, assignee=login)
            elif field == "subject":
                wants[name] = f"{name} subject {trial}"
                rep.set_ticket_fields(number, subject=wants[name])
            elif field == "priority":
                wants[name] = rng.choice([x for x in ("urgent", "high", "normal", "low") if x != base.priority])
                rep.set_ticket_fields(number, priority=wants[name])
            else:
                wants[name] = f"{name}-tag-{trial}"
                rep.add_tag(number, wants[name])
                if base.tags and rng.random() < 0.5:
                    rep.remove_tag(number, rng.choice(base.tags))
        # Both push at the same moment: the server's row lock decides who is first.
        barrier = threading.Barrier(2)

        def push(c, barrier=barrier):
            barrier.wait()
            assert c.push_once().error == ""

        threads = [threading.Thread(target=push, args=(c,)) for c in (ca, cb)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for c in (ca, cb):
            c.pull_once()
        final = _detail(pg_db, number)
        assert _detail(a.db, number) == final == _detail(b.db, number)  # converged
        assert a.outbox() == [] and b.outbox() == []
        if field == "tags":
            assert {wants["a"], wants["b"]} <= set(final.tags)  # operations: both survive
            continue
        value = {"status": final.status, "assignee_id": final.assignee_id, "subject": final.subject,
                 "priority": final.priority}[field]
        records = [r for r in _conflicts(pg_db, final.id, field) if r.id not in seen_conflicts]
        seen_conflicts.update(r.id for r in records)
        for name in ("a", "b"):
            if wants[name] == value:
                continue
            losses += 1
            mine = [r for r in records if r.agent_id == who[name] and r.mine == str(wants[name])]
            if not mine:
                silent += 1
                continue
            rep = a if name == "a" else b
            shown = [x for x in rep.conflicts() if x.id == mine[0].id]
            assert shown and shown[0].lost_by_me, "the loser's replica shows the conflict"
            if field == "subject":
                notes = [m.body for m in final.messages if m.kind == "note" and str(wants[name]) in m.body]
                assert len(notes) == 1, "a losing subject is kept as an internal note"
        if wants["a"] == wants["b"]:
            assert value == wants["a"] and records == []
    assert silent == 0, f"{silent} of {losses} losing writes left no conflict record"
    assert losses > TRIALS // 3  # the trials did collide
    mine = agent_id(pg_db, "kim.minji")
    assert dump(a.db, where_agent=mine) == dump(pg_db, where_agent=mine)
    close(a, b)


def test_status_follows_allowed_transitions_and_closed_is_final(pg_db, tmp_path):
    ids = seed_small(pg_db)
    a, b = replica(tmp_path, "a", "kim.minji"), replica(tmp_path, "b", "lee.junho")
    ca, cb = client(a, pg_db), client(b, pg_db)
    n = ids["t2"]  # status "new"
    a.set_ticket_fields(n, status="solved")
    b.set_ticket_fields(n, status="open")
    ca.sync_once()
    res = cb.push_once()  # solved -> open is a reopen: allowed, recorded as a conflict for a
    [c] = res.conflicts
    assert (c["resolution"], c["mine"], c["theirs"], c["agent_id"]) == ("applied", "solved", "open", str(agent_id(pg_db, "kim.minji")))
    ca.sync_once(), cb.sync_once()
    assert _detail(pg_db, n).status == "open" and _detail(pg_db, n).reopen_count == 1
    assert [x.lost_by_me for x in a.conflicts()] == [True]  # a learns it from the pull
    a.set_ticket_fields(n, status="closed")
    b.set_ticket_fields(n, status="pending")
    ca.sync_once()
    [c] = cb.push_once().conflicts  # closed is final: b's pending is not applied
    assert (c["resolution"], c["mine"], c["theirs"]) == ("kept_server", "pending", "closed")
    cb.pull_once()
    assert _detail(b.db, n).status == "closed"
    assert p.STATUS_TRANSITIONS["closed"] == set()
    close(a, b)
