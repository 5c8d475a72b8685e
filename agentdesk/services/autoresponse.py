"""FAQ auto-response (자동 응답, issue 14): a team's settings per channel, and the
automatic answer the gateway gives a new inbound message from the knowledge base.

``after_receive(session, inbound, received, now)`` is called by the intake right after
``services.channels.receive`` stored an inbound message (in the gateway's session: the
sink stamps what it touched for sync, as for the message itself):

- a new ticket whose message is eligible (autoresponse_rules.eligibility: turned on for
  the team and channel, not a VIP, no urgent words, not auto-submitted, written less than
  a day before it is taken in: a backlog waits for a person) and whose best
  knowledge article is public, in a category the team allows and at or above the
  threshold's confidence gets that article's answer as a public reply, framed by the
  built-in "auto answer" template (Korean or English, as the message), in the name
  "자동 응답" / "Automatic answer" (no agent); the ticket is tagged ``auto-answered``
  and waits for the customer (pending).
- a customer's reply on an auto-answered ticket that says it did not help
  (autoresponse_rules.says_not_helped) puts it back in the queue: open, priority one
  step up (never above urgent), tagged ``auto-answer-failed``. It is never answered
  automatically again (one automatic answer per ticket, ever: the tag row stays even
  when an agent removes the tag).

Each is audited. ``save_settings`` is a lead's (or an admin's); on a team desk the
capture queues ``autoresponse.save`` and the team server checks it all again
(server/autoresponse.py).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk import autoresponse_rules as ar
from agentdesk import rules
from agentdesk.channels import Inbound, Outcome, Received
from agentdesk.models import (
    CHANNELS,
    Agent,
    AutoresponseSettings,
    Customer,
    KnowledgeArticle,
    Message,
    Team,
    Ticket,
    TicketTag,
    Visibility,
    utcnow,
)
from agentdesk.services import knowledge, templates
from agentdesk.services.common import InvalidValue, NotAllowed, audit
from agentdesk.services.routing import find_team
from agentdesk.services.tickets import index_ticket_text, update_ticket

MAX_HITS = 5
QUERY_CHARS = knowledge.SUGGEST_CHARS
ANSWER_CHARS = 2000  # of the article's body quoted in the answer

# The built-in "auto answer" template (services/templates.py renders it, within its budget).
TEMPLATE_KO = (
    "안녕하세요{% if customer.name %}, {{ customer.name }} 고객님{% else %}, 고객님{% endif %}.\n"
    "문의하신 내용에 대해 자주 묻는 질문의 답변을 먼저 보내 드립니다.\n\n"
    "[{{ article.title }}]\n{{ article.answer }}\n\n"
    "자세히 보기: {{ article.url }}\n\n"
    "이 안내로 해결되지 않았다면 이 메시지에 그대로 답장해 주세요. 상담원이 이어서 도와드리겠습니다.\n"
    "※ 이 메시지는 자동 응답입니다."
)
TEMPLATE_EN = (
    "Hello{% if customer.name %} {{ customer.name }}{% endif %},\n"
    "Thank you for your message. Here is the answer to this frequently asked question.\n\n"
    "[{{ article.title }}]\n{{ article.answer }}\n\n"
    "More: {{ article.url }}\n\n"
    "If this didn't solve it, just reply to this message and one of our agents will take it from here.\n"
    "(This is an automatic answer.)"
)


# --- plain data out -----------------------------------------------------------------------
@dataclass(frozen=True)
class SettingsRow:
    team_id: uuid.UUID
    team_name: str
    channel: str
    enabled: bool
    threshold: float
    categories: tuple[str, ...]
    stored: bool  # False: the defaults (nothing saved yet)
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Match:
    """The knowledge search's verdict on one message (what the bench measures)."""

    decision: ar.Decision
    article_id: uuid.UUID | None = None
    external_id: str | None = None
    title: str = ""
    category: str = ""
    language: str = ""
    scores: tuple[float, ...] = ()  # the hits' scores, best first (what the confidence read)
    public: bool = True  # the best hit is public
    scale: ar.Scale = ar.Scale.BM25


