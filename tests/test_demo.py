"""The demo workspace generator: deterministic, consistent, and usable by every service."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import datetime, timedelta, UTC

import pytest
from sqlalchemy import func, select, text

from agentdesk.db import CACHE_KIB, open_database
from agentdesk.models import (
    ACTIVE_STATUSES,
    Agent,
    ContactPoint,
    Customer,
    Feedback,
    FollowUp,
    KnowledgeArticle,
    Message,
    Order,
    OrderItem,
    Product,
    SavedView,
    Template,
    Ticket,
    TicketTag,
)
from agentdesk import demo
from agentdesk.demo import generator, writers
from agentdesk.services import textsearch
from agentdesk.services import tickets as tk
from agentdesk.services.common import current_agent, sla_due_times, sla_next_due, sla_state
from agentdesk.services.customers import customer_360, find_customers

NOW = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
SMALL = dict(customers=60, tickets=400, now=NOW)


def _sqlite(tmp_path, name: str):
    return open_database(f"sqlite:///{tmp_path / name}")


def _dump(path) -> dict[str, list[tuple]]:
    """Every generated table exactly as stored, rows sorted."""
    con = sqlite3.connect(path)
    try:
        out = {}
        for name, (table, _cols) in demo.TABLES.items():
            if table is not None:
                out[name] = sorted(con.execute(f"SELECT * FROM {table.name}").fetchall(), key=repr)
        for name in ("teams", "agents", "kb_articles", "templates", "workspace_settings", "saved_views"):
            out[name] = sorted(con.execute(f"SELECT * FROM {name}").fetchall(), key=repr)
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def small_db(tmp_path_factory):
    """One small generated SQLite workspace shared by the read-only tests."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = open_database(f"sqlite:///{path}")
    counts = demo.generate(db, **SMALL)
    yield db, counts, path
    db.dispose()


def test_row_tuples_cover_every_column():
    for name, (table, cols) in demo.TABLES.items():
        if table is None:
            continue
        assert len(cols) == len(set(cols))
        left_null = set(demo.GATEWAY_COLS.get(name, ()))
        assert set(cols) | set(demo.CONSTANT_COLS) | left_null == set(table.c.keys()), name


def test_counts_match_the_tables(small_db):
    db, counts, _ = small_db
    assert counts["customers"] == 60 and counts["tickets"] == 400 and counts["agents"] == 12
    assert counts["kb_articles"] == 40 and counts["templates"] >= 10
    with db.session() as s:
        for model, name in ((Customer, "customers"), (ContactPoint, "contact_points"), (Product, "products"),
                            (Order, "orders"), (OrderItem, "order_items"), (Ticket, "tickets"), (Message, "messages"),
                            (TicketTag, "ticket_tags"), (Feedback, "feedback"), (FollowUp, "follow_ups"),
                            (KnowledgeArticle, "kb_articles"), (Template, "templates"), (Agent, "agents")):
            assert s.scalar(select(func.count()).select_from(model)) == counts[name], name
        assert s.execute(text("SELECT count(*) FROM ticket_fts")).scalar() == counts["ticket_fts"]
        assert counts["ticket_fts"] == counts["tickets"] + counts["messages"]
        # Shape: ~1.5 products and ~2 orders per customer, ~3 messages per ticket, ~95% solved.
        assert 2.0 <= counts["messages"] / counts["tickets"] <= 4.0
        active = s.scalar(select(func.count()).select_from(Ticket).where(Ticket.status.in_(ACTIVE_STATUSES)))
        assert active == 40  # at least 40 active tickets even in a small workspace
    con = sqlite3.connect(db.engine.url.database)
    try:
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()


def test_same_seed_same_data_other_seed_other_data(tmp_path):
    a, b, c = _sqlite(tmp_path, "a.db"), _sqlite(tmp_path, "b.db"), _sqlite(tmp_path, "c.db")
    demo.generate(a, customers=30, tickets=120, seed=7, now=NOW)
    demo.generate(b, customers=30, tickets=120, seed=7, now=NOW)
    demo.generate(c, customers=30, tickets=120, seed=8, now=NOW)
    q = select(Ticket.number, Ticket.subject, Ticket.customer_id, Ticket.id).order_by(Ticket.number)
    with a.session() as sa, b.session() as sb, c.session() as sc:
        ra, rb, rc = sa.execute(q).all(), sb.execute(q).all(), sc.execute(q).all()
        ids_a = sa.scalars(select(Customer.id).order_by(Customer.id)).all()
        ids_b = sb.scalars(select(Customer.id).order_by(Customer.id)).all()
    assert ra == rb and ids_a == ids_b
    assert [r.number for r in ra] == list(range(1001, 1121))
    assert ra != rc
    assert _dump(a.engine.url.database) == _dump(b.engine.url.database)
    for d in (a, b, c):
        d.dispose()


