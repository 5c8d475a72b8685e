"""The replay budget: the team server replays every attempt, so one attempt may carry at most
MAX_ACTIONS actions and MAX_AGENT_TEXT characters of agent text (replies, notes, and the
bodies of inserted articles and templates). A 10,000-character reply costs ~35 ms to read for
intents, so the budget bounds a replay to well under a few seconds."""

from __future__ import annotations

import json
import time

import pytest

from agentdesk.simulation.engine import BudgetExceeded, Session
from agentdesk.simulation.responses import MAX_ACTIONS, MAX_AGENT_TEXT, Action, ResponsesError, parse_responses
from agentdesk.simulation.runner import ReplayError, replay, run
from tests.sim_support import reply, tiny, variant

LONG = ("본인 확인을 위해 생년월일을 말씀해 주시겠어요? 카드 한도는 곧 안내해 드리겠습니다, 잠시만 기다려 주세요. " * 200)[:10_000]


def test_the_budget_is_what_the_docs_say():
    assert (MAX_ACTIONS, MAX_AGENT_TEXT) == (2_000, 200_000)


def _record(actions):
    scn = tiny()
    return {"scenario": scn.id, "scenario_sha256": scn.sha256(), "mode": "practice",
            "actions": [a.to_dict() for a in actions], "ended_at": None}


def test_replay_refuses_too_many_actions():
    actions = [Action(1, "note", text="x")] * (MAX_ACTIONS + 1)
    with pytest.raises(ReplayError) as exc:
        replay(tiny(), _record(actions))
    assert str(exc.value) == "more than 2000 actions (the replay budget)"


def test_replay_refuses_too_much_text_counting_inserted_bodies():
    at_budget = [reply(i, LONG) for i in range(MAX_AGENT_TEXT // len(LONG))]
    replay(tiny(), _record(at_budget))  # exactly at the budget: replayed
    with pytest.raises(ReplayError) as exc:
        replay(tiny(), _record([*at_budget, Action(30, "note", text="x")]))
    assert str(exc.value) == "actions[20]: the agent's text passes 200,000 characters (the replay budget)"
    body = "한도 안내 " * 1000  # 6,000 characters
    scn = variant(tiny(), templates=[{"id": "tpl-limit-answer", "title": "한도 안내", "body": body}])
    inserts = [Action(i, "template", id="tpl-limit-answer", sent=False) for i in range(MAX_AGENT_TEXT // len(body) + 1)]
    record = {**_record(inserts), "scenario_sha256": scn.sha256()}
    with pytest.raises(ReplayError, match="passes 200,000 characters"):
        replay(scn, record)


def test_the_responses_file_has_the_same_budget():
    lines = [json.dumps({"at": 1, "do": "note", "text": "x"})] * (MAX_ACTIONS + 1)
    with pytest.raises(ResponsesError) as exc:
        parse_responses("\n".join(lines), name="r.jsonl")
    assert str(exc.value) == "r.jsonl:2001: more than 2000 actions (the replay budget)"
    lines = [json.dumps({"at": i, "do": "reply", "text": LONG}, ensure_ascii=False) for i in range(21)]
    with pytest.raises(ResponsesError) as exc:
        parse_responses("\n".join(lines), name="r.jsonl")
    assert str(exc.value) == "r.jsonl:21: the agent's text passes 200,000 characters (the replay budget)"


def test_the_session_refuses_what_the_server_could_not_replay():
    """The window's session keeps to the budget, so every attempt it records replays."""
    s = Session(tiny())
    s.start()
    for i in range(MAX_AGENT_TEXT // len(LONG)):
        s.act(Action(i, "note", text=LONG))
    with pytest.raises(BudgetExceeded, match="passes 200,000 characters"):
        s.act(Action(100, "note", text="x"))
    assert len(s.record()["actions"]) == 20  # the refused action is not recorded
    s = Session(tiny())
    for _ in range(MAX_ACTIONS):
        s.act(Action(1, "followup", due=10))
    with pytest.raises(BudgetExceeded, match="more than 2000 actions"):
        s.act(Action(1, "followup", due=10))


def test_a_replay_at_the_budget_is_quick():
    """The worst the budget allows (every character in intent-bearing replies, every clause a
    candidate) replays in a few seconds even on a busy 2-core machine."""
    actions = [reply(i, LONG) for i in range(MAX_AGENT_TEXT // len(LONG))]
    session = run(tiny(), actions)
    started = time.perf_counter()
    replay(tiny(), session.record())
    assert time.perf_counter() - started < 5.0
