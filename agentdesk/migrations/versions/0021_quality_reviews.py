"""quality reviews: rubrics and a lead's reviews of handled tickets (issue 13)

Two synced tables, and the bundled default rubric (Korean and English labels) as a data
step, so every workspace has one from its first start: the embedded demo, a desk's
replica (the same fixed id as the server's, so a pull overwrites it in place) and the
team database. Its items are written here as they were at this revision, not imported
from the code (a later change of the code must not change what this migration did).

Revision ID: 0021
Revises: 0012
"""
import uuid

import sqlalchemy as sa
from alembic import op

import agentdesk.models

revision = '0021'
down_revision = '0012'
branch_labels = None
depends_on = None

DEFAULT_RUBRIC_ID = uuid.UUID("6fca9d13-287b-5596-9ea0-ae153028f615")  # uuid5(URL, "agentdesk:rubric:default")
DEFAULT_ITEMS = [
    {"key": "greeting", "label_en": "Greeting", "label_ko": "인사", "weight": 10, "max_points": 5,
     "auto_fail": False},
    {"key": "compliance", "label_en": "Identity check & compliance", "label_ko": "본인확인·규정 준수", "weight": 25,
     "max_points": 5, "auto_fail": True},
    {"key": "accuracy", "label_en": "Accuracy", "label_ko": "정확성", "weight": 25, "max_points": 5,
     "auto_fail": False},
    {"key": "empathy", "label_en": "Empathy", "label_ko": "공감", "weight": 15, "max_points": 5, "auto_fail": False},
    {"key": "resolution", "label_en": "Resolution", "label_ko": "해결", "weight": 20, "max_points": 5,
     "auto_fail": False},
    {"key": "closing", "label_en": "Closing", "label_ko": "마무리", "weight": 5, "max_points": 5, "auto_fail": False},
]


def upgrade() -> None:
    rubrics = op.create_table('rubrics',
    sa.Column('team_id', sa.Uuid(), nullable=True),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), server_default='1', nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('rev', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('updated_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_rubrics_team_id_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rubrics'))
    )
    op.create_index(op.f('ix_rubrics_team_id'), 'rubrics', ['team_id'], unique=False)
    op.create_index(op.f('ix_rubrics_rev'), 'rubrics', ['rev'], unique=False)
    op.create_table('quality_reviews',
    sa.Column('ticket_id', sa.Uuid(), nullable=False),
    sa.Column('agent_id', sa.Uuid(), nullable=False),
    sa.Column('reviewer_id', sa.Uuid(), nullable=False),
    sa.Column('team_id', sa.Uuid(), nullable=True),
    sa.Column('rubric_id', sa.Uuid(), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('comments', sa.JSON(), nullable=False),
    sa.Column('comment', sa.Text(), server_default='', nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('failed', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('created_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('rev', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('updated_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_quality_reviews_agent_id_agents')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['agents.id'], name=op.f('fk_quality_reviews_reviewer_id_agents')),
    sa.ForeignKeyConstraint(['rubric_id'], ['rubrics.id'], name=op.f('fk_quality_reviews_rubric_id_rubrics')),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_quality_reviews_team_id_teams')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_quality_reviews_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quality_reviews')),
    sa.UniqueConstraint('ticket_id', name='uq_quality_reviews_ticket_id')
    )
    op.create_index('ix_quality_reviews_agent_created', 'quality_reviews', ['agent_id', 'created_at'], unique=False)
    op.create_index('ix_quality_reviews_team_created', 'quality_reviews', ['team_id', 'created_at'], unique=False)
    op.create_index(op.f('ix_quality_reviews_rev'), 'quality_reviews', ['rev'], unique=False)
    # The bundled rubric: the workspace default (no team), rev 0 like any row written
    # outside the sync path (a team server stamps it with its first version).
    op.bulk_insert(rubrics, [{"id": DEFAULT_RUBRIC_ID, "team_id": None, "name": "표준 품질 평가 · Standard quality review",
                              "items": DEFAULT_ITEMS, "active": True, "rev": 0, "deleted": False,
                              "updated_at": agentdesk.models.utcnow()}])


def downgrade() -> None:
    op.drop_index(op.f('ix_quality_reviews_rev'), table_name='quality_reviews')
    op.drop_index('ix_quality_reviews_team_created', table_name='quality_reviews')
    op.drop_index('ix_quality_reviews_agent_created', table_name='quality_reviews')
    op.drop_table('quality_reviews')
    op.drop_index(op.f('ix_rubrics_rev'), table_name='rubrics')
    op.drop_index(op.f('ix_rubrics_team_id'), table_name='rubrics')
    op.drop_table('rubrics')
