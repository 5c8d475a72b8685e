"""Scale guards for the supervisor's figures (issue 13), as tests/test_query_plans.py: every
statement `agentdesk metrics`, the wallboard and the charts run reads index ranges, never a
whole tickets, messages, feedback or work_sessions table (timings: benchmarks/bench_metrics.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event

from agentdesk import demo
from agentdesk.services import metrics, tickets

BIG = ("tickets", "messages", "feedback", "work_sessions", "ticket_tags")
NOW = datetime(2026, 3, 5, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    from agentdesk.db import open_database

    db = open_database(str(tmp_path_factory.mktemp("plans") / "demo.db"))
    demo.generate(db, customers=300, tickets=3000, seed=5, now=NOW)
    yield db
    db.dispose()


def _plans(db, work) -> list[tuple[str, list[str]]]:
    seen: list[tuple] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    with db.session() as s:
        engine = s.get_bind()
        event.listen(engine, "before_cursor_execute", capture)
        try:
            work(s)
        finally:
            event.remove(engine, "before_cursor_execute", capture)
        assert seen
        return [(statement, [row[-1] for row in s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement,
                                                                                parameters)])
                for statement, parameters in seen if statement.lstrip().upper().startswith("SELECT")]


def _scans(plan: list[str]) -> list[str]:
    """Lines that read a whole big table or index ("SCAN t", "SCAN t USING … INDEX")."""
    return [line for line in plan if line.startswith("SCAN") and line.split()[1] in BIG]


@pytest.mark.parametrize("team", [None, "카드상담팀"])
def test_the_kpis_read_index_ranges_only(demo_db, team):
    today = NOW.date()

    def work(s):
        metrics.compute(s, today - timedelta(days=90), today, team=team, now=NOW)

    for statement, plan in _plans(demo_db, work):
        assert not _scans(plan), (statement, plan)


def test_the_wallboard_and_charts_read_index_ranges_only(demo_db):
    def work(s):
        metrics.agent_day(s, NOW, team="카드상담팀")
        metrics.hourly(s, date(2026, 3, 4), now=NOW)
        metrics.daily(s, date(2026, 3, 4), 30, now=NOW)

    for statement, plan in _plans(demo_db, work):
        # The backlog now is counted from the status index (every active ticket, a few
        # thousand at 1M): a range of it, not the table.
        assert not _scans(plan), (statement, plan)


@pytest.mark.parametrize("key", ["tickets_created", "fcr_rate", "csat", "handle_time_seconds", "backlog"])
def test_a_drill_pages_from_an_index(demo_db, key):
    def work(s):
        d = metrics.drill(s, key, date(2026, 2, 1), date(2026, 3, 4), now=NOW)
        q = tickets.TicketQuery(drill=d)
        tickets.fetch_page(s, q, None, 0, 100, NOW)
        tickets.count_view(s, q, None, NOW)

    for statement, plan in _plans(demo_db, work):
        assert not [line for line in plan if line.startswith("SCAN tickets") and "INDEX" not in line], (statement, plan)
