"""Issue 4, test 2: a mutation pushed 1–5 times (responses lost after the server
committed, concurrent duplicates) leaves the state of exactly one application."""

from __future__ import annotations

import random
import threading
from datetime import timedelta

from sqlalchemy import func, select

from agentdesk.models import utcnow
from agentdesk.server.apply import ServerApplier
from agentdesk.server.feed import read_clock
from tests.factories import seed_small
from tests.test_sync_support import T, agent_id, client, close, dump, replica

def _server_state(db) -> tuple:
    """Every row the server keeps for sync, plus the clock."""
    tables = ("tickets", "ticket_tags", "messages", "follow_ups", "audit_log", "sync_conflicts", "sync_mutations")
    with db.engine.connect() as conn:
        rows = {t: sorted((tuple(map(str, r)) for r in conn.execute(select(T[t]))), key=str) for t in tables}
        return read_clock(conn)[0], rows


def _queue_edits(rep, ids, rng: random.Random) -> None:
    numbers = [ids["t1"], ids["t2"], ids["t3"]]
    for k in range(36):
        n = rng.choice(numbers)
        kind = k % 6
        if kind == 0:
            rep.set_ticket_fields(n, status=rng.choice(["open", "pending", "on_hold", "solved"]))
        elif kind == 1:
            rep.add_tag(n, rng.choice(["vip", "refund", "loss", "callback"]))
        elif kind == 2:
            rep.remove_tag(n, rng.choice(["vip", "refund"]))
        elif kind == 3:
            rep.add_message(n, f"reply {k}", kind=rng.choice(["reply", "note"]))
        elif kind == 4:
            rep.set_ticket_fields(n, subject=f"subject {k}", priority=rng.choice(["urgent", "high", "low"]))
        else:
            rep.create_follow_up(f"follow-up {k}", utcnow() + timedelta(hours=k), ticket=n)


def test_replayed_mutations_change_nothing(pg_db, tmp_path):
    ids = seed_small(pg_db)
    rep = replica(tmp_path, "a", "kim.minji")
    c = client(rep, pg_db)
    _queue_edits(rep, ids, random.Random(2))
    entries = rep.outbox()
    assert len(entries) >= 30
    applier = ServerApplier(pg_db.engine)
    rng = random.Random(7)
    for entry in entries:
        # The response to the first push is "lost": the client never acknowledges it.
        first = applier.apply(entry.wire(), "kim.minji", c.client_id)
        once = _server_state(pg_db)
        for _ in range(rng.randint(0, 4)):
            assert applier.apply(entry.wire(), "kim.minji", c.client_id) == first
            assert _server_state(pg_db) == once
    before_client = _server_state(pg_db)
    # Now the client pushes its whole outbox again, as it would after the lost responses.
    pushed, pulled = c.sync_once()
    assert pushed.pushed == len(entries) and pulled is not None
    assert _server_state(pg_db) == before_client
    assert rep.outbox() == []
    with pg_db.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(T["sync_mutations"])).scalar() == len(entries)
        v, _ = read_clock(conn)
        assert v == len(entries)  # one version per mutation, none for the replays
        # message_count agrees with the messages actually there: no reply counted twice
        rows = conn.execute(select(T["tickets"].c.id, T["tickets"].c.message_count)).all()
        for tid, count in rows:
            real = conn.execute(select(func.count()).select_from(T["messages"]).where(T["messages"].c.ticket_id == tid)).scalar()
            assert count == real
    mine = agent_id(pg_db, "kim.minji")
    assert dump(rep.db, where_agent=mine) == dump(pg_db, where_agent=mine)
    close(rep)


def test_the_same_mutation_pushed_concurrently_applies_once(pg_db, tmp_path):
    ids = seed_small(pg_db)
    rep = replica(tmp_path, "a", "kim.minji")
    c = client(rep, pg_db)
    rep.add_message(ids["t2"], "동시에 다섯 번")
    rep.add_tag(ids["t2"], "dup")
    applier = ServerApplier(pg_db.engine)
    for entry in rep.outbox():
        results, barrier = [], threading.Barrier(5)

        def push(entry=entry, barrier=barrier, results=results):
            barrier.wait()
            results.append(applier.apply(entry.wire(), "kim.minji", c.client_id))

        threads = [threading.Thread(target=push) for _ in range(5)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(results) == 5 and all(r == results[0] for r in results)
    with pg_db.engine.connect() as conn:
        bodies = conn.execute(select(T["messages"].c.body).where(T["messages"].c.body == "동시에 다섯 번")).all()
        assert len(bodies) == 1
        assert read_clock(conn)[0] == 2
    c.sync_once()
    assert rep.outbox() == []
    close(rep)
