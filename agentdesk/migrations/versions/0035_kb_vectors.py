"""kb vectors: knowledge search by meaning (issue 16)

``kb_vectors``: one meaning vector per published article (services/kb_semantic.py),
local to each database and derived from the article's text, like kb_fts: never synced.

Revision ID: 0035
Revises: 0034
"""
import sqlalchemy as sa
from alembic import op

import agentdesk.models

revision = '0035'
down_revision = '0034'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('kb_vectors',
    sa.Column('article_id', sa.Uuid(), nullable=False),
    sa.Column('model', sa.String(length=64), nullable=False),
    sa.Column('text_hash', sa.String(length=40), nullable=False),
    sa.Column('article_updated_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.Column('vec', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('article_id', name=op.f('pk_kb_vectors'))
    )


def downgrade() -> None:
    op.drop_table('kb_vectors')
