"""Scale guards: the inbox queries must be answered from indexes, never by scanning or
sorting the whole tickets table. Checked on query plans, not timings (benchmarks/ time)."""

import pytest
from sqlalchemy import func, select, text

from agentdesk.models import Ticket
from agentdesk import demo
from agentdesk.services import tickets
from agentdesk.services.common import current_agent
from agentdesk.services.tickets import VIEWS, TicketQuery


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    from agentdesk.db import open_database

    db = open_database(str(tmp_path_factory.mktemp("plans") / "demo.db"))
    demo.generate(db, customers=300, tickets=3000, seed=5)
    yield db
    db.dispose()


def _plan(session, stmt) -> str:
    sql = str(stmt.compile(session.get_bind(), compile_kwargs={"literal_binds": True}))
    return " | ".join(row[-1] for row in session.execute(text("EXPLAIN QUERY PLAN " + sql)))


def _page_stmt(session, q, me):
    keys = tickets._sort_keys(q)
    return (select(Ticket.number).where(*tickets._conditions(session, q, me, tickets.utcnow()))
            .order_by(*tickets._order_by(keys)).offset(100).limit(100))


def test_demo_data_leaves_planner_statistics(demo_db):
    with demo_db.session() as s:
        assert s.execute(text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'tickets'")).scalar() > 0


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_pages_from_an_index(demo_db, view):
    with demo_db.session() as s:
        me = current_agent(s).id
        plan = _plan(s, _page_stmt(s, TicketQuery(view=view), me))
        assert "USING" in plan and "INDEX" in plan, plan
        assert "ix_tickets_deleted" not in plan, plan  # the tombstone index must never drive a view


@pytest.mark.parametrize("sort", ["updated", "priority", "sla", "number"])
def test_all_tickets_sorted_reads_a_covering_index_without_a_sort(demo_db, sort):
    with demo_db.session() as s:
        plan = _plan(s, _page_stmt(s, TicketQuery(view="all", sort=sort), None))
        assert "COVERING INDEX" in plan and "TEMP B-TREE" not in plan, plan


@pytest.mark.parametrize("sort", ["updated", "number"])
def test_one_agents_tickets_of_every_status_page_in_order_without_a_sort(demo_db, sort):
    """The assignee filter in "All": 28-38 ms a page at 1M when the agent's tickets were
    read by status and sorted; walked in update order by ix_tickets_assignee_updated, 2 ms."""
    with demo_db.session() as s:
        me = current_agent(s).id
        plan = _plan(s, _page_stmt(s, TicketQuery(view="all", assignee=str(me), sort=sort), me))
        if sort == "updated":
            assert "ix_tickets_assignee_updated" in plan and "TEMP B-TREE" not in plan, plan
        else:
            assert "USING" in plan and "INDEX" in plan, plan


def test_counting_all_tickets_does_not_decode_rows(demo_db):
    with demo_db.session() as s:
        plan = _plan(s, select(func.count()).select_from(Ticket).where(Ticket.deleted.is_(True)))
        assert "ix_tickets_deleted" in plan, plan


# --- finding customers (issue 12): every way an agent types must be an index search ----
@pytest.mark.parametrize("typed", ["010-1234-5678", "+82 (0)10-1234-5678", "5678", "1234-5678", "010-1234",
                                   "민지", "김민", "@example", "minji.kim@", "minji.kim@example.com"])
def test_finding_customers_never_scans_a_table(demo_db, typed):
    from sqlalchemy import event

    from agentdesk.services.customers import find_customers

    seen: list[tuple] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    with demo_db.session() as s:
        engine = s.get_bind()
        event.listen(engine, "before_cursor_execute", capture)
        try:
            assert find_customers(s, query=typed)
        finally:
            event.remove(engine, "before_cursor_execute", capture)
        assert seen
        for statement, parameters in seen:
            plan = [row[-1] for row in s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
            # "SCAN t" reads the whole table (or a whole index): at 200,000 customers, seconds.
            assert not [line for line in plan if line.startswith("SCAN")], (statement, plan)
            # Nor a search on the contact kind alone: that reads every phone (or every email).
            assert not [line for line in plan if line.endswith("(kind=?)")], (statement, plan)


def test_a_ticket_number_search_reads_the_number_index(demo_db):
    with demo_db.session() as s:
        number = s.scalar(select(Ticket.number).limit(1))
        plan = _plan(s, _page_stmt(s, TicketQuery(text=f"#{number}"), None))
        assert "ticket_fts" in plan and ("ix_tickets_number" in plan or "number=" in plan), plan


def test_opening_a_ticket_with_its_events_reads_indexes_only(demo_db):
    """The ticket pane's one read (get_detail: the ticket, its messages, tags, merged tickets
    and now its events from the audit trail) must not scan a table: at 1,000,000 tickets
    the audit trail holds millions of rows (issue 12, defect 8)."""
    from sqlalchemy import event

    with demo_db.session() as s:
        number = s.scalar(select(Ticket.number).where(Ticket.assignee_id.is_not(None), Ticket.status == "open")
                          .order_by(Ticket.number.desc()).limit(1))
        tickets.update_ticket(s, number, current_agent(s), status="pending", add_tags=["plan"], assignee="none")
    seen: list[tuple] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    with demo_db.session() as s:
        engine = s.get_bind()
        event.listen(engine, "before_cursor_execute", capture)
        try:
            assert tickets.get_detail(s, number).events
        finally:
            event.remove(engine, "before_cursor_execute", capture)
        plans = [(statement, [row[-1] for row in s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement,
                                                                                    parameters)])
                 for statement, parameters in seen]
    assert any("audit_log" in statement for statement, _ in plans)
    assert any("agents.login IN" in statement for statement, _ in plans)  # the assignee's name
    for statement, plan in plans:
        assert not [line for line in plan if line.startswith("SCAN")], (statement, plan)
        if "audit_log" in statement:
            assert any("ix_audit_entity" in line for line in plan), plan


# --- saved views (issue 12): a typical view's filters page and count from an index ------------
def _view_query(raw: dict) -> TicketQuery:
    from agentdesk.services.view_spec import parse_spec

    spec = parse_spec(raw)
    return TicketQuery(view="all", spec=spec.filters, sort=str(spec.sort.by), descending=spec.sort.descending)


def _count_stmt(session, q, me):
    return select(func.count()).select_from(Ticket).where(*tickets._conditions(session, q, me, tickets.utcnow()))


def test_a_typical_saved_view_pages_and_counts_from_an_index(demo_db):
    """New or open chats and calls touched this week, soonest deadline first."""
    q = _view_query({"filters": {"statuses": ["new", "open"], "channels": ["chat", "phone"],
                                 "updated": {"within_hours": 168}}, "sort": {"by": "sla"}})
    with demo_db.session() as s:
        me = current_agent(s).id
        for plan in (_plan(s, _page_stmt(s, q, me)), _plan(s, _count_stmt(s, q, me))):
            assert "SEARCH tickets USING" in plan and "INDEX" in plan, plan
            assert "SCAN tickets" not in plan and "ix_tickets_deleted" not in plan, plan
        assert tickets.count_view(s, q, me).exact


@pytest.mark.parametrize("filters,index", [
    ({"team": "mine", "statuses": ["new", "open", "pending", "on_hold"]}, "ix_tickets_team_status_updated"),
    ({"created": {"within_hours": 168}}, "ix_tickets_created"),
    ({"sla": ["breached", "at_risk"]}, "ix_tickets_sla_next_due"),
    ({"assignee": "me", "statuses": ["new", "open"], "updated": {"older_than_hours": 24}},
     "ix_tickets_assignee_status_updated"),
])
def test_saved_views_counted_exactly_read_one_covering_index(demo_db, filters, index):
    q = _view_query({"filters": filters})
    with demo_db.session() as s:
        me = current_agent(s).id
        plan = _plan(s, _count_stmt(s, q, me))
        # Arrival time: ix_tickets_created, or migration 0019's wider ix_tickets_metrics that
        # also starts with created_at (the planner may take either; both are one range).
        assert any(f"COVERING INDEX {i}" in plan for i in (index, *(("ix_tickets_metrics",) if index == "ix_tickets_created"
                                                                       else ()))), plan
        assert tickets.count_view(s, q, me).exact


def test_a_tag_view_is_counted_up_to_the_cap_from_the_tag_index(demo_db):
    q = _view_query({"filters": {"tags": ["환불", "refund"]}})
    with demo_db.session() as s:
        me = current_agent(s).id
        seen: list[tuple] = []
        from sqlalchemy import event

        engine = s.get_bind()

        def capture(conn, cursor, statement, parameters, context, executemany):
            seen.append((statement, parameters))

        event.listen(engine, "before_cursor_execute", capture)
        try:
            count = tickets.count_view(s, q, me, cap=5)
        finally:
            event.remove(engine, "before_cursor_execute", capture)
        assert count == tickets.ViewCount(5, exact=False)
        statement, parameters = next((st, pa) for st, pa in seen if "count(" in st.lower())
        assert "LIMIT" in statement.upper()  # stops at the cap
        plan = " | ".join(row[-1] for row in s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters))
        assert "ix_ticket_tags_tag" in plan and "SCAN tickets" not in plan, plan


