"""A hostile agent against the team server, through its HTTP API.

Each test is one attack of a signed-in agent (or of someone without a valid session) on
`agentdesk server`, run in-process over a real PostgreSQL, connected as the server's own
role (tests/test_sync_support.py). A refused mutation must (a) come back "rejected" (or the
request be refused with its HTTP status), (b) change no data row, and (c) be recorded as a
'rejected' conflict of its sender, which only the sender pulls. An attack that gets
through was a hole, fixed in the server (each test failed before its fix).

The world (two teams, agents, tickets, …) is tests/server_attack_support.py.
"""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from agentdesk.models import utcnow
from agentdesk.server import auth, scope
from agentdesk.server.app import MAX_BATCH, MAX_BODY, SCHEMA_HEADER, Limits
from agentdesk.server.apply import MAX_PAYLOAD
from agentdesk.server.security import GROUP_ROLES
from agentdesk.sync import protocol as p
from tests.server_attack_support import T, World, assert_clean, later, m, module_database


@pytest.fixture(scope="module")
def world():
    with module_database() as db:
        w = World(db)
        try:
            yield w
        finally:
            w.close()


def _row(world, table: str, row_id):
    with world.owner.connect() as c:
        return c.execute(select(T[table]).where(T[table].c.id == row_id)).one()


def _mutation_recorded(world, mutation_id) -> bool:
    sm = T["sync_mutations"]
    with world.owner.connect() as c:
        found = c.execute(select(sm.c.mutation_id).where(sm.c.mutation_id == uuid.UUID(str(mutation_id)))).first()
    return found is not None


def _note(world, ticket_id, body="a note") -> dict:
    return m(p.MESSAGE_INSERT, "message", uuid.uuid4(), {"ticket_id": str(ticket_id), "kind": "note", "body": body})


# --- 1. no database role --------------------------------------------------------------------
def test_01_an_agent_added_by_the_admin_has_no_database_role_and_signs_in_to_the_server(world, monkeypatch):
    from agentdesk.cli import main

    login = f"newbie{uuid.uuid4().hex[:8]}"  # roles are cluster-wide: a name no other run uses
    monkeypatch.setenv("AGENTDESK_PASSWORD", "newbie-password-1")
    try:
        assert main(["admin", "add-agent", "Newbie", "--login", login, "--role", "agent", "--team", "Cards",
                     "--url", world.db.url]) == 0
        with world.owner.connect() as c:
            assert c.execute(text("SELECT count(*) FROM pg_roles WHERE rolname = :n"), {"n": login}).scalar() == 0
        # Not with the agent's own password either: there is nothing to connect as.
        for password in (None, "newbie-password-1"):
            engine = create_engine(make_url(world.db.url).set(username=login, password=password))
            try:
                with pytest.raises(OperationalError, match="does not exist"):
                    engine.connect().close()
            finally:
                engine.dispose()
        # The desk signs in to the server with the password instead (a real Argon2id check).
        r = world.post("/api/v1/login", {"login": login, "password": "newbie-password-1", "client": "attacks"})
        assert r.status_code == 200, r.text
        me = world.http.get("/api/v1/me", headers=world.headers(token=r.json()["token"]))
        assert me.status_code == 200
        assert (me.json()["agent"]["login"], me.json()["agent"]["role"], me.json()["agent"]["team_id"]) == \
            (login, "agent", str(world.ids["cards"]))
    finally:
        with world.owner.begin() as c:  # roles outlive the database: drop one if add-agent made it
            if c.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": login}).scalar():
                c.execute(text(f'DROP OWNED BY "{login}"'))
                c.execute(text(f'DROP ROLE "{login}"'))


def test_01b_a_seeded_agent_signs_in_with_their_password(world):
    r = world.post("/api/v1/login", {"login": "alice", "password": "alice-correct-horse", "client": "attacks"})
    assert r.status_code == 200 and r.json()["agent"]["id"] == str(world.ids["alice"])
    assert world.http.get("/api/v1/me", headers=world.headers(token=r.json()["token"])).status_code == 200


# --- 2. templates -----------------------------------------------------------------------------
def test_02_an_agent_cannot_change_team_templates_or_another_agents_personal_ones(world):
    ids = world.ids
    team = {"title": "Refund policy", "body": "We refund within 14 days.", "scope": "team"}
    personal = {**team, "scope": "personal"}
    world.refused(
        "alice",
        m(p.TEMPLATE_SAVE, "template", uuid.uuid4(), {"fields": team}),  # a new team template
        m(p.TEMPLATE_SAVE, "template", ids["team_tpl"], {"fields": team}),  # overwrite the team's
        m(p.TEMPLATE_SAVE, "template", ids["team_tpl"], {"fields": personal}),  # or take it over as her own
        m(p.TEMPLATE_DELETE, "template", ids["team_tpl"], {}),
        # In amy's name (a teammate), and over amy's and bob's own templates.
        m(p.TEMPLATE_SAVE, "template", uuid.uuid4(), {"fields": {**personal, "owner_agent_id": str(ids["amy"])}}),
        m(p.TEMPLATE_SAVE, "template", ids["amy_tpl"], {"fields": personal}),
        m(p.TEMPLATE_SAVE, "template", ids["amy_tpl"], {"fields": {**personal, "owner_agent_id": str(ids["amy"])}}),
        m(p.TEMPLATE_DELETE, "template", ids["amy_tpl"], {}),
        m(p.TEMPLATE_SAVE, "template", ids["bob_tpl"], {"fields": personal}),
        m(p.TEMPLATE_DELETE, "template", ids["bob_tpl"], {}),
    )
    # Not a blanket refusal: her own personal template goes through.
    ok = world.push("alice", m(p.TEMPLATE_SAVE, "template", uuid.uuid4(), {"fields": personal})).json()["results"]
    assert ok[0]["status"] == "applied", ok


def test_02c_an_agent_cannot_mark_an_article_internal_or_public(world):
    """Issue 12: only leads mark knowledge public or internal; a hostile agent's own push of
    the op is refused whatever the payload, and a lead's goes through."""
    ids = world.ids
    world.refused(
        "alice",
        m(p.KB_VISIBILITY, "kb_article", ids["kb"], {"visibility": ["public", "internal"]}),
        m(p.KB_VISIBILITY, "kb_article", ids["kb"], {"visibility": ["internal", "public"]}),
        m(p.KB_VISIBILITY, "kb_article", ids["kb"], {"visibility": "internal"}),
    )
    assert _row(world, "kb_articles", ids["kb"]).visibility == "public"
    world.refused("lena", m(p.KB_VISIBILITY, "kb_article", ids["kb"], {"visibility": ["public", "secret"]}),
                  hidden_from=("amy", "alice", "bob"))
    done = world.push("lena", m(p.KB_VISIBILITY, "kb_article", ids["kb"], {"visibility": ["public", "internal"]}))
    assert done.json()["results"][0]["status"] == "applied", done.text[:300]
    assert _row(world, "kb_articles", ids["kb"]).visibility == "internal"
    world.push("lena", m(p.KB_VISIBILITY, "kb_article", ids["kb"], {"visibility": ["internal", "public"]}))
    assert _row(world, "kb_articles", ids["kb"]).visibility == "public"


