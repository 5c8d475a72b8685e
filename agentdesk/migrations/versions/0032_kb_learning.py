"""kb learning: knowledge search that learns from use (issue 16)

``kb_synonyms`` (synced: a team's approved or dismissed synonyms, id derived from the
team and phrase), and two local tables derived from article uses and votes:
``kb_associations`` (term → article weights per team, decayed) and ``kb_learned``
(which uses and votes they hold).

Revision ID: 0032
Revises: 0027 (the integrator re-chains it to 0031)
"""
import sqlalchemy as sa
from alembic import op

import agentdesk.models

revision = '0032'
down_revision = '0031'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('kb_synonyms',
    sa.Column('team_id', sa.Uuid(), nullable=False),
    sa.Column('phrase', sa.String(length=40), nullable=False),
    sa.Column('words', sa.String(length=120), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('rev', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('updated_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_kb_synonyms_team_id_teams')),
    sa.ForeignKeyConstraint(['updated_by'], ['agents.id'], name=op.f('fk_kb_synonyms_updated_by_agents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kb_synonyms'))
    )
    op.create_index(op.f('ix_kb_synonyms_rev'), 'kb_synonyms', ['rev'], unique=False)
    op.create_index(op.f('ix_kb_synonyms_team_id'), 'kb_synonyms', ['team_id'], unique=False)
    op.create_table('kb_associations',
    sa.Column('team_key', sa.String(length=36), nullable=False),
    sa.Column('term', sa.String(length=40), nullable=False),
    sa.Column('article_id', sa.Uuid(), nullable=False),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.Column('at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.Column('in_text', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('team_key', 'term', 'article_id', name=op.f('pk_kb_associations'))
    )
    op.create_table('kb_learned',
    sa.Column('source_id', sa.Uuid(), nullable=False),
    sa.Column('at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('source_id', name=op.f('pk_kb_learned'))
    )


def downgrade() -> None:
    op.drop_table('kb_learned')
    op.drop_table('kb_associations')
    op.drop_index(op.f('ix_kb_synonyms_team_id'), table_name='kb_synonyms')
    op.drop_index(op.f('ix_kb_synonyms_rev'), table_name='kb_synonyms')
    op.drop_table('kb_synonyms')
