"""services/training_records.py on a real SQLite workspace: a trainer's own scenarios,
assignments, a trainee's attempt recorded with its scorecard recomputed (whatever the desk
computed), results per trainee and per rubric item, replay, and the CSV export."""

from __future__ import annotations

import csv
import os
import stat
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from agentdesk.models import AuditEntry, TrainingAttempt
from agentdesk.services import training_records as records
from agentdesk.services.common import InvalidValue, NotAllowed, NotFound, current_agent
from tests.training_support import own_scenario, played, record, seed

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


@pytest.fixture
def ws(sqlite_db):
    return sqlite_db, seed(sqlite_db)


def _as(s, login):
    return current_agent(s, login)


def test_a_trainer_saves_the_teams_own_scenario_and_others_may_not(ws):
    db, _ids = ws
    with db.session() as s:
        row = records.save_scenario(s, _as(s, "choi.trainer"), own_scenario(), "toml", now=NOW)
        s.commit()
        assert (row.key, row.bundled, row.channel) == ("card-limit-copy", False, "chat")
        listed = records.list_scenarios(s, _as(s, "kim.minji"))
        assert {"card-limit-inquiry", "card-limit-copy"} <= {r.key for r in listed}
        assert [r.bundled for r in listed if r.key == "card-limit-copy"] == [False]
        assert "card-limit-copy" not in {r.key for r in records.list_scenarios(s, _as(s, "yoon.agent"))}  # another team
        text = records.scenario_text(s, _as(s, "choi.trainer"), "card-limit-copy")
        assert (text.bundled, text.format) == (False, "toml") and 'id = "card-limit-copy"' in text.source
        assert records.scenario_text(s, _as(s, "choi.trainer"), "card-limit-inquiry").bundled
        for login in ("kim.minji", "park.lead", "han.trainer"):
            with pytest.raises(NotAllowed) as e:
                records.save_scenario(s, _as(s, login), own_scenario("other-copy"), "toml",
                                      team="카드상담팀" if login == "han.trainer" else None)
            assert e.value.code == "training.trainers_only", login
        with pytest.raises(InvalidValue) as e:
            records.save_scenario(s, _as(s, "choi.trainer"), own_scenario().replace("pass_score = 70", "pass_score = 700"))
        assert e.value.code == "training.scenario_invalid" and "pass_score" in str(e.value)
        with pytest.raises(InvalidValue) as e:
            records.save_scenario(s, _as(s, "choi.trainer"), own_scenario("card-limit-inquiry"))
        assert e.value.code == "training.bundled_id"
        records.delete_scenario(s, _as(s, "choi.trainer"), "card-limit-copy", now=NOW)
        assert "card-limit-copy" not in {r.key for r in records.list_scenarios(s, _as(s, "choi.trainer"))}
        assert s.query(AuditEntry).filter(AuditEntry.entity == "training_scenarios").count() == 2


def test_assignments_by_trainers_and_leads_of_the_trainees_team(ws):
    db, ids = ws
    with db.session() as s:
        trainer = _as(s, "choi.trainer")
        assert {t.login for t in records.list_trainees(s, trainer)} == {"kim.minji", "lee.junho", "park.lead",
                                                                        "choi.trainer"}
        made = records.assign(s, trainer, "card-limit-inquiry", ["kim.minji", ids["other"]], "certification",
                              due_at=NOW + timedelta(days=3), note="금요일까지", now=NOW)
        made += records.assign(s, _as(s, "park.lead"), "lost-card", ["kim.minji"], now=NOW + timedelta(minutes=1))
        s.commit()
        assert len(made) == 3
        mine = records.list_assignments(s, _as(s, "kim.minji"))
        assert [(a.scenario_key, a.mode) for a in mine] == [("lost-card", "practice"),
                                                            ("card-limit-inquiry", "certification")]
        assert mine[1].title == "카드 한도 조회" and mine[1].note == "금요일까지"
        assert len(records.list_assignments(s, actor=trainer)) == 3
        assert records.list_assignments(s, actor=_as(s, "lee.junho"))[0].trainee_id == ids["other"]  # own only
        for login, who in (("kim.minji", "lee.junho"), ("han.trainer", "kim.minji"), ("choi.trainer", "yoon.agent")):
            with pytest.raises(NotAllowed) as e:
                records.assign(s, _as(s, login), "card-limit-inquiry", [who])
            assert e.value.code == "training.assign_not_allowed", (login, who)
        with pytest.raises(NotFound) as e:
            records.assign(s, trainer, "no-such-scenario", ["kim.minji"])
        assert e.value.code == "training.no_scenario"
        with pytest.raises(InvalidValue):
            records.assign(s, trainer, "card-limit-inquiry", ["kim.minji"], "exam")
        records.cancel_assignment(s, trainer, made[2], now=NOW)
        assert [a.scenario_key for a in records.list_assignments(s, _as(s, "kim.minji"))] == ["card-limit-inquiry"]


