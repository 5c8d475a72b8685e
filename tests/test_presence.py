"""Presence and collision (issue 5): heartbeat rows on the team server that expire by the
server's clock, who may write and read them (as each agent's own login), the banner in the
ticket pane of a team window, and the stale-reply guard (team and standalone)."""

from __future__ import annotations

import logging
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from agentdesk.models import Message
from agentdesk.server import presence
from agentdesk.views.ticket import TicketPane
from tests.factories import seed_small
from tests.test_app_team import team_window  # noqa: F401 - fixture
from tests.test_security import server  # noqa: F401 - fixture
from tests.test_sync_support import client, close, replica
from tests.uihelpers import make_ctx


def _ticket_id(db, number: int) -> uuid.UUID:
    with db.engine.connect() as c:
        found = c.execute(text("SELECT id FROM tickets WHERE number = :n"), {"n": number}).scalar_one()
    return found if isinstance(found, uuid.UUID) else uuid.UUID(found)  # SQLite: hex text


def _rows(db) -> list:
    with db.engine.connect() as c:
        return c.execute(text("SELECT a.login, p.ticket_id, p.activity FROM presence p "
                              "JOIN agents a ON a.id = p.agent_id ORDER BY a.login")).all()


# --- the server functions --------------------------------------------------------------------
def test_heartbeats_keep_one_row_per_agent_and_others_see_them(pg_db):
    ids = seed_small(pg_db)
    t1, t2 = _ticket_id(pg_db, ids["t1"]), _ticket_id(pg_db, ids["t2"])
    with pg_db.engine.begin() as c:
        assert presence.heartbeat(c, "kim.minji", t1, "viewing")
        assert presence.heartbeat(c, "lee.junho", t1, "viewing")
        assert presence.heartbeat(c, "park.lead", t1, "viewing")
        assert presence.heartbeat(c, "lee.junho", t1, "replying")  # the same row, rewritten
    with pg_db.engine.begin() as c:
        mine = presence.others_on(c, t1, "kim.minji")
        assert [(p.name, p.activity) for p in mine] == [("이준호", "replying"), ("박서연", "viewing")]
        assert all(p.seen_at.tzinfo is not None for p in mine)
        assert [p.name for p in presence.others_on(c, t1, ids["other"])] == ["김민지", "박서연"]  # by id too
    assert len(_rows(pg_db)) == 3
    with pg_db.engine.begin() as c:
        presence.heartbeat(c, "kim.minji", t2, "replying")  # moved on to another ticket
        presence.heartbeat(c, "park.lead", None)  # closed it
        assert [p.name for p in presence.others_on(c, t1, "lee.junho")] == []
        assert [(p.name, p.activity) for p in presence.others_on(c, t2, "lee.junho")] == [("김민지", "replying")]
    assert [(r.login, r.ticket_id, r.activity) for r in _rows(pg_db)] == [
        ("kim.minji", t2, "replying"), ("lee.junho", t1, "replying")]


def test_expiry_and_stamps_use_the_server_clock(pg_db):
    ids = seed_small(pg_db)
    t1 = _ticket_id(pg_db, ids["t1"])
    with pg_db.engine.begin() as c:
        presence.heartbeat(c, "kim.minji", t1, "viewing")
        stamped = c.execute(text("SELECT seen_at FROM presence")).scalar_one()
        assert stamped == c.execute(text("SELECT now() AT TIME ZONE 'UTC'")).scalar_one()
    with pg_db.engine.begin() as c:
        c.execute(text("INSERT INTO presence (agent_id, ticket_id, activity, seen_at) VALUES "
                       "(:old, :t, 'replying', now() AT TIME ZONE 'UTC' - interval '60 seconds'), "
                       "(:fresh, :t, 'viewing', now() AT TIME ZONE 'UTC' - interval '20 seconds')"),
                  {"old": ids["other"], "fresh": _agent(c, "park.lead"), "t": t1})
    with pg_db.engine.begin() as c:
        assert [p.name for p in presence.others_on(c, t1, "kim.minji")] == ["박서연"]  # 60 s old: gone
        assert [p.name for p in presence.others_on(c, t1, "kim.minji", ttl=90)] == ["이준호", "박서연"]
        assert presence.others_on(c, t1, "kim.minji", ttl=10) == []


