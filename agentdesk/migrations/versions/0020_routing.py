"""routing: per-team routing rules, the round-robin pointer, agents' skills (issue 13)

``routing_rules`` (synced: a team's mode and priority rules as JSON), ``routing_state``
(the round-robin pointer, where the routing runs), ``routing_escalations`` (which age rule
already raised which ticket) and ``agents.skills``.

Revision ID: 0020
Revises: 0021
"""
import sqlalchemy as sa
from alembic import op

import agentdesk.models

revision = '0020'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN with a default: both backends take it without copying the table.
    op.add_column('agents', sa.Column('skills', sa.JSON(), nullable=False, server_default='{}'))
    op.create_table('routing_rules',
    sa.Column('team_id', sa.Uuid(), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('priority_rules', sa.JSON(), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('rev', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('updated_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_routing_rules_team_id_teams')),
    sa.ForeignKeyConstraint(['updated_by'], ['agents.id'], name=op.f('fk_routing_rules_updated_by_agents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_routing_rules')),
    sa.UniqueConstraint('team_id', name=op.f('uq_routing_rules_team_id'))
    )
    op.create_index(op.f('ix_routing_rules_rev'), 'routing_rules', ['rev'], unique=False)
    op.create_table('routing_state',
    sa.Column('team_id', sa.Uuid(), nullable=False),
    sa.Column('last_assigned_agent_id', sa.Uuid(), nullable=True),
    sa.Column('updated_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_routing_state_team_id_teams')),
    sa.PrimaryKeyConstraint('team_id', name=op.f('pk_routing_state'))
    )
    op.create_table('routing_escalations',
    sa.Column('ticket_id', sa.Uuid(), nullable=False),
    sa.Column('rule', sa.String(length=64), nullable=False),
    sa.Column('at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_routing_escalations_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('ticket_id', 'rule', name=op.f('pk_routing_escalations'))
    )


def downgrade() -> None:
    op.drop_table('routing_escalations')
    op.drop_table('routing_state')
    op.drop_index(op.f('ix_routing_rules_rev'), table_name='routing_rules')
    op.drop_table('routing_rules')
    # SQLite drops a plain column in place (3.35+), as 0018 does.
    op.drop_column('agents', 'skills')