def test_breached_and_mine_reads_the_agents_open_tickets(demo_db):
    """The SLA filter implies new or open, so the assignee index narrows it (not every breached ticket)."""
    q = _view_query({"filters": {"sla": ["breached"], "assignee": "me"}})
    with demo_db.session() as s:
        me = current_agent(s).id
        plan = _plan(s, _count_stmt(s, q, me))
        assert "ix_tickets_assignee_status_updated" in plan, plan


@pytest.mark.parametrize("team", [None, "카드상담팀"])
def test_staffing_reads_a_period_by_the_created_index(demo_db, team):
    """The staffing estimate's arrivals: a 28-day window by ix_tickets_created, never every
    phone and chat ticket by the channel index or a team's by the team index (issue 13)."""
    from datetime import UTC, datetime

    from agentdesk.services import staffing

    with demo_db.session() as s:
        lo, hi = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 29, tzinfo=UTC)
        stmt = select(Ticket.created_at).where(*staffing._ticket_filters(s, lo, hi, ("phone", "chat"), staffing._team_id(s, team)))
        plan = _plan(s, stmt)
        # By arrival time: ix_tickets_created, or 0019's covering ix_tickets_metrics (led by created_at).
        assert "(created_at>? AND created_at<?)" in plan and ("ix_tickets_created" in plan or "ix_tickets_metrics" in plan), plan