def _agent(c, login: str) -> uuid.UUID:
    return c.execute(text("SELECT id FROM agents WHERE login = :l"), {"l": login}).scalar_one()


def test_bad_activity_and_unknown_agents(pg_db):
    ids = seed_small(pg_db)
    t1 = _ticket_id(pg_db, ids["t1"])
    with pg_db.engine.begin() as c:
        with pytest.raises(ValueError, match="activity"):
            presence.heartbeat(c, "kim.minji", t1, "typing")
        assert presence.heartbeat(c, "nobody.here", t1, "viewing") is False
    assert _rows(pg_db) == []


# --- security: each agent's own login -----------------------------------------------------------
def test_agents_write_only_their_own_row_and_read_only_their_teams_tickets(server):  # noqa: F811
    a1, b1 = server.ids["a1"], server.ids["b1"]
    alice, lena = server.ids[server.login("alice")], server.ids[server.login("lena")]
    # As the server runs a request for alice, a heartbeat in lena's name is refused by the
    # database itself (the second wall), whatever the server code asked for.
    with pytest.raises(DBAPIError, match="row-level security"):
        with server.engine("alice").begin() as c:
            presence.heartbeat_as(c, lena, a1, "replying")
    with server.engine("alice").begin() as c:
        presence.heartbeat_as(c, alice, a1, "replying")
    with server.engine("lena").begin() as c:
        presence.heartbeat_as(c, lena, a1, "viewing")
        assert [(p.name, p.activity) for p in presence.others_on(c, a1, server.login("lena"))] == [
            ("Alice", "replying")]
    with server.engine("alice").begin() as c:
        assert [(p.name, p.activity) for p in presence.others_on(c, a1, server.login("alice"))] == [
            ("Lena", "viewing")]
    # Another team sees nothing of it, and cannot announce itself on a ticket it cannot see.
    with server.engine("bob").begin() as c:
        assert presence.others_on(c, a1, server.login("bob")) == []
    assert server.rows("bob", "SELECT * FROM presence") == []
    bob = server.ids[server.login("bob")]
    with pytest.raises(DBAPIError, match="row-level security"):
        with server.engine("bob").begin() as c:
            presence.heartbeat_as(c, bob, a1, "viewing")
    with server.engine("bob").begin() as c:
        presence.heartbeat_as(c, bob, b1, "viewing")
    # Nobody rewrites or removes someone else's row, or writes one in their name.
    assert server.rowcount("alice", "UPDATE presence SET activity = 'replying' WHERE agent_id = :a", a=lena) == 0
    assert server.rowcount("alice", "DELETE FROM presence WHERE agent_id = :a", a=lena) == 0
    server.refused("alice", "UPDATE presence SET agent_id = :a WHERE agent_id = :me", "row-level security",
                   a=lena, me=alice)
    with server.engine("alice").begin() as c:
        presence.heartbeat_as(c, lena, None)  # a delete in another's name touches nothing (RLS)
        presence.heartbeat_as(c, alice, None)  # closing: one's own row
    with server.db.engine.connect() as c:
        left = c.execute(text("SELECT agent_id FROM presence ORDER BY agent_id")).scalars().all()
    assert alice not in left and lena in left


# --- the window -----------------------------------------------------------------------------------
def _server_presence(w, login: str):
    with w.server.engine.connect() as c:
        return c.execute(text("SELECT p.ticket_id, p.activity FROM presence p JOIN agents a ON a.id = p.agent_id "
                              "WHERE a.login = :l"), {"l": login}).first()


