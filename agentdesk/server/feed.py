"""The change feed: the server's clock, the rows an agent may pull, and the windows the
pull endpoint streams (app.py). Row-level security scopes every read as a second wall;
``feed_filter`` narrows personal tables to their owner."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

from sqlalchemy import Table, select, text
from sqlalchemy.engine import Connection, Engine

from agentdesk.models import LEAD_ROLES, Base
from agentdesk.sync import protocol as p

T: dict[str, Table] = Base.metadata.tables


def read_clock(conn: Connection) -> tuple[int, uuid.UUID]:
    v, epoch = conn.execute(text("SELECT v, epoch FROM sync_clock WHERE id = 1")).one()
    return int(v), epoch


def new_epoch(engine: Engine) -> uuid.UUID:
    """After a restore or reseed: every client's cursor becomes invalid (full resync)."""
    epoch = uuid.uuid4()
    with engine.begin() as conn:
        v = conn.execute(text("UPDATE sync_clock SET epoch = :e WHERE id = 1 RETURNING v"), {"e": epoch}).scalar()
        # Every desk, every team: pull now (and find the new epoch).
        conn.execute(text("SELECT pg_notify(:ch, :payload)"),
                     {"ch": p.NOTIFY_CHANNEL, "payload": json.dumps({"team": None, "v": int(v or 0)})})
    return epoch


def stamp_unversioned(engine: Engine) -> int:
    """Stamps rows written outside the sync path (rev 0: seeding with the plain services,
    imports) with a new version, so incremental pulls deliver them; returns it."""
    with engine.begin() as conn:
        return stamp_unversioned_in(conn)


def stamp_unversioned_in(conn: Connection) -> int:
    """The same in the caller's transaction (demo data stamps its rows before it commits)."""
    v = conn.execute(text("UPDATE sync_clock SET v = v + 1 WHERE id = 1 RETURNING v")).scalar_one()
    for table in p.PULL_TABLES:
        conn.execute(text(f"UPDATE {table} SET rev = :v WHERE rev = 0"), {"v": v})
    conn.execute(text("SELECT pg_notify(:ch, :payload)"), {"ch": p.NOTIFY_CHANNEL, "payload": json.dumps({"team": None, "v": v})})
    return int(v)


# --- the change feed ----------------------------------------------------------------
def feed_filter(table: str, agent_id: uuid.UUID | None):
    """Rows of a table this agent pulls: personal tables only their own."""
    t = T[table]
    if table in ("follow_ups", "article_votes"):
        return t.c.agent_id == agent_id
    if table == "sync_conflicts":
        return (t.c.agent_id == agent_id) | (t.c.other_agent_id == agent_id)
    if table == "templates":
        return (t.c.scope == "team") | (t.c.owner_agent_id == agent_id)
    if table == "saved_views":
        # One's own views, and those shared with one's team (an admin: every team's).
        agents = T["agents"]
        me = select(agents.c.team_id).where(agents.c.id == agent_id).scalar_subquery()
        is_admin = select(agents.c.id).where(agents.c.id == agent_id, agents.c.role == "admin").exists()
        return ((t.c.scope == "personal") & (t.c.owner_agent_id == agent_id)) | (
            (t.c.scope == "team") & ((t.c.team_id == me) | is_admin))
    if table in ("quality_reviews", "rubrics"):
        # Reviews: one's own, and a lead their team's; rubrics: the default and one's team's
        # (an admin: everything). Row-level security says the same (server/security.py).
        agents = T["agents"]
        me = select(agents.c.team_id).where(agents.c.id == agent_id).scalar_subquery()
        is_admin = select(agents.c.id).where(agents.c.id == agent_id, agents.c.role == "admin").exists()
        if table == "rubrics":
            return t.c.team_id.is_(None) | (t.c.team_id == me) | is_admin
        is_lead = select(agents.c.id).where(agents.c.id == agent_id, agents.c.role == "lead").exists()
        return (t.c.agent_id == agent_id) | ((t.c.team_id == me) & is_lead) | is_admin
    if table == "protection_incidents":
        # One's own; a lead also their team's (the alert and the wallboard); an admin all.
        agents = T["agents"]
        me = select(agents.c.team_id).where(agents.c.id == agent_id).scalar_subquery()
        is_lead = select(agents.c.id).where(agents.c.id == agent_id, agents.c.role == "lead").exists()
        is_admin = select(agents.c.id).where(agents.c.id == agent_id, agents.c.role == "admin").exists()
        return (t.c.agent_id == agent_id) | (is_lead & (t.c.team_id == me)) | is_admin
    if table == "work_sessions":
        # One's own time; a lead's (an admin's) also their team's, which row-level security narrows.
        agents = T["agents"]
        is_lead = select(agents.c.id).where(agents.c.id == agent_id, agents.c.role.in_(LEAD_ROLES)).exists()
        return (t.c.agent_id == agent_id) | is_lead
    if table in ("training_assignments", "training_attempts"):
        # One's own; trainers and leads (admins) their team's, which row-level security narrows.
        agents = T["agents"]
        trains = select(agents.c.id).where(agents.c.id == agent_id,
                                           agents.c.role.in_(("trainer", "lead", "admin"))).exists()
        return (t.c.trainee_id == agent_id) | trains
    if table == "kb_articles":
        # Published articles; one's own proposals; leads also the ones to review.
        agents = T["agents"]
        is_lead = select(agents.c.id).where(agents.c.id == agent_id, agents.c.role.in_(LEAD_ROLES)).exists()
        return (t.c.status == "published") | (t.c.proposed_by_id == agent_id) | is_lead
    if table == "kb_meanings":
        # An article's vector goes where the article goes (its id is the article's).
        ka = T["kb_articles"]
        return t.c.id.in_(select(ka.c.id).where(feed_filter("kb_articles", agent_id)))
    return None


