"""Ticket text search on PostgreSQL (migration 0034): the same matches as SQLite's FTS5,
from a GIN-indexed tsvector table written by every path that writes FTS5 rows."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from alembic import command
from hypothesis import given, settings, strategies as st
from sqlalchemy import select, text

from agentdesk.db import alembic_config, head_revision
from agentdesk.models import Agent, Team, Ticket, utcnow
from agentdesk.services import textsearch
from agentdesk.services import tickets as tk
from agentdesk.services.tickets import TicketQuery

# (subject, first message, later messages): Korean with particles and spacing variants,
# English, identifiers, numbers, accents, quotes.
TICKETS = [
    ("카드 한도 조회 부탁드립니다", "제 카드 한도가 얼마인지 알고 싶어요.", ["한도조회 다시 요청합니다"]),
    ("배송 지연 문의", "주문한 이어폰이 아직 안 왔어요. 환불 가능한가요?", ["택배사 분실 확인 후 재발송"]),
    ("환불 요청", "결제 취소 후 환불이 안 됐어요", ["환불금액 확인 부탁"]),
    ("Refund for order ORD-2026-0000123", "I was charged twice, please refund.", ["Refunded on 2026-12-01"]),
    ("Password reset", "Can't log in: password_reset link expired", ["O'Brien asked again"]),
    ("Café loyalty points", "Points from the café were not credited", ["snake_case_id 42 missing"]),
    ("포인트 누락", "포인트 적립이 안됐어요 (주문번호 15553)", ["적립 완료"]),
    ("한", "한 글자 제목", []),
]
QUERIES = [
    "환불", "환불 요청", "환불요청", "한도 조회", "한도조회", "한도를", "한도가 얼마", "배송지연", "배송 지연", "환", "한",
    "refund", "refu", "Refunded", "REFUND order", "ord 2026", "ORD-2026-0000123", "password", "password_reset",
    "password_re", "can't", "o'brien", "O'Brien asked", "cafe", "café", "CAFÉ", "snake", "case_id", "42", "15553",
    "#15553", "'", "\"", "'; DROP TABLE tickets; --", "...", "!!", "*", "환불*", "refund OR password", "NEAR(refund)",
    "\\", "a:b", "(한도)", "&", "|", "<->", "!refund", "x" * 600,
]


def _fill(db) -> None:
    now = utcnow() - timedelta(days=1)
    with db.session() as s:
        team = Team(name="상담팀")
        s.add(team)
        s.flush()
        agent = Agent(login="kim.minji", name="김민지", role="agent", team_id=team.id)
        s.add(agent)
        s.flush()
        for n, (subject, body, replies) in enumerate(TICKETS):
            t = tk.create_ticket(s, subject=subject, body=body, channel="email", customer_id=None,
                                 team_id=team.id, now=now + timedelta(minutes=n))
            for k, reply in enumerate(replies):
                tk.add_message(s, t.number, agent, reply, kind="note", now=now + timedelta(minutes=n, seconds=k + 1))
        s.commit()


def _hits(db) -> dict[str, list[str]]:
    """Each query's matching tickets, by subject (the numbers are each database's own)."""
    with db.session() as s:
        return {q: sorted(s.scalars(select(Ticket.subject).where(tk._text_condition(s, q)))) for q in QUERIES}


def test_the_same_queries_find_the_same_tickets_on_sqlite_and_postgresql(sqlite_db, pg_db):
    _fill(sqlite_db)
    _fill(pg_db)
    on_sqlite, on_pg = _hits(sqlite_db), _hits(pg_db)
    assert on_pg == on_sqlite
    # …and they are the matches meant, not two ways of finding nothing.
    assert on_pg["한도가 얼마"] == on_pg["한도조회"] == ["카드 한도 조회 부탁드립니다"]
    assert on_pg["한도를"] == []  # a particle the text does not have: every bigram is required
    assert on_pg["refu"] == ["Refund for order ORD-2026-0000123"]
    assert on_pg["cafe"] == on_pg["CAFÉ"] == ["Café loyalty points"]
    assert on_pg["case_id"] == ["Café loyalty points"]
    assert on_pg["#15553"] == ["포인트 누락"]
    assert on_pg["환"] == sorted(["배송 지연 문의", "환불 요청"])
    assert on_pg["'"] == on_pg["..."] == on_pg["'; DROP TABLE tickets; --"] == []


def test_counts_and_pages_use_the_index_on_postgresql(pg_db):
    _fill(pg_db)
    with pg_db.session() as s:
        q = TicketQuery(text="환불")
        assert tk.count_results(s, q, None).n == 2 and tk.count_results(s, q, None).exact
        page = tk.fetch_page(s, q, None, 0, 10, dense_text=True)
        assert [r.subject for r in page] == ["환불 요청", "배송 지연 문의"]


def test_a_search_with_more_matches_than_it_reads_is_a_lower_bound_on_postgresql(pg_db, monkeypatch):
    _fill(pg_db)
    monkeypatch.setattr(tk, "SEARCH_ROW_CAP", 2)  # '환불' is in 4 rows of 2 tickets
    with pg_db.session() as s:
        count = tk.count_results(s, TicketQuery(text="환불"), None)
        assert (count.n, count.exact) == (1, False)  # the newest 2 rows are both of "환불 요청"


def test_the_postgresql_search_reads_the_gin_index(pg_db):
    """The probe of the newest tickets' matches (tickets._pg_hits) is one GIN index scan."""
    _fill(pg_db)
    qs = [textsearch.pg_tsquery(textsearch.pg_words("한도 조회") or [], [0])]
    with pg_db.session() as s:
        s.execute(text("SET LOCAL enable_seqscan = off"))  # a table of 8 tickets is otherwise read whole
        plan = "\n".join(s.execute(text("EXPLAIN " + tk._PG_PROBE.text), {"qs": qs}).scalars())
        assert "ix_ticket_fts_tsv" in plan, plan
        assert sorted(s.scalar(tk._PG_PROBE, {"qs": qs})) == [1001 << 12, 1001 << 12 | 2]


