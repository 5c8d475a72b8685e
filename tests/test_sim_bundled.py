"""The bundled scenarios (agentdesk/simulation/scenarios/*.toml) and their scripted trainees
(tests/sim_responses/<id>.good.jsonl and <id>.bad.jsonl).

Each scenario must load, keep the house's promises (the required ids and situations, a rubric
of 100, a script of 5–12 steps, articles and templates that exist), be passed by a competent
trainee (score >= 85, no auto-fail) and be failed by a typical beginner for the reason the bad
run was written to show. The English versions must mirror their Korean originals.

Pure and fast: no database, no Qt; every run is played headless on the virtual clock.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from agentdesk.simulation import phrases
from agentdesk.simulation.engine import CustomerMessage, Session
from agentdesk.simulation.responses import Action, parse_responses
from agentdesk.simulation.runner import play
from agentdesk.simulation.scenario import BUNDLED_DIR, Scenario, bundled_scenarios, load_scenario

RESPONSES = Path(__file__).resolve().parent / "sim_responses"

REQUIRED = ("card-limit-inquiry", "limit-increase", "lost-card", "angry-refund", "late-delivery", "password-reset",
            "fraud-charge", "vip-complaint", "upsell", "chat-to-phone", "tech-escalation", "abusive-caller",
            "card-limit-inquiry-en", "lost-card-en", "angry-refund-en")

# Why each bad run fails: the auto-fail rule it trips, or (no auto-fail) the rubric items it
# scores nothing on. A bad run that fails for another reason is a broken example.
BAD_AUTO_FAIL = {
    "card-limit-inquiry": "disclose_before_identity",
    "card-limit-inquiry-en": "disclose_before_identity",
    "lost-card": "ask_card_password",
    "lost-card-en": "ask_card_password",
    "angry-refund": "promise_forbidden",
    "angry-refund-en": "promise_forbidden",
    "limit-increase": "promise_forbidden",
    "password-reset": "ask_rrn_back",
    "password-reset-en": "ask_rrn_back",
    "fraud-charge": "ask_cvc",
    "fraud-charge-en": "ask_cvc",
    "upsell": "forbidden_phrase",
    "double-charge": "promise_forbidden",
}
BAD_ITEMS_ZERO = {
    "late-delivery": ("followup", "first-reply", "apology"),
    "late-delivery-en": ("followup", "first-reply", "apology"),
    "vip-complaint": ("escalation", "followup"),
    "chat-to-phone": ("transfer", "followup"),
    "tech-escalation": ("escalation", "followup"),
    "tech-escalation-en": ("escalation", "followup"),
    "abusive-caller": ("warning",),
    "abusive-caller-en": ("warning",),
    "subscription-cancel": ("article", "fields"),
}


@cache
def scenarios() -> dict[str, Scenario]:
    return {s.id: s for s in bundled_scenarios()}


@cache
def actions(scenario_id: str, kind: str) -> tuple[Action, ...]:
    path = RESPONSES / f"{scenario_id}.{kind}.jsonl"
    return tuple(parse_responses(path.read_text(encoding="utf-8"), name=str(path)))


@cache
def card(scenario_id: str, kind: str) -> dict:
    return play(scenarios()[scenario_id], actions(scenario_id, kind)).to_json()


IDS = sorted(p.stem for p in BUNDLED_DIR.glob("*.toml"))
PAIRS = sorted(i for i in IDS if i.endswith("-en") and i.removesuffix("-en") in IDS)


# --- the set ---------------------------------------------------------------------------------------

def test_every_file_loads_with_its_file_name_as_id():
    for path in sorted(BUNDLED_DIR.glob("*.toml")):
        assert load_scenario(path).id == path.stem, path.name
    assert sorted(scenarios()) == IDS  # unique: one scenario per id


def test_the_required_scenarios_are_there_in_both_languages_and_every_tier():
    assert set(REQUIRED) <= set(IDS)
    assert len(IDS) >= 15
    assert all(scenarios()[i].language == ("en" if i.endswith("-en") else "ko") for i in IDS)
    tiers = {s.difficulty for s in scenarios().values()}
    assert tiers == {"beginner", "intermediate", "advanced"}
    assert scenarios()["card-limit-inquiry"].difficulty == "beginner"


def test_every_scenario_has_a_good_and_a_bad_run_and_nothing_else():
    files = sorted(p.name for p in RESPONSES.glob("*.jsonl"))
    assert files == sorted(f"{i}.{k}.jsonl" for i in IDS for k in ("bad", "good"))
    assert set(BAD_AUTO_FAIL) | set(BAD_ITEMS_ZERO) == set(IDS) and not set(BAD_AUTO_FAIL) & set(BAD_ITEMS_ZERO)


# --- each scenario is complete ------------------------------------------------------------------

@pytest.mark.parametrize("sid", IDS)
def test_a_scenario_is_complete(sid):
    s = scenarios()[sid]
    assert sum(item.weight for item in s.rubric) == 100
    assert len({item.id for item in s.rubric}) == len(s.rubric)
    assert 5 <= len(s.script) <= 12
    assert len({step.id for step in s.script}) == len(s.script)
    assert s.hints and s.summary and s.persona.products and s.persona.past_inquiries
    assert s.mood.annoyed and s.mood.angry and s.mood.calm
    assert any(step.when.kind == "idle" for step in s.script), "the customer nags when kept waiting"
    assert any(step.ends for step in s.script), "the customer can leave"
    # What good handling looks like names this scenario's own articles and templates.
    articles = {a.id for a in s.knowledge}
    templates = {t.id for t in s.templates}
    assert set(s.expect.articles) <= articles and set(s.expect.templates) <= templates
    assert s.expect.articles or s.expect.templates
    for step in s.script:
        assert step.after_step is None or step.after_step in {x.id for x in s.script}
        assert step.when.article is None or step.when.article in articles
        assert step.when.template is None or step.when.template in templates
    for item in s.rubric:
        if item.kind == "article":
            assert s.expect.articles, item.id
        if item.kind == "template":
            assert s.expect.templates, item.id
        if item.kind == "followup":
            assert s.expect.followup is not None, item.id
        if item.kind == "identity_first":
            assert "identity_check" in s.expect.required and s.expect.identity_before, item.id
    assert s.expect.first_reply_within and s.expect.resolve_within


def _amount_forms(value: int) -> set[str]:
    """How an amount is written in a reply: 5,000,000 / 500만 / 5 million."""
    forms = {f"{value:,}"}
    if value % 10_000 == 0:
        man = value // 10_000
        forms |= {f"{man}만", f"{man:,}만"}
    if value % 100_000 == 0 and value >= 1_000_000:
        forms.add(f"{value / 1_000_000:g} million")
    return forms


@pytest.mark.parametrize("sid", [i for i in IDS if scenarios()[i].expect.identity_before])
def test_identity_before_names_the_personas_real_details(sid):
    """The keywords that may not come before the identity check are this persona's own amounts,
    card digits or order details (so the auto-fail catches a real disclosure)."""
    s = scenarios()[sid]
    details: set[str] = set()
    for p in s.persona.products:
        details.add(p.account_last4 or "")
        details.add(p.name)
        for amount in (p.limit_amount, p.used_amount):
            if amount:
                details |= _amount_forms(amount)
        if p.limit_amount and p.used_amount is not None:
            details |= _amount_forms(p.limit_amount - p.used_amount)
    for o in s.persona.orders:
        details |= {o.number} | {i.name for i in o.items}
    details.discard("")
    real = [k for k in s.expect.identity_before if k in details]
    assert real, f"{sid}: none of {s.expect.identity_before} is a detail of the persona"
    # The customer does not say them first (the opening would make the rule meaningless).
    assert phrases.matches_any(s.opening.text, real) is None


# --- the runs -----------------------------------------------------------------------------------

@pytest.mark.parametrize("sid", IDS)
def test_the_good_run_passes_well(sid):
    result = card(sid, "good")
    lost = [(i["id"], i["why"]) for i in result["items"] if i["points"] < i["max"]]
    assert result["auto_fail"] == [], result["auto_fail"]
    assert result["passed"] and result["score"] >= 85, (result["score"], lost)
    # The conversation went somewhere: the customer answered with script steps, the trainee ended it.
    said = [t for t in result["timeline"] if t["who"] == "customer" and t["kind"] == "message"]
    assert len(said) >= 3
    assert result["timeline"][-1]["kind"] == "end"


@pytest.mark.parametrize("sid", IDS)
def test_the_bad_run_fails_for_its_reason(sid):
    result = card(sid, "bad")
    assert not result["passed"]
    rules = [a["rule"] for a in result["auto_fail"]]
    if sid in BAD_AUTO_FAIL:
        assert BAD_AUTO_FAIL[sid] in rules, rules
    else:
        assert rules == []
        assert result["score"] < scenarios()[sid].pass_score
        points = {i["id"]: i["points"] for i in result["items"]}
        for item in BAD_ITEMS_ZERO[sid]:
            assert points[item] == 0, (item, points)


@pytest.mark.parametrize("sid", IDS)
def test_the_good_run_asks_identity_before_any_detail(sid):
    """Independent of the engine's own rule: no identity_before keyword in a reply before the
    first reply that asks for identity."""
    s = scenarios()[sid]
    for action in actions(sid, "good"):
        if action.do != "reply":
            continue
        if phrases.detect(action.text or "", "identity_check"):
            break
        assert phrases.matches_any(action.text or "", s.expect.identity_before) is None, action.text


# --- the situations the issue names ---------------------------------------------------------------

def test_lost_card_is_urgent_and_stops_the_card():
    for sid in ("lost-card", "lost-card-en"):
        s = scenarios()[sid]
        assert s.expect.fields.priority == "urgent"
        # Urgency is scored on its own (field:priority), the other fields by `fields`.
        weights = {item.check: item.weight for item in s.rubric}
        assert weights["field:priority"] == 10 and weights["fields"] == 10
        good, bad = ({i["id"]: i for i in card(sid, kind)["items"]} for kind in ("good", "bad"))
        assert good["priority"]["points"] == 10 and bad["priority"]["points"] == 0
        assert bad["fields"]["points"] == 6.7  # category and status right, the tag missing (2 of 3)
        assert s.expect.first_reply_within <= 30
        set_fields = {k: v for a in actions(sid, "good") if a.do == "set" for k, v in (a.fields or {}).items()}
        assert set_fields["priority"] == "urgent"
        # The stop is confirmed with the 'card blocked' template, and the customer hears it.
        assert "tpl-card-stopped" in s.expect.templates
        assert "card-stopped" in _steps_heard(sid, "good")


def test_angry_refund_starts_annoyed_and_the_good_run_calms_the_customer():
    for sid in ("angry-refund", "angry-refund-en"):
        assert scenarios()[sid].mood.start == "annoyed"
        assert "apology" in scenarios()[sid].expect.required
        assert _played(sid, "good")[0].mood in ("patient", "calm")
        assert _played(sid, "bad")[0].mood != "calm"


def test_vip_complaint_is_a_vip_who_gets_an_escalation_and_a_callback():
    s = scenarios()["vip-complaint"]
    assert s.persona.tier == "vip"
    assert {"escalation", "apology"} <= set(s.expect.required) and s.expect.followup is not None
    assert "vip" in s.expect.fields.tags


def test_chat_to_phone_moves_to_the_phone_with_a_callback():
    s = scenarios()["chat-to-phone"]
    assert s.channel == "chat"
    assert "transfer_phone" in s.expect.required and s.expect.followup is not None
    assert any(step.when.intent == "transfer_phone" for step in s.script)
    followups = [a.due for a in actions("chat-to-phone", "good") if a.do == "followup"]
    assert followups and followups[0] <= s.expect.followup.within


def test_tech_escalation_is_escalated_to_category_tech():
    s = scenarios()["tech-escalation"]
    assert "escalation" in s.expect.required and s.expect.fields.category == "tech"
    assert any(item.check == "said:escalation" for item in s.rubric)


def test_abusive_caller_warns_before_ending_and_mood_does_not_count():
    """The rubric scores the order (before:warning:end_contact); held here independently too: the
    good run warns before it ends the contact, and the bad run ends without a warning."""
    for sid in ("abusive-caller", "abusive-caller-en"):
        s = scenarios()[sid]
        assert {"warning", "end_contact"} <= set(s.expect.required)
        assert next(item for item in s.rubric if item.id == "warning").check == "before:warning:end_contact"
        # Ending first and warning afterwards scores nothing for the warning.
        run = list(actions(sid, "good"))
        ending = next(a for a in run if a.do == "reply" and phrases.detect(a.text or "", "end_contact"))
        early = [Action(5, "reply", text=ending.text), *run]
        late = {i["id"]: i["points"] for i in play(s, early).to_json()["items"]}
        assert late["warning"] == 0 and late["end"] == 15
        assert all(item.kind != "mood_end" for item in s.rubric)
        assert "abusive-contact" in s.expect.fields.tags and s.expect.fields.status == "solved"

        def first(intent: str, kind: str, sid: str = sid) -> int:
            texts = _sent_texts(sid, kind)
            return next((i for i, text in enumerate(texts) if phrases.detect(text, intent)), len(texts))

        assert first("warning", "good") < first("end_contact", "good") < len(_sent_texts(sid, "good"))
        assert first("warning", "bad") > first("end_contact", "bad")
        assert card(sid, "good")["score"] == 100


@pytest.mark.parametrize("sid", IDS)
def test_agents_guides_are_internal(sid):
    """A guide written for the agent ("… (상담원용)" / "… (agents)") is marked internal, so it never
    reaches the customer even when inserted; every other article is customer-facing."""
    for a in scenarios()[sid].knowledge:
        assert a.internal == a.title.endswith(("(상담원용)", "(agents)")), (a.id, a.title)


def test_upsell_and_limit_increase_name_what_policy_forbids():
    assert scenarios()["upsell"].expect.forbidden
    assert scenarios()["limit-increase"].expect.forbidden_promises


def _sent_texts(sid: str, kind: str) -> list[str]:
    """What the customer received, in order (an article or template counts with its body)."""
    s = scenarios()[sid]
    out = []
    for a in actions(sid, kind):
        if a.do == "reply":
            out.append(a.text or "")
        elif a.do == "article":
            out.append(s.article(a.id or "").body)  # type: ignore[union-attr]
        elif a.do == "template":
            out.append(s.template(a.id or "").body)  # type: ignore[union-attr]
    return out


@cache
def _played(sid: str, kind: str) -> tuple[Session, tuple[CustomerMessage, ...]]:
    """The session after the run and what the customer said, through the Session's public API."""
    session = Session(scenarios()[sid])
    said = session.start()
    for action in actions(sid, kind):
        if session.ended:
            break
        said += session.act(action)
    return session, tuple(said)


