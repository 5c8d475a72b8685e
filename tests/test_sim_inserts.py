"""Inserting an article or a template: sent to the customer (headless, sent=True), or put into
the composer only (the window's insert, sent=False), and internal guides that never reach the
customer."""

from __future__ import annotations

import json

import pytest

from agentdesk.simulation.engine import Session
from agentdesk.simulation.responses import Action, ResponsesError, parse_responses
from agentdesk.simulation.runner import ReplayError, play, replay, run
from tests.sim_support import english, reply, tiny, variant

ASK_ID = "안녕하세요, 본인 확인을 위해 생년월일을 말씀해 주시겠어요?"


def _items(card) -> dict[str, float]:
    return {i.id: i.points for i in card.items}


def test_an_unsent_template_counts_for_the_rubric_but_reaches_nobody():
    scn = variant(tiny(), script=[*tiny().model_dump(mode="json")["script"],
                                  {"id": "tpl", "when": {"template": "tpl-limit-answer"}, "say": "템플릿 고마워요"}])
    s = Session(scn)
    s.start()
    # The template names the limit: sent before the identity check it would auto-fail.
    assert s.act(Action(10, "template", id="tpl-limit-answer", sent=False)) == []
    assert s.log.templates == [(10, "tpl-limit-answer")]
    assert s.log.replies == [] and s.log.auto_fail == []
    assert s.advance(100) == []  # neither the template trigger nor the keyword step answered
    card = s.end(200)
    assert _items(card)["first-reply"] == 0  # an insert is not a reply
    assert card.to_json()["timeline"][1] == {"at": 10.0, "who": "agent", "kind": "template",
                                             "text": "한도 안내 (작성창에만 넣음)"}


def test_an_unsent_insert_does_not_stop_the_patience_timer():
    s = Session(tiny())
    s.start()
    s.act(Action(60, "article", id="kb-card-limit", sent=False))
    assert [m.text for m in s.advance(120)] == ["아직 확인 중이신가요?"]
    assert s.mood == "annoyed"


def test_the_article_check_counts_an_unsent_insert_and_the_reply_carries_the_words():
    scn = tiny()
    sent = play(scn, [reply(10, ASK_ID), Action(30, "article", id="kb-card-limit"), Action(40, "end")])
    window = play(scn, [reply(10, ASK_ID), Action(30, "article", id="kb-card-limit", sent=False),
                        reply(35, "본인 확인 후 총 한도와 남은 한도를 안내합니다."), Action(40, "end")])
    assert _items(sent)["article"] == _items(window)["article"] == 10
    kinds = [(t["who"], t["kind"]) for t in window.to_json()["timeline"] if t["who"] == "agent"]
    assert kinds == [("agent", "reply"), ("agent", "article"), ("agent", "reply"), ("agent", "end")]


def test_an_unsent_template_with_a_forbidden_text_does_not_fail():
    scn = variant(tiny(), templates=[{"id": "t", "title": "약속", "body": "네, 한도를 올려 드리겠습니다. 카드 비밀번호 알려주세요"}],
                  expect={**tiny().model_dump(mode="json")["expect"], "templates": ["t"]})
    assert play(scn, [Action(10, "template", id="t", sent=False)]).auto_fail == []
    assert {a.rule for a in play(scn, [Action(10, "template", id="t")]).auto_fail} == {"promise_forbidden", "ask_card_password"}


def test_english_timeline_marks_the_unsent_insert():
    card = play(english(), [Action(10, "article", id="kb-card-limit", sent=False)]).to_json()
    assert card["timeline"][1]["text"] == "카드 한도 조회 방법 (inserted, not sent)"


