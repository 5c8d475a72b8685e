"""training: trainers' scenarios, assignments and trainees' attempts (issue 15)

``training_scenarios`` (a team's own scenarios, one row per team and scenario id),
``training_assignments`` (a scenario given to a trainee) and ``training_attempts`` (a
trainee's session: the actions as played and the scorecard recomputed from them). All
three are synced; the team server writes them (training.scenario_save, training.assign,
training.attempt), checked by agentdesk/training_rules.py.

Revision ID: 0031
Revises: 0027
"""
import sqlalchemy as sa
from alembic import op

import agentdesk.models

revision = '0031'
down_revision = '0027'
branch_labels = None
depends_on = None


def _synced() -> list:
    return [
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('rev', sa.BigInteger(), server_default='0', nullable=False),
        sa.Column('deleted', sa.Boolean(), server_default='0', nullable=False),
        sa.Column('updated_at', agentdesk.models.UTCDateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table('training_scenarios',
    sa.Column('team_id', sa.Uuid(), nullable=False),
    sa.Column('scenario_key', sa.String(length=64), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('format', sa.String(length=8), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('difficulty', sa.String(length=16), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=True),
    *_synced(),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_training_scenarios_team_id_teams')),
    sa.ForeignKeyConstraint(['updated_by'], ['agents.id'], name=op.f('fk_training_scenarios_updated_by_agents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_scenarios')),
    sa.UniqueConstraint('team_id', 'scenario_key', name='uq_training_scenarios_team_key')
    )
    op.create_index(op.f('ix_training_scenarios_rev'), 'training_scenarios', ['rev'], unique=False)
    op.create_table('training_assignments',
    sa.Column('team_id', sa.Uuid(), nullable=False),
    sa.Column('scenario_key', sa.String(length=64), nullable=False),
    sa.Column('trainee_id', sa.Uuid(), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('due_at', agentdesk.models.UTCDateTime(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('assigned_by', sa.Uuid(), nullable=True),
    sa.Column('created_at', agentdesk.models.UTCDateTime(), nullable=False),
    *_synced(),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_training_assignments_team_id_teams')),
    sa.ForeignKeyConstraint(['trainee_id'], ['agents.id'], name=op.f('fk_training_assignments_trainee_id_agents')),
    sa.ForeignKeyConstraint(['assigned_by'], ['agents.id'], name=op.f('fk_training_assignments_assigned_by_agents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_assignments'))
    )
    op.create_index(op.f('ix_training_assignments_rev'), 'training_assignments', ['rev'], unique=False)
    op.create_index('ix_training_assignments_trainee', 'training_assignments', ['trainee_id', 'deleted'], unique=False)
    op.create_table('training_attempts',
    sa.Column('team_id', sa.Uuid(), nullable=True),
    sa.Column('trainee_id', sa.Uuid(), nullable=False),
    sa.Column('assignment_id', sa.Uuid(), nullable=True),
    sa.Column('scenario_key', sa.String(length=64), nullable=False),
    sa.Column('scenario_sha256', sa.String(length=64), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('started_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.Column('ended_at', agentdesk.models.UTCDateTime(), nullable=False),
    sa.Column('clock_end', sa.Float(), nullable=True),
    sa.Column('actions', sa.JSON(), nullable=False),
    sa.Column('scorecard', sa.JSON(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=False),
    *_synced(),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_training_attempts_team_id_teams')),
    sa.ForeignKeyConstraint(['trainee_id'], ['agents.id'], name=op.f('fk_training_attempts_trainee_id_agents')),
    sa.ForeignKeyConstraint(['assignment_id'], ['training_assignments.id'],
                            name=op.f('fk_training_attempts_assignment_id_training_assignments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_attempts'))
    )
    op.create_index(op.f('ix_training_attempts_rev'), 'training_attempts', ['rev'], unique=False)
    op.create_index('ix_training_attempts_trainee_started', 'training_attempts', ['trainee_id', 'started_at'],
                    unique=False)
    op.create_index('ix_training_attempts_team_started', 'training_attempts', ['team_id', 'started_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_training_attempts_team_started', table_name='training_attempts')
    op.drop_index('ix_training_attempts_trainee_started', table_name='training_attempts')
    op.drop_index(op.f('ix_training_attempts_rev'), table_name='training_attempts')
    op.drop_table('training_attempts')
    op.drop_index('ix_training_assignments_trainee', table_name='training_assignments')
    op.drop_index(op.f('ix_training_assignments_rev'), table_name='training_assignments')
    op.drop_table('training_assignments')
    op.drop_index(op.f('ix_training_scenarios_rev'), table_name='training_scenarios')
    op.drop_table('training_scenarios')
