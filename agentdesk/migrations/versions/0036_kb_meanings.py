"""kb meanings: article vectors computed once by the team server (issue 16)

``kb_meanings``: synced, written by the team server only (server/kb_meaning.py), one
meaning vector per published article; each desk copies it into its local ``kb_vectors``
when it is of the text the desk has, instead of embedding every article itself.

Revision ID: 0036
Revises: 0035
"""
import sqlalchemy as sa
from alembic import op

import agentdesk.models

revision = '0036'
down_revision = '0035'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('kb_meanings',
    sa.Column('model', sa.String(length=64), nullable=False),
    sa.Column('text_hash', sa.String(length=40), nullable=False),
    sa.Column('article_updated_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.Column('vec', sa.LargeBinary(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('rev', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('updated_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kb_meanings'))
    )
    op.create_index(op.f('ix_kb_meanings_rev'), 'kb_meanings', ['rev'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_kb_meanings_rev'), table_name='kb_meanings')
    op.drop_table('kb_meanings')
