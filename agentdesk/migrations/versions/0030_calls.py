"""phone calls from a telephony system (issue 14)

- calls: one call per telephony call id, from its first event to its call log
  (agentdesk/call_rules.py, services/calls.py, gateway/phone_hooks.py).
- call_events: each event taken once; (call, event, time) is unique, so a replayed
  webhook changes nothing.

Gateway-side bookkeeping, not synced: desks pull the call log and work sessions it writes.

Revision ID: 0030
Revises: 0029
"""
from alembic import op
import sqlalchemy as sa
import agentdesk.models


revision = '0030'
down_revision = '0029'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('calls',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('call_id', sa.String(length=100), nullable=False),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('from_number', sa.String(length=20), nullable=False),
    sa.Column('to_number', sa.String(length=20), nullable=False),
    sa.Column('agent_login', sa.String(length=64), nullable=False),
    sa.Column('ringing_at', agentdesk.models.UTCDateTime(), nullable=True),
    sa.Column('answered_at', agentdesk.models.UTCDateTime(), nullable=True),
    sa.Column('ended_at', agentdesk.models.UTCDateTime(), nullable=True),
    sa.Column('answered_known', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('ticket_id', sa.Uuid(), nullable=True),
    sa.Column('message_id', sa.Uuid(), nullable=True),
    sa.Column('completed_at', agentdesk.models.UTCDateTime(), nullable=True),
    sa.Column('created_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_calls_message_id_messages')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_calls_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calls')),
    sa.UniqueConstraint('call_id', name=op.f('uq_calls_call_id'))
    )
    op.create_table('call_events',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('call_id', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.Column('received_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_events')),
    sa.UniqueConstraint('call_id', 'kind', 'at', name='uq_call_events_call_kind_at')
    )


def downgrade() -> None:
    op.drop_table('call_events')
    op.drop_table('calls')