def test_02b_the_server_refuses_a_template_that_would_exhaust_the_desks(world):
    """The desk checks a template before saving, but a hostile agent pushes it raw: the
    server runs the same checks (templates.check_template), so no teammate's desk
    ever loads a recursive macro, a 10^19 literal or a macro due in 1e308 days."""
    personal = {"title": "Greeting", "scope": "personal"}
    world.refused(
        "alice",
        m(p.TEMPLATE_SAVE, "template", uuid.uuid4(),
          {"fields": {**personal, "body": "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}"}}),
        m(p.TEMPLATE_SAVE, "template", uuid.uuid4(), {"fields": {**personal, "body": "{{ 10000000000000000000 }}"}}),
        m(p.TEMPLATE_SAVE, "template", uuid.uuid4(),
          {"fields": {**personal, "body": "Hi", "macro": {"follow_up": {"title": "x", "in_days": 1e308}}}}),
        m(p.TEMPLATE_SAVE, "template", uuid.uuid4(), {"fields": {**personal, "body": "{% for %}"}}),
    )


# --- 3. ticket fields -------------------------------------------------------------------------
def test_03_ticket_update_cannot_touch_fields_outside_the_editable_set(world):
    ids = world.ids
    t = world.new_ticket()
    cur = _row(world, "tickets", t)
    forbidden = (("deleted", False, True), ("rev", cur.rev, 10 ** 12),
                 ("team_id", str(ids["cards"]), str(ids["shipping"])),
                 ("customer_id", str(ids["choi"]), str(ids["emily"])), ("message_count", cur.message_count, 0),
                 ("first_response_at", None, "2020-01-01T00:00:00+00:00"), ("merged_into_id", None, str(ids["a1"])),
                 ("number", cur.number, 1))
    world.refused(
        "alice",
        *(m(p.TICKET_UPDATE, "ticket", t, {"fields": {name: [old, new]}}) for name, old, new in forbidden),
        # With an allowed field in front: the whole mutation is refused, the allowed part too.
        m(p.TICKET_UPDATE, "ticket", t, {"fields": {"priority": ["normal", "low"],
                                                    "team_id": [str(ids["cards"]), str(ids["shipping"])]}}),
    )


# --- 4. forged author -------------------------------------------------------------------------
def test_04_a_forged_author_and_date_are_replaced_by_the_signed_in_agent_and_the_server_clock(world):
    ids = world.ids
    t, msg = world.new_ticket(), uuid.uuid4()
    started = utcnow()
    r = world.push("alice", m(p.MESSAGE_INSERT, "message", msg, {
        "ticket_id": str(t), "kind": "note", "body": "signed: your lead",
        "author_agent_id": str(ids["lena"]), "author_name": "Lena (lead)", "created_at": "2001-01-01T00:00:00+00:00",
        "direction": "inbound", "channel": "phone", "external_id": "forged-1"}))
    [result] = r.json()["results"]
    assert result["status"] == "applied", result
    row = _row(world, "messages", msg)
    assert (row.author_agent_id, row.author_name) == (ids["alice"], "Alice")
    assert started - timedelta(seconds=1) <= row.created_at <= utcnow()
    assert (row.direction, row.channel, row.external_id) == ("internal", "chat", None)
    with world.owner.connect() as c:
        audit = T["audit_log"]
        actors = c.execute(select(audit.c.actor_agent_id).where(audit.c.entity_id == t)).scalars().all()
    assert set(actors) == {ids["alice"]}


# --- 5. assigning across teams ----------------------------------------------------------------
def test_05_a_ticket_cannot_be_assigned_to_an_agent_of_another_team(world):
    t = world.new_ticket()
    world.refused("alice", m(p.TICKET_UPDATE, "ticket", t, {"fields": {"assignee_id": [None, str(world.ids["bob"])]}}))


# --- 6. another team's ticket -------------------------------------------------------------------
def test_06_nothing_reaches_a_ticket_of_another_team(world):
    ids = world.ids
    b1, mine = ids["b1"], world.new_ticket()
    results = world.refused(
        "alice",
        m(p.TICKET_UPDATE, "ticket", b1, {"fields": {"priority": ["normal", "urgent"]}}),
        m(p.TAG_ADD, "ticket", b1, {"tag": "hacked", "tag_id": str(uuid.uuid4())}),
        m(p.TAG_REMOVE, "ticket", b1, {"tag": "vip"}),
        m(p.MESSAGE_INSERT, "message", uuid.uuid4(), {"ticket_id": str(b1), "kind": "reply", "body": "refund granted"}),
        m(p.TICKET_MERGE, "ticket", mine, {"target_id": str(b1)}),  # merge into it
        m(p.TICKET_MERGE, "ticket", b1, {"target_id": str(mine)}),  # merge it away
        m(p.KB_USE, "article_use", uuid.uuid4(), {"article_id": str(ids["kb"]), "ticket_id": str(b1), "kind": "link"}),
        m(p.FOLLOW_UP_INSERT, "follow_up", uuid.uuid4(),
          {"title": "watch b1", "due_at": later(), "ticket_id": str(b1)}),
        hidden_from=("amy", "lena", "bob", "sid"),
    )
    # The answer for another team's ticket is the one for a ticket that does not exist.
    nowhere = world.push("alice", m(p.TICKET_UPDATE, "ticket", uuid.uuid4(),
                                    {"fields": {"priority": ["normal", "urgent"]}})).json()["results"][0]
    assert results[0]["message"] == nowhere["message"]


def test_06b_a_follow_up_cannot_name_a_customer_of_another_team(world):
    world.refused("alice", m(p.FOLLOW_UP_INSERT, "follow_up", uuid.uuid4(),
                             {"title": "call Emily", "due_at": later(), "customer_id": str(world.ids["emily"])}))


def test_06c_a_follow_up_cannot_be_moved_onto_another_teams_ticket_or_customer(world):
    ids = world.ids
    cur = _row(world, "follow_ups", ids["alice_fu"])
    world.refused(
        "alice",
        m(p.FOLLOW_UP_UPDATE, "follow_up", ids["alice_fu"],
          {"fields": {"ticket_id": [p.wire(cur.ticket_id), str(ids["b1"])]}}),
        m(p.FOLLOW_UP_UPDATE, "follow_up", ids["alice_fu"],
          {"fields": {"customer_id": [p.wire(cur.customer_id), str(ids["emily"])]}}),
    )


def test_06d_a_vote_cannot_name_another_teams_ticket(world):
    from agentdesk.services import knowledge

    with world.db.session() as s:  # an article of this test's own: no earlier vote of alice's on it
        knowledge.import_articles(s, [{"external_id": "kb-06d", "title": "Vote me", "body": "…"}])
    with world.owner.connect() as c:
        article = c.execute(text("SELECT id FROM kb_articles WHERE external_id = 'kb-06d'")).scalar_one()
    world.refused("alice", m(p.KB_VOTE, "article_vote", uuid.uuid4(), {
        "article_id": str(article), "helpful": True, "vote_id": str(uuid.uuid4()), "ticket_id": str(world.ids["b1"])}))


# --- 7. another team's customer (tests 16-18 for customer edits); malformed mutations -----------
_HUGE = "x" * 1_000_000


def _shape(name, build):
    return pytest.param(build, id=name)


