"""Issue 4, test 5: chaos convergence, through real team servers. Four agent processes
(tests/sync_chaos_agent.py) make seeded random edits on the same tickets and sync in a
loop, each through one of two `agentdesk server` processes over the test's database
(HTTP, with a session token each), while this test
- cuts the servers' database connections again and again (pg_terminate_backend of the
  server role's backends, the LISTEN connections included),
- loses the answer to some pushes (a proxy between each agent and its server drops the
  connection after the server handled the push, instead of relaying its answer:
  committed, but the agent never hears of it),
- restarts the PostgreSQL server once,
- and SIGKILLs one server process while a push to it is in flight, then starts it again.
Then the chaos stops, every agent heals (syncs until its outbox is empty) and pulls
once more, and:

- every outbox is empty, every cursor is at the server's clock, every replica equals
  the server (follow-ups: each agent's own);
- no acknowledged write is lost: every mutation an agent was told was applied is in
  ``sync_mutations`` with that version, every acknowledged message is on the server
  exactly once (in fact every write any agent made is on the server once);
- no message is duplicated and every ticket's message_count counts its messages.

The PostgreSQL is an instance of the test's own (same binaries, own data directory and
port; tests/fault_support.py PrivateServer) so that restarting it harms no other test
or session; where one cannot be made (or with AGENTDESK_TEST_CHAOS_SERVER=shared), the
shared server is used and restarted only in CI or with AGENTDESK_TEST_PG_RESTART=1
(=0: never restart, cuts, lost answers and the server kill only).
The database server is up again and the team servers are gone at the end whatever
happens (``finally``)."""

from __future__ import annotations

import json
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from collections.abc import Callable

import psycopg
import pytest
from sqlalchemy import func, select

from agentdesk.models import Agent
from agentdesk.server.apply import ServerApplier
from agentdesk.server.feed import read_clock
from agentdesk.server.security import SERVER_ROLE
from agentdesk.services import tickets as tickets_service
from agentdesk.sync import protocol as p
from agentdesk.sync.engine import SyncClient
from agentdesk.sync.transport import HttpTransport
from tests.factories import seed_small
from tests.fault_support import (ServerProcess, SharedServer, child_env, fault_database, mint_token, secure,
                                 server_up)
from tests.test_sync_support import T, agent_id, client, close, dump, replica

ROOT = Path(__file__).resolve().parents[1]
AGENT_SCRIPT = Path(__file__).with_name("sync_chaos_agent.py")
AGENTS = ("kim.minji", "lee.junho", "park.lead", "choi.sora")
SERVERS = 2  # agent i talks to server i % SERVERS
CHAOS_SECONDS = 18.0
CUT_EVERY = (0.15, 0.6)  # seconds between two rounds of pg_terminate_backend
HEAL_TIMEOUT = 45.0
LOSE_ONE_IN = 8  # each proxy loses one answer (at random) of every 8 pushes the server handled, during the chaos
RESTART_AT, KILL_AT = 0.45, 0.7  # when (share of the chaos) PostgreSQL restarts, a server is killed
KILL_WITHIN = (0.2, 0.9)  # the server is killed this far (share of a push's median answer time) into a push
MUTATION_ID = re.compile(rb'"mutation_id":\s*"([0-9a-f-]{36})"')


@pytest.fixture
def chaos_server():
    """(team server database, its PostgreSQL): a private PostgreSQL when this machine can
    make one, else the shared one. In CI an unusable PostgreSQL fails the test."""
    with fault_database() as (db, pg):
        yield db, pg


# --- the chaos -----------------------------------------------------------------------------
class _Exchange:
    """One desk connection through the proxy: the request being relayed, its answer."""

    def __init__(self):
        self.push = False  # the current request is a push
        self.request = bytearray()
        self.sent_at = 0.0
        self.answered = False