def test_raw_sqlite_rows_read_back_like_orm_rows(tmp_path):
    """The raw executemany path stores exactly what SQLAlchemy Core would store."""
    raw, core = _sqlite(tmp_path, "raw.db"), _sqlite(tmp_path, "core.db")
    demo.generate(raw, customers=25, tickets=90, seed=3, now=NOW)
    demo.generate(core, customers=25, tickets=90, seed=3, now=NOW, _writer="core")
    assert _dump(raw.engine.url.database) == _dump(core.engine.url.database)
    # And the ORM reads them as typed values: UUIDs, aware UTC datetimes, booleans.
    with raw.session() as s:
        t = s.scalar(select(Ticket).where(Ticket.status == "open").order_by(Ticket.number).limit(1))
        assert t.created_at.tzinfo is UTC and t.updated_at >= t.created_at
        assert t.deleted is False and t.rev == 0
        assert s.get(Ticket, t.id) is t
        assert s.scalar(select(func.count()).select_from(Message).where(Message.ticket_id == t.id)) == t.message_count
        assert s.scalar(select(Ticket).where(Ticket.updated_at == t.updated_at, Ticket.number == t.number)) is t
    # The search index holds the same documents.
    for term in ("환불", "한도", "배송", "password"):
        match = textsearch.fts_query(term)
        rows = []
        for d in (raw, core):
            with d.engine.connect() as conn:
                rows.append(conn.execute(text("SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH :m ORDER BY rowid"),
                                         {"m": match}).scalars().all())
        assert rows[0] == rows[1]
    raw.dispose()
    core.dispose()


def test_worker_processes_make_the_same_rows(tmp_path):
    serial, parallel = _sqlite(tmp_path, "serial.db"), _sqlite(tmp_path, "parallel.db")
    demo.generate(serial, customers=40, tickets=150, seed=5, now=NOW, workers=0, _batch=50)
    demo.generate(parallel, customers=40, tickets=150, seed=5, now=NOW, workers=2, _batch=50)
    assert _dump(serial.engine.url.database) == _dump(parallel.engine.url.database)
    serial.dispose()
    parallel.dispose()


def test_tickets_are_internally_consistent(small_db):
    db, _, _ = small_db
    with db.session() as s:
        tickets = s.scalars(select(Ticket).order_by(Ticket.number)).all()
        msgs = Counter(s.scalars(select(Message.ticket_id)))
        last = dict(s.execute(select(Message.ticket_id, func.max(Message.created_at)).group_by(Message.ticket_id)).all())
        tags: dict = {}
        for tid, tag in s.execute(select(TicketTag.ticket_id, TicketTag.tag)):
            tags.setdefault(tid, []).append(tag)
        channels = Counter()
        for t in tickets:
            assert t.message_count == msgs[t.id] >= 1
            assert t.updated_at == last[t.id] <= NOW
            assert t.created_at <= t.updated_at
            assert t.tags_text == " ".join(sorted(tags.get(t.id, [])))
            assert (t.sla_first_response_due, t.sla_resolution_due) == sla_due_times(t.created_at, t.priority, t.channel)
            assert t.sla_next_due == sla_next_due(t.status, t.first_response_at, t.sla_first_response_due, t.sla_resolution_due)
            if t.status in ("solved", "closed"):
                assert t.solved_at is not None and t.assignee_id is not None and t.sla_next_due is None
                assert t.updated_at <= t.solved_at <= NOW
            else:
                assert t.solved_at is None and t.created_at >= NOW - timedelta(days=7)
            if t.first_response_at is not None:
                assert t.created_at <= t.first_response_at <= t.updated_at
            channels[t.channel] += 1
        assert set(channels) == {"email", "chat", "phone", "sms", "social", "web"}
        assert tickets[0].created_at < NOW - timedelta(days=600)
        # SLA states of the active ones: mostly fine, some at risk, some breached.
        states = Counter(sla_state(t.sla_next_due, NOW) for t in tickets if t.status in ACTIVE_STATUSES)
        assert states["ok"] > states["at_risk"] > 0 and states["breached"] > 0
        # Lifetime value = orders that were not cancelled or refunded.
        for c in s.scalars(select(Customer)):
            totals = s.execute(select(Order.total, Order.status).where(Order.customer_id == c.id)).all()
            assert c.lifetime_value == sum(t for t, st in totals if st not in ("cancelled", "refunded"))
        # Linked orders belong to the ticket's customer and were placed before it.
        for t, o in s.execute(select(Ticket, Order).join(Order, Order.id == Ticket.order_id)):
            assert o.customer_id == t.customer_id and o.ordered_at < t.created_at
        # Phone numbers are unique; every customer has a primary phone.
        phones = s.scalars(select(ContactPoint.normalized).where(ContactPoint.kind == "phone")).all()
        assert len(phones) == len(set(phones))
        assert s.scalar(select(func.count(func.distinct(ContactPoint.customer_id))).where(
            ContactPoint.kind == "phone", ContactPoint.is_primary.is_(True))) == 60
        # Some inbound email messages carry a unique Message-ID; some customers pasted card numbers.
        assert s.scalar(select(func.count()).select_from(Message).where(Message.external_id.is_not(None))) > 0
        kinds = Counter(s.execute(select(Message.direction, Message.kind)).all())
        assert kinds["inbound", "reply"] and kinds["outbound", "reply"] and kinds["internal", "call_log"]


