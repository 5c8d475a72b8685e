"""The README's "Try it on one machine" block, run as written: a team server on the local
PostgreSQL, demo data, a desk that signs in and pulls.

The block is found by its marker comment and its commands run in order, with three
things changed: a database name of its own, a free port, and this checkout's code
(``python -m agentdesk``, PYTHONPATH) for ``agentdesk``. The line that ends in ``&``
(the server) runs in the background and is stopped at the end. AGENTDESK_HOME is the
test's own (conftest), the OS keyring is switched off, and the passwords come from
AGENTDESK_PASSWORD, as the README says scripts do.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import PG_ADMIN_URL, _pg_available, drop_database_later

ROOT = Path(__file__).resolve().parents[1]
MARKER = "<!-- try-team-server:"
DB_NAME = "agentdesk_try"  # as the README spells them
PORT = "8443"
PASSWORD = "readme-try-secret"
COMMAND_TIMEOUT = 180  # seconds for one command (demo data, the first full pull)


def readme_block() -> str:
    """The fenced block right after the marker comment."""
    text_ = (ROOT / "README.md").read_text(encoding="utf-8")
    at = text_.find(MARKER)
    assert at >= 0, f"README.md has no {MARKER!r} marker"
    m = re.compile(r"^```[a-z]*\n(.*?)^```", re.S | re.M).search(text_, at)
    assert m is not None, "no code block after the marker"
    return m.group(1)


def commands(block: str) -> list[tuple[list[str], bool]]:
    """(argv, background) per command line; backslash continuations joined, comments dropped."""
    joined = re.sub(r"\\\n\s*", " ", block)
    out = []
    for line in joined.splitlines():
        argv = shlex.split(line, comments=True)
        if not argv:
            continue
        background = argv[-1] == "&"
        out.append((argv[:-1] if background else argv, background))
    return out


def test_the_block_is_what_the_readme_promises():
    """Cheap guard (runs without PostgreSQL): the steps the README's text walks through."""
    steps = [" ".join(argv[:3]) for argv, _ in commands(readme_block())]
    assert steps[0].startswith("createdb")
    assert any(s.startswith("agentdesk admin init-server") for s in steps)
    assert any(s.startswith("agentdesk demo-data") for s in steps)
    assert any(s.startswith("agentdesk admin add-agent") for s in steps)
    assert [bg for _, bg in commands(readme_block())].count(True) == 1  # the server, in the background
    assert steps[-1].startswith("agentdesk --profile")
    block = readme_block()
    assert "127.0.0.1:" + PORT in block and DB_NAME in block and "PASSWORD=" not in block


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _substitute(block: str, db: str, port: int) -> str:
    """A database and port of the test's own; the test server's host, port and user when
    AGENTDESK_TEST_PG names another one."""
    block = block.replace(DB_NAME, db).replace(f"127.0.0.1:{PORT}", f"127.0.0.1:{port}")
    url = make_url(PG_ADMIN_URL)
    host, pg_port, user = url.host or "127.0.0.1", url.port or 5432, url.username or "postgres"
    if (host, pg_port, user) != ("127.0.0.1", 5432, "postgres"):
        block = block.replace("-h 127.0.0.1 -U postgres", f"-h {host} -p {pg_port} -U {user}")
        block = block.replace("postgres@127.0.0.1/", f"{user}@{host}:{pg_port}/")
        block = block.replace("agentdesk_server@127.0.0.1/", f"agentdesk_server@{host}:{pg_port}/")
    return block


def _env(tmp_path: Path) -> dict:
    env = dict(os.environ)
    for name in ("AGENTDESK_DB", "AGENTDESK_AGENT", "AGENTDESK_PROFILE", "AGENTDESK_SERVER_DB_PASSWORD"):
        env.pop(name, None)
    env.update({
        "AGENTDESK_HOME": str(tmp_path / "home"),  # conftest's, said again for the children
        "AGENTDESK_PASSWORD": PASSWORD,
        # Never the developer's real keyring: the trial's token is asked for each time.
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "PYTHONPATH": str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
        "PYTHONUNBUFFERED": "1",
    })
    password = make_url(PG_ADMIN_URL).password
    if password:
        env["PGPASSWORD"] = password
    return env


def _argv(argv: list[str]) -> list[str]:
    return [sys.executable, "-m", "agentdesk", *argv[1:]] if argv[0] == "agentdesk" else argv


def _wait_for_health(port: int, server: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    """Until the background server answers; its own output if it stopped instead."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server exited with {server.returncode}:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail(f"the server did not answer within {timeout:.0f} s:\n{log.read_text(errors='replace')}")


@pytest.mark.slow
def test_the_readmes_team_server_trial_runs_as_written(tmp_path):
    if not _pg_available():
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI but unreachable at {PG_ADMIN_URL}")
        pytest.skip("PostgreSQL not reachable")
    db = f"agentdesk_try_{uuid.uuid4().hex[:10]}"
    port = _free_port()
    steps = commands(_substitute(readme_block(), db, port))
    for argv, _ in steps:
        if argv[0] not in ("agentdesk", "curl") and shutil.which(argv[0]) is None:
            if os.environ.get("CI"):
                pytest.fail(f"{argv[0]} is not installed")
            pytest.skip(f"{argv[0]} is not installed")
    env = _env(tmp_path)
    servers: list[subprocess.Popen] = []
    outputs: list[tuple[str, str]] = []  # (program, stdout) of each foreground command
    try:
        for argv, background in steps:
            if background:
                log = tmp_path / f"server-{len(servers)}.log"
                with open(log, "wb") as fh:
                    servers.append(subprocess.Popen(_argv(argv), env=env, cwd=tmp_path, stdout=fh,
                                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL))
                _wait_for_health(port, servers[-1], log)
                continue
            if argv[0] == "curl" and shutil.which("curl") is None:  # the same request, without curl
                r = httpx.get(argv[-1], timeout=10)
                assert r.status_code == 200, r.text
                outputs.append(("curl", r.text))
                continue
            done = subprocess.run(_argv(argv), env=env, cwd=tmp_path, capture_output=True, text=True,
                                  stdin=subprocess.DEVNULL, timeout=COMMAND_TIMEOUT)
            assert done.returncode == 0, f"{shlex.join(argv)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
            outputs.append((argv[0], done.stdout))
            assert PASSWORD not in done.stdout + done.stderr

        health = [out for program, out in outputs if program == "curl"]
        assert health and '"status":"ok"' in health[0].replace(" ", ""), health
        last = outputs[-1][1]
        m = re.search(r"pulled ([\d,]+) rows", last)
        assert m and int(m.group(1).replace(",", "")) > 0, last
        assert "online" in last, last

        # The desk's replica holds tickets, and only those of lee.junho's team: the server's walls.
        replica = Path(env["AGENTDESK_HOME"]) / "data" / "profiles" / "try" / "replica.db"
        with sqlite3.connect(replica) as lite:
            local = lite.execute("SELECT count(*), count(DISTINCT team_id) FROM tickets").fetchone()
        url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + db
        owner = create_engine(url)
        try:
            with owner.connect() as c:
                expected = c.execute(text(
                    "SELECT count(*) FROM tickets t JOIN agents a ON a.team_id = t.team_id "
                    "WHERE a.login = 'lee.junho'")).scalar()
                everyone = c.execute(text("SELECT count(*) FROM tickets")).scalar()
        finally:
            owner.dispose()
        assert local == (expected, 1) and 0 < expected < everyone
    finally:
        for server in servers:
            server.terminate()
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(5)
        drop_database_later(db)
