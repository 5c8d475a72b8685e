"""Knowledge search that learns from use (issue 16; the rules in agentdesk/kb_learning_rules.py).

What is learned: when an agent inserts an article into a reply (article_uses) or rates it
helpful (article_votes) on a ticket, the terms of the ticket's first customer message
(its subject and first inbound message, as suggestions read them) are associated with
the article, per team (the ticket's team, else the agent's, else '' for none), each
event weighing 1 and halving every 30 days. ``learn`` adds what is new (incremental:
``kb_learned`` remembers what it holds) and is cheap when nothing is; ``record_use`` and
``vote`` call it for their own event, and the knowledge pane calls it on a worker when it
opens (uses pulled from elsewhere, a restored backup). ``rebuild`` starts over.

How it is used: ``knowledge.search(..., learn_for=team_key(...))`` adds a bounded boost
for the articles the query's terms led the team to, and expands the query with the
team's approved synonyms (as the built-in thesaurus does). A cold start (no uses yet, or
none for the query's terms) ranks exactly as the text alone.

Synonyms: ``proposals`` lists terms that often led to an article whose text lacks them;
a lead (of the team, or an admin) approves them (``save_synonym``), dismisses them
(status ``dismissed``: never proposed again), adds their own or removes one. In a team
workspace the capture queues ``kb.synonym_save`` and the team server checks it all again
(server/kb_learning.py).

Local: kb_associations and kb_learned are this database's own (derived, never synced);
kb_synonyms is synced. On a team desk each desk learns from the uses recorded on it and
the helpful votes it pulls; what a team shares is its lead-approved synonyms.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, func, insert, select, tuple_, update
from sqlalchemy.orm import Session

from agentdesk import kb_learning_rules as kr
from agentdesk import rules
from agentdesk.models import (
    Agent,
    ArticleUse,
    ArticleVote,
    KbAssociation,
    KbLearned,
    KbSynonym,
    KnowledgeArticle,
    Message,
    Team,
    Ticket,
    utcnow,
)
from agentdesk.services import textsearch
from agentdesk.services.common import InvalidValue, NotAllowed, audit
from agentdesk.services.routing import find_team

LEARN_BATCH = 5000
_CHUNK = 400


# --- plain data out ----------------------------------------------------------------------------
@dataclass(frozen=True)
class SynonymRow:
    id: uuid.UUID
    team_id: uuid.UUID
    phrase: str
    words: str
    status: str
    updated_at: datetime | None


@dataclass(frozen=True)
class Proposal:
    phrase: str  # the term customers used
    words: str  # what the article says (its title, as a starting point a lead edits)
    article_id: uuid.UUID
    article_title: str
    weight: float  # decayed uses of the term that led to the article
    share: float  # of all the term's uses


def team_key(team_id: uuid.UUID | str | None) -> str:
    """The key associations are kept under: the team's id, '' for no team."""
    return str(team_id) if team_id else ""


# --- terms -------------------------------------------------------------------------------------
def learning_terms(text: str, limit: int | None = kr.MAX_MESSAGE_TERMS) -> list[str]:
    """The distinct terms of a message that can carry its topic: Hangul bigrams inside words
    (no bridging bigrams across a space), single-syllable words (앱, 돈), light English
    stems; without the particles, endings and greetings search drops (COMMON_BIGRAMS,
    STOPWORDS). The first kr.MAX_MESSAGE_TERMS."""
    from agentdesk.services.knowledge import COMMON_BIGRAMS, STOPWORDS

    out: dict[str, None] = {}
    for match in textsearch._TOKEN.finditer(text if limit is None else text[: textsearch.MAX_QUERY_CHARS * 2]):
        word = match.group(0)
        if textsearch.is_cjk(word):
            grams = [word] if len(word) == 1 else [word[i: i + 2] for i in range(len(word) - 1)]
            for g in grams:
                if g not in COMMON_BIGRAMS:
                    out.setdefault(g, None)
        else:
            w = word.lower()
            if len(w) >= 2 and w not in STOPWORDS and not w.isdigit():
                out.setdefault(textsearch.light_stem(w)[: kr.MAX_TERM_CHARS], None)
        if limit is not None and len(out) >= limit:
            break
    return list(out)[:limit] if limit is not None else list(out)