@dataclass(frozen=True)
class AutoOutcome:
    """What after_receive did: ``answered`` (message_id: the automatic reply),
    ``reopened`` (it did not help), or ``skipped`` (skip says why)."""

    action: str
    ticket_id: uuid.UUID | None
    skip: str | None = None
    confidence: float = 0.0
    article_id: uuid.UUID | None = None
    message_id: uuid.UUID | None = None


# --- settings -----------------------------------------------------------------------------
def _row(session: Session, team: Team, channel: str) -> SettingsRow:
    r = session.get(AutoresponseSettings, ar.settings_id(team.id, channel))
    if r is None or r.deleted:
        d = ar.Settings()
        return SettingsRow(team.id, team.name, channel, d.enabled, d.threshold, d.categories, False)
    s = ar.read_settings(r.enabled, r.threshold, r.categories)
    return SettingsRow(team.id, team.name, channel, s.enabled, s.threshold, s.categories, True, r.updated_at)


def get_settings(session: Session, team, channel: str, actor: Agent | None = None) -> SettingsRow:
    """A team's settings for one channel (the defaults, off, when none are stored)."""
    try:
        channel = ar.check_channel(channel)
    except rules.RuleError as exc:
        raise InvalidValue.like(exc) from None
    return _row(session, find_team(session, team, actor), channel)


def list_settings(session: Session, team, actor: Agent | None = None) -> list[SettingsRow]:
    """The team's settings for every channel, in the channels' order."""
    t = find_team(session, team, actor)
    return [_row(session, t, str(c)) for c in CHANNELS]


def settings_for(session: Session, team_id: uuid.UUID | None, channel: str) -> ar.Settings:
    """What the gateway applies: off without a team or a stored row."""
    if team_id is None:
        return ar.Settings()
    r = session.get(AutoresponseSettings, ar.settings_id(team_id, channel))
    if r is None or r.deleted:
        return ar.Settings()
    return ar.read_settings(r.enabled, r.threshold, r.categories)


def answerable_categories(session: Session) -> list[str]:
    """The categories of published public articles (what the checklist offers)."""
    KA = KnowledgeArticle
    return sorted(c for c in session.scalars(
        select(KA.category).where(KA.status == "published", KA.deleted.is_(False), KA.visibility == Visibility.PUBLIC)
        .distinct()) if c)


def save_settings(session: Session, actor: Agent, team, channel: str, *, enabled, threshold, categories,
                  now: datetime | None = None) -> SettingsRow:
    """Stores a team's settings for a channel (a lead of the team, or an admin), validated by
    autoresponse_rules; audited. In a team profile the capture queues ``autoresponse.save``
    and the server checks it all again."""
    now = now or utcnow()
    t = find_team(session, team, actor)
    try:
        ar.check_settings_write(actor.role, actor.team_id, t.id)
    except rules.RuleError as exc:
        raise NotAllowed.like(exc) from None
    try:
        channel = ar.check_channel(channel)
        checked = ar.check_settings(enabled, threshold, categories)
    except rules.RuleError as exc:
        raise InvalidValue.like(exc) from None
    sid = ar.settings_id(t.id, channel)
    row = session.get(AutoresponseSettings, sid)
    before = ar.read_settings(row.enabled, row.threshold, row.categories) if row is not None and not row.deleted \
        else None
    if row is None:
        row = AutoresponseSettings(id=sid, team_id=t.id, channel=channel)
        session.add(row)
    row.enabled, row.threshold, row.categories = checked.enabled, checked.threshold, list(checked.categories)
    row.updated_by, row.deleted, row.updated_at = actor.id, False, now
    audit(session, actor, "autoresponse_settings", sid, "update" if before is not None else "create",
          _settings_changes(before, checked), at=now)
    session.flush()
    return _row(session, t, channel)