def test_the_migration_indexes_the_tickets_a_postgresql_workspace_already_has(pg_db):
    _fill(pg_db)
    with pg_db.session() as s:
        agent = s.scalar(select(Agent))
        tk.merge_tickets(s, 1003, 1002, agent)  # each gets a system note, which takes a sequence
        tk.add_message(s, 1002, agent, "병합 후 추가 메모", kind="note")
        s.commit()
    rows = "SELECT rowid, tsv::text FROM ticket_fts ORDER BY rowid"
    with pg_db.engine.connect() as c:
        written = c.execute(text(rows)).all()
    assert len(written) == len(TICKETS) + sum(1 + len(r) for _s, _b, r in TICKETS) + 1
    cfg = alembic_config(pg_db.engine)
    command.downgrade(cfg, "0033")
    with pg_db.engine.connect() as c:
        assert c.execute(text("SELECT to_regclass('ticket_fts')")).scalar() is None
    command.upgrade(cfg, "head")
    with pg_db.engine.connect() as c:
        assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
        assert c.execute(text(rows)).all() == written
    with pg_db.session() as s:
        assert s.scalars(select(Ticket.number).where(tk._text_condition(s, "병합"))).all() == [1002]


# --- the terms: what FTS5's unicode61 tokenizer makes of index_text's output ------------
ALPHABET = "가나다한도환불 \t.,!?-_'\"()aZé1２ÄçØłέΩ\u0301ア漢x"


def _fts5_tokens(conn: sqlite3.Connection, doc: str) -> list[str]:
    conn.execute("DELETE FROM f")
    conn.execute("INSERT INTO f(rowid, doc) VALUES (1, ?)", (doc,))
    return [t for t, _o in sorted(conn.execute("SELECT term, offset FROM v"), key=lambda r: r[1])]


@pytest.fixture(scope="module")
def fts5():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5(doc, tokenize='unicode61 remove_diacritics 2')")
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(f, instance)")
    yield conn
    conn.close()


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_postgresql_documents_hold_the_tokens_fts5_reads(fts5, raw):
    doc = textsearch.index_text(raw)
    assert textsearch.pg_terms(doc) == _fts5_tokens(fts5, doc)


def test_tsvector_and_tsquery_literals_quote_every_term_and_name_the_block():
    assert textsearch.pg_tsvector("한도 도조 조회 limit", 1001) == "'0#한도':1 '0#도조':2 '0#조회':3 '0#limit':4"
    assert textsearch.pg_tsvector("o_brien", 1_000_000) == "'244#o':1 '244#brien':2"
    long = textsearch.pg_tsvector(" ".join(["w"] * 20000), 1)
    assert "'0#w':16383 " in long and ":16384" not in long
    assert textsearch.pg_words("'") is None and textsearch.pg_words("___") == []
    words = textsearch.pg_words("한도조회 ref")
    assert words == [(["한도", "도조", "조회"], False), (["ref"], True)]
    assert textsearch.pg_tsquery(words, [61, 60]) == ("(('61#한도' <-> '61#도조' <-> '61#조회') & '61#ref':*)"
                                                      " | (('60#한도' <-> '60#도조' <-> '60#조회') & '60#ref':*)")
    assert textsearch.pg_tsquery(textsearch.pg_words("o'brien") or [], [0]) == "('0#o' & '0#brien':*)"