def _first_customer_text(session: Session, ticket_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Per ticket, its subject and first inbound message (quoted mail left out)."""
    ids = list(dict.fromkeys(ticket_ids))
    out: dict[uuid.UUID, str] = {}
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i: i + _CHUNK]
        subjects = dict(session.execute(select(Ticket.id, Ticket.subject).where(Ticket.id.in_(chunk))).all())
        firsts: dict[uuid.UUID, str] = {}
        for tid, body in session.execute(
                select(Message.ticket_id, Message.body)
                .where(Message.ticket_id.in_(chunk), Message.direction == "inbound", Message.deleted.is_(False))
                .order_by(Message.ticket_id, Message.created_at, Message.id)).all():
            firsts.setdefault(tid, body or "")
        for tid in chunk:
            if tid not in subjects:
                continue
            body = "\n".join(ln for ln in firsts.get(tid, "").splitlines() if not ln.lstrip().startswith(">"))
            out[tid] = f"{subjects[tid] or ''}\n{body}".strip()[:1000]
    return out


# --- learning ----------------------------------------------------------------------------------
def learn(session: Session, now: datetime | None = None, batch: int = LEARN_BATCH,
          only: uuid.UUID | None = None) -> int:
    """Adds the uses and helpful votes not learned yet (``only``: just that use or vote, as
    record_use and vote do); returns how many. Idempotent."""
    now = now or utcnow()
    L = KbLearned
    use_q = (select(ArticleUse.id, ArticleUse.article_id, ArticleUse.ticket_id, ArticleUse.agent_id, ArticleUse.at)
             .outerjoin(L, L.source_id == ArticleUse.id)
             .where(L.source_id.is_(None), ArticleUse.ticket_id.is_not(None), ArticleUse.deleted.is_(False)))
    vote_q = (select(ArticleVote.id, ArticleVote.article_id, ArticleVote.ticket_id, ArticleVote.agent_id,
                     ArticleVote.at)
              .outerjoin(L, L.source_id == ArticleVote.id)
              .where(L.source_id.is_(None), ArticleVote.ticket_id.is_not(None), ArticleVote.deleted.is_(False),
                     ArticleVote.helpful.is_(True)))
    if only is not None:
        use_q, vote_q = use_q.where(ArticleUse.id == only), vote_q.where(ArticleVote.id == only)
    uses = session.execute(use_q.limit(batch)).all()
    votes = session.execute(vote_q.limit(batch)).all()
    events = [(r, kr.USE_WEIGHT) for r in uses] + [(r, kr.VOTE_WEIGHT) for r in votes]
    if not events:
        return 0
    texts = _first_customer_text(session, (r.ticket_id for r, _ in events))
    tickets_team = dict(session.execute(select(Ticket.id, Ticket.team_id).where(
        Ticket.id.in_(list(texts)))).all()) if texts else {}
    agent_ids = {r.agent_id for r, _ in events if r.agent_id is not None}
    agents_team = dict(session.execute(select(Agent.id, Agent.team_id).where(Agent.id.in_(agent_ids))).all()) \
        if agent_ids else {}
    pending: dict[tuple[str, str, uuid.UUID], tuple[float, datetime]] = {}
    for r, weight in events:
        text = texts.get(r.ticket_id)
        if not text:
            continue
        key = team_key(tickets_team.get(r.ticket_id) or agents_team.get(r.agent_id))
        at = r.at or now
        for term in learning_terms(text):
            k = (key, term, r.article_id)
            cur = pending.get(k)
            pending[k] = (weight, at) if cur is None else kr.add_weight(cur[0], cur[1], weight, at)
    _merge(session, pending)
    session.execute(insert(L), [{"source_id": r.id, "at": now} for r, _ in events])
    session.flush()
    return len(events)


def _article_texts(session: Session, ids) -> dict[uuid.UUID, str]:
    KA = KnowledgeArticle
    return {r.id: f"{r.title}\n{r.body}\n{' '.join(str(t) for t in (r.tags or []))}\n{r.category}".lower()
            for r in session.execute(select(KA.id, KA.title, KA.body, KA.tags, KA.category)
                                     .where(KA.id.in_(list(ids)))).all()} if ids else {}


def _merge(session: Session, pending: dict[tuple[str, str, uuid.UUID], tuple[float, datetime]]) -> None:
    """Adds learned weights; each row also notes whether the article's text has the term
    (read here, at learning time, so a search never reads article bodies)."""
    A = KbAssociation
    keys = list(pending)
    for i in range(0, len(keys), _CHUNK):
        chunk = keys[i: i + _CHUNK]
        texts = _article_texts(session, {k[2] for k in chunk})
        existing = {(r.team_key, r.term, r.article_id): (r.weight, r.at) for r in session.execute(
            select(A.team_key, A.term, A.article_id, A.weight, A.at)
            .where(tuple_(A.team_key, A.term, A.article_id).in_(chunk))).all()}
        new_rows, changed = [], []
        for k in chunk:
            w, at = pending[k]
            if k in existing:
                ow, oat = existing[k]
                nw, nat = kr.add_weight(ow, oat, w, at)
                changed.append({"k0": k[0], "k1": k[1], "k2": k[2], "w": nw, "a": nat,
                                "t": k[1] in texts.get(k[2], "")})
            else:
                new_rows.append({"team_key": k[0], "term": k[1], "article_id": k[2], "weight": w, "at": at,
                                 "in_text": k[1] in texts.get(k[2], "")})
        if new_rows:
            session.execute(insert(A), new_rows)
        for c in changed:
            session.execute(update(A).where(A.team_key == c["k0"], A.term == c["k1"], A.article_id == c["k2"])
                            .values(weight=c["w"], at=c["a"], in_text=c["t"]))


def rebuild(session: Session, now: datetime | None = None) -> int:
    """Forgets every association and learns everything again; returns how many events."""
    session.execute(delete(KbAssociation))
    session.execute(delete(KbLearned))
    total = 0
    while True:
        n = learn(session, now)
        total += n
        if n == 0:
            return total


def shares_for(session: Session, key: str, terms: list[str], now: datetime | None = None) -> dict[uuid.UUID, float]:
    """The query's association with each article for the team (kr.association_share); {}
    when nothing is learned for these terms (a cold start)."""
    if not terms:
        return {}
    now = now or utcnow()
    A = KbAssociation
    # One round trip: the rows of the query's terms that led to at most MAX_ARTICLES_PER_TERM
    # articles (the count reads the primary key's index only).
    specific = (select(A.term).where(A.team_key == key, A.term.in_(terms)).group_by(A.term)
                .having(func.count() <= kr.MAX_ARTICLES_PER_TERM))
    rows = session.execute(select(A.term, A.article_id, A.weight, A.at, A.in_text)
                           .where(A.team_key == key, A.term.in_(specific))).all()
    if not rows:
        return {}
    per_term: dict[str, dict[uuid.UUID, float]] = defaultdict(dict)
    says: set[tuple[str, uuid.UUID]] = set()
    for r in rows:
        art = r.article_id if isinstance(r.article_id, uuid.UUID) else uuid.UUID(str(r.article_id))
        per_term[r.term][art] = kr.decay(r.weight, r.at, now)
        if r.in_text:
            says.add((r.term, art))
    shares = kr.association_share(per_term, lambda term, art: (term, art) in says)
    return shares


# --- synonyms ----------------------------------------------------------------------------------
def _team_uuid(key: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(key) if key else None
    except ValueError:
        return None


_S = KbSynonym.__table__
# Core, not ORM: it runs on every keystroke's search (the ORM's per-call cost was 1–2 ms).
_SYNONYMS_SQL = select(_S.c.phrase, _S.c.words).where(
    _S.c.team_id == bindparam("t"), _S.c.status == bindparam("s"), _S.c.deleted == bindparam("no")
).limit(kr.MAX_SYNONYMS)


def synonyms_for(session: Session, key: str) -> dict[str, str]:
    """The team's approved synonyms {phrase: words} (what search adds to a query)."""
    tid = _team_uuid(key)
    if tid is None:
        return {}
    return dict(session.execute(_SYNONYMS_SQL, {"t": tid, "s": kr.APPROVED, "no": False}).all())


def _row(r: KbSynonym) -> SynonymRow:
    return SynonymRow(r.id, r.team_id, r.phrase, r.words, r.status, r.updated_at)


def list_synonyms(session: Session, team=None, actor: Agent | None = None) -> list[SynonymRow]:
    """The team's synonyms (approved and dismissed), by phrase."""
    t = find_team(session, team, actor)
    S = KbSynonym
    return [_row(r) for r in session.scalars(select(S).where(S.team_id == t.id, S.deleted.is_(False))
                                             .order_by(S.status, S.phrase))]


def _check_write(actor: Agent, t: Team) -> None:
    try:
        kr.check_synonym_write(actor.role, actor.team_id, t.id)
    except rules.RuleError as exc:
        raise NotAllowed.like(exc) from None


def save_synonym(session: Session, actor: Agent, team, phrase, words, status: str = kr.APPROVED,
                 now: datetime | None = None) -> SynonymRow:
    """Adds or changes one of the team's synonyms (a lead of the team, or an admin); audited."""
    now = now or utcnow()
    t = find_team(session, team, actor)
    _check_write(actor, t)
    try:
        status = kr.check_status(status)
        checked = kr.check_synonym(phrase, words if status == kr.APPROVED else (words or "-"))
    except rules.RuleError as exc:
        raise InvalidValue.like(exc) from None
    sid = kr.synonym_id(t.id, checked.phrase)
    row = session.get(KbSynonym, sid)
    if row is None or row.deleted:
        count = session.scalar(select(KbSynonym.id).where(KbSynonym.team_id == t.id, KbSynonym.deleted.is_(False))
                               .offset(kr.MAX_SYNONYMS - 1).limit(1))
        try:
            kr.check_synonym_count(kr.MAX_SYNONYMS if count is not None else 0)
        except rules.RuleError as exc:
            raise InvalidValue.like(exc) from None
    before = (row.words, row.status) if row is not None and not row.deleted else None
    if row is None:
        row = KbSynonym(id=sid, team_id=t.id, phrase=checked.phrase)
        session.add(row)
    row.words, row.status, row.deleted, row.updated_by, row.updated_at = checked.words, status, False, actor.id, now
    audit(session, actor, "kb_synonyms", sid, "update" if before else "create",
          {"phrase": (None, checked.phrase), "words": (before[0] if before else None, checked.words),
           "status": (before[1] if before else None, status)}, at=now)
    session.flush()
    return _row(row)


def remove_synonym(session: Session, actor: Agent, team, phrase, now: datetime | None = None) -> None:
    """Removes one of the team's synonyms (soft: the row syncs as deleted)."""
    now = now or utcnow()
    t = find_team(session, team, actor)
    _check_write(actor, t)
    row = session.get(KbSynonym, kr.synonym_id(t.id, kr.normalise_phrase(str(phrase or ""))))
    if row is None or row.deleted:
        return
    row.deleted, row.updated_by, row.updated_at = True, actor.id, now
    audit(session, actor, "kb_synonyms", row.id, "delete", {"phrase": (row.phrase, None)}, at=now)
    session.flush()


def proposals(session: Session, team=None, actor: Agent | None = None, now: datetime | None = None,
              limit: int = kr.MAX_PROPOSALS) -> list[Proposal]:
    """Terms that often led the team to an article whose text lacks them, strongest first;
    without the team's synonyms (approved or dismissed) and the built-in thesaurus's."""
    from agentdesk.services.knowledge import THESAURUS

    now = now or utcnow()
    t = find_team(session, team, actor)
    key = team_key(t.id)
    A = KbAssociation
    strong = session.execute(select(A.term).where(A.team_key == key, A.weight >= kr.PROPOSE_MIN_WEIGHT)
                             .distinct().limit(2000)).scalars().all()
    if not strong:
        return []
    taken = set(session.scalars(select(KbSynonym.phrase).where(KbSynonym.team_id == t.id,
                                                               KbSynonym.deleted.is_(False))))
    per_term: dict[str, dict[uuid.UUID, float]] = defaultdict(dict)
    for i in range(0, len(strong), _CHUNK):
        for r in session.execute(select(A.term, A.article_id, A.weight, A.at)
                                 .where(A.team_key == key, A.term.in_(strong[i: i + _CHUNK]))).all():
            per_term[r.term][r.article_id] = kr.decay(r.weight, r.at, now)
    found: list[tuple[str, uuid.UUID, float, float]] = []
    for term, weights in per_term.items():
        if term in taken or any(term in k or k in term for k in THESAURUS):
            continue
        total = sum(weights.values())
        art, w = max(weights.items(), key=lambda kv: kv[1])
        if w >= kr.PROPOSE_MIN_WEIGHT and total > 0 and w / total >= kr.PROPOSE_MIN_SHARE:
            found.append((term, art, w, w / total))
    if not found:
        return []
    KA = KnowledgeArticle
    arts = {a.id: a for a in session.execute(
        select(KA.id, KA.title, KA.body, KA.tags, KA.category)
        .where(KA.id.in_({f[1] for f in found}), KA.status == "published", KA.deleted.is_(False))).all()}
    out = []
    for term, art_id, w, share in sorted(found, key=lambda f: (-f[2], f[0])):
        a = arts.get(art_id)
        if a is None:
            continue
        text = " ".join([a.title or "", a.body or "", " ".join(str(x) for x in (a.tags or [])), a.category or ""])
        if term in set(learning_terms(text, None)) or term in text.lower():
            continue  # the article already says it: search finds it without help
        words = " ".join(a.title.replace("(", " ").replace(")", " ").replace("·", " ").split())[: kr.MAX_WORDS_CHARS]
        out.append(Proposal(term, words, art_id, a.title, round(w, 2), round(share, 2)))
        if len(out) >= limit:
            break
    return out


# --- for the knowledge pane (an agent's id in, plain data out) -------------------------------------
@dataclass(frozen=True)
class SynonymsView:
    team_name: str
    synonyms: list[SynonymRow]
    proposals: list[Proposal]
    can_edit: bool


def _me(session: Session, agent) -> Agent:
    from agentdesk.services.knowledge import _agent

    return _agent(session, agent)


def search_as(session: Session, agent, query: str, **filters):
    """knowledge.search with what the agent's team learned (the pane's search)."""
    from agentdesk.services import knowledge

    me = _me(session, agent)
    return knowledge.search(session, query, learn_for=team_key(me.team_id), **filters)


def synonyms_view(session: Session, agent, now: datetime | None = None) -> SynonymsView:
    """The agent's team's synonyms and, for a lead, the proposals (learning what is new first)."""
    me = _me(session, agent)
    t = find_team(session, None, me)
    try:
        kr.check_synonym_write(me.role, me.team_id, t.id)
        can_edit = True
    except rules.RuleError:
        can_edit = False
    props = proposals(session, t, me, now) if can_edit else []
    return SynonymsView(t.name, list_synonyms(session, t, me), props, can_edit)


def save_as(session: Session, agent, phrase, words, status: str = kr.APPROVED) -> SynonymRow:
    me = _me(session, agent)
    return save_synonym(session, me, None, phrase, words, status)


def remove_as(session: Session, agent, phrase) -> None:
    me = _me(session, agent)
    remove_synonym(session, me, None, phrase)


def learn_new(session: Session) -> int:
    """What the pane runs on a worker when it opens: learn the uses and votes not learned yet."""
    return learn(session)