def test_the_ticket_pane_shows_who_else_is_on_the_ticket(qtbot, team_window):  # noqa: F811
    w = team_window
    w.ctx.sync.presence_interval = 0.2
    t3 = _ticket_id(w.server, w.ids["t3"])
    with w.server.engine.begin() as c:
        presence.heartbeat(c, "lee.junho", t3, "replying")
        presence.heartbeat(c, "park.lead", t3, "viewing")
    with qtbot.waitSignal(w.ticket.loaded, timeout=5000):
        w.open_ticket(str(w.ids["t3"]))
    banner = w.ticket.presence
    qtbot.waitUntil(lambda: banner.isVisible() and "박서연" in banner.text(), timeout=5000)
    text_ = banner.text()
    assert "이준호 is replying" in text_ and "박서연 is viewing" in text_
    assert text_.index("이준호") < text_.index("박서연")  # the one writing first
    # This agent's own heartbeat: viewing, then replying once the composer has text.
    qtbot.waitUntil(lambda: _server_presence(w, "kim.minji") == (t3, "viewing"), timeout=5000)
    w.ticket.start_reply()
    w.ticket.composer.setPlainText("확인 중입니다.")
    qtbot.waitUntil(lambda: _server_presence(w, "kim.minji") == (t3, "replying"), timeout=5000)
    # The others go away (closed the ticket): so does the banner.
    with w.server.engine.begin() as c:
        presence.heartbeat(c, "lee.junho", None)
        presence.heartbeat(c, "park.lead", None)
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=5000)
    # Another ticket: its own (empty) banner at once, and the server row follows.
    with qtbot.waitSignal(w.ticket.loaded, timeout=5000):
        w.open_ticket(str(w.ids["t1"]))
    assert not banner.isVisible()
    t1 = _ticket_id(w.server, w.ids["t1"])
    qtbot.waitUntil(lambda: _server_presence(w, "kim.minji") == (t1, "viewing"), timeout=5000)
    w.ctx.sync.stop()
    assert _server_presence(w, "kim.minji") is None  # quitting: gone at once


def test_presence_offline_shows_nothing_and_raises_nothing(qtbot, team_window, monkeypatch, caplog):  # noqa: F811
    w = team_window
    t3 = _ticket_id(w.server, w.ids["t3"])

    def down(*_a, **_k):
        raise OSError("connection refused")

    monkeypatch.setattr(w.ctx.sync.client.transport, "presence", down)
    with caplog.at_level(logging.INFO, logger="agentdesk.ui"):
        assert w.ctx.sync._presence_beat((t3, "viewing")) == []
        assert w.ctx.sync._presence_beat((t3, "viewing")) == []
    assert [r.getMessage() for r in caplog.records if "presence" in r.getMessage()] == [
        "presence unavailable: connection refused"]  # once per outage
    assert not w.ticket.presence.isVisible()


# --- the stale-reply guard --------------------------------------------------------------------------
class Asked:
    def __init__(self, answer: bool):
        self.answer = answer
        self.questions: list[str] = []

    def __call__(self, _parent, question: str) -> bool:
        self.questions.append(question)
        return self.answer


