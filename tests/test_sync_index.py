"""A replica indexes pulled messages for text search in batches (one lookup and one
executemany per page of rows, not two SELECTs and an INSERT per message): the index a
pull leaves is exactly the one message-by-message indexing left, and text search finds
what was pulled."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select, update

from agentdesk.models import utcnow
from agentdesk.services import textsearch, tickets
from agentdesk.sync import replica as replica_module
from agentdesk.services.tickets import FTS_SEQ_BITS
from tests.conftest import fresh_pg_database
from tests.factories import seed_small
from tests.sync_index_support import index_messages_one_by_one, index_rows, message, next_version
from tests.test_sync_support import T, agent_id, client, close, replica

NEW_TICKETS = 30  # each created with 4 messages in one version
REPLIES = 80  # one version each, three in a row on one ticket, over old and new tickets
WINDOW = 9  # versions per pulled window: the pull spans many windows
WORDS = ["zqnew7", "refund12", "배송 지연", "배송지연", "한도조회", "한도 조회", "zqreply0", "zqreply79", "zqlocal", "zqsystem",
         "분실", "문의", "customer"]


def _write_server_changes(server, team: uuid.UUID, old: list[uuid.UUID]) -> dict[str, int]:
    """New tickets, replies on old and new tickets, a merge's system note and messages
    sent again (a new version of rows the replica has), each change a version of its own."""
    tk, msgs = T["tickets"], T["messages"]
    at = utcnow() - timedelta(hours=1)
    numbers: dict[str, int] = {}
    with server.engine.begin() as conn:
        number = conn.execute(select(func.max(tk.c.number))).scalar_one()
        made = []
        for k in range(NEW_TICKETS):
            v, tid, number = next_version(conn), uuid.uuid4(), number + 1
            t_at = at + timedelta(seconds=k)
            conn.execute(insert(tk).values(id=tid, number=number, subject=f"신규 문의 {k}", channel="email", status="open",
                                           priority="normal", priority_rank=2, category="", team_id=team,
                                           created_at=t_at, updated_at=t_at, message_count=4, tags_text="", rev=v))
            # The first message has a compound (배송지연) whose words the last one repeats apart: each
            # message of the page must keep its own positions for the compound to be found.
            bodies = [f"배송이 지연되고 있어요 배송지연 문의 zqnew{k}", f"환불 요청합니다 refund{k}", "카드 분실 신고",
                      f"한도 조회 부탁드려요 주문 {k} 지연 말고 배송 확인"]
            conn.execute(insert(msgs), [message(tid, b, t_at + timedelta(microseconds=j), v) for j, b in enumerate(bodies)])
            made.append(tid)
            numbers[f"zqnew{k}"] = number
        on = old + made
        for j in range(REPLIES):
            v = next_version(conn)
            tid = on[(j // 3) % len(on)]
            body = f"customer reply zqreply{j} 한도조회"
            conn.execute(insert(msgs).values(**message(tid, body, at + timedelta(minutes=5, seconds=j), v)))
        v = next_version(conn)
        conn.execute(insert(msgs).values(**message(old[0], '{"event": "merged", "into": 1, "note": "zqsystem"}',
                                                   at + timedelta(minutes=10), v, kind="system")))
        v = next_version(conn)
        resent = conn.execute(select(msgs.c.id).where(msgs.c.ticket_id.in_(made[:3]))).scalars().all()
        conn.execute(update(msgs).where(msgs.c.id.in_(resent)).values(rev=v))
    return numbers


@pytest.fixture(scope="module")
def pulled(tmp_path_factory):
    """Two replicas of one agent, each with a note written offline, after the same pull:
    one indexing as the replica now does, one indexing message by message."""
    tmp = tmp_path_factory.mktemp("sync-index")
    with fresh_pg_database() as server:
        seed_small(server)
        me = agent_id(server, "kim.minji")
        with server.engine.connect() as conn:
            team = conn.execute(select(T["agents"].c.team_id).where(T["agents"].c.id == me)).scalar_one()
            old = conn.execute(select(T["tickets"].c.id).where(T["tickets"].c.team_id == team)
                               .order_by(T["tickets"].c.number)).scalars().all()
        t1 = seed_numbers(server, old[:1])[0]
        batched, one_by_one = replica(tmp, "batched", "kim.minji"), replica(tmp, "one-by-one", "kim.minji")
        mp = pytest.MonkeyPatch()
        try:
            ca = client(batched, server)
            batched.add_note(t1, "오프라인 메모 zqlocal 한도 조회")
            mp.setattr(replica_module, "_index_messages", index_messages_one_by_one)
            cb = client(one_by_one, server)
            one_by_one.add_note(t1, "오프라인 메모 zqlocal 한도 조회")
            mp.undo()
            numbers = _write_server_changes(server, team, old)
            ca.window = cb.window = WINDOW
            results = [ca.pull_once()]
            mp.setattr(replica_module, "_index_messages", index_messages_one_by_one)
            results.append(cb.pull_once())
        finally:
            mp.undo()
        for c, res in zip((ca, cb), results):
            assert res is not None and not res.full, c.status().last_error
        assert results[0].rows == results[1].rows > NEW_TICKETS * 5 + REPLIES
        yield batched, one_by_one, {**numbers, "t1": t1}
        close(batched, one_by_one)


def seed_numbers(server, ids: list[uuid.UUID]) -> list[int]:
    with server.engine.connect() as conn:
        number = dict(conn.execute(select(T["tickets"].c.id, T["tickets"].c.number).where(T["tickets"].c.id.in_(ids))).all())
    return [number[i] for i in ids]


def _search(rep, words) -> dict[str, list[int]]:
    with rep.db.session() as s:
        return {w: sorted(r.number for r in tickets.fetch_page(s, tickets.TicketQuery(text=w), None, 0, 500)) for w in words}


def test_a_batched_pull_leaves_the_index_message_by_message_indexing_left(pulled):
    batched, one_by_one, _numbers = pulled
    mine, reference = index_rows(batched.db), index_rows(one_by_one.db)
    assert len(mine["rowids"]) > 2 * NEW_TICKETS
    assert mine["rowids"] == reference["rowids"]
    assert mine["terms"] == reference["terms"]
    assert _search(batched, WORDS) == _search(one_by_one, WORDS)


def test_every_word_of_every_message_is_indexed_under_its_ticket(pulled):
    """Independent of the reference: the index holds each ticket's subject and text
    messages (not a merge's system note), word by word, under the ticket's number."""
    batched, _, _ = pulled
    tk, msgs = T["tickets"], T["messages"]
    with batched.engine.connect() as conn:
        subjects = conn.execute(select(tk.c.number, tk.c.subject)).all()
        bodies = conn.execute(select(tk.c.number, msgs.c.body).join(tk, tk.c.id == msgs.c.ticket_id)
                              .where(msgs.c.kind != "system")).all()
    expected = {(term, number) for number, doc in [*subjects, *bodies] for term in textsearch.index_text(doc).split()}
    indexed = {(term, doc >> FTS_SEQ_BITS) for term, doc, _col, _offset in index_rows(batched.db)["terms"]}
    assert "zqsystem" not in {term for term, _number in indexed}
    assert indexed == expected


def test_text_search_finds_pulled_messages(pulled):
    batched, _, numbers = pulled
    found = _search(batched, WORDS)
    assert found["zqnew7"] == [numbers["zqnew7"]]  # the first message of a ticket created on the server
    assert found["refund12"] == [numbers["zqnew12"]]  # its second
    assert set(found["배송 지연"]) >= {numbers[f"zqnew{k}"] for k in range(NEW_TICKETS)} and len(found["분실"]) >= NEW_TICKETS
    # A compound in an earlier message of the page (the messages once shared one index row,
    # which kept only the last one's positions: 배송지연 was not found).
    assert set(found["배송지연"]) >= {numbers[f"zqnew{k}"] for k in range(NEW_TICKETS)}
    assert found["zqreply0"] == [numbers["t1"]] and len(found["zqreply79"]) == 1  # replies on an old and on a new ticket
    assert found["한도조회"] == found["한도 조회"] and len(found["한도조회"]) > NEW_TICKETS  # the bigram bridge (textsearch)
    assert found["zqlocal"] == [numbers["t1"]]  # the note written offline, still pending
    assert found["zqsystem"] == []  # a merge's note is an event, not text
