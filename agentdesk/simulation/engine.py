"""A training session: the simulated customer on a virtual clock.

Determinism contract (SESSION's window and TRAINER's server rely on it): the outcome is a pure
function of (scenario, mode, the ordered actions, the end time). Nothing reads the wall clock
and nothing is random. Every timed thing (a delayed reply, an idle or ``after`` trigger, the
patience timer) is an event with an exact virtual time, and the clock runs them one by one in
time order whatever steps it is moved in: ``advance(t)`` at extra times between actions
changes no message, mood or score. Ties at one instant run in a fixed order: due customer
messages (in the order they were scheduled), then ``after`` triggers, then ``idle`` triggers
(script order), then the patience timer; an action at time t runs after every event at t.

The customer, in short (docs/scenarios.md has the whole story):
- each agent reply (a sent article or template counts as one, with its body as the text; an
  insert with ``sent=False`` or an internal article only records its use)
  fires at most one action-triggered script step: the first in script order whose trigger
  matches and whose ``after_step`` has fired; ``field`` steps answer ``set`` actions;
- a step's message arrives ``delay`` seconds later; its mood effect applies when it arrives;
- ``patience`` seconds after a customer message with no agent reply, the mood worsens one step
  (calm → patient → annoyed → angry) and the customer says the next line of mood.annoyed or
  mood.angry; an apology or empathy while annoyed or angry brings the mood one step back with
  the next line of mood.calm (when no script step answered that reply);
- after the ticket is solved or closed, or the customer left (a step with ``ends``), no timer runs.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from agentdesk.services.pii import mask_pii
from agentdesk.simulation import phrases
from agentdesk.simulation.responses import ACTIONS, INSERTS, Action, Budget
from agentdesk.simulation.scenario import Scenario, Step

if TYPE_CHECKING:
    from agentdesk.simulation.scoring import Scorecard

Mode = Literal["practice", "certification"]
MOOD_LADDER = ("calm", "patient", "annoyed", "angry")  # better → worse
AUTO_FAIL_RULES = ("disclose_before_identity", "ask_card_password", "ask_cvc", "ask_rrn_back", "promise_forbidden",
                   "forbidden_phrase")
# A scenario's script cannot keep the clock busy forever (the team server replays attempts):
# after this many customer events the customer falls silent.
MAX_EVENTS = 5000

MOOD_LABELS = {"ko": {"calm": "안정", "patient": "보통", "annoyed": "짜증", "angry": "화남"},
               "en": {"calm": "calm", "patient": "patient", "annoyed": "annoyed", "angry": "angry"}}
RULE_LABELS = {
    "ko": {"disclose_before_identity": "본인 확인 전에 계좌 정보를 안내했습니다",
           "ask_card_password": "카드 비밀번호를 요청했습니다",
           "ask_cvc": "카드 CVC를 요청했습니다",
           "ask_rrn_back": "주민등록번호 뒷자리를 요청했습니다",
           "promise_forbidden": "정책상 할 수 없는 약속을 했습니다",
           "forbidden_phrase": "금지된 표현을 사용했습니다"},
    "en": {"disclose_before_identity": "account details were given before the identity check",
           "ask_card_password": "the card PIN was asked for",
           "ask_cvc": "the card's CVC was asked for",
           "ask_rrn_back": "the back digits of the resident registration number were asked for",
           "promise_forbidden": "a promise policy forbids was made",
           "forbidden_phrase": "a forbidden phrase was used"},
}
# How the timeline shows an insert that did not reach the customer.
INSERT_TEXTS = {"ko": {"unsent": "{title} (작성창에만 넣음)", "internal": "{title} (내부 문서: 고객에게 보내지 않음)"},
                "en": {"unsent": "{title} (inserted, not sent)", "internal": "{title} (internal: not sent to the customer)"}}
SYSTEM_TEXTS = {
    "ko": {"mood": "고객 감정: {mood}", "left": "고객이 대화를 떠났습니다", "time_limit": "제한 시간이 지나 세션이 끝났습니다",
           "auto_fail": "자동 불합격: {rule}", "silent": "고객 메시지가 너무 많아 고객이 더 말하지 않습니다"},
    "en": {"mood": "customer mood: {mood}", "left": "the customer left", "time_limit": "the time limit ended the session",
           "auto_fail": "auto-fail: {rule}", "silent": "too many customer messages: the customer says no more"},
}


class SessionEnded(RuntimeError):
    """An action came after the session ended (by the trainee, or at the scenario's time limit)."""


class BudgetExceeded(ValueError):
    """The action would take the attempt past the replay budget (responses.MAX_ACTIONS actions,
    responses.MAX_AGENT_TEXT characters of agent text): the server could not replay it. The
    action is not applied; str() is one line."""


@dataclass(frozen=True)
class CustomerMessage:
    at: float
    text: str
    mood: str
    step: str | None  # the script step that produced it; None for the opening and mood lines


@dataclass(frozen=True)
class TimelineEntry:
    at: float
    who: str   # customer | agent | system
    # customer: opening, message · agent: reply, note, set, article, template, followup, end
    # system: mood, left, auto_fail, time_limit
    kind: str
    text: str

    def to_json(self) -> dict:
        return {"at": round_at(self.at), "who": self.who, "kind": self.kind, "text": mask_pii(self.text)}


@dataclass(frozen=True)
class AutoFail:
    rule: str
    at: float
    text: str  # the offending agent text (masked when shown)

    def to_json(self) -> dict:
        return {"rule": self.rule, "at": round_at(self.at), "text": mask_pii(self.text)}


@dataclass(frozen=True)
class Reply:
    """Something the customer received from the agent."""

    at: float
    kind: str  # reply | article | template
    text: str
    intents: frozenset[str]
    ref: str | None = None


@dataclass
class SessionLog:
    """What scoring reads: everything that happened, in plain values."""

    scenario: Scenario
    mode: str
    ended_at: float = 0.0
    ended_by: str = ""  # trainee | time_limit | caller (end() called)
    timeline: list[TimelineEntry] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)
    fields: dict = field(default_factory=dict)
    solved_at: float | None = None
    end_action_at: float | None = None
    articles: list[tuple[float, str]] = field(default_factory=list)
    templates: list[tuple[float, str]] = field(default_factory=list)
    followups: list[tuple[float, float]] = field(default_factory=list)
    misinformation: list[tuple[float, str]] = field(default_factory=list)
    auto_fail: list[AutoFail] = field(default_factory=list)
    identity_checked_at: float | None = None
    disclosed_before_identity_at: float | None = None
    mood: str = "patient"


