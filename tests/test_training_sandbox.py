"""The training sandbox and the bridge to the simulation engine (issue 15), without a window:
a sandbox is its own private file seeded from the scenario, nothing else can be opened as one,
and what a trainee does in it reaches the engine, whose customer answers on the virtual clock."""

from __future__ import annotations

import os
import stat

import pytest

from agentdesk import config
from agentdesk.services import customers, knowledge, tickets, training
from agentdesk.services.common import current_agent
from tests.factories import seed_small
from tests.trainee_support import (
    CLOSING,
    FIGURES,
    GREET,
    IDENTITY_ANSWER,
    INSTALMENT,
    INSTALMENT_QUESTION,
    card_scenario,
    fingerprint,
)


@pytest.fixture
def box():
    made = training.create_sandbox([card_scenario()], trainee_login="trainee", trainee_name="박연습")
    yield made
    made.close()


def _customer_lines(box, scenario_id="card-limit-inquiry") -> list[str]:
    with box.db.session() as s:
        d = tickets.get_detail(s, box.tickets[scenario_id])
    return [m.body for m in d.messages if m.direction == "inbound"]


def _reply(box, text: str, kind: str = "reply", scenario_id="card-limit-inquiry") -> None:
    with box.db.session() as s:
        tickets.add_message(s, box.tickets[scenario_id], current_agent(s), text, kind=kind)


