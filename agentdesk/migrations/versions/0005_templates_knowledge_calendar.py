"""templates, knowledge and calendar (issue 3)

Per-agent template usage and prompts; knowledge proposals, uses, votes and the
full-text index; follow-up time zone, snooze and iCalendar UID.

Revision ID: 0005
Revises: 0004
"""
import warnings

from alembic import op
import sqlalchemy as sa
import agentdesk.models


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Batch mode rebuilds SQLite tables by reflection, which warns about the customers'
    # lower(name) expression index it cannot reflect (it is left in place).
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Skipped unsupported reflection")
        _upgrade()


def _upgrade() -> None:
    op.create_table('article_uses',
    sa.Column('article_id', sa.Uuid(), nullable=False),
    sa.Column('ticket_id', sa.Uuid(), nullable=True),
    sa.Column('agent_id', sa.Uuid(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('rev', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('updated_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_article_uses_agent_id_agents')),
    sa.ForeignKeyConstraint(['article_id'], ['kb_articles.id'], name=op.f('fk_article_uses_article_id_kb_articles')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_article_uses_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_article_uses'))
    )
    with op.batch_alter_table('article_uses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_uses_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_uses_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('article_votes',
    sa.Column('article_id', sa.Uuid(), nullable=False),
    sa.Column('agent_id', sa.Uuid(), nullable=False),
    sa.Column('ticket_id', sa.Uuid(), nullable=True),
    sa.Column('helpful', sa.Boolean(), nullable=False),
    sa.Column('at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('rev', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('updated_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_article_votes_agent_id_agents')),
    sa.ForeignKeyConstraint(['article_id'], ['kb_articles.id'], name=op.f('fk_article_votes_article_id_kb_articles')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_article_votes_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_article_votes')),
    sa.UniqueConstraint('article_id', 'agent_id', name='uq_article_votes_article_agent')
    )
    op.create_table('template_usage',
    sa.Column('agent_id', sa.Uuid(), nullable=False),
    sa.Column('template_id', sa.Uuid(), nullable=False),
    sa.Column('uses', sa.Integer(), nullable=False),
    sa.Column('last_used_at', agentdesk.models.UTCDateTime(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('rev', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('updated_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_template_usage_agent_id_agents')),
    sa.ForeignKeyConstraint(['template_id'], ['templates.id'], name=op.f('fk_template_usage_template_id_templates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_template_usage')),
    sa.UniqueConstraint('agent_id', 'template_id', name='uq_template_usage_agent_template')
    )
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tz', sa.String(length=64), server_default='', nullable=False))
        batch_op.add_column(sa.Column('remind_at', agentdesk.models.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('completed_at', agentdesk.models.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('ical_uid', sa.String(length=255), nullable=True))
        batch_op.create_unique_constraint('uq_follow_ups_agent_ical_uid', ['agent_id', 'ical_uid'])

    with op.batch_alter_table('kb_articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('proposed_by_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('proposal_of_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('review_note', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('published_at', agentdesk.models.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('search_key', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_kb_articles_proposal_of_id'), ['proposal_of_id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_kb_articles_search_key'), ['search_key'])
        batch_op.create_foreign_key(batch_op.f('fk_kb_articles_proposed_by_id_agents'), 'agents', ['proposed_by_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_kb_articles_proposal_of_id_kb_articles'), 'kb_articles', ['proposal_of_id'], ['id'])

    with op.batch_alter_table('templates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prompts', sa.JSON(), server_default='[]', nullable=False))

    if op.get_bind().dialect.name == "sqlite":
        # Knowledge search: pre-tokenised text (textsearch.index_text: Hangul bigrams),
        # porter-stemmed for English, contentless (the articles table holds the text);
        # rowid = kb_articles.search_key. Existing articles are indexed by the app.
        op.execute(
            "CREATE VIRTUAL TABLE kb_fts USING fts5(title, body, tags, content='', "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )


def downgrade() -> None:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Skipped unsupported reflection")
        _downgrade()


def _downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE kb_fts")
    with op.batch_alter_table('templates', schema=None) as batch_op:
        batch_op.drop_column('prompts')

    with op.batch_alter_table('kb_articles', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_kb_articles_proposal_of_id_kb_articles'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_kb_articles_proposed_by_id_agents'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_kb_articles_search_key'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_kb_articles_proposal_of_id'))
        batch_op.drop_column('search_key')
        batch_op.drop_column('published_at')
        batch_op.drop_column('review_note')
        batch_op.drop_column('proposal_of_id')
        batch_op.drop_column('proposed_by_id')

    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_constraint('uq_follow_ups_agent_ical_uid', type_='unique')
        batch_op.drop_column('ical_uid')
        batch_op.drop_column('completed_at')
        batch_op.drop_column('remind_at')
        batch_op.drop_column('tz')

    op.drop_table('template_usage')
    op.drop_table('article_votes')
    with op.batch_alter_table('article_uses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_uses_ticket_id'))
        batch_op.drop_index(batch_op.f('ix_article_uses_article_id'))

    op.drop_table('article_uses')