def _settings_changes(before: ar.Settings | None, after: ar.Settings) -> dict:
    return {"enabled": (before.enabled if before else None, after.enabled),
            "threshold": (before.threshold if before else None, after.threshold),
            "categories": (" ".join(before.categories) if before else None, " ".join(after.categories))}


# --- matching -------------------------------------------------------------------------------
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


def language_of(text: str) -> str:
    """'ko' when a fifth or more of the letters are Hangul, else 'en'."""
    sample = (text or "")[:QUERY_CHARS]
    letters = len(_LETTER.findall(sample))
    return "ko" if letters and len(_HANGUL.findall(sample)) * 5 >= letters else "en"


def query_of(subject: str, text: str) -> str:
    """What is searched for: the subject and the message, without quoted earlier mail."""
    body = "\n".join(line for line in (text or "").splitlines() if not line.lstrip().startswith(">"))
    return f"{subject or ''}\n{body}".strip()[:QUERY_CHARS]


def match(session: Session, subject: str, text: str, settings: ar.Settings, facts: ar.MessageFacts) -> Match:
    """The decision for one message: eligibility, the best article in the message's
    language, its confidence against the threshold."""
    skip = ar.eligibility(settings, facts)
    if skip is not None:
        return Match(ar.Decision(False, skip))
    query = query_of(subject, text)
    lang = language_of(query)
    # typing=False: the whole message, no prefix matching of its last word (as suggestions).
    hits = knowledge._search(session, query, category=None, tag=None, language=lang, limit=MAX_HITS, typing=False)
    scale = ar.Scale.BM25 if session.get_bind().dialect.name == "sqlite" else ar.Scale.TERMS
    scored = [ar.Scored(h.score, h.visibility == Visibility.PUBLIC, h.category) for h in hits]
    decision = ar.decide(settings, facts, scored, scale)
    if not hits:
        return Match(decision, scale=scale)
    best = hits[0]
    return Match(decision, best.id, best.external_id, best.title, best.category, best.language,
                 tuple(h.score for h in hits), scored[0].public, scale)


# --- the gateway's hook -----------------------------------------------------------------------
def _tag_rows(session: Session, ticket_id: uuid.UUID) -> dict[str, TicketTag]:
    return {r.tag: r for r in session.scalars(select(TicketTag).where(TicketTag.ticket_id == ticket_id))}


def _system_actor() -> Agent:
    """update_ticket's actor for the gateway's own changes: None (no agent did it)."""
    return cast(Agent, None)


def after_receive(session: Session, inbound: Inbound, received: Received,
                  now: datetime | None = None) -> AutoOutcome | None:
    """The automatic answer for a newly stored inbound message, or the return of a failed
    one to the queue; None when the message stored nothing (a duplicate)."""
    if received.outcome == Outcome.DUPLICATE or received.ticket_id is None:
        return None
    now = now or utcnow()
    t = session.get(Ticket, received.ticket_id)
    if t is None or t.deleted:
        return None
    tags = _tag_rows(session, t.id)
    answered_before = ar.TAG_ANSWERED in tags  # live or removed: one automatic answer per ticket
    if answered_before and received.outcome == Outcome.THREADED and not inbound.auto_submitted:
        if ar.TAG_FAILED not in tags and ar.says_not_helped(inbound.text):
            return _failed(session, t, tags, now)
    c = session.get(Customer, t.customer_id) if t.customer_id else None
    written = inbound.received_at or now
    written = written if written.tzinfo is not None else written.replace(tzinfo=UTC)
    facts = ar.MessageFacts(text=f"{inbound.subject}\n{inbound.text}", new_ticket=received.outcome == Outcome.NEW,
                            auto_submitted=inbound.auto_submitted, vip_tier=c.vip_tier if c is not None else "standard",
                            auto_answered_before=answered_before, age_seconds=(now - written).total_seconds())
    settings = settings_for(session, t.team_id, t.channel)
    found = match(session, inbound.subject, inbound.text, settings, facts)
    d = found.decision
    if not d.answer or found.article_id is None:
        if d.skip not in (ar.Skip.OFF, ar.Skip.FOLLOW_UP, ar.Skip.ALREADY_ANSWERED):
            # A skip worth knowing (why this one waits for a person); routine ones stay quiet.
            audit(session, None, "ticket", t.id, "auto_answer_skipped",
                  {"reason": (None, str(d.skip)), "confidence": (None, f"{d.confidence:.2f}"),
                   "article": (None, found.external_id or found.article_id)}, at=now)
        return AutoOutcome("skipped", t.id, str(d.skip) if d.skip else None, d.confidence, found.article_id)
    return _answer(session, t, c, found, now)


