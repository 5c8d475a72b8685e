"""demo-data is all-or-nothing: a SIGKILL or a full disk leaves an empty workspace that a
re-run fills, never half the tickets (which demo-data then refused as "already has data")."""

from __future__ import annotations

import os
import select as io_select
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, UTC
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from agentdesk.db import open_database
from agentdesk.demo import DiskFullError, generate
from agentdesk.models import Agent, Customer, KnowledgeArticle, Ticket

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
# The SIGKILL tests' ticket stage: long enough that the kill lands in it (each test checks
# that the child is still running when killed), and the re-run writes them all. 10,000
# (was 25,000, whose re-run took 15-30 s): the stage still takes seconds, the kill comes
# 0-0.3 s into it.
KILLED_TICKETS = 10_000
DEMO_TABLES = ("teams", "agents", "kb_articles", "templates", "customers", "tickets", "messages", "ticket_fts")


# The start of a killed-load script: its own wrapper of the raw writer follows.
_BULK_WRITER_PRELUDE = (
    "import os, signal\n"
    "from datetime import datetime, UTC\n"
    "from agentdesk.db import open_database\n"
    "from agentdesk.demo import generate, writers\n"
    "init = writers._RawSqliteWriter.__init__\n"
)


def _cli(*args: str, **kw) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "agentdesk", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def _counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in DEMO_TABLES}
    finally:
        con.close()


def _wait_for(proc: subprocess.Popen, needle: bytes, timeout: float = 120) -> bytes:
    """Reads the child's stderr until `needle` shows up (progress of a stage)."""
    seen = b""
    deadline = time.monotonic() + timeout
    assert proc.stderr is not None
    while needle not in seen:
        left = deadline - time.monotonic()
        assert left > 0 and io_select.select([proc.stderr], [], [], left)[0], f"no {needle!r} in time: {seen!r}"
        chunk = os.read(proc.stderr.fileno(), 4096)
        assert chunk, f"the child ended before {needle!r}: {seen!r}"
        seen += chunk
    return seen


@pytest.mark.slow
def test_sigkill_during_the_ticket_stage_leaves_nothing_and_a_rerun_completes(tmp_path):
    path = tmp_path / "killed.db"
    url = f"sqlite:///{path}"
    args = ("demo-data", "--db", url, "--customers", "300", "--tickets", str(KILLED_TICKETS))
    proc = _cli(*args)
    try:
        _wait_for(proc, b"customers: 300/300")  # customers written, tickets under way
        time.sleep(0.3)
        assert proc.poll() is None, "demo-data finished before it could be killed; give it more tickets"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert set(_counts(path).values()) == {0}  # nothing half-written

    out, err = _cli(*args).communicate(timeout=300)
    assert b"Traceback" not in err, err.decode()
    assert b"demo data written" in out, (out + err).decode()
    counts = _counts(path)
    assert counts["customers"] == 300 and counts["tickets"] == KILLED_TICKETS and counts["agents"] == 12
    assert counts["ticket_fts"] > counts["messages"]  # one row per message and one per ticket subject
    db = open_database(url)
    try:
        with db.session() as s:  # the knowledge index was built in the same run
            published = s.scalar(select(func.count()).select_from(KnowledgeArticle).where(KnowledgeArticle.status == "published"))
            indexed = s.scalar(select(func.count()).select_from(KnowledgeArticle).where(KnowledgeArticle.search_key.is_not(None)))
            assert published and indexed == published
    finally:
        db.dispose()