class LosingProxy:
    """A TCP proxy between desks and one `agentdesk server` that loses answers. Of every
    ``lose_one_in`` pushes the server handled (answered 200: every mutation in it
    committed or refused for good), one, chosen at random, is lost: the proxy drops the
    connection instead of relaying the answer, and the agent never hears of it (the case a pushed
    mutation's replay must handle; a cut database connection cannot make it, the server
    answers with what it applied). ``arm_kill`` makes it call a killer (SIGKILL of the
    server process) once a push has reached the server and is not answered yet. Desks
    and server speak plain HTTP/1.1 on 127.0.0.1, one request at a time per connection,
    so the proxy can tell a push and its answer."""

    def __init__(self, upstream: tuple[str, int], seed: int, lose_one_in: int):
        self.upstream = upstream
        self.rng = random.Random(seed)
        self.lose_one_in = lose_one_in  # 0: lose nothing
        self._bag: list[bool] = []  # the next answers' fates: one True (lose) in each lose_one_in
        self.lost = 0  # answers to a push that never reached the desk
        self.pushes = 0  # push requests relayed
        self.latencies: list[float] = []  # seconds from a whole push at the server to its answer
        self.connections = 0
        self.killed: dict | None = None  # the push in flight when the killer ran
        self._killer: Callable[[], None] | None = None
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._open: set[socket.socket] = set()
        threading.Thread(target=self._accept, daemon=True).start()

    def arm_kill(self, killer: Callable[[], None]) -> None:
        with self._lock:
            self._killer = killer

    def disarm(self) -> None:
        with self._lock:
            self._killer = None

    def _accept(self) -> None:
        while True:
            try:
                desk, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(desk,), daemon=True).start()

    def _serve(self, desk: socket.socket) -> None:
        try:
            server = socket.create_connection(self.upstream, timeout=5)
            server.settimeout(None)
        except OSError:  # the server is down (killed, restarting): the desk sees a dropped connection
            desk.close()
            return
        ex = _Exchange()
        with self._lock:
            self.connections += 1
            self._open.update((desk, server))
        threading.Thread(target=self._answers, args=(server, desk, ex), daemon=True).start()
        self._requests(desk, server, ex)

    def _requests(self, desk: socket.socket, server: socket.socket, ex: _Exchange) -> None:
        try:
            while data := desk.recv(65536):
                if data[:4] in (b"GET ", b"POST", b"PUT ", b"DELE", b"HEAD"):  # a new request on this connection
                    ex.push = data.startswith(b"POST /api/v1/push ")
                    ex.request = bytearray()
                    ex.answered = False
                    if ex.push:
                        with self._lock:
                            self.pushes += 1
                if ex.push:
                    ex.request += data
                server.sendall(data)
                if ex.push and _complete(ex.request):
                    ex.sent_at = time.monotonic()
                    if self._killer is not None:
                        self._maybe_kill(ex)
        except OSError:
            pass
        finally:
            self._close(desk, server)

    def _maybe_kill(self, ex: _Exchange) -> None:
        """The push is at the server: a moment later (inside its apply loop, mostly),
        SIGKILL the server, unless it has answered already (then wait for the next)."""
        with self._lock:
            killer, self._killer = self._killer, None
        if killer is None:
            return
        with self._lock:
            typical = sorted(self.latencies)[len(self.latencies) // 2] if self.latencies else 0.02
        time.sleep(self.rng.uniform(*KILL_WITHIN) * typical)
        if ex.answered:
            self.arm_kill(killer)
            return
        self.killed = {"t": time.time(), "mids": [m.decode() for m in MUTATION_ID.findall(bytes(ex.request))],
                       "ex": ex}
        killer()

    def _answers(self, server: socket.socket, desk: socket.socket, ex: _Exchange) -> None:
        try:
            while data := server.recv(65536):
                if ex.push and not ex.answered:
                    ex.answered = True
                    with self._lock:
                        self.latencies.append(time.monotonic() - ex.sent_at)
                        drop = data.startswith(b"HTTP/1.1 200") and self._lose_next()
                        self.lost += drop
                    if drop:
                        break
                desk.sendall(data)
        except OSError:
            pass
        finally:
            self._close(server, desk)

    def _lose_next(self) -> bool:
        """(Under the lock.) Whether to lose this answer: random, yet one in every
        ``lose_one_in`` (seeded), so a slow run loses as many answers as a fast one."""
        if not self.lose_one_in:
            return False
        if not self._bag:
            self._bag = [True] + [False] * (self.lose_one_in - 1)
            self.rng.shuffle(self._bag)
        return self._bag.pop()

    def _close(self, *socks: socket.socket) -> None:
        with self._lock:
            for sock in socks:
                self._open.discard(sock)
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()

    def close(self) -> None:
        self._listener.close()
        with self._lock:
            socks = list(self._open)
        self._close(*socks)


def _complete(request: bytearray) -> bool:
    """Whether ``request`` holds a whole HTTP request (headers and Content-Length body)."""
    end = request.find(b"\r\n\r\n")
    if end < 0:
        return False
    length = 0
    for line in bytes(request[:end]).split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip() or 0)
    return len(request) - (end + 4) >= length


