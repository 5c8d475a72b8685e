"""`agentdesk gateway` as a process: its config refuses bad files with one line naming the
key; killed (SIGKILL) at each outbox state and started again, it loses no reply and sends
none twice without flagging it "unknown"; it outlives its database connections being cut;
SIGTERM stops it cleanly; its log holds no message body or address."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
import weakref
from pathlib import Path

import pytest
from sqlalchemy import select, text

from agentdesk import cli
from agentdesk.gateway import config as gw_config
from agentdesk.gateway import outbox
from agentdesk.models import Message, Outbound
from agentdesk.services import tickets
from agentdesk.services.common import current_agent
from tests import mailserver_support
from tests.factories import seed_small
from tests.fault_support import child_env
from tests.mailserver_support import PASSWORD, USER

dovecot, smtp_server, smtp = mailserver_support.dovecot, mailserver_support.smtp_server, mailserver_support.smtp
BODY = "고객님, 환불이 완료되었습니다. 카드번호 끝자리 1234로 입금됩니다."


def write_private(path: Path, content: str, mode: int = 0o600) -> Path:
    path.write_text(content, encoding="utf-8")
    os.chmod(path, mode)
    return path


def config_text(tmp_path: Path, db_url: str, smtp_port: int, imap_port: int | None, extra: str = "") -> str:
    secret = write_private(tmp_path / "reply.secret", "crash-test-secret\n")
    pw = write_private(tmp_path / "imap.password", PASSWORD + "\n")
    mailbox = f"""
[[mailbox]]
name = "support"
host = "127.0.0.1"
port = {imap_port}
tls = "none"
username = "{USER}"
password_file = "{pw}"
folders = []
sent_folder = "Sent"
""" if imap_port else ""
    return f"""
[workspace]
db = "{db_url}"

[mail]
support_address = "help@cards.example"
from_name = "카드 고객센터"
secret_file = "{secret}"
{mailbox}
[smtp]
host = "127.0.0.1"
port = {smtp_port}
tls = "none"
timeout = 5

[outbox]
interval = 0.05
retry_base = 0.2
{extra}"""


# --- the config file ---------------------------------------------------------------------
@pytest.mark.parametrize("body, key", [
    ("[workspace]\n", "workspace.db"),
    ('[workspace]\ndb = "x.db"\n[smtp]\nhost = "smtp.example.com"\n', "mail.support_address"),
    ('[workspace]\ndb = "x.db"\n[mail]\nsupport_address = "help@x.example"\nsecret_env = "S"\n'
     '[smtp]\nhost = "smtp.example.com"\ntls = "none"\n', "smtp.tls"),
    ('[workspace]\ndb = "x.db"\n[mail]\nsupport_address = "help@x.example"\nsecret_env = "S"\n'
     '[[mailbox]]\nhost = "imap.example.com"\nusername = "u"\nport = 99999\n', "mailbox[0].port"),
    ('[workspace]\ndb = "x.db"\n[mail]\nsupport_address = "help@x.example"\nsecret = "in the clear"\n'
     '[smtp]\nhost = "smtp.example.com"\n', "mail.secret"),
    ('[workspace]\ndb = "x.db"\n[mailbox]\nhost = 1\n', "mailbox"),
    ('[workspace]\ndb = "x.db"\n[smtps]\n', "smtps"),
    ("[workspace\n", "config.toml"),
])
def test_a_bad_config_is_one_line_naming_the_key(tmp_path, capsys, body, key):
    path = write_private(tmp_path / "config.toml", body, 0o644)
    with pytest.raises(gw_config.GatewayConfigError) as refused:
        gw_config.load(path)
    assert refused.value.key.endswith(key) and "\n" not in str(refused.value)
    assert cli.main(["gateway", "--config", str(path), "--check"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("agentdesk: error: gateway config: ") and key in err and len(err.splitlines()) == 1


def test_secrets_come_from_private_files_the_keyring_or_a_token_command(tmp_path, monkeypatch):
    secret = write_private(tmp_path / "s", "k\n", 0o644)
    path = write_private(tmp_path / "c.toml", f"""[workspace]\ndb = "x.db"\n
