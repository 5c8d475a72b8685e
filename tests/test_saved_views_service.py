"""Saved views as a service (issue 12), on SQLite and PostgreSQL: every filter finds the
right tickets, the sort is the view's, counts are exact from an index or a marked lower
bound; who may write which view; bad views are one line, never a crash."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from agentdesk.models import Agent, SavedView, Team, utcnow
from agentdesk.services import saved_views as sv
from agentdesk.services import tickets
from agentdesk.services.common import InvalidValue, NotAllowed, NotFound, current_agent
from agentdesk.services.tickets import TicketQuery
from agentdesk.services.view_spec import (
    VIEWS_PER_OWNER,
    ViewActor,
    ViewError,
    ViewNotAllowed,
    check_view_write,
    parse_spec,
    spec_from_inbox,
)
from tests.factories import seed_small, team_id


@pytest.fixture
def world(any_db):
    """seed_small's three tickets (t1 phone/high/mine, t2 email/urgent/unassigned, t3
    chat/normal/lee's; all new, in 카드상담팀), plus t4 (sms, low, pending, vip, ten days
    old, another team) and t5 (web, normal, solved, vip + refund, forty days old)."""
    ids = seed_small(any_db)
    now = utcnow()
    with any_db.session() as s:
        other = Team(name="배송팀")
        s.add(other)
        s.flush()
        s.add(Agent(login="choi.ship", name="최배송", role="lead", team_id=other.id))
        me = current_agent(s, "kim.minji")
        t4 = tickets.create_ticket(s, subject="택배 분실", body="택배가 안 와요", channel="sms", customer_id=ids["customer"],
                                   priority="low", team_id=other.id, now=now - timedelta(days=10))
        t5 = tickets.create_ticket(s, subject="환불 요청", body="결제 취소 부탁드립니다", channel="web",
                                   customer_id=ids["customer"], team_id=team_id(s), now=now - timedelta(days=40))
        s.flush()
        tickets.update_ticket(s, t4.number, me, status="pending", add_tags=["VIP"], now=now - timedelta(days=10))
        tickets.update_ticket(s, t5.number, me, status="solved", add_tags=["vip", "refund"], now=now - timedelta(days=40))
        s.flush()
        for t, days in ((t4, 10), (t5, 40)):  # last touched when they came in (the column's onupdate says now)
            t.updated_at = now - timedelta(days=days)
        ids |= {"t4": t4.number, "t5": t5.number, "other_team": other.id, "my_team": team_id(s)}
    return any_db, ids


def _numbers(db, spec, login="kim.minji", extra: TicketQuery | None = None) -> list[int]:
    with db.session() as s:
        me = current_agent(s, login)
        view = sv.save_view(s, me, name=f"v{uuid.uuid4().hex[:8]}", spec=spec)
        q = view.query(extra)
        rows = tickets.fetch_page(s, q, me.id, 0, 100)
        count = tickets.count_view(s, q, me.id)
        assert count.exact and count.n == len(rows), (count, rows)
        return [r.number for r in rows]


FILTERS = [
    ({"statuses": ["pending"]}, {"t4"}),
    ({"statuses": ["new"]}, {"t1", "t2", "t3"}),
    ({"priorities": ["urgent", "high"]}, {"t1", "t2"}),
    ({"channels": ["chat", "sms"]}, {"t3", "t4"}),
    ({"assignee": "me"}, {"t1"}),
    ({"assignee": "none"}, {"t2", "t4", "t5"}),
    ({"team": "mine"}, {"t1", "t2", "t3", "t5"}),
    ({"tags": ["vip"]}, {"t4", "t5"}),
    ({"tags": ["Refund", "no-such-tag"]}, {"t5"}),
    ({"tags": ["vip", "refund"], "tags_match": "all"}, {"t5"}),
    ({"sla": ["breached"]}, {"t1", "t3"}),  # live channels: a first answer due in 15 minutes
    ({"sla": ["at_risk"]}, {"t2"}),  # urgent email, an hour to answer, came in 30 minutes ago
    ({"sla": ["breached", "at_risk"]}, {"t1", "t2", "t3"}),
    ({"sla": ["breached", "ok"]}, {"t1", "t3"}),
    ({"sla": ["at_risk", "none"]}, {"t2", "t4", "t5"}),
    ({"created": {"within_hours": 24}}, {"t1", "t2"}),
    ({"created": {"older_than_hours": 24 * 7}}, {"t4", "t5"}),
    ({"created": {"within_hours": 24 * 30, "older_than_hours": 24 * 7}}, {"t4"}),
    ({"updated": {"within_hours": 24 * 2}}, {"t1", "t2", "t3"}),
    ({"text": "환불"}, {"t2", "t5"}),
    ({"statuses": ["new"], "channels": ["phone", "email"], "assignee": "me"}, {"t1"}),
]


@pytest.mark.parametrize("filters,expected", FILTERS, ids=[str(f) for f, _ in FILTERS])
def test_each_filter_finds_its_tickets(world, filters, expected):
    db, ids = world
    if filters.get("team") is None and "team" in filters:
        filters = {**filters, "team": str(ids["my_team"])}
    assert sorted(_numbers(db, {"filters": filters})) == sorted(ids[t] for t in expected)


def test_a_named_agent_and_team(world):
    db, ids = world
    assert _numbers(db, {"filters": {"assignee": str(ids["other"])}}) == [ids["t3"]]
    assert _numbers(db, {"filters": {"team": str(ids["other_team"])}}) == [ids["t4"]]


def test_the_view_sorts_and_the_inbox_filters_narrow_it(world):
    db, ids = world
    by_number = _numbers(db, {"sort": {"by": "number", "descending": False}})
    assert by_number == sorted(ids[t] for t in ("t1", "t2", "t3", "t4", "t5"))
    urgent_first = _numbers(db, {"filters": {"statuses": ["new"]}, "sort": {"by": "priority"}})
    assert urgent_first == [ids["t2"], ids["t1"], ids["t3"]]
    assert _numbers(db, {"filters": {"statuses": ["new"]}}, extra=TicketQuery(channel="chat")) == [ids["t3"]]


def test_counts_are_exact_from_an_index_or_a_marked_lower_bound(world):
    db, ids = world
    with db.session() as s:
        me = current_agent(s, "kim.minji")
        indexed = sv.save_view(s, me, name="new", spec={"filters": {"statuses": ["new", "open"]}})
        tagged = sv.save_view(s, me, name="vip", spec={"filters": {"tags": ["vip"]}})
        mixed = sv.save_view(s, me, name="mixed", spec={"filters": {"channels": ["phone", "chat"], "priorities": ["high"]}})
        counts = sv.count_views(s, me.id, [indexed, tagged, mixed])
        assert (counts[indexed.id].n, counts[tagged.id].n, counts[mixed.id].n) == (3, 2, 1)
        assert all(c.exact for c in counts.values())
        # Answered from one index: exact whatever the cap. Not (tags): stops at the cap.
        assert tickets.count_view(s, indexed.query(), me.id, cap=1) == tickets.ViewCount(3, True)
        assert tickets.count_view(s, tagged.query(), me.id, cap=1) == tickets.ViewCount(1, False)
        assert tickets.count_view(s, mixed.query(), me.id, cap=1) == tickets.ViewCount(1, True)


def test_save_from_the_inbox_keeps_what_it_shows(world):
    db, ids = world
    with db.session() as s:
        me = current_agent(s, "kim.minji")
        for view in tickets.VIEWS:
            if view == "mentions":
                continue  # not a filter: the window does not offer "Save as view" there
            spec = spec_from_inbox(view=view, channel=None, me=me.id)
            saved = sv.save_view(s, me, name=f"as {view}", spec=spec)
            got = [r.number for r in tickets.fetch_page(s, saved.query(), me.id, 0, 100)]
            want = [r.number for r in tickets.fetch_page(s, TicketQuery(view=view), me.id, 0, 100)]
            assert got == want, view
        spec = spec_from_inbox(view="my_open", channel="phone", assignee=str(me.id), tag="Mobile App", text="한도",
                               sort="sla", descending=False, me=me.id)
        assert spec.to_json() == {"v": 1, "filters": {"statuses": ["new", "open"], "channels": ["phone"],
                                                      "assignee": "me", "tags": ["mobile-app"], "text": "한도"},
                                  "sort": {"by": "sla", "descending": False}}


def test_who_may_write_which_view(world):
    db, ids = world
    with db.session() as s:
        me, lead = current_agent(s, "kim.minji"), current_agent(s, "park.lead")
        other_lead = current_agent(s, "choi.ship")
        with pytest.raises(NotAllowed, match="only a lead or admin"):
            sv.save_view(s, me, name="share", spec={}, scope="team")
        shared = sv.save_view(s, lead, name="팀 긴급", spec={"filters": {"priorities": ["urgent"]}}, scope="team")
        assert shared.team_id == lead.team_id and not sv.get_view(s, me, shared.id).editable
        with pytest.raises(NotAllowed, match="own team"):
            sv.save_view(s, lead, name="theirs", spec={}, scope="team", team_id=ids["other_team"])
        for attempt in (lambda: sv.rename_view(s, me, shared.id, "mine now"), lambda: sv.delete_view(s, me, shared.id),
                        lambda: sv.move_view(s, me, shared.id, 1)):
            with pytest.raises(NotAllowed):
                attempt()
        # Another team's lead does not even see it; the agent's own view is hers alone.
        with pytest.raises(NotFound):
            sv.get_view(s, other_lead, shared.id)
        mine = sv.save_view(s, me, name="내 것", spec={})
        with pytest.raises(NotFound):
            sv.rename_view(s, lead, mine.id, "boss's")
        copy = sv.duplicate_view(s, me, shared.id)
        assert (copy.name, copy.scope, copy.editable) == ("팀 긴급", "personal", True)
        again = sv.duplicate_view(s, me, shared.id)
        assert again.name == "팀 긴급 (2)"
        assert [v.name for v in sv.list_views(s, me).views] == ["내 것", "팀 긴급", "팀 긴급 (2)", "팀 긴급"]


def test_names_are_unique_in_a_list_and_lists_are_bounded(world):
    db, ids = world
    with db.session() as s:
        me = current_agent(s, "kim.minji")
        first = sv.save_view(s, me, name="Chats", spec={})
        with pytest.raises(InvalidValue, match="already have one named"):
            sv.save_view(s, me, name="  chats ", spec={})
        second = sv.save_view(s, me, name="Other", spec={})
        with pytest.raises(InvalidValue, match="already have one named"):
            sv.rename_view(s, me, second.id, "CHATS")
        sv.move_view(s, me, second.id, -1)
        assert [v.name for v in sv.list_views(s, me).views] == ["Other", "Chats"]
        sv.delete_view(s, me, first.id)
        sv.save_view(s, me, name="Chats", spec={})  # a deleted view's name is free again
        for n in range(VIEWS_PER_OWNER - 2):
            s.add(SavedView(name=f"v{n}", scope="personal", owner_agent_id=me.id, spec={}))
        s.flush()
        with pytest.raises(InvalidValue, match=f"at most {VIEWS_PER_OWNER}"):
            sv.save_view(s, me, name="one too many", spec={})


@pytest.mark.parametrize("name,spec,message", [
    ("", {}, "a view needs a name"),
    ("x" * 61, {}, "at most 60 characters"),
    ("a\x1b[31mb", {}, "control characters"),
    ("ok", {"filters": {"statuses": ["done"]}}, "filters.statuses.0"),
    ("ok", {"filters": {"colour": "red"}}, "filters.colour: Extra inputs are not permitted"),
    ("ok", {"filters": {"tags": [f"t{n}" for n in range(11)]}}, "at most 10"),
    ("ok", {"filters": {"tags": ["bad\x00tag"]}}, "control characters"),
    ("ok", {"filters": {"text": "x" * 201}}, "at most 200"),
    ("ok", {"filters": {"created": {"within_hours": 10 ** 9}}}, "filters.created.within_hours"),
    ("ok", {"filters": {"created": {"within_hours": 24, "older_than_hours": 48}}}, "nothing would match"),
    ("ok", {"filters": {"assignee": "somebody"}}, "'me', 'none' or an id"),
    ("ok", {"v": 2}, "another version of AgentDesk"),
    ("ok", {"sort": {"by": "customer"}}, "sort.by"),
    ("ok", {"filters": {"statuses": list("x")}, "x": "y" * 9000}, "larger than 8 KiB"),
    ("ok", {"filters": {"priorities": ["urgent", "high", "normal", "low"], "channels": list(
        ["email", "chat", "phone", "sms", "social", "web"]), "statuses": ["new", "open", "pending", "on_hold", "solved",
                                                                             "closed"], "tags": [f"t{n}" for n in range(10)]}},
     "at most 24 conditions"),
])
def test_a_bad_view_is_refused_with_one_line(world, name, spec, message):
    db, ids = world
    with db.session() as s, pytest.raises(InvalidValue) as exc:
        sv.save_view(s, current_agent(s, "kim.minji"), name=name, spec=spec)
    assert message in str(exc.value) and "\n" not in str(exc.value), str(exc.value)


def test_a_stored_view_that_does_not_read_is_skipped_with_one_line(world):
    db, ids = world
    with db.session() as s:
        me = current_agent(s, "kim.minji")
        sv.save_view(s, me, name="Fine", spec={})
        for name, spec in (("future", {"v": 3}), ("junk", ["not", "a", "view"]), ("\x1b[2Jevil", {"filters": {"x": 1}})):
            s.add(SavedView(name=name, scope="personal", owner_agent_id=me.id, spec=spec))
    with db.session() as s:
        listed = sv.list_views(s, current_agent(s, "kim.minji"))
    assert [v.name for v in listed.views] == ["Fine"]
    lines = [str(p) for p in listed.problems]  # coded refusals; str() is the English line
    assert len(lines) == 3 and all("\n" not in line and "\x1b" not in line for line in lines)
    assert any("future" in line and "another version" in line for line in lines)


def test_the_rule_is_one_pure_function():
    me, lead, admin = (ViewActor(uuid.uuid4(), role, team) for role, team in
                       (("agent", uuid.UUID(int=1)), ("lead", uuid.UUID(int=1)), ("admin", None)))
    check_view_write(me, "personal", me.id, None)
    check_view_write(lead, "team", lead.id, lead.team_id)
    check_view_write(admin, "team", admin.id, uuid.UUID(int=2))
    refused = [(me, "personal", lead.id, None), (me, "team", me.id, me.team_id), (lead, "team", lead.id, uuid.UUID(int=2)),
               (lead, "personal", me.id, None), (me, "personal", me.id, me.team_id), (admin, "team", admin.id, None),
               (me, "everyone", me.id, None)]
    for actor, scope, owner, team in refused:
        with pytest.raises(ViewError):
            check_view_write(actor, scope, owner, team)
    with pytest.raises(ViewNotAllowed):
        check_view_write(me, "team", me.id, me.team_id)
    assert parse_spec('{"filters": {"statuses": ["open", "open"]}}').filters.statuses == ("open",)


@pytest.mark.parametrize("drive", [20_000, 0], ids=["from-the-tag-index", "ticket-by-ticket"])
def test_tag_filters_find_the_same_tickets_in_every_form(world, monkeypatch, drive):
    """A tag carried by many tickets is checked ticket by ticket and counted from a join;
    a rare one drives from the tag index (tickets._tags_conditions): the same tickets."""
    db, ids = world
    monkeypatch.setattr(tickets, "TAGS_DRIVE", drive)
    cases = [({"tags": ["vip"]}, {"t4", "t5"}), ({"tags": ["vip", "refund"], "tags_match": "all"}, {"t5"}),
             ({"tags": ["vip"], "statuses": ["pending"]}, {"t4"}), ({"tags": ["refund", "vip"]}, {"t4", "t5"})]
    with db.session() as s:
        me = current_agent(s, "kim.minji")
        for n, (filters, expected) in enumerate(cases):
            view = sv.save_view(s, me, name=f"tags {n}", spec={"filters": filters})
            got = [r.number for r in tickets.fetch_page(s, view.query(), me.id, 0, 100)]
            assert sorted(got) == sorted(ids[t] for t in expected), filters
            assert tickets.count_view(s, view.query(), me.id) == tickets.ViewCount(len(expected)), filters
            assert tickets.count_view(s, view.query(), me.id, cap=1) == tickets.ViewCount(1, len(expected) == 1), filters
