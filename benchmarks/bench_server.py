"""Load on ONE team server process (`agentdesk server`): many desks pushing, pulling and
holding their WebSocket of pokes at once, on a real PostgreSQL.

    .venv/bin/python benchmarks/bench_server.py                          # 200 agents, 60 s
    .venv/bin/python benchmarks/bench_server.py --agents 50 --seconds 20 --json /tmp/bench-server.json

(From a worktree without its own venv: cd there and run another checkout's python on
benchmarks/bench_server.py; the server subprocess imports this checkout's agentdesk.)

A temporary database on AGENTDESK_TEST_PG's server (default: the local postgres, a
superuser) is set up as a team sets one up: `agentdesk admin init-server`, demo data
(2,000 customers, 20,000 tickets), then ``--agents`` agents spread over the demo's teams.
One of them signs in through POST /api/v1/login; the others' session tokens are issued
directly on the owner's connection (200 Argon2 hashes would only time the hash). Then one
`agentdesk server` process starts on a free port of 127.0.0.1, connected as
agentdesk_server.

Every agent is a set of asyncio tasks of this process (its own httpx client and
`websockets` connection, as a desk has): it holds its pokes WebSocket and loops pushing 1-3
mutations (an internal note, a tag, a status or priority change carrying the value its
replica last saw), then thinks 1-5 s; and it pulls (the NDJSON feed, 500 versions a
window, from its own cursor) whenever a poke arrives, or every 30 s, one pull at a time
with pokes coalesced, as the desk's SyncRunner does. A push that fails stays queued and is
sent again, as the desk's outbox is, and what is still queued after the load is re-sent
until answered. The desks start in sync (cursor = the clock after set-up), as a team's
desks would be. ``--min-pull-interval S`` paces each desk's pulls (what pacing pokes
would do); ``--server-log PATH`` keeps the server's log.

Printed, and written as JSON with --json: pushes and mutations per second; push and pull
latency; change-to-poke latency (from just before agent A sends a push to the moment a
teammate B receives a poke at or past the version of A's push); the server's peak RSS;
the CPU used by the server, PostgreSQL, this load generator and anything else on the
machine; what PostgreSQL's backends waited on; HTTP errors and 429s; and lost or
duplicated writes, counted from the database afterwards. The server is stopped and the
database dropped at the end, also after Ctrl+C or an error. Not a pass/fail test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from contextlib import AsyncExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402
from sqlalchemy import create_engine, make_url, select, text  # noqa: E402
from websockets.asyncio.client import connect as ws_connect  # noqa: E402

from agentdesk.db import head_revision, open_database  # noqa: E402
from agentdesk.models import Agent, Team  # noqa: E402
from agentdesk.server import auth  # noqa: E402
from agentdesk.server.feed import read_clock, stamp_unversioned  # noqa: E402
from agentdesk.server.security import SERVER_ROLE  # noqa: E402
from agentdesk import demo  # noqa: E402
from agentdesk.sync import protocol as p  # noqa: E402
from benchmarks.bench_sync import ADMIN  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-server-password"
WORKING_SET = 30  # tickets each agent works on (drawn from its team's open tickets)
THINK = (1.0, 5.0)  # seconds between an agent's pushes
PULL_EVERY = 30.0  # a pull even without pokes (the runner's LISTEN_IDLE)
WINDOW = 500
REQUEST_TIMEOUT = 60.0  # seconds a desk waits for an answer before it tries again
REPLAY_TIMEOUT = 180.0
STATUSES = ("open", "pending", "on_hold", "solved")
PRIORITIES = ("low", "normal", "high", "urgent")
TAGS = ("vip", "callback", "refund", "escalated", "card-lost", "delivery", "환불요청", "재문의", "확인필요", "본인확인")
NOTES = (
    "고객님께 전화드렸으나 부재중입니다. 오후에 다시 연락드리겠습니다.",
    "카드 재발급 신청 완료, 배송까지 영업일 기준 3~5일 안내드림.",
    "환불 요청 건 결제팀 확인 중. 결과 나오면 회신 예정.",
    "Customer confirmed the new delivery address; order released to the carrier.",
    "본인 확인 완료(생년월일, 휴대폰 뒷자리). 한도 상향 요청 접수.",
    "Escalated to the team lead: refund above the agent limit.",
    "주문 취소 요청이나 이미 출고됨. 반품 절차 안내 후 회수 접수.",
    "Duplicate of an earlier request; linked and answered there.",
)


# --- a temporary team database -------------------------------------------------------
@contextmanager
def temporary_database(prefix: str = "agentdesk_bench_server"):
    """An empty database on ADMIN's server, dropped WITH (FORCE) after (even on Ctrl+C)."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield name
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def database_url(name: str, user: str, driver: str = "postgresql") -> str:
    u = make_url(ADMIN).set(drivername=driver, username=user, database=name)
    return u.render_as_string(hide_password=False)