_SHAPES = [
    _shape("another-teams-customer", lambda w: m("customer.update", "customer", w.ids["emily"],
                                           {"fields": {"name": ["Emily Clark", "Mallory"]}})),
    _shape("unknown-contact-op", lambda w: m("contact_point.update", "contact_point", uuid.uuid4(),
                                           {"fields": {"value": ["emily@example.com", "mallory@example.com"]}})),
    _shape("payload-a-list", lambda w: m(p.TICKET_UPDATE, "ticket", w.ids["a1"], ["priority", "low"])),
    _shape("payload-a-string", lambda w: m(p.TICKET_UPDATE, "ticket", w.ids["a1"], "priority=low")),
    _shape("op-not-a-string", lambda w: {**_note(w, w.ids["a1"]), "op": 42}),
    _shape("op-null", lambda w: {**_note(w, w.ids["a1"]), "op": None}),
    _shape("op-huge", lambda w: {**_note(w, w.ids["a1"]), "op": _HUGE}),
    _shape("entity-huge", lambda w: {**_note(w, w.ids["a1"]), "entity": _HUGE}),
    _shape("entity-not-a-string", lambda w: {**_note(w, w.ids["a1"]), "entity": {"table": "tickets"}}),
    _shape("subject-huge", lambda w: m(p.TICKET_UPDATE, "ticket", w.ids["a1"],
                                       {"fields": {"subject": ["ticket a1", _HUGE]}})),
    _shape("status-not-a-status", lambda w: m(p.TICKET_UPDATE, "ticket", w.ids["a1"],
                                              {"fields": {"status": ["new", "open'; --"]}})),
    _shape("nul-in-body", lambda w: _note(w, w.ids["a1"], "before\x00after")),
    _shape("due-at-a-number", lambda w: m(p.FOLLOW_UP_INSERT, "follow_up", uuid.uuid4(), {"title": "x", "due_at": 5})),
    _shape("tz-huge", lambda w: m(p.FOLLOW_UP_INSERT, "follow_up", uuid.uuid4(),
                                  {"title": "x", "due_at": later(), "tz": _HUGE})),
    _shape("tag-huge", lambda w: m(p.TAG_ADD, "ticket", w.ids["a1"], {"tag": _HUGE, "tag_id": str(uuid.uuid4())})),
    _shape("entity-id-huge", lambda w: m(p.TICKET_UPDATE, "ticket", "1" * 1_000_000,
                                         {"fields": {"priority": ["normal", "low"]}})),
    _shape("body-over-max-payload", lambda w: _note(w, w.ids["a1"], "y" * (MAX_PAYLOAD + 1))),
    _shape("entity-id-missing", lambda w: {k: v for k, v in m(p.TICKET_UPDATE, "ticket", w.ids["a1"], {
        "fields": {"priority": ["normal", "low"]}}).items() if k != "entity_id"}),
    _shape("fields-a-list", lambda w: m(p.TICKET_UPDATE, "ticket", w.ids["a1"], {"fields": ["priority", "low"]})),
    _shape("field-not-a-pair", lambda w: m(p.TICKET_UPDATE, "ticket", w.ids["a1"], {"fields": {"priority": "low"}})),
    _shape("agent-status-not-a-pair", lambda w: m(p.AGENT_STATUS, "agent", w.ids["alice"], {"status": "break"})),
]


@pytest.mark.parametrize("build", _SHAPES)
def test_07_other_teams_customers_and_malformed_mutations_are_refused_with_a_clear_message(world, build):
    world.refused("alice", build(world))


def test_07b_a_mutation_without_a_valid_id_stops_the_batch_and_nothing_after_it_applies(world):
    a1 = world.ids["a1"]
    for bad in ({"op": p.MESSAGE_INSERT}, {"mutation_id": "not-a-uuid"}, {"mutation_id": 12}, "a string", None):
        good = _note(world, a1, "after the bad one")
        body = {**_note(world, a1), **bad} if isinstance(bad, dict) else bad
        if isinstance(body, dict) and "mutation_id" not in bad:
            body.pop("mutation_id")
        before, clock = world.snapshot(), world.clock()
        r = world.push("alice", body, good)
        assert r.status_code == 200, r.text[:300]
        assert r.json()["results"] == [] and "mutation_id" in r.json()["error"], r.json()
        assert_clean(r.json()["error"])
        world.assert_unchanged(before)
        assert world.clock() == clock and not _mutation_recorded(world, good["mutation_id"])


@pytest.mark.parametrize("body, status", [
    pytest.param(b"{not json", 400, id="not-json"),
    pytest.param({"client_id": "nope", "mutations": []}, 400, id="client-id-invalid"),
    pytest.param({"mutations": []}, 400, id="client-id-missing"),
    pytest.param({"client_id": str(uuid.uuid4()), "mutations": {"0": {}}}, 400, id="mutations-an-object"),
    pytest.param({"client_id": str(uuid.uuid4())}, 400, id="mutations-missing"),
    pytest.param(b"[]", 400, id="body-a-list"),
])
def test_07c_a_push_that_is_not_a_push_is_a_400_never_a_500(world, body, status):
    before = world.snapshot()
    r = world.post("/api/v1/push", body, "alice")
    assert r.status_code == status, (r.status_code, r.text[:200])
    assert r.json()["kind"] == "bad-request"
    assert_clean(r.json()["error"])
    world.assert_unchanged(before)


# --- 8. existence oracles ---------------------------------------------------------------------
def test_08_ids_that_exist_in_another_team_are_refused_without_the_databases_words(world):
    ids = world.ids
    mine = world.new_ticket()
    results = world.refused(
        "alice",
        # The id of a message on bob's ticket, for a note on her own ticket (a primary-key clash).
        m(p.MESSAGE_INSERT, "message", ids["b1_msg"], {"ticket_id": str(mine), "kind": "note", "body": "probe"}),
        # The id of bob's tag row, for a new tag on her own ticket.
        m(p.TAG_ADD, "ticket", mine, {"tag": "probe", "tag_id": str(ids["b1_tag"])}),
        # The id of bob's follow-up, for a follow-up of her own.
        m(p.FOLLOW_UP_INSERT, "follow_up", ids["bob_fu"], {"title": "probe", "due_at": later()}),
        # A merge whose system notes would take the ids of bob's message.
        m(p.TICKET_MERGE, "ticket", world.new_ticket(),
          {"target_id": str(mine), "notes": {str(mine): str(ids["b1_msg"])}}),
    )
    for r in results:  # one message for all of them: it names nothing of what exists
        assert r["message"] == "the change does not fit the server's data and was not applied", r


def test_08b_another_agents_mutation_id_is_refused_and_tells_nothing_of_its_result(world):
    bobs = _note(world, world.ids["b1"], "bob's private note")
    assert world.push("bob", bobs).json()["results"][0]["status"] == "applied"
    before = world.snapshot()
    # alice replays bob's mutation id (under another client id) with her own payload.
    r = world.push("alice", {**_note(world, world.ids["a1"]), "mutation_id": bobs["mutation_id"]})
    [result] = r.json()["results"]
    assert result["status"] == "rejected" and result["version"] is None, result
    assert_clean(result["message"])
    assert "bob" not in r.text.lower() and str(world.ids["b1"]) not in r.text and "created_at" not in r.text
    world.assert_unchanged(before)


