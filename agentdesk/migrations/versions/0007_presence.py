"""presence (issue 4): who is viewing or replying to which ticket

One row per agent on the team server, rewritten by the app's heartbeat and read by
everyone who has the same ticket open; rows older than the time-to-live are ignored
(agentdesk/server/presence.py). Ephemeral: no ``rev``, not in the change feed. Created on
every backend so one chain of migrations serves both; a replica leaves it empty.

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa
import agentdesk.models


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('presence',
    sa.Column('agent_id', sa.Uuid(), nullable=False),
    sa.Column('ticket_id', sa.Uuid(), nullable=False),
    sa.Column('activity', sa.String(length=16), nullable=False),
    sa.Column('seen_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_presence_agent_id_agents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_presence_ticket_id_tickets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('agent_id', name=op.f('pk_presence'))
    )
    op.create_index(op.f('ix_presence_ticket_id'), 'presence', ['ticket_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_presence_ticket_id'), table_name='presence')
    op.drop_table('presence')