def test_the_screen_pop_customer(small_db):
    db, _, _ = small_db
    with db.session() as s:
        by_phone = find_customers(s, phone="010-1234-5678")
        assert [c.name for c in by_phone] == ["김민지"]
        assert find_customers(s, phone="+82 10 1234 5678") == by_phone
        assert find_customers(s, email="Minji.Kim@example.com") == by_phone
        c = customer_360(s, by_phone[0].id)
        kinds = {p.kind: p for p in c.products}
        assert kinds["credit_card"].limit_amount == 10_000_000 and kinds["credit_card"].available_amount == 6_550_000
        assert kinds["loan"].limit_amount > kinds["loan"].used_amount > 0
        assert len(c.orders) >= 3 and all(o.items for o in c.orders)
        assert all(o.number.startswith("ORD-") for o in c.orders)
        assert c.lifetime_value > 0
        assert len(c.channels_used) >= 3 and c.inquiry_total >= 5 and c.open_tickets >= 1


def test_every_view_has_work_for_the_signed_in_agent(small_db):
    db, _, _ = small_db
    with db.session() as s:
        me = current_agent(s)
        assert me.role == "agent" and me.login == "lee.junho"
        counts = tk.view_counts(s, me.id, now=NOW)
        assert set(counts) == set(tk.VIEWS)
        assert counts["all"] == 400
        for view in ("my_open", "unassigned", "urgent", "sla_at_risk", "pending"):
            assert counts[view] > 0, view
        page = tk.fetch_page(s, tk.TicketQuery(view="my_open"), me.id, 0, 50, now=NOW)
        assert page and all(r.assignee_name == me.name and r.status in ("new", "open") for r in page)


def test_search_finds_generated_conversations(small_db):
    db, _, _ = small_db
    with db.session() as s:
        assert tk.count_tickets(s, tk.TicketQuery(text="환불"), me=None) > 0
        assert tk.count_tickets(s, tk.TicketQuery(text="한도 조회"), me=None) > 0
        # A phrase only a message body (not a subject) contains.
        assert tk.count_tickets(s, tk.TicketQuery(text="통화 요약"), me=None) > 0


