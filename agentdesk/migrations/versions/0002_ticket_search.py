"""search indexes: ticket full text, customer names

On SQLite an FTS5 table over pre-tokenised text (Hangul as character bigrams, see
agentdesk/services/textsearch.py). Contentless: it stores only the index, and its
rowid encodes the ticket number (number << 12 | message sequence), so one ticket's
subject and messages can be indexed as separate rows without a mapping table.
On PostgreSQL the search falls back to ILIKE until the team backend adds its own index.

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Case-insensitive name prefix search (find_customers) on every backend.
    op.execute("CREATE INDEX ix_customers_lower_name ON customers (lower(name))")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE ticket_fts USING fts5(doc, content='', tokenize='unicode61 remove_diacritics 2')")


def downgrade() -> None:
    op.execute("DROP INDEX ix_customers_lower_name")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE ticket_fts")
