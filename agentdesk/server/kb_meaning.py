"""Article meaning vectors, computed once by the team server (issue 16).

Search by meaning needs a vector of every published article (services/kb_semantic.py).
Before, every desk computed every article's itself: about 0.1 s of CPU an article, so a
new desk on a 5,000-article team spent twelve minutes of half a core on it, and every
desk did the same work again. Now the server computes each article's vector once, when
the article is published or its text changes, into ``kb_meanings`` (synced, written by
no one else: the agents' roles may only read it, server/security.py), and each desk
copies the vector into its own ``kb_vectors`` when its hash says it is of the text the
desk has. A desk still computes what the server has not sent (a server without the
model, an article edited a moment ago), so nothing depends on this job.

``run_once`` is one step: read a few articles without a current vector (short
transaction), compute their vectors with no transaction open, write them stamped like a
mutation (so every desk pulls them, and a poke goes out). ``meaning_loop`` repeats it in
the server process, paced like the desk's own build: after a batch it waits as long as
the batch took, so it takes at most half a core from the requests.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from datetime import datetime

from sqlalchemy import or_, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection, Engine

from agentdesk.server.tx import T, ServerTx
from agentdesk.services import kb_semantic as sem

log = logging.getLogger(__name__)

EVERY_S = 15.0  # how often the server looks for articles without a current vector
FIRST_S = 5.0  # the first look after the server starts
MIN_PAUSE_S = 0.1  # between two batches while there is more to do (it also waits as long as a batch took)
# Articles a step computes, then writes in one transaction: one clock bump, so one poke
# of every desk, per step (5-10 s of CPU), not per handful; a first run over a big
# knowledge base would otherwise make every desk pull every second or two for hours.
STEP = 64
SCAN = 4 * STEP  # articles read per step: those whose text did not change only get their stamp noted
_LOCK = "hashtext('agentdesk.kb_meanings')"  # one server process computes at a time


def _pending(conn: Connection, limit: int) -> tuple[list[sem.Pending], list[tuple[uuid.UUID, datetime]]]:
    """(articles to compute, at most ``limit``; articles whose text is what their vector
    is of, only their stamp moved: a vote). The newest changes first."""
    ka, km = T["kb_articles"], T["kb_meanings"]
    rows = conn.execute(
        select(ka.c.id, ka.c.title, ka.c.body, ka.c.updated_at, km.c.text_hash, km.c.model)
        .outerjoin(km, km.c.id == ka.c.id)
        .where(ka.c.status == "published", ka.c.deleted.is_(False),
               or_(km.c.id.is_(None), km.c.model != sem.MODEL, km.c.article_updated_at != ka.c.updated_at))
        .order_by(ka.c.updated_at.desc(), ka.c.id).limit(SCAN)).all()
    todo: list[sem.Pending] = []
    stamps: list[tuple[uuid.UUID, datetime]] = []
    for r in rows:
        t = sem.passage_text(r.title, r.body)
        h = sem.text_hash(t)
        if r.text_hash == h and r.model == sem.MODEL:
            stamps.append((r.id, r.updated_at))
        elif len(todo) < limit:
            todo.append(sem.Pending(r.id, t, h, r.updated_at, r.text_hash is not None, False))
    return todo, stamps


def run_once(engine: Engine, limit: int = STEP, *, as_admin: bool = True) -> int:
    """One step; returns how many articles it handled, vectors written and stamps noted
    (0: nothing to do, the model is missing, or another server process is at it).
    ``as_admin``: the server's own role switches to the admins' group, which alone may
    write kb_meanings; the owner's connection (tests, the CLI with --db) needs no switch."""
    from agentdesk.server.security import ADMIN

    if not sem.available():
        return 0
    with engine.connect() as conn:
        # A session-level lock: it outlasts the transactions below, and none is open while
        # the model works (several seconds a step). One connection from the pool, not two.
        locked = conn.execute(text(f"SELECT pg_try_advisory_lock({_LOCK})")).scalar()
        conn.commit()
        if not locked:
            return 0
        try:
            with conn.begin():
                if as_admin:
                    conn.exec_driver_sql(f"SET LOCAL ROLE {ADMIN}")  # a fixed name, never user text
                todo, stamps = _pending(conn, limit)
            rows = sem.embed(todo) if todo else []
            if todo and not rows:
                return 0  # the model failed (logged by kb_semantic): the desks compute their own
            with conn.begin():
                if as_admin:
                    conn.exec_driver_sql(f"SET LOCAL ROLE {ADMIN}")
                _write(conn, rows, stamps)
            return sum(1 for _p, vec in rows if vec is not None) + len(stamps)
        finally:
            _unlock(conn)


def _unlock(conn: Connection) -> None:
    """Gives the lock back; a connection that cannot is discarded, not pooled (it would
    keep the lock, and other processes would never compute again)."""
    try:
        if conn.in_transaction():
            conn.rollback()
        conn.execute(text(f"SELECT pg_advisory_unlock({_LOCK})"))
        conn.commit()
    except Exception:  # noqa: BLE001 - whatever failed first is what the caller hears
        log.warning("article vectors: the lock could not be released; the connection is discarded", exc_info=True)
        conn.invalidate()


def _write(conn: Connection, rows: list[tuple[sem.Pending, bytes | None]],
           stamps: list[tuple[uuid.UUID, datetime]]) -> None:
    km = T["kb_meanings"]
    # A vote moves an article's stamp, not its text: noted here, not sent to any desk.
    for aid, at in stamps:
        conn.execute(update(km).where(km.c.id == aid).values(article_updated_at=at))
    tx = ServerTx(conn, uuid.uuid4(), None)
    for p, vec in rows:
        if vec is None:
            continue
        values = dict(model=sem.MODEL, text_hash=p.text_hash, article_updated_at=p.updated_at, vec=vec,
                      deleted=False, updated_at=tx.now)
        conn.execute(pg_insert(km).values(id=p.article_id, **values)
                     .on_conflict_do_update(index_elements=[km.c.id], set_=values))
        tx.touch("kb_meanings", p.article_id)
    if tx.touched:
        tx.finish({"status": "applied", "applied": {"kb_meanings": len(tx.touched["kb_meanings"])}})


async def meaning_loop(engine: Engine, every: float = EVERY_S, first: float | None = None) -> None:
    """Runs ``run_once`` until cancelled: again soon while there is more to do (paced),
    else every ``every`` seconds. A failed step is logged and the next comes as usual."""
    from starlette.concurrency import run_in_threadpool

    wait = FIRST_S if first is None else first
    while True:
        await asyncio.sleep(wait)
        started = time.monotonic()
        try:
            n = await run_in_threadpool(run_once, engine)
        except Exception:  # noqa: BLE001 - the loop must outlive a bad step (the database restarting)
            log.warning("article vectors could not be computed this time", exc_info=True)
            n = 0
        if n:
            log.debug("article vectors: %d article(s) handled", n)
            wait = max(MIN_PAUSE_S, time.monotonic() - started)
        else:
            sem.release_if_idle()  # all done: the model's memory goes back until an article changes
            wait = every