def test_a_colleagues_reply_while_composing_is_questioned(qtbot, team_window, tmp_path, monkeypatch):  # noqa: F811
    w = team_window
    qtbot.waitUntil(lambda: w.ctx.sync.listening, timeout=5000)
    with qtbot.waitSignal(w.ticket.loaded, timeout=5000):
        w.open_ticket(str(w.ids["t3"]))
    pane = w.ticket
    pane.start_reply()
    pane.composer.setPlainText("비밀번호 재설정 링크를 보내 드렸습니다.")
    other = replica(tmp_path, "other", "lee.junho")
    co = client(other, w.server)
    other.add_message(w.ids["t3"], "이준호입니다. 재설정 메일을 보내 드렸어요.", kind="reply")
    co.push_once()
    qtbot.waitUntil(lambda: pane.detail.messages[-1].body.startswith("이준호입니다"), timeout=5000)
    count = len(pane.detail.messages)

    review = Asked(False)
    monkeypatch.setattr(TicketPane, "ask_send_stale", staticmethod(review))
    pane.send()
    assert len(review.questions) == 1 and "이준호" in review.questions[0] and "replied" in review.questions[0]
    assert pane.composer.toPlainText() == "비밀번호 재설정 링크를 보내 드렸습니다."  # the draft stays
    assert pane.send_button.isEnabled()
    from tests.uihelpers import settle

    settle(w.ctx.runner)
    assert len(pane.detail.messages) == count and w.ctx.sync.team.replica.outbox() == []

    # Reviewed: the next Send goes through without asking again.
    send = Asked(True)
    monkeypatch.setattr(TicketPane, "ask_send_stale", staticmethod(send))
    with qtbot.waitSignal(pane.messageSent, timeout=5000):
        pane.send()
    assert send.questions == []
    with w.server.engine.connect() as c:
        qtbot.waitUntil(lambda: c.execute(text("SELECT count(*) FROM messages WHERE body = :b"),
                                          {"b": "비밀번호 재설정 링크를 보내 드렸습니다."}).scalar() == 1, timeout=5000)
    co.close()
    close(other)
    # Let the panes finish re-reading after the send while the window still exists
    # (customer360 defers its scroll restore with a context-less QTimer.singleShot).
    from tests.uihelpers import settle

    settle(w.ctx.runner)


def _pane(qtbot, db):
    ctx = make_ctx(db)
    pane = TicketPane(ctx)
    qtbot.addWidget(pane)
    pane.resize(700, 800)
    pane.show()
    return ctx, pane


def _customer_writes(db, number: int, body: str) -> uuid.UUID:
    tid = _ticket_id(db, number)
    with db.session() as s:
        s.add(Message(ticket_id=tid, direction="inbound", kind="reply", channel="email", body=body,
                      author_name="최고객"))
    return tid


def test_standalone_the_customer_writing_meanwhile_is_questioned_and_send_sends(qtbot, sqlite_db, monkeypatch):
    ids = seed_small(sqlite_db)  # t2: an email ticket (a phone one takes no public reply)
    ctx, pane = _pane(qtbot, sqlite_db)
    assert not pane.presence.isVisible()  # no team, no banner
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_ticket(str(ids["t2"]))
    pane.start_reply()
    pane.composer.setPlainText("한도는 앱에서 확인하실 수 있습니다.")
    tid = _customer_writes(sqlite_db, ids["t2"], "아 그리고 해외 결제도 되나요?")
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        ctx.changes.changed.emit("ticket", tid)

    ask = Asked(True)
    monkeypatch.setattr(TicketPane, "ask_send_stale", staticmethod(ask))
    with qtbot.waitSignal(pane.messageSent, timeout=5000):
        pane.send()
    assert len(ask.questions) == 1 and "the customer wrote" in ask.questions[0]
    assert pane.composer.toPlainText() == ""


def test_standalone_no_question_without_news_nor_for_notes(qtbot, sqlite_db, monkeypatch):
    ids = seed_small(sqlite_db)
    ctx, pane = _pane(qtbot, sqlite_db)
    ask = Asked(False)
    monkeypatch.setattr(TicketPane, "ask_send_stale", staticmethod(ask))
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_ticket(str(ids["t1"]))
    pane.start_reply()
    pane.composer.setPlainText("첫 번째 답변입니다.")
    with qtbot.waitSignal(pane.messageSent, timeout=5000):
        pane.send()
    # The customer writes while there is nothing in the composer: writing starts afterwards.
    tid = _customer_writes(sqlite_db, ids["t1"], "감사합니다!")
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        ctx.changes.changed.emit("ticket", tid)
    pane.composer.setPlainText("천만에요.")
    with qtbot.waitSignal(pane.messageSent, timeout=5000):
        pane.send()
    # An internal note is not a reply to the customer: never questioned.
    pane.start_note()
    pane.composer.setPlainText("고객 만족")
    _customer_writes(sqlite_db, ids["t1"], "하나 더요")
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        ctx.changes.changed.emit("ticket", tid)
    with qtbot.waitSignal(pane.messageSent, timeout=5000):
        pane.send()
    assert ask.questions == []