def cli(*args: str, env: dict | None = None) -> str:
    done = subprocess.run([sys.executable, "-m", "agentdesk", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"agentdesk {args[0]} failed ({done.returncode}): {done.stderr.strip() or done.stdout}")
    return done.stdout


@dataclass
class Setup:
    name: str  # the database
    agents: list[dict]  # {"id", "login", "team", "token"}
    pools: dict[str, list[dict]]  # team id -> open tickets {"id", "status", "priority"}
    epoch: str
    version: int
    teams: dict[str, str]  # id -> name
    seconds: dict[str, float]
    signed_in: str  # login of the agent that signed in through the API (its token comes later)


def set_up(name: str, n_agents: int, customers: int, tickets: int, env: dict) -> Setup:
    seconds: dict[str, float] = {}
    owner = database_url(name, make_url(ADMIN).username or "postgres")
    t0 = time.perf_counter()
    cli("admin", "init-server", "--url", owner, env={**env, "AGENTDESK_PASSWORD": PASSWORD})
    seconds["init-server"] = time.perf_counter() - t0
    db = open_database(database_url(name, make_url(ADMIN).username or "postgres", "postgresql+psycopg"))
    try:
        t0 = time.perf_counter()
        demo.generate(db, customers=customers, tickets=tickets)
        seconds["demo data"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        with db.session() as s:
            teams = {str(t.id): t.name for t in s.scalars(select(Team).where(Team.deleted.is_(False)).order_by(Team.name))}
            team_ids = list(teams)
            rows = [Agent(id=uuid.uuid4(), login=f"bench{i:03d}", name=f"부하 상담원 {i:03d}", role="agent",
                          team_id=uuid.UUID(team_ids[i % len(team_ids)])) for i in range(n_agents)]
            s.add_all(rows)
            s.flush()
            conn = s.connection()
            auth.set_password(conn, rows[0].id, PASSWORD)  # the one real sign-in (one Argon2 hash)
            agents = []
            for a in rows:
                token = None if a is rows[0] else auth.issue_token(conn, a.id, client="bench_server")[0]
                agents.append({"id": str(a.id), "login": a.login, "team": str(a.team_id), "token": token})
        stamp_unversioned(db.engine)
        with db.engine.connect() as conn:
            pools: dict[str, list[dict]] = {}
            for tid in team_ids:
                found = conn.execute(text(
                    "SELECT id, status, priority FROM tickets WHERE team_id = :t AND NOT deleted "
                    "AND merged_into_id IS NULL AND status <> 'closed' ORDER BY number DESC LIMIT 3000"), {"t": tid}).all()
                if len(found) < WORKING_SET:  # a team with little open work: its solved tickets too
                    found += conn.execute(text(
                        "SELECT id, status, priority FROM tickets WHERE team_id = :t AND NOT deleted "
                        "AND merged_into_id IS NULL AND status = 'closed' ORDER BY number DESC LIMIT 500"),
                        {"t": tid}).all()
                pools[tid] = [{"id": str(r.id), "status": r.status, "priority": r.priority} for r in found]
            version, epoch = read_clock(conn)
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
        seconds["agents"] = time.perf_counter() - t0
    finally:
        db.dispose()
    return Setup(name=name, agents=agents, pools=pools, epoch=str(epoch), version=version, teams=teams, seconds=seconds,
                 signed_in=rows[0].login)


# --- the server process ----------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    def __init__(self, name: str, env: dict, log_path: Path, workers: int = 1):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = open(log_path, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "agentdesk", "server", "--db", database_url(name, SERVER_ROLE),
             "--listen", f"127.0.0.1:{self.port}", "--workers", str(workers)],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True)  # Ctrl+C reaches the benchmark only; it stops the server itself

    @property
    def pid(self) -> int:
        return self.proc.pid

    def wait_healthy(self, timeout: float = 60.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited ({self.proc.returncode}):\n{self.log_tail()}")
            try:
                r = httpx.get(self.base + "/health", timeout=2)
                if r.status_code == 200:
                    return r.json()
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"the server did not answer /health in {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._log.close()


# --- /proc: memory and CPU -------------------------------------------------------------
TICK = os.sysconf("SC_CLK_TCK")


def proc_status(pid: int, key: str) -> int:
    """A kB figure of /proc/PID/status (VmRSS, VmHWM), in bytes; 0 when gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def proc_cpu(pid: int) -> tuple[str, float] | None:
    """(command name, user + system CPU seconds) of a process; None when gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    comm = raw[raw.index("(") + 1:raw.rindex(")")]
    fields = raw[raw.rindex(")") + 2:].split()
    return comm, (int(fields[11]) + int(fields[12])) / TICK


def system_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot."""
    parts = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = parts[3] + parts[4]
    total = sum(parts[:8])
    return (total - idle) / TICK, total / TICK


class CpuMeter:
    """CPU seconds used between start() and the last sample(), per group of processes: the
    server, every PostgreSQL process (backends come and go: each is counted from when it
    was first seen, or from 0 when it started meanwhile), this process, the whole machine.
    Sampled every second, so a backend that exits loses at most its last second."""

    def __init__(self, server_pid: int):
        self.server_pid = server_pid
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.kind: dict[int, str] = {}
        self.rss_peak_polled = 0

    def _scan(self, initial: bool) -> None:
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            pid = int(entry.name)
            got = proc_cpu(pid)
            if got is None:
                continue
            comm, secs = got
            if pid == self.server_pid:
                kind = "server"
            elif pid == os.getpid():
                kind = "bench"
            elif comm == "postgres":
                kind = "postgres"
            else:
                continue
            if pid not in self.first:
                self.first[pid] = secs if initial else 0.0
                self.kind[pid] = kind
            self.last[pid] = secs

    def start(self) -> None:
        self._scan(initial=True)
        self.sys0 = system_cpu()
        self.t0 = time.perf_counter()

    def sample(self) -> None:
        self._scan(initial=False)
        self.sys1 = system_cpu()
        self.t1 = time.perf_counter()
        self.rss_peak_polled = max(self.rss_peak_polled, proc_status(self.server_pid, "VmRSS"))

    def shares(self, ours: set[int], shared: set[int]) -> dict:
        """CPU used as cores (1.0 = one core busy the whole time). PostgreSQL counts its
        backends of this database (``ours``) and its background processes (``shared``: WAL
        writer, checkpointer …); other databases' backends (other work on the machine)
        count as other."""
        wall = self.t1 - self.t0
        used: dict[str, float] = defaultdict(float)
        for pid, secs in self.last.items():
            kind = self.kind[pid]
            if kind == "postgres" and pid not in ours and pid not in shared:
                kind = "postgres, other databases"
            used[kind] += max(0.0, secs - self.first[pid])
        busy = self.sys1[0] - self.sys0[0]
        cores = os.cpu_count() or 1
        out = {k: used[k] / wall for k in ("server", "postgres", "bench")}
        out["machine_busy"] = busy / wall
        out["other"] = max(0.0, out["machine_busy"] - sum(out[k] for k in ("server", "postgres", "bench")))
        out["other_of_which_postgres"] = used["postgres, other databases"] / wall
        out["idle"] = max(0.0, cores - out["machine_busy"])
        out["cores"] = cores
        return out


# --- the simulated desks -----------------------------------------------------------------
def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


@dataclass
class Waiter:
    """A change-to-poke measurement: A's push started at t0; B's pokes since then."""

    t0: float
    version: int | None = None
    pokes: list = field(default_factory=list)


@dataclass
class Stats:
    push_ms: list[float] = field(default_factory=list)
    push_done: list[tuple[float, int]] = field(default_factory=list)  # (when, mutations applied) per answer
    pull_ms: list[float] = field(default_factory=list)
    pull_done: list[float] = field(default_factory=list)
    poke_ms: list[float] = field(default_factory=list)
    pushes_acked: int = 0
    mutations_acked: int = 0
    mutations_applied: int = 0
    mutations_rejected: int = 0
    conflicts: int = 0
    pulls: int = 0
    pull_rows: int = 0
    pokes: int = 0
    http_status: Counter = field(default_factory=Counter)  # non-2xx answers by status
    rate_limited: int = 0
    transport_errors: Counter = field(default_factory=Counter)
    push_errors: int = 0  # answers with "error" (stopped part-way)
    ws_closed: int = 0
    poke_missed: int = 0
    loop_lag_ms: list[float] = field(default_factory=list)
    rejections: Counter = field(default_factory=Counter)
    replay_acked: int = 0  # mutations acknowledged only when re-sent after the load
    replay_already_applied: int = 0  # … of which the server had applied before (its stored result came back)


class Desk:
    def __init__(self, info: dict, pool: list[dict], setup: Setup, rng: random.Random):
        self.id, self.login, self.team, self.token = info["id"], info["login"], info["team"], info["token"]
        picks = rng.sample(pool, min(WORKING_SET, len(pool)))
        self.tickets = {t["id"]: {"status": t["status"], "priority": t["priority"]} for t in picks}
        self.epoch, self.after = setup.epoch, setup.version
        self.client_id = str(uuid.uuid4())
        self.rng = rng
        self.outbox: list[dict] = []
        self.dirty = asyncio.Event()
        self.waiters: list[Waiter] = []
        self.teammates: list[Desk] = []
        self.ws = None
        self.http: httpx.AsyncClient | None = None

    def headers(self) -> dict:
        return {"authorization": f"Bearer {self.token}", "x-agentdesk-schema": SCHEMA,
                "content-type": "application/json"}

    def new_mutations(self, sent: dict) -> list[dict]:
        out = []
        for _ in range(self.rng.randint(1, 3)):
            tid = self.rng.choice(list(self.tickets))
            state = self.tickets[tid]
            kind = self.rng.random()
            mid = str(uuid.uuid4())
            if kind < 0.5:
                msg = str(uuid.uuid4())
                m = {"mutation_id": mid, "entity": "message", "entity_id": msg, "op": p.MESSAGE_INSERT,
                     "base_version": self.after,
                     "payload": {"ticket_id": tid, "kind": "note", "body": self.rng.choice(NOTES)}}
            elif kind < 0.75:
                m = {"mutation_id": mid, "entity": "ticket", "entity_id": tid, "op": p.TAG_ADD,
                     "base_version": self.after,
                     "payload": {"tag": self.rng.choice(TAGS), "tag_id": str(uuid.uuid4())}}
            else:
                if self.rng.random() < 0.5:
                    name, choices = "status", STATUSES
                else:
                    name, choices = "priority", PRIORITIES
                new = self.rng.choice([c for c in choices if c != state[name]])
                m = {"mutation_id": mid, "entity": "ticket", "entity_id": tid, "op": p.TICKET_UPDATE,
                     "base_version": self.after, "payload": {"fields": {name: [state[name], new]}}}
                state[name] = new  # the local replica shows the edit at once
            sent[mid] = m
            out.append(m)
        return out

    def learn(self, m: dict, result: dict) -> None:
        """What the server kept, for the next edit's 'old' value."""
        if m["op"] != p.TICKET_UPDATE:
            return
        state = self.tickets.get(m["entity_id"])
        if state is None:
            return
        for c in result.get("conflicts") or ():
            if c.get("field") in state and c.get("resolution") == "kept_server" and c.get("theirs"):
                state[c["field"]] = c["theirs"]


SCHEMA = head_revision()


class Load:
    def __init__(self, base: str, setup: Setup, n_seconds: float, lookup, seed: int = 7,
                 min_pull_interval: float = 0.0):
        self.base = base
        self.lookup = lookup  # mutation ids -> those in sync_mutations (the owner's connection)
        self.pre_applied: set[str] = set()
        self.min_pull_interval = min_pull_interval
        self.ws_base = "ws" + base[4:]
        self.setup = setup
        self.seconds = n_seconds
        self.stats = Stats()
        self.sent: dict[str, dict] = {}  # mutation id -> mutation
        self.results: dict[str, dict] = {}  # mutation id -> the server's result
        self.stopping = asyncio.Event()
        self.loadavg_before = 0.0
        rng = random.Random(seed)
        self.desks = [Desk(a, setup.pools[a["team"]], setup, random.Random(rng.random())) for a in setup.agents]
        by_team: dict[str, list[Desk]] = defaultdict(list)
        for d in self.desks:
            by_team[d.team].append(d)
        for d in self.desks:
            d.teammates = [o for o in by_team[d.team] if o is not d]

    # --- HTTP ----------------------------------------------------------------------------
    def _bad_status(self, r: httpx.Response) -> float | None:
        """Counts a non-2xx answer; the seconds to wait before trying again."""
        self.stats.http_status[r.status_code] += 1
        if r.status_code == 429:
            self.stats.rate_limited += 1
            try:
                return float(r.headers.get("retry-after") or 1)
            except ValueError:
                return 1.0
        return 1.0

    async def push(self, desk: Desk, replay: bool = False) -> None:
        """Sends the desk's outbox (up to 200); ``replay``: after the load, not measured."""
        batch = desk.outbox[:200]
        observer = desk.rng.choice(desk.teammates) if desk.teammates and not replay else None
        waiter = Waiter(time.perf_counter())
        if observer is not None:
            observer.waiters.append(waiter)
        try:
            t0 = time.perf_counter()
            try:
                r = await desk.http.post("/api/v1/push", headers=desk.headers(), content=json.dumps(
                    {"client_id": desk.client_id, "mutations": batch}, ensure_ascii=False).encode(),
                    timeout=REPLAY_TIMEOUT if replay else REQUEST_TIMEOUT)
            except httpx.HTTPError as exc:
                self.stats.transport_errors[("replay: " if replay else "") + type(exc).__name__] += 1
                await asyncio.sleep(1.0)
                return
            dt = time.perf_counter() - t0
            if r.status_code != 200:
                await asyncio.sleep(self._bad_status(r))
                return
            answer = r.json()
            results = answer.get("results") or []
            if replay:
                for m, res in zip(batch, results):
                    self.results[m["mutation_id"]] = res
                    self.stats.replay_acked += 1
                    if m["mutation_id"] in self.pre_applied:
                        self.stats.replay_already_applied += 1
                del desk.outbox[:len(results)]
                return
            if answer.get("error"):
                self.stats.push_errors += 1
            versions = []
            self.stats.push_done.append((time.perf_counter(),
                                         sum(1 for res in results if res.get("status") == "applied")))
            for m, res in zip(batch, results):
                self.results[m["mutation_id"]] = res
                self.stats.mutations_acked += 1
                if res.get("status") == "applied":
                    self.stats.mutations_applied += 1
                else:
                    self.stats.mutations_rejected += 1
                    self.stats.rejections[str(res.get("message"))[:80]] += 1
                self.stats.conflicts += len(res.get("conflicts") or ())
                if res.get("version") is not None:
                    versions.append(int(res["version"]))
                desk.learn(m, res)
            del desk.outbox[:len(results)]
            if results and not answer.get("error") and len(results) == len(batch):
                self.stats.pushes_acked += 1
                self.stats.push_ms.append(dt * 1000)
            if versions and observer is not None:
                waiter.version = max(versions)
                for t, v in waiter.pokes:
                    if v >= waiter.version:
                        self.stats.poke_ms.append((t - waiter.t0) * 1000)
                        observer.waiters.remove(waiter)
                        break
                waiter.pokes = []
                return
        finally:
            if observer is not None and waiter.version is None and waiter in observer.waiters:
                observer.waiters.remove(waiter)

    async def pull(self, desk: Desk) -> None:
        body = json.dumps({"epoch": desk.epoch, "after": desk.after, "window": WINDOW, "refetch": []}).encode()
        t0 = time.perf_counter()
        rows = 0
        try:
            async with desk.http.stream("POST", "/api/v1/pull", headers=desk.headers(), content=body) as r:
                if r.status_code != 200:
                    await r.aread()
                    await asyncio.sleep(self._bad_status(r))
                    desk.dirty.set()  # try again
                    return
                ended = False
                async for line in r.aiter_lines():
                    if not line:
                        continue
                    event = json.loads(line)
                    kind = event.get("type")
                    if kind == "begin":
                        desk.epoch = event["epoch"]
                        if event.get("full"):
                            raise RuntimeError("the server asked for a full resync (epoch changed)")
                    elif kind == "rows":
                        rows += len(event["rows"])
                        if event["table"] == "tickets":
                            for row in event["rows"]:
                                state = desk.tickets.get(row["id"])
                                if state is not None:
                                    state["status"], state["priority"] = row["status"], row["priority"]
                    elif kind == "parents":
                        rows += len(event["rows"])
                    elif kind == "window":
                        desk.after = int(event["upto"])
                    elif kind == "end":
                        ended = True
                if not ended:
                    self.stats.transport_errors["pull cut off"] += 1
                    return
        except httpx.HTTPError as exc:
            self.stats.transport_errors[type(exc).__name__] += 1
            await asyncio.sleep(1.0)
            desk.dirty.set()
            return
        self.stats.pulls += 1
        self.stats.pull_rows += rows
        self.stats.pull_ms.append((time.perf_counter() - t0) * 1000)
        self.stats.pull_done.append(time.perf_counter())

    # --- one desk's tasks -------------------------------------------------------------------
    async def connect_ws(self, desk: Desk) -> None:
        desk.ws = await ws_connect(self.ws_base + "/api/v1/pokes", open_timeout=60, ping_interval=20,
                                   ping_timeout=60, close_timeout=2,
                                   additional_headers={"Authorization": f"Bearer {desk.token}",
                                                       "X-AgentDesk-Schema": SCHEMA})

    async def pokes(self, desk: Desk) -> None:
        try:
            async for message in desk.ws:
                now = time.perf_counter()
                self.stats.pokes += 1
                v = int(json.loads(message).get("v") or 0)
                for w in list(desk.waiters):
                    if w.version is None:
                        w.pokes.append((now, v))
                    elif v >= w.version:
                        self.stats.poke_ms.append((now - w.t0) * 1000)
                        desk.waiters.remove(w)
                desk.dirty.set()
        except Exception:  # noqa: BLE001 - the connection dropped
            pass
        if not self.stopping.is_set():
            self.stats.ws_closed += 1

    async def puller(self, desk: Desk) -> None:
        while not self.stopping.is_set():
            try:
                await asyncio.wait_for(desk.dirty.wait(), PULL_EVERY)
            except TimeoutError:
                pass
            if self.stopping.is_set():
                return
            desk.dirty.clear()
            started = time.perf_counter()
            await self.pull(desk)
            pause = self.min_pull_interval - (time.perf_counter() - started)
            if pause > 0:  # --min-pull-interval: pokes meanwhile coalesce into the next pull
                await asyncio.sleep(pause)

    async def writer(self, desk: Desk, end: float) -> None:
        await asyncio.sleep(desk.rng.uniform(0, THINK[1]))  # desks do not all start typing at once
        while time.perf_counter() < end:
            desk.outbox += desk.new_mutations(self.sent)
            await self.push(desk)
            think = desk.rng.uniform(*THINK)
            if time.perf_counter() + think >= end:
                break
            await asyncio.sleep(think)
        # The outbox is sent until it is empty, as the desk would (after a failure: again).
        deadline = time.perf_counter() + 60
        while desk.outbox and time.perf_counter() < deadline:
            await self.push(desk)

    async def lag_probe(self) -> None:
        while not self.stopping.is_set():
            t = time.perf_counter()
            await asyncio.sleep(0.05)
            self.stats.loop_lag_ms.append((time.perf_counter() - t - 0.05) * 1000)

    async def run(self, on_start, on_tick) -> dict:
        async with AsyncExitStack() as stack:
            # A client per desk, as each desk has its own: one client for 200 desks spends
            # most of this process's time scanning its pool (httpcore's pool is O(connections)
            # per request), which showed as seconds of latency that were not the server's.
            for d in self.desks:
                d.http = await stack.enter_async_context(httpx.AsyncClient(
                    base_url=self.base, timeout=REQUEST_TIMEOUT,
                    limits=httpx.Limits(max_connections=2, max_keepalive_connections=2)))
            return await self._run(on_start, on_tick)

    async def _run(self, on_start, on_tick) -> dict:
        t0 = time.perf_counter()
        gate = asyncio.Semaphore(20)

        async def open_one(d: Desk) -> None:
            async with gate:
                await self.connect_ws(d)

        await asyncio.gather(*(open_one(d) for d in self.desks))
        connect_s = time.perf_counter() - t0
        tasks = [asyncio.create_task(self.pokes(d)) for d in self.desks]
        tasks += [asyncio.create_task(self.puller(d)) for d in self.desks]
        tasks.append(asyncio.create_task(self.lag_probe()))
        on_start()
        start = time.perf_counter()
        end = start + self.seconds
        writers = [asyncio.create_task(self.writer(d, end)) for d in self.desks]
        ticker = asyncio.create_task(self._tick(on_tick))
        await asyncio.gather(*writers)
        writing_s = time.perf_counter() - start
        await asyncio.sleep(2.0)  # the last pokes and pulls
        on_tick()
        self.stopping.set()
        ticker.cancel()
        for d in self.desks:
            d.dirty.set()
            await d.ws.close()
        await asyncio.gather(*tasks, return_exceptions=True)
        self.stats.poke_missed = sum(1 for d in self.desks for w in d.waiters if w.version is not None)
        # What is still queued (answers lost to timeouts) is sent again, as the desk's
        # outbox would be: the server must answer each with the result it stored, once.
        t0 = time.perf_counter()
        queued = [m["mutation_id"] for d in self.desks for m in d.outbox]
        self.pre_applied = await asyncio.to_thread(self.lookup, queued) if queued else set()
        await asyncio.gather(*(self.replay(d) for d in self.desks if d.outbox))
        replay_s = time.perf_counter() - t0
        return {"connect_s": connect_s, "writing_s": writing_s, "start": start, "end": end, "replay_s": replay_s}

    async def replay(self, desk: Desk) -> None:
        for _ in range(5):
            if not desk.outbox:
                return
            await self.push(desk, replay=True)

    async def _tick(self, on_tick) -> None:
        while True:
            await asyncio.sleep(1.0)
            await asyncio.to_thread(on_tick)


# --- after the run: the database's word ------------------------------------------------
def verify(name: str, load: Load, setup: Setup, before: dict) -> dict:
    """Every acknowledged mutation exactly once, nothing extra (as the owner: no RLS)."""
    engine = create_engine(database_url(name, make_url(ADMIN).username or "postgres", "postgresql+psycopg"))
    bench_agents = [uuid.UUID(a["id"]) for a in setup.agents]
    try:
        with engine.connect() as conn:
            stored = {str(r.mutation_id): (r.result.get("status"), r.version, r.n) for r in conn.execute(text(
                "SELECT mutation_id, min(result::text)::json AS result, min(version) AS version, count(*) AS n "
                "FROM sync_mutations GROUP BY mutation_id"))}
            messages = {str(r.id): r.n for r in conn.execute(text(
                "SELECT id, count(*) AS n FROM messages WHERE author_agent_id = ANY(:a) GROUP BY id"),
                {"a": bench_agents})}
            tags_new = {str(r.id) for r in conn.execute(text(
                "SELECT id FROM ticket_tags WHERE rev > :v"), {"v": setup.version})} - before["tag_ids"]
            dup_tags = conn.execute(text(
                "SELECT count(*) FROM (SELECT ticket_id, tag FROM ticket_tags GROUP BY ticket_id, tag "
                "HAVING count(*) > 1) d")).scalar()
            count_gaps = {str(r.id): r.gap for r in conn.execute(text(
                "SELECT t.id, t.message_count - (SELECT count(*) FROM messages m WHERE m.ticket_id = t.id) AS gap "
                "FROM tickets t WHERE t.id = ANY(:ids)"), {"ids": [uuid.UUID(i) for i in before["count_gaps"]]})}
            clock = conn.execute(text("SELECT v FROM sync_clock WHERE id = 1")).scalar()
    finally:
        engine.dispose()
    applied = {mid for mid, r in load.results.items() if r.get("status") == "applied"}
    rejected = {mid for mid, r in load.results.items() if r.get("status") != "applied"}
    sent_messages = {m["entity_id"]: mid for mid, m in load.sent.items() if m["op"] == p.MESSAGE_INSERT}
    sent_tags = {m["payload"]["tag_id"] for m in load.sent.values() if m["op"] == p.TAG_ADD}
    out = {
        "sent": len(load.sent),
        "acknowledged": len(load.results),
        "never_acknowledged": len(set(load.sent) - set(load.results)),
        "applied_missing_in_sync_mutations": sum(1 for mid in applied if mid not in stored),
        "applied_stored_as_other_status": sum(1 for mid in applied if mid in stored and stored[mid][0] != "applied"),
        "version_differs": sum(1 for mid in load.results if mid in stored
                               and stored[mid][1] != load.results[mid].get("version")),
        "rejected_missing_in_sync_mutations": sum(1 for mid in rejected if mid not in stored),
        "sync_mutations_duplicated": sum(1 for r in stored.values() if r[2] > 1),
        "sync_mutations_not_sent": sum(1 for mid in stored if mid not in load.sent),
        "messages_missing": sum(1 for msg, mid in sent_messages.items() if mid in applied and msg not in messages),
        "messages_duplicated": sum(1 for n in messages.values() if n > 1),
        "messages_not_sent": sum(1 for msg in messages if msg not in sent_messages),
        "messages_of_rejected_mutations": sum(1 for msg, mid in sent_messages.items()
                                              if mid in rejected and msg in messages),
        "tags_new_not_sent": len(tags_new - sent_tags),
        "tags_duplicated": dup_tags,
        "message_count_drift": sum(1 for i, gap in count_gaps.items() if gap != before["count_gaps"][i]),
        "clock": clock,
        "acknowledged_only_when_resent": load.stats.replay_acked,
        "resent_already_applied": load.stats.replay_already_applied,
        "never_acknowledged_in_sync_mutations": sum(1 for mid in set(load.sent) - set(load.results) if mid in stored),
    }
    out["ok"] = not any(v for k, v in out.items() if k not in CHECK_INFO)
    return out


# Counts that describe the run; every other count of verify() is a lost or duplicated write.
CHECK_INFO = ("sent", "acknowledged", "never_acknowledged", "clock", "acknowledged_only_when_resent",
              "resent_already_applied", "never_acknowledged_in_sync_mutations", "server_log", "ok")


def snapshot_before(name: str, setup: Setup) -> dict:
    engine = create_engine(database_url(name, make_url(ADMIN).username or "postgres", "postgresql+psycopg"))
    ids = [uuid.UUID(t["id"]) for pool in setup.pools.values() for t in pool]
    try:
        with engine.connect() as conn:
            tag_ids = {str(r[0]) for r in conn.execute(text("SELECT id FROM ticket_tags"))}
            gaps = {str(r.id): r.gap for r in conn.execute(text(
                "SELECT t.id, t.message_count - (SELECT count(*) FROM messages m WHERE m.ticket_id = t.id) AS gap "
                "FROM tickets t WHERE t.id = ANY(:ids)"), {"ids": ids})}
    finally:
        engine.dispose()
    return {"tag_ids": tag_ids, "count_gaps": gaps}


class WaitSampler:
    """What PostgreSQL's backends of this database are doing, once a second."""

    def __init__(self, name: str):
        self.name = name
        self.engine = create_engine(ADMIN, pool_size=1)
        self.counts: Counter = Counter()
        self.samples = 0
        self.server_conns: list[int] = []
        self.ours: set[int] = set()  # PostgreSQL processes serving this database
        self.shared: set[int] = set()  # … and its background processes

    def sample(self) -> None:
        with self.engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT state, wait_event_type, wait_event, application_name, left(query, 200) AS query "
                "FROM pg_stat_activity "
                "WHERE datname = :d AND pid <> pg_backend_pid()"), {"d": self.name}).all()
            for pid, datname, backend_type in conn.execute(text(
                    "SELECT pid, datname, backend_type FROM pg_stat_activity")):
                if datname == self.name:
                    self.ours.add(pid)
                elif datname is None and backend_type != "client backend":
                    self.shared.add(pid)
        self.samples += 1
        self.server_conns.append(sum(1 for r in rows if r.application_name == "agentdesk-server"))
        for r in rows:
            if r.state == "active":
                key = f"{r.wait_event_type}:{r.wait_event}" if r.wait_event_type else "CPU"
                if r.wait_event_type == "Lock":  # which lock: the clock row, or a ticket's
                    q = r.query or ""
                    key += (" (sync_clock)" if "sync_clock" in q else " (tickets FOR UPDATE)" if "FOR UPDATE" in q
                            else f" ({' '.join(q.split()[:3])[:40]})")
                self.counts[key] += 1
            elif r.state == "idle in transaction":
                self.counts["idle in transaction"] += 1

    def summary(self) -> dict:
        n = max(1, self.samples)
        return {k: round(v / n, 2) for k, v in self.counts.most_common(8)}

    def close(self) -> None:
        self.engine.dispose()


