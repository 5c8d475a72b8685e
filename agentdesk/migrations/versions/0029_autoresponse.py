"""autoresponse: a team's FAQ auto-response settings per channel (issue 14)

``autoresponse_settings`` (synced: on/off, the confidence threshold and the article
categories it may answer; one row per team and channel, its id derived from them).

Revision ID: 0029
Revises: 0025
"""
import sqlalchemy as sa
from alembic import op

import agentdesk.models

revision = '0029'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('autoresponse_settings',
    sa.Column('team_id', sa.Uuid(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('threshold', sa.Float(), nullable=False),
    sa.Column('categories', sa.JSON(), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('rev', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('updated_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_autoresponse_settings_team_id_teams')),
    sa.ForeignKeyConstraint(['updated_by'], ['agents.id'], name=op.f('fk_autoresponse_settings_updated_by_agents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_autoresponse_settings')),
    sa.UniqueConstraint('team_id', 'channel', name='uq_autoresponse_settings_team_channel')
    )
    op.create_index(op.f('ix_autoresponse_settings_rev'), 'autoresponse_settings', ['rev'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_autoresponse_settings_rev'), table_name='autoresponse_settings')
    op.drop_table('autoresponse_settings')
