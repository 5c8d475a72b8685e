"""Demo workspaces: realistic, bilingual contact-centre data at any size.

Not a service: nothing in the app's daily work calls it. The CLI (`agentdesk demo-data`),
the first start of an empty workspace, the self-test, the benchmarks and the tests do.
Plain Python, no Qt.

- ``catalogue``: the vocabulary (names, products, scenarios, articles, templates);
- ``generator``: the deterministic generator, its worker processes and ``generate()``;
- ``writers``: the bulk writers (raw sqlite3, PostgreSQL COPY, SQLAlchemy Core).
"""

from agentdesk.demo.generator import (
    CONSTANT_COLS,
    CUSTOMER_TABLES,
    DEMO_CUSTOMERS,
    DEMO_TICKETS,
    TABLES,
    TEMPLATES,
    TICKET_TABLES,
    Progress,
    _RawSqliteWriter,
    ensure_demo_workspace,
    generate,
)

__all__ = [
    "CONSTANT_COLS", "CUSTOMER_TABLES", "DEMO_CUSTOMERS", "DEMO_TICKETS", "TABLES", "TEMPLATES", "TICKET_TABLES",
    "Progress", "_RawSqliteWriter", "ensure_demo_workspace", "generate",
]
