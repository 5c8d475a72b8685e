"""Demo workspaces: realistic, bilingual contact-centre data at any size.

Not a service: nothing in the app's daily work calls it. The CLI (`agentdesk demo-data`),
the first start of an empty workspace, the self-test, the benchmarks and the tests do.
Plain Python, no Qt.

- ``catalogue``: the vocabulary (names, products, scenarios, articles, templates);
- ``generator``: the deterministic generator, its worker processes and ``generate()``;
- ``writers``: the row layouts and the bulk writers (raw sqlite3, PostgreSQL COPY, SQLAlchemy Core).
"""

from agentdesk.demo.catalogue import TEMPLATES
from agentdesk.demo.generator import DEMO_CUSTOMERS, DEMO_TICKETS, DiskFullError, ensure_demo_workspace, generate
from agentdesk.demo.writers import CONSTANT_COLS, CUSTOMER_TABLES, GATEWAY_COLS, TABLES, TICKET_TABLES, Progress

__all__ = [
    "CONSTANT_COLS", "CUSTOMER_TABLES", "GATEWAY_COLS", "DEMO_CUSTOMERS", "DEMO_TICKETS", "TABLES", "TEMPLATES", "TICKET_TABLES",
    "DiskFullError", "Progress", "ensure_demo_workspace", "generate",
]
