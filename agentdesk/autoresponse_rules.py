"""FAQ auto-response (자동 응답, issue 14): the rules, in one place. The gateway's
services (services/autoresponse.py), the team server's ``autoresponse.save`` handler
and the supervisor's Auto-response tab all ask these.

- Settings, per team and channel: on or off, a confidence threshold, the article
  categories it may answer (``check_settings``), changed by a lead of the team or an
  admin (``check_settings_write``).
- Whether an inbound message may be answered at all (``eligibility``): never for VIP
  customers, never on urgent words (분실, 도난, 부정사용 … ``URGENT_WORDS``), never for an
  auto-submitted message (Auto-Submitted, Precedence: bulk, our own mail: the channel
  sets ``Inbound.auto_submitted``), and at most one automatic answer per ticket (no
  loops: a customer's follow-up on an auto-answered ticket goes to a person).
- Whether a customer's reply says the answer did not help (``says_not_helped``):
  "해결이 안 됐어요", "여전히 안 돼요", "didn't help", "still not working", … spacing- and
  ending-insensitive, and not fooled by "해결됐어요" or "it's not that it didn't help".
- A confidence in [0, 1] for the knowledge search's best article (``confidence``):
  how strong the best hit is and how far it stands above the runner-up. Calibrated on
  benchmarks/data/autoresponse_labelled.jsonl (benchmarks/bench_autoresponse.py; the
  measured precision at each threshold is in ``PRECISION_AT``, which the tab shows).

Pure: no Qt, no database.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from agentdesk.models import CHANNELS, PRIORITIES, PRIORITY_RANK
from agentdesk.rules import RuleError

# --- settings ----------------------------------------------------------------------------
# The default threshold (benchmarks/README.md, "FAQ auto-response"): precision 0.967 and
# coverage 0.545 on the labelled set. The lowest threshold with precision ≥ 0.95 is 0.50
# (0.952), one wrong answer from falling below it; 0.60 keeps a margin, since a wrong
# automatic answer costs more than a slow right one.
DEFAULT_THRESHOLD = 0.60
MIN_THRESHOLD, MAX_THRESHOLD = 0.30, 0.99
MAX_CATEGORIES = 64
MAX_CATEGORY_CHARS = 64
SETTINGS_FIELDS = frozenset({"team_id", "channel", "enabled", "threshold", "categories"})

# Customers who always get a person (the demo's "VIP 고객 응대 원칙": VIP and gold tiers).
NO_AUTO_TIERS = frozenset({"vip", "gold"})

# An automatic answer is an answer "at once": a message older than this when the gateway
# takes it in (a first start on a mailbox with years of mail, a gateway that was down for
# days, an import) waits for a person instead of getting a surprise answer weeks later.
STALE_AFTER_SECONDS = 24 * 3600

TAG_ANSWERED = "auto-answered"
TAG_FAILED = "auto-answer-failed"
AUTHOR_KO, AUTHOR_EN = "자동 응답", "Automatic answer"

_NS = uuid.UUID("6f1d2c1e-5a0b-4b7e-9a7c-0d3c2a1e4b14")


def settings_id(team_id: uuid.UUID, channel: str) -> uuid.UUID:
    """The id of a team's settings for one channel: derived, so a desk and the server name
    the same row and two saves can never make two rows."""
    return uuid.uuid5(_NS, f"autoresponse:{team_id}:{channel}")


@dataclass(frozen=True)
class Settings:
    enabled: bool = False
    threshold: float = DEFAULT_THRESHOLD
    categories: tuple[str, ...] = ()  # empty: nothing may be answered

    def to_json(self) -> dict:
        return {"enabled": self.enabled, "threshold": self.threshold, "categories": list(self.categories)}


def check_channel(channel) -> str:
    if not isinstance(channel, str) or channel not in CHANNELS:
        raise RuleError(code="autoresponse.channel", channel=repr(str(channel)[:40]),
                        allowed=", ".join(str(c) for c in CHANNELS))
    return channel


def check_threshold(value) -> float:
    """A number from MIN_THRESHOLD to MAX_THRESHOLD (below it, a guess would be answered)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or not MIN_THRESHOLD <= value <= MAX_THRESHOLD:
        raise RuleError(code="autoresponse.threshold", least=f"{MIN_THRESHOLD:.2f}", most=f"{MAX_THRESHOLD:.2f}")
    return round(float(value), 2)