def round_at(value: float) -> float:
    """Seconds as shown: one decimal, half up (the same on every platform)."""
    from decimal import ROUND_HALF_UP, Decimal

    return float(Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass
class _Pending:
    at: float
    seq: int
    text: str | None       # None: a silent mood change
    step: str | None
    effect: str | None     # calm | worse | patient | annoyed | angry
    ends: bool = False


_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\.(\w+)\s*(?:\|\s*(won|krw)\s*)?\}\}")


def template_values(scenario: Scenario) -> dict[str, dict[str, object]]:
    """What the headless runner fills a template with: the names services/templates.py gives a
    template (customer, agent, card, order), taken from the persona as the sandbox seeds it.
    The agent is "상담원" / "Agent" (the window uses the trainee's name)."""
    p = scenario.persona
    values: dict[str, dict[str, object]] = {
        "customer": {"name": p.name, "email": p.email, "phone": p.phone, "vip_tier": p.tier, "segment": p.segment},
        "agent": {"name": "상담원" if scenario.language == "ko" else "Agent"},
    }
    cards = [x for x in p.products if x.kind in ("credit_card", "check_card") and x.status == "active"]
    credit = [x for x in cards if x.kind == "credit_card"]
    if cards:
        card = (credit or cards)[0]
        available = (card.limit_amount or 0) - (card.used_amount or 0) if card.limit_amount is not None else None
        values["card"] = {"name": card.name, "kind": card.kind, "account_last4": card.account_last4, "status": card.status,
                          "limit_amount": card.limit_amount, "used_amount": card.used_amount,
                          "available_amount": available, "available_limit": available}
    if p.orders:
        order = p.orders[0]
        names = [item.name for item in order.items]
        summary = f"{names[0]} 외 {len(names) - 1}건" if len(names) > 1 else (names[0] if names else None)
        values["order"] = {"number": order.number, "status": order.status, "total": order.total, "item_name": summary}
    return values


