"""Knowledge search that learns from use (issue 16): the rules, in one place. The desk's
services (services/kb_learning.py, services/knowledge.py), the team server's
``kb.synonym_save`` handler (server/kb_learning.py) and the knowledge pane's Synonyms
dialog all ask these.

- Learning: an article an agent inserted into a reply (article_uses) or rated helpful
  (article_votes) on a ticket says "this customer's words lead to this article". Each
  such event adds 1 to the weight of every (term of the ticket's first customer
  message, article) pair of the team; weights halve every ``HALF_LIFE_DAYS`` (``decay``),
  so what agents used last month counts half what they use today.
- Ranking: a query's association with an article (``association_share``) turns into a
  bounded boost, at most ``MAX_BOOST`` times the best text score of the query. With no
  associations (a cold start, or terms nobody used yet) the ranking is exactly the text
  ranking.
- Synonyms, per team: a phrase customers say (matched as a substring of the query, as the
  built-in thesaurus is) and the article words it adds to the query. Proposed from the
  associations (a term that often led to an article whose text lacks it), approved,
  added, edited or removed by a lead of the team or an admin (``check_synonym_write``);
  validated by ``check_synonym``.

Pure: no Qt, no database.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from agentdesk.rules import RuleError

# --- learning and ranking ------------------------------------------------------------------
# Half-life of a use: 30 days. Support vocabulary moves with campaigns and incidents (an
# app release that crashes, a delivery peak); a month keeps a season's lessons while
# letting last quarter's fade. A use 30 days old weighs 0.5, 90 days 0.125.
HALF_LIFE_DAYS = 30.0
# Each use or helpful vote weighs 1 at its time.
USE_WEIGHT = 1.0
VOTE_WEIGHT = 1.0
# A term must have this much (decayed) evidence before it moves a ranking fully: one
# use of a term is a hint (share × 1/2), two are a lesson.
FULL_EVIDENCE = 2.0
# The boost is at most this multiple of the query's best text score (or of 1.0 when the
# text matched nothing): learning lifts an article a little above the best text match at
# most. Chosen on benchmarks/bench_kb.py's figures (README "Learning from use"): 1.0 ties
# too often, 1.5 and more start to cost the original set's MRR (a term learned from a
# few messages, such as "card", then outranks a precise title match).
MAX_BOOST = 1.25
# The averaging counts at least this many learned terms: a single learned term of a query
# (often a generic one, 카드, card) carries half its share, never the whole.
MIN_KNOWN_TERMS = 2
# A term that led the team to more articles than this says little about any one of them
# (신청, 방법, card): it is left out of the learned signal, as search leaves out terms held
# by very many articles. It also bounds the rows a search reads.
MAX_ARTICLES_PER_TERM = 50
# Learned terms of one message (the first ones; a long mail says its topic early).
MAX_MESSAGE_TERMS = 48
MAX_TERM_CHARS = 40

# Proposals: a term whose decayed weight toward one article is at least this, which is at
# least this share of everything the term led to, and that the article's text lacks.
PROPOSE_MIN_WEIGHT = 2.0
PROPOSE_MIN_SHARE = 0.5
MAX_PROPOSALS = 50

# --- synonyms ---------------------------------------------------------------------------------
SYNONYM_FIELDS = frozenset({"team_id", "phrase", "words", "status", "deleted"})
# approved: search uses it; dismissed: a lead said no to the proposal (it is not proposed again).
APPROVED, DISMISSED = "approved", "dismissed"
STATUSES = (APPROVED, DISMISSED)
MAX_PHRASE_CHARS = 40
MAX_WORDS_CHARS = 120
MAX_SYNONYMS = 500  # per team: each search matches them all as substrings

_NS = uuid.UUID("0b7f3f52-1c5e-4d8e-8b1e-6a2f6a4c9d31")


def decay(weight: float, at: datetime, now: datetime) -> float:
    """``weight`` as it was at ``at``, seen from ``now`` (never grows: a future ``at``
    counts as now)."""
    days = max(0.0, (now - at).total_seconds() / 86400.0)
    return weight * math.pow(0.5, days / HALF_LIFE_DAYS)


def add_weight(weight: float, at: datetime, add: float, add_at: datetime) -> tuple[float, datetime]:
    """A stored (weight, at) after one more event of weight ``add`` at ``add_at``: the same
    result in whatever order events are learned."""
    if add_at >= at:
        return decay(weight, at, add_at) + add, add_at
    return weight + decay(add, add_at, at), at


def evidence(total: float) -> float:
    """How much a term's associations are to be believed (0..1) given its total weight."""
    return min(1.0, max(0.0, total) / FULL_EVIDENCE)


