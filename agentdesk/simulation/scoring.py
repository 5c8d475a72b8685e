"""The scorecard: rubric items with points and why, auto-fails, the timeline, suggestions.

``score(scenario, log)`` is a pure function of what the session logged; the texts are in the
scenario's language (ko or en). Points per item = weight × the fraction achieved, shown to one
decimal; the score is the rounded (half up) percentage of the summed points over the summed
weights. passed ⇔ no auto-fail and score >= pass_score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from agentdesk.services.pii import mask_pii
from agentdesk.simulation.engine import MOOD_LABELS, RULE_LABELS, AutoFail, SessionLog, TimelineEntry
from agentdesk.simulation.josa import josa
from agentdesk.simulation.scenario import RubricItem, Scenario


@dataclass(frozen=True)
class Item:
    id: str
    label: str
    points: float
    max: float
    why: str

    def to_json(self) -> dict:
        return {"id": self.id, "label": mask_pii(self.label), "points": self.points, "max": self.max, "why": mask_pii(self.why)}


@dataclass(frozen=True)
class Scorecard:
    scenario: str
    title: str
    mode: str
    passed: bool
    score: int
    auto_fail: list[AutoFail] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        """Exactly the documented keys, in this order (docs/scenarios.md, "Scorecard")."""
        return {
            "scenario": self.scenario,
            "title": mask_pii(self.title),
            "mode": self.mode,
            "passed": self.passed,
            "score": self.score,
            "auto_fail": [a.to_json() for a in self.auto_fail],
            "items": [i.to_json() for i in self.items],
            "timeline": [t.to_json() for t in self.timeline],
            "suggestions": [mask_pii(s) for s in self.suggestions],
        }


def _half_up(value: float, places: str) -> Decimal:
    return Decimal(repr(float(value))).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def duration(seconds: float, lang: str) -> str:
    """"3분 40초" / "3 min 40 s" (whole seconds; hours when it is that long)."""
    total = int(_half_up(max(0.0, seconds), "1"))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    if lang == "ko":
        parts = [f"{h}시간" if h else "", f"{m}분" if m else "", f"{s}초" if s or not (h or m) else ""]
    else:
        parts = [f"{h} h" if h else "", f"{m} min" if m else "", f"{s} s" if s or not (h or m) else ""]
    return " ".join(p for p in parts if p)


INTENT_LABELS = {
    "ko": {"greeting": "인사", "identity_check": "본인 확인", "closing": "마무리 인사", "apology": "사과", "empathy": "공감",
           "escalation": "상위 부서 이관", "transfer_phone": "전화 전환", "warning": "경고 안내", "end_contact": "상담 종료",
           "ask_card_password": "카드 비밀번호 요청", "ask_cvc": "CVC 요청", "ask_rrn_back": "주민번호 뒷자리 요청"},
    "en": {"greeting": "greeting", "identity_check": "identity check", "closing": "closing", "apology": "apology",
           "empathy": "empathy", "escalation": "escalation", "transfer_phone": "move to phone", "warning": "abuse warning",
           "end_contact": "ending the contact", "ask_card_password": "asking for the card PIN", "ask_cvc": "asking for the CVC",
           "ask_rrn_back": "asking for the resident number's back digits"},
}


class _Judge:
    """Each check: (fraction achieved 0..1, why)."""

    def __init__(self, scenario: Scenario, log: SessionLog):
        self.s, self.log = scenario, log
        self.ko = scenario.language == "ko"
        self.lang = "ko" if self.ko else "en"

    def t(self, ko: str, en: str) -> str:
        return ko if self.ko else en

    def d(self, seconds: float) -> str:
        return duration(seconds, self.lang)

    def said(self, intent: str) -> tuple[float, str]:
        label = INTENT_LABELS[self.lang][intent]
        at = next((r.at for r in self.log.replies if intent in r.intents), None)
        if at is None:
            return 0.0, self.t(f"'{label}' 표현이 없었습니다", f"no {label}")
        return 1.0, self.t(f"'{label}' 표현 사용 ({self.d(at)} 시점)", f"{label} at {self.d(at)}")

    @staticmethod
    def _timed(value: float | None, target: float) -> float:
        if value is None:
            return 0.0
        if value <= target:
            return 1.0
        return 0.5 if value <= 2 * target else 0.0

    def first_reply(self) -> tuple[float, str]:
        target = float(self.s.expect.first_reply_within or 0.0)
        at = self.log.replies[0].at if self.log.replies else None
        if at is None:
            return 0.0, self.t(f"응답 없음; 목표 {self.d(target)}", f"no reply; target {self.d(target)}")
        return self._timed(at, target), self.t(f"첫 응답 {self.d(at)}; 목표 {self.d(target)}",
                                               f"first reply after {self.d(at)}; target {self.d(target)}")

    def resolved_at(self) -> float | None:
        return self.log.solved_at if self.log.solved_at is not None else self.log.end_action_at

    def resolve_time(self) -> tuple[float, str]:
        target = float(self.s.expect.resolve_within or 0.0)
        at = self.resolved_at()
        if at is None:
            return 0.0, self.t(f"해결하지 않음; 목표 {self.d(target)}", f"not resolved; target {self.d(target)}")
        return self._timed(at, target), self.t(f"해결까지 {self.d(at)}; 목표 {self.d(target)}",
                                               f"resolved after {self.d(at)}; target {self.d(target)}")

    def _inserted(self, used: list[tuple[float, str]], expected: list[str], titles: dict[str, str], what_ko: str,
                  what_en: str) -> tuple[float, str]:
        hit = next(((at, ref) for at, ref in used if ref in expected), None)
        if hit is not None:
            return 1.0, self.t(f"{what_ko} '{titles[hit[1]]}' 사용 ({self.d(hit[0])} 시점)",
                               f"used the {what_en} '{titles[hit[1]]}' at {self.d(hit[0])}")
        names = ", ".join(f"'{titles[e]}'" for e in expected)
        return 0.0, self.t(f"맞는 {josa(what_ko, '을')} 쓰지 않았습니다: {names}", f"the fitting {what_en} was not used: {names}")

    def article(self) -> tuple[float, str]:
        titles = {a.id: a.title for a in self.s.knowledge}
        return self._inserted(self.log.articles, self.s.expect.articles, titles, "문서", "article")

    def template(self) -> tuple[float, str]:
        titles = {t.id: t.title for t in self.s.templates}
        return self._inserted(self.log.templates, self.s.expect.templates, titles, "템플릿", "template")

    def _first(self, intent: str) -> tuple[int, float] | None:
        """(index, time) of the first reply that says ``intent``."""
        return next(((i, r.at) for i, r in enumerate(self.log.replies) if intent in r.intents), None)

    def before(self, first: str, then: str) -> tuple[float, str]:
        """``first`` said, and in an earlier reply than ``then`` (if ``then`` is said at all)."""
        la, lb = INTENT_LABELS[self.lang][first], INTENT_LABELS[self.lang][then]
        a, b = self._first(first), self._first(then)
        if a is None and b is None:
            return 0.0, self.t(f"'{la}' 표현이 없었습니다", f"no {la}")
        if a is None:
            assert b is not None
            return 0.0, self.t(f"{la} 없이 {lb} ({self.d(b[1])} 시점)", f"{lb} at {self.d(b[1])} with no {la}")
        if b is None:
            return 1.0, self.t(f"{la} {self.d(a[1])} 시점; {josa(lb, '은')} 없었습니다", f"{la} at {self.d(a[1])}; no {lb}")
        if a[0] < b[0]:
            return 1.0, self.t(f"{josa(la, '을')} {lb}보다 먼저 ({self.d(a[1])} 시점; {lb} {self.d(b[1])} 시점)",
                               f"{la} at {self.d(a[1])}, before {lb} at {self.d(b[1])}")
        if a[0] == b[0]:
            return 0.0, self.t(f"{josa(la, '과')} {josa(lb, '이')} 한 답변에 함께 나왔습니다 ({self.d(a[1])} 시점)",
                               f"{la} and {lb} came in one reply at {self.d(a[1])}")
        return 0.0, self.t(f"{josa(lb, '이')} {la}보다 먼저 나왔습니다 ({lb} {self.d(b[1])}, {la} {self.d(a[1])} 시점)",
                           f"{lb} at {self.d(b[1])} came before the {la} at {self.d(a[1])}")

    FIELD_LABELS = {"ko": {"category": "카테고리", "status": "상태", "priority": "우선순위", "tags": "태그"},
                    "en": {"category": "category", "status": "status", "priority": "priority", "tags": "tags"}}

    def field(self, name: str) -> tuple[float, str]:
        """One expected field (field:NAME): right at the end; tags: the share of the expected tags."""
        label = self.FIELD_LABELS[self.lang][name]
        if name == "tags":
            want_tags = self.s.expect.fields.tags
            have_tags = self.log.fields.get("tags") or []
            missing = [tag for tag in want_tags if tag not in have_tags]
            right, total = len(want_tags) - len(missing), len(want_tags)
            if not missing:
                return 1.0, self.t(f"태그 {total}개 모두 맞음", f"all {total} tags right")
            shown = ", ".join(missing)
            return right / total, self.t(f"태그 {right}/{total} 맞음; 빠짐: {shown}", f"{right} of {total} tags right; missing: {shown}")
        want = str(getattr(self.s.expect.fields, name))
        have = self.log.fields.get(name)
        if have == want:
            return 1.0, self.t(f"{josa(label, '을')} {josa(want, '으로')} 설정", f"{label} set to {want}")
        if have is None:
            return 0.0, self.t(f"{josa(label, '을')} 설정하지 않았습니다; {josa(want, '이')} 맞습니다",
                               f"{label} not set; {want} expected")
        return 0.0, self.t(f"{label} {have}; {josa(want, '이')} 맞습니다", f"{label} is {have}; {want} expected")

    def field_misses(self, skip: frozenset[str] = frozenset()) -> tuple[int, int, list[str]]:
        """(right, total, misses) over the expected fields, leaving out ``skip`` (fields scored by
        field:NAME items of their own)."""
        want = self.s.expect.fields
        have = self.log.fields
        total, right, misses = 0, 0, []
        for key in ("category", "status", "priority"):
            value = getattr(want, key)
            if value is None or key in skip:
                continue
            total += 1
            if have.get(key) == value:
                right += 1
            else:
                misses.append(f"{key}={value}")
        for tag in [] if "tags" in skip else want.tags:
            total += 1
            if tag in (have.get("tags") or []):
                right += 1
            else:
                misses.append(f"tag {tag}")
        return right, total, misses

    def fields(self) -> tuple[float, str]:
        own = frozenset(item.argument for item in self.s.rubric if item.kind == "field")
        right, total, misses = self.field_misses(own)
        if total == 0:
            return 1.0, self.t("설정할 필드 없음", "no fields expected")
        missing = ", ".join(misses)
        if not misses:
            return 1.0, self.t(f"필드 {total}개 모두 맞음", f"all {total} fields right")
        return right / total, self.t(f"필드 {right}/{total} 맞음; 빠짐: {missing}", f"{right} of {total} fields right; missing: {missing}")

    def followup(self) -> tuple[float, str]:
        within = float(self.s.expect.followup.within if self.s.expect.followup else 0.0)
        if not self.log.followups:
            return 0.0, self.t(f"후속 일정 없음; {self.d(within)} 이내 필요", f"no follow-up; one due within {self.d(within)} expected")
        due = min(d for _, d in self.log.followups)
        if due <= within:
            return 1.0, self.t(f"후속 일정 {self.d(due)} 시점으로 예약", f"follow-up due at {self.d(due)}")
        return 0.5, self.t(f"후속 일정이 늦음: {self.d(due)}; 목표 {self.d(within)} 이내",
                           f"follow-up too late: due at {self.d(due)}; within {self.d(within)} expected")

    def identity_first(self) -> tuple[float, str]:
        if self.log.disclosed_before_identity_at is not None:
            at = self.log.disclosed_before_identity_at
            return 0.0, self.t(f"본인 확인 전에 계좌 정보 안내 ({self.d(at)} 시점)",
                               f"account details before the identity check at {self.d(at)}")
        if self.log.identity_checked_at is None:
            return 0.0, self.t("본인 확인을 하지 않았습니다", "no identity check")
        return 1.0, self.t(f"계좌 정보 전에 본인 확인 ({self.d(self.log.identity_checked_at)} 시점)",
                           f"identity checked first, at {self.d(self.log.identity_checked_at)}")

    def mood_end(self) -> tuple[float, str]:
        mood = self.log.mood
        fraction = {"calm": 1.0, "patient": 1.0, "annoyed": 0.5, "angry": 0.0}[mood]
        label = MOOD_LABELS[self.lang][mood]
        return fraction, self.t(f"종료 시 고객 감정: {label}", f"customer at the end: {label}")

    def no_misinformation(self) -> tuple[float, str]:
        if not self.log.misinformation:
            return 1.0, self.t("잘못된 안내 없음", "no misinformation")
        at, phrase = self.log.misinformation[0]
        return 0.0, self.t(f"잘못된 안내: '{phrase}' ({self.d(at)} 시점)", f"misinformation: '{phrase}' at {self.d(at)}")

    def check(self, item: RubricItem) -> tuple[float, str]:
        if item.kind == "said":
            return self.said(item.argument)
        if item.kind == "before":
            first, then = item.argument.split(":")
            return self.before(first, then)
        if item.kind == "field":
            return self.field(item.argument)
        return getattr(self, item.kind)()

    def suggestions(self) -> list[str]:
        s, log, out = self.s, self.log, []
        for rule in dict.fromkeys(a.rule for a in log.auto_fail):
            out.append(self.t(f"자동 불합격: {RULE_LABELS['ko'][rule]}.", f"Auto-fail: {RULE_LABELS['en'][rule]}."))
        if s.expect.articles and not any(ref in s.expect.articles for _, ref in log.articles):
            title = next(a.title for a in s.knowledge if a.id == s.expect.articles[0])
            out.append(self.t(f"'{title}' 문서가 이 문의의 답이었습니다.", f"The article '{title}' would have answered this."))
        if s.expect.templates and not any(ref in s.expect.templates for _, ref in log.templates):
            title = next(t.title for t in s.templates if t.id == s.expect.templates[0])
            out.append(self.t(f"'{title}' 템플릿이 이 답변에 맞았습니다.", f"The template '{title}' fits this answer."))
        said = set().union(*(r.intents for r in log.replies)) if log.replies else set()
        missing = [INTENT_LABELS[self.lang][i] for i in s.expect.required if i not in said]
        if missing:
            out.append(self.t(f"빠진 표현: {', '.join(missing)}.", f"Missing from the replies: {', '.join(missing)}."))
        for item in s.rubric:
            if item.kind == "before" and self.check(item)[0] < 1.0 and any(item.argument.split(":")[1] in r.intents
                                                                          for r in log.replies):
                la, lb = (INTENT_LABELS[self.lang][n] for n in item.argument.split(":"))
                out.append(self.t(f"{lb} 전에 {josa(la, '을')} 먼저 하세요.", f"{la[:1].upper()}{la[1:]} first, then {lb}."))
        if s.expect.first_reply_within is not None:
            first = log.replies[0].at if log.replies else None
            if first is None or first > s.expect.first_reply_within:
                out.append(self.t(f"첫 응답은 {self.d(s.expect.first_reply_within)} 안에 하세요.",
                                  f"Reply first within {self.d(s.expect.first_reply_within)}."))
        _, _, misses = self.field_misses()
        if misses:
            out.append(self.t(f"티켓 필드를 설정하세요: {', '.join(misses)}.", f"Set the ticket's fields: {', '.join(misses)}."))
        if s.expect.followup is not None and not any(d <= s.expect.followup.within for _, d in log.followups):
            out.append(self.t(f"{self.d(s.expect.followup.within)} 안에 후속 일정을 잡으세요.",
                              f"Schedule a follow-up within {self.d(s.expect.followup.within)}."))
        if log.misinformation:
            out.append(self.t("안내 전에 문서로 사실을 확인하세요.", "Check the facts in the knowledge base before answering."))
        if log.mood in ("annoyed", "angry"):
            out.append(self.t("고객을 오래 기다리게 하지 말고, 사과와 공감으로 응대하세요.",
                              "Do not keep the customer waiting; answer with an apology and empathy."))
        return out


def score(scenario: Scenario, log: SessionLog) -> Scorecard:
    judge = _Judge(scenario, log)
    items: list[Item] = []
    got = Decimal(0)
    most = Decimal(0)
    for item in scenario.rubric:
        fraction, why = judge.check(item)
        points = Decimal(item.weight) * Decimal(repr(fraction))
        got += points
        most += item.weight
        items.append(Item(item.id, item.label, float(_half_up(float(points), "0.1")), float(item.weight), why))
    value = int((got * 100 / most).quantize(Decimal("1"), rounding=ROUND_HALF_UP)) if most else 0
    passed = not log.auto_fail and value >= scenario.pass_score
    return Scorecard(scenario.id, scenario.title, log.mode, passed, value, list(log.auto_fail), items, list(log.timeline),
                     judge.suggestions())