[mail]\nsupport_address = "help@x.example"\nsecret_file = "{secret}"\n
[smtp]\nhost = "smtp.example.com"\nusername = "help@x.example"\nauth = "xoauth2"\ntoken_command = "echo tok-123"\n""")
    cfg = gw_config.load(path)
    with pytest.raises(gw_config.GatewayConfigError, match="may be read by others"):
        gw_config.check_secrets(cfg)
    os.chmod(secret, 0o600)
    gw_config.check_secrets(cfg)
    assert cfg.smtp is not None and cfg.smtp.secret is not None and cfg.smtp.secret() == "tok-123"
    assert cfg.reply_secret is not None and cfg.reply_secret.get() == "k"
    # A password in the file itself is taken only from a 0600 file; none given: the keyring.
    inline = write_private(tmp_path / "i.toml", '[workspace]\ndb = "x.db"\n[mail]\nsupport_address = "h@x.example"\n'
                                                'secret = "abc"\n[smtp]\nhost = "smtp.example.com"\nusername = "u"\n')
    cfg = gw_config.load(inline)
    assert cfg.reply_secret.get() == "abc"
    assert cfg.secrets()[1].keyring_key == "u@smtp.example.com"


# --- the process ---------------------------------------------------------------------------
def _reap(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)


class Gateway:
    def __init__(self, tmp_path: Path, cfg: str, pause: str = ""):
        self.cfg = write_private(tmp_path / "gateway.toml", cfg)
        self.marker = tmp_path / f"paused-{uuid.uuid4().hex[:6]}"
        self.log_path = tmp_path / f"gateway-{uuid.uuid4().hex[:6]}.log"
        self.log = open(self.log_path, "ab")
        env = child_env(**({outbox.TEST_PAUSE_ENV: f"{pause}:{self.marker}"} if pause else {}))
        env.pop(outbox.TEST_PAUSE_ENV, None) if not pause else None
        self.proc = subprocess.Popen([sys.executable, "-m", "agentdesk", "gateway", "--config", str(self.cfg)],
                                     env=env, stdout=self.log, stderr=self.log, start_new_session=True)
        # In its own session, it would outlive a test that failed before killing it (and
        # the pytest worker): reaped when this object goes, or at exit.
        weakref.finalize(self, _reap, self.proc)

    def wait_ready(self, timeout: float = 15) -> None:
        """Until it says it runs (its signal handlers are in place)."""
        deadline = time.monotonic() + timeout
        while b"agentdesk gateway running" not in self.log_path.read_bytes():
            assert self.proc.poll() is None, "the gateway exited"
            assert time.monotonic() < deadline, "the gateway never said it runs"
            time.sleep(0.02)

    def wait_paused(self, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while not self.marker.exists():
            assert self.proc.poll() is None, "the gateway exited"
            assert time.monotonic() < deadline, "the gateway never reached the pause"
            time.sleep(0.02)

    def kill(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)
        self.log.close()

    def terminate(self) -> int:
        self.wait_ready()
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(15)
        self.log.close()
        return code


def first_ran_long_ago(db) -> None:
    """The gateway first ran before the replies of the test were written (replies older
    than its first start are history, never sent)."""
    with db.session() as s:
        s.execute(text("INSERT INTO workspace_settings (key, value) VALUES (:k, :v)"),
                  {"k": outbox.SINCE_KEY, "v": "2000-01-01T00:00:00+00:00"})


def _reply(db) -> uuid.UUID:
    ids = seed_small(db)
    with db.session() as s:
        return tickets.add_message(s, ids["t2"], current_agent(s), BODY).id


def _wait_state(db, message_id, states, timeout=15.0) -> Outbound:
    deadline = time.monotonic() + timeout
    while True:
        with db.session() as s:
            row = s.scalars(select(Outbound).where(Outbound.message_id == message_id)).first()
            if row is not None and row.state in states:
                s.expunge(row)
                return row
        assert time.monotonic() < deadline, f"still {row.state if row else 'not queued'}"
        time.sleep(0.05)


@pytest.mark.parametrize("point, final, delivered", [
    ("queued", "sent", 1),
    ("sending", "sent", 1),
    ("data_started", "unknown", 0),  # killed before DATA: not in Sent, so the agent is told
    ("data_done", "sent", 1),  # the server had it and filed it in Sent: reconciled, not resent
    ("sent", "sent", 1),
])
def test_killed_at_each_outbox_state_loses_nothing_and_sends_nothing_twice(
        tmp_path, sqlite_db, dovecot, smtp, point, final, delivered):
    # A server that files what it accepts in the Sent folder (as Gmail and Exchange do).
    smtp.recorder.on_delivery = lambda data: dovecot.append("Sent", data)
    cfg = config_text(tmp_path, sqlite_db.url, smtp.port, dovecot.port)
    first_ran_long_ago(sqlite_db)
    mid = _reply(sqlite_db)
    first = Gateway(tmp_path, cfg, pause=point)
    first.wait_paused()
    first.kill()
    header = _wait_state(sqlite_db, mid, outbox.STATES).message_id_header
    second = Gateway(tmp_path, cfg)
    try:
        row = _wait_state(sqlite_db, mid, ("sent", "unknown", "failed"))
        time.sleep(0.3)  # a few more passes: nothing more goes out
    finally:
        assert second.terminate() == 0  # SIGTERM: a clean stop
    assert row.state == final
    assert smtp.recorder.count(header) == delivered
    with sqlite_db.session() as s:
        assert s.scalar(select(Message.delivery).where(Message.id == mid)) == final
    log = b"".join(p.read_bytes() for p in tmp_path.glob("gateway-*.log")).decode("utf-8", "replace")
    assert "환불" not in log and "younghee" not in log.lower()  # no bodies, no addresses


def test_the_gateway_outlives_its_database_connections_being_cut(tmp_path, pg_db, smtp):
    cfg = config_text(tmp_path, pg_db.url, smtp.port, None)
    first_ran_long_ago(pg_db)
    gw = Gateway(tmp_path, cfg)
    try:
        first = _reply(pg_db)
        _wait_state(pg_db, first, ("sent",))
        name = pg_db.engine.url.database
        with pg_db.engine.connect() as conn:  # the database goes away under it
            cut = conn.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                    "WHERE datname = :d AND pid <> pg_backend_pid()"), {"d": name}).scalar()
        assert cut >= 1
        with pg_db.session() as s:
            second = tickets.add_message(s, tickets.resolve_ticket(s, _number(s)).number, current_agent(s),
                                         "두 번째 답장입니다.").id
        _wait_state(pg_db, second, ("sent",), timeout=20)
        assert gw.proc.poll() is None
        # The loss is said either way: by the outbox lock's own check of its connection, or,
        # when a pooled connection meets the cut first, as a retried pass and its recovery
        # (which of the two comes first is the scheduler's choice: CI saw both).
        log = gw.log_path.read_bytes()
        assert (b"database connection was lost" in log
                or (b"; retrying in" in log and b"the workspace is back" in log)), log
    finally:
        assert gw.terminate() == 0
    assert smtp.recorder.count() == 2


def _number(session) -> int:
    from agentdesk.models import Ticket

    return session.scalar(select(Ticket.number).where(Ticket.channel == "email"))


def test_status_and_resend_from_the_command_line(tmp_path, sqlite_db, smtp, capsys):
    import json

    cfg = write_private(tmp_path / "g.toml", config_text(tmp_path, sqlite_db.url, smtp.port, None))
    first_ran_long_ago(sqlite_db)
    mid = _reply(sqlite_db)
    st = outbox.OutboxSettings(mail=None)
    assert outbox.enqueue(sqlite_db, st) == 0  # no channel to send on: nothing queued
    from agentdesk.gateway.main import outbox_settings

    settings = outbox_settings(gw_config.load(cfg))
    settings.sent_lookup = lambda _mid: False
    outbox.enqueue(sqlite_db, settings)
    with sqlite_db.session() as s:
        s.execute(text("UPDATE outbound SET state = 'data_started'"))
    outbox.recover(sqlite_db, settings)
    assert cli.main(["gateway", "--config", str(cfg), "--status"]) == 0
    assert json.loads(capsys.readouterr().out) == {"outbox": {"unknown": 1}, "failed_mail": 0}
    assert cli.main(["gateway", "--config", str(cfg), "--resend", str(mid)]) == 0
    assert cli.main(["gateway", "--config", str(cfg), "--resend", str(mid)]) == 1  # queued already
    assert "no unknown or failed delivery" in capsys.readouterr().err
    assert outbox.send_one(sqlite_db, settings) == "sent" and smtp.recorder.count() == 1


def test_an_agents_replica_is_refused(tmp_path, sqlite_db):
    from agentdesk.gateway.main import open_workspace

    with sqlite_db.session() as s:  # what a team desk's first sync leaves
        s.execute(text("INSERT INTO sync_state (key, value) VALUES ('epoch', :e)"), {"e": str(uuid.uuid4())})
    cfg = gw_config.load(write_private(tmp_path / "g.toml", f'[workspace]\ndb = "{sqlite_db.url}"\n'
                                                            '[http]\nlisten = "127.0.0.1:8025"\n'))
    with pytest.raises(gw_config.GatewayConfigError, match="an agent's replica of a team workspace"):
        open_workspace(cfg)


@pytest.mark.parametrize("make", ["missing", "empty file"])
def test_a_mistyped_workspace_path_is_refused_not_created(tmp_path, capsys, make):
    """A typo in workspace.db once made a new, empty workspace (its folder too): --check
    said ok, --status and the gateway itself created it and took mail in there."""
    from agentdesk.gateway.main import open_workspace

    path = tmp_path / "typo" / "agentdsk.db"
    if make == "empty file":
        path.parent.mkdir()
        path.touch()
    cfg_path = write_private(tmp_path / "g.toml", f'[workspace]\ndb = "{path}"\n[http]\nlisten = "127.0.0.1:8025"\n')
    for what in ("--check", "--status"):
        assert cli.main(["gateway", "--config", str(cfg_path), what]) == 1
        err = capsys.readouterr().err.strip()
        assert err.startswith("agentdesk: error: gateway config: workspace.db: no workspace at") and "\n" not in err
    with pytest.raises(gw_config.GatewayConfigError, match="no workspace at"):
        open_workspace(gw_config.load(cfg_path))
    assert path.exists() == (make == "empty file") and (not path.exists() or path.stat().st_size == 0)


def test_the_outbox_and_a_poller_outlive_a_locked_sqlite_workspace(tmp_path, sqlite_db, smtp, dovecot, caplog):
    """Another process holds the workspace's write lock past the busy timeout: both parts
    log it, back off, and carry on when it is released (nothing lost, nothing skipped)."""
    import sqlite3
    import threading

    from sqlalchemy import event

    from agentdesk.db import open_database
    from agentdesk.gateway import imap
    from agentdesk.gateway.main import OutboxWorker, outbox_settings
    from tests.test_gateway_imap import RecordingSink, mail, parse

    first_ran_long_ago(sqlite_db)
    mid = _reply(sqlite_db)
    db = open_database(sqlite_db.url)
    # The app waits 5 s for a lock; here 0.1 s, so the wait runs out within the test.
    event.listen(db.engine, "connect", lambda conn, _r: conn.execute("PRAGMA busy_timeout=100"))
    cfg = gw_config.load(write_private(tmp_path / "g.toml", config_text(tmp_path, db.url, smtp.port, dovecot.port)))
    stop = threading.Event()
    worker = OutboxWorker(db, outbox_settings(cfg), stop, interval=0.05)
    folder = f"L{uuid.uuid4().hex[:8]}"
    c = dovecot.client()
    c.create_folder(folder)
    c.logout()
    sink = RecordingSink()
    poller = imap.FolderPoller(db=db, settings=cfg.mailboxes[0], folder=folder, sink=sink, parse=parse, stop=stop)
    locker = sqlite3.connect(str(sqlite_db.engine.url.database), isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    threads = [threading.Thread(target=t, daemon=True) for t in (worker.run, poller.run)]
    with caplog.at_level("WARNING", logger="agentdesk.gateway"):
        for t in threads:
            t.start()
        dovecot.append(folder, mail("locked"))
        time.sleep(0.8)
        assert smtp.recorder.count() == 0 and not sink.got
        locker.execute("ROLLBACK")
        locker.close()
        try:
            _wait_state(sqlite_db, mid, ("sent",), timeout=10)
            deadline = time.monotonic() + 10
            while not sink.got:
                assert time.monotonic() < deadline
                time.sleep(0.05)
        finally:
            stop.set()
            for t in threads:
                t.join(5)
    assert smtp.recorder.count() == 1 and sink.got[0].external_id.startswith("mlocked")
    said = " ".join(r.getMessage() for r in caplog.records)
    assert "database is locked" in said and "retrying" in said
    db.dispose()


def test_a_password_from_the_os_keyring(tmp_path):
    import keyring
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self):
            super().__init__()
            self.kept: dict = {}

        def get_password(self, service, username):
            return self.kept.get((service, username))

        def set_password(self, service, username, password):
            self.kept[(service, username)] = password

        def delete_password(self, service, username):
            self.kept.pop((service, username), None)

    cfg = gw_config.load(write_private(tmp_path / "k.toml", '[workspace]\ndb = "x.db"\n[mail]\nsupport_address = '
                                                            '"help@x.example"\nsecret_env = "GW_TEST_SECRET"\n[smtp]\n'
                                                            'host = "smtp.example.com"\nusername = "help@x.example"\n'))
    before = keyring.get_keyring()
    keyring.set_keyring(Memory())
    try:
        with pytest.raises(gw_config.GatewayConfigError,
                           match="smtp.password: nothing in the keyring for help@x.example@smtp.example.com: "
                                 "keyring set agentdesk-gateway help@x.example@smtp.example.com"):
            cfg.smtp.secret()
        keyring.set_password("agentdesk-gateway", "help@x.example@smtp.example.com", "pw-from-keyring")
        assert cfg.smtp.secret() == "pw-from-keyring"
    finally:
        keyring.set_keyring(before)