# --- 9. conflict planting ---------------------------------------------------------------------
def test_09_no_mutation_plants_a_conflict_on_an_agent_of_another_team(world):
    ids = world.ids
    bob, sid = str(ids["bob"]), str(ids["sid"])
    # Every id-ish key a handler might copy into a conflict, naming bob or sid.
    names = {"agent_id": bob, "other_agent_id": sid, "loser": bob, "winner": sid, "author_agent_id": bob,
             "owner_agent_id": bob, "proposed_by_id": bob, "actor_agent_id": sid}
    t, dup = world.new_ticket(), world.new_ticket()
    fu_cur = _row(world, "follow_ups", ids["alice_fu"])
    pushed = [
        # Stale old values: every merge rule of ticket.update records a conflict.
        m(p.TICKET_UPDATE, "ticket", t, {**names, "fields": {"status": ["pending", "open"], "priority": ["low", "high"],
                                                             "subject": ["old subject", "new subject"]}}),
        m(p.TAG_ADD, "ticket", t, {**names, "tag": "planted", "tag_id": str(uuid.uuid4())}),
        m(p.TAG_REMOVE, "ticket", t, {**names, "tag": "planted"}),
        m(p.MESSAGE_INSERT, "message", uuid.uuid4(), {**names, "ticket_id": str(t), "kind": "reply", "body": "hi"}),
        m(p.TICKET_MERGE, "ticket", dup, {**names, "target_id": str(t)}),
        m(p.FOLLOW_UP_INSERT, "follow_up", uuid.uuid4(), {**names, "title": "for bob", "due_at": later()}),
        m(p.FOLLOW_UP_INSERT, "follow_up", uuid.uuid4(), {**{k: v for k, v in names.items() if k != "agent_id"},
                                                          "title": "mine", "due_at": later()}),
        m(p.FOLLOW_UP_UPDATE, "follow_up", ids["bob_fu"], {**names, "fields": {"title": ["call Emily back", "x"]}}),
        m(p.FOLLOW_UP_UPDATE, "follow_up", ids["alice_fu"], {**names, "fields": {"title": ["stale", "x"],
                                                                                  "notes": [fu_cur.notes, "n"]}}),
        m(p.AGENT_STATUS, "agent", ids["bob"], {**names, "status": ["available", "break"]}),
        m(p.AGENT_STATUS, "agent", ids["alice"], {**names, "status": ["after_contact_work", "available"]}),
        m(p.KB_VOTE, "article_vote", uuid.uuid4(), {**names, "article_id": str(ids["kb"]), "helpful": False,
                                                    "vote_id": str(uuid.uuid4())}),
        m(p.KB_USE, "article_use", uuid.uuid4(), {**names, "article_id": str(ids["kb"]), "ticket_id": str(t),
                                                  "kind": "link"}),
        m(p.KB_PROPOSE, "kb_article", uuid.uuid4(), {**names, "title": "planted", "body": "text"}),
        m(p.KB_REVIEW, "kb_article", ids["kb"], {**names, "action": "reject"}),
        m(p.KB_VISIBILITY, "kb_article", ids["kb"], {**names, "visibility": ["public", "internal"]}),
        m(p.TEMPLATE_SAVE, "template", uuid.uuid4(),
          {**names, "fields": {"title": "t", "body": "b", "scope": "personal", "owner_agent_id": bob}}),
        m(p.TEMPLATE_DELETE, "template", ids["bob_tpl"], names),
        # A known number (a kept duplicate records a conflict) and a new ticket (issue 12).
        m(p.Op.CUSTOMER_CREATE, "customer", uuid.uuid4(), {**names, "name": "Choi again", "contacts": [
            {"id": str(uuid.uuid4()), "kind": "phone", "value": "010-1234-5678"}]}),
        m(p.Op.TICKET_CREATE, "ticket", uuid.uuid4(), {**names, "subject": "planted", "channel": "chat",
                                                       "customer_id": str(ids["choi"]), "assignee_id": bob,
                                                       "message": {"id": str(uuid.uuid4()), "kind": "note",
                                                                   "body": "hi"}}),
        m(p.MENTION_READ, "mention", uuid.uuid4(), names),
        m(p.Op.CUSTOMER_UPDATE, "customer", ids["choi"], {**names, "fields": {"notes": ["stale", "n"]}, "tags": {}}),
        m(p.Op.CONTACT_UPSERT, "contact_point", uuid.uuid4(), {**names, **_contact(ids["choi"])}),
        m(p.Op.CONTACT_DELETE, "contact_point", _contact_of(world, "emily"), names),
        m(p.VIEW_SAVE, "saved_view", uuid.uuid4(), {**names, "fields": {"name": "v", "scope": "personal", "spec": {},
                                                                         "owner_agent_id": bob}}),
        m(p.VIEW_DELETE, "saved_view", uuid.uuid4(), names),
        # Routing (issue 13): another team's rules, another team's agent.
        m(p.Op.ROUTING_SAVE, "routing_rules", uuid.uuid4(), {**names, "team_id": str(ids["shipping"]),
                                                              "mode": "manual", "priority_rules": []}),
        # The FAQ auto-response (issue 14): another team's settings (its payload takes no other keys).
        m(p.Op.AUTORESPONSE_SAVE, p.Entity.AUTORESPONSE_SETTINGS, uuid.uuid4(),
          {"team_id": str(ids["shipping"]), "channel": "email", "enabled": True, "threshold": 0.7, "categories": []}),
        m(p.Op.AGENT_PROFILE, "agent", ids["bob"], {**names, "capacity": 1}),
        m(p.INCIDENT_RECORD, "protection_incident", uuid.uuid4(), {**names, "ticket_id": str(t), "kind": "ended",
                                                                     "reason": "planted"}),
        # Quality reviews (issue 13): of bob's ticket, and a rubric for bob's team.
        m(p.Op.REVIEW_SAVE, "quality_review", uuid.uuid4(), {**names, "ticket_id": str(t), "rubric_id": str(uuid.uuid4()),
                                                             "scores": {}, "comments": {}, "comment": "planted"}),
        m(p.Op.RUBRIC_SAVE, "rubric", uuid.uuid4(), {**names, "fields": {"team_id": str(ids["shipping"]), "name": "x",
                                                                         "items": [], "active": True}}),
        # The FAQ auto-response of another team (issue 14): refused, alice's refusal alone.
        m(p.Op.AUTORESPONSE_SAVE, "autoresponse_settings", uuid.uuid4(),
          {**names, "team_id": str(ids["shipping"]), "channel": "email", "enabled": True, "threshold": 0.6,
           "categories": []}),
        # Another team's knowledge-search synonym (issue 16; its payload takes no other keys): refused.
        m(p.Op.KB_SYNONYM_SAVE, p.Entity.KB_SYNONYM, uuid.uuid4(),
          {"team_id": str(ids["shipping"]), "phrase": "어디쯤", "words": "운송장 조회", "status": "approved",
           "deleted": False}),
        # Time in bob's name (issue 13): refused, and the refusal is alice's alone.
        m(p.Op.WORK_LOG, "work_session", uuid.uuid4(), {**names, "ticket_id": str(t), "kind": "work", "seconds": 60,
                                                         "started_at": utcnow().isoformat()}),
        # Training (issue 15): Shipping's scenario, an assignment for bob, an attempt in bob's name.
        m(p.Op.TRAINING_SCENARIO_SAVE, "training_scenario", uuid.uuid4(), {"team_id": str(ids["shipping"]),
                                                                           "source": "id = 'x'", "format": "toml"}),
        m(p.Op.TRAINING_ASSIGN, "training_assignment", uuid.uuid4(), {"trainee_id": bob,
                                                                      "scenario_key": "card-limit-inquiry"}),
        m(p.Op.TRAINING_ATTEMPT, "training_attempt", uuid.uuid4(), {"trainee_id": bob, "actions": []}),
    ]
    assert {x["op"] for x in pushed} == set(p.OPS)
    since = world.clock()
    r = world.push("alice", *pushed)
    assert r.status_code == 200 and "error" not in r.json(), r.text[:300]
    statuses = [x["status"] for x in r.json()["results"]]
    assert "applied" in statuses and "rejected" in statuses and len(statuses) == len(pushed)
    sc = T["sync_conflicts"]
    with world.owner.connect() as c:
        planted = c.execute(select(sc.c.kind, sc.c.agent_id, sc.c.other_agent_id).where(
            sc.c.mutation_id.in_([uuid.UUID(x["mutation_id"]) for x in pushed]))).all()
    assert len(planted) >= 5  # the stale fields and the refusals really recorded conflicts
    assert {who for row in planted for who in (row.agent_id, row.other_agent_id)} <= {ids["alice"], None}, planted
    for other in ("bob", "sid", "amy", "lena"):
        assert world.pulled(world.pull(other, after=since), "sync_conflicts") == {}, other


