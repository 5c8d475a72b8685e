"""covering index for the inbox sorted by ticket number

The unique index on `number` alone makes every row a table lookup (for `deleted`);
tests/test_query_plans.py found it.

Revision ID: 0004
Revises: 0003
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_tickets_number_deleted", "tickets", ["number", "deleted", "status"])
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA analysis_limit=1000")
        op.execute("ANALYZE tickets")


def downgrade() -> None:
    op.drop_index("ix_tickets_number_deleted", table_name="tickets")
