"""The Agent aliases services/tickets.py shares between threads (the inbox page's assignee,
a message's author, a change's actor) are ready at import. Built lazily, two read workers
using one for the first time at the same moment could leave it unadapted for good: the
inbox's first page then failed with "no such column: agents.id" (seen on a fresh desk)."""

from __future__ import annotations

import subprocess
import sys

_STRESS = """
import sys, threading
from sqlalchemy import select
from agentdesk.models import Ticket
from agentdesk.services import tickets as T
aliases = {"assignee": T._ASSIGNEE, "author": T._AUTHOR, "actor": T._ACTOR}
ready = all("id" in vars(a) and "name" in vars(a) for a in aliases.values())
sys.setswitchinterval(1e-6)  # a thread switch every few bytecodes: the race shows in ~1 run of 3 without the fix
bar = threading.Barrier(6)
out = []
def work():
    bar.wait()
    for name, a in aliases.items():
        out.append((name, str(select(Ticket.id, a.name).outerjoin(a, a.id == Ticket.assignee_id))))
threads = [threading.Thread(target=work) for _ in range(6)]
[t.start() for t in threads]
[t.join() for t in threads]
bad = [name for name, sql in out if f"{name}.id = tickets.assignee_id" not in sql]
print(ready, len(bad))
"""


def test_the_shared_agent_aliases_are_ready_before_worker_threads_use_them():
    for _ in range(2):  # a fresh process each time: the race is on the first use
        out = subprocess.run([sys.executable, "-W", "ignore", "-c", _STRESS], capture_output=True, text=True,
                             check=True).stdout.split()
        assert out == ["True", "0"], out


def test_every_shared_alias_or_subquery_of_a_service_module_is_ready_at_import():
    """The same race for any alias, subquery or CTE a service module keeps at module level
    (Tables are built complete): SQLAlchemy 2.1 fills the lookup index behind
    corresponding_column in place on first use, so a thread can see it half-built. Each
    one must be built at import (services/tickets.py's _shared_alias does)."""
    import importlib
    import pkgutil

    from sqlalchemy import inspect
    from sqlalchemy.orm.util import AliasedClass
    from sqlalchemy.sql.selectable import Alias, Subquery

    import agentdesk.services as services

    checked, unready = 0, []
    for mod in pkgutil.iter_modules(services.__path__):
        module = importlib.import_module(f"agentdesk.services.{mod.name}")
        for name, value in vars(module).items():
            if isinstance(value, AliasedClass):
                selectable = inspect(value).selectable
            elif isinstance(value, (Alias, Subquery)):
                selectable = value
            else:
                continue
            checked += 1
            if not selectable.c._parent._proxy_index:  # SQLAlchemy 2.1's lookup of corresponding_column
                unready.append(f"{mod.name}.{name}")
    assert checked >= 3 and not unready, unready