# --- main ------------------------------------------------------------------------------
def fmt(v, unit: str = " ms", digits: int = 0) -> str:
    return "—" if v is None else f"{v:,.{digits}f}{unit}"


def drive(server: ServerProcess, setup: Setup, args):
    """Waits for the server, signs one agent in through the API, runs the desks."""
    t0 = time.perf_counter()
    health = server.wait_healthy()
    print(f"server pid {server.pid} on {server.base}: healthy in {time.perf_counter() - t0:.1f} s "
          f"(schema {health['schema']})", flush=True)
    t0 = time.perf_counter()
    r = httpx.post(server.base + "/api/v1/login", json={"login": setup.signed_in, "password": PASSWORD,
                                                        "client": "bench_server"}, timeout=30)
    r.raise_for_status()
    setup.agents[0]["token"] = r.json()["token"]
    login_ms = (time.perf_counter() - t0) * 1000
    me = httpx.get(server.base + "/api/v1/me", headers={"authorization": f"Bearer {setup.agents[0]['token']}",
                                                        "x-agentdesk-schema": SCHEMA}, timeout=10)
    me.raise_for_status()
    print(f"signed in as {me.json()['agent']['login']} through POST /api/v1/login in {login_ms:.0f} ms", flush=True)

    def lookup(ids: list[str]) -> set[str]:
        engine = create_engine(database_url(setup.name, make_url(ADMIN).username or "postgres", "postgresql+psycopg"))
        try:
            with engine.connect() as conn:
                return {str(r[0]) for r in conn.execute(text(
                    "SELECT mutation_id FROM sync_mutations WHERE mutation_id = ANY(:ids)"),
                    {"ids": [uuid.UUID(i) for i in ids]})}
        finally:
            engine.dispose()

    load = Load(server.base, setup, args.seconds, lookup, min_pull_interval=args.min_pull_interval)
    cpu = CpuMeter(server.pid)
    waits = WaitSampler(setup.name)
    lock = threading.Lock()

    def tick() -> None:
        with lock:
            cpu.sample()
            try:
                waits.sample()
            except Exception:  # noqa: BLE001 - a sample less
                pass

    print(f"{args.agents} desks for {args.seconds:g} s (load average before: {os.getloadavg()[0]:.1f}) …", flush=True)
    load.loadavg_before = os.getloadavg()[0]
    try:
        timing = asyncio.run(load.run(cpu.start, tick))
        hwm = proc_status(server.pid, "VmHWM")  # before the server stops
        shares = cpu.shares(waits.ours, waits.shared)
    finally:
        waits.close()
    return load, timing, shares, hwm, cpu, waits, login_ms


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--agents", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--customers", type=int, default=2000)
    ap.add_argument("--tickets", type=int, default=20000)
    ap.add_argument("--min-pull-interval", type=float, default=0.0, metavar="S",
                    help="at most one pull per desk every S seconds (default 0: a pull on every poke, as the desk "
                         "does today); shows what pacing pokes would do")
    ap.add_argument("--workers", type=int, default=1,
                    help="server processes (`agentdesk server --workers`); >1: their CPU counts as 'other'")
    ap.add_argument("--json", metavar="PATH", help="also write the figures here as JSON")
    ap.add_argument("--server-log", metavar="PATH", help="keep the server's log here")
    args = ap.parse_args()
    if args.agents < 2:
        ap.error("--agents must be at least 2 (the change-to-poke latency needs a teammate)")
    def stop(signum, frame):  # a kill cleans up as Ctrl+C does
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    home = Path(tempfile.mkdtemp(prefix="bench-server-"))
    env = {**os.environ, "AGENTDESK_HOME": str(home / "home"), "PYTHONPATH": str(ROOT)}
    env.pop("AGENTDESK_DB", None)
    try:
        with temporary_database() as name:
            print(f"database {name}: init-server, demo data ({args.customers:,} customers, {args.tickets:,} tickets), "
                  f"{args.agents} agents …", flush=True)
            setup = set_up(name, args.agents, args.customers, args.tickets, env)
            before = snapshot_before(name, setup)
            print("  " + ", ".join(f"{k} {v:.1f} s" for k, v in setup.seconds.items())
                  + "; teams: " + ", ".join(f"{setup.teams[t]} ({sum(1 for a in setup.agents if a['team'] == t)} agents, "
                                            f"{len(setup.pools[t])} open tickets)" for t in setup.teams), flush=True)
            server = ServerProcess(name, env, home / "server.log", workers=args.workers)
            try:
                load, timing, shares, hwm, cpu, waits, login_ms = drive(server, setup, args)
            except Exception:
                tail = server.log_tail()
                if tail:
                    print(f"server log (last lines):\n{tail}", file=sys.stderr)
                raise
            finally:
                server.stop()  # before the database is dropped
            check = verify(name, load, setup, before)
            check["server_log"] = summarize_log(home / "server.log")
            if args.server_log:
                shutil.copy(home / "server.log", args.server_log)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    report(args, load, timing, shares, hwm, cpu.rss_peak_polled, waits, check, login_ms)


