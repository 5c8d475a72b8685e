"""A hostile agent against saved views on the team server (issue 12), through its HTTP
API, as tests/test_server_attacks.py: a direct push cannot create, change or delete a
team view or someone else's view, a malformed view is refused in one clean line, and a
pull never brings another agent's or another team's views, even asked by id."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from agentdesk.services import saved_views as sv
from agentdesk.services.common import current_agent
from agentdesk.sync import protocol as p
from tests.server_attack_support import T, World, m, module_database


@pytest.fixture(scope="module")
def world():
    with module_database() as db:
        w = World(db)
        with db.session() as s:
            amy, lena, sid = (current_agent(s, login) for login in ("amy", "lena", "sid"))
            w.ids["amy_view"] = sv.save_view(s, amy, name="Amy's chats", spec={"filters": {"channels": ["chat"]}}).id
            w.ids["cards_view"] = sv.save_view(s, lena, name="Cards urgent", scope="team",
                                               spec={"filters": {"priorities": ["urgent"]}}).id
            w.ids["shipping_view"] = sv.save_view(s, sid, name="Shipping late", scope="team",
                                                  spec={"filters": {"sla": ["breached"]}}).id
        try:
            yield w
        finally:
            w.close()


def _fields(name="Mine", scope="personal", spec=None, **extra) -> dict:
    return {"fields": {"name": name, "scope": scope, "spec": spec if spec is not None else {"filters": {}},
                       "position": 0, **extra}}


def _view(world, view_id):
    with world.owner.connect() as c:
        return c.execute(select(T["saved_views"]).where(T["saved_views"].c.id == view_id)).first()


def test_an_agent_cannot_write_team_views_or_anyone_elses(world):
    ids = world.ids
    world.refused(
        "alice",
        m(p.VIEW_SAVE, "saved_view", uuid.uuid4(), _fields("Ours", "team", team_id=str(ids["cards"]))),  # share one
        m(p.VIEW_SAVE, "saved_view", uuid.uuid4(), _fields("Ours", "team")),  # her team, implied
        m(p.VIEW_SAVE, "saved_view", ids["cards_view"], _fields("Taken", "team", team_id=str(ids["cards"]))),
        m(p.VIEW_SAVE, "saved_view", ids["cards_view"], _fields("Taken")),  # or take it over as her own
        m(p.VIEW_DELETE, "saved_view", ids["cards_view"], {}),
        # In amy's name, and over amy's own view.
        m(p.VIEW_SAVE, "saved_view", uuid.uuid4(), _fields("Amy's?", owner_agent_id=str(ids["amy"]))),
        m(p.VIEW_SAVE, "saved_view", ids["amy_view"], _fields("Mine now")),
        m(p.VIEW_SAVE, "saved_view", ids["amy_view"], _fields("Mine now", owner_agent_id=str(ids["amy"]))),
        m(p.VIEW_DELETE, "saved_view", ids["amy_view"], {}),
        # Another team's.
        m(p.VIEW_SAVE, "saved_view", ids["shipping_view"], _fields("Mine now")),
        m(p.VIEW_DELETE, "saved_view", ids["shipping_view"], {}),
    )
    assert _view(world, ids["cards_view"]).name == "Cards urgent" and not _view(world, ids["amy_view"]).deleted
    # Not a blanket refusal: her own view goes through, and stays hers whatever she claims.
    mine = uuid.uuid4()
    ok = world.push("alice", m(p.VIEW_SAVE, "saved_view", mine, _fields("My chats"))).json()["results"]
    assert ok[0]["status"] == "applied", ok
    row = _view(world, mine)
    assert (row.scope, row.owner_agent_id, row.team_id) == ("personal", ids["alice"], None)


def test_a_lead_shares_with_their_own_team_only(world):
    ids = world.ids
    world.refused(
        "lena",
        m(p.VIEW_SAVE, "saved_view", uuid.uuid4(), _fields("Theirs", "team", team_id=str(ids["shipping"]))),
        m(p.VIEW_SAVE, "saved_view", ids["shipping_view"], _fields("Theirs", "team", team_id=str(ids["shipping"]))),
        m(p.VIEW_DELETE, "saved_view", ids["shipping_view"], {}),
        m(p.VIEW_SAVE, "saved_view", ids["amy_view"], _fields("Boss's")),  # an agent's personal view
    )
    shared = uuid.uuid4()
    ok = world.push("lena", m(p.VIEW_SAVE, "saved_view", shared, _fields("Cards new", "team",
                                                                          spec={"filters": {"statuses": ["new"]}})))
    assert ok.json()["results"][0]["status"] == "applied"
    row = _view(world, shared)
    assert (row.scope, row.team_id, row.owner_agent_id) == ("team", ids["cards"], ids["lena"])


@pytest.mark.parametrize("spec", [
    {"filters": {"statuses": ["done"]}},
    {"filters": {"colour": "red"}},
    {"v": 2, "filters": {}},
    {"filters": {"tags": ["a\x00b"]}},
    {"filters": {"text": "x" * 5000}},
    {"filters": {"created": {"within_hours": 10 ** 12}}},
    {"filters": {"statuses": ["new"] * 20_000}},
    "not an object",
    ["a", "list"],
])
def test_a_malformed_view_is_refused_in_one_clean_line(world, spec):
    world.refused("alice", m(p.VIEW_SAVE, "saved_view", uuid.uuid4(), _fields("Bad", spec=spec)))


@pytest.mark.parametrize("fields", [
    {"name": "", "scope": "personal", "spec": {}},
    {"name": "x" * 61, "scope": "personal", "spec": {}},
    {"name": "ok", "scope": "everyone", "spec": {}},
    {"name": "ok", "scope": "personal", "spec": {}, "position": -1},
    {"name": "ok", "scope": "personal", "spec": {}, "position": "first"},
    {"name": "ok", "scope": "personal", "spec": {}, "deleted": True},  # not a field a save carries
    {"name": "ok", "scope": "personal", "spec": {}, "rev": 10 ** 9},
])
def test_a_view_with_bad_fields_is_refused(world, fields):
    world.refused("alice", m(p.VIEW_SAVE, "saved_view", uuid.uuid4(), {"fields": fields}))


def test_a_pull_brings_ones_own_and_ones_teams_views_only(world):
    ids = world.ids
    events = world.pull("alice")
    views = world.pulled(events, "saved_views")
    assert str(ids["cards_view"]) in views
    assert str(ids["amy_view"]) not in views and str(ids["shipping_view"]) not in views
    asked = world.pull("alice", refetch=[("saved_views", ids["amy_view"]), ("saved_views", ids["shipping_view"])])
    assert not world.pulled(asked, "saved_views").keys() & {str(ids["amy_view"]), str(ids["shipping_view"])}
    assert str(ids["shipping_view"]) in world.pulled(world.pull("bob"), "saved_views")
    admin = world.pulled(world.pull("ada"), "saved_views")
    assert {str(ids["cards_view"]), str(ids["shipping_view"])} <= admin.keys() and str(ids["amy_view"]) not in admin
