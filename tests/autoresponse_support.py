"""Fixtures for the FAQ auto-response tests: the demo's articles in a workspace, and
inbound messages stored the way the intake stores them (until services/channels.receive
lands on main, a new ticket through tickets.create_ticket and a reply as an inbound
message on the ticket)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select

from agentdesk.channels import Inbound, Outcome, Received
from agentdesk.demo.catalogue import ARTICLES, INTERNAL_ARTICLES
from agentdesk.models import KnowledgeArticle, Message, Team, Ticket
from agentdesk.services import knowledge, tickets

NOW = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)


def seed_articles(session) -> dict[str, uuid.UUID]:
    """The demo's 40 articles, all published, KB-0001 … KB-0040 (as the demo numbers them)."""
    ids = {}
    for n, (title, category, tags, language, body) in enumerate(ARTICLES):
        a = KnowledgeArticle(external_id=f"KB-{n + 1:04d}", title=title, body=body, category=category, tags=list(tags),
                             language=language, status="published",
                             visibility="internal" if title in INTERNAL_ARTICLES else "public")
        session.add(a)
        session.flush()
        ids[a.external_id] = a.id
    knowledge.ensure_index(session)
    return ids


def team_id(session, name: str = "카드상담팀") -> uuid.UUID:
    return session.scalar(select(Team.id).where(Team.name == name))


def inbound(text: str, subject: str = "", channel: str = "email", auto_submitted: bool = False,
            sender: str = "younghee.choi@example.com") -> Inbound:
    return Inbound(channel=channel, external_id=f"<{uuid.uuid4()}@example.com>", sender_address=sender,
                   sender_name="최영희", subject=subject, text=text, received_at=NOW, auto_submitted=auto_submitted)


def receive_new(session, msg: Inbound, customer_id, team, now: datetime = NOW) -> Received:
    t = tickets.create_ticket(session, subject=msg.subject or msg.text[:40], body=msg.text, channel=msg.channel,
                              customer_id=customer_id, author_name=msg.sender_name, external_id=msg.external_id,
                              team_id=team, now=now)
    session.flush()
    m = session.scalar(select(Message.id).where(Message.ticket_id == t.id))
    return Received(Outcome.NEW, t.id, t.number, m, customer_id)


def receive_reply(session, ticket_id, msg: Inbound, now: datetime = NOW) -> Received:
    t = session.get(Ticket, ticket_id)
    m = Message(ticket_id=t.id, direction="inbound", kind="reply", channel=t.channel, body=msg.text,
                author_name=msg.sender_name, created_at=now, external_id=msg.external_id)
    session.add(m)
    t.message_count = (t.message_count or 0) + 1
    session.flush()
    return Received(Outcome.THREADED, t.id, t.number, m.id, t.customer_id)
