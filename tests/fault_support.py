"""Helpers for the fault tests (no tests here): a PostgreSQL instance of a test's own
that it may stop and restart (PrivateServer; SharedServer is the fallback), and real
`agentdesk server` processes (ServerProcess) over a test database.

Used by tests/test_sync_chaos.py, tests/test_sync_crash.py and tests/test_server_faults.py.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import psycopg
import pytest
from sqlalchemy import make_url, select

from agentdesk.db import Database, open_database
from agentdesk.models import Base
from tests.conftest import PG_ADMIN_URL, _pg_available
from tests.test_sync_support import secure  # noqa: F401  (re-exported: the fault tests' one import)

ROOT = Path(__file__).resolve().parents[1]
T = Base.metadata.tables
RESTART_DOWNTIME = 1.5  # seconds a private server stays down during its restart


# --- PostgreSQL of a test's own ----------------------------------------------------------------
class PrivateServer:
    """A PostgreSQL server for one test alone: the machine's own binaries (Debian's
    /usr/lib/postgresql/<version>/bin, as .ci/run uses), a fresh data directory, a free
    port. Stopping or restarting it harms no one. Restarting the shared cluster would drop
    every other connection to it: while the chaos test was written, two test runs of other
    sessions on the shared server lost their connections mid-test (one mid-migration)
    and leaked their databases. ``pg_ctl restart -m fast`` is what ``pg_ctlcluster
    restart`` runs."""

    can_stop = True

    def __init__(self, version: str | None):
        self.bindir = _pg_bindir(version)
        self.root = Path(tempfile.mkdtemp(prefix="agentdesk-fault-pg-"))
        self.port = free_port()
        self.host = "127.0.0.1"
        self.admin_conninfo = f"postgresql://postgres@127.0.0.1:{self.port}/postgres?sslmode=disable"
        self.as_owner: list[str] = []
        self.describe = f"private PostgreSQL {self.bindir.parent.name} on port {self.port}"
        try:
            if hasattr(os, "geteuid") and os.geteuid() == 0:  # initdb refuses root: the postgres account owns it
                import pwd

                owner = pwd.getpwnam("postgres")
                os.chown(self.root, owner.pw_uid, owner.pw_gid)
                self.as_owner = ["runuser", "-u", "postgres", "--"]
            self._run("initdb", "-D", str(self.root / "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                      "--no-locale", "--no-sync")
            self.start()
        except BaseException:
            self.destroy()
            raise

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run([*self.as_owner, str(self.bindir / tool), *args], capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{tool} {' '.join(args)}: {done.stdout} {done.stderr}")

    def _ctl(self, action: str, *extra: str) -> None:
        # fsync=off: a commit still writes its WAL to the kernel before it returns, so it
        # survives any stop, kill or crash of PostgreSQL's processes (what the fault tests
        # do); only a crash of the machine could lose it, and the data directory goes with
        # the test. It spares each commit the disk's flush (2.7-3.2 ms here).
        self._run("pg_ctl", "-D", str(self.root / "data"), "-l", str(self.root / "server.log"), "-w", "-t", "60",
                  "-o", f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off", *extra, action)

    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{dbname}"

    def start(self) -> None:
        self._ctl("start")

    def stop(self) -> None:
        """A fast shutdown (what ``pg_ctlcluster stop`` does): every connection is told
        'terminating connection due to administrator command'."""
        self._ctl("stop", "-m", "fast")

    def restart(self) -> None:
        """What ``pg_ctlcluster restart`` does (a fast shutdown, then a start), with the
        server down for a moment in between, as a real restart is."""
        self.stop()
        time.sleep(RESTART_DOWNTIME)
        self.start()

    def ensure_up(self) -> None:
        if not server_up(self.admin_conninfo, 1):
            self.start()

    def destroy(self) -> None:
        if (self.root / "data" / "postmaster.pid").exists():
            try:
                self._ctl("stop", "-m", "immediate")
            except (RuntimeError, subprocess.SubprocessError):
                pass
        shutil.rmtree(self.root, ignore_errors=True)


class SharedServer:
    """The fallback when no private server can be made: the test database on the shared
    server (conftest's), restarted with pg_ctlcluster only where that harms no one
    (CI, a machine of its own) or when asked (AGENTDESK_TEST_PG_RESTART=1)."""

    def __init__(self):
        self.admin_conninfo = make_url(PG_ADMIN_URL).set(drivername="postgresql").render_as_string(hide_password=False)
        url = make_url(PG_ADMIN_URL)
        self.host, self.port = url.host or "127.0.0.1", url.port or 5432
        self.cluster, why = _shared_cluster()
        wanted = os.environ.get("AGENTDESK_TEST_PG_RESTART") == "1" or bool(os.environ.get("CI"))
        if self.cluster is not None and not wanted:
            self.cluster, why = None, ("restarting the shared server would drop everyone's connections"
                                         " (set CI or AGENTDESK_TEST_PG_RESTART=1)")
        self.can_stop = self.cluster is not None
        self.describe = "the shared server" + ("" if self.cluster else f", not restarted: {why}")

    @staticmethod
    def url(dbname: str) -> str:
        return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + dbname

    def _cluster(self, action: str) -> None:
        done = subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", *self.cluster, action],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"pg_ctlcluster {action}: {done.stdout} {done.stderr}"

    def restart(self) -> None:
        self._cluster("restart")

    def stop(self) -> None:
        self._cluster("stop")

    def start(self) -> None:
        self._cluster("start")

    def ensure_up(self) -> None:
        """Whatever happened in the test, the server is up again afterwards."""
        if self.cluster is not None and not server_up(self.admin_conninfo, 3):
            subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", *self.cluster, "start"],
                           capture_output=True, text=True, timeout=120)
            assert server_up(self.admin_conninfo, 60), "PostgreSQL did not come back up"


def _shared_cluster() -> tuple[tuple[str, str] | None, str]:
    """(version, name) of the local cluster conftest's server runs on, if any."""
    url = make_url(PG_ADMIN_URL)
    if url.host not in (None, "", "127.0.0.1", "localhost", "::1"):
        return None, f"the server ({url.host}) is not on this machine"
    if not (shutil.which("pg_ctlcluster") and shutil.which("pg_lsclusters")):
        return None, "pg_ctlcluster is not installed"
    listing = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True, timeout=30).stdout
    for line in listing.splitlines():
        ver, name, port = line.split()[:3]
        if int(port) == (url.port or 5432):
            return (ver, name), ""
    return None, f"no cluster on port {url.port or 5432}"