def check_categories(value) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)) or len(value) > MAX_CATEGORIES:
        raise RuleError(code="autoresponse.categories", most=MAX_CATEGORIES)
    out: dict[str, None] = {}
    for c in value:
        if not isinstance(c, str) or not c.strip() or len(c) > MAX_CATEGORY_CHARS or any(ord(ch) < 32 for ch in c):
            raise RuleError(code="autoresponse.category", most=MAX_CATEGORY_CHARS)
        out.setdefault(c.strip(), None)
    return tuple(sorted(out))


def check_settings(enabled, threshold, categories) -> Settings:
    """Settings as a desk or a hostile push sends them, validated (one coded line each)."""
    if not isinstance(enabled, bool):
        raise RuleError(code="autoresponse.enabled")
    return Settings(enabled, check_threshold(threshold), check_categories(categories))


def read_settings(enabled, threshold, categories) -> Settings:
    """A stored row as settings; anything unreadable reads as off (never a wrong answer)."""
    try:
        return check_settings(bool(enabled), float(threshold), list(categories or ()))
    except (RuleError, TypeError, ValueError):
        return Settings()


def check_settings_write(actor_role: str, actor_team_id: uuid.UUID | None, team_id: uuid.UUID | None) -> None:
    """A team's auto-response is set by a lead of that team, or an admin."""
    if actor_role == "admin":
        return
    if actor_role != "lead" or team_id is None or actor_team_id != team_id:
        raise RuleError(code="autoresponse.leads_only")


# --- text normalising ----------------------------------------------------------------------
_SPACE_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
# Spelling and ending variants that mean the same: 됬 (a common misspelling of 됐),
# 되었 (the long form), 돼 (되어): all compared as 됐 / 되.
_VARIANTS = (("됬", "됐"), ("되었", "됐"), ("돼", "되"), ("않았", "않"), ("않아", "않"))


def compact(text: str) -> str:
    """Lower-case, no spaces or punctuation, spelling variants folded: '해결이 안 됬어요!'
    and '해결이안됐어요' read alike (Korean spacing is famously inconsistent)."""
    s = _SPACE_PUNCT.sub("", (text or "")[:4000].lower())
    for a, b in _VARIANTS:
        s = s.replace(a, b)
    return s


# --- urgent words --------------------------------------------------------------------------
# Never answered automatically, whatever the article: the customer may be losing money
# now. Compared compacted (spacing and endings do not matter: '분실했어요', '도난 당함',
# '부정 사용'). Extend here; keep words that are urgent on their own.
URGENT_WORDS: tuple[str, ...] = (
    "분실", "도난", "부정사용", "도용", "잃어버", "잃어버렸", "훔쳐", "도둑", "해킹", "명의도용", "보이스피싱", "피싱",
    "사기당", "사기를당", "사기꾼", "사기결제", "결제한적없", "결제한적이없", "내가결제안한", "제가결제안한", "모르는결제", "승인된적없",
    "lostcard", "lostmycard", "cardwaslost", "cardlost", "stolen", "fraud", "unauthorised", "unauthorized",
    "hacked", "scam", "phishing", "ididntmake", "ididnotmake", "didntauthori", "didnotauthori",
    "dontrecogni", "donotrecogni", "didntrecogni",
)
# Compared compacted, so a word must not hide across word boundaries: '사기' alone is in
# '심사 기준' ('심사기준'); only its unambiguous forms are listed.


def urgent_word(text: str, words: Iterable[str] = URGENT_WORDS) -> str | None:
    """The first urgent word the text holds (compacted), or None."""
    s = compact(text)
    for w in words:
        if compact(w) in s:
            return w
    return None


# --- several questions, one customer's own records -----------------------------------------
# A message that asks several things gets a person (one article answers one question):
# an enumeration ('1. … 2. …'), or words that say so.
_ENUMERATED = re.compile(r"(?:^|\s)(?:[1-9][.)](?!\d)|[-•·*])\s*\S", re.MULTILINE)
MULTI_WORDS = ("두가지", "세가지", "여러가지", "몇가지", "둘다", "그리고또", "또한", "andalso", "alsohow", "alsowhat",
               "severalquestions", "acoupleofquestions", "twoquestions")