def test_09b_a_ticket_moved_from_another_team_does_not_carry_conflicts_back_to_it(world):
    ids = world.ids
    # (A customer of its own: moving emily's ticket would show emily to Cards, rightly.)
    t = world.new_ticket("Shipping", customer="new")
    # bob works it in Shipping, then triage moves it to Cards.
    r = world.push("bob", m(p.TICKET_UPDATE, "ticket", t, {"fields": {"status": ["new", "pending"]}}))
    assert r.json()["results"][0]["status"] == "applied"
    with world.owner.begin() as c:
        c.execute(update(T["tickets"]).where(T["tickets"].c.id == t).values(team_id=ids["cards"]))
    since = world.clock()
    pushed = m(p.TICKET_UPDATE, "ticket", t, {"fields": {"status": ["new", "solved"], "priority": ["low", "high"]}})
    assert world.push("alice", pushed).json()["results"][0]["status"] == "applied"
    rows = world.conflicts(pushed["mutation_id"])
    assert rows and all(ids["bob"] not in (c.agent_id, c.other_agent_id) for c in rows), rows
    assert world.pulled(world.pull("bob", after=since), "sync_conflicts") == {}


def test_09c_a_lead_cannot_file_follow_ups_in_the_name_of_another_teams_agent(world):
    world.refused("lena", m(p.FOLLOW_UP_INSERT, "follow_up", uuid.uuid4(),
                            {"title": "for bob", "due_at": later(), "agent_id": str(world.ids["bob"])}),
                  hidden_from=("alice", "bob", "sid"))


# --- 10. reading across teams ---------------------------------------------------------------
def _foreign_ids(world) -> dict[str, set[str]]:
    """Rows of the database alice must never receive, as the owner finds them."""
    cards, alice = world.ids["cards"], world.ids["alice"]
    queries = {
        "tickets": "SELECT id FROM tickets WHERE team_id IS DISTINCT FROM :cards",
        "customers": "SELECT id FROM customers WHERE id NOT IN (SELECT customer_id FROM tickets WHERE team_id = :cards "
                     "AND customer_id IS NOT NULL)",
        "contact_points": "SELECT id FROM contact_points WHERE customer_id NOT IN (SELECT customer_id FROM tickets "
                          "WHERE team_id = :cards AND customer_id IS NOT NULL)",
        "messages": "SELECT m.id FROM messages m JOIN tickets t ON t.id = m.ticket_id "
                    "WHERE t.team_id IS DISTINCT FROM :cards",
        "ticket_tags": "SELECT g.id FROM ticket_tags g JOIN tickets t ON t.id = g.ticket_id "
                       "WHERE t.team_id IS DISTINCT FROM :cards",
        "follow_ups": "SELECT id FROM follow_ups WHERE agent_id <> :alice",
        "templates": "SELECT id FROM templates WHERE scope = 'personal' AND owner_agent_id IS DISTINCT FROM :alice",
        "sync_conflicts": "SELECT id FROM sync_conflicts WHERE agent_id IS DISTINCT FROM :alice "
                          "AND other_agent_id IS DISTINCT FROM :alice",
        "article_votes": "SELECT id FROM article_votes WHERE agent_id <> :alice",
        "audit_log": "SELECT a.id FROM audit_log a JOIN tickets t ON t.id = a.entity_id "
                     "WHERE t.team_id IS DISTINCT FROM :cards AND a.actor_agent_id IS DISTINCT FROM :alice",
    }
    with world.owner.connect() as c:
        return {table: {str(i) for i in c.execute(text(sql), {"cards": cards, "alice": alice}).scalars()}
                for table, sql in queries.items()}


def test_10_a_pull_never_brings_another_teams_rows_even_when_asked_by_id(world):
    ids = world.ids
    # One refusal of bob's, so there is a conflict of his to ask for.
    bobs = m(p.TICKET_UPDATE, "ticket", ids["a1"], {"fields": {"priority": ["normal", "low"]}})
    assert world.push("bob", bobs).json()["results"][0]["status"] == "rejected"
    bob_conflict = world.conflicts(bobs["mutation_id"])[0].id
    with world.owner.connect() as c:
        emily_cp = c.execute(text("SELECT id FROM contact_points WHERE customer_id = :c"), {"c": ids["emily"]}).scalar()
    asked = [("tickets", ids["b1"]), ("customers", ids["emily"]), ("contact_points", emily_cp),
             ("messages", ids["b1_msg"]), ("ticket_tags", ids["b1_tag"]), ("follow_ups", ids["bob_fu"]),
             ("templates", ids["amy_tpl"]), ("templates", ids["bob_tpl"]), ("sync_conflicts", bob_conflict)]
    events = world.pull("alice", refetch=asked)
    refetched = [e for e in events if e["type"] == "refetch"]
    assert len(refetched) == len(asked)
    assert [e for e in refetched if e["rows"] or e.get("tags")] == []
    # Nor anywhere in a full pull.
    full = world.pull("alice")
    foreign = _foreign_ids(world)
    # The check is not vacuous: what was asked for is foreign by the owner's own count.
    assert {str(i) for _, i in asked} - {str(world.ids["amy_tpl"])} <= set().union(*foreign.values())
    leaked = {table: set(world.pulled(full, table)) & wanted for table, wanted in foreign.items()}
    assert not any(leaked.values()), leaked
    assert str(ids["a1"]) in world.pulled(full, "tickets")  # and her own team's rows do come
    # Control: the owner of those rows gets them by the same request.
    own = world.pull("bob", refetch=[("tickets", ids["b1"]), ("follow_ups", ids["bob_fu"])])
    assert all(e["rows"] for e in own if e["type"] == "refetch")


@pytest.mark.parametrize("table", ["agent_credentials", "server_sessions", "sync_mutations", "presence", "drafts"])
def test_10b_tables_outside_the_feed_cannot_be_refetched(world, table):
    r = world.post("/api/v1/pull", {"after": -1, "refetch": [[table, str(world.ids["alice"])]]}, "alice")
    assert (r.status_code, r.json()["kind"]) == (400, "bad-request")
    assert_clean(r.json()["error"])


