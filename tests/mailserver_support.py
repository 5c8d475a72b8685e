"""Real mail servers for the gateway's tests (issue 14): a private Dovecot (IMAP, IDLE,
UIDVALIDITY) and an aiosmtpd SMTP server that records what it was given and can be told to
refuse, defer or hang.

Dovecot runs as `dovecot -F -c <temp config>` on 127.0.0.1 and a free port, with a
temporary Maildir and a passwd-file with a test password; its mail processes run as the
unprivileged ``nobody`` (its login processes as ``dovenull``) when the tests run as root,
as the current user otherwise. Started once per test session (about 0.3 s). Absent
Dovecot skips the tests, except with CI=true, where it fails them (as PostgreSQL does).
"""

from __future__ import annotations

import asyncio
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field

import pytest

DOVECOT = shutil.which("dovecot") or ("/usr/sbin/dovecot" if os.path.exists("/usr/sbin/dovecot") else None)
USER = "support"
PASSWORD = "test-pass-1234"


def require_dovecot() -> str:
    if DOVECOT is None:
        if os.environ.get("CI") == "true":
            pytest.fail("dovecot is not installed (CI installs dovecot-imapd)")
        pytest.skip("dovecot is not installed")
    return DOVECOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


def _users() -> tuple[str, str, str, int, int]:
    """(internal user, its group, login user, mail uid, mail gid)."""
    if os.geteuid() != 0:
        me = pwd.getpwuid(os.getuid())
        import grp

        group = grp.getgrgid(me.pw_gid).gr_name
        return me.pw_name, group, me.pw_name, me.pw_uid, me.pw_gid
    nobody = pwd.getpwnam("nobody")
    import grp

    group = grp.getgrgid(nobody.pw_gid).gr_name
    try:
        login = pwd.getpwnam("dovenull").pw_name
    except KeyError:
        login = "nobody"
    return "nobody", group, login, nobody.pw_uid, nobody.pw_gid


@dataclass
class Dovecot:
    root: str
    port: int = 0
    proc: subprocess.Popen | None = None

    @property
    def conf(self) -> str:
        return os.path.join(self.root, "dovecot.conf")

    def write_config(self) -> None:
        internal, group, login, uid, gid = _users()
        home = os.path.join(self.root, "mail", USER)
        os.makedirs(home, exist_ok=True)
        for d in (os.path.join(self.root, "mail"), home):
            os.chown(d, uid, gid) if os.geteuid() == 0 else None
        with open(os.path.join(self.root, "passwd"), "w") as f:
            f.write(f"{USER}:{{PLAIN}}{PASSWORD}:{uid}:{gid}::{home}\n")
        os.chmod(os.path.join(self.root, "passwd"), 0o644)
        os.makedirs(os.path.join(self.root, "base"), exist_ok=True)
        os.makedirs(os.path.join(self.root, "state"), exist_ok=True)
        with open(self.conf, "w") as f:
            f.write(f"""
protocols = imap
listen = 127.0.0.1
base_dir = {self.root}/base
state_dir = {self.root}/state
instance_name = agentdesk-test-{os.getpid()}-{self.port}
default_internal_user = {internal}
default_internal_group = {group}
default_login_user = {login}
log_path = {self.root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.root}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {self.root}/passwd
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
namespace inbox {{
  inbox = yes
  mailbox Sent {{
    special_use = \\Sent
    auto = subscribe
  }}
  mailbox Support {{
    auto = subscribe
  }}
}}
protocol imap {{
  mail_max_userip_connections = 200
}}
""")

    def start(self) -> None:
        if not self.port:
            self.port = free_port()
        self.write_config()
        self.proc = subprocess.Popen([require_dovecot(), "-F", "-c", self.conf], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        _wait_port(self.port)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc = None
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:  # its listener goes with its children
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.1):
                    time.sleep(0.05)
            except OSError:
                return

    def client(self):
        from imapclient import IMAPClient

        c = IMAPClient("127.0.0.1", self.port, ssl=False, timeout=10)
        c.login(USER, PASSWORD)
        return c

    def append(self, folder: str, raw: bytes, *, flags=()) -> None:
        c = self.client()
        try:
            c.append(folder, raw, flags=flags)
        finally:
            c.logout()

    def recreate(self, folder: str) -> None:
        """DELETE and CREATE: the folder gets a new UIDVALIDITY."""
        c = self.client()
        try:
            c.delete_folder(folder)
            c.create_folder(folder)
            c.subscribe_folder(folder)
        finally:
            c.logout()

    def clear(self, folder: str) -> None:
        c = self.client()
        try:
            c.select_folder(folder)
            uids = c.search(["ALL"])
            if uids:
                c.delete_messages(uids)
                c.expunge()
        finally:
            c.logout()


@pytest.fixture(scope="session")
def dovecot():
    require_dovecot()
    root = tempfile.mkdtemp(prefix="agentdesk-dovecot-")
    os.chmod(root, 0o755)  # the unprivileged mail user walks into its Maildir
    server = Dovecot(root)
    server.start()
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


# --- SMTP -------------------------------------------------------------------------------
@dataclass
class Delivery:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes


@dataclass
class SmtpRecorder:
    """aiosmtpd handler: records deliveries; ``mode`` says what the next ones get."""

    deliveries: list[Delivery] = field(default_factory=list)
    mode: str = "ok"  # ok / defer (451) / refuse (550) / refuse_rcpt (550 at RCPT) / hang
    hang_seconds: float = 3.0
    # Called with each accepted mail (a server that files sent mail: Gmail, Exchange).
    on_delivery: object = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.mode == "refuse_rcpt":
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.mode == "defer":
            return "451 4.3.0 Try again later"
        if self.mode == "refuse":
            return "554 5.7.1 Message rejected as spam"
        if self.mode == "hang":
            # Took it, but the reply never reaches the client (it times out first).
            with self.lock:
                self.deliveries.append(Delivery(envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
            await asyncio.sleep(self.hang_seconds)
            return "250 OK (too late)"
        with self.lock:
            self.deliveries.append(Delivery(envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        if callable(self.on_delivery):
            await asyncio.get_running_loop().run_in_executor(None, self.on_delivery, envelope.content)
        return "250 2.0.0 OK queued"

    def count(self, message_id: str | None = None) -> int:
        with self.lock:
            if message_id is None:
                return len(self.deliveries)
            return sum(1 for d in self.deliveries if message_id.encode() in d.data)


@dataclass
class Smtp:
    port: int
    recorder: SmtpRecorder
    controller: object


@pytest.fixture(scope="module")
def smtp_server():
    from aiosmtpd.controller import Controller

    recorder = SmtpRecorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    yield Smtp(port, recorder, controller)
    controller.stop()


@pytest.fixture
def smtp(smtp_server):
    """The module's SMTP server, reset for one test."""
    rec = smtp_server.recorder
    with rec.lock:
        rec.deliveries.clear()
    rec.mode, rec.on_delivery, rec.hang_seconds = "ok", None, 3.0
    return smtp_server
