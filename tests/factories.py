"""A tiny hand-made workspace for service and UI tests (demo data has its own tests)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from agentdesk.models import Agent, ContactPoint, Customer, Order, OrderItem, Product, Team, WorkspaceSetting, utcnow
from agentdesk.services import tickets


def seed_small(db):
    now = utcnow()
    with db.session() as s:
        team = Team(name="카드상담팀")
        s.add(team)
        s.flush()
        me = Agent(login="kim.minji", name="김민지", role="agent", team_id=team.id)
        other = Agent(login="lee.junho", name="이준호", role="agent", team_id=team.id)
        lead = Agent(login="park.lead", name="박서연", role="lead", team_id=team.id)
        s.add_all([me, other, lead])
        s.add(WorkspaceSetting(key="current_agent_login", value="kim.minji"))
        cust = Customer(name="최영희", vip_tier="gold", notes="카드번호 4111 1111 1111 1111 로 문의", lifetime_value=1_250_000)
        eng = Customer(name="Emily Clark", language="en")
        s.add_all([cust, eng])
        s.flush()
        s.add_all([
            ContactPoint(customer_id=cust.id, kind="phone", value="010-1234-5678", normalized="01012345678", is_primary=True),
            ContactPoint(customer_id=cust.id, kind="email", value="Younghee.Choi@Example.com", normalized="younghee.choi@example.com"),
            ContactPoint(customer_id=eng.id, kind="email", value="emily@example.com", normalized="emily@example.com"),
            Product(customer_id=cust.id, kind="credit_card", name="플래티넘 카드", account_last4="1234",
                    limit_amount=5_000_000, used_amount=1_200_000),
            Product(customer_id=cust.id, kind="loan", name="신용대출", limit_amount=30_000_000, used_amount=12_000_000),
        ])
        order = Order(number="ORD-2026-0000001", customer_id=cust.id, status="shipped", total=89_000, ordered_at=now - timedelta(days=3))
        s.add(order)
        s.flush()
        s.add(OrderItem(order_id=order.id, sku="SKU-1", name="무선 이어폰", quantity=1, unit_price=89_000))
        t1 = tickets.create_ticket(s, subject="카드 한도 조회 부탁드립니다", body="제 카드 한도가 얼마인지 알고 싶어요.",
                                   channel="phone", customer_id=cust.id, priority="high", author_name=cust.name, assignee_id=me.id,
                                   team_id=team.id, now=now - timedelta(hours=2))
        t2 = tickets.create_ticket(s, subject="배송 지연 문의", body="주문한 이어폰이 아직 안 왔어요. 환불 가능한가요?",
                                   channel="email", customer_id=cust.id, priority="urgent", author_name=cust.name, team_id=team.id,
                                   now=now - timedelta(minutes=30))
        t2.order_id = order.id  # set before the first flush, so updated_at keeps the arrival time
        t3 = tickets.create_ticket(s, subject="Password reset", body="I cannot log in to my account.",
                                   channel="chat", customer_id=eng.id, author_name=eng.name, assignee_id=other.id, team_id=team.id,
                                   now=now - timedelta(days=1))
        s.flush()
        return {"me": me.id, "other": other.id, "customer": cust.id, "english": eng.id,
                "t1": t1.number, "t2": t2.number, "t3": t3.number}


def team_id(session, name: str = "카드상담팀"):
    """The seeded team's id: tickets made in a test join its queue (row-level security on
    a team server shows agents their team's tickets only)."""
    return session.scalar(select(Team.id).where(Team.name == name))
