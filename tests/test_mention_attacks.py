"""A hostile desk against the team server's @mentions (issue 12): the server derives
mentions from the note's text alone, so forged mention fields in a push are ignored;
only the mentioned agent marks a mention read; another team never pulls them.

The world (Cards: alice, amy, lead lena; Shipping: bob, lead sid; admin ada) is
tests/server_attack_support.py, over a real PostgreSQL behind the in-process server."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest
from sqlalchemy import select

from agentdesk import mention_rules
from agentdesk.sync import protocol as p
from tests.server_attack_support import T, World, m, module_database


@pytest.fixture(scope="module")
def world():
    with module_database() as db:
        w = World(db)
        try:
            yield w
        finally:
            w.close()


def _note(ticket_id, body: str, kind: str = "note", **forged) -> dict:
    return m(p.MESSAGE_INSERT, "message", uuid.uuid4(), {"ticket_id": str(ticket_id), "kind": kind, "body": body,
                                                          **forged})


def _mentions_of(world, message_id) -> dict:
    mt = T["mentions"]
    with world.owner.connect() as c:
        return {r.mentioned_agent_id: r for r in c.execute(select(mt).where(mt.c.message_id == uuid.UUID(str(message_id))))}


def _push_ok(world, login, *mutations) -> list[dict]:
    results = world.push(login, *mutations).json()["results"]
    assert [r["status"] for r in results] == ["applied"] * len(mutations), results
    return results


def test_forged_mention_fields_in_a_note_are_ignored(world):
    ids = world.ids
    ticket = world.new_ticket("Cards")
    forged = {"mentions": [str(ids["amy"]), str(ids["bob"])], "mentioned_agent_id": str(ids["lena"]),
              "mention_ids": [str(uuid.uuid4())], "read_at": "2020-01-01T00:00:00+00:00"}
    quiet = _note(ticket, "고객 확인 완료. 특이사항 없음", **forged)
    _push_ok(world, "alice", quiet)
    assert _mentions_of(world, quiet["entity_id"]) == {}  # the text mentions nobody: nobody is notified


def test_only_colleagues_who_can_see_the_ticket_are_mentioned_never_the_author(world):
    ids = world.ids
    ticket = world.new_ticket("Cards")
    note = _note(ticket, "@amy @bob @sid @ada @alice @nobody 확인 부탁", mentions=[str(ids["bob"])])
    reply = _note(ticket, "고객님, @amy 가 연락드립니다.", kind="reply")
    _push_ok(world, "alice", note, reply)
    stored = _mentions_of(world, note["entity_id"])
    # Amy (Cards) and the admin; not Bob or Sid (Shipping, who cannot open the ticket), not alice herself.
    assert set(stored) == {ids["amy"], ids["ada"]}
    assert {r.id for r in stored.values()} == {mention_rules.mention_id(uuid.UUID(note["entity_id"]), a)
                                               for a in stored}
    assert all(r.read_at is None and r.rev > 0 for r in stored.values())
    assert _mentions_of(world, reply["entity_id"]) == {}  # a public reply notifies nobody


def test_only_the_mentioned_agent_marks_a_mention_read(world):
    ids = world.ids
    ticket = world.new_ticket("Cards")
    note = _note(ticket, "@amy 환불 건 봐주세요")
    _push_ok(world, "alice", note)
    mention = _mentions_of(world, note["entity_id"])[ids["amy"]]
    read = lambda: m(p.MENTION_READ, "mention", mention.id, {"read_at": "1999-01-01T00:00:00+00:00"})  # noqa: E731
    # The author, a teammate's lead, another team: none of them reads Amy's mention for her.
    world.refused("alice", read())
    world.refused("lena", read())
    world.refused("bob", read(), m(p.MENTION_READ, "mention", uuid.uuid4(), {}))
    assert _mentions_of(world, note["entity_id"])[ids["amy"]].read_at is None
    results = _push_ok(world, "amy", read())
    row = _mentions_of(world, note["entity_id"])[ids["amy"]]
    assert row.read_at is not None and row.read_at > datetime.fromisoformat("2020-01-01T00:00:00+00:00")  # the server's time
    assert row.rev == results[0]["version"]


def test_another_team_never_pulls_the_mentions_and_the_mentioned_agent_does(world):
    before = world.clock()
    ticket = world.new_ticket("Cards")
    note = _note(ticket, "@amy 오늘 안에 회신 필요")
    _push_ok(world, "alice", note)
    (mention_id,) = [r.id for r in _mentions_of(world, note["entity_id"]).values()]
    assert str(mention_id) in world.pulled(world.pull("amy", after=before), "mentions")
    assert str(mention_id) in world.pulled(world.pull("lena", after=before), "mentions")  # her team's ticket
    assert str(mention_id) not in world.pulled(world.pull("bob", after=before), "mentions")
    assert str(mention_id) not in world.pulled(world.pull("bob"), "mentions")  # not in a full pull either