def _answer(session: Session, t: Ticket, c: Customer | None, found: Match, now: datetime) -> AutoOutcome:
    art = session.get(KnowledgeArticle, found.article_id)
    assert art is not None  # found by the search in this transaction
    lang = "ko" if art.language == "ko" else "en"
    answer = (art.body or "").strip()
    if len(answer) > ANSWER_CHARS:
        answer = answer[: ANSWER_CHARS - 1].rstrip() + "…"
    ctx: dict[str, Any] = {
        "customer": templates._ns("customer", name=(c.name if c is not None and not c.deleted else "") or ""),
        "article": templates._ns("article", title=art.title, answer=answer, url=knowledge.article_url(session, art)),
        "ticket": templates._ns("ticket", number=t.number, subject=t.subject),
    }
    rendered = templates.render(TEMPLATE_KO if lang == "ko" else TEMPLATE_EN, ctx)
    if rendered.error or not rendered.text.strip():
        audit(session, None, "ticket", t.id, "auto_answer_skipped", {"reason": (None, "template")}, at=now)
        return AutoOutcome("skipped", t.id, "template", found.decision.confidence, art.id)
    body = rules.check_message("reply", rendered.text)
    m = Message(id=uuid.uuid4(), ticket_id=t.id, direction="outbound", kind="reply", channel=t.channel, body=body,
                author_agent_id=None, author_name=ar.AUTHOR_KO if lang == "ko" else ar.AUTHOR_EN, created_at=now)
    session.add(m)
    # Counted in SQL (as services/tickets.add_message): another writer may add a message at once.
    t.message_count = Ticket.message_count + 1
    t.updated_at = now
    session.flush()
    seq = session.scalar(select(Ticket.message_count).where(Ticket.id == t.id)) or 0
    index_ticket_text(session, t.number, seq, body)
    session.refresh(t)
    # Waiting for the customer, tagged: the ticket services' own rules and audit entry.
    update_ticket(session, t.id, _system_actor(), status="pending" if t.status != "pending" else None,
                  add_tags=[ar.TAG_ANSWERED], now=now, tag_rows=_tag_rows(session, t.id))
    audit(session, None, "ticket", t.id, "auto_answer",
          {"message": (None, m.id), "article": (None, art.external_id or art.id),
           "confidence": (None, f"{found.decision.confidence:.2f}")}, at=now)
    return AutoOutcome("answered", t.id, None, found.decision.confidence, art.id, m.id)


def _failed(session: Session, t: Ticket, tags: dict[str, TicketTag], now: datetime) -> AutoOutcome:
    """It did not help: back to the queue, one step more urgent, never answered again."""
    raised = ar.raised_priority(t.priority)
    update_ticket(session, t.id, _system_actor(), status="open" if t.status != "open" else None,
                  priority=raised if raised != t.priority else None, add_tags=[ar.TAG_FAILED], now=now, tag_rows=tags)
    audit(session, None, "ticket", t.id, "auto_answer_failed", {"priority": (None, raised)}, at=now)
    return AutoOutcome("reopened", t.id)

