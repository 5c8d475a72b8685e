"""The web chat's API (server/webchat.py) against the real team server on a socket and a
real PostgreSQL: a chat becomes a chat ticket in the configured team's queue, an agent's
reply written by a desk through the usual sync reaches the visitor's stream live, typing
goes both ways, only the token's hash is stored, a token opens its own conversation
only, other sites' pages are refused, and floods and oversized input are refused."""

from __future__ import annotations

import json
import queue
import threading
import time

import pytest
from sqlalchemy import text

from agentdesk import chat_rules
from agentdesk.server.webchat import ChatLimits
from tests.conftest import fresh_pg_database
from tests.factories import seed_small
from tests.webchat_support import ChatServer, Desk, Visitor, chat_tickets, set_chat_settings

SITE = "https://www.example.co.kr"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    with fresh_pg_database() as db:
        ids = seed_small(db)
        set_chat_settings(db, origins=f"{SITE}, https://example.co.kr", team="카드상담팀")
        server = ChatServer(db, chat_limits=ChatLimits(starts_per_min=600, start_burst=40, message_burst=6,
                                                       messages_per_s=0.2))
        desk = Desk(tmp_path_factory.mktemp("desk"), db, "kim.minji")
        try:
            yield db, ids, server, desk
        finally:
            desk.close()
            server.close()


def _reader(visitor: Visitor) -> tuple[queue.Queue, threading.Thread]:
    """The visitor's stream, read on a thread into a queue."""
    events: queue.Queue = queue.Queue()

    def run():
        try:
            with visitor.stream() as stream:
                for item in stream:
                    events.put(item)
        except Exception as exc:  # noqa: BLE001 - the test closes the client under it
            events.put(("closed", {"error": str(exc)}))

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return events, t


def _end(server, visitor: Visitor, reader: threading.Thread) -> None:
    server.app.state.webchat.end_streams()
    reader.join(5)
    visitor.close()


def _next(events: queue.Queue, kind: str, timeout: float = 5.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"no {kind} event within {timeout} s")
        event, data = events.get(timeout=left)
        if event == kind:
            return data


def test_a_chat_becomes_a_ticket_and_the_agents_reply_arrives_live(world):
    db, ids, server, desk = world
    v = Visitor(server.url, origin=SITE)
    started = v.start(name="홍길동")
    assert started["after_hours"] is False and len(started["token"]) >= 40
    r = v.send("안녕하세요, 카드 분실 신고하려고요")
    assert r.status_code == 200, r.text
    assert r.headers["access-control-allow-origin"] == SITE
    tickets = [t for t in chat_tickets(db) if t.subject.startswith("안녕하세요")]
    assert len(tickets) == 1
    ticket = tickets[0]
    with db.engine.connect() as c:
        team = c.execute(text("SELECT id FROM teams WHERE name = '카드상담팀'")).scalar()
        row = c.execute(text("SELECT token_hash, ticket_id, origin, name FROM chat_conversations "
                             "WHERE ticket_id = :t"), {"t": ticket.id}).one()
    assert ticket.team_id == team
    # Only the hash is kept: the token itself is nowhere in the table.
    assert row.token_hash == chat_rules.token_hash(v.token) and row.origin == SITE and row.name == "홍길동"
    with db.engine.connect() as c:
        dump = c.execute(text("SELECT row_to_json(x)::text FROM chat_conversations x")).scalars().all()
    assert all(v.token not in line for line in dump)

    # The same message id again (a retry after a dropped answer) is stored once.
    mid = "6f1b0f54-3c1e-4f38-9d36-3d3c1f3f0a11"
    assert v.send("두 번째", mid).status_code == 200
    again = v.send("두 번째", mid)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    with db.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM messages WHERE ticket_id = :t"), {"t": ticket.id}).scalar() == 2

    events, reader = _reader(v)
    history = _next(events, "history")
    assert [m["text"] for m in history["messages"]] == ["안녕하세요, 카드 분실 신고하려고요", "두 번째"]
    assert {m["from"] for m in history["messages"]} == {"visitor"}
    started_at = time.monotonic()
    desk.reply(ticket.number, "네 고객님, 바로 도와드리겠습니다.")
    reply = _next(events, "message")
    took = time.monotonic() - started_at
    assert reply["text"] == "네 고객님, 바로 도와드리겠습니다." and reply["from"] == "agent" and reply["name"] == "김민지"
    print(f"\n[webchat] an agent's reply pushed by a desk reached the visitor's stream {took * 1000:.0f} ms "
          "after the push started")
    assert took < 3.0
    # An internal note never reaches the visitor.
    desk.rep.add_message(ticket.number, "내부 메모: 분실 접수 확인", kind="note")
    desk.client.push_once()
    desk.reply(ticket.number, "다음 답변")
    assert _next(events, "message")["text"] == "다음 답변"
    _end(server, v, reader)


