"""sync engine (issue 4): clock, mutations, conflicts, outbox, state, rev indexes

The server side (``sync_clock``, ``sync_mutations``, ``sync_conflicts``) and the client
side (``sync_outbox``, ``sync_state``) are created on every backend, so one chain of
migrations serves both; each side simply leaves the other's tables empty. The clock
row starts at version 0 with a fresh epoch. Every synced table gets an index on ``rev``
(pulls range-scan it).

Revision ID: 0006
Revises: 0005
"""
import uuid

from alembic import op
import sqlalchemy as sa
import agentdesk.models


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

# Tables whose rev is indexed here (all Synced tables, plus the audit trail).
REV_TABLES = (
    'agents', 'article_uses', 'article_votes', 'audit_log', 'contact_points', 'customers', 'feedback',
    'follow_ups', 'kb_articles', 'messages', 'order_items', 'orders', 'products', 'teams',
    'template_usage', 'templates', 'ticket_tags', 'tickets',
)


def upgrade() -> None:
    clock = op.create_table('sync_clock',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('v', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('epoch', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_clock'))
    )
    op.bulk_insert(clock, [{'id': 1, 'v': 0, 'epoch': uuid.uuid4()}])
    op.create_table('sync_conflicts',
    sa.Column('mutation_id', sa.Uuid(), nullable=False),
    sa.Column('agent_id', sa.Uuid(), nullable=True),
    sa.Column('other_agent_id', sa.Uuid(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.Uuid(), nullable=True),
    sa.Column('field', sa.String(length=32), nullable=False),
    sa.Column('mine', sa.Text(), nullable=True),
    sa.Column('theirs', sa.Text(), nullable=True),
    sa.Column('resolution', sa.String(length=24), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('rev', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('updated_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_conflicts'))
    )
    op.create_index(op.f('ix_sync_conflicts_mutation_id'), 'sync_conflicts', ['mutation_id'], unique=False)
    op.create_index(op.f('ix_sync_conflicts_rev'), 'sync_conflicts', ['rev'], unique=False)
    op.create_table('sync_mutations',
    sa.Column('mutation_id', sa.Uuid(), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=False),
    sa.Column('agent_id', sa.Uuid(), nullable=True),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=True),
    sa.Column('applied_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('mutation_id', name=op.f('pk_sync_mutations'))
    )
    op.create_table('sync_outbox',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('mutation_id', sa.Uuid(), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.Uuid(), nullable=False),
    sa.Column('op', sa.String(length=32), nullable=False),
    sa.Column('base_version', sa.BigInteger(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.Column('acked_version', sa.BigInteger(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_sync_outbox')),
    sa.UniqueConstraint('mutation_id', name=op.f('uq_sync_outbox_mutation_id')),
    sqlite_autoincrement=True
    )
    op.create_table('sync_state',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_sync_state'))
    )
    # Plain CREATE INDEX works on SQLite too: no batch table rebuild needed.
    for table in REV_TABLES:
        op.create_index(op.f(f'ix_{table}_rev'), table, ['rev'], unique=False)


def downgrade() -> None:
    for table in REV_TABLES:
        op.drop_index(op.f(f'ix_{table}_rev'), table_name=table)
    op.drop_table('sync_state')
    op.drop_table('sync_outbox')
    op.drop_table('sync_mutations')
    op.drop_index(op.f('ix_sync_conflicts_rev'), table_name='sync_conflicts')
    op.drop_index(op.f('ix_sync_conflicts_mutation_id'), table_name='sync_conflicts')
    op.drop_table('sync_conflicts')
    op.drop_table('sync_clock')