def test_the_newest_blocks_are_read_first_and_only_as_far_as_the_cap_needs(pg_db, monkeypatch):
    monkeypatch.setattr(textsearch, "PG_BLOCK_BITS", 0)  # a block per ticket
    monkeypatch.setattr(tk, "SEARCH_ROW_CAP", 2)
    with pg_db.session() as s:
        for n in range(6):
            tk.create_ticket(s, subject=f"배송 문의 {n}", body="언제 오나요", channel="chat", customer_id=None)
        s.commit()
    asked: list[str] = []
    with pg_db.session() as s:
        real = s.scalar
        monkeypatch.setattr(s, "scalar", lambda stmt, params=None: asked.append(" ".join((params or {}).get("qs", [])))
                            or real(stmt, params))
        assert tk._pg_hits(s, "배송") == ([1006, 1005], True)
    # 1006 alone, then the two blocks the density says: never 1003, 1002 or 1001.
    asked = [q for q in asked if q]  # the probes (the first scalar is the newest rowid)
    assert len(asked) == 2 and "1006#" in asked[0] and "1004#" in asked[1] and "1003#" not in asked[1]


def test_demo_data_is_indexed_as_the_services_index_it_and_searched_alike(pg_db, sqlite_db):
    """The demo's COPY rows are what the migration's backfill (the services' rule) makes of
    the same tickets, and the demo workspace answers like its SQLite twin."""
    import importlib.util

    from agentdesk import demo
    from agentdesk.db import MIGRATIONS_DIR

    now = utcnow().replace(microsecond=0)
    demo.generate(pg_db, customers=30, tickets=300, seed=3, now=now)
    demo.generate(sqlite_db, customers=30, tickets=300, seed=3, now=now)
    rows = "SELECT rowid, tsv::text FROM ticket_fts ORDER BY rowid"
    spec = importlib.util.spec_from_file_location("m0034", MIGRATIONS_DIR / "versions" / "0034_pg_ticket_search.py")
    assert spec is not None and spec.loader is not None
    m0034 = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m0034)
    with pg_db.engine.begin() as c:
        copied = c.execute(text(rows)).all()
        c.execute(text("DELETE FROM ticket_fts"))
        assert m0034.backfill(c) == len(copied)
        assert c.execute(text(rows)).all() == copied
    with sqlite_db.session() as a, pg_db.session() as b:
        for q in ("환불", "한도 조회", "배송지연", "password", "refu", "환", "카드 분실", "ord", "#1150", "'"):
            find = select(Ticket.number).where(tk._text_condition(a, q)).order_by(Ticket.number)
            assert a.scalars(find).all() == b.scalars(
                select(Ticket.number).where(tk._text_condition(b, q)).order_by(Ticket.number)).all(), q


def test_what_desks_push_is_searchable_on_the_team_database(pg_db, tmp_path):
    """The team server writes replies, notes, new tickets and subject changes itself
    (server/handlers.py), as the agent's database role under row-level security."""
    from tests.factories import seed_small
    from tests.test_sync_support import client, close, replica

    ids = seed_small(pg_db)
    a = replica(tmp_path, "a", "kim.minji")
    ca = client(a, pg_db)
    a.add_message(ids["t2"], "택배사 분실 확인 후 재발송")
    a.set_ticket_fields(ids["t2"], subject="배송 분실 재발송")
    ca.sync_once()
    with pg_db.session() as s:
        def found(q):
            return s.scalars(select(Ticket.number).where(tk._text_condition(s, q))).all()

        assert found("재발송") == [ids["t2"]] and found("택배사") == [ids["t2"]]
        assert found("배송 지연") == []  # the old subject is gone from the index (its body says 안 왔어요)
    close(a)


def test_a_sessions_own_write_is_found_by_its_next_search(pg_db):
    """_pg_hits keeps a session's matches for its count, page and badges, not past a write."""
    _fill(pg_db)
    with pg_db.session() as s:
        assert tk.count_results(s, TicketQuery(text="재발급"), None).n == 0
        tk.add_message(s, 1001, s.scalar(select(Agent)), "카드 재발급 안내", kind="note")
        assert tk.count_results(s, TicketQuery(text="재발급"), None).n == 1


def test_a_word_longer_than_a_postgresql_lexeme_is_indexed_cut_not_refused(pg_db):
    """A lexeme may have 2,046 bytes; a hex dump in a mail is one 'word' of 3,000."""
    _fill(pg_db)
    with pg_db.session() as s:
        tk.add_message(s, 1001, s.scalar(select(Agent)), "덤프 " + "ab" * 1500, kind="note")
        s.commit()
    with pg_db.session() as s:
        assert s.scalars(select(Ticket.number).where(tk._text_condition(s, "abab"))).all() == [1001]