def summarize_log(path: Path) -> dict:
    """The server's warnings and errors, by message (numbers and ids left out)."""
    import re

    counts: Counter = Counter()
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return {}
    for line in lines:
        m = re.match(r"\S+ \S+ (WARNING|ERROR|CRITICAL) \S+: (.*)", line) or re.match(r"(ERROR|WARNING):\s+(.*)", line)
        if m:
            msg = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}|\d+", "#", m.group(2))[:120]
            counts[f"{m.group(1)} {msg}"] += 1
    return dict(counts.most_common(10))


def report(args, load: Load, timing: dict, shares: dict, hwm: int, rss_polled: int, waits: WaitSampler,
           check: dict, login_ms: float) -> None:
    s = load.stats
    secs = args.seconds  # rates count what was answered within the load window
    window = [n for t, n in s.push_done if timing["start"] <= t <= timing["end"]]
    pulls_in_window = sum(1 for t in s.pull_done if timing["start"] <= t <= timing["end"])
    figures = {
        "agents": args.agents, "seconds": args.seconds, "min_pull_interval_s": args.min_pull_interval,
        "writing_s": round(timing["writing_s"], 2),
        "websocket_connect_s": round(timing["connect_s"], 2),
        "resend_after_load_s": round(timing["replay_s"], 2), "login_ms": round(login_ms, 1),
        "pushes_acked": s.pushes_acked, "pushes_per_s": round(len(window) / secs, 1),
        "mutations_acked": s.mutations_acked, "mutations_applied": s.mutations_applied,
        "mutations_rejected": s.mutations_rejected, "mutations_applied_per_s": round(sum(window) / secs, 1),
        "merge_conflicts": s.conflicts, "rejections": dict(s.rejections),
        "push_ms": {"p50": pct(s.push_ms, .5), "p95": pct(s.push_ms, .95), "p99": pct(s.push_ms, .99),
                    "max": max(s.push_ms, default=None)},
        "pulls": s.pulls, "pulls_per_s": round(pulls_in_window / secs, 1), "pull_rows": s.pull_rows,
        "pull_ms": {"p50": pct(s.pull_ms, .5), "p95": pct(s.pull_ms, .95), "p99": pct(s.pull_ms, .99),
                    "max": max(s.pull_ms, default=None)},
        "pokes_received": s.pokes,
        "change_to_poke_ms": {"n": len(s.poke_ms), "p50": pct(s.poke_ms, .5), "p90": pct(s.poke_ms, .9),
                              "p99": pct(s.poke_ms, .99), "max": max(s.poke_ms, default=None),
                              "missed": s.poke_missed, "goal": {"p50": 100, "p99": 500}},
        "server_peak_rss_mb": round(hwm / 2**20, 1), "server_peak_rss_polled_mb": round(rss_polled / 2**20, 1),
        "http_errors": {str(k): v for k, v in sorted(s.http_status.items())}, "http_429": s.rate_limited,
        "transport_errors": dict(s.transport_errors), "push_answers_with_error": s.push_errors,
        "websockets_dropped": s.ws_closed,
        "load_generator_loop_lag_ms": {"p50": pct(s.loop_lag_ms, .5), "p99": pct(s.loop_lag_ms, .99),
                                       "max": max(s.loop_lag_ms, default=None)},
        "cpu_cores": {k: round(v, 2) for k, v in shares.items()},
        "loadavg_1min": {"before": round(load.loadavg_before, 2), "after": round(os.getloadavg()[0], 2)},
        "postgres_backends_waiting_on": waits.summary(),
        "server_db_connections": {"mean": round(sum(waits.server_conns) / max(1, len(waits.server_conns)), 1),
                                  "max": max(waits.server_conns, default=0)},
        "database_check": check,
    }
    p50, p99 = figures["change_to_poke_ms"]["p50"], figures["change_to_poke_ms"]["p99"]
    rows = [
        ("desks (agents) / load time", f"{args.agents} / {secs:g} s, outboxes drained {max(0.0, timing['writing_s'] - secs):.1f} s "
                                        f"later, re-sent leftovers {timing['replay_s']:.1f} s "
                                        f"(WebSockets opened in {timing['connect_s']:.1f} s)"),
        ("pushes acknowledged", f"{s.pushes_acked:,}; {figures['pushes_per_s']:.1f}/s in the load window"),
        ("mutations applied", f"{s.mutations_applied:,}; {figures['mutations_applied_per_s']:.1f}/s "
                              f"({s.mutations_rejected} rejected, {s.conflicts} merge conflicts)"),
        ("push latency (answered)", f"p50 {fmt(pct(s.push_ms, .5))}, p95 {fmt(pct(s.push_ms, .95))}, "
                         f"p99 {fmt(pct(s.push_ms, .99))}"),
        ("pulls", f"{s.pulls:,}; {figures['pulls_per_s']:.1f}/s, {s.pull_rows:,} rows in all"),
        ("pull latency (completed)", f"p50 {fmt(pct(s.pull_ms, .5))}, p99 {fmt(pct(s.pull_ms, .99))}"),
        ("change → poke on a teammate", f"p50 {fmt(p50)}, p99 {fmt(p99)} (goal ≤ 100 / ≤ 500 ms: "
                                         f"{'met' if p50 is not None and p50 <= 100 and p99 <= 500 else 'NOT met'}); "
                                         f"{len(s.poke_ms):,} measured, {s.poke_missed} missed"),
        ("server peak RSS", f"{hwm / 2**20:,.0f} MB (VmHWM)"),
        ("HTTP errors / 429s", f"{sum(s.http_status.values())} ({dict(s.http_status) or 'none'}) / {s.rate_limited}; "
                               f"transport errors {dict(s.transport_errors) or 'none'}; "
                               f"WebSockets dropped {s.ws_closed}"),
        ("CPU (cores of {})".format(shares["cores"]),
         f"server {shares['server']:.2f}, PostgreSQL {shares['postgres']:.2f} (this database), "
         f"load generator {shares['bench']:.2f}, other {shares['other']:.2f} "
         f"(of which PostgreSQL for other databases {shares['other_of_which_postgres']:.2f})"),
        ("PostgreSQL backends (mean)", ", ".join(f"{k} {v}" for k, v in waits.summary().items()) or "—"),
        ("load generator loop lag", f"p50 {fmt(pct(s.loop_lag_ms, .5), digits=1)}, p99 {fmt(pct(s.loop_lag_ms, .99))}"),
        ("lost / duplicated writes", "none" if check["ok"] else
         ", ".join(f"{k} {v}" for k, v in check.items() if v and k not in CHECK_INFO)),
        ("", (f"{check['sent']:,} mutations sent, {check['acknowledged']:,} acknowledged "
              f"({check['acknowledged_only_when_resent']:,} only when re-sent after the load, "
              f"{check['resent_already_applied']:,} of them applied the first time), "
              f"{check['never_acknowledged']} never acknowledged")),
        ("server log: warnings, errors", "; ".join(f"{n}× {k}" for k, n in check["server_log"].items()) or "none"),
    ]
    width = max(len(k) for k, _ in rows)
    print()
    for k, v in rows:
        print(f"  {k:<{width}}  {v}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
        print(f"\nfigures written to {args.json}")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        print("\ninterrupted: the server was stopped and the database dropped", file=sys.stderr)
        sys.exit(130)