def test_an_attempt_is_scored_from_its_actions_and_a_desks_scorecard_is_ignored(ws):
    db, ids = ws
    with db.session() as s:
        [aid] = records.assign(s, _as(s, "choi.trainer"), "card-limit-inquiry", ["kim.minji"], "certification", now=NOW)
        me = _as(s, "kim.minji")
        forged = {"score": 100, "passed": True, "items": []}
        bad = records.save_attempt(s, me, record("card-limit-inquiry", "card-limit-inquiry.bad", "certification"),
                                   assignment_id=aid, scorecard=forged, started_at=NOW, now=NOW + timedelta(minutes=5))
        good = records.save_attempt(s, me, {**record("card-limit-inquiry", "card-limit-inquiry.good", "certification"),
                                            "assignment_id": str(aid)}, started_at=NOW + timedelta(hours=1))
        s.commit()
        expect_bad = played("card-limit-inquiry", "card-limit-inquiry.bad", "certification")
        expect_good = played("card-limit-inquiry", "card-limit-inquiry.good", "certification")
        assert (bad.score, bad.passed) == (expect_bad["score"], False) and bad.score != 100
        assert (good.score, good.passed) == (expect_good["score"], True)
        stored = s.get(TrainingAttempt, good.id)
        assert stored.scorecard == expect_good and stored.mode == "certification" and stored.assignment_id == aid
        assert stored.actions == record("card-limit-inquiry", "card-limit-inquiry.good")["actions"]
        [a] = records.list_assignments(s, me)
        assert (a.attempts, a.best, a.passed) == (2, good.score, True)
        # The assignment was for certification: a practice attempt does not count for it.
        with pytest.raises(InvalidValue) as e:
            records.save_attempt(s, me, record("card-limit-inquiry", "card-limit-inquiry.good"), assignment_id=aid)
        assert e.value.code == "training.assignment_mismatch"
        with pytest.raises(NotFound):  # kim's assignment, recorded by lee
            records.save_attempt(s, _as(s, "lee.junho"), record("card-limit-inquiry", "card-limit-inquiry.good",
                                                                 "certification"), assignment_id=aid)
        with pytest.raises(InvalidValue) as e:
            records.save_attempt(s, me, record("card-limit-inquiry", "card-limit-inquiry.good", sha="a" * 64))
        assert e.value.code == "training.sha_mismatch"
        with pytest.raises(InvalidValue) as e:
            records.save_attempt(s, me, {**record("card-limit-inquiry", "card-limit-inquiry.good"),
                                         "actions": [{"at": 1, "do": "end"}] * 10_001})
        assert e.value.code == "training.too_many_actions"


def _attempts(db):
    with db.session() as s:
        records.save_attempt(s, _as(s, "kim.minji"), record("card-limit-inquiry", "card-limit-inquiry.bad"),
                             started_at=NOW - timedelta(days=2))
        records.save_attempt(s, _as(s, "kim.minji"), record("card-limit-inquiry", "card-limit-inquiry.good"),
                             started_at=NOW - timedelta(days=1))
        records.save_attempt(s, _as(s, "lee.junho"), record("lost-card", "lost-card.good"), started_at=NOW)
        records.save_attempt(s, _as(s, "yoon.agent"), record("lost-card", "lost-card.bad"), started_at=NOW)
        s.commit()


