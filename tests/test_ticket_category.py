"""A ticket's category is an agent's field like status and priority (the ticket view's
Category box; the training scenarios expect it set): the service changes and audits it, and
on a team desk the change travels as an ordinary ticket.update the server applies."""

from __future__ import annotations

import pytest

from agentdesk.services import tickets
from agentdesk.services.common import InvalidValue, current_agent
from agentdesk.sync import capture
from agentdesk.sync import protocol as p
from tests.factories import seed_small
from tests.test_sync_support import client, close, replica


def test_the_service_changes_and_audits_the_category(sqlite_db):
    ids = seed_small(sqlite_db)
    with sqlite_db.session() as s:
        me = current_agent(s)
        assert tickets.update_ticket(s, ids["t1"], me, category=" card ") == {"category": ("", "card")}
        assert tickets.update_ticket(s, ids["t1"], me, category="card") == {}
        with pytest.raises(InvalidValue):
            tickets.update_ticket(s, ids["t1"], me, category="x" * 65)
    with sqlite_db.session() as s:
        assert tickets.get_detail(s, ids["t1"]).category == "card"


def test_a_team_desk_sends_the_category_and_the_server_applies_it(pg_db, tmp_path):
    ids = seed_small(pg_db)
    rep = replica(tmp_path, "a", "kim.minji")
    c = client(rep, pg_db)
    try:
        capture.install(rep.db, "kim.minji")
        with rep.db.session() as s:
            tickets.update_ticket(s, ids["t2"], current_agent(s, "kim.minji"), category="refund")
        fields = [e.payload["fields"] for e in rep.outbox() if e.op == p.TICKET_UPDATE]
        assert fields == [{"category": ["", "refund"]}]
        pushed, pulled = c.sync_once()
        assert pushed.error == "" and pushed.rejected == 0 and pulled is not None
        with pg_db.session() as s:
            assert tickets.get_detail(s, ids["t2"]).category == "refund"
    finally:
        c.close()
        close(rep)