def _pg_bindir(version: str | None) -> Path:
    found = {Path(x).parent.parent.name: Path(x).parent for x in glob.glob("/usr/lib/postgresql/*/bin/initdb")}
    if not found:
        raise FileNotFoundError("no PostgreSQL server binaries (/usr/lib/postgresql/*/bin)")
    return found.get(version or "") or found[max(found, key=lambda v: float(v))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_up(conninfo: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with psycopg.connect(conninfo, connect_timeout=2) as conn:
                conn.execute("SELECT 1")
            return True
        except psycopg.Error:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.2)


def admin_sql(conninfo: str, sql: str) -> None:
    with psycopg.connect(conninfo, autocommit=True, connect_timeout=10) as conn:
        conn.execute(sql)


@contextlib.contextmanager
def fault_database(*, need_stop: bool = False):
    """(a fresh migrated test database, its PostgreSQL): a private PostgreSQL when this
    machine can make one, else the shared one (``need_stop``: skipped when the shared
    one may not be stopped). In CI an unusable PostgreSQL fails the test. Whatever
    happens, the server is up again (and the private one gone) afterwards."""
    version = None
    if _pg_available():
        with psycopg.connect(SharedServer().admin_conninfo) as conn:
            version = str(conn.execute("SHOW server_version_num").fetchone()[0])[:-4]
    server: PrivateServer | SharedServer
    try:
        if os.environ.get("AGENTDESK_TEST_CHAOS_SERVER") == "shared":
            raise RuntimeError("AGENTDESK_TEST_CHAOS_SERVER=shared")
        server = PrivateServer(version)
    except (OSError, KeyError, RuntimeError, subprocess.SubprocessError) as e:
        print(f"[faults] no private PostgreSQL ({type(e).__name__}: {str(e)[:200]}); using the shared one")
        if version is None:
            if os.environ.get("CI"):
                pytest.fail(f"PostgreSQL is required in CI but unreachable at {PG_ADMIN_URL}")
            pytest.skip("PostgreSQL not reachable")
        server = SharedServer()
        if need_stop and not server.can_stop:
            pytest.skip(f"no PostgreSQL this test may stop ({server.describe})")
    name = f"agentdesk_test_{uuid.uuid4().hex[:12]}"
    db = None
    try:
        admin_sql(server.admin_conninfo, f'CREATE DATABASE "{name}"')
        db = open_database(server.url(name))
        yield db, server
    finally:
        if db is not None:
            db.dispose()
        server.ensure_up()
        if isinstance(server, PrivateServer):
            server.destroy()
        else:  # a fresh connection: a pooled one from before the restart would be dead
            admin_sql(server.admin_conninfo, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- `agentdesk server` processes ------------------------------------------------------------
def child_env(**extra: str) -> dict[str, str]:
    """The environment of a child process of a test: this checkout's agentdesk first on
    its path (a script run by path would otherwise import whatever agentdesk the venv
    has installed), no workspace or profile of the user's."""
    env = dict(os.environ, **extra)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    for var in ("AGENTDESK_DB", "AGENTDESK_AGENT", "AGENTDESK_PROFILE", "PGPASSWORD"):
        if var not in extra:
            env.pop(var, None)
    return env


def mint_token(db: Database, login: str, client: str = "tests") -> str:
    """A session token for ``login`` (what signing in gives a desk), minted as the owner."""
    from agentdesk.server import auth

    with db.engine.begin() as conn:
        agent_id = conn.execute(select(T["agents"].c.id).where(T["agents"].c.login == login)).scalar_one()
        return auth.issue_token(conn, agent_id, client=client)[0]


def server_db_url(db: Database) -> str:
    """The --db of `agentdesk server` over ``db``: the server's own role, no password
    (the test clusters trust local connections)."""
    from agentdesk.server.security import SERVER_ROLE

    url = make_url(db.url)
    return f"postgresql://{SERVER_ROLE}@{url.host or '127.0.0.1'}:{url.port or 5432}/{url.database}"


class ServerProcess:
    """One `agentdesk server` process (``python -m agentdesk server``) on a port of its
    own, over a test database, with AGENTDESK_HOME ``home/name``; its output goes to
    ``home/name.log``. ``kill()`` is SIGKILL;
    ``start()`` again brings up a new process on the same port. Always ``close()`` it
    (in ``finally``)."""

    def __init__(self, db: Database, home: Path, name: str = "server", port: int | None = None,
                 pool: int = 16, log_level: str = "info", extra: tuple[str, ...] = ()):
        self.db_url = server_db_url(db)
        self.home = Path(home)
        self.home.mkdir(parents=True, exist_ok=True)
        self.name = name
        self.port = port or free_port()
        self.pool = pool
        self.log_level = log_level
        self.extra = extra  # more `agentdesk server` options (benchmarks lift the rate limits)
        self.log = self.home / f"{name}.log"
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.starts = 0

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self, timeout: float = 30.0) -> ServerProcess:
        assert self.proc is None or self.proc.poll() is not None, "already running"
        (self.home / self.name).mkdir(exist_ok=True)
        env = child_env(AGENTDESK_HOME=str(self.home / self.name), PYTHONUNBUFFERED="1")
        with open(self.log, "a", encoding="utf-8") as out:
            out.write(f"--- start {self.starts + 1} ---\n")
            out.flush()
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "agentdesk", "server", "--db", self.db_url, "--listen", f"127.0.0.1:{self.port}",
                 "--pool", str(self.pool), "--log-level", self.log_level, *self.extra],
                cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        self.starts += 1
        self.wait_healthy(timeout)
        return self

    def health(self) -> int | None:
        """GET /health's status code; None when nothing answers."""
        try:
            return httpx.get(self.url + "/health", timeout=5).status_code
        except httpx.HTTPError:
            return None

    def wait_healthy(self, timeout: float = 30.0) -> float:
        """Seconds until /health answers 200."""
        start = time.monotonic()
        while True:
            if self.proc is not None and self.proc.poll() is not None:
                raise AssertionError(f"{self.name} exited with {self.proc.returncode}:\n{self.tail()}")
            if self.health() == 200:
                return time.monotonic() - start
            if time.monotonic() - start > timeout:
                raise AssertionError(f"{self.name} not healthy within {timeout:.0f} s:\n{self.tail()}")
            time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL: no shutdown, no cleanup, as a crash or the OOM killer."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=30)

    def tail(self, n: int = 3000) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-n:] if self.log.exists() else ""

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def desk_transport(server: ServerProcess, db: Database, login: str, **kw):
    """A desk's transport to a server process, with a token minted for ``login``."""
    from agentdesk.sync.transport import HttpTransport

    return HttpTransport(server.url, login, token=mint_token(db, login), **kw)
