"""Schema versions on connect: a client writes to the team server only when both run the
same schema. An app older than the server stays offline with its local data (it could not
know what the newer columns mean); a server older than the app needs an admin upgrade."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

from agentdesk.db import head_revision, known_revisions


class IncompatibleServer(Exception):
    """The team server's schema is not this app's: nothing is pushed or pulled. The
    message is meant for the agent (status bar, `agentdesk sync status`)."""


def server_revision(conn: Connection) -> str | None:
    if conn.execute(text("SELECT to_regclass('alembic_version')")).scalar() is None:
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def check_server_schema(conn: Connection) -> str:
    """Returns the server's revision when it equals this app's; raises IncompatibleServer."""
    rev = server_revision(conn)
    if rev == head_revision():
        return rev
    raise IncompatibleServer(describe_mismatch(rev))


def describe_mismatch(rev: str | None) -> str:
    """The agent's sentence for a team server whose schema is ``rev`` (not this app's)."""
    head = head_revision()
    if rev is None:
        return ("the team server has no AgentDesk schema; an admin must run "
                "'agentdesk admin init-server' first")
    if rev not in known_revisions():
        return (f"the team server runs a newer AgentDesk (schema {rev}, this app {head}): "
                "update AgentDesk. Until then you work offline on your local data and nothing is sent.")
    return (f"the team server's schema ({rev}) is older than this app's ({head}): an admin must run "
            "'agentdesk admin init-server' and restart 'agentdesk server'. Until then nothing is sent.")