class Chaos:
    """Cuts the team servers' database connections at random (seeded) intervals,
    restarts PostgreSQL once (RESTART_AT), and SIGKILLs one team server mid-push and
    starts it again (KILL_AT)."""

    def __init__(self, pg, dbname: str, seed: int, victim: tuple[ServerProcess, LosingProxy]):
        self.pg = pg
        self.dbname = dbname
        self.rng = random.Random(seed)
        self.victim = victim
        self.admin: psycopg.Connection | None = None
        self.rounds = 0
        self.cut = 0  # backends terminated
        self.restart_seconds: float | None = None
        self.kill_downtime: float | None = None  # from the SIGKILL to the new process answering /health
        self.can_restart = not isinstance(pg, SharedServer) or pg.cluster is not None
        if os.environ.get("AGENTDESK_TEST_PG_RESTART") == "0":
            self.can_restart = False

    def _cut(self) -> None:
        try:
            if self.admin is None or self.admin.closed:
                self.admin = psycopg.connect(self.pg.admin_conninfo, autocommit=True, connect_timeout=5)
            n = self.admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s AND usename = %s AND pid <> pg_backend_pid()", (self.dbname, SERVER_ROLE)).fetchone()[0]
            self.rounds += 1
            self.cut += n
        except psycopg.OperationalError:
            if self.admin is not None:
                self.admin.close()
            self.admin = None

    def _restart(self) -> None:
        if self.admin is not None:
            self.admin.close()
            self.admin = None
        with psycopg.connect(self.pg.admin_conninfo, autocommit=True) as conn:
            started = conn.execute("SELECT pg_postmaster_start_time()").fetchone()[0]
        t = time.monotonic()
        self.pg.restart()
        assert server_up(self.pg.admin_conninfo, 60), "PostgreSQL did not come back after the restart"
        self.restart_seconds = time.monotonic() - t
        with psycopg.connect(self.pg.admin_conninfo, autocommit=True) as conn:
            assert conn.execute("SELECT pg_postmaster_start_time()").fetchone()[0] > started  # really restarted

    def _kill(self) -> None:
        """SIGKILL the victim server while a push to it is in flight; start it again."""
        server, proxy = self.victim
        killed = threading.Event()
        t0 = [0.0]

        def killer():
            t0[0] = time.monotonic()
            server.kill()
            killed.set()

        proxy.arm_kill(killer)
        if not killed.wait(20.0):  # no push came: not what this test is about
            proxy.disarm()
            raise AssertionError("no push reached the server to be killed within 20 s")
        server.start()
        self.kill_downtime = time.monotonic() - t0[0]

    def run(self, seconds: float, procs: list[subprocess.Popen], servers: list[ServerProcess]) -> None:
        start = time.monotonic()
        restart_at, kill_at = start + seconds * RESTART_AT, start + seconds * KILL_AT
        try:
            while time.monotonic() - start < seconds:
                time.sleep(self.rng.uniform(*CUT_EVERY))
                for proc in procs:
                    assert proc.poll() is None, f"an agent died during the chaos (exit {proc.returncode})"
                for srv in servers:
                    assert srv.proc.poll() is None, f"{srv.name} died during the chaos:\n{srv.tail()}"
                self._cut()
                if self.can_restart and self.restart_seconds is None and time.monotonic() >= restart_at:
                    self._restart()
                if self.kill_downtime is None and time.monotonic() >= kill_at:
                    self._kill()
        finally:
            if self.admin is not None:
                self.admin.close()


# --- the test ------------------------------------------------------------------------------
def _seed(server) -> list[int]:
    ids = seed_small(server)
    with server.session() as s:
        kim = s.scalars(select(Agent).where(Agent.login == "kim.minji")).one()
        s.add(Agent(login="choi.sora", name="최소라", role="agent", team_id=kim.team_id))
        t4 = tickets_service.create_ticket(s, subject="포인트 적립 누락", body="지난달 포인트가 안 들어왔어요.",
                                           channel="chat", customer_id=ids["customer"], priority="normal")
        t4.team_id = kim.team_id
        s.flush()
        return [ids["t1"], ids["t2"], ids["t3"], t4.number]


