"""the gateway's outbox, IMAP cursors and failed mail; a reply's delivery state (issue 14)

``outbound``: one reply to send, its whole MIME fixed when queued (gateway/outbox.py).
``mail_cursors``: the last UID read per IMAP folder. ``failed_mail``: mail that could not
be taken in, kept whole for the admin. ``messages.delivery``: what the ticket view shows of
a reply's delivery (synced with the message); ``contact_points.bounced_at`` /
``bounce_reason``: the address bounced. Server side only except the two synced columns.

Revision ID: 0026
Revises: 0028
"""
from alembic import op
import sqlalchemy as sa
import agentdesk.models


revision = '0026'
down_revision = '0028'
branch_labels = None
depends_on = None

UNDELIVERED = "direction = 'outbound' AND kind = 'reply' AND delivery IS NULL"


def upgrade() -> None:
    # Nullable columns added in place (SQLite's ADD COLUMN): no table rebuild of a million messages.
    op.add_column('messages', sa.Column('delivery', sa.String(length=16), nullable=True))
    op.add_column('contact_points', sa.Column('bounced_at', agentdesk.models.UTCDateTime(), nullable=True))
    op.add_column('contact_points', sa.Column('bounce_reason', sa.String(length=300), nullable=True))
    op.create_index('ix_messages_undelivered', 'messages', ['channel', 'created_at'],
                    sqlite_where=sa.text(UNDELIVERED), postgresql_where=sa.text(UNDELIVERED))

    op.create_table('outbound',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('message_id', sa.Uuid(), nullable=False),
    sa.Column('ticket_id', sa.Uuid(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('recipient', sa.String(length=320), nullable=False),
    sa.Column('message_id_header', sa.String(length=300), nullable=False),
    sa.Column('payload', sa.LargeBinary(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('created_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.Column('updated_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.Column('sent_at', agentdesk.models.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_outbound_message_id_messages')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_outbound_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbound')),
    sa.UniqueConstraint('message_id', name=op.f('uq_outbound_message_id'))
    )
    op.create_index('ix_outbound_state_next', 'outbound', ['state', 'next_attempt_at'], unique=False)
    op.create_index(op.f('ix_outbound_ticket_id'), 'outbound', ['ticket_id'], unique=False)
    op.create_index(op.f('ix_outbound_message_id_header'), 'outbound', ['message_id_header'], unique=False)

    op.create_table('mail_cursors',
    sa.Column('folder_key', sa.String(length=400), nullable=False),
    sa.Column('uidvalidity', sa.BigInteger(), nullable=False),
    sa.Column('last_uid', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('folder_key', name=op.f('pk_mail_cursors'))
    )

    op.create_table('failed_mail',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('folder_key', sa.String(length=400), nullable=False),
    sa.Column('uid', sa.BigInteger(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('raw', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_failed_mail'))
    )
    op.create_index('ix_failed_mail_created', 'failed_mail', ['created_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_failed_mail_created', table_name='failed_mail')
    op.drop_table('failed_mail')
    op.drop_table('mail_cursors')
    op.drop_index(op.f('ix_outbound_message_id_header'), table_name='outbound')
    op.drop_index(op.f('ix_outbound_ticket_id'), table_name='outbound')
    op.drop_index('ix_outbound_state_next', table_name='outbound')
    op.drop_table('outbound')
    op.drop_index('ix_messages_undelivered', table_name='messages')
    op.drop_column('contact_points', 'bounce_reason')
    op.drop_column('contact_points', 'bounced_at')
    op.drop_column('messages', 'delivery')