@pytest.mark.slow
def test_sigkill_on_postgresql_leaves_nothing_and_a_rerun_completes(pg_db):
    """The team server's demo data: COPY in one transaction, which PostgreSQL drops with the connection."""
    args = ("demo-data", "--db", pg_db.url, "--customers", "300", "--tickets", str(KILLED_TICKETS))
    proc = _cli(*args)
    try:
        _wait_for(proc, b"customers: 300/300")
        assert proc.poll() is None, "demo-data finished before it could be killed; give it more tickets"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()

    def count(model) -> int:
        with pg_db.session() as s:
            return s.scalar(select(func.count()).select_from(model))

    assert [count(m) for m in (Agent, Customer, Ticket, KnowledgeArticle)] == [0, 0, 0, 0]

    out, err = _cli(*args).communicate(timeout=300)
    assert b"demo data written" in out, (out + err).decode()
    assert count(Customer) == 300 and count(Ticket) == KILLED_TICKETS and count(Agent) == 12


def test_sigkill_during_a_bulk_load_keeps_the_secondary_indexes(tmp_path):
    """Big loads drop the secondary indexes and rebuild them at the end: killed in
    between, the workspace must still have them (the drop is part of the load's transaction)."""
    path = tmp_path / "bulk.db"
    db = open_database(f"sqlite:///{path}")
    db.dispose()
    con = sqlite3.connect(path)
    before = sorted(r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='index' AND sql IS NOT NULL"))
    con.close()
    assert before
    script = (
        "import os, signal\n"
        "from agentdesk.db import open_database\n"
        "from agentdesk.demo.writers import _RawSqliteWriter\n"
        f"db = open_database({f'sqlite:///{path}'!r})\n"
        "w = _RawSqliteWriter(db, bulk=True)\n"
        "w.batch_done()\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    con = sqlite3.connect(path)
    after = sorted(r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='index' AND sql IS NOT NULL"))
    con.close()
    assert after == before


def test_sigkill_of_a_bulk_load_in_rollback_journal_mode_leaves_nothing(tmp_path):
    """Big loads leave WAL mode and write straight into the file: killed after pages were
    spilled there, the next open rolls the hot journal back (and is in WAL mode again)."""
    path = tmp_path / "spilled.db"
    db = open_database(f"sqlite:///{path}")
    db.dispose()
    size_before = path.stat().st_size
    script = (
        _BULK_WRITER_PRELUDE +
        "def bulk(self, db, bulk, tickets=0, **kw):\n"  # the big-load path at a small size
        "    init(self, db, True, tickets, **kw)\n"
        "    assert self.conn.execute('PRAGMA journal_mode').fetchone()[0] == 'delete'\n"
        "    self.conn.execute('PRAGMA cache_size=-256')\n"  # spill to the file early
        "writers._RawSqliteWriter.__init__ = bulk\n"
        "def kill(stage, done, total):\n"
        "    if stage == 'tickets' and done >= 2000:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        f"db = open_database({f'sqlite:///{path}'!r})\n"
        "generate(db, customers=300, tickets=3000, now=datetime(2026, 3, 2, tzinfo=UTC), progress=kill, _batch=500)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    journal = Path(f"{path}-journal")
    assert journal.exists() and path.stat().st_size > size_before + 1_000_000  # rows did reach the file

    db = open_database(f"sqlite:///{path}")
    try:
        with db.engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert c.exec_driver_sql("PRAGMA quick_check").scalar() == "ok"
        assert not journal.exists()
        assert set(_counts(path).values()) == {0}
        counts = generate(db, customers=300, tickets=3000, now=NOW)
        assert counts["tickets"] == 3000 and _counts(path)["tickets"] == 3000
    finally:
        db.dispose()


@pytest.mark.parametrize("stage", ["tickets", "indexes"])
def test_sigkill_while_the_worker_builds_the_search_index_leaves_nothing(tmp_path, stage):
    """Big loads with one ticket worker build ticket_fts in a scratch file next to the
    workspace: killed during the ticket stage, or after the index was copied in but before
    the commit, the workspace is empty and the worker deletes the scratch file."""
    path = tmp_path / "ws.db"
    script = (
        _BULK_WRITER_PRELUDE +
        "def bulk(self, db, bulk, tickets=0, **kw):\n"
        "    init(self, db, True, tickets, **kw)\n"
        "    assert self.fts_shard is not None\n"
        "writers._RawSqliteWriter.__init__ = bulk\n"
        "def kill(stage, done, total):\n"
        f"    if stage == {stage!r} and done >= (2000 if stage == 'tickets' else total):\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        f"db = open_database({f'sqlite:///{path}'!r})\n"
        "generate(db, customers=300, tickets=3000, now=datetime(2026, 3, 2, tzinfo=UTC), progress=kill, workers=1,\n"
        "         _batch=500)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    deadline = time.monotonic() + 30  # the orphaned worker notices its input closing, then cleans up
    while any(p.name.startswith(".agentdesk-demo-") for p in tmp_path.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    assert set(_counts(path).values()) == {0}


def test_a_full_database_says_disk_full_and_keeps_nothing(tmp_path):
    """SQLITE_FULL for real: max_page_count caps the file the way a full disk does."""
    path = tmp_path / "full.db"
    db = open_database(f"sqlite:///{path}")
    pages = sqlite3.connect(path).execute("PRAGMA page_count").fetchone()[0]

    def cap(dbapi_conn, _record):
        dbapi_conn.execute(f"PRAGMA max_page_count={pages + 300}")  # about 1.2 MB more

    event.listen(db.engine, "connect", cap)
    db.engine.dispose()  # pooled connections were opened without the cap
    try:
        with pytest.raises(DiskFullError) as info:
            generate(db, customers=200, tickets=3000, now=NOW)
        message = str(info.value)
        assert message.startswith("disk full") and str(tmp_path) in message and "\n" not in message
        with db.session() as s:
            for model in (Agent, Customer, Ticket, KnowledgeArticle):
                assert s.scalar(select(func.count()).select_from(model)) == 0, model
    finally:
        event.remove(db.engine, "connect", cap)
        db.engine.dispose()
    counts = generate(db, customers=200, tickets=3000, now=NOW)  # room again: the same call completes
    assert counts["tickets"] == 3000 and counts["customers"] == 200
    db.dispose()


@pytest.fixture
def tiny_tmpfs(tmp_path):
    """A 2 MB tmpfs (needs root; skipped elsewhere): a real ENOSPC/SQLITE_FULL."""
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)],
                                           capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_cli_on_a_full_disk_prints_one_line_and_a_rerun_completes(tiny_tmpfs):
    url = f"sqlite:///{tiny_tmpfs / 'ws.db'}"
    args = ("demo-data", "--db", url, "--customers", "200", "--tickets", "3000")
    proc = _cli(*args)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 1, (out + err).decode()
    lines = [line for line in err.decode().splitlines() if line.startswith("agentdesk:")]
    assert b"Traceback" not in err, err.decode()
    assert lines == [f"agentdesk: error: disk full in {tiny_tmpfs}: nothing was kept; free some space and run it again"]
    assert set(_counts(tiny_tmpfs / "ws.db").values()) == {0}

    subprocess.run(["mount", "-o", "remount,size=64m", str(tiny_tmpfs)], check=True)
    proc = _cli(*args)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    assert _counts(tiny_tmpfs / "ws.db")["tickets"] == 3000


def test_the_last_step_is_inside_the_transaction(any_db):
    """before_commit (the team server's sync stamp) fails: nothing of the load stays."""
    def fail(conn):
        raise RuntimeError("stamp failed")

    with pytest.raises(RuntimeError, match="stamp failed"):
        generate(any_db, customers=20, tickets=60, now=NOW, before_commit=fail)
    with any_db.session() as s:
        for model in (Agent, Customer, Ticket, KnowledgeArticle):
            assert s.scalar(select(func.count()).select_from(model)) == 0, model
    seen = []
    counts = generate(any_db, customers=20, tickets=60, now=NOW, before_commit=seen.append)
    assert counts["tickets"] == 60 and len(seen) == 1