def _read_log(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _tail(path: Path, n: int = 3000) -> str:
    return path.read_text(encoding="utf-8", errors="replace")[-n:] if path.exists() else ""


@pytest.mark.slow
def test_agents_converge_through_connection_cuts_and_a_server_restart(chaos_server, tmp_path):
    t_start = time.monotonic()
    server, pg = chaos_server
    dbname = server.engine.url.database
    numbers = _seed(server)
    secure(server)
    servers = [ServerProcess(server, tmp_path / "servers", name=f"server{k}", pool=8) for k in range(SERVERS)]
    proxies: list[LosingProxy] = []
    procs: list[subprocess.Popen] = []
    try:
        for srv in servers:
            srv.start()
        tokens = [mint_token(server, login, client=f"chaos agent{i}") for i, login in enumerate(AGENTS)]
        for i, login in enumerate(AGENTS):  # the first (full) pull happens before the chaos
            rep = replica(tmp_path, f"agent{i}", login)
            c = SyncClient(rep, HttpTransport(servers[i % SERVERS].url, login, token=tokens[i]))
            first = c.pull_once()
            assert first is not None and first.full, c.status().last_error
            c.close()
            close(rep)
        ctl = tmp_path / "ctl"
        ctl.mkdir()
        proxies = [LosingProxy(("127.0.0.1", srv.port), seed=7 + k, lose_one_in=LOSE_ONE_IN)
                   for k, srv in enumerate(servers)]
        logs = [tmp_path / f"agent{i}.jsonl" for i in range(len(AGENTS))]
        errs = [tmp_path / f"agent{i}.stderr" for i in range(len(AGENTS))]
        chaos = Chaos(pg, dbname, seed=20260405, victim=(servers[-1], proxies[-1]))
        for i, login in enumerate(AGENTS):
            env = child_env(AGENTDESK_CHAOS_TOKEN=tokens[i], AGENTDESK_HOME=str(tmp_path / f"home{i}"))
            with open(errs[i], "w") as err:
                procs.append(subprocess.Popen(
                    [sys.executable, str(AGENT_SCRIPT), str(tmp_path / f"agent{i}.db"), proxies[i % SERVERS].url,
                     login, str(1000 + i), ",".join(map(str, numbers)), str(ctl), str(logs[i]), ",".join(AGENTS)],
                    cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err))
        chaos.run(CHAOS_SECONDS, procs, servers)
        # Stop the chaos; every agent heals (its outbox empties), then pulls once more.
        for proxy in proxies:
            proxy.lose_one_in = 0
        (ctl / "heal").touch()
        deadline = time.monotonic() + HEAL_TIMEOUT
        while not all((ctl / f"{login}.healed").exists() for login in AGENTS):
            for i, proc in enumerate(procs):
                assert proc.poll() is None, f"{AGENTS[i]} exited with {proc.returncode}:\n{_tail(errs[i])}\n{_tail(logs[i])}"
            assert time.monotonic() < deadline, "the agents did not heal in time:\n" + "\n".join(_tail(x, 800) for x in logs)
            time.sleep(0.1)
        (ctl / "final").touch()
        for i, proc in enumerate(procs):
            assert proc.wait(timeout=HEAL_TIMEOUT) == 0, f"{AGENTS[i]} exited with {proc.returncode}:\n{_tail(errs[i])}"
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        for proxy in proxies:
            proxy.close()
        for srv in servers:
            srv.kill()
        pg.ensure_up()
    t_chaos_done = time.monotonic()

    events = [_read_log(x) for x in logs]
    writes = [e for ev in events for e in ev if e["ev"] == "write"]
    acks = [e for ev in events for e in ev if e["ev"] == "ack"]
    syncs = [e for ev in events for e in ev if e["ev"] == "sync"]
    failed = [e for e in syncs if not e["ok"]]
    lost = sum(x.lost for x in proxies)
    pushes = sum(x.pushes for x in proxies)
    latencies = sorted(t for x in proxies for t in x.latencies)
    summary = (f"\n[chaos] {len(AGENTS)} agents on {SERVERS} servers, {CHAOS_SECONDS:.0f}s of chaos: {len(writes)} writes, "
               f"{len(acks)} acknowledgements, {len(syncs)} sync attempts of which {len(failed)} failed; "
               f"{chaos.cut} server backends terminated in {chaos.rounds} rounds; {lost} answers to a push lost "
               f"(of {pushes} pushes, {sum(x.connections for x in proxies)} connections through the proxies; "
               f"push answered in {latencies[len(latencies) // 2] * 1000 if latencies else 0:.0f} ms median); "
               "PostgreSQL restart: " + (f"{chaos.restart_seconds:.1f}s" if chaos.restart_seconds is not None else "none")
               + f" ({pg.describe}); {servers[-1].name} SIGKILLed mid-push, back after "
               + (f"{chaos.kill_downtime:.1f}s" if chaos.kill_downtime is not None else "never"))
    print(summary)
    print("[chaos] failures seen by the agents:", dict(Counter(_kind_of(e["error"]) for e in failed).most_common()))
    unhandled = sum(srv.log.read_text(encoding="utf-8", errors="replace").count("Exception in ASGI application")
                    for srv in servers)
    print(f"[chaos] unhandled exceptions in the servers' logs: {unhandled} (pull streams cut by the database: "
          "see the xfail in tests/test_server_faults.py)")
    # The chaos was real: connections were cut under the agents, and they noticed.
    assert chaos.cut >= 5 and len(failed) >= 5, summary
    assert all(sum(1 for e in ev if e["ev"] == "write") >= 20 for ev in events), summary
    if chaos.can_restart:
        assert chaos.restart_seconds is not None
    else:
        print(f"[chaos] NOTE: PostgreSQL was not restarted ({pg.describe})")
    # The server was killed with a push of an agent in flight (sent whole, not answered).
    killed = proxies[-1].killed
    assert chaos.kill_downtime is not None and killed is not None and killed["mids"], summary

    # --- every replica: outbox empty, cursor at the clock, equal to the server -------------
    with server.engine.connect() as conn:
        v, epoch = read_clock(conn)
    for i, login in enumerate(AGENTS):
        rep = replica(tmp_path, f"agent{i}", login)
        assert rep.outbox() == [], f"{login} still has queued writes"
        assert rep.cursor() == (epoch, v), login
        [final] = [e for e in events[i] if e["ev"] == "final"]
        assert (final["version"], final["outbox"]) == (v, 0)
        me = agent_id(server, login)
        mine, theirs = dump(rep.db, where_agent=me), dump(server, where_agent=me)
        if mine != theirs:
            _diff(login, mine, theirs)
        assert mine == theirs, f"{login}'s replica differs from the server"
        with rep.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        close(rep)

    # --- nothing lost, nothing twice ---------------------------------------------------------
    sm, msgs, tks, fus = T["sync_mutations"], T["messages"], T["tickets"], T["follow_ups"]
    with server.engine.connect() as conn:
        stored, applied_at = {}, {}
        for m, ver, res, at in conn.execute(select(sm.c.mutation_id, sm.c.version, sm.c.result, sm.c.applied_at)):
            stored[str(m)] = (ver, res.get("status"))
            applied_at[str(m)] = at.timestamp()
        bodies = Counter(conn.scalars(select(msgs.c.body)))
        message_ids = set(map(str, conn.scalars(select(msgs.c.id))))
        follow_up_ids = set(map(str, conn.scalars(select(fus.c.id))))
        counts = dict(conn.execute(select(msgs.c.ticket_id, func.count()).group_by(msgs.c.ticket_id)).all())
        ticket_counts = conn.execute(select(tks.c.id, tks.c.number, tks.c.message_count)).all()
    replays = _replays(events, applied_at)
    print(f"[chaos] acknowledgements that were replays after a lost answer (committed, then the push failed): {replays}")
    assert lost >= 3 and replays >= 1, "the lost-answer case was never hit"
    before = [m for m in killed["mids"] if m in applied_at and applied_at[m] < killed["t"]]
    print(f"[chaos] the push the SIGKILL hit: {len(killed['mids'])} mutations, {len(before)} of them committed "
          f"before the kill, {'answered' if killed['ex'].answered else 'never answered'}")
    # Every acknowledged mutation is on the server, with the version the agent was given.
    lost_acks = [a for a in acks if a["mid"] not in stored or stored[a["mid"]][0] != a["version"]]
    assert lost_acks == [], f"{len(lost_acks)} acknowledged writes lost, e.g. {lost_acks[:3]}"
    assert all(a["status"] == "applied" for a in acks), [a for a in acks if a["status"] != "applied"][:3]
    # Every acknowledged message exactly once; in fact every write made is on the server.
    acked_bodies = {a["body"] for a in acks if a["op"] == p.MESSAGE_INSERT}
    assert [b for b in acked_bodies if bodies[b] != 1] == []
    assert [w for w in writes if w["mid"] not in stored] == [], "writes that never reached the server"
    written_messages = [w for w in writes if w["op"] == p.MESSAGE_INSERT]
    assert [w["body"] for w in written_messages if bodies[w["body"]] != 1] == [], "messages lost or duplicated"
    assert {w["entity_id"] for w in written_messages} <= message_ids
    assert {w["entity_id"] for w in writes if w["op"] == p.FOLLOW_UP_INSERT} <= follow_up_ids
    assert len(stored) == len(writes) == len({w["mid"] for w in writes})  # nothing else, nothing twice
    # The only other messages: the seed's and the server's notes for lost subject edits.
    others = [b for b in bodies if b not in {w["body"] for w in written_messages}]
    assert all(bodies[b] == 1 or b.startswith("[sync conflict]") for b in others)
    for tid, number, count in ticket_counts:
        assert count == counts.get(tid, 0), f"#{number}: message_count {count}, messages {counts.get(tid, 0)}"
    print(f"[chaos] verified: {len(writes)} writes ({len(written_messages)} messages) all on the server once; "
          f"chaos+heal {t_chaos_done - t_start:.1f}s, total {time.monotonic() - t_start:.1f}s")


def _kind_of(error: str) -> str:
    for known in ("could not apply it now", "could not answer", "is busy", "nothing answers", "did not answer in time",
                  "cut off before its end", "Server disconnected", "Connection reset", "connection to"):
        if known.lower() in error.lower():
            return known
    return error[:80]


def _replays(events: list[list[dict]], applied_at: dict[str, float]) -> int:
    """Acknowledgements that came from a replay: the server had committed the mutation,
    then a failed push (the answer lost with the connection) came before the ack."""
    n = 0
    for ev in events:
        failures = [e["t"] for e in ev if e["ev"] == "sync" and not e["ok"] and e["kind"] != "pull"]
        for a in (e for e in ev if e["ev"] == "ack"):
            at = applied_at.get(a["mid"])
            if at is not None and any(at <= f <= a["t"] for f in failures):
                n += 1
    return n


def _diff(login, a, b):
    for t in a:
        sa, sb = set(a[t]), set(b[t])
        for r in sorted(sa - sb, key=str)[:10]:
            print(login, "replica only", t, r)
        for r in sorted(sb - sa, key=str)[:10]:
            print(login, "server only ", t, r)


# --- a bug the lost answers expose (see the report of this test) ---------------------------
def _local_message_count(rep, number: int) -> tuple[int, int]:
    """(the ticket's message_count, its messages) in a replica."""
    with rep.engine.connect() as conn:
        t = conn.execute(select(T["tickets"]).where(T["tickets"].c.number == number)).one()
        n = conn.execute(select(func.count()).select_from(T["messages"]).where(T["messages"].c.ticket_id == t.id)).scalar()
    return t.message_count, n


# Regression (found by the chaos test): a pull after a lost answer must not count a message twice.
def test_a_pull_after_a_lost_answer_does_not_count_a_message_twice(pg_db, tmp_path):
    ids = seed_small(pg_db)
    a, b = replica(tmp_path, "a", "kim.minji"), replica(tmp_path, "b", "lee.junho")
    ca, cb = client(a, pg_db), client(b, pg_db)
    a.add_note(ids["t1"], "the server has this, the agent does not know")
    [entry] = a.outbox()
    # The push commits on the server and the answer is lost (what LosingProxy does).
    ServerApplier(pg_db.engine).apply(entry.wire(), "kim.minji", ca.client_id)
    assert ca.pull_once() is not None  # brings the message and the ticket counting it
    assert _local_message_count(a, ids["t1"]) == (2, 2)
    b.add_tag(ids["t1"], "vip")  # someone touches the ticket: the next pull brings it again, not the message
    assert cb.sync_once()[1] is not None
    assert ca.pull_once() is not None
    try:
        count, messages = _local_message_count(a, ids["t1"])
        assert count == messages, f"the ticket says {count} messages, the replica has {messages}"
    finally:
        pushed, pulled = ca.sync_once()  # the replay's answer puts it right (not part of the bug)
        assert pulled is not None and _local_message_count(a, ids["t1"]) == (2, 2)
        close(a, b)
