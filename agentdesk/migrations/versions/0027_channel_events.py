"""channel_events: the webhook events the gateway took, for the replay check (issue 14)

One row per (endpoint, event id), inserted in the same transaction as the message the
event made (agentdesk/gateway/http.py): a replayed delivery hits the primary key and
stores nothing. Gateway-only: no rev, not synced.

Revision ID: 0027
Revises: 0026
"""
import sqlalchemy as sa
from alembic import op

import agentdesk.models

revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('channel_events',
    sa.Column('endpoint', sa.String(length=64), nullable=False),
    sa.Column('event_id', sa.String(length=255), nullable=False),
    sa.Column('received_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('endpoint', 'event_id', name=op.f('pk_channel_events'))
    )
    op.create_index(op.f('ix_channel_events_received_at'), 'channel_events', ['received_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_channel_events_received_at'), table_name='channel_events')
    op.drop_table('channel_events')