def test_10c_presence_on_another_teams_ticket_is_403_and_writes_nothing(world):
    ids = world.ids

    def alice_presence():
        with world.owner.connect() as c:
            return c.execute(text("SELECT ticket_id FROM presence WHERE agent_id = :a"), {"a": ids["alice"]}).all()

    assert world.post("/api/v1/presence", {"ticket_id": str(ids["b1"])}, "bob").status_code == 200  # bob is on it
    try:
        for ticket in (ids["b1"], uuid.uuid4()):  # another team's, and one that does not exist: the same answer
            r = world.post("/api/v1/presence", {"ticket_id": str(ticket), "activity": "replying"}, "alice")
            assert (r.status_code, r.json()["kind"]) == (403, "forbidden"), r.text
            assert "Bob" not in r.text and alice_presence() == []
        # With a row of her own already there (the upsert's UPDATE path): still refused.
        assert world.post("/api/v1/presence", {"ticket_id": str(ids["a1"])}, "alice").status_code == 200
        r = world.post("/api/v1/presence", {"ticket_id": str(ids["b1"])}, "alice")
        assert r.status_code == 403 and alice_presence() == [(ids["a1"],)]
    finally:
        for who in ("alice", "bob"):
            world.post("/api/v1/presence", {"ticket_id": None}, who)


# --- 11. sessions -----------------------------------------------------------------------------
def _refused_request(world, status: int, kind: str, *, token: str | None, headers: dict | None = None):
    """A push with these credentials: refused with ``status``, nothing applied or recorded."""
    before = world.snapshot()
    note = _note(world, world.ids["a1"], "from a bad session")
    h = world.headers(token=token) | (headers or {})
    if token is None:
        h.pop("Authorization", None)
    r = world.http.post("/api/v1/push", content=json.dumps({"client_id": str(uuid.uuid4()), "mutations": [note]}),
                        headers=h)
    assert (r.status_code, r.json()["kind"]) == (status, kind), r.text
    assert_clean(r.json()["error"])
    world.assert_unchanged(before)
    assert not _mutation_recorded(world, note["mutation_id"])
    return r


def test_11_without_a_token_or_with_a_made_up_one_nothing_is_answered(world):
    _refused_request(world, 401, "auth", token=None)
    _refused_request(world, 401, "auth", token="made-up-" + uuid.uuid4().hex)
    _refused_request(world, 401, "auth", token="x" * 5000)
    # A token's hash is not a token.
    _refused_request(world, 401, "auth", token=auth.token_hash(world.tokens["alice"]))
    assert world.http.get("/api/v1/me", headers=world.headers(token="made-up")).status_code == 401
    r = world.post("/api/v1/pull", {"after": -1}, token="made-up")
    assert r.status_code == 401 and "rows" not in r.text


def test_11b_an_expired_session_is_401(world):
    token = world.srv.token("alice")
    with world.owner.begin() as c:
        c.execute(update(T["server_sessions"]).where(T["server_sessions"].c.token_hash == auth.token_hash(token))
                  .values(expires_at=utcnow() - timedelta(minutes=1)))
    assert "expired" in _refused_request(world, 401, "auth", token=token).json()["error"]


def test_11c_a_revoked_session_is_401(world):
    login = f"rita{uuid.uuid4().hex[:6]}"
    agent = world.new_agent(login)
    token = world.srv.token(login)
    assert world.push(None, _note(world, world.ids["a1"]), token=token).status_code == 200  # good until revoked
    with world.owner.begin() as c:
        assert auth.revoke_sessions(c, agent) == 1
    _refused_request(world, 401, "auth", token=token)


def test_11d_a_signed_out_session_is_401(world):
    token = world.srv.token("alice")
    assert world.post("/api/v1/logout", {}, token=token).status_code == 204
    _refused_request(world, 401, "auth", token=token)


def test_11e_a_removed_agent_is_401(world):
    login = f"gone{uuid.uuid4().hex[:6]}"
    agent = world.new_agent(login, password="gone-password-1")
    token = world.srv.token(login)
    with world.owner.begin() as c:
        c.execute(update(T["agents"]).where(T["agents"].c.id == agent).values(deleted=True))
    _refused_request(world, 401, "auth", token=token)
    # Nor can they sign in again with their password.
    r = world.post("/api/v1/login", {"login": login, "password": "gone-password-1"})
    assert r.status_code == 401


def test_11f_a_desk_of_another_schema_is_409(world):
    r = _refused_request(world, 409, "schema", token=world.tokens["alice"], headers={SCHEMA_HEADER: "0001"})
    assert r.json()["server_schema"] == world.schema


def test_11g_the_pokes_socket_refuses_a_made_up_token(world):
    from starlette.websockets import WebSocketDisconnect

    with pytest.raises(WebSocketDisconnect) as closed:
        with world.http.websocket_connect("/api/v1/pokes", headers=world.headers(token="made-up")) as ws:
            ws.receive_text()
    assert closed.value.code == 4401


# --- 12. limits -------------------------------------------------------------------------------
def test_12_a_push_over_4_mib_is_413_declared_or_streamed(world):
    note = _note(world, world.ids["a1"], "z" * (MAX_BODY + 10))
    content = json.dumps({"client_id": str(uuid.uuid4()), "mutations": [note]}).encode()
    before = world.snapshot()
    r = world.http.post("/api/v1/push", content=content, headers=world.headers("alice"))
    assert (r.status_code, r.json()["kind"]) == (413, "too-large")

    def chunks():  # no content-length: the server counts as it reads
        for k in range(0, len(content), 256 * 1024):
            yield content[k:k + 256 * 1024]

    r = world.http.post("/api/v1/push", content=chunks(), headers=world.headers("alice"))
    assert (r.status_code, r.json()["kind"]) == (413, "too-large")
    world.assert_unchanged(before)
    assert not _mutation_recorded(world, note["mutation_id"])


def test_12b_a_batch_over_500_mutations_is_400_and_none_applies(world):
    notes = [_note(world, world.ids["a1"], f"n{k}") for k in range(MAX_BATCH + 1)]
    before = world.snapshot()
    r = world.push("alice", *notes)
    assert (r.status_code, r.json()["kind"]) == (400, "bad-request")
    world.assert_unchanged(before)
    assert not _mutation_recorded(world, notes[0]["mutation_id"])


def test_12c_after_10_wrong_passwords_even_the_right_one_waits(world):
    # The production burst (10 failures); a refill slow enough that a loaded machine cannot
    # refill a sign-in during the test (production: 10 a minute).
    srv = world.server(Limits(logins_per_min=0.1))
    login, password = f"brutus{uuid.uuid4().hex[:6]}", "brutus-password-1"
    world.new_agent(login, password=password)
    clients = []

    def from_address(n: int):
        clients.append(world.client(srv, (f"203.0.113.{n}", 40000)))
        return clients[-1]

    try:
        unknown = from_address(200).post("/api/v1/login", json={"login": "nobody-here", "password": "guess"})
        assert unknown.status_code == 401
        # Ten guesses at one login, each from another address (so only the login's bucket runs dry) ...
        for k in range(10):
            r = from_address(k).post("/api/v1/login", json={"login": login, "password": f"guess-{k}"})
            # ... each answered as for a login that does not exist.
            assert r.status_code == 401 and r.json()["error"] == unknown.json()["error"]
        # Then the right password, from a fresh address: it waits too.
        r = from_address(100).post("/api/v1/login", json={"login": login, "password": password})
        assert (r.status_code, r.json()["kind"]) == (429, "rate") and float(r.headers["Retry-After"]) > 0
        assert "token" not in r.json()
        # Other agents still sign in.
        assert from_address(101).post("/api/v1/login", json={"login": "bob", "password": "bob-battery-staple"}
                                      ).status_code == 200
        # Per address too: one that sprayed guesses over many logins waits, whatever the login
        # (a server with a burst of 2, to spare the test eight more Argon2 hashes).
        clients.append(world.client(world.server(Limits(logins_per_min=0.1, login_burst=2)), ("192.0.2.1", 40000)))
        spray = clients[-1]
        for k in range(2):
            assert spray.post("/api/v1/login", json={"login": f"nobody{k}", "password": "guess"}).status_code == 401
        r = spray.post("/api/v1/login", json={"login": "bob", "password": "bob-battery-staple"})
        assert (r.status_code, r.json()["kind"]) == (429, "rate") and "token" not in r.json()
    finally:
        for c in clients:
            c.close()
    with world.owner.connect() as c:
        made = c.execute(text("SELECT count(*) FROM server_sessions s JOIN agents a ON a.id = s.agent_id "
                              "WHERE a.login = :l"), {"l": login}).scalar()
    assert made == 0


