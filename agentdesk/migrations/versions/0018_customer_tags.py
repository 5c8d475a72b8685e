"""customer tags (issue 12: the editable customer 360)

Agents tag customers as they tag tickets ('vip-complaint', 'prefers-kakao'): stored on
the customer, space-separated, spelt by the ticket tag rule (agentdesk/customer_rules.py).
A customer row travels whole in the team feed, so the tags need no table of their own.

Revision ID: 0018
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN with a default (no batch copy of a 200,000-row table): both backends take it.
    op.add_column('customers', sa.Column('tags', sa.String(length=500), nullable=False, server_default=''))


def downgrade() -> None:
    # SQLite drops a plain column in place (3.35+), as 0010 does: a batch copy would have to
    # reflect the expression index on lower(name), which it cannot.
    op.drop_column('customers', 'tags')