def test_fts_rows_are_what_index_ticket_text_writes(small_db, tmp_path):
    """Rebuild the index the slow way (index_ticket_text per message) and compare matches."""
    db, _, _ = small_db
    ref = _sqlite(tmp_path, "ref.db")
    with db.session() as s, ref.session() as r:
        rows = s.execute(select(Ticket.id, Ticket.number, Ticket.subject).order_by(Ticket.number).limit(120)).all()
        bodies: dict = {}
        for tid, body in s.execute(select(Message.ticket_id, Message.body).where(Message.ticket_id.in_([x.id for x in rows]))
                                   .order_by(Message.created_at)):
            bodies.setdefault(tid, []).append(body)
        terms = set()
        for tid, number, subject in rows:
            tk.index_ticket_text(r, number, 0, subject)
            for seq, body in enumerate(bodies[tid], start=1):
                tk.index_ticket_text(r, number, seq, body)
                terms.update(textsearch.index_text(body).split()[:3])
        last = rows[-1].number << tk.FTS_SEQ_BITS | ((1 << tk.FTS_SEQ_BITS) - 1)
        for term in sorted(terms)[:80]:
            q = text("SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH :m AND rowid <= :last ORDER BY rowid")
            args = {"m": '"' + term.replace('"', '""') + '"', "last": last}
            assert s.execute(q, args).scalars().all() == r.execute(q, args).scalars().all(), term
    ref.dispose()


def test_refuses_a_workspace_with_data(small_db):
    db, _, _ = small_db
    with pytest.raises(ValueError, match="already has data"):
        demo.generate(db, customers=5, tickets=5, now=NOW)


def test_ensure_demo_workspace_only_on_an_empty_one(tmp_path, monkeypatch):
    monkeypatch.setattr(generator, "DEMO_CUSTOMERS", 20)
    monkeypatch.setattr(generator, "DEMO_TICKETS", 60)
    db = _sqlite(tmp_path, "first-run.db")
    assert demo.ensure_demo_workspace(db) is True
    assert demo.ensure_demo_workspace(db) is False
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Ticket)) == 60
        assert current_agent(s).login == "lee.junho"
    db.dispose()


def test_progress_is_reported(tmp_path):
    db = _sqlite(tmp_path, "p.db")
    seen = []
    demo.generate(db, customers=20, tickets=50, now=NOW, progress=lambda *a: seen.append(a))
    stages = [a[0] for a in seen]
    assert stages[0] == "setup" and stages[-1] == "done"
    assert ("customers", 20, 20) in seen and ("tickets", 50, 50) in seen
    db.dispose()


def test_works_on_both_backends(any_db):
    counts = demo.generate(any_db, customers=40, tickets=200, seed=2, now=NOW)
    assert counts["tickets"] == 200
    with any_db.session() as s:
        me = current_agent(s)
        counts = tk.view_counts(s, me.id, now=NOW)
        assert counts["all"] == 200 and counts["my_open"] > 0
        assert tk.count_tickets(s, tk.TicketQuery(text="환불"), me=None) > 0
        minji = find_customers(s, phone="01012345678")
        assert [c.name for c in minji] == ["김민지"]
        c = customer_360(s, minji[0].id)
        assert any(p.kind == "credit_card" and p.limit_amount > 0 for p in c.products)
        assert c.orders and c.orders[0].items
        t = s.scalar(select(Ticket).order_by(Ticket.number.desc()).limit(1))
        assert t.created_at.tzinfo is not None
        detail = tk.get_detail(s, t.number)
        assert len(detail.messages) == t.message_count


def test_the_same_rows_on_postgresql_as_on_sqlite(pg_db, tmp_path):
    lite = _sqlite(tmp_path, "lite.db")
    demo.generate(lite, customers=20, tickets=80, seed=4, now=NOW)
    demo.generate(pg_db, customers=20, tickets=80, seed=4, now=NOW)
    q = select(Ticket.id, Ticket.number, Ticket.subject, Ticket.created_at, Ticket.sla_next_due, Ticket.tags_text).order_by(Ticket.number)
    mq = select(Message.id, Message.body, Message.created_at).order_by(Message.id)
    with lite.session() as a, pg_db.session() as b:
        assert a.execute(q).all() == b.execute(q).all()
        assert a.execute(mq).all() == b.execute(mq).all()
        # The planner's statistics come with the load (autovacuum may be off or late).
        analysed = b.execute(text("SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL")).scalars().all()
        assert {"tickets", "messages", "ticket_fts", "customers"} <= set(analysed)
    lite.dispose()


