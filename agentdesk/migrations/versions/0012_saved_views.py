"""saved views: agents' own inbox views and views a lead shares with a team (issue 12)

The table of saved views (filters and sort as validated JSON, synced in team profiles),
and two ticket indexes their filters need to be counted and paged from an index as the
built-in views are: by team, and by arrival time ("created in the last 7 days").

Revision ID: 0012
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa
import agentdesk.models


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('saved_views',
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('owner_agent_id', sa.Uuid(), nullable=True),
    sa.Column('team_id', sa.Uuid(), nullable=True),
    sa.Column('spec', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('rev', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('updated_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['owner_agent_id'], ['agents.id'], name=op.f('fk_saved_views_owner_agent_id_agents')),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_saved_views_team_id_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_views'))
    )
    op.create_index(op.f('ix_saved_views_owner_agent_id'), 'saved_views', ['owner_agent_id'], unique=False)
    op.create_index(op.f('ix_saved_views_team_id'), 'saved_views', ['team_id'], unique=False)
    op.create_index(op.f('ix_saved_views_rev'), 'saved_views', ['rev'], unique=False)
    # Plain CREATE INDEX (no batch copy of the tickets table): one sort each, about a
    # second a million tickets.
    op.create_index('ix_tickets_team_status_updated', 'tickets',
                    ['team_id', 'status', 'updated_at', 'number', 'deleted'], unique=False)
    op.create_index('ix_tickets_created', 'tickets', ['created_at', 'number', 'deleted', 'status'], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        # Statistics for the new indexes (without them the planner may prefer a worse one).
        op.execute("PRAGMA analysis_limit=1000")
        op.execute("ANALYZE tickets")


def downgrade() -> None:
    op.drop_index('ix_tickets_created', table_name='tickets')
    op.drop_index('ix_tickets_team_status_updated', table_name='tickets')
    op.drop_index(op.f('ix_saved_views_rev'), table_name='saved_views')
    op.drop_index(op.f('ix_saved_views_team_id'), table_name='saved_views')
    op.drop_index(op.f('ix_saved_views_owner_agent_id'), table_name='saved_views')
    op.drop_table('saved_views')
