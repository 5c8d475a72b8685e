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
