"""Alembic environment: always run programmatically with the app's own engine."""
from alembic import context

from agentdesk.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    engine = config.attributes["engine"]
    with engine.begin() as conn:
        context.configure(
            connection=conn,
            target_metadata=target_metadata,
            render_as_batch=True,  # SQLite needs batch mode for ALTERs
        )
        with context.begin_transaction():
            context.run_migrations()


run()
