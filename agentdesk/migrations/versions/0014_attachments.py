"""attachments on replies and notes (issue 12)

``attachments``: one row per file sent with a message (synced, pulled with its ticket).
``attachment_blobs``: the bytes, once per SHA-256, in the database itself (a backup or a
dump carries them with the rows that name them). ``attachment_uploads``: on the team
server, who uploaded which content (a message may only name content its author has).
``draft_attachments``: files waiting in an agent's composer (local, with the draft).

Revision ID: 0014
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa
import agentdesk.models


revision = '0014'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('attachments',
    sa.Column('message_id', sa.Uuid(), nullable=False),
    sa.Column('ticket_id', sa.Uuid(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('mime_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('rev', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('updated_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_attachments_message_id_messages')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_attachments_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments'))
    )
    op.create_index('ix_attachments_message', 'attachments', ['message_id'], unique=False)
    op.create_index('ix_attachments_ticket', 'attachments', ['ticket_id'], unique=False)
    op.create_index('ix_attachments_sha256', 'attachments', ['sha256'], unique=False)
    op.create_index(op.f('ix_attachments_rev'), 'attachments', ['rev'], unique=False)

    op.create_table('attachment_blobs',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('mime_type', sa.String(length=100), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_attachment_blobs'))
    )

    op.create_table('attachment_uploads',
    sa.Column('agent_id', sa.Uuid(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_attachment_uploads_agent_id_agents'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('agent_id', 'sha256', name=op.f('pk_attachment_uploads'))
    )

    op.create_table('draft_attachments',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('ticket_id', sa.Uuid(), nullable=False),
    sa.Column('agent_id', sa.Uuid(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('mime_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft_attachments'))
    )
    op.create_index('ix_draft_attachments_draft', 'draft_attachments', ['ticket_id', 'agent_id', 'created_at'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_draft_attachments_draft', table_name='draft_attachments')
    op.drop_table('draft_attachments')
    op.drop_table('attachment_uploads')
    op.drop_table('attachment_blobs')
    op.drop_index(op.f('ix_attachments_rev'), table_name='attachments')
    op.drop_index('ix_attachments_sha256', table_name='attachments')
    op.drop_index('ix_attachments_ticket', table_name='attachments')
    op.drop_index('ix_attachments_message', table_name='attachments')
    op.drop_table('attachments')