def _steps_heard(sid: str, kind: str) -> frozenset[str]:
    """The script steps whose lines the customer said."""
    return frozenset(m.step for m in _played(sid, kind)[1] if m.step)


# --- Korean and English versions correspond ----------------------------------------------------

def _shape(s: Scenario) -> dict:
    """What must be the same in both languages: everything but the words."""
    return {
        "difficulty": s.difficulty, "channel": s.channel, "pass_score": s.pass_score, "time_limit": s.time_limit,
        "hints": len(s.hints), "tier": s.persona.tier, "segment": s.persona.segment,
        "products": [(p.kind, p.status, p.limit_amount is not None) for p in s.persona.products],
        "orders": [(o.status, len(o.items)) for o in s.persona.orders],
        "past": [q.status for q in s.persona.past_inquiries],
        "knowledge": [(a.id, a.internal) for a in s.knowledge], "templates": [t.id for t in s.templates],
        "mood": (s.mood.start, s.mood.patience, len(s.mood.annoyed), len(s.mood.angry), len(s.mood.calm)),
        "script": [(st.id, st.when.kind, st.when.intent, st.when.idle, st.when.after, st.when.step, st.after_step,
                    st.effective_delay, st.effective_mood, st.ends, st.repeat) for st in s.script],
        "expect": (s.expect.articles, s.expect.templates, s.expect.fields.category, s.expect.fields.status,
                   s.expect.fields.priority, len(s.expect.fields.tags), s.expect.followup, s.expect.required,
                   s.expect.first_reply_within, s.expect.resolve_within, bool(s.expect.identity_before),
                   bool(s.expect.forbidden_promises), bool(s.expect.forbidden)),
        "rubric": [(r.id, r.weight, r.check) for r in s.rubric],
    }


