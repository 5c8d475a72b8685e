"""services/reviews.py on SQLite and PostgreSQL: sampling handled tickets (random,
reproducible, leaving out reviewed ones and abusive contacts), saving a review with the
score computed, who may, the agent's list and weekly trend, a team's summary, rubrics."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from agentdesk import review_rules as rr
from agentdesk.models import Agent, QualityReview, Rubric, Team, Ticket
from agentdesk.services import reviews, tickets
from agentdesk.services.common import InvalidValue, NotAllowed, current_agent
from tests.factories import seed_small, team_id

NOW = datetime(2026, 3, 18, 3, 0, tzinfo=UTC)  # a Wednesday, 12:00 in Seoul
FULL = {"greeting": 5, "compliance": 5, "accuracy": 5, "empathy": 5, "resolution": 5, "closing": 5}


@pytest.fixture
def world(any_db):
    ids = seed_small(any_db)
    with any_db.session() as s:
        other = Team(name="배송팀")
        s.add(other)
        s.flush()
        s.add_all([Agent(login="far.lead", name="원팀장", role="lead", team_id=other.id),
                   Agent(login="far.agent", name="원상담", role="agent", team_id=other.id),
                   Agent(login="root", name="관리자", role="admin")])
        s.flush()
        ids["team"], ids["other_team"] = team_id(s), other.id
    return any_db, ids


def handled(s, login="kim.minji", n=1, status="solved", channel="chat", team="카드상담팀", start=0):
    """``n`` tickets of ``login``, solved (or closed) on consecutive hours before NOW; their numbers."""
    who = current_agent(s, login)
    lead = current_agent(s, "park.lead")
    numbers = []
    for k in range(n):
        t = tickets.create_ticket(s, subject=f"문의 {start + k}", body="도와주세요", channel=channel, customer_id=None,
                                  assignee_id=who.id, team_id=team_id(s, team), now=NOW - timedelta(days=3))
        s.flush()
        tickets.update_ticket(s, t.number, lead, status=status, now=NOW - timedelta(hours=start + k + 1))
        numbers.append(t.number)
    s.flush()
    return numbers


def test_the_default_rubric_is_there_from_the_migration(world):
    db, _ = world
    with db.session() as s:
        r = reviews.rubric_for(s, None)
        assert r.id == rr.DEFAULT_RUBRIC_ID and r.active and r.team_id is None
        assert [i.key for i in r.items] == ["greeting", "compliance", "accuracy", "empathy", "resolution", "closing"]
        assert [i.label_ko for i in r.items][:2] == ["인사", "본인확인·규정 준수"]
        assert [i.key for i in r.items if i.auto_fail] == ["compliance"]
        assert sum(i.weight for i in r.items) == 100
        # A team without a rubric of its own uses the default.
        assert reviews.rubric_for(s, team_id(s)).id == rr.DEFAULT_RUBRIC_ID


def test_a_lead_reviews_a_handled_ticket_and_the_score_is_computed(world):
    db, ids = world
    with db.session() as s:
        number = handled(s)[0]
        row = reviews.save_review(s, "park.lead", number, {**FULL, "empathy": 3, "closing": 0},
                                  {"empathy": "카드번호 4111 1111 1111 1111 를 다시 읽어줌"}, NOW, comment="좋아요")
        assert row.score == 89.0 and not row.failed  # 100 − 15 × 2/5 − 5
        assert row.agent_name == "김민지" and row.reviewer_name == "박서연" and row.ticket_number == number
        assert row.comments == {"empathy": "카드번호 4111 **** **** 1111 를 다시 읽어줌"} and row.comment == "좋아요"
        stored = s.scalar(select(QualityReview))
        assert stored.team_id == ids["team"] and stored.created_at == NOW and "1111 1111 1111" not in str(stored.comments)
    with db.session() as s:
        mine = reviews.reviews_for_agent(s, "kim.minji")
        assert [(r.ticket_number, r.score) for r in mine] == [(number, 89.0)]
        assert reviews.reviews_for_agent(s, "kim.minji", viewer="park.lead")[0].id == mine[0].id
        assert reviews.reviews_for_agent(s, "kim.minji", viewer="root")[0].id == mine[0].id
        for nosy in ("lee.junho", "far.lead"):
            with pytest.raises(NotAllowed):
                reviews.reviews_for_agent(s, "kim.minji", viewer=nosy)


def test_a_compliance_breach_fails_the_review(world):
    db, _ = world
    with db.session() as s:
        row = reviews.save_review(s, "park.lead", handled(s)[0], {**FULL, "compliance": 0}, {}, NOW)
        assert row.failed and row.score == 0.0


@pytest.mark.parametrize(("who", "code"), [
    ("kim.minji", "review.leads_only"),  # an agent, even of someone else's ticket
    ("lee.junho", "review.leads_only"),
    ("far.lead", "review.own_team_only"),
])
def test_who_may_not_review(world, who, code):
    db, _ = world
    with db.session() as s:
        number = handled(s)[0]
        with pytest.raises(NotAllowed) as e:
            reviews.save_review(s, who, number, FULL, {}, NOW)
        assert e.value.code == code
        assert s.scalar(select(QualityReview.id)) is None


def test_nobody_reviews_themselves_and_only_handled_tickets_once(world):
    db, _ = world
    with db.session() as s:
        own = handled(s, login="park.lead")[0]
        with pytest.raises(NotAllowed) as e:
            reviews.save_review(s, "park.lead", own, FULL, {}, NOW)
        assert e.value.code == "review.not_yourself"
        waiting = tickets.create_ticket(s, subject="open", body="x", channel="chat", customer_id=None,
                                        assignee_id=current_agent(s, "kim.minji").id, team_id=team_id(s))
        s.flush()
        with pytest.raises(InvalidValue) as e:
            reviews.save_review(s, "park.lead", waiting.number, FULL, {}, NOW)
        assert e.value.code == "review.not_handled"
        done = handled(s)[0]
        reviews.save_review(s, "park.lead", done, FULL, {}, NOW)
        with pytest.raises(InvalidValue) as e:
            reviews.save_review(s, "root", done, FULL, {}, NOW)
        assert e.value.code == "review.already_reviewed"
        abusive = handled(s, start=5)[0]
        tickets.update_ticket(s, abusive, current_agent(s, "park.lead"), add_tags=["abusive-contact"], now=NOW)
        with pytest.raises(InvalidValue) as e:
            reviews.save_review(s, "park.lead", abusive, FULL, {}, NOW)
        assert e.value.code == "review.protected_contact"
        with pytest.raises(InvalidValue) as e:
            reviews.save_review(s, "park.lead", handled(s, start=9)[0], {**FULL, "greeting": 9}, {}, NOW)
        assert e.value.code == "review.score_range"


def test_a_sample_is_random_reproducible_and_leaves_out_what_it_must(world):
    db, _ = world
    with db.session() as s:
        numbers = handled(s, n=12)
        handled(s, login="lee.junho", n=3, start=20)
        closed = handled(s, n=2, status="closed", start=30)
        lead = current_agent(s, "park.lead")
        tickets.update_ticket(s, numbers[0], lead, add_tags=["abusive-contact"], now=NOW)
        reviews.save_review(s, lead, numbers[1], FULL, {}, NOW)
        tickets.create_ticket(s, subject="open", body="x", channel="chat", customer_id=None,
                              assignee_id=current_agent(s, "kim.minji").id, team_id=team_id(s))
        s.flush()
        first = reviews.sample(s, lead, agent="kim.minji", n=5, seed=7)
        again = reviews.sample(s, lead, agent="kim.minji", n=5, seed=7)
        assert [r.number for r in first] == [r.number for r in again] and len(first) == 5
        assert {r.agent_name for r in first} == {"김민지"}
        everything = {r.number for r in reviews.sample(s, lead, agent="kim.minji", n=50, seed=1)}
        assert everything == (set(numbers) | set(closed)) - {numbers[0], numbers[1]}
        assert len({tuple(r.number for r in reviews.sample(s, lead, agent="kim.minji", n=5, seed=k))
                    for k in range(6)}) > 1  # another seed, another draw
        team = reviews.sample(s, lead, n=50, seed=3)  # the lead's team: both agents, never the lead
        assert {r.agent_name for r in team} == {"김민지", "이준호"}
        since = reviews.sample(s, lead, agent="kim.minji", n=50, since=NOW - timedelta(hours=4), seed=1)
        assert {r.number for r in since} == set(numbers[2:4])  # solved 3 and 4 hours ago
        assert reviews.sample(s, lead, agent="kim.minji", n=50, channel="email", seed=1) == []


def test_a_large_pool_is_drawn_by_random_index_positions(world, monkeypatch):
    db, _ = world
    monkeypatch.setattr(reviews, "SMALL", 3)  # the path a big team takes
    with db.session() as s:
        numbers = handled(s, n=10)
        lead = current_agent(s, "park.lead")
        for number in numbers[:4]:
            reviews.save_review(s, lead, number, FULL, {}, NOW)
        drawn = reviews.sample(s, lead, agent="kim.minji", n=4, seed=11)
        assert len(drawn) == 4 and {r.number for r in drawn} <= set(numbers[4:])
        assert [r.number for r in drawn] == [r.number for r in reviews.sample(s, lead, agent="kim.minji", n=4, seed=11)]
        assert {r.number for r in reviews.sample(s, lead, agent="kim.minji", n=50, seed=2)} == set(numbers[4:])


def test_sampling_is_for_leads_of_the_team(world):
    db, _ = world
    with db.session() as s:
        handled(s, n=2)
        for who, kw, code in (("kim.minji", {}, "review.leads_only"),
                              ("far.lead", {"agent": "kim.minji"}, "review.own_team_only"),
                              ("far.lead", {"team": "카드상담팀"}, "review.own_team_only"),
                              ("park.lead", {"agent": "park.lead"}, "review.not_yourself")):
            with pytest.raises(NotAllowed) as e:
                reviews.sample(s, who, **kw)
            assert e.value.code == code
        assert len(reviews.sample(s, "root", team="카드상담팀", n=5)) == 2
        with pytest.raises(InvalidValue):
            reviews.sample(s, "park.lead", n=0)


def test_the_trend_is_weekly_in_the_zone_asked(world):
    db, _ = world
    with db.session() as s:
        numbers = handled(s, n=4)
        lead = current_agent(s, "park.lead")
        sunday_night = datetime(2026, 3, 15, 14, 30, tzinfo=UTC)  # Sun 23:30 KST
        monday_early = datetime(2026, 3, 15, 15, 10, tzinfo=UTC)  # Mon 00:10 KST
        reviews.save_review(s, lead, numbers[0], FULL, {}, sunday_night)
        reviews.save_review(s, lead, numbers[1], {**FULL, "accuracy": 0}, {}, monday_early)
        reviews.save_review(s, lead, numbers[2], {**FULL, "compliance": 0}, {}, monday_early + timedelta(days=1))
        reviews.save_review(s, lead, numbers[3], FULL, {}, NOW - timedelta(weeks=20))  # too old
        weeks = reviews.trend(s, "kim.minji", weeks=12, tz="Asia/Seoul", now=NOW)
        assert len(weeks) == 12 and weeks[-1].start.isoformat() == "2026-03-16"
        assert (weeks[-1].count, weeks[-1].average) == (2, 37.5)  # 75 and a failed 0
        assert (weeks[-2].count, weeks[-2].average) == (1, 100.0)
        assert all(w.count == 0 and w.average is None for w in weeks[:-2])
        utc = reviews.trend(s, "kim.minji", weeks=2, tz="UTC", now=NOW)  # Sunday 23:30 KST is Sunday in UTC too
        assert [w.count for w in utc] == [2, 1]
        with pytest.raises(NotAllowed):
            reviews.trend(s, "kim.minji", viewer="lee.junho")


def test_a_team_summary(world):
    db, ids = world
    with db.session() as s:
        mine, his = handled(s, n=2), handled(s, login="lee.junho", n=1, start=10)
        lead = current_agent(s, "park.lead")
        reviews.save_review(s, lead, mine[0], FULL, {}, NOW)
        reviews.save_review(s, lead, mine[1], {**FULL, "compliance": 0}, {}, NOW)
        reviews.save_review(s, lead, his[0], {**FULL, "greeting": 0}, {}, NOW)
        out = reviews.team_summary(s, "카드상담팀", NOW - timedelta(days=1), NOW + timedelta(seconds=1), viewer=lead)
        assert (out.count, out.average, out.failed) == (3, 63.3, 1)
        assert [(a.name, a.count, a.average, a.failed) for a in out.agents] == [("김민지", 2, 50.0, 1),
                                                                                ("이준호", 1, 90.0, 0)]
        assert out.item_rates["greeting"] == round(2 / 3, 3) and out.item_rates["compliance"] == round(2 / 3, 3)
        assert reviews.team_summary(s, ids["team"], NOW + timedelta(days=1), NOW + timedelta(days=2)).average is None
        with pytest.raises(NotAllowed):
            reviews.team_summary(s, "카드상담팀", NOW - timedelta(days=1), NOW, viewer="far.lead")


def test_rubrics_are_data_a_team_rubric_comes_first(world):
    db, ids = world
    items = [{"key": "tone", "label_en": "Tone", "label_ko": "어조", "weight": 1, "max_points": 3, "auto_fail": False}]
    with db.session() as s:
        with pytest.raises(NotAllowed):
            reviews.save_rubric(s, "kim.minji", name="Mine", items=items)
        with pytest.raises(NotAllowed):
            reviews.save_rubric(s, "far.lead", name="Theirs", items=items, team_id=ids["team"])
        with pytest.raises(NotAllowed):  # the workspace default is an admin's
            reviews.save_rubric(s, "park.lead", name="Default", items=items, rubric_id=rr.DEFAULT_RUBRIC_ID)
        with pytest.raises(InvalidValue):
            reviews.save_rubric(s, "park.lead", name="Bad", items=[{**items[0], "weight": 0}])
        r = reviews.save_rubric(s, "park.lead", name="카드팀 평가표", items=items, now=NOW)
        assert r.team_id == ids["team"] and reviews.rubric_for(s, ids["team"]).id == r.id
        row = reviews.save_review(s, "park.lead", handled(s)[0], {"tone": 2}, {}, NOW)
        assert row.rubric_id == r.id and row.score == 66.7 and [i.key for i in row.items] == ["tone"]
        with pytest.raises(InvalidValue) as e:  # reviews refer to its items
            reviews.save_rubric(s, "park.lead", name="카드팀 평가표", items=[{**items[0], "max_points": 5}], rubric_id=r.id)
        assert e.value.code == "review.rubric_in_use"
        renamed = reviews.save_rubric(s, "park.lead", name="카드팀 평가표 v1", items=items, rubric_id=r.id, active=False)
        assert not renamed.active and reviews.rubric_for(s, ids["team"]).id == rr.DEFAULT_RUBRIC_ID
        assert s.scalar(select(Rubric.name).where(Rubric.id == r.id)) == "카드팀 평가표 v1"
        assert s.get(Ticket, row.ticket_id).status == "solved"
        assert isinstance(uuid.UUID(str(r.id)), uuid.UUID)


# --- scale guards: sampling reads indexes, never the table (plans, not timings) --------------
@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    from agentdesk import demo
    from agentdesk.db import open_database

    db = open_database(str(tmp_path_factory.mktemp("review-plans") / "demo.db"))
    demo.generate(db, customers=300, tickets=3000, seed=5)
    yield db
    db.dispose()


def _plan(session, stmt) -> str:
    from sqlalchemy import text

    sql = str(stmt.compile(session.get_bind(), compile_kwargs={"literal_binds": True}))
    return " | ".join(row[-1] for row in session.execute(text("EXPLAIN QUERY PLAN " + sql)))


@pytest.mark.parametrize(("scope", "index"), [("agent", "ix_tickets_assignee_status_updated"),
                                              ("team", "ix_tickets_team_status_updated"),
                                              ("all", "ix_tickets_status_updated")])
def test_sampling_counts_and_walks_one_covering_index(demo_db, scope, index):
    from sqlalchemy import func as f

    with demo_db.session() as s:
        lead = s.scalar(select(Agent).where(Agent.role == "lead"))
        who = s.scalar(select(Agent).where(Agent.team_id == lead.team_id, Agent.role == "agent"))
        since = NOW - timedelta(days=90)
        for status, cond, _n in reviews._partitions(s, who if scope == "agent" else None,
                                                     lead.team_id if scope == "team" else None, since):
            counted = _plan(s, select(f.count()).select_from(Ticket).where(*cond))
            walked = _plan(s, reviews._position_stmt(cond, 100))
            for plan in (counted, walked):
                assert f"COVERING INDEX {index}" in plan and "TEMP B-TREE" not in plan, (status, plan)


# --- the command line -------------------------------------------------------------------------
def test_the_reviews_commands(sqlite_db, monkeypatch, capsys):
    import json

    from agentdesk.cli import main

    seed_small(sqlite_db)
    with sqlite_db.session() as s:
        numbers = handled(s, n=3)
    monkeypatch.setenv("AGENTDESK_DB", sqlite_db.url)

    def run(*argv):
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    code, out, _ = run("reviews", "sample", "--agent", "park.lead", "--of", "kim.minji", "-n", "2", "--seed", "4",
                       "--json")
    drawn = json.loads(out)
    assert code == 0 and len(drawn) == 2 and {d["number"] for d in drawn} <= set(numbers)
    assert run("reviews", "sample", "--agent", "park.lead", "--of", "kim.minji", "-n", "2", "--seed", "4",
               "--json")[1] == out  # reproducible
    code, out, _ = run("reviews", "rubric", "--agent", "park.lead")
    assert code == 0 and "compliance" in out and "본인확인·규정 준수" in out and "(0 fails the review)" in out
    scores = [f"--score={k}={v}" for k, v in {**FULL, "accuracy": 3}.items()]
    code, out, _ = run("reviews", "add", str(numbers[0]), "--agent", "park.lead", *scores,
                       "--note", "accuracy=카드 4111 1111 1111 1111 안내 오류", "--comment", "좋아요", "--json")
    stored = json.loads(out)
    assert code == 0 and stored["score"] == 90.0 and stored["comments"] == {"accuracy": "카드 4111 **** **** 1111 안내 오류"}
    code, _, err = run("reviews", "add", str(numbers[1]), "--agent", "kim.minji", *scores)
    assert code == 1 and "only a lead or admin" in err
    code, _, err = run("reviews", "add", str(numbers[1]), "--agent", "park.lead", "--score", "greeting=lots")
    assert code == 1 and "write key=points" in err
    code, out, _ = run("reviews", "list", "--agent", "kim.minji")
    assert code == 0 and f"#{numbers[0]}" in out and "90.0" in out and "4111 1111 1111 1111" not in out
    code, out, _ = run("reviews", "list", "--agent", "park.lead", "--of", "kim.minji", "--json")
    assert code == 0 and [r["ticket"] for r in json.loads(out)] == [numbers[0]]
    code, _, err = run("reviews", "list", "--agent", "lee.junho", "--of", "kim.minji")
    assert code == 1 and "may not see" in err
    with pytest.raises(SystemExit) as e:
        main(["reviews", "sample", "--since", "yesterday"])
    assert e.value.code == 2 and "YYYY-MM-DD" in capsys.readouterr().err