def read_changes(conn: Connection, table: str, after: int, upto: int, agent_id: uuid.UUID | None,
                 batch: int = 1000, stream: bool = True) -> Iterator[list[dict]]:
    """Rows with rev in (after, upto], in batches, from the caller's snapshot."""
    t = T[table]
    stmt = select(t).where(t.c.rev > after, t.c.rev <= upto).order_by(t.c.rev, t.c.id)
    cond = feed_filter(table, agent_id)
    if cond is not None:
        stmt = stmt.where(cond)
    if not stream:  # a few rows: one round trip, not DECLARE / FETCH / FETCH / CLOSE
        rows = [dict(r._mapping) for r in conn.execute(stmt)]
        for k in range(0, len(rows), batch):
            yield rows[k:k + batch]
        return
    result = conn.execution_options(stream_results=True, yield_per=batch).execute(stmt)
    for part in result.partitions():
        yield [dict(r._mapping) for r in part]


def changed_tables(conn: Connection, after: int, upto: int, cap: int) -> dict[str, int]:
    """{table: rows with rev in (after, upto], counted up to cap + 1} for the tables that
    have any, in one statement from the caller's snapshot (row-level security applies).
    A live desk's pull covers a few versions: most of the tables have nothing, and
    asking each on its own cost ~115 round trips a pull (benchmarks/bench_server.py)."""
    parts = [f"SELECT '{t}' AS t, (SELECT count(*) FROM (SELECT 1 FROM {t} WHERE rev > :lo AND rev <= :hi "
             f"LIMIT {int(cap) + 1}) s) AS n" for t in p.PULL_TABLES]
    rows = conn.execute(text(" UNION ALL ".join(parts)), {"lo": after, "hi": upto})
    return {t: n for t, n in rows if n}


def read_rows(conn: Connection, table: str, column: str, ids: list[uuid.UUID],
              agent_id: uuid.UUID | None = None) -> list[dict]:
    """Rows whose ``column`` is one of ``ids``; with ``agent_id``, only those that agent
    pulls (personal tables: their own)."""
    t = T[table]
    out: list[dict] = []
    cond = feed_filter(table, agent_id) if agent_id is not None else None
    for k in range(0, len(ids), 500):
        stmt = select(t).where(t.c[column].in_(ids[k:k + 500]))
        if cond is not None:
            stmt = stmt.where(cond)
        out += [dict(r._mapping) for r in conn.execute(stmt)]
    return out


