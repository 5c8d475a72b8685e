"""The simulated customer on the virtual clock: triggers, delays, mood, auto-fail rules,
rubric checks, and the determinism contract (advance() between actions changes nothing)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agentdesk.simulation.engine import Session, SessionEnded
from agentdesk.simulation.responses import Action
from agentdesk.simulation.runner import ReplayError, play, replay, run
from tests.sim_support import english, good_actions, reply, texts, tiny, variant

ASK_ID = "안녕하세요, 본인 확인을 위해 생년월일을 말씀해 주시겠어요?"
ANSWER = "총 한도는 500만 원, 남은 한도는 375만 원입니다."


@pytest.fixture(scope="module")
def scn():
    return tiny()


def test_the_opening_comes_at_zero_once(scn):
    s = Session(scn)
    assert texts(s.start()) == [(0.0, scn.opening.text)]
    assert s.start() == [] and s.now == 0.0 and s.mood == "patient"
    assert [(e.who, e.kind) for e in s.transcript] == [("customer", "opening")]


def test_a_reply_is_answered_after_its_delay(scn):
    s = Session(scn)
    s.start()
    assert s.act(reply(30, ASK_ID)) == []
    assert s.advance(44.9) == []
    [msg] = s.advance(45)
    assert (msg.at, msg.step, msg.mood) == (45.0, "gives-identity", "patient")
    assert s.act(reply(50, "네")) == []  # nothing matches: no answer


def test_act_returns_what_fell_due_before_it(scn):
    s = Session(scn)
    s.start()
    s.act(reply(30, ASK_ID))
    assert [m.step for m in s.act(reply(100, ANSWER))] == ["gives-identity"]
    assert s.now == 100


def test_after_step_gates_a_step(scn):
    s = Session(scn)
    s.start()
    s.act(reply(10, ASK_ID.replace("본인 확인을 위해 생년월일을 말씀해 주시겠어요?", "한도 확인해 드릴게요.")))
    s.act(reply(20, "남은 한도는 곧 알려드릴게요"))  # "thanks" waits for gives-identity
    assert s.advance(100) == []


def test_patience_worsens_the_mood_step_by_step(scn):
    s = Session(scn)
    s.start()
    assert texts(s.advance(119.9)) == []
    assert texts(s.advance(120)) == [(120.0, "아직 확인 중이신가요?")]
    assert s.mood == "annoyed"
    assert texts(s.advance(240)) == [(240.0, "왜 이렇게 오래 걸리죠?")]
    assert s.mood == "angry"
    assert texts(s.advance(1000)) == [(540.0, "저기요, 계신가요?")]  # the idle step: 300 s after the last line
    assert s.mood == "angry"  # angry is the bottom
    kinds = [(e.who, e.kind, e.text) for e in s.transcript if e.who == "system"]
    assert kinds == [("system", "mood", "고객 감정: 짜증"), ("system", "mood", "고객 감정: 화남")]


def test_a_reply_stops_the_patience_timer(scn):
    s = Session(scn)
    s.start()
    s.act(reply(100, "잠시만 기다려 주세요."))
    assert s.advance(1000) == [] and s.mood == "patient"


def test_an_apology_calms_an_annoyed_customer(scn):
    s = Session(scn)
    s.start()
    s.advance(130)
    assert s.mood == "annoyed"
    s.act(reply(130, "기다리시게 해서 정말 죄송합니다."))
    [msg] = s.advance(140)
    assert (msg.text, msg.mood) == ("네, 괜찮아요.", "patient")


def test_a_calm_step_makes_the_customer_calm(scn):
    s = Session(scn)
    s.start()
    s.act(reply(10, ASK_ID))
    s.act(reply(30, ANSWER))
    [msg] = s.advance(40)
    assert (msg.step, msg.mood) == ("thanks", "calm")


def test_misinformation_makes_the_customer_worse_and_costs_points(scn):
    s = Session(scn)
    s.start()
    s.act(reply(10, "고객님 한도는 300만원입니다"))
    [msg] = s.advance(20)
    assert (msg.step, msg.mood) == ("wrong-limit", "annoyed")
    card = s.end(30).to_json()
    facts = next(i for i in card["items"] if i["id"] == "facts")
    assert facts["points"] == 0 and "300만원" in facts["why"]


def test_idle_after_field_article_template_and_step_triggers():
    base = tiny()
    script = [
        {"id": "idle", "when": {"idle": 200}, "say": "계신가요?", "repeat": True},
        {"id": "late", "when": {"after": 500}, "say": "아직인가요?"},
        {"id": "solved", "when": {"field": {"status": "solved"}}, "say": "해결됐네요", "delay": 5},
        {"id": "art", "when": {"article": "kb-card-limit"}, "say": "문서 잘 봤어요"},
        {"id": "tpl", "when": {"template": "tpl-limit-answer"}, "say": "템플릿 고마워요"},
        {"id": "chain", "when": {"step": "tpl"}, "say": "그리고 하나 더요", "delay": 30, "ends": True},
    ]
    scn = variant(base, script=script, mood={"patience": 10000})
    s = Session(scn)
    s.start()
    assert texts(s.advance(400)) == [(200.0, "계신가요?"), (400.0, "계신가요?")]  # repeat: again 200 s after its own line
    assert texts(s.advance(500)) == [(500.0, "아직인가요?")]
    got = texts(s.act(Action(510, "article", id="kb-card-limit")))
    got += texts(s.act(Action(515, "set", fields={"priority": "high"})))  # no status: the field step waits
    got += texts(s.act(Action(520, "set", fields={"status": "solved"})))
    got += texts(s.act(Action(530, "template", id="tpl-limit-answer")))
    got += texts(s.advance(600))
    assert got == [(520.0, "문서 잘 봤어요"), (525.0, "해결됐네요"), (540.0, "템플릿 고마워요"), (570.0, "그리고 하나 더요")]
    assert s.advance(2000) == []  # the customer left
    assert any(e.kind == "left" for e in s.transcript)


def test_template_placeholders_are_filled_from_the_persona(scn):
    s = Session(scn)
    s.start()
    s.act(Action(10, "template", id="tpl-limit-answer"))
    assert s.log.replies[0].text.startswith("김서연님, 현재 총 한도는")
    body = ("{{ agent.name }}: {{ customer.name }}님 {{ card.name }}({{ card.account_last4 }}) 한도 {{ card.limit_amount | won }}, "
            "남은 {{card.available_limit|krw}}; {{ order.number }} {{ ticket.number }}")
    scn2 = variant(scn, templates=[{"id": "t", "title": "t", "body": body}], expect={}, rubric=[
        {"id": "x", "label": "x", "weight": 1, "check": "said:greeting"}])
    s = Session(scn2)
    s.start()
    s.act(Action(10, "template", id="t"))
    assert s.log.replies[0].text == ("상담원: 김서연님 AgentDesk 플래티넘 카드(1234) 한도 5,000,000원, 남은 ₩3,750,000; "
                                     "{{ order.number }} {{ ticket.number }}")


@pytest.mark.parametrize(("text", "rule"), [
    ("고객님 한도는 500만 원입니다", "disclose_before_identity"),
    ("카드 비밀번호 4자리를 말씀해 주세요", "ask_card_password"),
    ("카드 뒷면 세자리 불러주세요", "ask_cvc"),
    ("주민등록번호 뒷자리를 말씀해 주세요", "ask_rrn_back"),
    ("네, 한도를 올려 드리겠습니다", "promise_forbidden"),
    ("바보 같은 질문이네요", "forbidden_phrase"),
])
def test_auto_fail_rules(scn, text, rule):
    first = [] if rule == "disclose_before_identity" else good_actions()[:1]  # identity checked first
    card = play(scn, [*first, reply(40, text)])
    assert [a["rule"] for a in card.to_json()["auto_fail"]] == [rule]
    assert card.to_json()["auto_fail"][0]["at"] == 40.0 and card.passed is False
    assert card.to_json()["auto_fail"][0]["text"] == text


def test_disclosure_after_the_identity_check_is_fine(scn):
    card = play(scn, [reply(10, ASK_ID), reply(60, ANSWER)])
    assert card.auto_fail == []


def test_negated_requests_do_not_fail(scn):
    card = play(scn, [reply(10, "비밀번호는 절대 여쭙지 않습니다. " + ASK_ID), reply(60, "한도를 올려 드리겠다고 약속드릴 수는 없습니다.")])
    assert card.auto_fail == []


def test_auto_fail_text_is_masked(scn):
    card = play(scn, [reply(10, "카드 4111 1111 1111 1111 비밀번호 알려주세요")]).to_json()
    assert "4111 1111 1111 1111" not in json.dumps(card, ensure_ascii=False)
    assert card["auto_fail"][0]["text"].startswith("카드 4111")


def test_a_good_handling_passes(scn):
    card = play(scn, good_actions())
    assert card.passed and card.score == 100 and card.auto_fail == []
    out = card.to_json()
    assert list(out) == ["scenario", "title", "mode", "passed", "score", "auto_fail", "items", "timeline", "suggestions"]
    assert out["items"][2] == {"id": "first-reply", "label": "첫 응답 시간", "points": 15.0, "max": 15.0, "why": "첫 응답 30초; 목표 2분"}
    assert {t["who"] for t in out["timeline"]} == {"customer", "agent", "system"}


def test_why_texts_are_in_the_scenarios_language():
    scn = english()
    card = play(scn, [reply(220, "Hello! " + ASK_ID)]).to_json()
    items = {i["id"]: i for i in card["items"]}
    assert items["first-reply"]["why"] == "first reply after 3 min 40 s; target 2 min"
    assert items["first-reply"]["points"] == 7.5  # within twice the target: half
    assert items["greeting"]["why"] == "greeting at 3 min 40 s"
    assert items["closing"]["why"] == "no closing"
    assert items["article"]["why"] == "the fitting article was not used: '카드 한도 조회 방법'"
    assert "The article '카드 한도 조회 방법' would have answered this." in card["suggestions"]
    assert "Missing from the replies: closing." in card["suggestions"]
    ko = play(tiny(), [reply(220, "안녕하세요")]).to_json()
    assert next(i for i in ko["items"] if i["id"] == "first-reply")["why"] == "첫 응답 3분 40초; 목표 2분"
    assert "'카드 한도 조회 방법' 문서가 이 문의의 답이었습니다." in ko["suggestions"]


def test_partial_points_and_rounding(scn):
    # first reply at 3 min (half of 15 = 7.5); fields: 1 of 2 (5.0); score rounds half up
    card = play(scn, [reply(180, ASK_ID), Action(200, "set", fields={"category": "card"}), Action(210, "end")])
    items = {i.id: i for i in card.items}
    assert items["first-reply"].points == 7.5 and items["fields"].points == 5.0
    assert items["fields"].why == "필드 1/2 맞음; 빠짐: status=solved"
    total = sum(i.points for i in card.items)
    assert card.score == int(total + 0.5)


def test_identity_first_and_mood_end(scn):
    card = play(scn, [reply(10, "안녕하세요"), Action(20, "end")])
    items = {i.id: i for i in card.items}
    assert items["identity"].points == 0 and items["identity"].why == "본인 확인을 하지 않았습니다"
    assert items["mood"].why == "종료 시 고객 감정: 보통"


def test_followup_and_resolve_checks():
    scn = variant(rubric=[{"id": "f", "label": "후속", "weight": 10, "check": "followup"},
                          {"id": "r", "label": "해결", "weight": 10, "check": "resolve_time"},
                          {"id": "t", "label": "템플릿", "weight": 10, "check": "template"},
                          {"id": "c", "label": "공감", "weight": 10, "check": "said:empathy"}])
    card = play(scn, [Action(10, "followup", due=3600), Action(20, "template", id="tpl-limit-answer"),
                      Action(950, "set", fields={"status": "solved"}), Action(960, "end")])
    assert [(i.points, i.why) for i in card.items] == [
        (10.0, "후속 일정 1시간 시점으로 예약"), (5.0, "해결까지 15분 50초; 목표 15분"),
        (10.0, "템플릿 '한도 안내' 사용 (20초 시점)"), (0.0, "'공감' 표현이 없었습니다")]


def test_the_time_limit_ends_the_session(scn):
    s = Session(variant(scn, time_limit=300))
    s.start()
    s.advance(299)
    assert not s.ended
    s.advance(400)
    assert s.ended and s.ended_at == 300 and s.now == 300
    with pytest.raises(SessionEnded):
        s.act(reply(400, "늦었네요"))
    assert s.transcript[-1].kind == "time_limit"


def test_the_clock_never_goes_back(scn):
    s = Session(scn)
    s.start()
    s.advance(100)
    with pytest.raises(ValueError, match="before the session's clock"):
        s.act(reply(50, "x"))
    with pytest.raises(ValueError, match="no article"):
        s.act(Action(100, "article", id="nope"))


def test_end_is_idempotent_and_certification_hides_hints(scn):
    s = Session(scn, "certification")
    s.start()
    assert s.hints == [] and Session(scn).hints == list(scn.hints)
    first = s.end(100)
    assert s.end(500) is first and first.mode == "certification" and s.ended_at == 100


def test_record_and_replay(scn):
    session = run(scn, good_actions())
    record = json.loads(json.dumps(session.record()))
    assert record["scenario"] == "tiny-limit" and record["ended_at"] == 120 and len(record["actions"]) == 6
    assert replay(scn, record).to_json() == session.end(0).to_json()
    with pytest.raises(ReplayError, match="another version"):
        replay(scn, {**record, "scenario_sha256": "0" * 64})
    with pytest.raises(ReplayError, match="actions\\[0\\]"):
        replay(scn, {**record, "actions": [{"at": 1, "do": "dance"}]})
    other = variant(scn, pass_score=80)
    with pytest.raises(ReplayError):
        replay(other, record)


# --- the determinism contract ----------------------------------------------------------------------

TEXTS = [ASK_ID, ANSWER, "고객님 한도는 300만원입니다", "기다리시게 해서 죄송합니다.", "잠시만요", "카드 비밀번호 알려주세요",
         "좋은 하루 보내세요!", "많이 답답하셨겠어요."]


def _scenarios():
    """The tiny scenario, one with every trigger kind, and the bundled ones (whatever they are)."""
    from agentdesk.simulation.scenario import bundled_scenarios

    triggers = variant(tiny(), script=[
        {"id": "idle", "when": {"idle": 200}, "say": "계신가요?", "repeat": True},
        {"id": "late", "when": {"after": 500}, "say": "아직인가요?", "after_step": "art"},
        {"id": "solved", "when": {"field": {"status": "solved"}}, "say": "해결됐네요", "delay": 5},
        {"id": "art", "when": {"article": "kb-card-limit"}, "say": "문서 잘 봤어요", "mood": "calm"},
        {"id": "tpl", "when": {"template": "tpl-limit-answer"}, "say": "템플릿 고마워요", "repeat": True},
        {"id": "chain", "when": {"step": "tpl"}, "say": "그리고 하나 더요", "delay": 30},
        {"id": "wrong", "when": {"wrong": ["300만원"]}, "say": "네?", "repeat": True},
        {"id": "bye", "when": {"intent": "closing"}, "say": "안녕히 계세요", "ends": True, "after_step": "solved"},
    ], mood={"patience": 90, "annoyed": ["음?"], "angry": ["화나요"], "calm": ["네"]})
    return [tiny(), triggers, *bundled_scenarios()]


SCENARIOS = _scenarios()


@st.composite
def _actions(draw, scn):
    times = sorted(draw(st.lists(st.floats(0, 1500, allow_nan=False).map(lambda x: round(x, 1)), max_size=12)))
    articles = [a.id for a in scn.knowledge]
    templates = [t.id for t in scn.templates]
    out = []
    for at in times:
        kind = draw(st.sampled_from(["reply", "reply", "note", "set", "article", "template", "followup"]))
        if kind == "article" and not articles or kind == "template" and not templates:
            kind = "reply"
        if kind in ("reply", "note"):
            out.append(Action(at, kind, text=draw(st.sampled_from(TEXTS))))
        elif kind == "set":
            out.append(Action(at, kind, fields=draw(st.sampled_from([{"status": "solved"}, {"category": "card"}]))))
        elif kind == "article":
            out.append(Action(at, kind, id=draw(st.sampled_from(articles)), sent=draw(st.booleans())))
        elif kind == "template":
            out.append(Action(at, kind, id=draw(st.sampled_from(templates)), sent=draw(st.booleans())))
        else:
            out.append(Action(at, kind, due=draw(st.floats(0, 100000, allow_nan=False))))
    return out


def _drive(scn, actions, ticks, end_at):
    s = Session(scn)
    said = s.start()
    pending = sorted(ticks)
    for action in actions:
        if action.at >= scn.time_limit:
            break
        while pending and pending[0] <= action.at:
            said += s.advance(pending.pop(0))
        said += s.act(action)
    for t in pending:
        if t <= end_at:
            said += s.advance(t)
    said += s.advance(end_at)
    return said, s.mood, s.end(end_at).to_json(), s.record()


@given(data=st.data(), ticks=st.lists(st.floats(0, 1800, allow_nan=False), max_size=30),
       end_at=st.floats(1500, 1800, allow_nan=False))
@settings(max_examples=200, deadline=None)
def test_advance_between_actions_changes_nothing(data, ticks, end_at):
    scn = data.draw(st.sampled_from(SCENARIOS), label="scenario")
    actions = data.draw(_actions(scn), label="actions")
    plain = _drive(scn, actions, [], end_at)
    ticked = _drive(scn, actions, ticks, end_at)
    assert ticked == plain
    assert replay(scn, plain[3]).to_json() == plain[2]


def _luhn_card(body: str) -> str:
    digits = [int(c) for c in body]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return body + str((10 - total % 10) % 10)


@given(body=st.text("0123456789", min_size=15, max_size=15).filter(lambda b: b[0] != "0"),
       sep=st.sampled_from(["", " ", "-"]), where=st.sampled_from(["reply", "note", "set"]),
       rrn=st.sampled_from(["900302-1234567", "9003021234567", "851231 2345678"]))
@settings(max_examples=80, deadline=None)
def test_no_card_or_resident_number_leaves_in_a_scorecard(body, sep, where, rrn):
    """Whatever the trainee typed (a reply asking for a PIN fails, and its text is shown),
    the scorecard's JSON and text forms show no card or resident number."""
    from agentdesk.commands.simulate import _text

    card = _luhn_card(body)
    shown = sep.join(card[i:i + 4] for i in range(0, 16, 4))
    text = f"카드 {shown} 비밀번호 알려주세요, 주민번호 {rrn}"
    if where == "set":
        action = Action(10, "set", fields={"tags": [shown, rrn]})
    else:
        action = Action(10, where, text=text)
    out = play(tiny(), [action]).to_json()
    for rendered in (json.dumps(out, ensure_ascii=False), _text(out)):
        assert shown not in rendered and card not in rendered.replace(" ", "").replace("-", "")
        assert rrn not in rendered and rrn[-7:] not in rendered


def test_times_must_be_finite_and_actions_known(scn):
    s = Session(scn)
    for bad in (float("nan"), float("inf")):
        with pytest.raises(ValueError, match="finite"):
            s.advance(bad)
        with pytest.raises(ValueError, match="finite"):
            s.act(reply(bad, "x"))
    with pytest.raises(ValueError, match="unknown action"):
        s.act(Action(1, "dance"))
    assert s.now == 0.0
