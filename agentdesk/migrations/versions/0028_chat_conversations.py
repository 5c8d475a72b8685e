"""web chat conversations (issue 14): one row per visitor's chat on the company's site

Server only (agentdesk/server/webchat.py): the visitor's token is kept as its SHA-256
(a read of this table lets nobody into a chat), with the chat ticket it became, the
email the visitor left for a reply after hours, the page origin it came from, and when
it started and was last seen. Not in the change feed; no group role may read it.

Revision ID: 0028
Revises: 0030
"""
from alembic import op
import sqlalchemy as sa
import agentdesk.models


revision = '0028'
down_revision = '0030'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('chat_conversations',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('ticket_id', sa.Uuid(), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('origin', sa.String(length=200), nullable=False),
    sa.Column('created_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.Column('last_seen_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_chat_conversations_ticket_id_tickets'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chat_conversations')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_chat_conversations_token_hash'))
    )
    op.create_index(op.f('ix_chat_conversations_ticket_id'), 'chat_conversations', ['ticket_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_chat_conversations_ticket_id'), table_name='chat_conversations')
    op.drop_table('chat_conversations')
