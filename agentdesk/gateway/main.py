"""The gateway process (issue 14): `agentdesk gateway --config FILE`.

A long-running, headless service beside the team server (or on a one-person desk's
embedded workspace; never inside an agent's desk, whose replica it refuses):

- one thread per watched IMAP folder (gateway/imap.py FolderPoller: IDLE, backoff),
- one outbox worker (gateway/outbox.py: enqueue new public replies, send, recover),
- the optional HTTP app for webhooks (gateway/http.py, the hooks helper's) under uvicorn.

Every part outlives its database or mail server going away: it logs one line, backs off
(1 s doubling to a minute) and carries on. SIGTERM / SIGINT stop it cleanly: IDLE is
ended, the current mail or reply finishes its step, threads are joined. Logs name
folders, ids and states, never bodies, senders or subjects.
"""

from __future__ import annotations

import fcntl
import importlib
import logging
import os
import signal
import threading
from typing import Any
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.engine import Connection

from agentdesk.db import Database, open_database, resolve_url, sqlite_path

from . import imap as imap_mod
from . import outbox
from .config import GatewayConfig, GatewayConfigError, check_secrets, resolve_team

log = logging.getLogger("agentdesk.gateway")

BACKOFF_MAX = 60.0
RECONCILE_EVERY = 30.0  # seconds between looks in the Sent folder for undecided replies


def check_workspace(cfg: GatewayConfig) -> None:
    """An embedded workspace must be there already: a mistyped path would otherwise become
    a new, empty workspace that takes the mail in where no desk looks (and, with no team
    in the file, the gateway would run on it). PostgreSQL is checked when connecting."""
    path = sqlite_path(resolve_url(cfg.db))
    if path is None:
        return
    try:
        size = path.stat().st_size
    except OSError:
        size = None
    if not size:
        raise GatewayConfigError("workspace.db", f"no workspace at {path} (open the desk on it once, or correct "
                                                 "the path; the gateway never creates one)")


def open_workspace(cfg: GatewayConfig) -> Database:
    check_workspace(cfg)
    db = open_database(cfg.db)
    if db.is_sqlite:
        with db.engine.connect() as conn:
            replica = conn.execute(text("SELECT count(*) FROM sync_state")).scalar()
        if replica:
            db.dispose()
            raise GatewayConfigError("workspace.db", "is an agent's replica of a team workspace; run the gateway "
                                                     "against the team's PostgreSQL database")
    return db


def make_sink(db: Database, secret: str | None):
    """The intake's sink (gateway/sink.py): LocalSink on an embedded workspace, ServerSink
    (writes stamped with the sync clock) on a team's PostgreSQL. ``secret``: the reply-token
    secret, the same one the outbox signs with (None: the workspace's own)."""
    sink_mod = importlib.import_module("agentdesk.gateway.sink")
    if db.is_sqlite:
        return sink_mod.LocalSink(db, secret=secret)
    return sink_mod.ServerSink(db.engine, secret=secret)


def _senders(cfg: GatewayConfig) -> dict[str, outbox.ChannelSender]:
    """Non-mail channels' senders (gateway/senders.py, the hooks helper's), when present."""
    try:
        senders_mod = importlib.import_module("agentdesk.gateway.senders")
    except ModuleNotFoundError as exc:
        if exc.name != "agentdesk.gateway.senders":
            raise
        return {}
    return dict(senders_mod.make_senders(cfg))


def outbox_settings(cfg: GatewayConfig) -> outbox.OutboxSettings:
    st = outbox.OutboxSettings(senders=_senders(cfg), retry_base=cfg.retry_base, max_attempts=cfg.max_attempts)
    if cfg.smtp is not None and cfg.reply_secret is not None:
        st.mail = outbox.MailSettings(smtp=cfg.smtp, support_address=cfg.support_address, from_name=cfg.from_name,
                                      secret=cfg.reply_secret.get, append_to_sent=cfg.append_to_sent)
    sent = cfg.sent_settings()
    if sent is not None:
        st.sent_lookup = lambda mid: imap_mod.search_message_id(sent, sent.sent_folder, mid)
        st.sent_append = lambda data: imap_mod.append(sent, sent.sent_folder, data)
    return st


