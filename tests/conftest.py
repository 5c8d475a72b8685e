"""Fixtures: a real SQLite file and a real PostgreSQL database for every service test."""

from __future__ import annotations

import atexit
import gc
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text

# Offscreen, on a virtual 1920x1080 desk (the plugin's default 800x800 screen clamps
# restored window geometry and is smaller than any agent's monitor).
_FULLHD = os.path.join(os.path.dirname(__file__), "offscreen-fullhd.json")
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_FULLHD}"

# Search by meaning is on by default where the model is installed; the suite keeps it off
# (every window would load the model and embed the demo articles on its workers) except
# in the tests of that feature, which switch it on (test_kb_semantic.py), and the frozen
# app's self-test, which runs without AGENTDESK_* variables.
os.environ.setdefault("AGENTDESK_SEMANTIC", "0")

from agentdesk.db import Database, make_engine, open_database  # noqa: E402

# Bytecode caches are written, whatever PYTHONDONTWRITEBYTECODE says (this machine sets it):
# without them each xdist worker rewrote and compiled every test module again at collection
# (8.7 s CPU a worker; 3.2 s with the cache), and every child process a test starts (the
# CLI, `agentdesk server`, the crash and chaos desks) compiled the agentdesk modules it
# imports (0.2-0.7 s each). pytest_configure compiles agentdesk/ before the workers start.
sys.dont_write_bytecode = False

PG_ADMIN_URL = os.environ.get("AGENTDESK_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


# Seconds the slow files took, each alone in one process (2026-12-06, after the build's
# excludes and the test databases' commit settings; machine load 4-7); they only guide the deal
# below (another slow file counts 20 s). The PyInstaller build is the longest: it starts first.
_SLOW_SECONDS = {"test_frozen.py": 38, "test_demo_all_or_nothing.py": 36, "test_sync_chaos.py": 35,
                 "test_server_faults.py": 28, "test_sync_crash.py": 26, "test_sync_offline.py": 23,
                 "test_sync_property.py": 21, "test_sync_feed.py": 14, "test_readme_team.py": 13,
                 "test_sync_conflicts.py": 12}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config):
    """``-n auto``: one worker more than the cores. About a third of a worker's time is spent
    waiting on PostgreSQL, subprocesses and sockets; on 2 cores a third worker fills it
    (8:42 → 8:06 on a quiet machine; on a noisy one the two counts overlap). Once made it flaky: the
    gateway missed mail that came in just before IDLE (fixed in gateway/imap.py)."""
    return (os.cpu_count() or 1) + 1