def test_copy_and_core_writers_agree_on_postgresql(pg_db):
    demo.generate(pg_db, customers=15, tickets=60, seed=6, now=NOW, _writer="core")
    with pg_db.session() as s:
        core = {name: sorted(s.execute(select(table)).all(), key=repr)
                for name, (table, _) in demo.TABLES.items() if table is not None}
        core["ticket_fts"] = s.execute(text("SELECT rowid, tsv::text FROM ticket_fts ORDER BY rowid")).all()
        assert len(core["ticket_fts"]) > len(core["messages"])  # the search index (migration 0034) too
        s.execute(text("DELETE FROM ticket_fts"))
        for name in reversed(list(core)):
            if name != "ticket_fts":
                s.execute(demo.TABLES[name][0].delete())
        for model in (Template, KnowledgeArticle, SavedView, Agent):
            s.execute(model.__table__.delete())
        s.execute(text("DELETE FROM teams"))
        s.execute(text("DELETE FROM workspace_settings"))
    demo.generate(pg_db, customers=15, tickets=60, seed=6, now=NOW)  # COPY
    with pg_db.session() as s:
        for name, rows in core.items():
            if name == "ticket_fts":
                assert s.execute(text("SELECT rowid, tsv::text FROM ticket_fts ORDER BY rowid")).all() == rows
                continue
            assert sorted(s.execute(select(demo.TABLES[name][0])).all(), key=repr) == rows, name


def test_bulk_load_settings_and_indexes_are_restored(tmp_path):
    db = _sqlite(tmp_path, "w.db")
    index_sql = "SELECT tbl_name, name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL ORDER BY name"
    with db.engine.connect() as c:
        before = [tuple(r) for r in c.exec_driver_sql(index_sql)]
    loaded = {table.name for table, _ in demo.TABLES.values() if table is not None}
    w = writers._RawSqliteWriter(db, bulk=True)
    conn = w.conn
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 0
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 0
    assert conn.execute(index_sql).fetchall() == [r for r in before if r[0] not in loaded]
    assert any(r[0] == "tickets" for r in before)
    automerge = "SELECT v FROM ticket_fts_config WHERE k = 'automerge'"
    assert conn.execute(automerge).fetchone() == (0,)
    hashsize = "SELECT v FROM ticket_fts_config WHERE k = 'hashsize'"
    assert conn.execute(hashsize).fetchone() == (64 << 20,)
    w.write("ticket_fts", [(1001 << 12, "환불 요청"), (1001 << 12 | 1, "refund")])
    w.finish()
    w.commit()
    w.close()
    assert conn.execute(automerge).fetchone() == (4,)
    assert conn.execute(hashsize).fetchone() == (1 << 20,)  # FTS5's default
    hits = conn.execute("SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH '환불'").fetchall()
    assert hits == [(1001 << 12,)]
    assert conn.execute(index_sql).fetchall() == before
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL, as db.py sets it
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA temp_store").fetchone()[0] == 2
    assert conn.execute("PRAGMA threads").fetchone()[0] == 0
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA cache_size").fetchone()[0] == -CACHE_KIB  # as db.py sets it
    db.dispose()


@pytest.mark.parametrize("agents", [1, 2, 5])
def test_tiny_workspaces(tmp_path, agents):
    db = _sqlite(tmp_path, "tiny.db")
    counts = demo.generate(db, customers=1, tickets=45, agents=agents, articles=3, now=NOW)
    assert counts["customers"] == 1 and counts["agents"] == agents and counts["kb_articles"] == 3
    with db.session() as s:
        me = current_agent(s)
        assert tk.view_counts(s, me.id, now=NOW)["my_open"] > 0
        assert {a.language for a in s.scalars(select(KnowledgeArticle))} == {"ko", "en"}
    db.dispose()



def test_bulk_load_gives_the_agent_indexes_exact_statistics(tmp_path, monkeypatch):
    """Big loads analyse with analysis_limit (fast), but the agent indexes get a full
    ANALYZE: sampled stats said 1,001 tickets per assignee at a million tickets (true: 90,910),
    and SQLite then sorted 100k rows for the assignee filter instead of walking its index."""
    init = writers._RawSqliteWriter.__init__

    def bulk(self, db, bulk, tickets=0, **kw):  # the big-load path at a size a test can afford
        init(self, db, True, tickets, **kw)

    monkeypatch.setattr(writers._RawSqliteWriter, "__init__", bulk)
    db = _sqlite(tmp_path, "bulk.db")
    demo.generate(db, customers=300, tickets=15_000, now=NOW)
    names = ", ".join(f"'{name}'" for name in writers.AGENT_INDEXES)
    stats = f"SELECT idx, stat FROM sqlite_stat1 WHERE idx IN ({names}) ORDER BY idx"
    with db.engine.connect() as c:
        loaded = c.exec_driver_sql(stats).all()
        c.exec_driver_sql("PRAGMA analysis_limit=0")
        for name in writers.AGENT_INDEXES:
            c.exec_driver_sql(f"ANALYZE {name}")
        exact = c.exec_driver_sql(stats).all()
    assert len(loaded) == 2 and loaded == exact
    db.dispose()