def test_the_responses_file_takes_sent_on_inserts_only():
    lines = ['{"at": 1, "do": "article", "id": "kb-card-limit", "sent": false}',
             '{"at": 2, "do": "template", "id": "tpl-limit-answer", "sent": true}',
             '{"at": 3, "do": "template", "id": "tpl-limit-answer"}']
    got = parse_responses("\n".join(lines), name="r.jsonl", scenario=tiny())
    assert [a.sent for a in got] == [False, True, True]
    assert [a.to_dict() for a in got] == [{"at": 1.0, "do": "article", "id": "kb-card-limit", "sent": False},
                                          {"at": 2.0, "do": "template", "id": "tpl-limit-answer"},
                                          {"at": 3.0, "do": "template", "id": "tpl-limit-answer"}]
    with pytest.raises(ResponsesError, match=r"^r.jsonl:1: unknown key 'sent' for reply"):
        parse_responses('{"at": 1, "do": "reply", "text": "x", "sent": false}', name="r.jsonl")
    with pytest.raises(ResponsesError, match=r"^r.jsonl:1: 'sent' must be true or false$"):
        parse_responses('{"at": 1, "do": "article", "id": "kb-card-limit", "sent": "no"}', name="r.jsonl")


def test_the_session_refuses_sent_false_on_other_actions():
    s = Session(tiny())
    with pytest.raises(ValueError, match="applies only to an article or template"):
        s.act(Action(1, "reply", text="안녕하세요", sent=False))


def test_record_and_replay_keep_the_flag():
    scn = tiny()
    actions = [reply(10, ASK_ID), Action(20, "template", id="tpl-limit-answer", sent=False),
               reply(30, "남은 한도는 375만 원입니다."), Action(40, "end")]
    session = run(scn, actions)
    record = json.loads(json.dumps(session.record()))
    assert record["actions"][1] == {"at": 20.0, "do": "template", "id": "tpl-limit-answer", "sent": False}
    assert replay(scn, record).to_json() == session.end(0).to_json()
    flipped = {**record, "actions": [*record["actions"][:1], {**record["actions"][1], "sent": True}, *record["actions"][2:]]}
    assert replay(scn, flipped).to_json() != session.end(0).to_json()  # the flag matters
    with pytest.raises(ReplayError, match=r"actions\[1\]: 'sent' must be true or false"):
        replay(scn, {**record, "actions": [record["actions"][0], {**record["actions"][1], "sent": 0}]})


# --- internal articles ---------------------------------------------------------------------------

def _with_guide(**article):
    base = tiny().model_dump(mode="json")
    guide = {"id": "kb-guide", "title": "한도 상담 절차 (상담원용)", "category": "card", "internal": True,
             "body": "본인 확인 전 한도(500만)를 말하지 마세요. 카드 비밀번호를 말씀해 주세요라고 하지 않습니다.", **article}
    script = [*base["script"], {"id": "guide", "when": {"article": "kb-guide"}, "say": "그게 뭐죠?"}]
    return variant(tiny(), knowledge=[*base["knowledge"], guide], script=script,
                   expect={**base["expect"], "articles": ["kb-guide"]})


def test_an_internal_article_is_never_sent_even_when_sent_is_true():
    scn = _with_guide()
    assert scn.article("kb-guide").internal is True and scn.article("kb-card-limit").internal is False
    s = Session(scn)
    s.start()
    s.act(Action(10, "article", id="kb-guide"))
    assert s.log.replies == [] and s.log.auto_fail == [] and s.advance(100) == []
    card = s.end(200)
    assert _items(card)["article"] == 10
    assert card.to_json()["timeline"][1]["text"] == "한도 상담 절차 (상담원용) (내부 문서: 고객에게 보내지 않음)"


def test_internal_is_a_boolean_and_defaults_to_false():
    from agentdesk.simulation.scenario import ScenarioError, parse_scenario
    from tests.sim_support import TINY

    text = TINY.read_text(encoding="utf-8").replace('category = "card"\n', 'category = "card"\ninternal = "yes"\n', 1)
    with pytest.raises(ScenarioError, match=r"knowledge\[0\]\.internal: Input should be a valid boolean"):
        parse_scenario(text, name="s.toml", fmt="toml")
    explicit = TINY.read_text(encoding="utf-8").replace('category = "card"\n', 'category = "card"\ninternal = false\n', 1)
    # Writing a default out changes nothing, not even the hash attempts are stored against.
    assert parse_scenario(explicit, name="s.toml", fmt="toml").sha256() == tiny().sha256()
    # Defaults are left out of the canonical JSON, so a new optional field keeps old attempts replayable.
    assert '"internal"' not in tiny().canonical_json() and '"internal":true' in _with_guide().canonical_json()