# Asking us to look something up in their own records (an order, a balance, their case):
# no article answers that. Order numbers, long digit runs, "check mine for me".
_ACCOUNT_REF = re.compile(r"\bORD-\d|\d{6,}|\b[A-Z]{2,5}-\d{4,}", re.IGNORECASE)
ACCOUNT_WORDS = ("확인해주세요", "확인해주실", "확인부탁", "조회해주세요", "조회해주실", "알아봐주", "제건", "제주문",
                 "내주문", "제대출잔액", "바꿔주세요", "변경해주세요", "해지해주세요", "취소해주세요",
                 "canyoucheck", "pleasecheck", "mycase", "myorderno", "exactlywhere", "exactlyhow")


def asks_several(text: str) -> bool:
    """Whether the message asks several questions (an enumeration, or says so)."""
    if len(_ENUMERATED.findall(text or "")) >= 2:
        return True
    s = compact(text)
    return any(w in s for w in MULTI_WORDS)


def about_own_records(text: str) -> bool:
    """Whether the message asks us to look up or change the customer's own records."""
    if _ACCOUNT_REF.search(text or ""):
        return True
    s = compact(text)
    return any(w in s for w in ACCOUNT_WORDS)


# --- "it did not help" -------------------------------------------------------------------
# Compacted phrases that say the answer did not solve it.
NOT_HELPED: tuple[str, ...] = (
    "해결이안됐", "해결안됐", "해결이안되", "해결안되", "해결이되지않", "해결되지않", "해결이안된", "해결못",
    "도움이안됐", "도움안됐", "도움이안되", "도움안되", "도움이되지않", "도움되지않", "도움이안된", "도움이전혀",
    "여전히안", "여전히같은", "여전히오류", "여전히문제", "아직도안", "아직안되", "그래도안", "계속안되", "똑같이안",
    "마찬가지", "소용없", "소용이없", "안내대로했는데", "말씀대로했는데", "시키는대로했는데", "답변이틀", "엉뚱한답",
    "관련없는답", "원하는답이아니", "이답변말고",
    # Tried it and it still fails; asks for a person instead of the automatic answer.
    "해봤는데안", "해봤는데도안", "했는데도안", "했는데안되", "했는데안돼", "그래도문제", "상담원연결", "상담원과연결",
    "상담원이랑연결", "상담원과통화", "상담원이랑통화", "상담사연결", "상담사와연결", "사람과연결", "사람이랑연결",
    "직원과연결", "직원연결",
    "talktoahuman", "talktoaperson", "talktoanagent", "speaktoahuman", "speaktoaperson", "speaktoanagent",
    "realperson",
    "didnthelp", "didnothelp", "doesnthelp", "doesnothelp", "nothelpful", "wasnthelpful", "notveryhelpful",
    "stillnotworking", "stilldoesntwork", "stilldoesnotwork", "stilldontwork", "stillnotwork", "stillcant",
    "stillcannot", "stillbroken", "stillhaving", "stillthesame", "stillgetting", "stillwaiting",
    "didntsolve", "didnotsolve", "doesntsolve", "notsolved", "notresolved", "didntwork", "didnotwork",
    "didntanswer", "didnotanswer", "wronganswer", "notwhatiasked",
)
# Right after a phrase: it was a condition or a double negative, not a complaint
# ('해결이 안 되면 어떻게 하나요', '도움이 안 된 건 아니고', '상담원 연결 없이 해결됐어요').
_CANCEL_AFTER = ("면", "건아니", "것은아니", "게아니", "것아니", "거아니", "건아닌", "지는않", "진않", "없이", "필요없",
                 "안해도")
# Shortly before a phrase: the same in English ("it's not that it didn't help", "if it
# still doesn't work").
_CANCEL_BEFORE = ("notthat", "ifit", "incaseit", "ifthis", "ifthat", "unlessit")
# The customer says it is solved (and nothing above said otherwise).
SOLVED_WORDS = ("해결됐", "해결되었", "해결했", "도움이됐", "도움됐", "됐습니다감사", "thathelped", "ithelped",
                "itworks", "worksnow", "solved", "resolved")


