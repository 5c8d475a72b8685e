"""Issue 4, test 1: the change feed misses nothing and repeats nothing.

16 writer threads commit through the real server write path, each holding its
transaction open 0–50 ms (one of them 5 s) between its writes and the clock bump,
while a replica pulls continuously. The messages delivered to the puller must be
exactly the messages committed, each delivered once.
"""

from __future__ import annotations

import random
import threading
import time
import uuid

import pytest
from sqlalchemy import create_engine, func, select

from agentdesk.services import tickets
from agentdesk.sync import protocol as p
from agentdesk.server.apply import ServerApplier
from tests.factories import seed_small, team_id
from tests.test_sync_support import T, client, close, replica

WRITERS = 16
PER_WRITER = 40
LONG_HOLD = 5.0


@pytest.mark.slow
def test_every_committed_row_is_delivered_exactly_once(pg_db, tmp_path):
    seed_small(pg_db)
    with pg_db.session() as s:  # one ticket per writer: row locks must not serialize them
        made = [tickets.create_ticket(s, subject=f"feed {i}", body="…", channel="chat", customer_id=None)
                for i in range(WRITERS)]
        for t in made:
            t.team_id = team_id(s)
        numbers = [t.number for t in made]
        ticket_ids = [tickets.resolve_ticket(s, n).id for n in numbers]
    rep = replica(tmp_path, "puller", "kim.minji")
    puller = client(rep, pg_db)

    delivered: list[uuid.UUID] = []
    puller.on_rows = lambda table, rows: delivered.extend(r["id"] for r in rows) if table == "messages" else None
    already = set(_message_ids(pg_db))  # the seed and the tickets above, from the first full pull

    engine = create_engine(pg_db.engine.url, pool_size=WRITERS + 2)
    applier = ServerApplier(engine)
    committed: list[uuid.UUID] = []
    lock = threading.Lock()
    long_started = threading.Event()
    errors: list[BaseException] = []

    def writer(i: int) -> None:
        rng = random.Random(i)
        try:
            for k in range(PER_WRITER):
                if i == 0 and k == 0:
                    def hold():
                        long_started.set()
                        time.sleep(LONG_HOLD)
                else:
                    def hold(d=rng.uniform(0, 0.05)):
                        time.sleep(d)
                mid = uuid.uuid4()
                m = {"mutation_id": str(mid), "op": p.MESSAGE_INSERT, "entity": "message", "entity_id": str(uuid.uuid4()),
                     "payload": {"ticket_id": str(ticket_ids[i]), "kind": "note", "body": f"w{i} #{k}"}}
                result = applier.apply(m, "kim.minji", uuid.uuid4(), hold=hold)
                assert result["status"] == "applied", result
                with lock:
                    committed.append(uuid.UUID(m["entity_id"]))
        except BaseException as e:  # reported by the main thread
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for t in threads:
        t.start()
    versions, pulls_during_long_hold = [], 0
    long_started.wait(10)
    t0 = time.monotonic()
    while any(t.is_alive() for t in threads):
        res = puller.pull_once()
        assert res is not None, puller.status().last_error
        versions.append(res.version)
        if time.monotonic() - t0 < LONG_HOLD:
            pulls_during_long_hold += 1
    for t in threads:
        t.join()
    assert not errors, errors
    final = puller.pull_once()
    versions.append(final.version)
    engine.dispose()

    assert len(committed) == WRITERS * PER_WRITER
    assert len(delivered) == len(set(delivered)), "a row was delivered twice"
    assert set(delivered) - already == set(committed), "the feed missed or invented rows"
    assert versions == sorted(versions) and final.version == WRITERS * PER_WRITER
    # The long transaction did not stall everyone else: other writers committed and were
    # pulled while it was open, and it was still delivered afterwards.
    assert pulls_during_long_hold > 3 and versions[pulls_during_long_hold // 2] > 0
    with rep.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(T["messages"])).scalar() == len(already) + len(committed)
    close(rep)


def _message_ids(db) -> list[uuid.UUID]:
    with db.engine.connect() as conn:
        return list(conn.execute(select(T["messages"].c.id)).scalars())