class Session:
    """One trainee on one scenario. Call start() first (act/advance do it if needed).

    ``log`` (a SessionLog) is what happened so far, in plain values; scoring reads it."""

    def __init__(self, scenario: Scenario, mode: Mode = "practice"):
        if mode not in ("practice", "certification"):
            raise ValueError(f"unknown mode {mode!r}")
        self.scenario = scenario
        self.mode: str = mode
        self.now = 0.0
        self.mood: str = scenario.mood.start
        self.ended = False
        self.ended_at: float | None = None
        self._started = False
        self._actions: list[Action] = []
        self._pending: list[_Pending] = []
        self._seq = 0
        self._fired: dict[str, int] = {}
        self._idle_done: dict[str, float] = {}   # idle step id → the customer message time it fired for
        self._after_done: set[str] = set()
        self._waiting_since: float | None = None  # last customer message not answered yet
        self._left = False
        self._lines = {"annoyed": 0, "angry": 0, "calm": 0}
        self._out: list[CustomerMessage] = []
        self._card: Scorecard | None = None
        self._events = 0
        self._lang = scenario.language
        self._budget = Budget(scenario)
        self.log = SessionLog(scenario, mode, mood=self.mood)

    # --- public -------------------------------------------------------------------------------

    @property
    def hints(self) -> list[str]:
        """The scenario's hints; none in certification mode."""
        return [] if self.mode == "certification" else list(self.scenario.hints)

    @property
    def transcript(self) -> list[TimelineEntry]:
        return list(self.log.timeline)

    @property
    def actions(self) -> list[Action]:
        return list(self._actions)

    def start(self) -> list[CustomerMessage]:
        """The opening message at t=0 (once; later calls return [])."""
        if self._started:
            return []
        self._started = True
        self._say(0.0, self.scenario.opening.text, None, kind="opening")
        return self._take()

    def advance(self, t: float) -> list[CustomerMessage]:
        """Moves the clock to ``t`` (never back) and returns the customer's messages that fell due.
        Reaching the scenario's time limit ends the session."""
        _finite(t)
        self.start()
        if self.ended:
            return self._take()
        self._run_until(max(t, self.now))
        return self._take()

    def act(self, action: Action) -> list[CustomerMessage]:
        """Applies one trainee action at ``action.at`` (>= now) and returns the customer's messages
        due by then (those due exactly at that time with a zero delay included)."""
        _finite(action.at)
        if action.do not in ACTIONS:
            raise ValueError(f"unknown action {action.do!r}")
        self.start()
        if action.at < self.now:
            raise ValueError(f"action at {action.at:g} s is before the session's clock ({self.now:g} s)")
        over = self._budget.problem(action)
        if over is not None:
            raise BudgetExceeded(over)
        self._run_until(action.at)
        if self.ended:
            raise SessionEnded(f"the session ended at {self.ended_at:g} s")
        self._check(action)
        self._budget.add(action)
        self._actions.append(action)
        handler = getattr(self, f"_do_{action.do}")
        handler(action)
        if not self.ended:
            self._run_until(action.at)
        return self._take()

    def end(self, t: float) -> Scorecard:
        """Ends the session at ``t`` (or where it already ended) and returns the Scorecard. Idempotent."""
        from agentdesk.simulation.scoring import score

        _finite(t)
        self.start()
        if not self.ended:
            self._run_until(max(t, self.now))
            if not self.ended:
                self._finish(self.now, "caller")
        if self._card is None:
            self._card = score(self.scenario, self.log)
        return self._card

    def record(self) -> dict:
        """What an attempt stores: enough for runner.replay to recompute the scorecard."""
        return {"scenario": self.scenario.id, "scenario_sha256": self.scenario.sha256(), "mode": self.mode,
                "actions": [a.to_dict() for a in self._actions], "ended_at": self.ended_at}

    # --- the clock ----------------------------------------------------------------------------

    def _next_event(self) -> tuple[float, int, int] | None:
        """(time, order, index) of the next timed event; order: 0 message, 1 after, 2 idle, 3 patience."""
        best: tuple[float, int, int] | None = None

        def consider(candidate: tuple[float, int, int]) -> None:
            nonlocal best
            if best is None or candidate < best:
                best = candidate

        if self._pending:
            p = min(self._pending, key=lambda p: (p.at, p.seq))
            consider((p.at, 0, p.seq))
        if self._left:
            return best
        for i, step in enumerate(self.scenario.script):
            kind = step.when.kind
            # A step that became eligible late (its after_step fired after the moment) fires now:
            # eligibility changes only at an event or an action, and the clock is there then.
            if kind == "after" and step.id not in self._after_done and self._eligible(step):
                consider((max(self.now, float(step.when.after or 0.0)), 1, i))
            elif kind == "idle" and self._waiting_since is not None and self._eligible(step) \
                    and self._idle_done.get(step.id) != self._waiting_since:
                consider((max(self.now, self._waiting_since + float(step.when.idle or 0.0)), 2, i))
        if self._patience_runs():
            assert self._waiting_since is not None
            consider((self._waiting_since + self.scenario.mood.patience, 3, 0))
        return best

    def _patience_runs(self) -> bool:
        return (self._waiting_since is not None and not self._left and self.mood != "angry"
                and self.log.fields.get("status") not in ("solved", "closed"))

    def _run_until(self, t: float) -> None:
        limit = self.scenario.time_limit
        while True:
            nxt = self._next_event()
            if nxt is None or nxt[0] > min(t, limit):
                break
            when, order, index = nxt
            self.now = max(self.now, when)
            self._events += 1
            if self._events > MAX_EVENTS and not self._left:
                self._left = True
                self._pending.clear()
                self._system(when, "silent")
                continue
            if order == 0:
                pending = next(p for p in self._pending if p.seq == index)
                self._pending.remove(pending)
                self._deliver(pending)
            elif order == 1:
                step = self.scenario.script[index]
                self._after_done.add(step.id)
                self._fire(step, when)
            elif order == 2:
                step = self.scenario.script[index]
                assert self._waiting_since is not None
                self._idle_done[step.id] = self._waiting_since
                self._fire(step, when)
            else:
                self._lose_patience(when)
        if t >= limit:
            self.now = max(self.now, limit)
            self._finish(limit, "time_limit")
        else:
            self.now = max(self.now, t)

    def _finish(self, t: float, by: str) -> None:
        if self.ended:
            return
        self.ended = True
        self.ended_at = t
        self.log.ended_at = t
        self.log.ended_by = by
        self.log.mood = self.mood
        if by == "time_limit":
            self._system(t, "time_limit")
        self._pending.clear()

    # --- the customer -------------------------------------------------------------------------

    def _eligible(self, step: Step) -> bool:
        if self._left:
            return False
        if not step.repeat and self._fired.get(step.id):
            return False
        return step.after_step is None or bool(self._fired.get(step.after_step))

    def _fire(self, step: Step, t: float) -> None:
        self._fired[step.id] = self._fired.get(step.id, 0) + 1
        self._schedule(t + step.effective_delay, step.say, step.id, step.effective_mood, step.ends)

    def _schedule(self, at: float, text: str | None, step: str | None, effect: str | None, ends: bool = False) -> None:
        self._seq += 1
        self._pending.append(_Pending(at, self._seq, text, step, effect, ends))

    def _deliver(self, p: _Pending) -> None:
        if self._left:
            return
        if p.effect:
            self._set_mood(p.at, _apply(self.mood, p.effect))
        if p.text is not None:
            self._say(p.at, p.text, p.step)
        if p.step is not None:
            for step in self.scenario.script:
                if step.when.step == p.step and self._eligible(step):
                    self._fire(step, p.at)
        if p.ends:
            self._left = True
            self._pending.clear()
            self._system(p.at, "left")

    def _say(self, at: float, text: str, step: str | None, kind: str = "message") -> None:
        self._note(at, "customer", kind, text)
        self._out.append(CustomerMessage(at, text, self.mood, step))
        self._waiting_since = at

    def _lose_patience(self, at: float) -> None:
        worse = _apply(self.mood, "worse")
        self._set_mood(at, worse)
        lines = getattr(self.scenario.mood, worse, None) if worse in ("annoyed", "angry") else None
        if lines:
            self._say(at, lines[self._lines[worse] % len(lines)], None)
            self._lines[worse] += 1
        else:
            self._waiting_since = at  # a silent change restarts the timer too

    def _set_mood(self, at: float, mood: str) -> None:
        if mood != self.mood:
            self.mood = mood
            self.log.mood = mood
            self._system(at, "mood", mood=MOOD_LABELS[self._lang][mood])

    def _take(self) -> list[CustomerMessage]:
        out, self._out = self._out, []
        return out

    def _note(self, at: float, who: str, kind: str, text: str) -> None:
        self.log.timeline.append(TimelineEntry(at, who, kind, text))

    def _system(self, at: float, kind: str, **values: str) -> None:
        self._note(at, "system", kind, SYSTEM_TEXTS[self._lang][kind].format(**values))

    # --- the trainee --------------------------------------------------------------------------

    def _check(self, action: Action) -> None:
        if action.do == "article" and self.scenario.article(action.id or "") is None:
            raise ValueError(f"no article {action.id!r} in scenario {self.scenario.id}")
        if action.do == "template" and self.scenario.template(action.id or "") is None:
            raise ValueError(f"no template {action.id!r} in scenario {self.scenario.id}")
        if not action.sent and action.do not in INSERTS:
            raise ValueError(f"sent=False applies only to an article or template insert, not to {action.do!r}")

    def _do_reply(self, action: Action) -> None:
        text = action.text or ""
        self._note(action.at, "agent", "reply", text)
        self._on_reply(action.at, "reply", text, None)

    def _do_note(self, action: Action) -> None:
        self._note(action.at, "agent", "note", action.text or "")

    def _do_article(self, action: Action) -> None:
        article = self.scenario.article(action.id or "")
        assert article is not None
        self.log.articles.append((action.at, article.id))
        if article.internal or not action.sent:
            # Usage only: an agents' guide never reaches the customer; an unsent insert sits in
            # the composer (what the trainee then sends is a reply of its own).
            shown = INSERT_TEXTS[self._lang]["internal" if article.internal else "unsent"]
            self._note(action.at, "agent", "article", shown.format(title=article.title))
            return
        self._note(action.at, "agent", "article", article.title)
        self._on_reply(action.at, "article", article.body or article.title, article.id)

    def _do_template(self, action: Action) -> None:
        template = self.scenario.template(action.id or "")
        assert template is not None
        self.log.templates.append((action.at, template.id))
        if not action.sent:
            self._note(action.at, "agent", "template", INSERT_TEXTS[self._lang]["unsent"].format(title=template.title))
            return
        body = self._fill(template.body or template.title)
        self._note(action.at, "agent", "template", template.title)
        self._on_reply(action.at, "template", body, template.id)

    def _do_set(self, action: Action) -> None:
        changed = dict(action.fields or {})
        self.log.fields.update(changed)
        shown = ", ".join(f"{k}={','.join(v) if isinstance(v, list) else v}" for k, v in changed.items())
        self._note(action.at, "agent", "set", shown)
        if changed.get("status") in ("solved", "closed") and self.log.solved_at is None:
            self.log.solved_at = action.at
        for step in self.scenario.script:
            match = step.when.field
            if match is None or not self._eligible(step):
                continue
            given = match.model_dump(exclude_none=True)
            touched = {"tag" if k == "tags" else k for k in changed}
            if not touched & set(given):
                continue
            if all(self._field_is(k, v) for k, v in given.items()):
                self._fire(step, action.at)
                break

    def _field_is(self, key: str, value: str) -> bool:
        if key == "tag":
            return value in (self.log.fields.get("tags") or [])
        return self.log.fields.get(key) == value

    def _do_followup(self, action: Action) -> None:
        due = float(action.due or 0.0)
        self.log.followups.append((action.at, due))
        self._note(action.at, "agent", "followup", f"due {round_at(due):g} s")

    def _do_end(self, action: Action) -> None:
        self.log.end_action_at = action.at
        self._note(action.at, "agent", "end", "")
        self._finish(action.at, "trainee")

    def _fill(self, body: str) -> str:
        """The headless stand-in for the template engine: ``{{ name.field }}`` and
        ``{{ name.field | won }}`` / ``| krw`` from template_values(); anything else stays as written."""
        values = template_values(self.scenario)

        def sub(m: re.Match[str]) -> str:
            value = values.get(m.group(1), {}).get(m.group(2))
            if value is None:
                return m.group(0)
            if m.group(3) and isinstance(value, int):
                return f"{value:,}원" if m.group(3) == "won" else f"₩{value:,}"
            return str(value)

        return _PLACEHOLDER.sub(sub, body)

    def _on_reply(self, at: float, kind: str, text: str, ref: str | None) -> None:
        expect = self.scenario.expect
        said = phrases.Said(text)
        intents = frozenset(phrases.intents_in(said))
        self.log.replies.append(Reply(at, kind, text, intents, ref))
        # Auto-fail rules (always on).
        if self.log.identity_checked_at is None:
            hit = phrases.matches_any(said, expect.identity_before)
            if hit is not None:
                self._fail("disclose_before_identity", at, text)
                if self.log.disclosed_before_identity_at is None:
                    self.log.disclosed_before_identity_at = at
        for rule in ("ask_card_password", "ask_cvc", "ask_rrn_back"):
            if rule in intents:
                self._fail(rule, at, text)
        if phrases.says_unnegated(said, expect.forbidden_promises) is not None:
            self._fail("promise_forbidden", at, text)
        if phrases.says_unnegated(said, expect.forbidden) is not None:
            self._fail("forbidden_phrase", at, text)
        if "identity_check" in intents and self.log.identity_checked_at is None:
            self.log.identity_checked_at = at
        # Misinformation counts whether or not its step still answers.
        for step in self.scenario.script:
            if step.when.wrong:
                hit = phrases.matches_any(said, step.when.wrong)
                if hit is not None:
                    self.log.misinformation.append((at, hit))
        # The customer has an answer now.
        self._waiting_since = None
        answered = self._answer(at, kind, said, intents, ref)
        if not answered and self.mood in ("annoyed", "angry") and intents & {"apology", "empathy"} and not self._left:
            lines = self.scenario.mood.calm
            line = None
            if lines:
                line = lines[self._lines["calm"] % len(lines)]
                self._lines["calm"] += 1
            self._schedule(at + 10.0, line, None, "calm")

    def _answer(self, at: float, kind: str, said: phrases.Said, intents: frozenset[str], ref: str | None) -> bool:
        for step in self.scenario.script:
            if not self._eligible(step):
                continue
            when = step.when
            hit = ((when.intent is not None and when.intent in intents)
                   or (when.keywords is not None and phrases.matches_any(said, when.keywords) is not None)
                   or (when.wrong is not None and phrases.matches_any(said, when.wrong) is not None)
                   or (when.article is not None and kind == "article" and when.article == ref)
                   or (when.template is not None and kind == "template" and when.template == ref))
            if hit:
                self._fire(step, at)
                return True
        return False

    def _fail(self, rule: str, at: float, text: str) -> None:
        self.log.auto_fail.append(AutoFail(rule, at, text))
        self._system(at, "auto_fail", rule=RULE_LABELS[self._lang][rule])


def _finite(t: float) -> None:
    if isinstance(t, bool) or not isinstance(t, int | float) or not math.isfinite(t):
        raise ValueError(f"a time must be a finite number of seconds, not {t!r}")


def _apply(mood: str, effect: str) -> str:
    """A mood after an effect: calm = one step better, worse = one step worse, or a mood by name."""
    i = MOOD_LADDER.index(mood)
    if effect == "calm":
        return MOOD_LADDER[max(0, i - 1)]
    if effect == "worse":
        return MOOD_LADDER[min(len(MOOD_LADDER) - 1, i + 1)]
    return effect
