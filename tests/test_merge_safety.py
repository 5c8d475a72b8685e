"""Merge safety: one merge of a pair, however many agents click at once, on the service,
the replica and the team server."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from sqlalchemy import func, select

from agentdesk import rules
from agentdesk.services import tickets
from agentdesk.services.common import InvalidValue, current_agent
from agentdesk.sync import capture
from tests.factories import seed_small
from tests.test_sync_support import T, client, close, dump, replica


def _system_notes(db, number: int) -> list[str]:
    tickets_t, messages = T["tickets"], T["messages"]
    with db.engine.connect() as conn:
        tid = conn.execute(select(tickets_t.c.id).where(tickets_t.c.number == number)).scalar_one()
        return sorted(conn.scalars(select(messages.c.body).where(messages.c.ticket_id == tid, messages.c.kind == "system")))


def test_two_agents_merging_the_same_pair_at_once_leave_one_pair_of_notes(pg_db):
    """The second merge waits for the first one's row locks, then sees it and is refused;
    both used to read "not merged yet" and each add "Merged into/from" notes."""
    ids = seed_small(pg_db)
    first_done, second_result = threading.Event(), []

    def second() -> None:
        first_done.wait(10)
        try:
            with pg_db.session() as s:
                tickets.merge_tickets(s, ids["t2"], ids["t1"], current_agent(s, "lee.junho"))
            second_result.append("merged")
        except InvalidValue as exc:
            second_result.append(str(exc))

    other = threading.Thread(target=second)
    other.start()
    with pg_db.session() as s:
        tickets.merge_tickets(s, ids["t2"], ids["t1"], current_agent(s, "kim.minji"))
        first_done.set()
        other.join(0.5)  # the second one is blocked on the rows this transaction holds
        assert other.is_alive()
    other.join(10)
    assert second_result == [f"#{ids['t2']} was already merged into #{ids['t1']}"]
    assert _system_notes(pg_db, ids["t1"]) == [rules.system_note("merged_from", number=ids["t2"])]
    assert _system_notes(pg_db, ids["t2"]) == [rules.system_note("merged_into", number=ids["t1"])]


def test_two_desks_merging_the_same_pair_leave_one_pair_of_notes_on_the_server_and_both_desks(pg_db, tmp_path):
    ids = seed_small(pg_db)
    reps = [replica(tmp_path, "a", "kim.minji"), replica(tmp_path, "b", "lee.junho")]
    clients = [client(r, pg_db) for r in reps]
    try:
        for rep, login in zip(reps, ("kim.minji", "lee.junho")):
            capture.install(rep.db, login)
        for c in clients:
            c.sync_once()
        for rep, login in zip(reps, ("kim.minji", "lee.junho")):
            with rep.db.session() as s:  # both offline copies still say "not merged"
                tickets.merge_tickets(s, ids["t2"], ids["t1"], current_agent(s, login))
        for c in clients:
            c.sync_once()
        clients[0].sync_once()
        assert _system_notes(pg_db, ids["t1"]) == [rules.system_note("merged_from", number=ids["t2"])]
        assert _system_notes(pg_db, ids["t2"]) == [rules.system_note("merged_into", number=ids["t1"])]
        for rep in reps:
            assert _system_notes(rep.db, ids["t1"]) == [rules.system_note("merged_from", number=ids["t2"])]
            assert dump(rep.db) == dump(pg_db)
        with pg_db.engine.connect() as conn:
            t = T["tickets"]
            count = conn.execute(select(t.c.message_count).where(t.c.number == ids["t1"])).scalar_one()
            stored = conn.execute(select(func.count()).select_from(T["messages"]).join(t, t.c.id == T["messages"].c.ticket_id)
                                  .where(t.c.number == ids["t1"])).scalar_one()
        assert count == stored
    finally:
        for c in clients:
            c.close()
        close(*reps)


@pytest.mark.parametrize("case", ["itself", "merged source", "merged target"])
def test_the_cli_refuses_a_bad_merge_in_one_line(sqlite_db, case, monkeypatch):
    ids = seed_small(sqlite_db)
    with sqlite_db.session() as s:
        tickets.merge_tickets(s, ids["t2"], ids["t1"], current_agent(s))
    src, dst, said = {"itself": (ids["t3"], ids["t3"], "a ticket cannot be merged into itself"),
                      "merged source": (ids["t2"], ids["t3"], f"#{ids['t2']} was already merged into #{ids['t1']}"),
                      "merged target": (ids["t3"], ids["t2"], f"#{ids['t2']} was itself merged; merge into #{ids['t1']}")}[case]
    monkeypatch.setenv("AGENTDESK_DB", sqlite_db.url)
    proc = subprocess.run([sys.executable, "-m", "agentdesk", "ticket", "merge", str(src), "--into", str(dst)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0 and proc.stdout == ""
    assert proc.stderr.strip().splitlines() == [f"agentdesk: error: {said}"]
    assert _system_notes(sqlite_db, ids["t1"]) == [rules.system_note("merged_from", number=ids["t2"])]  # nothing more was written
