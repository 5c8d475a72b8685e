"""Each request's database work runs as its agent, inside PostgreSQL's own rules.

The server connects as ``agentdesk_server`` (NOINHERIT: by itself it may only sign
agents in). For a request it opens a transaction, names the agent in the transaction
setting ``agentdesk.agent_id`` and switches to the agent's group role with ``SET LOCAL
ROLE``; both end with the transaction. The row-level security policies
(server/security.py) read that setting, so even a query the server got wrong stays
inside the agent's team: the second wall.
"""

from __future__ import annotations

from contextlib import contextmanager
from collections.abc import Iterator

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from agentdesk.server.auth import Principal
from agentdesk.server.security import GROUP_ROLES


def enter(conn: Connection, principal: Principal) -> None:
    """In the caller's open transaction: from here to its end, act as ``principal``."""
    conn.execute(text("SELECT set_config('agentdesk.agent_id', :a, true)"), {"a": str(principal.agent_id)})
    conn.exec_driver_sql(f"SET LOCAL ROLE {GROUP_ROLES[principal.role]}")  # a fixed name, never user text


@contextmanager
def as_agent(engine: Engine, principal: Principal, *, isolation: str | None = None) -> Iterator[Connection]:
    """One transaction acting as ``principal``; committed when the block ends normally."""
    with engine.connect() as conn:
        if isolation:
            conn.execution_options(isolation_level=isolation)
        with conn.begin():
            enter(conn, principal)
            yield conn
