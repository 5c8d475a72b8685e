"""Two processes writing to one workspace file at once (the window and a CLI script)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from sqlalchemy import func, select, text

from agentdesk.models import Message, Ticket
from agentdesk.services import tickets
from agentdesk.services.tickets import FTS_SEQ_BITS
from tests.factories import seed_small

NOTES = 200

_WRITER = textwrap.dedent("""
    import sys
    from agentdesk.db import open_database
    from agentdesk.services import tickets
    from agentdesk.services.common import current_agent

    url, number, who = sys.argv[1], sys.argv[2], sys.argv[3]
    db = open_database(url)
    sys.stdout.write("ready\\n")
    sys.stdout.flush()
    sys.stdin.readline()  # both start together
    for i in range(int(sys.argv[4])):
        with db.session() as s:
            tickets.add_message(s, number, current_agent(s), f"{who} note {i} zq{who}", kind="note")
    db.dispose()
""")


def test_two_processes_adding_notes_lose_no_count_and_no_search_row(sqlite_db, tmp_path):
    """The count was read in Python and written back: two processes both wrote n + 1,
    and both indexed their note under the same search rowid, so one note could not be found."""
    ids = seed_small(sqlite_db)
    number = ids["t1"]
    with sqlite_db.session() as s:
        start = s.scalar(select(Ticket.message_count).where(Ticket.number == number))
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, sqlite_db.url, str(number), who, str(NOTES)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for who in ("a", "b")]
    for proc in procs:
        assert proc.stdout.readline() == "ready\n"
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    with sqlite_db.session() as s:
        t = tickets.resolve_ticket(s, number)
        stored = s.scalar(select(func.count()).select_from(Message).where(Message.ticket_id == t.id))
        assert stored == start + 2 * NOTES
        assert t.message_count == stored
        first = number << FTS_SEQ_BITS
        rows = s.scalar(text("SELECT count(*) FROM ticket_fts WHERE rowid BETWEEN :a AND :b"),
                        {"a": first, "b": first + (1 << FTS_SEQ_BITS) - 1})
        assert rows == 1 + stored  # the subject and every message
        for who in ("a", "b"):
            found = tickets.fetch_page(s, tickets.TicketQuery(text=f"zq{who}"), ids["me"], 0, 10)
            assert [r.number for r in found] == [number]
