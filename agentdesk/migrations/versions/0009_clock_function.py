"""the sync clock moves only through agentdesk_next_version() (issue 10)

Every server write transaction ends by taking the next version from ``sync_clock``.
Until now the agents' database roles held ``UPDATE (v)`` on it for that, so SQL running
as an agent could set the clock back (desks would silently miss changes) or far ahead.
The bump is now a SECURITY DEFINER function owned by the schema's owner; the roles get
EXECUTE on it and lose UPDATE on the table (server/security.py). It runs inside the
caller's transaction, so the clock row stays locked to commit as before (versions in
commit order). PostgreSQL only; SQLite has no team server.

Revision ID: 0009
Revises: 0008
"""
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = bind.exec_driver_sql("SELECT current_schema()").scalar()
    q = bind.dialect.identifier_preparer.quote_identifier(schema)
    op.execute(f"""
        CREATE OR REPLACE FUNCTION {q}.agentdesk_next_version() RETURNS bigint
        LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog AS $$
            UPDATE {q}.sync_clock SET v = v + 1 WHERE id = 1 RETURNING v
        $$""")
    op.execute(f"REVOKE ALL ON FUNCTION {q}.agentdesk_next_version() FROM PUBLIC")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION IF EXISTS agentdesk_next_version()")
