"""One place for each rule: vocabularies, change kinds and tag spelling, as the services,
the CLI, the replica and the wire see them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

from agentdesk import rules
from agentdesk.models import (
    ACTIVE_STATUSES,
    DONE_STATUSES,
    PAUSED_STATUSES,
    PRIORITIES,
    TICKET_STATUSES,
    ChangeKind,
    Channel,
    Priority,
    TicketStatus,
)
from agentdesk.services import tickets
from agentdesk.sync import protocol as p
from agentdesk.sync.engine import PullResult
from tests.factories import seed_small


def test_vocabularies_are_their_strings_so_columns_and_the_wire_do_not_change():
    assert TICKET_STATUSES == ("new", "open", "pending", "on_hold", "solved", "closed")
    assert PRIORITIES == ("urgent", "high", "normal", "low")
    assert tuple(Channel) == ("email", "chat", "phone", "sms", "social", "web")
    assert set(ACTIVE_STATUSES) | set(DONE_STATUSES) == set(TicketStatus)
    assert set(PAUSED_STATUSES) < set(ACTIVE_STATUSES)
    assert json.dumps([TicketStatus.ON_HOLD, Priority.URGENT]) == '["on_hold", "urgent"]'
    assert f"{TicketStatus.CLOSED}" == "closed" and str(ChangeKind.FOLLOW_UP) == "followup"
    # The outbox rows of a desk of the previous version must still be understood (new ops
    # are added, never renamed: customer.update, contact.upsert, contact.delete in issue 12).
    assert [str(op) for op in p.OPS][:14] == [
        "ticket.update", "ticket.tag_add", "ticket.tag_remove", "message.insert", "follow_up.insert",
        "follow_up.update", "agent.status", "ticket.merge", "kb.vote", "kb.use", "kb.propose", "kb.review",
        "template.save", "template.delete"]
    assert {"customer.create", "ticket.create", "view.save", "view.delete", "kb.visibility",
            "mention.read", "customer.update", "contact.upsert",
            "contact.delete"} <= set(p.OPS)
    assert p.TAG_ADD is p.Op.TAG_ADD and "ticket.tag_add" in p.OPS


def test_a_pull_announces_each_kind_of_change_it_brought():
    tid = uuid.uuid4()
    pulled = PullResult(version=7, epoch=uuid.uuid4(), full=False, rows=3, rebased=0, tickets=frozenset({tid}),
                        tables=frozenset({"tickets", "follow_ups", "orders", "kb_articles", "templates"}))
    assert pulled.changes(20) == [(ChangeKind.TICKET, tid), (ChangeKind.FOLLOW_UP, None), (ChangeKind.CUSTOMER, None),
                                  (ChangeKind.KB_ARTICLE, None), (ChangeKind.TEMPLATE, None)]
    assert pulled.changes(0)[0] == (ChangeKind.TICKET, None)  # too many to announce one by one
    empty = PullResult(version=7, epoch=uuid.uuid4(), full=False, rows=0, rebased=0)
    assert empty.changes(20) == []


def _cli(db, *argv: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "AGENTDESK_DB": db.url, "PYTHONPATH": os.getcwd()}
    return subprocess.run([sys.executable, "-m", "agentdesk", *argv], capture_output=True, text=True, env=env,
                          timeout=120)


def test_the_cli_removes_a_tag_in_any_spelling_and_refuses_a_control_character_before_printing(pg_db):
    """On PostgreSQL the CLI once printed its success line and then failed at commit."""
    ids = seed_small(pg_db)
    number = str(ids["t1"])
    done = _cli(pg_db, "ticket", "set", number, "--add-tag", "Mobile  App")
    assert done.returncode == 0 and "mobile-app" in done.stdout, done.stderr
    for bad in ("red\x1b[31m", "x" * 10_000):
        refused = _cli(pg_db, "ticket", "set", number, "--status", "pending", "--add-tag", bad)
        assert refused.returncode != 0 and refused.stdout == ""
        assert refused.stderr.count("\n") == 1 and "tag" in refused.stderr and "\x1b" not in refused.stderr
        assert "Traceback" not in refused.stderr and len(refused.stderr) < 200
    removed = _cli(pg_db, "ticket", "set", number, "--remove-tag", "Mobile App")
    assert removed.returncode == 0, removed.stderr
    with pg_db.session() as s:
        detail = tickets.get_detail(s, number)
        assert (detail.status, detail.tags) == ("new", [])  # the refused --status was not applied either
    assert rules.normalize_tag("Mobile App") == "mobile-app"
