"""Fixtures for the knowledge-search learning tests (issue 16): the demo's 40 articles and
a workspace whose agents used some of them on tickets whose customers said it their way."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from agentdesk.models import Agent, KnowledgeArticle, Team
from agentdesk.services import knowledge, tickets
from tests.autoresponse_support import seed_articles

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
APP_ERROR = "앱 오류 발생 시 기본 조치"
TRACKING = "운송장 조회 방법"
# What customers wrote, and the article the agent inserted.
CRASHES = ("앱 열면 하얀 화면만 나와요", "결제하려는데 하얀 화면에서 멈춰요", "로딩하다가 하얀 화면이에요 왜 이래요")
WHERE = ("어디쯤 오고 있나요", "제 물건 어디쯤인지 알 수 있을까요")


def article_id(session, title: str):
    return session.scalar(select(KnowledgeArticle.id).where(KnowledgeArticle.title == title))


def agent(session, login: str) -> Agent:
    return session.scalar(select(Agent).where(Agent.login == login))


def seed(session) -> None:
    """The demo's articles (seed_small must have run)."""
    seed_articles(session)


def use_on_new_ticket(session, text: str, title: str, login: str = "kim.minji", *, at: datetime = NOW,
                      team: str | None = "카드상담팀", kind: str = "excerpt"):
    """A ticket whose first customer message is ``text``, and the agent inserting ``title`` on it at ``at``."""
    team_id = session.scalar(select(Team.id).where(Team.name == team)) if team else None
    t = tickets.create_ticket(session, subject=text[:20], body=text, channel="chat", customer_id=None,
                              team_id=team_id, now=at - timedelta(minutes=5))
    knowledge.record_use(session, article_id(session, title), t.id, agent(session, login).id, kind, now=at)
    return t


def titles(hits) -> list[str]:
    return [h.title for h in hits]
