"""Helpers for the tests of a replica's search index after a pull (no tests here): the
server's changes written with a version each, what the replica indexed before pulls were
indexed in batches (the reference), and the index as rows."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection, make_url

from agentdesk.db import Database
from agentdesk.services import textsearch
from agentdesk.sync.replica import T, _fts_rowid


def next_version(conn: Connection) -> int:
    """A new version of the server's clock (the row stays locked to commit, as in its write path)."""
    return conn.execute(text("UPDATE sync_clock SET v = v + 1 WHERE id = 1 RETURNING v")).scalar_one()


def message(ticket_id: uuid.UUID, body: str, at: datetime, v: int, kind: str = "reply") -> dict:
    return dict(id=uuid.uuid4(), ticket_id=ticket_id, direction="internal" if kind == "system" else "inbound",
                kind=kind, channel="email", body=body, created_at=at, updated_at=at, rev=v)


def index_messages_one_by_one(conn: Connection, items: list[tuple[uuid.UUID, str]]) -> None:
    """The replica's indexing before it was batched, kept as the reference: two SELECTs
    and one INSERT for each message, numbered as if each were indexed at its own insert."""
    tickets, messages = T["tickets"], T["messages"]
    later = {ticket_id: sum(1 for t, _b in items if t == ticket_id) for ticket_id, _body in items}
    for ticket_id, body in items:
        later[ticket_id] -= 1  # the page's messages of this ticket still to come were not inserted yet
        number = conn.execute(select(tickets.c.number).where(tickets.c.id == ticket_id)).scalar()
        if number is None:
            continue
        seq = conn.execute(select(func.count()).select_from(messages).where(messages.c.ticket_id == ticket_id)).scalar() or 0
        seq -= later[ticket_id]
        conn.exec_driver_sql("INSERT INTO ticket_fts(rowid, doc) VALUES (?, ?)",
                             (_fts_rowid(number, seq), textsearch.index_text(body)))


def index_rows(db: Database) -> dict[str, list]:
    """The search index itself: its rowids (with repeats) and every indexed term
    instance (term, rowid, column, offset), read through fts5vocab (the index is
    contentless: the text is not stored)."""
    path = make_url(db.url).database
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.ticket_fts_terms USING fts5vocab(main, ticket_fts, instance)")
        return {"rowids": sorted(r for (r,) in conn.execute("SELECT rowid FROM ticket_fts")),
                "terms": sorted(conn.execute("SELECT term, doc, col, offset FROM temp.ticket_fts_terms"))}
    finally:
        conn.close()