def test_12d_a_flooding_agent_waits_while_the_others_go_on(world):
    srv = world.server(Limits(requests_per_s=0.01, request_burst=5))  # no refill within the test
    http = world.client(srv)
    a1 = world.ids["a1"]
    answers = [world.push("alice", _note(world, a1, f"flood {k}"), client=http) for k in range(8)]
    codes = [r.status_code for r in answers]
    assert codes == [200] * 5 + [429] * 3, codes
    slowed = next(r for r in answers if r.status_code == 429)
    assert slowed.json()["kind"] == "rate" and float(slowed.headers["Retry-After"]) > 0
    r = world.push("bob", _note(world, world.ids["b1"], "bob is fine"), client=http)
    assert r.status_code == 200 and r.json()["results"][0]["status"] == "applied"
    http.close()


def test_12e_a_flood_of_mutations_waits_and_none_of_it_applies(world):
    srv = world.server(Limits(mutations_per_s=0.01, mutation_burst=30))
    http = world.client(srv)
    first = [_note(world, world.ids["a1"], f"m{k}") for k in range(20)]
    assert world.push("alice", *first, client=http).status_code == 200
    flood = [_note(world, world.ids["a1"], f"more {k}") for k in range(20)]  # 10 left in the bucket
    before = world.snapshot()
    r = world.push("alice", *flood, client=http)
    assert (r.status_code, r.json()["kind"]) == (429, "rate") and float(r.headers["Retry-After"]) > 0
    world.assert_unchanged(before)
    assert not any(_mutation_recorded(world, x["mutation_id"]) for x in flood)
    r = world.push("bob", _note(world, world.ids["b1"]), client=http)
    assert r.status_code == 200 and r.json()["results"][0]["status"] == "applied"
    http.close()


def test_12f_a_batch_larger_than_the_burst_is_not_a_free_pass(world):
    srv = world.server(Limits(mutations_per_s=0.01, mutation_burst=20))
    http = world.client(srv)
    try:
        for round_ in range(3):
            batch = [_note(world, world.ids["a1"], f"big {round_}.{k}") for k in range(21)]
            r = world.push("alice", *batch, client=http)
            if r.status_code == 429:
                break
            assert round_ == 0, "batches over the burst keep going through"
        assert r.status_code == 429
    finally:
        http.close()


# --- 13. the second wall ----------------------------------------------------------------------
def _as_alice(world, conn):
    scope.enter(conn, world.principal("alice"))
    assert conn.execute(text("SELECT current_user")).scalar() == GROUP_ROLES["agent"]


def _refused_sql(conn, sql: str, **params) -> None:
    import psycopg

    with pytest.raises(DBAPIError) as err, conn.begin_nested():
        conn.execute(text(sql), params)
    assert isinstance(err.value.orig, psycopg.errors.InsufficientPrivilege), err.value.orig


def test_13_as_alice_plain_sql_stays_inside_her_team(world):
    ids = world.ids
    with world.owner.connect() as c:
        cards_tickets = set(c.scalars(text("SELECT id FROM tickets WHERE team_id = :t"), {"t": ids["cards"]}))
        cards_customers = set(c.scalars(text("SELECT customer_id FROM tickets WHERE team_id = :t"),
                                        {"t": ids["cards"]})) - {None}
    with world.owner.connect() as conn:
        trans = conn.begin()
        try:
            _as_alice(world, conn)
            assert set(conn.scalars(text("SELECT id FROM tickets"))) == cards_tickets
            assert set(conn.scalars(text("SELECT id FROM customers"))) == cards_customers
            b1 = {"t": ids["b1"]}
            assert conn.execute(text("SELECT count(*) FROM messages WHERE ticket_id = :t"), b1).scalar() == 0
            # Another team's ticket: invisible to UPDATE and DELETE too.
            assert conn.execute(text("UPDATE tickets SET subject = 'mine now' WHERE id = :t"), b1).rowcount == 0
            _refused_sql(conn, "DELETE FROM tickets WHERE id = :t", t=ids["a1"])  # agents never delete
            _refused_sql(conn, "UPDATE tickets SET team_id = :s WHERE id = :t", s=ids["shipping"], t=ids["a1"])
            _refused_sql(conn, "INSERT INTO messages (id, ticket_id, direction, kind, channel, body, author_name, "
                               "created_at, rev, deleted, updated_at) VALUES (:i, :t, 'internal', 'note', 'email', "
                               "'x', '', now(), 0, false, now())", i=uuid.uuid4(), t=ids["b1"])
            # The sign-in tables are the server role's alone.
            _refused_sql(conn, "SELECT password_hash FROM agent_credentials")
            _refused_sql(conn, "UPDATE agent_credentials SET password_hash = 'x'")
            _refused_sql(conn, "SELECT token_hash FROM server_sessions")
            _refused_sql(conn, "UPDATE server_sessions SET revoked_at = NULL, expires_at = now() + interval '1 year'")
            # Nor her own powers, nor the clock's epoch.
            _refused_sql(conn, "UPDATE agents SET role = 'admin', team_id = :s WHERE id = :a", s=ids["shipping"],
                         a=ids["alice"])
            _refused_sql(conn, "UPDATE sync_clock SET epoch = :e WHERE id = 1", e=uuid.uuid4())
            _refused_sql(conn, "UPDATE audit_log SET changes = '{}'")
        finally:
            trans.rollback()


def test_13b_as_alice_plain_sql_cannot_move_the_sync_clock(world):
    with world.owner.connect() as conn:
        trans = conn.begin()
        try:
            _as_alice(world, conn)
            _refused_sql(conn, "UPDATE sync_clock SET v = 0 WHERE id = 1")
        finally:
            trans.rollback()  # never leave a moved clock to the other tests


