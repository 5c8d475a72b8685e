"""lookup keys: phones in E.164, phone suffixes, email domains, given names (issue 12)

Agents type '010.1234.5678', '+82 (0)10-…', the last four digits, '@example' or a given
name ('민지' for 김민지). Phones are re-stored in E.164; ``contact_points.search_key``
holds a phone's digits reversed (a suffix becomes an indexed prefix) or an email's
domain; ``customers.name_reversed`` makes a given name an indexed prefix. Existing rows
are filled here in Python (SQLite has no reverse()), in batches.

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

from agentdesk import phones

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy of the tables): both backends take it with a default.
    op.add_column('customers', sa.Column('name_reversed', sa.String(length=120), nullable=False, server_default=''))
    op.add_column('contact_points', sa.Column('search_key', sa.String(length=200), nullable=False, server_default=''))

    bind = op.get_bind()
    customers = sa.table('customers', sa.column('id'), sa.column('name'), sa.column('name_reversed'))
    contacts = sa.table('contact_points', sa.column('id'), sa.column('kind'), sa.column('value'),
                        sa.column('normalized'), sa.column('search_key'))
    # Plain column updates: no rev bump, these are derived keys every desk computes alike.
    rows = bind.execute(sa.select(customers.c.id, customers.c.name)).all()
    for i in range(0, len(rows), BATCH):
        bind.execute(customers.update().where(customers.c.id == sa.bindparam('b_id'))
                     .values(name_reversed=sa.bindparam('b_rev')),
                     [{'b_id': r.id, 'b_rev': phones.name_reversed(r.name)} for r in rows[i:i + BATCH]])
    rows = bind.execute(sa.select(contacts.c.id, contacts.c.kind, contacts.c.value, contacts.c.normalized)).all()
    params = []
    for r in rows:
        normalized = phones.to_e164(r.normalized or r.value) if r.kind == 'phone' else r.normalized
        params.append({'b_id': r.id, 'b_norm': normalized, 'b_key': phones.contact_search_key(r.kind, normalized)})
    for i in range(0, len(params), BATCH):
        bind.execute(contacts.update().where(contacts.c.id == sa.bindparam('b_id'))
                     .values(normalized=sa.bindparam('b_norm'), search_key=sa.bindparam('b_key')),
                     params[i:i + BATCH])
    # Indexes after the fill: one sort each instead of a b-tree update per row.
    op.create_index('ix_customers_name_reversed', 'customers', ['name_reversed'], unique=False)
    op.create_index('ix_contact_points_search_key_kind', 'contact_points', ["search_key", "kind"], unique=False)
    if bind.dialect.name == "sqlite":
        op.execute("ANALYZE customers")
        op.execute("ANALYZE contact_points")


def downgrade() -> None:
    # Phones back to the digits the previous lookups expect ('+8210…' → '010…').
    op.execute("UPDATE contact_points SET normalized = '0' || substr(normalized, 4) "
               "WHERE kind = 'phone' AND normalized LIKE '+82%'")
    op.execute("UPDATE contact_points SET normalized = substr(normalized, 2) WHERE kind = 'phone' AND normalized LIKE '+%'")
    op.drop_index('ix_contact_points_search_key_kind', table_name='contact_points')
    op.drop_column('contact_points', 'search_key')
    op.drop_index('ix_customers_name_reversed', table_name='customers')
    op.drop_column('customers', 'name_reversed')