class _OutboxLock:
    """One outbox worker per workspace: a PostgreSQL advisory lock on a connection of its
    own (released if that connection dies), or an flock beside an SQLite file."""

    def __init__(self, db: Database):
        self.db = db
        self._conn: Connection | None = None
        self._fd: int | None = None

    def acquire(self) -> bool:
        if self.db.is_sqlite:
            if self._fd is None:
                path = f"{self.db.engine.url.database}.gateway-outbox.lock"
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    os.close(fd)
                    return False
                self._fd = fd
            return True
        if self._conn is not None:
            try:
                self._conn.execute(text("SELECT 1"))
                return True
            except Exception as exc:
                log.warning("outbox: its database connection was lost (%s); reconnecting",
                            type(getattr(exc, "orig", None) or exc).__name__)
                self.release()
        conn = self.db.engine.connect()
        got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": outbox.OUTBOX_LOCK}).scalar()
        conn.commit()
        if not got:
            conn.close()
            return False
        self._conn = conn
        return True

    def release(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:
                pass
            self._conn = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


@dataclass
class OutboxWorker:
    db: Database
    settings: outbox.OutboxSettings
    stop: threading.Event
    interval: float = 1.0
    passes: int = 0
    _recovered: bool = False
    _reconciled_at: float = 0.0
    _lock: _OutboxLock | None = field(default=None, repr=False)

    def run(self) -> None:
        import time

        delay = 1.0
        self._lock = _OutboxLock(self.db)
        waiting_said = False
        try:
            while not self.stop.is_set():
                try:
                    if not self._lock.acquire():
                        if not waiting_said:
                            log.warning("another gateway's outbox works on this workspace; this one waits")
                            waiting_said = True
                        self.stop.wait(10)
                        continue
                    if not self._recovered:
                        outbox.recover(self.db, self.settings)
                        self._recovered = True
                        self._reconciled_at = time.monotonic()
                    elif time.monotonic() - self._reconciled_at > RECONCILE_EVERY:
                        for row_id in outbox.pending_reconcile(self.db):
                            outbox.reconcile_one(self.db, self.settings, row_id)
                        self._reconciled_at = time.monotonic()
                    outbox.enqueue(self.db, self.settings)
                    while not self.stop.is_set() and outbox.send_one(self.db, self.settings) is not None:
                        pass
                    self.passes += 1
                    if delay > 1.0:
                        log.info("outbox: the workspace is back")
                    delay = 1.0
                    self.stop.wait(self.interval)
                except Exception as exc:
                    first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
                    log.warning("outbox: %s: %s; retrying in %.0f s", type(exc).__name__, first, delay)
                    self._lock.release()
                    if self.stop.wait(delay):
                        break
                    delay = min(delay * 2, BACKOFF_MAX)
        finally:
            self._lock.release()


@dataclass
class Gateway:
    cfg: GatewayConfig
    sink: imap_mod.Sink | None = None  # tests may give one; else the intake's
    parse: Callable | None = None
    stop: threading.Event = field(default_factory=threading.Event)
    db: Database | None = None
    pollers: list[imap_mod.FolderPoller] = field(default_factory=list)
    worker: OutboxWorker | None = None
    threads: list[threading.Thread] = field(default_factory=list)
    _http_server: object | None = None

    def start(self) -> None:
        check_secrets(self.cfg)
        self.db = db = open_workspace(self.cfg)
        settings = outbox_settings(self.cfg)
        if self.sink is None and (any(box.folders for box in self.cfg.mailboxes) or self.cfg.http_listen):
            self.sink = make_sink(db, self.cfg.reply_secret.get() if self.cfg.reply_secret else None)
        with self.db.session() as s:
            teams = [resolve_team(s, box.team) for box in self.cfg.mailboxes]
        sink = self.sink
        for box, team_id in zip(self.cfg.mailboxes, teams):
            for folder in box.folders:
                assert sink is not None
                p = imap_mod.FolderPoller(
                    db=db, settings=box, folder=folder, sink=sink, team_id=team_id, stop=self.stop,
                    find_ticket=lambda mid: outbox.find_outbound_ticket(db, mid),
                    on_bounce=lambda dsn: outbox.record_bounce(db, dsn))
                if self.parse is not None:
                    p.parse = self.parse
                self.pollers.append(p)
                self._thread(p.run, f"imap {box.folder_key(folder)}")
        if settings.channels():
            self.worker = OutboxWorker(self.db, settings, self.stop, self.cfg.outbox_interval)
            self._thread(self.worker.run, "outbox")
        if self.cfg.http_listen is not None:
            self._start_http()
        log.info("gateway running: %d folder(s), outbox %s, http %s", len(self.pollers),
                 "on" if self.worker else "off",
                 "{}:{}".format(*self.cfg.http_listen) if self.cfg.http_listen else "off")

    def _thread(self, target, name: str) -> None:
        t = threading.Thread(target=self._guard(target, name), name=name, daemon=True)
        t.start()
        self.threads.append(t)

    def _guard(self, target, name: str):
        """A part that raises (a bug) is logged and restarted; the gateway does not die of it."""
        def run() -> None:
            while not self.stop.is_set():
                try:
                    target()
                    return
                except Exception:
                    log.exception("%s stopped by an error; restarting it in 5 s", name)
                    self.stop.wait(5)
        return run

    def _start_http(self) -> None:
        """The webhook app (gateway/http.py ``make_app(config, sink, extra_routes)``), with
        the phone events' routes when the file configures them."""
        import uvicorn

        from agentdesk.gateway import http as http_mod
        from agentdesk.gateway import phone_hooks

        # The telephony system's call events, when the file has a [phone] table (docs/phone.md).
        # The intake's LocalSink/ServerSink: each part states its own narrower protocol of it.
        sink: Any = self.sink
        assert sink is not None
        phone = self.cfg.phone_secret
        extra = list(phone_hooks.routes(sink, {**self.cfg.raw["phone"], "secret": phone.get()})) if phone else []
        app = http_mod.make_app(self.cfg, sink, extra_routes=extra)
        assert self.cfg.http_listen is not None
        host, port = self.cfg.http_listen
        server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on",
                                               server_header=False, access_log=False))
        self._http_server = server
        self._thread(server.run, "http")

    def shutdown(self, timeout: float = 10.0) -> None:
        self.stop.set()
        if self._http_server is not None:
            self._http_server.should_exit = True  # type: ignore[attr-defined]
        for t in self.threads:
            t.join(timeout)
        if self.db is not None:
            self.db.dispose()
        log.info("gateway stopped")


def run(cfg: GatewayConfig) -> int:
    """Runs until SIGTERM or SIGINT; returns the exit code."""
    gw = Gateway(cfg)
    stop = gw.stop

    def on_signal(signum, _frame) -> None:
        log.info("gateway: %s, stopping", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    gw.start()
    print(f"agentdesk gateway running ({len(gw.pollers)} folder(s), outbox {'on' if gw.worker else 'off'}); "
          f"SIGTERM or Ctrl+C stops", flush=True)
    while not stop.wait(1.0):
        pass
    gw.shutdown()
    return 0

