"""Live chat in the desk's ticket view: a visitor chatting through the web-chat widget's
API (one team-server process) and an agent's window synced with another process on the
same database. The customer's typing shows in the open chat ticket, their new message
appears without a click, and the agent's typing of a reply reaches the visitor's stream."""

from __future__ import annotations

import queue
import threading

from tests.test_app_team import open_team_window
from tests.webchat_support import ChatServer, Visitor, chat_tickets, set_chat_settings


def test_customer_typing_and_messages_show_live_in_the_chat_ticket(qtbot, pg_db, tmp_path):
    with open_team_window(qtbot, pg_db, tmp_path) as w:
        set_chat_settings(pg_db, team="카드상담팀")
        chat = ChatServer(pg_db)
        v = Visitor(chat.url)
        try:
            qtbot.waitUntil(lambda: w.ctx.sync.listening, timeout=5000)
            v.start(name="홍길동")
            assert v.send("카드 한도 문의드립니다").status_code == 200
            number = [t for t in chat_tickets(pg_db) if t.subject.startswith("카드 한도")][0].number

            def in_replica():
                with w.ctx.sync.team.replica.db.engine.connect() as c:
                    from sqlalchemy import text

                    return c.execute(text("SELECT 1 FROM tickets WHERE number = :n"), {"n": number}).scalar() == 1

            qtbot.waitUntil(in_replica, timeout=5000)
            failures: list = []
            w.ticket.failed.connect(failures.append)
            with qtbot.waitSignal(w.ticket.loaded, timeout=5000):
                w.open_ticket(str(number))
            assert not failures
            bar = w.ticket.live_chat
            assert bar.isHidden()

            # The visitor types: the line shows; they stop: it goes.
            assert v.post("/chat/api/typing", {"on": True}).status_code == 204
            qtbot.waitUntil(lambda: bar.isVisible() and bar.text() == "Customer is typing…", timeout=3000)
            assert v.post("/chat/api/typing", {"on": False}).status_code == 204
            qtbot.waitUntil(lambda: bar.isHidden(), timeout=3000)

            # A new message appears in the open ticket by itself.
            assert v.send("월 한도를 올리고 싶어요").status_code == 200
            qtbot.waitUntil(lambda: w.ticket.detail.messages[-1].body == "월 한도를 올리고 싶어요", timeout=3000)

            # The agent writes a reply: the visitor's widget hears "typing".
            events: queue.Queue = queue.Queue()

            def read():
                try:
                    with v.stream() as stream:
                        for item in stream:
                            events.put(item)
                except Exception:  # noqa: BLE001 - ended by the test
                    pass

            reader = threading.Thread(target=read, daemon=True)
            reader.start()
            assert events.get(timeout=5)[0] == "history"
            w.ticket.start_reply()
            w.ticket.composer.insertPlainText("잠시만요")  # as an IME commits it (QTest cannot type Hangul)
            got = []

            def typing_on():
                while not events.empty():
                    got.append(events.get_nowait())
                return ("typing", {"on": True}) in got

            qtbot.waitUntil(typing_on, timeout=3000)
            # An emptied composer ends the typing (as does sending, or another ticket).
            w.ticket.composer.clear()
            qtbot.waitUntil(lambda: typing_on() and ("typing", {"on": False}) in got, timeout=3000)
            chat.app.state.webchat.end_streams()
            reader.join(5)
        finally:
            v.close()
            chat.close()
