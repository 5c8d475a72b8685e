"""Training through the real team server on PostgreSQL (issue 15): a hostile desk with its
own credentials cannot write another team's scenarios, assign as an agent, record an
attempt in another trainee's name, forge a score (the server recomputes it from the
scenario and the actions), nor read another team's training rows; row-level security
says the same to plain SQL. A trainee's desk records an attempt through the outbox.

The world (Cards: alice, amy, lead lena; Shipping: bob, lead sid; admin ada) is
tests/server_attack_support.py; trainers tina (Cards) and tom (Shipping) are added here."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from agentdesk import training_rules as tr
from agentdesk.models import utcnow
from agentdesk.server import scope
from agentdesk.sync import protocol as p
from tests.server_attack_support import T, World, m, module_database
from tests.training_support import actions, own_scenario, played, record


@pytest.fixture(scope="module")
def world():
    with module_database() as db:
        w = World(db)
        try:
            for login, team in (("tina", "Cards"), ("tom", "Shipping")):
                w.ids[login] = w.new_agent(login, role="trainer", team=team)
                w.tokens[login] = w.srv.token(login)
            yield w
        finally:
            w.close()


def scenario(w, team: str, source: str, key: str | None = None, **over) -> dict:
    team_id = w.ids[team]
    key = key or tr.parse_source(source, "toml").key
    return m(p.Op.TRAINING_SCENARIO_SAVE, "training_scenario", tr.scenario_row_id(team_id, key),
             {"team_id": str(team_id), "source": source, "format": "toml", **over})


def assign(w, trainee: str, key: str = "card-limit-inquiry", mode: str = "practice", **over) -> dict:
    return m(p.Op.TRAINING_ASSIGN, "training_assignment", uuid.uuid4(),
             {"trainee_id": str(w.ids[trainee]), "scenario_key": key, "mode": mode, "due_at": None, "note": "",
              **over})


def attempt(key: str = "card-limit-inquiry", run: str = "card-limit-inquiry.good", mode: str = "practice",
            **over) -> dict:
    rec = record(key, run, mode)
    return m(p.Op.TRAINING_ATTEMPT, "training_attempt", uuid.uuid4(), {
        "scenario_key": key, "scenario_sha256": rec["scenario_sha256"], "mode": mode,
        "started_at": utcnow().isoformat(), "clock_end": rec["ended_at"], "actions": rec["actions"], **over})


def _applied(w, login: str, *mutations) -> list[dict]:
    r = w.push(login, *mutations)
    assert r.status_code == 200, r.text[:300]
    results = r.json()["results"]
    assert [x["status"] for x in results] == ["applied"] * len(mutations), results
    return results


def _row(w, table: str, row_id):
    with w.owner.connect() as c:
        return c.execute(select(T[table]).where(T[table].c.id == uuid.UUID(str(row_id)))).first()


def test_scenarios_are_the_teams_trainers_and_a_broken_one_is_refused_with_its_problem(world):
    w = world
    refused = w.refused("alice", scenario(w, "cards", own_scenario("alice-copy")))
    assert [r["code"] for r in refused] == ["training.trainers_only"]
    refused = w.refused("lena", scenario(w, "cards", own_scenario("lena-copy")))  # leads do not author
    assert [r["code"] for r in refused] == ["training.trainers_only"]
    refused = w.refused("tom", scenario(w, "cards", own_scenario("tom-copy")), hidden_from=("alice", "tina"))
    assert [r["code"] for r in refused] == ["training.trainers_only"]
    broken = own_scenario("tina-broken").replace("pass_score = 70", "pass_score = 700")
    wrong_id = scenario(w, "cards", own_scenario("tina-copy"))
    wrong_id["entity_id"] = str(uuid.uuid4())
    refused = w.refused("tina", scenario(w, "cards", broken, key="tina-broken"),
                        scenario(w, "cards", own_scenario("card-limit-inquiry"), key="card-limit-inquiry"),
                        wrong_id, scenario(w, "cards", own_scenario("tina-copy"), sneaky=1),
                        scenario(w, "cards", "x" * (tr.MAX_SCENARIO_BYTES + 1), key="tina-copy"))
    assert [r["code"] for r in refused] == ["training.scenario_invalid", "training.bundled_id", "server.training_id",
                                            "server.training_fields", "training.source_too_large"]
    assert "pass_score" in refused[0]["message"] and "\n" not in refused[0]["message"]
    before = w.clock()
    saved = scenario(w, "cards", own_scenario("tina-copy"))
    _applied(w, "tina", saved)
    row = _row(w, "training_scenarios", saved["entity_id"])
    assert (row.scenario_key, row.title, row.team_id, row.updated_by) == ("tina-copy", "카드 한도 조회", w.ids["cards"],
                                                                           w.ids["tina"])
    assert row.sha256 == tr.parse_source(own_scenario("tina-copy"), "toml").sha256
    assert saved["entity_id"] in w.pulled(w.pull("alice", after=before), "training_scenarios")
    assert saved["entity_id"] not in w.pulled(w.pull("bob"), "training_scenarios")  # another team's


def test_assignments_by_trainers_and_leads_of_the_trainees_team_only(world):
    w = world
    assert [r["code"] for r in w.refused("alice", assign(w, "amy"))] == ["training.assign_not_allowed"]
    assert [r["code"] for r in w.refused("tom", assign(w, "alice"), hidden_from=("alice", "tina"))] == \
        ["training.assign_not_allowed"]
    assert [r["code"] for r in w.refused("tina", assign(w, "bob"))] == ["training.assign_not_allowed"]
    refused = w.refused("tina", assign(w, "alice", key="no-such-one"), assign(w, "alice", mode="exam"),
                        assign(w, "alice", due_at="tomorrow"), assign(w, "alice", planted=True))
    assert [r["code"] for r in refused] == ["training.no_scenario", "training.mode", "training.due_at",
                                            "server.training_fields"]
    before = w.clock()
    by_trainer, by_lead = assign(w, "alice", mode="certification"), assign(w, "amy", key="lost-card")
    _applied(w, "tina", by_trainer)
    _applied(w, "lena", by_lead)
    row = _row(w, "training_assignments", by_trainer["entity_id"])
    assert (row.team_id, row.trainee_id, row.mode, row.assigned_by) == (w.ids["cards"], w.ids["alice"],
                                                                         "certification", w.ids["tina"])
    # The trainee pulls their own; a colleague does not see it; the team's trainer and lead do.
    assert set(w.pulled(w.pull("alice", after=before), "training_assignments")) == {by_trainer["entity_id"]}
    assert set(w.pulled(w.pull("amy", after=before), "training_assignments")) == {by_lead["entity_id"]}
    assert set(w.pulled(w.pull("tina", after=before), "training_assignments")) >= {by_trainer["entity_id"],
                                                                                   by_lead["entity_id"]}
    assert w.pulled(w.pull("tom", after=before), "training_assignments") == {}
    assert w.pulled(w.pull("bob", after=before), "training_assignments") == {}


def test_an_attempt_is_scored_by_the_server_and_a_forged_score_is_ignored(world):
    w = world
    forged = attempt(run="card-limit-inquiry.bad", score=100, passed=True,
                     scorecard={"score": 100, "passed": True, "items": []})
    before = w.clock()
    [result] = _applied(w, "alice", forged)
    expect = played("card-limit-inquiry", "card-limit-inquiry.bad")
    row = _row(w, "training_attempts", forged["entity_id"])
    assert (row.score, row.passed, row.trainee_id, row.team_id) == (expect["score"], False, w.ids["alice"],
                                                                    w.ids["cards"])
    assert row.scorecard == expect and row.score != 100 and result["applied"]["score"] == expect["score"]
    assert row.actions == actions("card-limit-inquiry.bad")
    # Her own and her team's trainer and lead see it; a colleague and another team do not.
    assert forged["entity_id"] in w.pulled(w.pull("alice", after=before), "training_attempts")
    for who in ("tina", "lena"):
        assert forged["entity_id"] in w.pulled(w.pull(who, after=before), "training_attempts"), who
    for who in ("amy", "bob", "tom", "sid"):
        assert forged["entity_id"] not in w.pulled(w.pull(who, after=before), "training_attempts"), who
    # A trainee's own scenario of the team is scored from the team's row.
    saved = scenario(w, "cards", own_scenario("team-own"))
    _applied(w, "tina", saved)
    own = attempt(run="card-limit-inquiry.good")
    own["payload"] |= {"scenario_key": "team-own", "scenario_sha256": tr.parse_source(own_scenario("team-own"),
                                                                                      "toml").sha256}
    _applied(w, "amy", own)
    assert _row(w, "training_attempts", own["entity_id"]).passed


def test_attempts_in_another_name_or_on_another_version_or_too_big_are_refused(world):
    w = world
    amys = assign(w, "amy")
    _applied(w, "tina", amys)
    again = attempt()
    _applied(w, "alice", again)
    replayed = dict(attempt(), entity_id=again["entity_id"])
    refused = w.refused(
        "alice",
        attempt(trainee_id=str(w.ids["bob"])),  # in bob's name
        attempt(trainee_id=str(w.ids["amy"])),  # in a colleague's name
        attempt(assignment_id=amys["entity_id"]),  # amy's assignment
        attempt(scenario_sha256="0" * 64),  # another version of the scenario
        attempt(actions=[{"at": 0, "do": "end"}] * (tr.MAX_ACTIONS + 1)),
        attempt(actions=[{"at": 1, "do": "note", "text": "가" * 400_000}]),
        attempt(actions=[{"at": 1, "do": "dance"}]),
        attempt(scenario_key="no-such-one"),
        attempt(mode="exam"),
        attempt(started_at=(utcnow().replace(year=2099)).isoformat()),
        replayed,
    )
    assert [r["code"] for r in refused] == [
        "training.own_attempts_only", "training.own_attempts_only", "training.no_assignment", "training.sha_mismatch",
        "training.too_many_actions", "training.actions_too_large", "training.actions_invalid", "training.no_scenario",
        "training.mode", "training.started_at", "training.attempt_exists"]
    # Past the payload limit of the push itself (2 MB of actions and more): refused before any check.
    huge = attempt(actions=[{"at": 1, "do": "note", "text": "x" * 1000}] * 3000)
    assert [r["code"] for r in w.refused("alice", huge)] == ["server.too_large"]


def test_row_level_security_keeps_training_rows_in_the_team_and_the_trainees_own(world):
    w = world
    with w.owner.connect() as conn, conn.begin():
        scope.enter(conn, w.principal("alice"))
        visible = set(conn.scalars(text("SELECT trainee_id FROM training_attempts")))
        assert visible <= {w.ids["alice"]}
        with pytest.raises(DBAPIError), conn.begin_nested():  # an attempt in amy's name
            conn.execute(text(
                "INSERT INTO training_attempts (id, team_id, trainee_id, scenario_key, scenario_sha256, mode, started_at,"
                " ended_at, actions, scorecard, score, passed, rev, deleted, updated_at) VALUES (:i, :t, :a, 'x', 'y',"
                " 'practice', now(), now(), '[]', '{}', 100, true, 0, false, now())"),
                {"i": uuid.uuid4(), "t": w.ids["cards"], "a": w.ids["amy"]})
        with pytest.raises(DBAPIError), conn.begin_nested():  # an agent assigning
            conn.execute(text(
                "INSERT INTO training_assignments (id, team_id, scenario_key, trainee_id, mode, note, created_at, rev,"
                " deleted, updated_at) VALUES (:i, :t, 'x', :a, 'practice', '', now(), 0, false, now())"),
                {"i": uuid.uuid4(), "t": w.ids["cards"], "a": w.ids["amy"]})
    with w.owner.connect() as conn, conn.begin():
        scope.enter(conn, w.principal("tom"))  # Shipping's trainer
        teams = set(conn.scalars(text("SELECT team_id FROM training_attempts UNION SELECT team_id FROM "
                                      "training_assignments UNION SELECT team_id FROM training_scenarios")))
        assert w.ids["cards"] not in teams


def test_a_trainees_desk_records_an_attempt_through_the_outbox(pg_db, tmp_path):
    """save_attempt on a trainee's replica queues training.attempt (the rule asked first);
    the server stores its own scorecard; the trainer's desk pulls it."""
    from agentdesk.server.feed import new_epoch, stamp_unversioned
    from agentdesk.services import training_records as records
    from agentdesk.services.common import NotAllowed, current_agent
    from agentdesk.sync import capture
    from tests.test_sync_support import client, close, replica
    from tests.training_support import seed

    seed(pg_db)
    stamp_unversioned(pg_db.engine)
    trainee, trainer = replica(tmp_path, "kim", "kim.minji"), replica(tmp_path, "choi", "choi.trainer")
    desks = [(trainee, client(trainee, pg_db)), (trainer, client(trainer, pg_db))]
    try:
        for rep, _c in desks:
            capture.install(rep.db, rep.agent_login)
        (_, ck), (_, ct) = desks
        with trainer.db.session() as s:
            records.assign(s, current_agent(s, "choi.trainer"), "card-limit-inquiry", ["kim.minji"])
            records.save_scenario(s, current_agent(s, "choi.trainer"), own_scenario("desk-copy"))
            s.commit()
        assert [e.op for e in trainer.outbox(pending_only=True)] == ["training.assign", "training.scenario_save"]
        assert ct.sync_once()[0].applied == 2
        ck.sync_once()
        with trainee.db.session() as s:
            me = current_agent(s, "kim.minji")
            [a] = records.list_assignments(s, me)
            records.save_attempt(s, me, record("card-limit-inquiry", "card-limit-inquiry.good"), assignment_id=a.id)
            s.commit()
            with pytest.raises(NotAllowed) as e:  # an agent's desk cannot assign: refused before anything is queued
                records.assign(s, me, "card-limit-inquiry", ["lee.junho"])
            assert e.value.code == "training.assign_not_allowed"
        assert [e.op for e in trainee.outbox(pending_only=True)] == ["training.attempt"]
        # A full resync (the server restored from a backup) before the push: the queued
        # attempt comes back on top of the pulled rows (replica._apply_training).
        new_epoch(pg_db.engine)
        assert ck.pull_once().full
        with trainee.db.session() as s:
            me = current_agent(s, "kim.minji")
            assert [a.scenario_key for a in records.list_attempts(s, me)] == ["card-limit-inquiry"]
            assert "desk-copy" in {r.key for r in records.list_scenarios(s, me)}  # the trainer's, pulled
        pushed, _ = ck.sync_once()
        assert pushed.applied == 1 and pushed.rejected == 0, pushed
        expect = played("card-limit-inquiry", "card-limit-inquiry.good")
        with pg_db.engine.connect() as c:
            row = c.execute(select(T["training_attempts"])).one()
        assert (row.score, row.passed) == (expect["score"], True)
        ct.sync_once()
        with trainer.db.session() as s:
            [res] = records.results_by_trainee(s, current_agent(s, "choi.trainer"))
            assert (res.trainee, res.best, res.attempts) == ("김민지", expect["score"], 1)
    finally:
        for rep, c in desks:
            c.close()
            close(rep)


def test_a_scenario_for_a_team_that_does_not_exist_is_refused(world):
    """Even an admin (whom the role rule lets write any team's scenarios) cannot create
    rows for a made-up or deleted team: ServerTx.require_team, shared with routing,
    auto-response and synonyms."""
    w = world
    ghost = uuid.uuid4()
    source = own_scenario("ghost-team")
    key = tr.parse_source(source, "toml").key
    push = m(p.Op.TRAINING_SCENARIO_SAVE, "training_scenario", tr.scenario_row_id(ghost, key),
             {"team_id": str(ghost), "source": source, "format": "toml"})
    assert [r["code"] for r in w.refused("ada", push)] == ["routing.no_team"]
