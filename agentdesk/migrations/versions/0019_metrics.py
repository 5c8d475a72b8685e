"""supervisor metrics (issue 13): work sessions, agent contacts, the feedback period index

- ``work_sessions``: an agent's recorded time on a ticket (talk, hold, after-contact work,
  worked time), synced; handle time is summed from it (docs/metrics.md).
- ``tickets.agent_contact_count``: outbound replies plus call logs, kept by
  rules.message_effects. First contact resolution reads it: counting the messages of the
  90-day cohort of a 1M-ticket workspace (~120,000 tickets, ~430,000 messages) was the
  slowest part of `agentdesk metrics` (benchmarks/README.md). Filled here from the messages.
- A call log is a first response now (rules.contact_effects): tickets answered only by a
  call get their first response from their earliest call log, and an active one's
  running deadline becomes its resolution deadline.
- ``ix_feedback_created``: CSAT and NPS over a period from the index alone; ``ix_tickets_solved_kpi``:
  tickets solved per day and per agent today; ``ix_tickets_metrics``: the cohort of a period
  with every column the KPIs count by, read without the table (benchmarks/README.md).

Revision ID: 0019
Revises: 0022
"""
import sqlalchemy as sa
from alembic import op

import agentdesk.models

revision = '0019'
down_revision = '0022'
branch_labels = None
depends_on = None

_CONTACT = "(m.kind = 'call_log' OR (m.kind = 'reply' AND m.direction = 'outbound'))"


def upgrade() -> None:
    op.create_table('work_sessions',
    sa.Column('agent_id', sa.Uuid(), nullable=False),
    sa.Column('ticket_id', sa.Uuid(), nullable=False),
    sa.Column('team_id', sa.Uuid(), nullable=True),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('started_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.Column('seconds', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('rev', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('updated_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_work_sessions_agent_id_agents')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_work_sessions_ticket_id_tickets')),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_work_sessions_team_id_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_sessions'))
    )
    op.create_index('ix_work_sessions_started', 'work_sessions',
                    ['started_at', 'team_id', 'ticket_id', 'seconds', 'deleted'], unique=False)
    op.create_index('ix_work_sessions_ticket', 'work_sessions', ['ticket_id'], unique=False)
    op.create_index('ix_work_sessions_agent_started', 'work_sessions', ['agent_id', 'started_at'], unique=False)
    op.create_index(op.f('ix_work_sessions_rev'), 'work_sessions', ['rev'], unique=False)
    op.create_index('ix_feedback_created', 'feedback', ['created_at', 'kind', 'score', 'ticket_id'], unique=False)
    # Plain ADD COLUMN with a default (no batch copy of a million-row table): both backends take it.
    op.add_column('tickets', sa.Column('agent_contact_count', sa.Integer(), nullable=False, server_default='0'))
    op.execute("UPDATE tickets SET agent_contact_count = (SELECT count(*) FROM messages m "
               f"WHERE m.ticket_id = tickets.id AND m.deleted = {_false()} AND {_CONTACT}) "
               "WHERE message_count > 0")
    first_call = ("(SELECT min(m.created_at) FROM messages m WHERE m.ticket_id = tickets.id "
                  f"AND m.deleted = {_false()} AND m.kind = 'call_log')")
    op.execute("UPDATE tickets SET sla_next_due = sla_resolution_due "
               f"WHERE first_response_at IS NULL AND status IN ('new', 'open') AND {first_call} IS NOT NULL")
    op.execute(f"UPDATE tickets SET first_response_at = {first_call} "
               f"WHERE first_response_at IS NULL AND {first_call} IS NOT NULL")
    # After the updates above: an index maintained row by row through them would be slower.
    op.create_index('ix_tickets_solved_kpi', 'tickets',
                    ['solved_at', 'team_id', 'assignee_id', 'deleted', 'merged_into_id', 'created_at'], unique=False)
    op.create_index('ix_tickets_metrics', 'tickets', [
        'created_at', 'deleted', 'merged_into_id', 'team_id', 'channel', 'status', 'reopen_count', 'agent_contact_count',
        'first_response_at', 'solved_at', 'sla_first_response_due', 'sla_resolution_due'], unique=False)


def _false() -> str:
    return "false" if op.get_bind().dialect.name == "postgresql" else "0"


def downgrade() -> None:
    op.drop_index('ix_tickets_metrics', table_name='tickets')
    op.drop_column('tickets', 'agent_contact_count')
    op.drop_index('ix_tickets_solved_kpi', table_name='tickets')
    op.drop_index('ix_feedback_created', table_name='feedback')
    op.drop_index(op.f('ix_work_sessions_rev'), table_name='work_sessions')
    op.drop_index('ix_work_sessions_agent_started', table_name='work_sessions')
    op.drop_index('ix_work_sessions_ticket', table_name='work_sessions')
    op.drop_index('ix_work_sessions_started', table_name='work_sessions')
    op.drop_table('work_sessions')
