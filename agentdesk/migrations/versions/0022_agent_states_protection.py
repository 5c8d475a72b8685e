"""agent states leads know and agent protection (issue 13)

- agents.status: the old 'busy' becomes 'after_contact_work' and 'away' becomes 'break'
  (agentdesk/agent_states.py holds the mapping; a newer server maps an old desk's values
  the same way). The column grows to 24 characters ("after_contact_work" is 18) on
  PostgreSQL; SQLite does not enforce a VARCHAR length, so no table copy there.
- agents.status_since: when the status last changed (the wallboard's time in state);
  NULL for rows from before, which the wallboard shows without a duration.
- protection_incidents: warnings sent, contacts ended, protective breaks taken
  (agentdesk/protection_rules.py). A new table.

Revision ID: 0022
Revises: 0020
"""
from alembic import op
import sqlalchemy as sa
import agentdesk.models


revision = '0022'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.alter_column('agents', 'status', type_=sa.String(length=24), existing_nullable=False)
    # Plain ADD COLUMN (nullable, no default): both backends take it without a copy.
    op.add_column('agents', sa.Column('status_since', agentdesk.models.UTCDateTime(), nullable=True))
    op.execute("UPDATE agents SET status = 'after_contact_work' WHERE status = 'busy'")
    op.execute("UPDATE agents SET status = 'break' WHERE status = 'away'")
    op.create_table('protection_incidents',
    sa.Column('agent_id', sa.Uuid(), nullable=False),
    sa.Column('ticket_id', sa.Uuid(), nullable=False),
    sa.Column('team_id', sa.Uuid(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('message_id', sa.Uuid(), nullable=True),
    sa.Column('protective', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('created_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.Column('notified_at', agentdesk.models.UTCDateTime(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('rev', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('updated_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_protection_incidents_agent_id_agents')),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_protection_incidents_message_id_messages')),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_protection_incidents_team_id_teams')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_protection_incidents_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_protection_incidents'))
    )
    op.create_index('ix_protection_incidents_team_created', 'protection_incidents', ['team_id', 'created_at'], unique=False)
    op.create_index('ix_protection_incidents_ticket_kind', 'protection_incidents', ['ticket_id', 'kind'], unique=False)
    op.create_index('ix_protection_incidents_kind_ticket', 'protection_incidents', ['kind', 'ticket_id'], unique=False)
    op.create_index('ix_protection_incidents_agent_created', 'protection_incidents', ['agent_id', 'created_at'],
                    unique=False)
    op.create_index(op.f('ix_protection_incidents_rev'), 'protection_incidents', ['rev'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_protection_incidents_rev'), table_name='protection_incidents')
    op.drop_index('ix_protection_incidents_agent_created', table_name='protection_incidents')
    op.drop_index('ix_protection_incidents_kind_ticket', table_name='protection_incidents')
    op.drop_index('ix_protection_incidents_ticket_kind', table_name='protection_incidents')
    op.drop_index('ix_protection_incidents_team_created', table_name='protection_incidents')
    op.drop_table('protection_incidents')
    # The old vocabulary has no training: it reads as away, the nearest (not at the desk).
    op.execute("UPDATE agents SET status = 'busy' WHERE status = 'after_contact_work'")
    op.execute("UPDATE agents SET status = 'away' WHERE status IN ('break', 'training')")
    # SQLite drops a plain column in place (3.35+), as 0018 does.
    op.drop_column('agents', 'status_since')
    if op.get_bind().dialect.name == 'postgresql':
        op.alter_column('agents', 'status', type_=sa.String(length=16), existing_nullable=False)