def pytest_collection_modifyitems(config, items):
    """Files with a test marked ``slow`` run first, each file's tests together and in their
    order: with two workers a 30-60 s test picked up last is a tail the other worker waits
    out idle (``make test`` hands tests out with ``--dist worksteal``, so a worker that runs
    out takes over the far end of the other's share).

    Under xdist the slow files are also dealt out among the workers: worksteal first gives
    worker k the k-th contiguous share of this list (and later steals from a share's far
    end), so with all slow files at the head one worker ran them all one after another
    (~5-6 min of the run on gw0) while the other ran short tests. Each share now starts
    with its own slow files (longest first; the PyInstaller build opens the first share), then
    short tests to make up its size."""
    slow_files = {item.path for item in items if item.get_closest_marker("slow") is not None}
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1") or 1)
    files = sorted(slow_files, key=lambda path: (-_SLOW_SECONDS.get(path.name, 20), str(path)))
    rank = {path: n for n, path in enumerate(files)}
    if workers < 2:
        items.sort(key=lambda item: rank.get(item.path, len(rank)))  # stable: files keep their tests' order
        return
    # Longest first, each to the worker with the least so far.
    load, group_of = [0] * workers, {}
    for path in files:
        k = load.index(min(load))
        group_of[path] = k
        load[k] += _SLOW_SECONDS.get(path.name, 20)
    slow = [sorted((item for item in items if group_of.get(item.path) == k), key=lambda item: rank[item.path])
            for k in range(workers)]
    rest = [item for item in items if item.path not in slow_files]  # in collection order
    # xdist's first deal: worker k gets len(pending) // (workers - k) of what is left.
    ordered: list = []
    left = len(items)
    for k in range(workers):
        share = left // (workers - k)
        take = max(0, share - len(slow[k]))
        ordered += slow[k] + rest[:take]
        rest = rest[take:]
        left -= share  # what xdist deals this worker, whatever its slow files came to
    ordered += rest
    assert len(ordered) == len(items)
    items[:] = ordered


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """No test touches the real user's data, config or logs."""
    monkeypatch.setenv("AGENTDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("AGENTDESK_DB", raising=False)
    monkeypatch.delenv("AGENTDESK_AGENT", raising=False)


@pytest.fixture
def sqlite_db(tmp_path):
    db = migrated_sqlite(tmp_path / "test.db")
    yield db
    db.dispose()


# --- migrated templates ---------------------------------------------------------------
# Each test's database is a copy of one migrated once per run: the migrations cost
# 0.25-0.4 s a SQLite file and 0.5-0.8 s a PostgreSQL database on this 2-core machine,
# a file copy 4 ms and CREATE DATABASE ... TEMPLATE 0.2-0.3 s. The names carry this
# run's pid and a random suffix: test runs of other sessions share the cluster.
_RUN = f"{os.getpid()}_{uuid.uuid4().hex[:8]}"
_sqlite_template: str | None = None  # the migrated file every SQLite test database copies


def _fresh_epoch(engine) -> None:
    """A migration gives each database its own sync epoch (uuid4, migration 0006); so does a copy."""
    from agentdesk.models import Base

    clock = Base.metadata.tables["sync_clock"]
    with engine.begin() as conn:
        conn.execute(clock.update().values(epoch=uuid.uuid4()))


def migrated_sqlite(path) -> Database:
    """A migrated SQLite workspace at ``path``, as open_database() makes it on an empty file;
    a workspace already there is opened as it is (tests reopen a replica after a crash)."""
    global _sqlite_template
    url = f"sqlite:///{path}"
    if os.path.exists(path):
        return open_database(url)
    template = _sqlite_template
    if template is None:
        folder = tempfile.mkdtemp(prefix=f"agentdesk-template-{_RUN}-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        template = os.path.join(folder, "migrated.db")
        open_database(f"sqlite:///{template}").dispose()
        # The last connection's close checkpoints the WAL into the file; a copy of the
        # file alone is then the whole database.
        assert not os.path.exists(template + "-wal") or os.path.getsize(template + "-wal") == 0
        _sqlite_template = template
    make_engine(url).dispose()  # the empty file and its folder, made (and moded) as the app makes them
    shutil.copyfile(template, path)
    db = open_database(url)
    _fresh_epoch(db.engine)
    return db


def _pg_url(name: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


class _PgClones:
    """Test databases copied from this run's migrated template, made ahead of the tests
    and dropped behind them, each on a thread of its own: on the shared cluster CREATE
    DATABASE takes 0.2-0.7 s and DROP DATABASE 0.5-4 s (it waits for a checkpoint of
    the whole cluster), time a test need not wait for. No one connects to the template
    (CREATE DATABASE ... TEMPLATE needs it idle; autovacuum then leaves it alone too)."""

    AHEAD = 2  # databases made ahead: parametrised PostgreSQL tests come in short runs
    DROP_TOGETHER = 8  # at most this many dropped at once (a connection each, of the admin pool's 15)

    def __init__(self):
        self.template = f"agentdesk_template_{_RUN}"
        self._admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        self._sql(f'CREATE DATABASE "{self.template}"')
        try:
            open_database(_pg_url(self.template)).dispose()
            self._sql(f'ALTER DATABASE "{self.template}" WITH ALLOW_CONNECTIONS false')
        except BaseException:
            self._sql(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
            raise
        self._stopping = False
        self._dropping: list[str] = []  # the batch being dropped
        self._left_behind: list[str] = []  # taken by the dropper after the run ended
        self._free = threading.Semaphore(self.AHEAD)  # places for databases made ahead
        self._ready: queue.Queue = queue.Queue()  # names, or the exception that stopped a make
        self._used: queue.Queue = queue.Queue()  # names to drop; None ends the dropper
        self._maker = threading.Thread(target=self._make_ahead, name="test-databases-make", daemon=True)
        self._dropper = threading.Thread(target=self._drop_behind, name="test-databases-drop", daemon=True)
        self._maker.start()
        self._dropper.start()

    def _sql(self, statement: str) -> None:
        with self._admin.connect() as c:
            c.execute(text(statement))

    def take(self) -> str:
        """A migrated database of its own for one test (with its own sync epoch, as a
        migration gives each database)."""
        got = self._ready.get(timeout=120)
        self._free.release()
        if isinstance(got, BaseException):
            raise got
        return got

    def give_back(self, name: str) -> None:
        self._used.put(name)

    def _make_ahead(self) -> None:
        while True:
            self._free.acquire()
            if self._stopping:
                return
            try:
                name = f"agentdesk_test_{uuid.uuid4().hex[:12]}"
                self._sql(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
                # A commit then returns without waiting for its WAL flush (2.7-3.2 ms a commit
                # on this machine's disk, 0.08 ms without): the sync tests commit thousands of
                # times. What a test sees is the same (a committed row is visible to everyone
                # at once either way); only a crash of the PostgreSQL server itself could lose
                # the last commits, and no test crashes the shared cluster (the fault tests
                # stop and restart a private one, tests/fault_support.py, left as it is).
                self._sql(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
                engine = create_engine(_pg_url(name))
                try:
                    _fresh_epoch(engine)
                finally:
                    engine.dispose()
                self._ready.put(name)
            except Exception as exc:  # noqa: BLE001 - raised in the test that takes it
                self._ready.put(exc)

    def _drop(self, name: str) -> None:
        try:
            self._sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except Exception as exc:  # noqa: BLE001 - a database left behind harms no test; say which
            print(f"could not drop the test database {name}: {exc}", file=sys.stderr)

    def _drop_all(self, names: list[str]) -> None:
        """Drops these databases at once: each DROP DATABASE waits for a checkpoint of the
        whole cluster, and drops waiting together share one (4 drops: 0.5 s together,
        0.5-5 s each one after another on the shared cluster). One after another the
        dropper fell behind the ~250 databases a worker uses, and the run then waited
        minutes at its end for the backlog."""
        threads = [threading.Thread(target=self._drop, args=(name,), name="test-databases-drop-one")
                   for name in names]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    def _drop_behind(self) -> None:
        while not self._stopping:
            batch = [self._used.get()]  # waits for the next database to drop
            while len(batch) < self.DROP_TOGETHER:
                try:
                    batch.append(self._used.get_nowait())
                except queue.Empty:
                    break
            if None in batch or self._stopping:  # the run is over: close() hands on what is left
                self._left_behind += [name for name in batch if name is not None]
                return
            self._dropping = batch
            self._drop_all(batch)
            self._dropping = []

    def close(self) -> None:
        """At the end of the run: the spares, the drops still queued or under way and the
        template are dropped by a process of their own that outlives the run. Each DROP
        DATABASE waits for a checkpoint of the whole cluster (0.5-40 s when other sessions
        write): the run's last worker waited that out before the run could end."""
        self._stopping = True
        self._free.release()
        self._maker.join(120)
        names = [got for got in iter_queue(self._ready) if isinstance(got, str)]
        self._used.put(None)
        names += [name for name in iter_queue(self._used) if name is not None]
        names += self._left_behind + self._dropping  # (DROP ... IF EXISTS: one dropped twice is no harm)
        self._admin.dispose()
        _drop_later(self.template, names)


def _drop_later(template: str, names: list[str]) -> None:
    """The drops, by a process of their own that outlives the run (the template, if any, last)."""
    subprocess.Popen([sys.executable, "-c", _DROP_LATER, PG_ADMIN_URL, template, *names],
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     start_new_session=True)


def iter_queue(q: queue.Queue):
    while True:
        try:
            yield q.get_nowait()
        except queue.Empty:
            return


# Drops the test databases it is given (the template last: the clones were made from it),
# three at a time: drops waiting at once share their checkpoints, and with 8 connections
# each, the drop processes of a few runs ending together on a busy cluster held all 100
# of its connections (the next run's PostgreSQL tests failed with "too many clients").
_DROP_LATER = """
import sys, threading
from sqlalchemy import create_engine, text
admin = create_engine(sys.argv[1], isolation_level="AUTOCOMMIT", pool_size=3, max_overflow=0, pool_timeout=900)
def drop(name):
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
threads = [threading.Thread(target=drop, args=(name,)) for name in sys.argv[3:]]
for t in threads:
    t.start()
for t in threads:
    t.join()
if sys.argv[2]:
    drop(sys.argv[2])
"""


_pg_clones: _PgClones | None = None
_drop_at_end: list[str] = []  # databases of tests that made their own, when no clones were made


def drop_database_later(name: str) -> None:
    """Drops a database a test made itself (CREATE DATABASE of its own: an empty one for
    `admin init-server`, the README's trial) behind the tests, as the clones are: a DROP
    DATABASE waits for a checkpoint of the whole cluster, and in a test's teardown that
    wait (126 s once, with another session's bulk load on the cluster) was the test's."""
    if _pg_clones is not None:
        _pg_clones.give_back(name)
    else:
        _drop_at_end.append(name)


def pytest_sessionfinish(session):
    global _pg_clones
    if _pg_clones is not None:
        clones, _pg_clones = _pg_clones, None
        clones.close()
    if _drop_at_end:
        names, _drop_at_end[:] = list(_drop_at_end), []
        _drop_later("", names)


def _pg_available() -> bool:
    try:
        eng = create_engine(PG_ADMIN_URL)
        with eng.connect():
            pass
        eng.dispose()
        return True
    except Exception:
        return False


@contextmanager
def fresh_pg_database():
    """A fresh PostgreSQL database (migrated), dropped afterwards with the team servers
    tests started over it. In CI (CI=true) an unreachable server fails the test."""
    global _pg_clones
    if _pg_clones is None:
        if not _pg_available():
            if os.environ.get("CI"):
                pytest.fail(f"PostgreSQL is required in CI but unreachable at {PG_ADMIN_URL}")
            pytest.skip("PostgreSQL not reachable")
        _pg_clones = _PgClones()
    name = _pg_clones.take()
    db = None
    try:
        db = open_database(_pg_url(name))
        yield db
    finally:
        from tests.test_sync_support import close_team_server

        if db is not None:
            close_team_server(db)
            db.dispose()
        _pg_clones.give_back(name)


@pytest.fixture
def pg_db():
    """A fresh PostgreSQL database for one test."""
    with fresh_pg_database() as db:
        yield db


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request):
    """Runs a service test on both backends."""
    return request.getfixturevalue("sqlite_db" if request.param == "sqlite" else "pg_db")


@pytest.fixture(autouse=True)
def _drain_background_tasks():
    """No worker job of one test may deliver into the next one."""
    yield
    from shiboken6 import isValid

    from agentdesk.ui.kit.tasks import TaskRunner

    for runner in list(TaskRunner.instances):
        if isValid(runner):  # a runner deleted with its window (below) has nothing left to run
            runner.wait(10000)
        else:
            TaskRunner.instances.discard(runner)
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None:
        QApplication.processEvents()
        # The widgets qtbot closed (and deleteLater'd) before this teardown go now: with no
        # running event loop, processEvents leaves deferred deletes queued, and every window
        # of the worker's earlier tests stayed alive (4,700 widgets after 40 window tests).
        # Each new window's apply_theme (setStyle, setStyleSheet) repolishes every widget
        # alive, so a window's set-up grew from 1 s to 7-12 s over a worker's run.
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    _forget_old_dialects()
    gc.collect()  # here, on the GUI thread: never in a worker (see ui/kit/tasks.py MainThreadGC)
    # What survives (modules, classes, Qt's wrappers, caches: ~130,000 objects after the
    # first test, more as later tests import more) is left out of the next collections:
    # each walked them all, 0.2-0.9 s a test. A cycle that dies later stays, which a test
    # run can afford.
    gc.freeze()


def _forget_old_dialects() -> None:
    """SQLAlchemy caches compiled statements per dialect, and each test's engine has a
    dialect of its own: the mappers' LRU caches and PostgreSQL's lru_cache'd reflection
    queries kept the last hundred or so alive (~2,000 objects a test, walked by every
    gc.collect: 3 s a test by the end of a run)."""
    from sqlalchemy.dialects.postgresql.base import PGDialect

    from agentdesk.models import Base

    for mapper in Base.registry.mappers:
        mapper._compiled_cache.clear()
    for member in vars(PGDialect).values():
        if hasattr(member, "cache_clear"):
            member.cache_clear()


@pytest.fixture
def seeded(sqlite_db):
    """The small hand-made workspace (tests/factories.py); returns its ids."""
    from tests.factories import seed_small

    return seed_small(sqlite_db)


@pytest.fixture
def ctx(qapp, sqlite_db, seeded):
    """What a pane is given (AppContext) on the seeded workspace, signed in as kim.minji."""
    from tests.uihelpers import make_ctx

    context = make_ctx(sqlite_db)
    yield context
    context.runner.wait()



@pytest.fixture(autouse=True)
def _english_as_the_app_shows_it(qapp):
    """The window in English loads its plural catalogue ("1 ticket", "41 tickets"), so every
    test does too, whichever ran before it (a test that tries Korean switches back)."""
    from agentdesk.ui import app as appmod

    if not appmod._translators:
        appmod.install_language(qapp, "en")


# --- a worker that dies of a native crash leaves its threads' stacks in the output -------
# xdist says only "worker 'gw1' crashed while running …": the worker's stderr, where
# faulthandler writes, goes nowhere. Each worker writes its stacks to a file instead, and
# the controller prints the file of a worker that went down.
_FAULTS_DIR_KEY = "AGENTDESK_TEST_FAULTS_DIR"


def pytest_configure(config):
    if not os.environ.get("PYTEST_XDIST_WORKER"):  # the controller (or a run without workers)
        os.environ.setdefault(_FAULTS_DIR_KEY, tempfile.mkdtemp(prefix="agentdesk-faults-"))
        import compileall

        compileall.compile_dir(os.path.join(os.path.dirname(os.path.dirname(__file__)), "agentdesk"), quiet=2)


def pytest_sessionstart(session):
    import faulthandler

    worker, folder = os.environ.get("PYTEST_XDIST_WORKER"), os.environ.get(_FAULTS_DIR_KEY)
    if worker and folder:
        # After pytest's own faulthandler set-up (configure), which points at the lost stderr.
        session.config._agentdesk_faults = open(os.path.join(folder, f"{worker}.log"), "w")
        faulthandler.enable(file=session.config._agentdesk_faults, all_threads=True)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    folder = os.environ.get(_FAULTS_DIR_KEY)
    if not error or not folder:
        return
    path = os.path.join(folder, f"{node.gateway.id}.log")
    stacks = open(path, encoding="utf-8", errors="replace").read() if os.path.exists(path) else ""
    print(f"\n--- worker {node.gateway.id} went down ({error}); its threads at the time ---\n"
          f"{stacks or '(no stack was written)'}", file=sys.stderr)