def test_results_per_trainee_and_per_rubric_item_and_who_sees_them(ws):
    db, ids = ws
    _attempts(db)
    with db.session() as s:
        trainer = _as(s, "choi.trainer")
        by = {r.trainee: r for r in records.results_by_trainee(s, trainer)}
        assert set(by) == {"김민지", "이준호"}  # 배송팀's trainee is another team's
        good = played("card-limit-inquiry", "card-limit-inquiry.good")["score"]
        bad = played("card-limit-inquiry", "card-limit-inquiry.bad")["score"]
        assert (by["김민지"].attempts, by["김민지"].best, by["김민지"].last, by["김민지"].passed) == (2, good, good, 1)
        items = {i.item_id: i for i in records.results_by_item(s, trainer, trainee="kim.minji")}
        card = played("card-limit-inquiry", "card-limit-inquiry.good")
        assert set(items) == {i["id"] for i in card["items"]}
        greeting = items["greeting"]
        assert greeting.attempts == 2 and len(greeting.series) == 2 and 0 <= greeting.average <= 1
        assert [x[2] for x in records.scores_over_time(s, trainer, trainee="kim.minji")] == [bad, good]
        # A trainee sees their own; the other team's trainer sees theirs only.
        assert {a.trainee for a in records.list_attempts(s, _as(s, "kim.minji"))} == {"김민지"}
        assert {a.trainee for a in records.list_attempts(s, _as(s, "han.trainer"))} == {"윤상담"}
        assert len(records.list_attempts(s, _as(s, "root.admin"))) == 4
        theirs = records.list_attempts(s, _as(s, "yoon.agent"))[0]
        with pytest.raises(NotAllowed) as e:
            records.get_attempt(s, trainer, theirs.id)
        assert e.value.code == "training.not_yours"


def test_replay_rederives_the_timeline_step_by_step(ws):
    db, _ids = ws
    _attempts(db)
    with db.session() as s:
        trainer = _as(s, "choi.trainer")
        att = [a for a in records.list_attempts(s, trainer) if a.trainee == "김민지" and a.passed][0]
        replay = records.replay_attempt(s, trainer, att.id)
        card = played("card-limit-inquiry", "card-limit-inquiry.good")
        assert replay.rederived and replay.score == card["score"] and replay.passed
        assert [(st.at, st.who, st.kind) for st in replay.steps] == [(e["at"], e["who"], e["kind"])
                                                                     for e in card["timeline"]]
        assert {st.who for st in replay.steps} >= {"customer", "agent"}
        assert replay.steps[0].who == "customer" and replay.steps[0].at == 0


def test_the_csv_export_is_private_masked_and_never_a_formula(ws, tmp_path):
    db, _ids = ws
    with db.session() as s:
        records.save_scenario(s, _as(s, "choi.trainer"), own_scenario(
            "card-limit-copy", title="=HYPERLINK(1) 4111 1111 1111 1111"), "toml")
        copy = record("card-limit-inquiry", "card-limit-inquiry.good")
        from agentdesk import training_rules as tr
        copy |= {"scenario": "card-limit-copy",
                 "scenario_sha256": tr.parse_source(own_scenario("card-limit-copy", title="=HYPERLINK(1) 4111 1111 "
                                                                 "1111 1111"), "toml").sha256}
        records.save_attempt(s, _as(s, "kim.minji"), copy, started_at=NOW)
        s.commit()
    _attempts(db)
    path = tmp_path / "results.csv"
    with db.session() as s:
        n = records.export_results_csv(s, _as(s, "choi.trainer"), path, tz="Asia/Seoul")
    assert n == 4
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == list(records.RESULT_COLUMNS)
    titles = [r[3] for r in rows[1:]]
    copied = next(t for t in titles if "HYPERLINK" in t)
    assert copied.startswith("'=") and "4111 1111 1111 1111" not in copied and "1111" in copied
    assert {r[0] for r in rows[1:]} == {"김민지", "이준호"}
    assert any(r[5].startswith("2026-12-06 18:00") for r in rows[1:])  # Seoul time
    assert not list(tmp_path.glob(".agentdesk-export-*"))
    with db.session() as s:
        assert uuid.UUID(records.list_attempts(s, _as(s, "kim.minji"))[0].id.hex)