def says_not_helped(text: str) -> bool:
    """Whether a customer's reply says the automatic answer did not help."""
    s = compact(text)
    for phrase in NOT_HELPED:
        start = s.find(phrase)
        while start >= 0:
            end = start + len(phrase)
            after, before = s[end:end + 8], s[max(0, start - 10):start]
            cancelled = any(_follows(after, c) for c in _CANCEL_AFTER) or any(c in before for c in _CANCEL_BEFORE)
            if not cancelled:
                return True
            start = s.find(phrase, start + 1)
    return False


def _follows(after: str, cancel: str) -> bool:
    """The cancelling word right after the phrase, past at most its ending ('되면', '됐던 건 아니')."""
    i = after.find(cancel)
    return 0 <= i <= 3


# --- eligibility ---------------------------------------------------------------------------
class Skip(StrEnum):
    """Why a message was not answered automatically (audited, shown in the bench)."""

    OFF = "off"  # not turned on for the team and channel (or no team)
    AUTO_SUBMITTED = "auto_submitted"
    VIP = "vip"
    URGENT = "urgent"
    ALREADY_ANSWERED = "already_answered"  # one automatic answer per ticket
    FOLLOW_UP = "follow_up"  # a message on a ticket people already work on
    NO_ARTICLE = "no_article"
    INTERNAL = "internal"  # the best article is for agents only
    CATEGORY = "category"  # the best article's category is not one it may answer
    LOW_CONFIDENCE = "low_confidence"
    EMPTY = "empty"
    SEVERAL = "several_questions"
    OWN_RECORDS = "own_records"  # needs a look at the customer's own order, balance or case
    STALE = "stale"  # written more than STALE_AFTER_SECONDS before it was taken in


@dataclass(frozen=True)
class MessageFacts:
    """What the rules read of an inbound message and its ticket."""

    text: str
    new_ticket: bool
    auto_submitted: bool = False
    vip_tier: str = "standard"
    auto_answered_before: bool = False
    age_seconds: float = 0.0  # from when the customer wrote it to when it is taken in


def eligibility(settings: Settings, facts: MessageFacts) -> Skip | None:
    """None when the message may be answered automatically (given a good enough article),
    else the first reason it may not."""
    if not settings.enabled or not settings.categories:
        return Skip.OFF
    if facts.auto_submitted:
        return Skip.AUTO_SUBMITTED
    if facts.auto_answered_before:
        return Skip.ALREADY_ANSWERED
    if not facts.new_ticket:
        return Skip.FOLLOW_UP
    if facts.age_seconds > STALE_AFTER_SECONDS:
        return Skip.STALE
    if (facts.vip_tier or "").lower() in NO_AUTO_TIERS:
        return Skip.VIP
    if not (facts.text or "").strip():
        return Skip.EMPTY
    if urgent_word(facts.text) is not None:
        return Skip.URGENT
    if asks_several(facts.text):
        return Skip.SEVERAL
    if about_own_records(facts.text):
        return Skip.OWN_RECORDS
    return None


# --- confidence ----------------------------------------------------------------------------
# The knowledge search (services/knowledge.py) scores its hits on two scales: on SQLite
# the negated BM25 of the FTS5 index (unbounded; a long question scores higher than a
# short one), on PostgreSQL the matched terms' title/body weights per query term (0 to
# 5). Each is first mapped to a strength in [0, 1) by s / (s + HALF), HALF being the
# score at which a hit is "half convincing" on that backend; the separation is the share
# of the top score the runner-up does not reach, (s1 - s2) / s1 (1 with no runner-up).
# confidence = strength ** (1 - W) * separation ** W: a strong hit barely above the
# next (two articles on one topic) and a clear winner with a weak score are both doubtful.
# HALF and W were chosen on the labelled set (bench_autoresponse.py --fit, and --pg for
# the term-match scale).
class Scale(StrEnum):
    BM25 = "bm25"
    TERMS = "terms"


HALF_SCORE = {Scale.BM25: 6.0, Scale.TERMS: 0.4}
SEPARATION_WEIGHT = 0.5


@dataclass(frozen=True)
class Scored:
    """One search hit as the confidence reads it."""

    score: float
    public: bool = True
    category: str = ""


def confidence(top: float, second: float | None, scale: Scale = Scale.BM25, *,
               half: float | None = None, weight: float | None = None) -> float:
    """How sure we are the top hit answers the message, in [0, 1]."""
    h = HALF_SCORE[scale] if half is None else half
    w = SEPARATION_WEIGHT if weight is None else weight
    if not math.isfinite(top) or top <= 0:
        return 0.0
    strength = top / (top + h)
    s2 = second if second is not None and math.isfinite(second) and second > 0 else 0.0
    separation = max(0.0, min(1.0, (top - s2) / top))
    return round(strength ** (1 - w) * separation ** w, 4)


