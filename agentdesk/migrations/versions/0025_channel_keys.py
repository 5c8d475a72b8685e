"""the channels' intake keys (issue 14: services/channels.py)

channel_keys: what the intake has seen, by the SHA-256 of (scope, id): each channel's
message ids (an inbound is stored once), every mail Message-ID ours and theirs (mail
threading by In-Reply-To and References), and each conversation's current ticket (chat,
SMS, social, calls). Never pulled by desks.

Revision ID: 0025
Revises: 0024
"""
from alembic import op
import sqlalchemy as sa
import agentdesk.models


revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('channel_keys',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('scope', sa.String(length=24), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('ticket_id', sa.Uuid(), nullable=True),
    sa.Column('message_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_channel_keys_ticket_id_tickets'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_channel_keys'))
    )
    op.create_index('ix_channel_keys_ticket', 'channel_keys', ['ticket_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_channel_keys_ticket', table_name='channel_keys')
    op.drop_table('channel_keys')