FTS_SHADOW = ("ticket_fts_data", "ticket_fts_idx", "ticket_fts_docsize", "ticket_fts_config")


def test_the_worker_builds_the_same_search_index(tmp_path, monkeypatch):
    """Big loads with one ticket worker: the worker builds ticket_fts in a file of its own and
    the load copies it in. The same rows and the same index, byte for byte, as the parent
    building it in place; the scratch file is gone; the workspace's connections search the copy."""
    init = writers._RawSqliteWriter.__init__

    def bulk(self, db, bulk, tickets=0, **kw):  # the big-load path at a size a test can afford
        init(self, db, True, tickets, **kw)

    adopt = writers._RawSqliteWriter.adopt_fts
    adopted = []

    def spy(self, path):
        adopted.append(path)
        adopt(self, path)

    monkeypatch.setattr(writers._RawSqliteWriter, "__init__", bulk)
    monkeypatch.setattr(writers._RawSqliteWriter, "adopt_fts", spy)
    built = {}
    # 0: the parent writes the index in place; 1: the worker's file, indexed in the
    # worker's spare time during the ticket stage (idle 0: whenever it waited at all) or
    # only after the last batch (idle inf).
    for run, (workers, idle) in enumerate([(0, 0.0), (1, 0.0), (1, float("inf"))]):
        monkeypatch.setattr(writers, "FTS_IDLE_S", idle)
        folder = tmp_path / f"w{run}"
        folder.mkdir()
        db = _sqlite(folder, "ws.db")
        counts = demo.generate(db, customers=1000, tickets=2400, now=NOW, workers=workers, _batch=400)
        assert counts["ticket_fts"] == counts["tickets"] + counts["messages"]
        with db.session() as s:  # the pooled connection that wrote the load is not the one used here
            assert tk.count_tickets(s, tk.TicketQuery(text="환불"), me=None) > 0
        db.dispose()
        assert sorted(p.name for p in folder.iterdir()) == ["ws.db"]  # no scratch folder left
        con = sqlite3.connect(folder / "ws.db")
        built[run] = {t: con.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in FTS_SHADOW}
        assert con.execute("INSERT INTO ticket_fts(ticket_fts, rank) VALUES ('integrity-check', 0)").fetchall() == []
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
        built[run]["rows"] = _dump(folder / "ws.db")
        assert len(adopted) == run
    assert built[0] == built[1] == built[2]


@pytest.mark.parametrize("failing", ["adopt_fts", "knowledge index"])
def test_a_failed_load_leaves_no_search_index_file(tmp_path, monkeypatch, failing):
    """Failing while copying the worker's index in, or after it: nothing kept, no scratch
    file, and the workspace takes the demo again."""
    init = writers._RawSqliteWriter.__init__

    def bulk(self, db, bulk, tickets=0, **kw):
        init(self, db, True, tickets, **kw)

    def fail(self, *a, **kw):
        raise RuntimeError("load failed")

    monkeypatch.setattr(writers._RawSqliteWriter, "__init__", bulk)
    monkeypatch.setattr(writers._RawSqliteWriter if failing == "adopt_fts" else writers._Writer,
                        "adopt_fts" if failing == "adopt_fts" else "finish", fail)
    db = _sqlite(tmp_path, "ws.db")
    with pytest.raises(RuntimeError, match="load failed"):
        demo.generate(db, customers=100, tickets=1200, now=NOW, workers=1, _batch=400)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Ticket)) == 0
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("ws.db")) == []
    monkeypatch.undo()
    counts = demo.generate(db, customers=100, tickets=1200, now=NOW, workers=1, _batch=400)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Ticket)) == counts["tickets"] == 1200
        assert tk.count_tickets(s, tk.TicketQuery(text="환불"), me=None) > 0
    db.dispose()