# --- routing (issue 13): what a new ticket and the age rules read ------------------------------
def test_routing_reads_open_counts_and_aged_tickets_from_indexes(demo_db):
    from datetime import timedelta

    from agentdesk import routing
    from agentdesk.models import Agent
    from agentdesk.services import routing as svc

    with demo_db.session() as s:
        team_id = s.scalar(select(Agent.team_id).where(Agent.team_id.is_not(None)).limit(1))
        agent_ids = list(s.scalars(select(Agent.id).where(Agent.team_id == team_id)))
        rule = routing.check_rule_set("manual", [{"kind": "age", "minutes": 30}]).age_rules[0]
        counts = _plan(s, svc.open_counts_statement(agent_ids))
        aged = _plan(s, svc.aged_statement(team_id, rule, tickets.utcnow() + timedelta(days=1), 500))
        assert svc.load_candidates(s.connection(), team_id)
    assert "ix_tickets_assignee_status_updated" in counts and "SCAN tickets" not in counts, counts
    assert "ix_tickets_team_status_updated" in aged and "SCAN tickets" not in aged, aged
def test_protection_incidents_are_read_from_their_indexes(demo_db):
    """The wallboard's incidents of the day, a lead's alerts and the abusive contacts that
    handle time leaves out (issue 13): ranges of ix_protection_incidents_*, never a scan."""
    from datetime import timedelta

    from sqlalchemy import event

    from agentdesk.models import Agent
    from agentdesk.services import protection

    with demo_db.session() as s:
        agent = s.scalar(select(Agent).where(Agent.role == "agent", Agent.team_id.is_not(None)).limit(1))
        ticket = s.scalar(select(Ticket.id).where(Ticket.team_id == agent.team_id).limit(1))
        protection.end_contact(s, agent, ticket, "plan")
        lead = s.scalar(select(Agent).where(Agent.role == "lead", Agent.team_id == agent.team_id).limit(1))
        team = agent.team_id
    seen: list[tuple] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if "protection_incidents" in statement:
            seen.append((statement, parameters))

    engine = demo_db.engine
    event.listen(engine, "before_cursor_execute", capture)
    try:
        with demo_db.session() as s:
            now = tickets.utcnow() + timedelta(minutes=1)
            assert protection.incidents_today(s, team, now, "Asia/Seoul")
            if lead is not None:
                protection.unnotified(s, s.get(Agent, lead.id), now)
            s.scalars(select(Ticket.number).where(Ticket.id.in_(protection.abusive_ticket_ids()))).all()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    assert len(seen) >= 2
    with engine.connect() as conn:
        for statement, parameters in seen:
            plan = " | ".join(r[-1] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters))
            assert "SCAN protection_incidents" not in plan, (statement, plan)
            assert "ix_protection_incidents" in plan, (statement, plan)


def test_the_wallboard_queue_walks_the_partial_index_of_unsolved_tickets(demo_db):
    """Issue 13: the statuses are written into the SQL, so the planner sees the query
    implies ix_tickets_queue's condition; bound, it walked the status index and the table."""
    from datetime import UTC, datetime

    from agentdesk.services import wallboard
    from agentdesk.models import Team

    with demo_db.session() as s:
        teams = list(s.scalars(select(Team.id)))
        seen: list[str] = []
        from sqlalchemy import event

        def capture(conn, cursor, statement, parameters, context, executemany):
            if "GROUP BY tickets.team_id" in statement:
                seen.append((statement, tuple(str(p) for p in parameters)))

        event.listen(demo_db.engine, "before_cursor_execute", capture)
        try:
            wallboard.queue(s, teams, datetime.now(UTC))
        finally:
            event.remove(demo_db.engine, "before_cursor_execute", capture)
        assert seen and "'on_hold'" in seen[0][0], seen
        plan = " ".join(str(r[3]) for r in s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + seen[0][0], seen[0][1]))
    assert "ix_tickets_queue" in plan and "COVERING" in plan, plan