@pytest.mark.parametrize("en", PAIRS)
def test_the_english_version_mirrors_the_korean(en):
    ko = en.removesuffix("-en")
    assert _shape(scenarios()[en]) == _shape(scenarios()[ko])
    # Same personas' arithmetic (in their own amounts), same story in the runs.
    assert [a.do for a in actions(en, "good")] == [a.do for a in actions(ko, "good")]
    assert [a.at for a in actions(en, "good")] == [a.at for a in actions(ko, "good")]
    assert BAD_AUTO_FAIL.get(en) == BAD_AUTO_FAIL.get(ko) and BAD_ITEMS_ZERO.get(en) == BAD_ITEMS_ZERO.get(ko)
    assert _steps_heard(en, "good") == _steps_heard(ko, "good")
    assert card(en, "good")["score"] == card(ko, "good")["score"]


def test_no_korean_in_the_english_versions():
    hangul = re.compile(r"[\uac00-\ud7a3]")
    for sid in IDS:
        if sid.endswith("-en"):
            text = (BUNDLED_DIR / f"{sid}.toml").read_text(encoding="utf-8")
            assert not hangul.search(text), sid
            for kind in ("good", "bad"):
                assert not hangul.search((RESPONSES / f"{sid}.{kind}.jsonl").read_text(encoding="utf-8")), (sid, kind)


# --- the templates work in the real composer, and runs are repeatable --------------------------

@pytest.mark.parametrize("sid", IDS)
def test_templates_render_in_the_composer(sid):
    """The sandbox seeds these templates into the real template service: each must parse and
    fill every placeholder it uses (customer, agent, order, card) from a ticket's context."""
    from agentdesk.services.templates import check_syntax, render, sample_context

    for t in scenarios()[sid].templates:
        assert check_syntax(t.body) is None, t.id
        result = render(t.body, sample_context())
        assert result.error is None and result.missing == [], (t.id, result.error, result.missing)


@pytest.mark.parametrize("sid", IDS)
def test_certification_mode_scores_the_same_and_runs_repeat(sid):
    practice = card(sid, "good")
    certification = play(scenarios()[sid], actions(sid, "good"), mode="certification").to_json()
    assert certification["mode"] == "certification"
    assert {**certification, "mode": "practice"} == practice
    assert play(scenarios()[sid], actions(sid, "bad")).to_json() == card(sid, "bad")
