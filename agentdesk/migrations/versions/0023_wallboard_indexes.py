"""wallboard: tickets by the time they were solved (issue 13)

"Handled today", overall and per agent, is a range of solved_at; without an index it
read every ticket (190 ms at 200k tickets, measured), with it the day's rows only.

Revision ID: 0023
Revises: 0012
"""
from alembic import op


revision = '0023'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_tickets_solved', 'tickets', ['solved_at', 'assignee_id', 'team_id', 'deleted'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_tickets_solved', table_name='tickets')