def test_typing_goes_both_ways(world):
    db, ids, server, desk = world
    v = Visitor(server.url, origin=SITE)
    v.start()
    assert v.send("입력 중 표시 시험").status_code == 200
    ticket = [t for t in chat_tickets(db) if t.subject.startswith("입력 중 표시")][0]
    events, reader = _reader(v)
    _next(events, "history")

    # The visitor types: the desks of the ticket's team hear it on their pokes socket.
    from agentdesk.sync.transport import HttpTransport
    from tests.test_sync_support import _mint

    transport = HttpTransport(server.url, "kim.minji", token=_mint(db, "kim.minji"))
    with transport.open_pokes() as ws:
        first = json.loads(ws.recv(timeout=5))
        assert "v" in first
        assert v.post("/chat/api/typing", {"on": True}).status_code == 204
        deadline = time.monotonic() + 5
        while True:
            message = json.loads(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            if message.get("kind") == "typing":
                break
        assert message == {"kind": "typing", "ticket": str(ticket.id), "team": str(ticket.team_id),
                           "who": "customer", "on": True}
        # The agent types: the visitor's stream hears it.
        ws.send(json.dumps({"typing": {"ticket": str(ticket.id), "on": True}}))
        assert _next(events, "typing") == {"on": True}
        ws.send(json.dumps({"typing": {"ticket": str(ticket.id), "on": False}}))
        assert _next(events, "typing") == {"on": False}
    _end(server, v, reader)


def test_a_token_opens_its_own_conversation_only(world):
    db, ids, server, desk = world
    a, b = Visitor(server.url), Visitor(server.url)
    a.start()
    b.start()
    assert a.send("A의 비밀 이야기").status_code == 200
    assert b.send("B의 질문").status_code == 200
    events, reader = _reader(b)
    history = _next(events, "history")
    assert [m["text"] for m in history["messages"]] == ["B의 질문"]
    _end(server, b, reader)
    # No token, a made-up token, a hash instead of the token: nothing.
    for token in (None, "x" * 43, chat_rules.token_hash(a.token)):
        stranger = Visitor(server.url, token=token)
        assert stranger.send("끼어들기").status_code == 401
        with stranger.http.stream("GET", "/chat/api/stream", headers=stranger.headers()) as r:
            assert r.status_code == 401
        stranger.close()
    a.close()


def test_other_sites_are_refused_and_the_configured_ones_get_cors(world):
    db, ids, server, desk = world
    evil = Visitor(server.url, origin="https://evil.example.com")
    r = evil.post("/chat/api/start")
    assert r.status_code == 403 and "access-control-allow-origin" not in r.headers
    pre = evil.http.options("/chat/api/message", headers={"Origin": "https://evil.example.com",
                                                         "Access-Control-Request-Method": "POST"})
    assert pre.status_code == 403
    ok = Visitor(server.url).http.options("/chat/api/message", headers={
        "Origin": "https://example.co.kr", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type"})
    assert ok.status_code == 204 and ok.headers["access-control-allow-origin"] == "https://example.co.kr"
    assert "Authorization" in ok.headers["access-control-allow-headers"]
    # The server's own page (the standalone /chat/) is always allowed.
    own = Visitor(server.url, origin=server.url)
    assert own.post("/chat/api/start").status_code == 200
    # The script and the page are served, the page under a strict policy.
    js = own.http.get("/chat/widget.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("application/javascript")
    page = own.http.get("/chat/")
    assert "script-src 'self'" in page.headers["content-security-policy"] and "/chat/widget.js" in page.text
    for c in (evil, own):
        c.close()


def test_sizes_and_floods_are_refused(world):
    db, ids, server, desk = world
    v, flood = Visitor(server.url), Visitor(server.url)
    v.start()
    flood.start()
    assert v.send("").json()["kind"] == "empty"
    too_long = v.send("가" * (chat_rules.MAX_TEXT + 1))
    assert too_long.status_code == 400 and too_long.json()["kind"] == "too-long"
    big = v.http.post("/chat/api/message", content=b"{" + b" " * (chat_rules.MAX_BODY + 10) + b"}",
                      headers=v.headers())
    assert big.status_code == 413
    assert v.post("/chat/api/email", {"email": "not an address"}).json()["kind"] == "email"
    assert v.post("/chat/api/start", {"name": "이" * 200}).status_code == 400
    # The burst of a conversation's messages (6 here), then 429 with Retry-After.
    codes = [flood.send(f"메시지 {i}").status_code for i in range(8)]
    assert codes[:5] == [200] * 5 and codes[-1] == 429
    r = flood.send("하나 더")
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    # Open streams are bounded per conversation (and per address, and per process).
    from contextlib import ExitStack

    with ExitStack() as stack:
        for _ in range(3):
            assert stack.enter_context(v.http.stream("GET", "/chat/api/stream", headers=v.headers())).status_code == 200
        with v.http.stream("GET", "/chat/api/stream", headers=v.headers()) as fourth:
            assert fourth.status_code == 429
        server.app.state.webchat.end_streams()
    v.close()
    flood.close()


def test_starts_are_rate_limited_per_address(world):
    db, ids, server, desk = world
    chat = server.app.state.webchat
    saved = chat.starts
    from agentdesk.server.app import TokenBuckets

    chat.starts = TokenBuckets(1 / 60, 3)
    try:
        v = Visitor(server.url)
        codes = [v.post("/chat/api/start").status_code for _ in range(5)]
        assert codes == [200, 200, 200, 429, 429]
        v.close()
    finally:
        chat.starts = saved


def test_after_hours_the_visitor_leaves_an_email(world):
    db, ids, server, desk = world
    set_chat_settings(db, origins=SITE, team="카드상담팀", hours="Mon-Fri 09:00-09:01", zone="Asia/Seoul")
    chat = server.app.state.webchat
    chat._config = None
    try:
        v = Visitor(server.url, origin=SITE)
        started = v.start()
        assert started["after_hours"] is True and started["hours"] == "Mon-Fri 09:00-09:01"
        r = v.post("/chat/api/email", {"email": "Hong@Example.CO.KR", "text": "내일 연락 주세요"})
        assert r.status_code == 200, r.text
        with db.engine.connect() as c:
            row = c.execute(text("SELECT email, ticket_id FROM chat_conversations WHERE email <> ''")).one()
            body = c.execute(text("SELECT body FROM messages WHERE ticket_id = :t"), {"t": row.ticket_id}).scalar()
        assert row.email == "Hong@example.co.kr" and body == "내일 연락 주세요"
        v.close()
    finally:
        set_chat_settings(db, origins=f"{SITE}, https://example.co.kr", team="카드상담팀")
        chat._config = None
