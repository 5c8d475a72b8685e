"""ticket text search on PostgreSQL: a tsvector index of bigram text (issue 16)

PostgreSQL searched tickets with ILIKE over every subject and message (8.6-70 s at 1M
tickets). ``ticket_fts`` is now also a PostgreSQL table, with SQLite's rowids (ticket
number << 12 | message sequence) and SQLite's terms (``textsearch.index_text``: Hangul as
character bigrams), each document as a ``tsvector`` with positions (phrases), under a GIN
index. SQLite keeps its FTS5 table of the same name (0002).

Existing subjects and messages are indexed here, a batch of tickets at a time, by COPY;
the GIN index is built after them (one sort instead of 4 M inserts into it).

Revision ID: 0034
Revises: 0033
"""
from alembic import op
from sqlalchemy import text

revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None

BATCH = 5000  # tickets per read


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    op.execute("CREATE TABLE ticket_fts (rowid bigint PRIMARY KEY, tsv tsvector NOT NULL)")
    backfill(conn)
    op.execute("CREATE INDEX ix_ticket_fts_tsv ON ticket_fts USING gin (tsv)")


def backfill(conn) -> int:
    """Indexes every ticket's subject and its messages as the services do (the subject is
    sequence 0, the n-th message by time sequence n; merge notes keep their sequence but
    are not text to search). Returns the rows written."""
    from agentdesk.services.textsearch import index_text, pg_tsvector
    from agentdesk.services.tickets import FTS_SEQ_BITS

    mask = (1 << FTS_SEQ_BITS) - 1
    written, after = 0, None
    while True:
        tickets = conn.execute(text(
            "SELECT id, number, subject FROM tickets WHERE (CAST(:after AS bigint) IS NULL OR number > :after) "
            "ORDER BY number LIMIT :n"), {"after": after, "n": BATCH}).all()
        if not tickets:
            return written
        after = tickets[-1].number
        number_of = {t.id: t.number for t in tickets}
        items = [((t.number << FTS_SEQ_BITS), t.subject or "") for t in tickets]
        seq: dict = {}
        for m in conn.execute(text(
                "SELECT ticket_id, kind, body FROM messages WHERE ticket_id = ANY(:ids) "
                "ORDER BY ticket_id, created_at, id"), {"ids": list(number_of)}):
            n = seq[m.ticket_id] = seq.get(m.ticket_id, 0) + 1
            if m.kind != "system":
                items.append(((number_of[m.ticket_id] << FTS_SEQ_BITS) | (n & mask), m.body or ""))
        rows = [(rowid, pg_tsvector(index_text(body), rowid >> FTS_SEQ_BITS)) for rowid, body in items]
        _copy(conn, rows)
        written += len(rows)


def _copy(conn, rows: list[tuple[int, str]]) -> None:
    raw = conn.connection.driver_connection
    if hasattr(raw, "pgconn"):  # psycopg 3: COPY, in the migration's transaction
        with raw.cursor() as cur, cur.copy("COPY ticket_fts (rowid, tsv) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        conn.execute(text("INSERT INTO ticket_fts (rowid, tsv) VALUES (:r, CAST(:t AS tsvector))"),
                     [{"r": r, "t": t} for r, t in rows])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE ticket_fts")
