"""mentions (issue 12): agents @mentioned in internal notes

One row per (note, mentioned agent): written with the note by the local services, by a
team desk optimistically and by the team server, which derives it from the note text
(agentdesk/mention_rules.py). ``read_at`` is set when the mentioned agent opens the
ticket (synced); ``notified_at`` is each desk's own "toast shown" marker (never synced).
A new table only: nothing existing changes, on either backend.

Revision ID: 0013
Revises: 0014
"""
from alembic import op
import sqlalchemy as sa
import agentdesk.models


revision = '0013'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('mentions',
    sa.Column('message_id', sa.Uuid(), nullable=False),
    sa.Column('ticket_id', sa.Uuid(), nullable=False),
    sa.Column('mentioned_agent_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.Column('read_at', agentdesk.models.UTCDateTime(), nullable=True),
    sa.Column('notified_at', agentdesk.models.UTCDateTime(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('rev', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('updated_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['mentioned_agent_id'], ['agents.id'], name=op.f('fk_mentions_mentioned_agent_id_agents')),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_mentions_message_id_messages')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_mentions_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentions')),
    sa.UniqueConstraint('message_id', 'mentioned_agent_id', name='uq_mentions_message_agent')
    )
    op.create_index('ix_mentions_agent_read', 'mentions', ['mentioned_agent_id', 'read_at', 'created_at'], unique=False)
    op.create_index('ix_mentions_agent_ticket', 'mentions', ['mentioned_agent_id', 'ticket_id'], unique=False)
    op.create_index(op.f('ix_mentions_rev'), 'mentions', ['rev'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_mentions_rev'), table_name='mentions')
    op.drop_index('ix_mentions_agent_ticket', table_name='mentions')
    op.drop_index('ix_mentions_agent_read', table_name='mentions')
    op.drop_table('mentions')
