"""Quality reviews on the team server (issue 13). A hostile desk pushing crafted
``review.save`` / ``rubric.save`` mutations: an agent cannot write a review (not even of
a colleague), nobody reviews themselves, a lead of another team is refused, a score sent
by the desk is never taken; a pull brings one's own reviews (a lead: the team's), never a
colleague's. And the ordinary way: a lead's desk saves a review, the agent's desk gets it."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from agentdesk import review_rules as rr
from agentdesk.models import Agent, ChangeKind, QualityReview, Team
from agentdesk.server.feed import stamp_unversioned
from agentdesk.services import reviews, tickets
from agentdesk.services.common import NotAllowed, current_agent
from agentdesk.sync import capture
from agentdesk.sync import protocol as p
from tests.factories import seed_small
from tests.server_attack_support import T, World, m, module_database
from tests.test_sync_support import client, close, replica

FULL = {"greeting": 5, "compliance": 5, "accuracy": 5, "empathy": 5, "resolution": 5, "closing": 5}


def _handled(world: World, login: str, team: str = "Cards", status: str = "solved") -> uuid.UUID:
    tid = world.new_ticket(team, subject=f"handled by {login}")
    with world.db.session() as s:
        who = current_agent(s, login)
        tickets.update_ticket(s, tid, current_agent(s, "ada"), assignee=who.login, status=status)
    stamp_unversioned(world.db.engine)
    return tid


@pytest.fixture(scope="module")
def world():
    with module_database() as db:
        w = World(db)
        ids = w.ids
        ids["alice_done"] = _handled(w, "alice")
        ids["amy_done"] = _handled(w, "amy")
        ids["lena_done"] = _handled(w, "lena")
        ids["bob_done"] = _handled(w, "bob", "Shipping")
        ids["alice_open"] = _handled(w, "alice", status="open")
        with db.session() as s:
            ids["ship_rubric"] = reviews.save_rubric(s, "sid", name="Shipping", items=[
                {"key": "tone", "label_en": "Tone", "label_ko": "어조", "weight": 1, "max_points": 3,
                 "auto_fail": False}]).id
        stamp_unversioned(db.engine)
        try:
            yield w
        finally:
            w.close()


def review(ticket_id, agent_id, scores=None, rubric=rr.DEFAULT_RUBRIC_ID, **extra) -> dict:
    return {"ticket_id": str(ticket_id), "agent_id": str(agent_id), "rubric_id": str(rubric),
            "scores": FULL if scores is None else scores, "comments": {}, "comment": "", **extra}


def _reviews(world, ticket_id):
    qr = T["quality_reviews"]
    with world.owner.connect() as c:
        return c.execute(select(qr).where(qr.c.ticket_id == ticket_id)).all()


def test_an_agent_cannot_write_a_review_of_anyone(world):
    ids = world.ids
    world.refused(
        "alice",
        m(p.Op.REVIEW_SAVE, "quality_review", uuid.uuid4(), review(ids["amy_done"], ids["amy"])),  # a colleague
        m(p.Op.REVIEW_SAVE, "quality_review", uuid.uuid4(), review(ids["alice_done"], ids["alice"])),  # herself
        m(p.Op.REVIEW_SAVE, "quality_review", uuid.uuid4(), review(ids["bob_done"], ids["bob"])),  # another team
    )
    assert _reviews(world, ids["amy_done"]) == [] and _reviews(world, ids["alice_done"]) == []


def test_nobody_reviews_themselves_and_a_lead_of_another_team_is_refused(world):
    ids = world.ids
    world.refused("lena", m(p.Op.REVIEW_SAVE, "quality_review", uuid.uuid4(), review(ids["lena_done"], ids["lena"])))
    world.refused(
        "sid",
        m(p.Op.REVIEW_SAVE, "quality_review", uuid.uuid4(), review(ids["alice_done"], ids["alice"])),
        # His own team's ticket, naming an agent of another team as the one reviewed.
        m(p.Op.REVIEW_SAVE, "quality_review", uuid.uuid4(), review(ids["bob_done"], ids["alice"],
                                                                   rubric=ids["ship_rubric"], scores={"tone": 1})),
    )
    assert _reviews(world, ids["alice_done"]) == []


@pytest.mark.parametrize("payload", [
    lambda ids: review(ids["alice_open"], ids["alice"]),  # not handled yet
    lambda ids: review(ids["alice_done"], ids["amy"]),  # not hers
    lambda ids: review(ids["alice_done"], ids["alice"], score=100.0),  # a score from the desk
    lambda ids: review(ids["alice_done"], ids["alice"], failed=False),
    lambda ids: review(ids["alice_done"], ids["alice"], scores={**FULL, "greeting": 99}),
    lambda ids: review(ids["alice_done"], ids["alice"], scores={**FULL, "greeting": "5"}),
    lambda ids: review(ids["alice_done"], ids["alice"], scores={k: 5 for k in list(FULL)[:-1]}),
    lambda ids: review(ids["alice_done"], ids["alice"], scores={**FULL, "bribe": 5}),
    lambda ids: review(ids["alice_done"], ids["alice"], scores="all fives"),
    lambda ids: review(ids["alice_done"], ids["alice"], comments={"greeting": "x" * 100_000}),
    lambda ids: review(ids["alice_done"], ids["alice"], comment=["not text"]),
    lambda ids: review(ids["alice_done"], ids["alice"], rubric=ids["ship_rubric"], scores={"tone": 3}),  # theirs
    lambda ids: review(ids["alice_done"], ids["alice"], rubric=uuid.uuid4()),
    lambda ids: review(ids["alice_done"], "not-an-id"),
    lambda ids: review(ids["b1"], ids["alice"]),  # another team's ticket
    lambda ids: review("not-an-id", ids["alice"]),
])
def test_a_crafted_review_is_refused_in_one_clean_line(world, payload):
    world.refused("lena", m(p.Op.REVIEW_SAVE, "quality_review", uuid.uuid4(), payload(world.ids)))


def test_a_leads_review_is_scored_by_the_server_and_read_by_the_agent_and_the_team_lead_only(world):
    ids = world.ids
    rid = uuid.uuid4()
    before = world.clock()
    r = world.push("lena", m(p.Op.REVIEW_SAVE, "quality_review", rid, review(
        ids["amy_done"], ids["amy"], scores={**FULL, "accuracy": 2, "compliance": 0},
        comments={"compliance": "asked for the card number 4111 1111 1111 1111"}))).json()["results"][0]
    assert r["status"] == "applied", r
    row = _reviews(world, ids["amy_done"])[0]
    assert (row.id, row.reviewer_id, row.agent_id, row.team_id) == (rid, ids["lena"], ids["amy"], ids["cards"])
    assert row.failed and row.score == 0.0 and row.scores["accuracy"] == 2
    assert "1111 1111 1111" not in row.comments["compliance"]
    # Once a ticket: again (by anyone, with any id) is refused.
    world.refused("lena", m(p.Op.REVIEW_SAVE, "quality_review", uuid.uuid4(), review(ids["amy_done"], ids["amy"])))
    world.refused("ada", m(p.Op.REVIEW_SAVE, "quality_review", uuid.uuid4(), review(ids["amy_done"], ids["amy"])))

    def got(login, **kw) -> bool:
        return str(rid) in world.pulled(world.pull(login, **kw), "quality_reviews")

    assert got("amy") and got("amy", after=before) and got("lena") and got("ada")
    assert not got("alice") and not got("bob") and not got("sid")
    assert not got("alice", refetch=[("quality_reviews", rid)])  # asked by id: still nothing


def test_rubrics_are_a_leads_for_their_team(world):
    ids = world.ids
    items = [{"key": "tone", "label_en": "Tone", "label_ko": "어조", "weight": 1, "max_points": 3, "auto_fail": False}]
    world.refused(
        "alice",
        m(p.Op.RUBRIC_SAVE, "rubric", uuid.uuid4(), {"fields": {"name": "Mine", "items": items}}),
        m(p.Op.RUBRIC_SAVE, "rubric", rr.DEFAULT_RUBRIC_ID, {"fields": {"name": "Easy", "items": items}}),
    )
    world.refused(
        "lena",
        m(p.Op.RUBRIC_SAVE, "rubric", rr.DEFAULT_RUBRIC_ID, {"fields": {"name": "Easy", "items": items}}),
        m(p.Op.RUBRIC_SAVE, "rubric", ids["ship_rubric"], {"fields": {"name": "Taken", "items": items}}),
        m(p.Op.RUBRIC_SAVE, "rubric", uuid.uuid4(), {"fields": {"name": "Theirs", "items": items,
                                                                 "team_id": str(ids["shipping"])}}),
        m(p.Op.RUBRIC_SAVE, "rubric", uuid.uuid4(), {"fields": {"name": "Big", "items": [
            {**items[0], "key": f"k{n}"} for n in range(21)]}}),
        m(p.Op.RUBRIC_SAVE, "rubric", uuid.uuid4(), {"fields": {"name": "Bad", "items": items, "active": "yes"}}),
        m(p.Op.RUBRIC_SAVE, "rubric", uuid.uuid4(), {"fields": {"name": "Bad", "items": items, "rev": 10 ** 9}}),
    )
    mine = uuid.uuid4()
    ok = world.push("lena", m(p.Op.RUBRIC_SAVE, "rubric", mine, {"fields": {"name": "Cards", "items": items}}))
    assert ok.json()["results"][0]["status"] == "applied"
    with world.owner.connect() as c:
        assert c.execute(select(T["rubrics"].c.team_id).where(T["rubrics"].c.id == mine)).scalar() == ids["cards"]
    assert str(mine) in world.pulled(world.pull("alice"), "rubrics")
    bob = world.pulled(world.pull("bob"), "rubrics")
    assert str(mine) not in bob and str(rr.DEFAULT_RUBRIC_ID) in bob and str(ids["ship_rubric"]) in bob


# --- the ordinary way: desks with replicas ------------------------------------------------
@pytest.fixture
def desks(pg_db, tmp_path):
    ids = seed_small(pg_db)
    with pg_db.session() as s:
        shipping = Team(name="배송팀")
        s.add(shipping)
        s.flush()
        s.add(Agent(login="far.lead", name="원팀장", role="lead", team_id=shipping.id))
        me = current_agent(s, "kim.minji")
        t = tickets.create_ticket(s, subject="카드 분실 신고", body="카드를 잃어버렸어요", channel="phone", customer_id=None,
                                  assignee_id=me.id, team_id=me.team_id)
        s.flush()
        tickets.update_ticket(s, t.number, current_agent(s, "park.lead"), status="solved")
        ids["done"] = t.number
    stamp_unversioned(pg_db.engine)
    reps = {}
    for login in ("park.lead", "kim.minji", "far.lead"):
        rep = replica(tmp_path, login, login)
        reps[login] = (rep, client(rep, pg_db))
        capture.install(rep.db, login)
    yield pg_db, ids, reps
    for rep, c in reps.values():
        c.close()
        close(rep)


def test_a_lead_reviews_on_their_desk_and_the_agent_sees_it_after_a_sync(desks):
    server, ids, reps = desks
    (lead, cl), (agent, ca), (far, cf) = reps["park.lead"], reps["kim.minji"], reps["far.lead"]
    with lead.db.session() as s:
        assert [r.number for r in reviews.sample(s, "park.lead", seed=1)] == [ids["done"]]
        row = reviews.save_review(s, "park.lead", ids["done"], {**FULL, "empathy": 0}, {"empathy": "차갑게 응대"})
        assert row.score == 85.0
    # A pull before the push re-applies the queued review on top of what it brought (rebase).
    with server.session() as s:
        tickets.update_ticket(s, ids["t2"], current_agent(s, "park.lead"), priority="low")
    stamp_unversioned(server.engine)
    assert cl.pull_once().rebased == 1
    with lead.db.session() as s:
        assert [(r.id, r.score) for r in reviews.reviews_for_agent(s, "kim.minji", viewer="park.lead")] == [(row.id, 85.0)]
    assert [e.op for e in lead.outbox()] == [p.Op.REVIEW_SAVE]
    pushed, _ = cl.sync_once()
    assert (pushed.applied, pushed.rejected) == (1, 0), pushed
    with server.session() as s:
        stored = s.scalar(select(QualityReview))
        assert (stored.id, stored.score, stored.comments) == (row.id, 85.0, {"empathy": "차갑게 응대"})
    _, pulled = ca.sync_once()
    assert (ChangeKind.QUALITY_REVIEW, None) in pulled.changes(10)
    with agent.db.session() as s:
        mine = reviews.reviews_for_agent(s, "kim.minji")
        assert [(r.id, r.score, r.reviewer_name) for r in mine] == [(row.id, 85.0, "박서연")]
    cf.sync_once()
    with far.db.session() as s:
        assert s.scalar(select(QualityReview.id)) is None
    # On the agent's desk, a review written past the service is refused before it is queued.
    with pytest.raises(NotAllowed, match="only a lead"), agent.db.session() as s:
        s.add(QualityReview(ticket_id=stored.ticket_id, agent_id=stored.reviewer_id, reviewer_id=stored.agent_id,
                            team_id=stored.team_id, rubric_id=rr.DEFAULT_RUBRIC_ID, scores=FULL, comments={},
                            score=100.0, failed=False))
        s.flush()
    assert agent.outbox() == []