@dataclass(frozen=True)
class Decision:
    answer: bool
    skip: Skip | None
    confidence: float = 0.0
    hit_index: int | None = None  # which hit answers (0: the best)


def decide(settings: Settings, facts: MessageFacts, hits: Sequence[Scored], scale: Scale = Scale.BM25) -> Decision:
    """The whole decision: eligible, an article, public, in an allowed category, and a
    confidence at or above the threshold."""
    skip = eligibility(settings, facts)
    if skip is not None:
        return Decision(False, skip)
    if not hits:
        return Decision(False, Skip.NO_ARTICLE)
    best = hits[0]
    conf = confidence(best.score, hits[1].score if len(hits) > 1 else None, scale)
    if not best.public:
        return Decision(False, Skip.INTERNAL, conf)
    if best.category not in settings.categories:
        return Decision(False, Skip.CATEGORY, conf)
    if conf < settings.threshold:
        return Decision(False, Skip.LOW_CONFIDENCE, conf)
    return Decision(True, None, conf, 0)


# --- after a failed answer -------------------------------------------------------------------
def raised_priority(priority: str) -> str:
    """One step up, never above urgent."""
    rank = max(PRIORITY_RANK.get(priority, PRIORITY_RANK["normal"]) - 1, 0)
    return next(str(p) for p in PRIORITIES if PRIORITY_RANK[p] == rank)


# --- the measured precision at each threshold (benchmarks/bench_autoresponse.py, demo KB) ----
@dataclass(frozen=True)
class Measured:
    threshold: float
    precision: float
    coverage: float


# The labelled set (167 messages, 115 with an answering article) on the demo workspace,
# every category allowed: (threshold, precision, coverage). Re-measure after changing the
# search, the rules or the confidence: `benchmarks/bench_autoresponse.py` prints this.
PRECISION_AT: tuple[Measured, ...] = (
    Measured(0.3, 0.879, 0.743), Measured(0.35, 0.900, 0.719), Measured(0.4, 0.915, 0.707),
    Measured(0.45, 0.936, 0.659), Measured(0.5, 0.952, 0.629), Measured(0.55, 0.959, 0.587),
    Measured(0.6, 0.967, 0.545), Measured(0.65, 1.000, 0.467), Measured(0.7, 1.000, 0.353),
    Measured(0.75, 1.000, 0.222), Measured(0.8, 1.000, 0.120), Measured(0.85, 1.000, 0.042),
    Measured(0.9, 1.000, 0.006), Measured(0.95, 1.000, 0.000),
)
# The same on PostgreSQL (a team workspace: the gateway answers from the team database),
# `bench_autoresponse.py --pg URL`; HALF_SCORE[TERMS] was chosen so that the default
# threshold keeps precision ≥ 0.95 there too.
PRECISION_AT_TERMS: tuple[Measured, ...] = (
    Measured(0.3, 0.874, 0.713), Measured(0.35, 0.904, 0.683), Measured(0.4, 0.898, 0.647),
    Measured(0.45, 0.920, 0.599), Measured(0.5, 0.937, 0.569), Measured(0.55, 0.955, 0.533),
    Measured(0.6, 0.959, 0.443), Measured(0.65, 0.983, 0.347), Measured(0.7, 0.980, 0.293),
    Measured(0.75, 1.000, 0.174), Measured(0.8, 1.000, 0.102), Measured(0.85, 1.000, 0.036),
    Measured(0.9, 1.000, 0.000), Measured(0.95, 1.000, 0.000),
)


def measured_at(threshold: float, scale: Scale = Scale.BM25) -> Measured | None:
    """The labelled set's precision and coverage at the highest measured threshold not
    above ``threshold`` (None below the lowest measured), on the backend whose scores
    ``scale`` names (BM25: an embedded SQLite workspace; TERMS: a team's PostgreSQL)."""
    best = None
    for m in PRECISION_AT if scale == Scale.BM25 else PRECISION_AT_TERMS:
        if m.threshold <= threshold + 1e-9:
            best = m
    return best
