"""What the desk shows of the channels' automatic work (issue 14): a change no agent made
(the gateway's automatic answer, a routing rule) is said to be AgentDesk's, in the window's
language, never "?"."""

from __future__ import annotations

import pytest

from agentdesk.ui.kit import errors


@pytest.mark.parametrize(("lang", "line"), [("en", "AgentDesk (automatic) changed status New → Pending"),
                                            ("ko", "AgentDesk(자동) 님이 상태 변경: 신규 → 대기")])
def test_a_change_no_agent_made_is_agentdesks(qapp, lang, line):
    from agentdesk.ui.app import install_language

    assert install_language(qapp, lang)
    try:
        assert errors.event("status", "", {"old": "new", "new": "pending"}) == line
    finally:
        install_language(qapp, "en")


def test_a_gateways_mail_shows_in_an_open_standalone_desk_and_its_own_writes_are_not_news(qtbot, sqlite_db):
    """The gateway (or `agentdesk mail import`) writes to the same SQLite file from another
    connection; the desk's watch of PRAGMA data_version refreshes the inbox. The desk's own
    writes are absorbed on its write lane, so they cause no second refresh."""
    from pathlib import Path

    from agentdesk.db import open_database
    from agentdesk.gateway.sink import LocalSink
    from agentdesk.mail.parse import parse_mail
    from agentdesk.ui import app as appmod
    from tests.factories import seed_small

    ids = seed_small(sqlite_db)
    w = appmod.build_window(sqlite_db, appmod.load_agent(sqlite_db, None), appmod.settings())
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    with qtbot.waitSignals([w.inbox.countsUpdated, w.inbox.model.counted], timeout=5000):
        w.inbox.start("all")
    try:
        before = w.inbox.model.rowCount()
        moved: list = []
        w.ctx.changes.changed.connect(lambda kind, _id: moved.append(kind))

        # The desk's own write: absorbed, no news.
        from agentdesk.services import tickets
        from agentdesk.services.common import current_agent

        w.ctx.runner.write(lambda s: tickets.add_message(s, ids["t1"], current_agent(s), "확인 중입니다", kind="note"))
        assert w.ctx.runner.wait()
        moved.clear()
        w.check_other_writers()
        assert moved == []

        # Another connection (the gateway's) commits a customer's mail.
        gateway_db = open_database(sqlite_db.url)
        try:
            raw = (Path(__file__).with_name("mail_corpus") / "01_cp949_everything.eml").read_bytes()
            LocalSink(gateway_db, autorespond=False).receive(parse_mail(raw))
        finally:
            gateway_db.engine.dispose()
        with qtbot.waitSignal(w.inbox.model.counted, timeout=5000):
            w.check_other_writers()
        assert moved[:2] == ["ticket", "customer"]
        qtbot.waitUntil(lambda: w.inbox.model.rowCount() == before + 1, timeout=5000)
    finally:
        w.close()