MAX_REFETCH = 500  # entities a desk may ask to have re-sent in one pull
BATCH = 1000  # rows per streamed event


def _parents(rows: dict[str, list[dict]]) -> dict[str, set]:
    """{parent table: ids} that the rows of a window point at, outside the window."""
    wanted: dict[str, set] = {}
    for table, part in rows.items():
        for fk in T[table].foreign_keys:
            parent = fk.column.table.name
            if parent in p.PULL_TABLES:
                wanted.setdefault(parent, set()).update(
                    r[fk.parent.name] for r in part if r.get(fk.parent.name) is not None)
    for table, part in rows.items():
        if table in wanted:
            wanted[table] -= {r["id"] for r in part}
    return {t: ids for t, ids in wanted.items() if ids}


def stream_pull(conn: Connection, agent_id: uuid.UUID, epoch_seen: str | None, after: int, window: int,
                refetch: list, batch: int = BATCH) -> Iterator[dict]:
    """The pull protocol's events, read from the caller's one REPEATABLE READ snapshot
    (the caller has entered the agent's scope, so row-level security applies too).

    ``begin`` (clock, epoch, full?) · ``refetch`` rows · per window: ``rows`` of each table,
    parent table by parent table, then the ``parents`` its rows point at (the desk may
    lack them: a ticket that joined the team brings a customer written long ago), then
    ``window`` (the desk commits) · ``end``. A new epoch means a full resync: one window
    with everything, which the desk applies in one transaction.

    Why the cursor never skips: each writer bumps sync_clock as its last statement and
    holds that row lock until it commits, so versions are handed out in commit order. If
    this snapshot shows v, every transaction with a version <= v is visible here; any
    later one gets > v. Any prefix (cursor, k] of the snapshot is complete too, so the
    desk commits window by window and its cursor always names what it really applied.
    """
    from agentdesk.sync.wire import encode_row

    v, epoch = read_clock(conn)
    full = epoch_seen != str(epoch)
    yield {"type": "begin", "version": v, "epoch": str(epoch), "full": full, "agent_id": str(agent_id)}
    for table, rid in refetch[:MAX_REFETCH]:
        rows = read_rows(conn, table, "id", [rid], agent_id)
        event = {"type": "refetch", "table": table, "id": str(rid), "rows": [encode_row(r) for r in rows]}
        if table == "tickets":
            event["tags"] = [encode_row(r) for r in read_rows(conn, "ticket_tags", "ticket_id", [rid])]
        yield event
    bounds = [(-1, v)] if full else []
    start = after
    while not full and start < v:
        bounds.append((start, min(v, start + window)))
        start = bounds[-1][1]
    for lo, hi in bounds:
        seen: dict[str, list[dict]] = {}
        counts = None if full else changed_tables(conn, lo, hi, batch) if lo < hi else {}
        for table in p.PULL_TABLES:
            if counts is not None and table not in counts:
                continue
            for part in read_changes(conn, table, lo, hi, agent_id, batch,
                                     stream=counts is None or counts[table] > batch):
                if not full:
                    seen.setdefault(table, []).extend({"id": r["id"], **{fk.parent.name: r.get(fk.parent.name)
                                                       for fk in T[table].foreign_keys}} for r in part)
                yield {"type": "rows", "table": table, "rows": [encode_row(r) for r in part]}
        sent: dict[str, set] = {t: {r["id"] for r in part} for t, part in seen.items()}
        wanted = _parents(seen)
        while wanted:  # parents, then their parents (a message's ticket's customer)
            found: dict[str, list[dict]] = {}
            for table in p.PULL_TABLES:  # parents before children
                ids = [i for i in wanted.get(table, ()) if i not in sent.setdefault(table, set())]
                if not ids:
                    continue
                rows = read_rows(conn, table, "id", ids, agent_id)
                sent[table].update(r["id"] for r in rows)
                sent[table].update(ids)  # hidden ones are not asked for again
                if rows:
                    found[table] = rows
                    yield {"type": "parents", "table": table, "rows": [encode_row(r) for r in rows]}
            wanted = _parents(found)
        yield {"type": "window", "upto": hi}
    yield {"type": "end", "version": v}