def test_a_sandbox_is_a_private_file_seeded_from_the_scenario(box):
    assert box.path.parent == config.data_dir() / "training"
    assert stat.S_IMODE(os.stat(box.path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(box.path.parent).st_mode) == 0o700
    sc = box.scenarios[0]
    with box.db.session() as s:
        me = current_agent(s)
        assert (me.login, me.name) == ("trainee", "박연습")
        c360 = customers.customer_360(s, box.customers[sc.id])
        assert c360.name == "김서연"
        assert {(p.account_last4, p.limit_amount) for p in c360.products} >= {("1234", 5_000_000)}
        assert [o.number for o in c360.orders] == ["SIM-10001"]
        assert c360.inquiry_total == 2  # the past phone inquiry and this session's chat
        d = tickets.get_detail(s, box.tickets[sc.id])
        assert (d.channel, d.status, d.assignee_name) == ("chat", "new", "박연습")
        assert d.messages[0].body == sc.opening.text and d.messages[0].direction == "inbound"
        # The scenario's articles are searchable as an imported knowledge base is, under sim ids.
        hits = knowledge.search(s, "한도 조회")
        assert hits and hits[0].id == box.articles[sc.id]["kb-card-limit"]
    again = training.open_sandbox(box.path)
    try:
        assert again.tickets == box.tickets and again.articles == box.articles and again.templates == box.templates
        assert [s.id for s in again.scenarios] == [sc.id] and again.trainee_id == box.trainee_id
    finally:
        again.close()


def test_only_a_sandbox_file_in_the_training_folder_can_be_opened_as_one(box, sqlite_db, tmp_path):
    workspace = config.workspace_dir() / "agentdesk.db"
    refused = [
        sqlite_db.url,  # the agent's workspace
        str(workspace),
        "postgresql://agent@127.0.0.1:5432/agentdesk",  # a team database
        "postgresql+psycopg://agent@localhost/team",
        f"sqlite:///{tmp_path / 'elsewhere.db'}",
        str(box.path.parent / ".." / "workspace" / box.path.name),
        str(box.path.with_suffix(".sqlite")),
        "sqlite://",
    ]
    for ref in refused:
        with pytest.raises(training.SandboxRefused, match="not a training sandbox"):
            training.open_sandbox(ref)
        with pytest.raises(training.SandboxRefused):
            training.discard_sandbox(ref)
    assert "\n" not in str(pytest.raises(training.SandboxRefused, training.open_sandbox, refused[2]).value)
    # The sandbox itself, by path or URL.
    training.open_sandbox(f"sqlite:///{box.path}").close()


def test_finished_sessions_are_listed_until_discarded(box):
    run = training.TrainingRun(box)
    with box.db.session() as s:
        run.finish(s, 10)
    (info,) = training.list_sandboxes()
    assert (info.path, info.scenario_ids, info.finished, info.mode) == (box.path, ("card-limit-inquiry",), True, "practice")
    box.close()
    training.discard_sandbox(box.path)
    assert not box.path.exists() and training.list_sandboxes() == []


def test_a_session_never_writes_to_the_agents_workspace(sqlite_db):
    seed_small(sqlite_db)
    path = sqlite_db.engine.url.database
    before = fingerprint(path)
    box = training.create_sandbox([card_scenario()], trainee_login="kim.minji", trainee_name="김민지")
    try:
        run = training.TrainingRun(box)
        _reply(box, GREET)
        with box.db.session() as s:
            run.step(s, 20)
            run.step(s, 60)
            run.finish(s, 90)
    finally:
        box.close()
    assert fingerprint(path) == before
    assert box.path.parent != os.path.dirname(path)


def test_a_reply_brings_the_scripted_answer_after_its_delay_on_the_virtual_clock(box):
    run = training.TrainingRun(box)
    _reply(box, GREET)
    with box.db.session() as s:
        first = run.step(s, 20)
    assert [a.do for a in first.actions["card-limit-inquiry"]] == ["reply"]
    assert not first.wrote
    with box.db.session() as s:
        assert not run.step(s, 34).wrote  # the script says: 15 s after the question
        due = run.step(s, 35.5)
    assert due.wrote
    lines = _customer_lines(box)
    assert IDENTITY_ANSWER in lines[-1] and len(lines) == 2
    with box.db.session() as s:  # the customer's message reads as any customer's message would
        d = tickets.get_detail(s, box.tickets["card-limit-inquiry"])
        assert d.messages[-1].author == "김서연" and d.messages[-1].direction == "inbound"
        assert d.status == "open"


def test_kept_waiting_the_customer_gets_annoyed(box):
    run = training.TrainingRun(box)
    with box.db.session() as s:
        assert run.step(s, 60).moods["card-limit-inquiry"] == "patient"
        nudged = run.step(s, 95)  # the script's idle nudge at 90 s: the patience (120 s) starts again
        assert nudged.wrote and nudged.moods["card-limit-inquiry"] == "patient"
        assert run.step(s, 205).moods["card-limit-inquiry"] == "patient"
        late = run.step(s, 215)
    assert late.moods["card-limit-inquiry"] == "annoyed"
    assert len(_customer_lines(box)) == 3  # the opening, the nudge and the annoyed line, in the ticket


def test_the_bridge_records_what_replays_to_the_same_scorecard(box):
    from agentdesk.simulation import runner

    run = training.TrainingRun(box)
    art, tpl = box.articles["card-limit-inquiry"]["kb-card-limit"], box.templates["card-limit-inquiry"]
    steps = [
        (20, lambda s: tickets.add_message(s, box.tickets["card-limit-inquiry"], current_agent(s), GREET)),
        (50, lambda s: knowledge.record_use(s, art, box.tickets["card-limit-inquiry"], current_agent(s), "excerpt")),
        (55, lambda s: tickets.add_message(s, box.tickets["card-limit-inquiry"], current_agent(s), FIGURES)),
        (90, lambda s: tickets.add_message(s, box.tickets["card-limit-inquiry"], current_agent(s), INSTALMENT)),
        (130, lambda s: tickets.update_ticket(s, box.tickets["card-limit-inquiry"], current_agent(s), category="card",
                                              status="solved")),
        (135, lambda s: tickets.add_message(s, box.tickets["card-limit-inquiry"], current_agent(s), CLOSING)),
    ]
    assert tpl  # the templates are seeded too
    for at, act in steps:
        with box.db.session() as s:
            act(s)
        with box.db.session() as s:
            run.step(s, at)
        with box.db.session() as s:
            run.step(s, at + 30)  # the customer's answers fall due
    assert any(INSTALMENT_QUESTION in line for line in _customer_lines(box))
    with box.db.session() as s:
        ((card, record),) = run.finish(s, 200)
    result = card.to_json()
    assert result["passed"], result
    assert [a["do"] for a in record["actions"]] == ["reply", "article", "reply", "reply", "set", "reply", "end"]
    assert record["actions"][4]["fields"] == {"status": "solved", "category": "card"}
    assert record["actions"][1] == {"at": 50, "do": "article", "id": "kb-card-limit", "sent": False}  # inserted, not sent
    assert runner.replay(box.scenarios[0], record).to_json() == result
    with box.db.session() as s:
        assert training.saved_result(s)["attempts"][0]["scorecard"] == result


def test_several_scenarios_at_once_each_customer_hears_only_their_ticket():
    from agentdesk.simulation.scenario import find_scenario

    box = training.create_sandbox([card_scenario(), find_scenario("lost-card")], trainee_login="trainee",
                                  trainee_name="박연습")
    try:
        assert len(set(box.tickets.values())) == 2 and len(set(box.customers.values())) == 2
        run = training.TrainingRun(box)
        _reply(box, GREET)  # on the card ticket only
        # The lost card is a phone call: what the trainee said is in the call log.
        _reply(box, "네, 고객님 카드 분실 신고 도와드리겠습니다. 본인 확인을 위해 성함과 생년월일을 말씀해 주세요.",
               kind="call_log", scenario_id="lost-card")
        with box.db.session() as s:
            first = run.step(s, 10)
        assert [a.do for a in first.actions["card-limit-inquiry"]] == ["reply"]
        assert [a.do for a in first.actions["lost-card"]] == ["reply"]
        # A lost-card article used on the card ticket is not the card customer's answer (nor a crash).
        with box.db.session() as s:
            knowledge.record_use(s, box.articles["lost-card"]["kb-lost-card"], box.tickets["card-limit-inquiry"],
                                 current_agent(s), "link")
        with box.db.session() as s:
            assert run.step(s, 40).actions == {}
        assert IDENTITY_ANSWER in _customer_lines(box)[-1]
        with box.db.session() as s:
            results = run.finish(s, 60)
        assert [card.to_json()["scenario"] for card, _ in results] == ["card-limit-inquiry", "lost-card"]
    finally:
        box.close()


def test_a_time_limit_ends_the_session_by_itself(box):
    run = training.TrainingRun(box)
    with box.db.session() as s:
        late = run.step(s, box.scenarios[0].time_limit + 1)
    assert late.ended == {"card-limit-inquiry": True}
    _reply(box, GREET)  # after the end: not scored, not a crash
    with box.db.session() as s:
        ((card, record),) = run.finish(s, 2000)
    assert not card.to_json()["passed"] and record["actions"] == []


def test_train_lists_and_discards_kept_sessions(box, capsys):
    import json

    from agentdesk.cli import main

    assert main(["train", "--sessions", "--json"]) == 0
    (kept,) = json.loads(capsys.readouterr().out)
    assert (kept["session"], kept["scenarios"], kept["finished"]) == (box.session_id, ["card-limit-inquiry"], False)
    assert main(["train", "--discard", "no-such-session"]) == 1
    assert capsys.readouterr().err.count("\n") == 1
    box.close()
    assert main(["train", "--discard", box.session_id]) == 0
    assert not box.path.exists()
    assert main(["train", "--sessions"]) == 0 and "no training sessions kept" in capsys.readouterr().out


def test_notes_tags_templates_and_follow_ups_reach_the_engine(box):
    from datetime import timedelta

    from agentdesk.services import followups, templates

    run = training.TrainingRun(box)
    tid = box.tickets["card-limit-inquiry"]
    with box.db.session() as s:
        me = current_agent(s)
        tickets.add_message(s, tid, me, "고객 본인 확인 전", kind="note")
        tickets.update_ticket(s, tid, me, add_tags=["limit", "card"], priority="high")
        templates.record_use(s, box.templates["card-limit-inquiry"]["tpl-limit-result"], me)
        followups.create_follow_up(s, me, title="한도 재확인 전화", due_at=box.started_at + timedelta(days=1),
                                   ticket_ref=tid)
    with box.db.session() as s:
        acts = run.step(s, 30).actions["card-limit-inquiry"]
    assert [a.do for a in acts] == ["note", "set", "template", "followup"]
    assert acts[1].fields == {"priority": "high", "tags": ["card", "limit"]}
    assert acts[2].id == "tpl-limit-result"
    assert acts[3].due == pytest.approx(86400, abs=1)
    with box.db.session() as s:
        assert run.step(s, 40).actions == {}  # each is taken once


def test_what_would_take_an_attempt_past_the_replay_budget_is_refused_in_one_line(box, monkeypatch):
    from agentdesk.simulation import responses

    monkeypatch.setattr(responses, "MAX_AGENT_TEXT", 300)  # the budget the server replays within, made small
    run = training.TrainingRun(box)
    _reply(box, GREET)
    _reply(box, "가" * 400)
    with box.db.session() as s:
        result = run.step(s, 20)
    assert len(result.refused) == 1 and "\n" not in result.refused[0]
    with box.db.session() as s:
        ((card, record),) = run.finish(s, 30)
    assert [a["do"] for a in record["actions"]] == ["reply", "end"]
