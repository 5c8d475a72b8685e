"""team server sign-in (issue 10): agents' password hashes and the desks' sessions

Agents no longer hold database logins: they sign in to `agentdesk server`, which checks
an Argon2id hash (``agent_credentials``) and hands the desk a token whose SHA-256 it
keeps (``server_sessions``). Created on every backend so one chain of migrations serves
both; a replica or a one-person workspace leaves them empty.

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa
import agentdesk.models


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agent_credentials',
    sa.Column('agent_id', sa.Uuid(), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('updated_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_agent_credentials_agent_id_agents'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('agent_id', name=op.f('pk_agent_credentials'))
    )
    op.create_table('server_sessions',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('agent_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.Column('expires_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.Column('last_used_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', agentdesk.models.UTCDateTime(), nullable=True),
    sa.Column('client', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_server_sessions_agent_id_agents'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_server_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_server_sessions_token_hash'))
    )
    op.create_index(op.f('ix_server_sessions_agent_id'), 'server_sessions', ['agent_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_server_sessions_agent_id'), table_name='server_sessions')
    op.drop_table('server_sessions')
    op.drop_table('agent_credentials')