def association_share(per_term: dict[str, dict[uuid.UUID, float]],
                      says: Callable[[str, uuid.UUID], bool] | None = None) -> dict[uuid.UUID, float]:
    """Per article, the query's learned association with it in [0, 1]: over the query's
    terms the team has learned anything about, the share of each term's (decayed) uses
    that went to the article, times the evidence of the term, averaged over at least
    MIN_KNOWN_TERMS terms. Terms nobody used (endings, words of the moment) neither dilute
    nor add: they are the text's business. ``says(term, article)``: the article's own text
    has the term, so its text score already counts it: learning bridges the gap between
    the customer's words and the article's, it does not count a word twice."""
    if not per_term:
        return {}
    out: dict[uuid.UUID, float] = {}
    known = 0
    for term, weights in per_term.items():
        total = sum(weights.values())
        if total <= 0:
            continue
        known += 1
        trust = evidence(total)
        for art, w in weights.items():
            if says is None or not says(term, art):
                out[art] = out.get(art, 0.0) + trust * w / total
    return {a: min(1.0, v / max(known, MIN_KNOWN_TERMS)) for a, v in out.items() if v > 0} if known else {}


def boosted(text_scores: dict[uuid.UUID, float], shares: dict[uuid.UUID, float]) -> dict[uuid.UUID, float]:
    """Text scores (higher is better) plus the learned boost; articles only associated get
    the boost alone. Unchanged when ``shares`` is empty (a cold start)."""
    if not shares:
        return dict(text_scores)
    base = max(text_scores.values(), default=0.0)
    scale = MAX_BOOST * (base if base > 0 else 1.0)
    out = dict(text_scores)
    for art, share in shares.items():
        out[art] = out.get(art, 0.0) + scale * max(0.0, min(1.0, share))
    return out


# --- synonyms ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Synonym:
    phrase: str
    words: str


def synonym_id(team_id: uuid.UUID, phrase: str) -> uuid.UUID:
    """A team's synonym's id: derived from the team and the phrase, so a desk and the server
    name the same row and one phrase has one entry."""
    return uuid.uuid5(_NS, f"kb-synonym:{team_id}:{normalise_phrase(phrase)}")


def normalise_phrase(value: str) -> str:
    return " ".join(str(value).split()).lower()


def _text(value, code: str, most: int) -> str:
    if not isinstance(value, str):
        raise RuleError(code=code, most=most)
    s = " ".join(value.split())
    if not s or len(s) > most or any(ord(ch) < 32 for ch in value if ch not in "\t\n\r"):
        raise RuleError(code=code, most=most)
    return s


def check_status(value) -> str:
    if value not in STATUSES:
        raise RuleError(code="kb.synonym_status", allowed=", ".join(STATUSES))
    return str(value)


def check_synonym(phrase, words) -> Synonym:
    """A synonym as a lead typed it or a hostile push sent it (one coded line each): a
    phrase of 2 to MAX_PHRASE_CHARS characters (one Hangul syllable or letter would match
    nearly every query) and the words it adds, different from the phrase."""
    p = normalise_phrase(_text(phrase, "kb.synonym_phrase", MAX_PHRASE_CHARS))
    if len(p.replace(" ", "")) < 2:
        raise RuleError(code="kb.synonym_phrase", most=MAX_PHRASE_CHARS)
    w = _text(words, "kb.synonym_words", MAX_WORDS_CHARS)
    if normalise_phrase(w) == p:
        raise RuleError(code="kb.synonym_same")
    return Synonym(p, w)


def check_synonym_write(actor_role: str, actor_team_id: uuid.UUID | None, team_id: uuid.UUID | None) -> None:
    """A team's synonyms are edited by a lead of that team, or an admin."""
    if actor_role == "admin" and team_id is not None:
        return
    if actor_role != "lead" or team_id is None or actor_team_id != team_id:
        raise RuleError(code="kb.synonym_leads_only")


def check_synonym_count(existing: int) -> None:
    if existing >= MAX_SYNONYMS:
        raise RuleError(code="kb.synonym_too_many", most=MAX_SYNONYMS)
