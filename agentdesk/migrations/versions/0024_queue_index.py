"""the wallboard's queue: a partial index of unsolved tickets (issue 13)

Only new, open, pending and on-hold tickets (50,000 of the demo's million), with every
column the wallboard's queue groups and counts, so the queue is one walk of a small index:
149 ms → 32 ms at 1M tickets (benchmarks/bench_supervisor.py). The query writes the
statuses as literals (services/wallboard.queue_statuses) so the planner sees that it
implies the index's condition.

Revision ID: 0024
Revises: 0019
"""
from alembic import op
import sqlalchemy as sa


revision = '0024'
down_revision = '0019'
branch_labels = None
depends_on = None

COLUMNS = ["team_id", "channel", "priority_rank", "status", "assignee_id", "first_response_at", "created_at",
           "sla_next_due", "deleted", "merged_into_id"]
UNSOLVED = "status IN ('new', 'open', 'pending', 'on_hold')"


def upgrade() -> None:
    op.create_index("ix_tickets_queue", "tickets", COLUMNS,
                    sqlite_where=sa.text(f"{UNSOLVED} AND deleted IS 0"),
                    postgresql_where=sa.text(f"{UNSOLVED} AND deleted IS false"))


def downgrade() -> None:
    op.drop_index("ix_tickets_queue", table_name="tickets")
