"""a draft keeps its staged macro changes; knowledge articles are public or internal (issue 12)

``drafts.staged``: a macro's field changes waiting for the reply (JSON, NULL: none), so
they survive a restart with the draft and go with it. ``kb_articles.visibility``:
'public' (may be quoted to customers: every existing article) or 'internal' (agents'
procedures; a public reply asks before quoting one).

Revision ID: 0015
Revises: 0014
"""
import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN with a default: no batch copy of the tables on SQLite.
    op.add_column('drafts', sa.Column('staged', sa.JSON(), nullable=True))
    op.add_column('kb_articles', sa.Column('visibility', sa.String(length=16), nullable=False,
                                           server_default='public'))


def downgrade() -> None:
    with op.batch_alter_table('kb_articles') as batch:
        batch.drop_column('visibility')
    with op.batch_alter_table('drafts') as batch:
        batch.drop_column('staged')