# --- 14. merges the rules refuse -----------------------------------------------------------------
def test_14_a_desk_that_skips_the_merge_checks_is_refused_by_the_server(world):
    """A merged ticket is not merged again (even into the same target: a second desk's copy of
    the merge used to apply as a no-op and keep its own "Merged from" note), nor merged into,
    nor a ticket into itself."""
    a, b, c = world.new_ticket(subject="duplicate"), world.new_ticket(subject="target"), world.new_ticket()
    notes = {str(a): str(uuid.uuid4()), str(b): str(uuid.uuid4())}
    ok = world.push("alice", m(p.TICKET_MERGE, "ticket", a, {"target_id": str(b), "notes": notes})).json()["results"]
    assert ok[0]["status"] == "applied", ok
    number = {t: _row(world, "tickets", t).number for t in (a, b, c)}
    results = world.refused(
        "amy",
        m(p.TICKET_MERGE, "ticket", a, {"target_id": str(b)}),  # the same merge, from another desk
        m(p.TICKET_MERGE, "ticket", a, {"target_id": str(c)}),
        m(p.TICKET_MERGE, "ticket", c, {"target_id": str(a)}),
        m(p.TICKET_MERGE, "ticket", c, {"target_id": str(c)}),
    )
    assert [x["message"] for x in results] == [
        f"#{number[a]} was already merged into #{number[b]}", f"#{number[a]} was already merged into #{number[b]}",
        f"#{number[a]} was itself merged; merge into the ticket it was merged into",
        "a ticket cannot be merged into itself"]


def test_15_a_public_reply_on_a_phone_ticket_is_refused_by_the_server(world):
    """The desk offers a call log there; a desk that pushes a "reply" anyway (stored as sent,
    reaching no one) is refused by the server's own rule, and a call log goes through."""
    t = world.new_ticket(channel="phone")
    world.refused("alice", m(p.MESSAGE_INSERT, "message", uuid.uuid4(),
                             {"ticket_id": str(t), "kind": "reply", "body": "전화로 안내드렸습니다"}))
    ok = world.push("alice", m(p.MESSAGE_INSERT, "message", uuid.uuid4(),
                               {"ticket_id": str(t), "kind": "call_log", "body": "전화로 안내드렸습니다"})).json()["results"]
    assert ok[0]["status"] == "applied", ok


# --- 16-18. customer edits (issue 12) ---------------------------------------------------------
def _contact_of(world, customer: str):
    with world.owner.connect() as c:
        return c.execute(text("SELECT id FROM contact_points WHERE customer_id = :c AND NOT deleted LIMIT 1"),
                         {"c": world.ids[customer]}).scalar_one()


def _contact(customer_id, value="010-5555-1234", **extra) -> dict:
    return {"customer_id": str(customer_id), "kind": "phone", "value": value, "label": "mobile",
            "is_primary": False, **extra}


def test_16_an_agent_edits_no_customer_outside_their_team(world):
    """Cards' alice against Shipping's customer: the record, a new contact point, an existing
    one (deleted, edited, or carried over onto her own customer), and a walk-in customer
    no team's ticket names (only admins edit those)."""
    ids = world.ids
    emily_cp = _contact_of(world, "emily")
    with world.db.session() as s:
        from agentdesk.models import Customer

        walk_in = Customer(name="Walk-in")
        s.add(walk_in)
        s.flush()
        walk_in_id = walk_in.id
    world.refused(
        "alice",
        m(p.Op.CUSTOMER_UPDATE, "customer", ids["emily"], {"fields": {"notes": ["", "mine now"]}, "tags": {}}),
        m(p.Op.CUSTOMER_UPDATE, "customer", ids["emily"], {"fields": {}, "tags": {"add": ["vip"]}}),
        m(p.Op.CONTACT_UPSERT, "contact_point", uuid.uuid4(), _contact(ids["emily"])),
        m(p.Op.CONTACT_DELETE, "contact_point", emily_cp, {}),
        m(p.Op.CONTACT_UPSERT, "contact_point", emily_cp, _contact(ids["emily"], kind="email", value="x@example.com")),
        m(p.Op.CONTACT_UPSERT, "contact_point", emily_cp, _contact(ids["choi"])),
        m(p.Op.CUSTOMER_UPDATE, "customer", walk_in_id, {"fields": {"name": ["Walk-in", "Mallory"]}, "tags": {}}),
    )
    # A lead of the other team is refused too; an admin edits any customer.
    world.refused("sid", m(p.Op.CUSTOMER_UPDATE, "customer", ids["choi"], {"fields": {}, "tags": {"add": ["x"]}}),
                  hidden_from=("alice", "amy", "lena"))
    ok = world.push("ada", m(p.Op.CUSTOMER_UPDATE, "customer", walk_in_id,
                             {"fields": {"name": ["Walk-in", "Walk-in caller"]}, "tags": {}})).json()["results"]
    assert ok[0]["status"] == "applied", ok
    assert _row(world, "customers", walk_in_id).name == "Walk-in caller"


def test_17_a_desk_cannot_forge_the_lookup_keys_or_fields_outside_the_editable_set(world):
    """The search finds customers by ``normalized`` and ``search_key``: a desk that sent its
    own could make any number ring through to the wrong customer. They are refused when
    sent, and derived by the server from the value when not."""
    ids = world.ids
    cp = uuid.uuid4()
    world.refused(
        "alice",
        m(p.Op.CONTACT_UPSERT, "contact_point", cp, _contact(ids["choi"], normalized="+821012345678")),
        m(p.Op.CONTACT_UPSERT, "contact_point", cp, _contact(ids["choi"], search_key="8765")),
        m(p.Op.CONTACT_UPSERT, "contact_point", cp, _contact(ids["choi"], value="+82 10-1234-5678; rm -rf /")),
        m(p.Op.CONTACT_UPSERT, "contact_point", cp, _contact(ids["choi"], is_primary="yes")),
        *(m(p.Op.CUSTOMER_UPDATE, "customer", ids["choi"], {"fields": {name: [old, new]}, "tags": {}})
          for name, old, new in (("name_reversed", "", "xx"), ("vip_tier", "standard", "vip"),
                                 ("lifetime_value", 0, 10 ** 9), ("deleted", False, True), ("rev", 1, 10 ** 12))),
        m(p.Op.CUSTOMER_UPDATE, "customer", ids["choi"], {"fields": {}, "tags": ["vip"]}),
        m(p.Op.CUSTOMER_UPDATE, "customer", ids["choi"], {"fields": {"notes": ["", "x\x00y"]}, "tags": {}}),
        m(p.Op.CUSTOMER_UPDATE, "customer", ids["choi"], {"fields": {"name": ["", "y" * 121]}, "tags": {}}),
    )
    ok = world.push("alice", m(p.Op.CONTACT_UPSERT, "contact_point", cp,
                               _contact(ids["choi"], value="０１０.５５５５.１２３４"))).json()["results"]
    assert ok[0]["status"] == "applied", ok
    row = _row(world, "contact_points", cp)
    assert (row.value, row.normalized, row.search_key) == ("010-5555-1234", "+821055551234", "432155550128")


def test_18_a_customer_edit_by_the_right_team_is_applied_audited_and_pulled(world):
    ids = world.ids
    before = world.clock()
    r = world.push("amy", m(p.Op.CUSTOMER_UPDATE, "customer", ids["choi"],
                            {"fields": {}, "tags": {"add": ["Call Back"], "remove": []}})).json()["results"]
    assert r[0]["status"] == "applied", r
    assert "call-back" in _row(world, "customers", ids["choi"]).tags.split()
    with world.owner.connect() as c:
        actor = c.execute(text("SELECT actor_agent_id FROM audit_log WHERE entity_id = :c AND action = 'update' "
                               "ORDER BY at DESC LIMIT 1"), {"c": ids["choi"]}).scalar_one()
    assert actor == ids["amy"]
    assert str(ids["choi"]) in world.pulled(world.pull("alice", after=before), "customers")
    assert str(ids["choi"]) not in world.pulled(world.pull("bob", after=before), "customers")
