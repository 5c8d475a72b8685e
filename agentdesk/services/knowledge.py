"""Knowledge base: ranked search in Korean and English, suggestions for a ticket, the
article reader, inserting into replies (with a record of use), helpful / not helpful
votes, agents' proposals and their review by leads, and bulk import.

Search on SQLite uses the local contentless FTS5 table ``kb_fts(title, body, tags)``
(rowid = kb_articles.search_key) holding pre-tokenised text: Hangul as character
bigrams (textsearch.index_text), English stemmed by FTS5's porter tokenizer. A query
is the OR of its terms, ranked by BM25 with the title weighted most; terms found in
very many articles are dropped first (document frequencies from an fts5vocab table),
which keeps the ranking fast and loses little (particles and endings are the common
bigrams). PostgreSQL has no such index: there an ILIKE term match ranks title hits
above body hits. Only published articles are indexed or returned.

A contentless FTS5 table (SQLite 3.40) forgets the text it indexed, so deleting an
entry means passing the very values that were indexed: every change recomputes them
from the row *before* changing it (_unindex), then indexes the new text (_index).

Everything returned is plain data (frozen dataclasses), never live ORM objects.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import quote

from sqlalchemy import String, Table, and_, bindparam, case, func, literal, select, text, update
from sqlalchemy import cast as sql_cast
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from agentdesk.models import LEAD_ROLES, Agent, ArticleUse, ArticleVote, KnowledgeArticle, Message, Visibility, utcnow
from agentdesk.services import textsearch
from agentdesk.services.common import (
    InvalidValue,
    NotAllowed,
    NotFound,
    audit,
    check_choice,
    get_setting,
    parse_uuid,
)
from agentdesk.services.tickets import resolve_ticket

if TYPE_CHECKING:
    from pydantic import BaseModel

KA = KnowledgeArticle
KT = cast(Table, KnowledgeArticle.__table__)  # declarative types it as any FromClause

LANGUAGES = ("ko", "en")
USE_KINDS = ("link", "excerpt", "draft")
VISIBILITIES: tuple[Visibility, ...] = tuple(Visibility)
# published: searchable; draft: imported or written but not shown; proposed: waiting for a
# lead; rejected: a lead said no (review_note says why); applied: an edit proposal whose
# text now lives in the original article.
STATUSES = ("published", "draft", "proposed", "rejected", "applied")

KB_BASE_URL_KEY = "kb_base_url"
DEFAULT_BASE_URL = "https://help.agentdesk.example/kb/"

MARK_OPEN, MARK_CLOSE = "«", "»"  # around matched text in snippets; the view makes them bold

# BM25 column weights (title, body, tags+category): a title hit says more about what an
# article is for than a body hit (benchmarks/README.md, "Knowledge search").
BM25_WEIGHTS = (5.0, 1.0, 2.0)
# Terms in more than this share of the articles are dropped from a query (at least one
# term is always kept). They rank little (low IDF) and cost the most: every article
# holding one must be scored.
COMMON_TERM_SHARE = 0.05
COMMON_TERM_MIN_DOCS = 50  # small knowledge bases keep every term
MAX_TERMS = 16  # the rarest terms of a long query (a customer's whole message)
SUGGEST_CHARS = 1000
SNIPPET_CHARS = 150
MAX_LIMIT = 100

# Never searched for on their own: they carry no topic (English function words).
STOPWORDS = frozenset(
    "a an and are as at be by can do does for from have how i if in is it me my of on or our please "
    "the this to was we what when where which who why will with you your".split()
)
# PostgreSQL has no document frequencies: Hangul bigrams of endings, particles and
# greetings that would otherwise match nearly every article.
COMMON_BIGRAMS = frozenset(
    "안녕 녕하 하세 세요 습니 니다 합니 입니 해주 주세 으로 에서 하고 있는 는데 어요 아요 해요 나요 까요 "
    "인지 려면 하려 싶어 싶습 는지 하는 했는 했어 는게 데요 네요 가요 거나 려고 하면 하여 해서 이에 에게 "
    "그리 리고 그런 런데 감사 사합 부탁 탁드 드립 립니 고객 문의".split()
)

# How customers and agents say it → how articles say it. Matched as substrings of the
# query; the article words are added to it (OR), so either wording finds the article.
# Kept small and general: colloquial question forms, not article titles.
THESAURUS = {
    "얼마": "조회 확인", "알고 싶": "조회 확인", "궁금": "안내",
    "잃어버": "분실", "없어졌": "분실", "도둑": "도난", "훔쳐": "도난",
    "언제": "기간 영업일", "늦어": "지연", "안 와": "지연", "안 왔": "지연", "안 오": "지연",
    "꺼져": "오류", "튕겨": "오류", "안 돼": "오류", "먹통": "오류",
    "비번": "비밀번호", "택배": "배송", "바꾸": "변경", "올려": "상향", "올리": "상향", "낮춰": "인하", "낮출": "인하",
    "갚": "상환", "두 번": "중복 이중", "화를": "불만", "화가": "불만",
}
_THESAURUS_KEYS = re.compile("|".join(re.escape(k) for k in sorted(THESAURUS, key=len, reverse=True)))


def expand_query(query: str, synonyms: Mapping[str, str] | None = None) -> str:
    """The query with the article vocabulary for its colloquial phrases appended (the
    built-in thesaurus, and a team's approved synonyms: services/kb_learning.py)."""
    q = query[: textsearch.MAX_QUERY_CHARS]
    extra = dict.fromkeys(THESAURUS[m.group(0)] for m in _THESAURUS_KEYS.finditer(q))
    if synonyms:
        low = q.lower()
        for phrase, words in synonyms.items():
            if phrase and phrase in low:
                extra.setdefault(words, None)
    # " . " keeps a bridging bigram from joining the query's last word to the first extra one.
    return f"{query} . {' . '.join(extra)}" if extra else query


# --- plain data out ---------------------------------------------------------------------
@dataclass(frozen=True)
class ArticleHit:
    id: uuid.UUID
    external_id: str | None
    title: str
    category: str
    tags: list[str]
    language: str
    score: float  # higher is better; comparable within one result list only
    snippet: str  # plain text, matches between MARK_OPEN and MARK_CLOSE
    helpful: int = 0
    not_helpful: int = 0
    visibility: str = Visibility.PUBLIC  # internal: for agents, asked before a public reply quotes it


@dataclass(frozen=True)
class Suggestions:
    ticket_id: uuid.UUID
    ticket_number: int
    query: str  # the text the suggestions were found for (the latest inbound message)
    hits: list[ArticleHit] = field(default_factory=list)


@dataclass(frozen=True)
class ArticleDetail:
    id: uuid.UUID
    external_id: str | None
    title: str
    body: str
    category: str
    tags: list[str]
    language: str
    status: str
    helpful: int
    not_helpful: int
    url: str
    updated_at: datetime | None
    published_at: datetime | None
    proposed_by_id: uuid.UUID | None = None
    proposed_by_name: str = ""
    proposal_of_id: uuid.UUID | None = None
    proposal_of_title: str = ""
    review_note: str = ""
    my_vote: bool | None = None  # the asking agent's vote, if get_article was given one
    visibility: str = Visibility.PUBLIC


@dataclass(frozen=True)
class ProposalRow:
    id: uuid.UUID
    title: str
    body: str
    category: str
    tags: list[str]
    language: str
    status: str
    proposed_by_name: str
    proposal_of_id: uuid.UUID | None
    proposal_of_title: str  # '' for a new article
    original_body: str  # the published text an edit would replace ('' for a new article)
    review_note: str
    updated_at: datetime | None


@dataclass(frozen=True)
class VoteResult:
    article_id: uuid.UUID
    helpful: int
    not_helpful: int
    mine: bool


@dataclass(frozen=True)
class FilterOptions:
    categories: list[str]
    tags: list[str]
    languages: list[str]




# --- small helpers ----------------------------------------------------------------------
def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _clean_query(query) -> str:
    """Any input becomes a searchable string: cut to length, no NULs or lone surrogates."""
    s = "" if query is None else str(query)
    s = s[: textsearch.MAX_QUERY_CHARS * 2].replace("\x00", " ")
    return s.encode("utf-8", "ignore").decode("utf-8")


def _agent(session: Session, agent) -> Agent:
    """An Agent, its UUID or its login."""
    if isinstance(agent, Agent):
        return agent
    u = agent if isinstance(agent, uuid.UUID) else parse_uuid(agent) if agent is not None else None
    found = session.get(Agent, u) if u else session.scalar(select(Agent).where(Agent.login == str(agent)))
    if found is None or found.deleted:
        raise NotFound(code="agent.not_found", ref=agent)
    return found


def _article(session: Session, ref) -> KnowledgeArticle:
    """An article by UUID (or its string) or external_id."""
    u = ref if isinstance(ref, uuid.UUID) else parse_uuid(ref) if ref is not None else None
    art = session.get(KA, u) if u else session.scalar(select(KA).where(KA.external_id == str(ref)))
    if art is None or art.deleted:
        raise NotFound(code="kb.not_found", ref=ref)
    return art


def _tags(value) -> list[str]:
    return [str(t) for t in value] if isinstance(value, (list, tuple)) else []


# --- the local full-text index (SQLite) ------------------------------------------------------
def _index_values(title: str, body: str, tags, category: str) -> dict:
    """Exactly what is (and must again be, to delete it) stored in kb_fts for one article."""
    return {
        "t": textsearch.index_text(title or ""),
        "b": textsearch.index_text(body or ""),
        "g": textsearch.index_text(" ".join([*_tags(tags), category or ""])),
    }


_FTS_INSERT = text("INSERT INTO kb_fts(rowid, title, body, tags) VALUES (:k, :t, :b, :g)")
_FTS_DELETE = text("INSERT INTO kb_fts(kb_fts, rowid, title, body, tags) VALUES ('delete', :k, :t, :b, :g)")


def index_article_text(conn: Connection | Session, key: int, title: str, body: str, tags, category: str) -> None:
    """Adds one published article's text to kb_fts under its search_key (for writers that
    hold a Core connection, such as the team replica applying pulled rows)."""
    conn.execute(_FTS_INSERT, {"k": key, **_index_values(title, body, tags, category)})


def unindex_article_text(conn: Connection | Session, key: int, title: str, body: str, tags, category: str) -> None:
    """Removes an article's text from kb_fts: the index is contentless, so the text given
    must be exactly the text that was indexed (the row as it is before the change)."""
    conn.execute(_FTS_DELETE, {"k": key, **_index_values(title, body, tags, category)})


def _next_key(session: Session) -> int:
    return (session.scalar(select(func.max(KA.search_key))) or 0) + 1


def _set_key(session: Session, rows: list[dict]) -> None:
    """search_key is local bookkeeping, not an edit: updated_at (what sync follows) stays."""
    session.execute(
        update(KT).where(KT.c.id == bindparam("_id")).values(search_key=bindparam("_k"), updated_at=KT.c.updated_at),
        rows,
    )


def _unindex(session: Session, art: KnowledgeArticle) -> None:
    """Removes the article's current text from the index; call before changing the row."""
    if _is_sqlite(session) and art.search_key is not None and art.status == "published":
        session.execute(_FTS_DELETE, {"k": art.search_key, **_index_values(art.title, art.body, art.tags, art.category)})


def _index(session: Session, art: KnowledgeArticle) -> None:
    """Indexes a published article's current text (giving it a key if it has none)."""
    if not _is_sqlite(session) or art.status != "published" or art.deleted:
        return
    if art.search_key is None:
        session.flush()
        key = _next_key(session)
        _set_key(session, [{"_id": art.id, "_k": key}])
        session.expire(art, ["search_key", "updated_at"])
    session.execute(_FTS_INSERT, {"k": art.search_key, **_index_values(art.title, art.body, art.tags, art.category)})


def ensure_index(session: Session) -> int:
    """Indexes every published article that has no search_key yet; returns how many.

    Cheap when there is nothing to do: call it at start-up (on a worker) and after
    demo data or any bulk load that wrote articles without indexing them. A no-op
    (0) on databases without the local FTS5 index (PostgreSQL).
    """
    if not _is_sqlite(session):
        return 0
    rows = session.execute(
        select(KA.id, KA.title, KA.body, KA.tags, KA.category)
        .where(KA.status == "published", KA.deleted.is_(False), KA.search_key.is_(None))
        .order_by(KA.external_id, KA.id)  # the same keys every time (demo data is compared byte for byte)
    ).all()
    if not rows:
        return 0
    first = _next_key(session)
    keys = [{"_id": r.id, "_k": first + i} for i, r in enumerate(rows)]
    _set_key(session, keys)
    session.execute(_FTS_INSERT, [{"k": first + i, **_index_values(r.title, r.body, r.tags, r.category)}
                                  for i, r in enumerate(rows)])
    return len(rows)


def rebuild_index(session: Session) -> int:
    """Empties kb_fts and indexes every published article again (a copied or damaged index)."""
    if not _is_sqlite(session):
        return 0
    session.execute(text("INSERT INTO kb_fts(kb_fts) VALUES ('delete-all')"))
    session.execute(update(KT).values(search_key=None, updated_at=KT.c.updated_at))
    return ensure_index(session)


# --- choosing the terms of a query -------------------------------------------------------------
def _doc_freqs(session: Session, terms: list[str]) -> tuple[dict[str, int], int]:
    """({term: number of indexed articles holding it}, number of indexed articles)."""
    # A temporary vocabulary table: per connection, never part of the stored schema.
    session.execute(text("CREATE VIRTUAL TABLE IF NOT EXISTS temp.kb_fts_vocab USING fts5vocab(main, kb_fts, 'row')"))
    stmt = text("SELECT term, doc FROM temp.kb_fts_vocab WHERE term = :term")
    freqs = {}
    for term in terms:
        row = session.execute(stmt, {"term": term}).first()
        freqs[term] = row[1] if row else 0
    total = session.execute(text("SELECT count(*) FROM kb_fts_docsize")).scalar() or 0
    return freqs, total


@dataclass
class _Plan:
    match: str | None  # FTS5 MATCH expression (None: nothing can match)
    terms: list[str]  # what the query searches for (also what snippets mark)


def _plan_fts(session: Session, query: str, typing: bool, max_terms: int = MAX_TERMS,
              synonyms: Mapping[str, str] | None = None) -> _Plan:
    prefix = textsearch.prefix_term(query) if typing else None
    terms = textsearch.search_terms(expand_query(query, synonyms) if synonyms else expand_query(query))
    if prefix is not None:
        # A prefix expands to every term it starts: only for a Latin word of 3+ letters
        # (not a function word), or for a Hangul syllable typed on its own.
        cjk = textsearch.is_cjk(prefix)
        if (cjk and len(terms) > 1) or (not cjk and (len(prefix) < 3 or prefix in STOPWORDS)):
            prefix = None
    latin = [t for t in terms if not textsearch.is_cjk(t) and t not in STOPWORDS and t != prefix]
    # Endings and greetings: frequent in any knowledge base, but a small one has no
    # document frequencies to tell (under COMMON_TERM_MIN_DOCS every term is kept).
    hangul = [t for t in terms if textsearch.is_cjk(t) and t != prefix and t not in COMMON_BIGRAMS]
    if not latin and not hangul and prefix is None:
        # Only function words: search them after all.
        latin = [t for t in terms if not textsearch.is_cjk(t)]
        hangul = [t for t in terms if textsearch.is_cjk(t)]
    # Hangul terms are stored as they are, so their document frequency is exact; English
    # words are stored stemmed, so only their light stem is looked up (unknown: kept).
    lookup = hangul + [textsearch.light_stem(t) for t in latin]
    freqs, total = _doc_freqs(session, list(dict.fromkeys(lookup))) if lookup else ({}, 0)
    cap = max(COMMON_TERM_MIN_DOCS, int(total * COMMON_TERM_SHARE))
    scored: list[tuple[int, str]] = []
    for t in hangul:
        if freqs.get(t, 0) > 0:  # a bigram no article holds cannot help
            scored.append((freqs[t], t))
    for t in latin:
        df = freqs.get(textsearch.light_stem(t), 0)
        scored.append((df if df > 0 else cap // 2, t))  # stem unknown to the index: assume middling
    scored.sort()
    kept = [t for df, t in scored if df <= cap]
    if not kept and scored:
        kept = [scored[0][1]]  # only common terms: the rarest still ranks something
    kept = kept[: max_terms - (1 if prefix else 0)]
    phrases = [textsearch.fts_phrase(t) for t in kept]
    if prefix is not None:
        phrases.append(textsearch.fts_phrase(prefix, prefix=True))
        kept.append(prefix)
    return _Plan(" OR ".join(phrases) if phrases else None, kept)


def _like_terms(query: str, typing: bool, max_terms: int = MAX_TERMS,
                synonyms: Mapping[str, str] | None = None) -> list[str]:
    """Substrings for the ILIKE path: bigrams without the commonest ones, light English stems."""
    out: list[str] = []
    for t in textsearch.search_terms(expand_query(query, synonyms) if synonyms else expand_query(query)):
        if textsearch.is_cjk(t):
            if t not in COMMON_BIGRAMS:
                out.append(t)
        elif t not in STOPWORDS and len(t) >= 2:
            out.append(textsearch.light_stem(t))
    if not out:
        out = [t for t in textsearch.search_terms(query) if len(t) >= 2 or textsearch.is_cjk(t)]
    return list(dict.fromkeys(out))[:max_terms]


# --- ranking -----------------------------------------------------------------------------------
def _filter_sql(session: Session, category, tag, language) -> tuple[str, dict]:
    """Extra WHERE text over alias ``a`` (kb_articles) for the filters, and its parameters."""
    parts, params = [], {}
    if category:
        parts.append("a.category = :f_category")
        params["f_category"] = category
    if language:
        parts.append("a.language = :f_language")
        params["f_language"] = language
    if tag:
        if _is_sqlite(session):
            parts.append("EXISTS (SELECT 1 FROM json_each(a.tags) AS j WHERE j.value = :f_tag)")
        else:
            parts.append("EXISTS (SELECT 1 FROM json_array_elements_text(a.tags) AS j(v) WHERE j.v = :f_tag)")
        params["f_tag"] = tag
    return "".join(f" AND {p}" for p in parts), params


def _rank_fts(session: Session, plan: _Plan, filters: tuple[str, dict], limit: int) -> list[tuple[uuid.UUID, float]]:
    if plan.match is None:
        return []
    w = ", ".join(str(x) for x in BM25_WEIGHTS)
    where, params = filters
    # bm25() is negative, best first. The article join runs per match: with no filter,
    # FTS5 ranks and cuts first, so only the kept rows are looked up.
    if not where:
        sql = (f"SELECT a.id, f.s FROM (SELECT rowid AS k, bm25(kb_fts, {w}) AS s FROM kb_fts "
               f"WHERE kb_fts MATCH :m ORDER BY s, rowid LIMIT :lim) AS f "
               f"JOIN kb_articles AS a ON a.search_key = f.k "
               f"WHERE a.status = 'published' AND a.deleted = :no ORDER BY f.s, f.k")
    else:
        sql = (f"SELECT a.id, f.s FROM (SELECT rowid AS k, bm25(kb_fts, {w}) AS s FROM kb_fts "
               f"WHERE kb_fts MATCH :m) AS f JOIN kb_articles AS a ON a.search_key = f.k "
               f"WHERE a.status = 'published' AND a.deleted = :no{where} ORDER BY f.s, f.k LIMIT :lim")
    rows = session.execute(text(sql), {"m": plan.match, "lim": limit, "no": False, **params}).all()
    return [(uuid.UUID(str(r[0])) if not isinstance(r[0], uuid.UUID) else r[0], -float(r[1])) for r in rows]


def _like_filters(session: Session, category, tag, language) -> list:
    conds: list[Any] = [KA.status == "published", KA.deleted.is_(False)]
    if category:
        conds.append(KA.category == category)
    if language:
        conds.append(KA.language == language)
    if tag:
        if _is_sqlite(session):
            sql = "EXISTS (SELECT 1 FROM json_each(kb_articles.tags) AS j WHERE j.value = :f_tag)"
        else:
            sql = "EXISTS (SELECT 1 FROM json_array_elements_text(kb_articles.tags) AS j(v) WHERE j.v = :f_tag)"
        conds.append(text(sql).bindparams(f_tag=tag))
    return conds


def _rank_like(session: Session, terms: list[str], conds: list, limit: int) -> list[tuple[uuid.UUID, float]]:
    """Term-match ranking without an index: 3 per term in the title, 1 in the body or category."""
    if not terms:
        return []
    score: Any = literal(0)
    for term in terms:
        pat = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        score = (score + case((KA.title.ilike(pat, escape="\\"), 3), else_=0)
                 + case((KA.body.ilike(pat, escape="\\"), 1), else_=0)
                 + case((KA.category.ilike(pat, escape="\\"), 1), else_=0))
    sub = select(KA.id.label("id"), KA.title.label("title"), score.label("s")).where(*conds).subquery()
    rows = session.execute(
        select(sub.c.id, sub.c.s).where(sub.c.s > 0).order_by(sub.c.s.desc(), sub.c.title, sub.c.id).limit(limit)
    ).all()
    # Per term, so scores read alike for short and long queries.
    return [(r[0], float(r[1]) / len(terms)) for r in rows]


def _browse(session: Session, filters: tuple[str, dict], limit: int) -> list[tuple[uuid.UUID, float]]:
    """No query but a filter: the filtered articles, most helpful first."""
    where, params = filters
    sql = (f"SELECT a.id FROM kb_articles AS a WHERE a.status = 'published' AND a.deleted = :no{where} "
           f"ORDER BY a.helpful DESC, a.title LIMIT :lim")
    rows = session.execute(text(sql), {"no": False, "lim": limit, **params}).all()
    return [(r[0] if isinstance(r[0], uuid.UUID) else uuid.UUID(str(r[0])), 0.0) for r in rows]


def _learned(session: Session, ranked: list[tuple[uuid.UUID, float]], query: str, key: str, now,
             category, tag, language, limit: int) -> list[tuple[uuid.UUID, float]]:
    """The text ranking with the team's learned boost (services/kb_learning.py): unchanged
    when the query's terms led the team nowhere yet (a cold start)."""
    from agentdesk import kb_learning_rules as kr
    from agentdesk.services import kb_learning

    shares = kb_learning.shares_for(session, key, kb_learning.learning_terms(query), now)
    if not shares:
        return ranked
    text_scores = dict(ranked)
    extra = [a for a in shares if a not in text_scores]
    if extra:  # associated but not in the text's top: only published articles the filters allow
        allowed = set(session.scalars(select(KA.id).where(
            KA.id.in_(extra), *_like_filters(session, category, tag, language))))
        shares = {a: v for a, v in shares.items() if a in text_scores or a in allowed}
    scores = kr.boosted(text_scores, shares)
    order = {a: i for i, (a, _) in enumerate(ranked)}
    best = sorted(scores, key=lambda a: (-scores[a], order.get(a, len(order)), str(a)))
    return [(a, scores[a]) for a in best[:limit]]


def _by_meaning(session: Session, query: str, ranked: list[tuple[uuid.UUID, float]], category, tag, language,
                limit: int, vector=None) -> list[tuple[uuid.UUID, float]]:
    """The ranking blended with the query's meaning (services/kb_semantic.py): unchanged
    where the embedding model is not installed or no article has a vector yet."""
    from agentdesk.services import kb_semantic

    if not kb_semantic.available():
        return ranked

    def allowed(ids: list[uuid.UUID]) -> set[uuid.UUID]:
        return set(session.scalars(select(KA.id).where(KA.id.in_(ids), *_like_filters(session, category, tag, language))))

    return kb_semantic.rerank(session, query, ranked, allowed, limit, vector)


def _search(session: Session, query: str, *, category, tag, language, limit: int, typing: bool,
            max_terms: int = MAX_TERMS, learn_for: str | None = None, now=None,
            by_meaning: bool = False) -> list[ArticleHit]:
    try:
        limit = max(1, min(int(limit), MAX_LIMIT))
    except (TypeError, ValueError):
        raise InvalidValue(code="kb.invalid_limit", limit=limit, most=MAX_LIMIT) from None
    query = _clean_query(query)
    want, vector = limit, None
    if by_meaning and query.strip():
        from agentdesk.services import kb_semantic

        vector = kb_semantic.prefetch(session, query)
        # The blend rescales over its candidates: the same ones whatever the page size.
        limit = max(limit, kb_semantic.CANDIDATES) if vector is not None else limit
    filters = _filter_sql(session, category or None, tag or None, language or None)
    synonyms = None
    if learn_for is not None and query.strip():
        from agentdesk.services import kb_learning

        synonyms = kb_learning.synonyms_for(session, learn_for)
    if not query.strip():
        ranked, terms = (_browse(session, filters, limit) if filters[0] else []), []
    elif _is_sqlite(session):
        plan = _plan_fts(session, query, typing, max_terms, synonyms)
        ranked, terms = _rank_fts(session, plan, filters, limit), plan.terms
    else:
        terms = _like_terms(query, typing, max_terms, synonyms)
        ranked = _rank_like(session, terms, _like_filters(session, category, tag, language), limit)
    if learn_for is not None and query.strip():
        ranked = _learned(session, ranked, query, learn_for, now, category or None, tag or None, language or None,
                          limit)
    if vector is not None:
        ranked = _by_meaning(session, query, ranked, category or None, tag or None, language or None, limit, vector)
    ranked = ranked[:want]
    if not ranked:
        return []
    ids = [i for i, _ in ranked]
    arts = {a.id: a for a in session.execute(
        select(KA.id, KA.external_id, KA.title, KA.body, KA.category, KA.tags, KA.language, KA.helpful,
               KA.not_helpful, KA.visibility).where(KA.id.in_(ids))).all()}
    marker = _Marker(terms)
    hits = []
    for art_id, score in ranked:
        a = arts.get(art_id)
        if a is None:
            continue
        hits.append(ArticleHit(a.id, a.external_id, a.title, a.category or "", _tags(a.tags), a.language,
                               round(score, 4), marker.snippet(a.body or ""), a.helpful or 0, a.not_helpful or 0,
                               a.visibility or Visibility.PUBLIC))
    return hits


def search(session: Session, query: str, *, category: str | None = None, tag: str | None = None,
           language: str | None = None, limit: int = 20, learn_for: str | None = None,
           now: datetime | None = None) -> list[ArticleHit]:
    """Published articles for a query, best first (any input is safe: [] when nothing matches).

    The last word is matched as a prefix, for search as you type. With an empty query
    and a filter, the filtered articles come most helpful first; with neither, [].
    ``learn_for``: a team's key (kb_learning.team_key): its approved synonyms widen the
    query and what it learned from use boosts the articles the query's terms led it to
    (services/kb_learning.py); None: the text alone. Where the embedding model is
    installed, the query's meaning re-ranks the results and adds the articles nearest
    to it (services/kb_semantic.py).
    """
    return _search(session, query, category=category, tag=tag, language=language, limit=limit, typing=True,
                   learn_for=learn_for, now=now, by_meaning=True)


def prepare_search(query: str) -> None:
    """Called as the agent types (no database, microseconds): where search by meaning is on,
    the query's vector is worked out on its own thread, so that the search after the pause
    in typing only blends (services/kb_semantic.warm). Does nothing otherwise."""
    from agentdesk.services import kb_semantic

    kb_semantic.warm(_clean_query(query))


def _latest_inbound(session: Session, ticket_id: uuid.UUID) -> tuple[str, bool]:
    """(the newest inbound message, whether it is the ticket's only one)."""
    rows = session.scalars(
        select(Message.body)
        .where(Message.ticket_id == ticket_id, Message.direction == "inbound", Message.deleted.is_(False))
        .order_by(Message.created_at.desc(), Message.id.desc()).limit(2)
    ).all()
    body = rows[0] if rows else ""
    # Quoted earlier mail ('> …') repeats what was already answered.
    body = "\n".join(line for line in body.splitlines() if not line.lstrip().startswith(">"))
    return body, len(rows) < 2


def suggest_for_ticket(session: Session, ticket_ref, limit: int = 5) -> Suggestions:
    """Articles for the ticket's latest inbound message, without the agent typing anything.

    The subject joins the message when it was written with it (the ticket's only inbound
    message) or when the message says little ('네, 감사합니다'); a later message on a new
    topic stands alone.
    """
    t = resolve_ticket(session, ticket_ref)
    body, only = _latest_inbound(session, t.id)
    query = body[:SUGGEST_CHARS]
    if only or len(textsearch.search_terms(query)) < 3:
        query = f"{t.subject}\n{query}".strip()
    from agentdesk.services.kb_learning import team_key

    # By meaning too, where it is on: customers rarely use the articles' words (on the demo
    # scenarios' opening messages recall@3 93.1% -> 98.3%). The message's vector (its first
    # QUERY_CHARS) costs ~20-100 ms on the meaning thread while FTS ranks, in the
    # background; reopening the ticket finds it cached.
    hits = _search(session, query, category=None, tag=None, language=None, limit=limit, typing=False,
                   learn_for=team_key(t.team_id), by_meaning=True)
    return Suggestions(t.id, t.number, query, hits)


# --- snippets and excerpts ---------------------------------------------------------------------
class _Marker:
    """Finds a query's terms in article text: for choosing a passage and marking it."""

    _WORD = re.compile(r"[^\W_]+", re.UNICODE)

    def __init__(self, terms: list[str]):
        self.hangul = [t for t in terms if textsearch.is_cjk(t) and t not in COMMON_BIGRAMS] \
            or [t for t in terms if textsearch.is_cjk(t)]
        self.stems = [textsearch.light_stem(t) for t in terms if not textsearch.is_cjk(t) and len(t) >= 2]

    def spans(self, s: str) -> list[tuple[int, int, str]]:
        """(start, end, term) of every match, in order."""
        out = []
        for t in self.hangul:
            i = s.find(t)
            while i >= 0:
                out.append((i, i + len(t), t))
                i = s.find(t, i + 1)
        if self.stems:
            for m in self._WORD.finditer(s):
                w = m.group(0).lower()
                if textsearch.is_cjk(w):
                    continue
                stem = textsearch.light_stem(w)
                for st in self.stems:
                    if stem == st or w.startswith(st):
                        out.append((m.start(), m.end(), st))
                        break
        out.sort()
        return out

    @staticmethod
    def merged(spans: list[tuple[int, int, str]], lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
        out: list[list[int]] = []
        for a, b, _ in spans:
            a, b = max(a, lo), min(b, hi) if hi is not None else b
            if a >= b:
                continue
            if out and a <= out[-1][1]:
                out[-1][1] = max(out[-1][1], b)
            else:
                out.append([a, b])
        return [(a, b) for a, b in out]

    def mark(self, s: str, spans=None) -> str:
        spans = self.spans(s) if spans is None else spans
        parts, pos = [], 0
        for a, b in self.merged(spans, 0, len(s)):
            parts += [s[pos:a], MARK_OPEN, s[a:b], MARK_CLOSE]
            pos = b
        parts.append(s[pos:])
        return "".join(parts)

    def snippet(self, body: str, width: int = SNIPPET_CHARS) -> str:
        """The window of the body holding the most distinct terms, marked."""
        flat = " ".join(body.replace(MARK_OPEN, '"').replace(MARK_CLOSE, '"').split())
        spans = self.spans(flat)
        if len(flat) <= width:
            return self.mark(flat, spans)
        best, best_n = 0, -1
        for a, _, _ in spans:
            start = max(0, a - width // 5)
            n = len({t for x, y, t in spans if x >= start and y <= start + width})
            if n > best_n:
                best, best_n = start, n
        if best:
            space = flat.rfind(" ", max(0, best - 12), best + 1)  # start on a word
            best = space + 1 if space >= 0 else best
        end = min(len(flat), best + width)
        if end < len(flat):
            space = flat.rfind(" ", best + width // 2, end)
            end = space if space > 0 else end
        piece = flat[best:end]
        local = [(a - best, b - best, t) for a, b, t in spans if a >= best and b <= end]
        return ("…" if best else "") + self.mark(piece, local) + ("…" if end < len(flat) else "")


def highlight(text_: str, query: str) -> str:
    """The text with the query's terms marked (MARK_OPEN … MARK_CLOSE), for the reader."""
    clean = (text_ or "").replace(MARK_OPEN, '"').replace(MARK_CLOSE, '"')
    if not query or not query.strip():
        return clean
    return _Marker(_like_terms(_clean_query(query), typing=False)).mark(clean)


def excerpt(article, query: str | None = None, max_chars: int = 600) -> str:
    """The paragraphs of an article's body that answer the query (the best first chosen,
    then others matching at least half as well), in their order, at most max_chars; without
    a query or a match, the opening paragraphs."""
    body = getattr(article, "body", article) or ""
    paras = [p.strip() for p in body.splitlines() if p.strip()]
    if not paras:
        return ""
    counts = [0] * len(paras)
    if query:
        marker = _Marker(_like_terms(_clean_query(query), typing=False, max_terms=64))
        counts = [len({t for _, _, t in marker.spans(p)}) for p in paras]
    best = max(counts)
    if best == 0:
        order = list(range(len(paras)))
    else:
        order = sorted((i for i, c in enumerate(counts) if c * 2 >= best), key=lambda i: (-counts[i], i))
    chosen, size = [order[0]], len(paras[order[0]])
    for i in order[1:]:
        if size + 1 + len(paras[i]) > max_chars:
            break
        chosen.append(i)
        size += 1 + len(paras[i])
    out = "\n".join(paras[i] for i in sorted(chosen))
    if len(out) > max_chars:
        cut = out[: max_chars - 1]
        stop = max(cut.rfind(". "), cut.rfind(" "))
        out = (cut[: stop + 1] if stop > max_chars // 2 else cut).rstrip() + "…"
    return out


# --- reading -----------------------------------------------------------------------------------
def article_url(session: Session, article) -> str:
    """The customer-facing address: the workspace's kb_base_url + external_id (or id)."""
    base = get_setting(session, KB_BASE_URL_KEY) or DEFAULT_BASE_URL
    if not base.endswith("/"):
        base += "/"
    key = getattr(article, "external_id", None) or str(getattr(article, "id", article))
    return base + quote(str(key), safe="")


def _agent_name(session: Session, agent_id) -> str:
    return session.scalar(select(Agent.name).where(Agent.id == agent_id)) or "" if agent_id else ""


def _detail(session: Session, art: KnowledgeArticle, my_vote: bool | None = None) -> ArticleDetail:
    original = session.get(KA, art.proposal_of_id) if art.proposal_of_id else None
    return ArticleDetail(
        id=art.id, external_id=art.external_id, title=art.title, body=art.body, category=art.category or "",
        tags=_tags(art.tags), language=art.language, status=art.status, helpful=art.helpful or 0,
        not_helpful=art.not_helpful or 0, url=article_url(session, art), updated_at=art.updated_at,
        published_at=art.published_at, proposed_by_id=art.proposed_by_id,
        proposed_by_name=_agent_name(session, art.proposed_by_id), proposal_of_id=art.proposal_of_id,
        proposal_of_title=original.title if original else "", review_note=art.review_note or "", my_vote=my_vote,
        visibility=art.visibility or Visibility.PUBLIC,
    )


def get_article(session: Session, article_id, agent=None) -> ArticleDetail:
    """One article (by UUID or external_id) with, given the agent, that agent's vote."""
    art = _article(session, article_id)
    mine = None
    if agent is not None:
        me = _agent(session, agent)
        mine = session.scalar(select(ArticleVote.helpful).where(
            ArticleVote.article_id == art.id, ArticleVote.agent_id == me.id, ArticleVote.deleted.is_(False)))
    return _detail(session, art, mine)


def _published_where():
    return and_(KA.status == "published", KA.deleted.is_(False))


def categories(session: Session) -> list[str]:
    return [c for c in session.scalars(
        select(KA.category).where(_published_where(), KA.category != "").distinct().order_by(KA.category))]


def languages(session: Session) -> list[str]:
    return list(session.scalars(select(KA.language).where(_published_where()).distinct().order_by(KA.language)))


def tags(session: Session, limit: int = 100) -> list[str]:
    """The most used tags of published articles (then alphabetical)."""
    if _is_sqlite(session):
        sql = ("SELECT j.value AS v, count(*) AS n FROM kb_articles AS a, json_each(a.tags) AS j "
               "WHERE a.status = 'published' AND a.deleted = :no GROUP BY j.value ORDER BY n DESC, v LIMIT :lim")
    else:
        sql = ("SELECT j.v, count(*) AS n FROM kb_articles AS a, json_array_elements_text(a.tags) AS j(v) "
               "WHERE a.status = 'published' AND a.deleted = :no GROUP BY j.v ORDER BY n DESC, j.v LIMIT :lim")
    return [str(r[0]) for r in session.execute(text(sql), {"no": False, "lim": limit})]


def filter_options(session: Session) -> FilterOptions:
    return FilterOptions(categories(session), tags(session), languages(session))


# --- using articles on tickets -----------------------------------------------------------------
def record_use(session: Session, article_id, ticket_id, agent, kind: str, now: datetime | None = None) -> uuid.UUID:
    """Records that an article was used on a ticket (link / excerpt / draft); returns the use's id."""
    check_choice("use", kind, USE_KINDS)
    art = _article(session, article_id)
    ticket = resolve_ticket(session, ticket_id) if ticket_id is not None else None
    me = _agent(session, agent)
    use = ArticleUse(article_id=art.id, ticket_id=ticket.id if ticket else None, agent_id=me.id, kind=kind,
                     at=now or utcnow())
    session.add(use)
    session.flush()
    if ticket is not None:
        from agentdesk.services import kb_learning

        kb_learning.learn(session, now, only=use.id)  # search learns from it at once (issue 16)
    return use.id


def vote(session: Session, article_id, agent, helpful: bool, ticket_id=None) -> VoteResult:
    """One vote per agent per article; voting again the other way moves it between counters."""
    art = _article(session, article_id)
    me = _agent(session, agent)
    helpful = bool(helpful)
    ticket = resolve_ticket(session, ticket_id) if ticket_id is not None else None
    existing = session.scalar(select(ArticleVote).where(ArticleVote.article_id == art.id, ArticleVote.agent_id == me.id))
    dh = dn = 0
    if existing is None:
        session.add(ArticleVote(article_id=art.id, agent_id=me.id, helpful=helpful,
                                ticket_id=ticket.id if ticket else None))
        dh, dn = (1, 0) if helpful else (0, 1)
    elif existing.deleted or existing.helpful != helpful:
        if not existing.deleted:
            dh, dn = (1, -1) if helpful else (-1, 1)
        else:
            dh, dn = (1, 0) if helpful else (0, 1)
        existing.helpful, existing.deleted, existing.at = helpful, False, utcnow()
        if ticket:
            existing.ticket_id = ticket.id
    if dh or dn:
        # In SQL, not in Python: two agents voting at once must both count.
        session.execute(update(KT).where(KT.c.id == art.id).values(
            helpful=func.max(KT.c.helpful + dh, 0) if _is_sqlite(session) else func.greatest(KT.c.helpful + dh, 0),
            not_helpful=func.max(KT.c.not_helpful + dn, 0) if _is_sqlite(session) else func.greatest(KT.c.not_helpful + dn, 0),
        ))
    session.flush()
    if helpful and ticket is not None:
        from agentdesk.services import kb_learning

        vid = existing.id if existing is not None else session.scalar(select(ArticleVote.id).where(
            ArticleVote.article_id == art.id, ArticleVote.agent_id == me.id))
        kb_learning.learn(session, only=vid)  # a vote learned once (flipping it back does not unlearn)
    h, n = session.execute(select(KT.c.helpful, KT.c.not_helpful).where(KT.c.id == art.id)).one()
    session.expire(art, ["helpful", "not_helpful", "updated_at"])
    return VoteResult(art.id, h, n, helpful)


# --- proposals and review ----------------------------------------------------------------------
def _text_field(name: str, value, max_len: int, required: bool = True) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidValue(code="field.not_text", field=name)
    value = value.strip()
    if required and not value:
        raise InvalidValue(code="field.empty", field=name)
    if len(value) > max_len:
        raise InvalidValue(code="field.too_long", field=name, most=max_len)
    return value


def _tag_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    if not isinstance(value, (list, tuple)) or not all(isinstance(t, str) for t in value):
        raise InvalidValue(code="kb.tags_not_list")
    out = list(dict.fromkeys(t.strip() for t in value if t.strip()))
    if any(len(t) > 64 for t in out):
        raise InvalidValue(code="kb.tag_too_long", most=64)
    return out


# --- visibility ----------------------------------------------------------------------------------
def check_visibility_change(role: str, visibility) -> Visibility:
    """The rule for marking an article public or internal, which the local service and the
    team server both apply: leads and admins only, one of VISIBILITIES."""
    if role not in LEAD_ROLES:
        raise NotAllowed(code="kb.visibility_leads_only", role=role)
    if visibility not in VISIBILITIES:
        raise InvalidValue(code="kb.invalid_visibility", value=visibility, allowed=", ".join(VISIBILITIES))
    return Visibility(visibility)


def set_visibility(session: Session, lead, article_id, visibility: str) -> ArticleDetail:
    """A lead marks an article public (may be quoted to customers) or internal (agents'
    procedures); audited. In a team workspace the change travels as its own op."""
    me = _agent(session, lead)
    value = check_visibility_change(me.role, visibility)
    art = _article(session, article_id)
    if art.status == "proposed":
        raise InvalidValue(code="kb.proposal_visibility")
    old = art.visibility or Visibility.PUBLIC
    if old != value:
        art.visibility = value.value
        session.flush()
        audit(session, me, "kb_article", art.id, "visibility", {"visibility": (old, value.value)})
    return _detail(session, art)


def _require_lead(agent: Agent) -> None:
    if agent.role not in LEAD_ROLES:
        raise NotAllowed(code="kb.review_leads_only", login=agent.login, role=agent.role)


def propose(session: Session, agent, title: str, body: str, *, category: str | None = None, tags=None,
            language: str | None = None, proposal_of=None) -> ArticleDetail:
    """An agent's proposal of a new article, or (proposal_of: the article's id) of an edit.
    Unset fields of an edit keep the original's values."""
    me = _agent(session, agent)
    original = None
    if proposal_of is not None:
        original = _article(session, proposal_of)
        if original.status != "published":
            raise InvalidValue(code="kb.propose_unpublished")
    art = KA(
        title=_text_field("title", title, 300),
        body=_text_field("body", body, 100_000),
        category=_text_field("category", category if category is not None else (original.category if original else ""), 64,
                             required=False),
        tags=_tag_list(tags) if tags is not None else (_tags(original.tags) if original else []),
        language=check_choice("language", language or (original.language if original else "ko"), LANGUAGES),
        status="proposed", proposed_by_id=me.id, proposal_of_id=original.id if original else None,
        helpful=0, not_helpful=0,
    )
    session.add(art)
    session.flush()
    audit(session, me, "kb_article", art.id, "propose", {"title": (None, art.title)})
    return _detail(session, art)


def list_proposals(session: Session, agent) -> list[ProposalRow]:
    """A lead's review queue (every waiting proposal, oldest first); an agent's own proposals
    in any state, newest first."""
    me = _agent(session, agent)
    stmt = select(KA).where(KA.deleted.is_(False), KA.proposed_by_id.is_not(None))
    if me.role in LEAD_ROLES:
        stmt = stmt.where(KA.status == "proposed").order_by(KA.updated_at, KA.id)
    else:
        stmt = stmt.where(KA.proposed_by_id == me.id).order_by(KA.updated_at.desc(), KA.id)
    return [_proposal_row(session, art) for art in session.scalars(stmt.limit(500))]


def _proposal_row(session: Session, art: KnowledgeArticle) -> ProposalRow:
    original = session.get(KA, art.proposal_of_id) if art.proposal_of_id else None
    return ProposalRow(
        art.id, art.title, art.body, art.category or "", _tags(art.tags), art.language, art.status,
        _agent_name(session, art.proposed_by_id), art.proposal_of_id, original.title if original else "",
        original.body if original else "", art.review_note or "", art.updated_at)


def _proposal(session: Session, proposal_id) -> KnowledgeArticle:
    art = _article(session, proposal_id)
    if art.status != "proposed":
        raise InvalidValue(code="kb.not_a_proposal", title=art.title, status=art.status)
    return art


def publish(session: Session, lead, proposal_id) -> ArticleDetail:
    """Publishes a proposal: a new article goes live; an edit updates the original article
    (and its index entry). Returns the published article."""
    me = _agent(session, lead)
    _require_lead(me)
    prop = _proposal(session, proposal_id)
    now = utcnow()
    if prop.proposal_of_id is None:
        prop.status, prop.published_at = "published", now
        session.flush()
        _index(session, prop)
        audit(session, me, "kb_article", prop.id, "publish", {"status": ("proposed", "published")})
        return _detail(session, prop)
    original = session.get(KA, prop.proposal_of_id)
    if original is None or original.deleted or original.status != "published":
        raise InvalidValue(code="kb.original_unpublished")
    changes = {}
    _unindex(session, original)  # with the text that was indexed, before it changes
    for name in ("title", "body", "category", "tags", "language"):
        old, new = getattr(original, name), getattr(prop, name)
        if old != new:
            changes[name] = (old if name != "body" else f"{len(old)} chars", new if name != "body" else f"{len(new)} chars")
            setattr(original, name, list(new) if name == "tags" else new)
    original.published_at = now
    prop.status = "applied"
    session.flush()
    _index(session, original)
    audit(session, me, "kb_article", original.id, "publish", {**changes, "proposal": (None, prop.id)})
    return _detail(session, original)


def reject(session: Session, lead, proposal_id, note: str) -> ProposalRow:
    """Turns a proposal down with a note its author will see."""
    me = _agent(session, lead)
    _require_lead(me)
    note = _text_field("note", note, 2000)
    prop = _proposal(session, proposal_id)
    prop.status, prop.review_note = "rejected", note
    session.flush()
    audit(session, me, "kb_article", prop.id, "reject", {"status": ("proposed", "rejected"), "note": (None, note)})
    return _proposal_row(session, prop)


# --- import ------------------------------------------------------------------------------------
ARTICLE_LIMITS = {"external_id": 120, "title": 300, "body": 100_000, "category": 64}
TAG_LIMIT = 64


@lru_cache(maxsize=1)
def _article_model() -> type[BaseModel]:
    """The pydantic model of one imported article. Built on first use: pydantic costs
    ~25 ms to import, and the window imports this module while it starts."""
    from typing import Annotated, Literal

    from pydantic import BaseModel, ConfigDict, StringConstraints, field_validator

    def text(limit: int, required: bool = True):
        return StringConstraints(strip_whitespace=True, min_length=1 if required else 0, max_length=limit)

    class ArticleImport(BaseModel):
        model_config = ConfigDict(extra="ignore", frozen=True)

        external_id: Annotated[str, text(ARTICLE_LIMITS["external_id"])]
        title: Annotated[str, text(ARTICLE_LIMITS["title"])]
        body: Annotated[str, text(ARTICLE_LIMITS["body"])]
        tags: list[Annotated[str, text(TAG_LIMIT, required=False)]] = []
        category: Annotated[str, text(ARTICLE_LIMITS["category"], required=False)] = ""
        language: Literal["ko", "en"] = "ko"
        # None (left out): a new article is public, an existing one keeps what a lead set.
        visibility: Literal["public", "internal"] | None = None

        @field_validator("external_id", "title", "body", "category", mode="before")
        @classmethod
        def _none_as_empty(cls, value):
            return "" if value is None else value  # a JSON null reads as a missing value

        @field_validator("external_id", "title", "body", "category", "tags")
        @classmethod
        def _no_nul(cls, value):
            # "\u0000" is valid JSON, but PostgreSQL text cannot hold it: refused here, by line and field.
            if any("\x00" in v for v in (value if isinstance(value, list) else [value])):
                raise ValueError("must not contain a NUL character (\\u0000)")
            return value

        @field_validator("external_id", mode="before")
        @classmethod
        def _number_as_text(cls, value):
            # Catalogue exports often number their articles: 17 and "17" are the same id.
            return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

        @field_validator("tags", mode="before")
        @classmethod
        def _tags_from_text(cls, value):
            if value is None:
                return []
            return value.replace(",", " ").split() if isinstance(value, str) else value

        @field_validator("tags")
        @classmethod
        def _tags_unique(cls, value: list[str]) -> list[str]:
            return list(dict.fromkeys(t for t in value if t))

        @field_validator("language", mode="before")
        @classmethod
        def _language_default(cls, value):
            return value or "ko"

    assert set(LANGUAGES) == {"ko", "en"}  # the Literals above spell LANGUAGES and VISIBILITIES out
    assert set(VISIBILITIES) == {"public", "internal"}
    return ArticleImport


def _import_error(error: Mapping) -> InvalidValue:
    """Today's message for pydantic's first error: it names the field, as before."""
    from agentdesk.sync.protocol import clip

    kind, loc = error["type"], error["loc"]
    name = str(loc[0]) if loc else ""
    if not loc and kind in ("model_type", "model_attributes_type", "dict_type"):
        return InvalidValue(code="kb.import_not_object")
    if name == "tags":
        if kind == "value_error":
            return InvalidValue(code="kb.import_tag_nul")
        if kind == "string_too_long":
            return InvalidValue(code="kb.tag_too_long", most=TAG_LIMIT)
        return InvalidValue(code="kb.tags_not_list")
    if name == "language" and kind == "literal_error":
        value = error.get("input")
        return InvalidValue(code="kb.import_language", value=clip(value), allowed=", ".join(LANGUAGES))
    if name == "visibility":
        return InvalidValue(code="kb.import_visibility", value=clip(error.get("input")), allowed=", ".join(VISIBILITIES))
    if kind == "string_type" or (name == "language" and kind != "missing"):
        return InvalidValue(code="field.not_text", field=name)
    if kind in ("string_too_short", "missing"):
        return InvalidValue(code="field.empty", field=name)
    if kind == "string_too_long":
        return InvalidValue(code="field.too_long", field=name, most=f"{ARTICLE_LIMITS.get(name, 0):,}")
    if kind == "value_error":
        return InvalidValue(code="kb.import_field_nul", field=name)
    return InvalidValue(code="field.invalid", field=name, detail=error["msg"])


def check_article(data) -> dict:
    """One article to import, validated: {external_id, title, body, tags, category, language,
    visibility (None: not given)}.
    Raises InvalidValue naming the field."""
    from pydantic import ValidationError

    try:
        article = _article_model().model_validate(data)
    except ValidationError as exc:
        raise _import_error(exc.errors(include_url=False)[0]) from None
    return article.model_dump()


IMPORT_BATCH = 500
_IMPORT_COLS = frozenset(KT.c.keys())


def _import_changes_nothing(cur: dict, d: dict, sqlite: bool) -> bool:
    """The imported article is the stored one as it stands: published, not deleted, indexed,
    under this external_id, with the same text and (when the file gives one) visibility."""
    return (cur["status"] == "published" and not cur.get("deleted") and cur.get("_stored_external_id") is not None
            and (cur["_indexed"] or not sqlite) and all(cur.get(k) == v for k, v in d.items()))


def import_articles(session: Session, articles: Iterable[Mapping]) -> tuple[int, int]:
    """Creates or updates (same external_id) published articles; returns (created, updated).
    An article the import would leave as it is counts in neither and is not written.

    All or nothing: an invalid article raises InvalidValue ('article N: …') before
    anything is written, and the caller's transaction covers the whole import.
    """
    sqlite = _is_sqlite(session)
    items = []
    for n, data in enumerate(articles, 1):
        try:
            items.append(check_article(data))
        except InvalidValue as exc:
            raise InvalidValue(code="kb.import_article", index=n, error=exc) from None
    created = updated = 0
    next_key = _next_key(session) if sqlite else 0
    now = utcnow()
    seen: dict[str, dict] = {}  # external_id → the row as this import leaves it (+ "_indexed")
    for start in range(0, len(items), IMPORT_BATCH):
        batch = items[start : start + IMPORT_BATCH]
        wanted = list({d["external_id"] for d in batch if d["external_id"] not in seen})
        if wanted:
            cols = (KT.c.id, KT.c.external_id, KT.c.title, KT.c.body, KT.c.tags, KT.c.category, KT.c.language,
                    KT.c.status, KT.c.search_key, KT.c.published_at, KT.c.visibility, KT.c.deleted)
            # An article without an external_id is exported under its UUID: the same one comes back.
            by_id = {u: w for w in wanted if (u := parse_uuid(w)) is not None}
            found = list(session.execute(select(*cols).where(KT.c.external_id.in_(wanted))).mappings())
            if by_id:
                found += session.execute(select(*cols).where(KT.c.id.in_(list(by_id)), KT.c.external_id.is_(None))
                                         ).mappings()
            for r in found:
                row = dict(r)
                row["_stored_external_id"] = row["external_id"]
                row["external_id"] = row["external_id"] or by_id[row["id"]]
                row["_indexed"] = sqlite and row["search_key"] is not None and row["status"] == "published"
                seen[row["external_id"]] = row
        # The index sees each touched article once per batch: out with the text it holds
        # now (before this batch), in with the final text.
        before: dict[str, dict | None] = {}
        new_ids: list[str] = []
        changed_ids: dict[str, None] = {}
        for d in batch:
            ext = d["external_id"]
            cur = seen.get(ext)
            if d.get("visibility") is None:
                d = {k: v for k, v in d.items() if k != "visibility"}  # an existing article keeps its own
            if cur is not None and _import_changes_nothing(cur, d, sqlite):
                # Not an edit: updated_at stays, so no desk pulls the article again and the
                # index keeps its row (a nightly re-import of the same file touched them all).
                continue
            if ext not in before:
                before[ext] = (_index_values(cur["title"], cur["body"], cur["tags"], cur["category"])
                               if cur is not None and cur["_indexed"] else None)
            if cur is None:
                cur = seen[ext] = {"id": new_uuid(), "visibility": Visibility.PUBLIC.value, **d, "status": "published",
                                   "published_at": now, "helpful": 0,
                                   "not_helpful": 0, "review_note": "", "rev": 0, "deleted": False,
                                   "updated_at": now, "search_key": None, "_indexed": False,
                                   "_stored_external_id": ext}
                new_ids.append(ext)
                created += 1
            else:
                cur.update(d, status="published", published_at=cur.get("published_at") or now, deleted=False,
                           _stored_external_id=ext)
                if ext not in new_ids:
                    changed_ids[ext] = None
                updated += 1
            if sqlite and cur["search_key"] is None:
                cur["search_key"] = next_key
                next_key += 1
        if sqlite:
            gone = [{"k": seen[ext]["search_key"], **vals} for ext, vals in before.items() if vals is not None]
            if gone:
                session.execute(_FTS_DELETE, gone)
        if new_ids:
            session.execute(KT.insert(), [{k: v for k, v in seen[ext].items() if k in _IMPORT_COLS} for ext in new_ids])
        if changed_ids:
            session.execute(
                update(KT).where(KT.c.id == bindparam("_id")).values(
                    title=bindparam("_title"), body=bindparam("_body"), tags=bindparam("_tags", type_=KT.c.tags.type),
                    category=bindparam("_category"), language=bindparam("_language"), status="published",
                    visibility=bindparam("_visibility"), external_id=bindparam("_ext"),
                    search_key=bindparam("_key"),
                    published_at=bindparam("_published_at", type_=KT.c.published_at.type),
                    deleted=False, updated_at=now),
                [{"_id": r["id"], "_title": r["title"], "_body": r["body"], "_tags": r["tags"], "_category": r["category"],
                  "_language": r["language"], "_key": r["search_key"], "_published_at": r["published_at"],
                  "_visibility": r["visibility"] or Visibility.PUBLIC.value, "_ext": r["external_id"]}
                 for r in (seen[ext] for ext in changed_ids)],
            )
        if sqlite and before:
            session.execute(_FTS_INSERT, [
                {"k": r["search_key"], **_index_values(r["title"], r["body"], r["tags"], r["category"])}
                for r in (seen[ext] for ext in before)])
            for ext in before:
                seen[ext]["_indexed"] = True
    return created, updated


EXPORT_BATCH = 1000


def export_articles(session: Session) -> Iterator[dict]:
    """Every published article in the import's shape (visibility included), by external_id:
    what kb import reads back. Streamed in batches (a knowledge base of 50,000 articles)."""
    key = func.coalesce(KA.external_id, sql_cast(KA.id, String))  # keyset pages, whatever the database
    last = ""
    while True:
        rows = session.execute(
            select(key.label("key"), KA.external_id, KA.id, KA.title, KA.body, KA.tags, KA.category, KA.language,
                   KA.visibility)
            .where(_published_where(), key > last).order_by(key).limit(EXPORT_BATCH)).all()
        for r in rows:
            yield {"external_id": r.external_id or str(r.id), "title": r.title, "body": r.body, "tags": _tags(r.tags),
                   "category": r.category or "", "language": r.language,
                   "visibility": r.visibility or Visibility.PUBLIC.value}
        if len(rows) < EXPORT_BATCH:
            return
        last = rows[-1].key


def new_uuid() -> uuid.UUID:
    return uuid.uuid4()
