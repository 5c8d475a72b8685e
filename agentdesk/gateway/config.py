"""The gateway's configuration file (issue 14; docs/gateway.md has a whole example).

    agentdesk gateway --config /etc/agentdesk/gateway.toml

TOML, read with tomllib::

    [workspace]
    db = "postgresql://agentdesk@db.example/agentdesk"   # the team database, as its owner
    # db = "/srv/agentdesk/desk.db"                      # or an embedded (one-person) workspace

    [mail]
    support_address = "help@cards.example"
    from_name = "카드 고객센터"
    secret_file = "/etc/agentdesk/reply-token.secret"  # the reply-token secret (or secret_env, or the keyring)

    [[mailbox]]
    name = "support"
    host = "imap.example.com"   # port 993, tls = "tls" by default
    username = "help@cards.example"
    folders = ["INBOX"]
    sent_folder = "Sent"
    team = "카드상담팀"          # the team whose queue new tickets join (name or id)
    auth = "password"           # password (keyring by default) | xoauth2 (token_command / token_file)

    [smtp]
    host = "smtp.example.com"   # port 587, tls = "starttls" by default
    username = "help@cards.example"
    append_to_sent = false      # true when the server does not file sent mail itself

    [http]
    listen = "127.0.0.1:8025"   # the webhook endpoints ([[webhook]] tables: gateway/webhook_config.py)

Secrets are never needed in the file: a password or token comes from the OS keyring
(service ``agentdesk-gateway``, key ``user@host``), from ``*_env`` (an environment variable)
or ``*_file`` (a file only the gateway's user may read: mode 0600 or stricter, checked),
or for XOAUTH2 from ``token_command`` (its standard output) or ``token_file``. A secret
written in the file itself (``password = …``, ``secret = …``) is accepted only when the
config file is 0600 too.

A bad file is refused with one line that names the key (``GatewayConfigError``).
"""

from __future__ import annotations

import os
import shlex
import stat
import subprocess
import threading
import time
import tomllib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import imap as imap_mod
from . import smtp as smtp_mod

KEYRING_SERVICE = "agentdesk-gateway"
TOKEN_TTL = 300.0  # seconds a token command's answer is reused
TOKEN_COMMAND_TIMEOUT = 30.0


class GatewayConfigError(ValueError):
    """One line naming the key and what is wrong with it."""

    def __init__(self, key: str, problem: str):
        super().__init__(f"gateway config: {key}: {problem}")
        self.key = key


# --- secrets ---------------------------------------------------------------------------
def check_private_file(path: Path, key: str) -> None:
    try:
        st = path.stat()
    except OSError as exc:
        raise GatewayConfigError(key, f"cannot read {path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise GatewayConfigError(key, f"{path} is not a file")
    if st.st_mode & 0o077:
        raise GatewayConfigError(key, f"{path} may be read by others (mode {stat.S_IMODE(st.st_mode):04o}); "
                                      f"chmod 600 it")
    if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
        raise GatewayConfigError(key, f"{path} belongs to another user")


@dataclass
class Secret:
    """Where one password, token or key comes from; ``get()`` reads it (each time, except a
    token command's answer, reused for TOKEN_TTL)."""

    key: str  # the config key it was given under, for error lines
    env: str = ""
    file: str = ""
    command: str = ""
    keyring_key: str = ""  # user@host in the keyring service
    inline: str = ""
    _cached: tuple[float, str] | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def get(self) -> str:
        if self.inline:
            return self.inline
        if self.env:
            value = os.environ.get(self.env, "")
            if not value:
                raise GatewayConfigError(self.key, f"the environment variable {self.env} is empty or not set")
            return value
        if self.file:
            path = Path(self.file).expanduser()
            check_private_file(path, self.key)
            value = path.read_text(encoding="utf-8").strip()
            if not value:
                raise GatewayConfigError(self.key, f"{path} is empty")
            return value
        if self.command:
            return self._from_command()
        return self._from_keyring()

    def _from_command(self) -> str:
        with self._lock:
            now = time.monotonic()
            if self._cached and now - self._cached[0] < TOKEN_TTL:
                return self._cached[1]
            try:
                out = subprocess.run(shlex.split(self.command), capture_output=True, timeout=TOKEN_COMMAND_TIMEOUT,
                                     check=False)
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise GatewayConfigError(self.key, f"the token command failed: {exc}") from None
            value = out.stdout.decode("utf-8", "replace").strip()
            if out.returncode != 0 or not value:
                raise GatewayConfigError(self.key, f"the token command exited {out.returncode} "
                                                   f"without a token")
            self._cached = (now, value)
            return value

    def _from_keyring(self) -> str:
        try:
            import keyring
            from keyring.errors import KeyringError
        except ImportError:
            raise GatewayConfigError(self.key, "no keyring here; give *_file or *_env") from None
        try:
            value = keyring.get_password(KEYRING_SERVICE, self.keyring_key)
        except KeyringError as exc:
            raise GatewayConfigError(self.key, f"the keyring cannot be read ({exc}); give *_file or *_env "
                                               f"on a headless server") from None
        if not value:
            raise GatewayConfigError(self.key, f"nothing in the keyring for {self.keyring_key}: "
                                               f"keyring set {KEYRING_SERVICE} {self.keyring_key}")
        return value


# --- the file --------------------------------------------------------------------------
@dataclass
class GatewayConfig:
    path: Path
    db: str
    support_address: str = ""
    from_name: str = ""
    reply_secret: Secret | None = None
    mailboxes: list[imap_mod.ImapSettings] = field(default_factory=list)
    mailbox_names: list[str] = field(default_factory=list)
    smtp: smtp_mod.SmtpSettings | None = None
    append_to_sent: bool = False
    sent_mailbox: str = ""  # the [[mailbox]] whose Sent folder the outbox reads and files in
    retry_base: float = 60.0
    max_attempts: int = 12
    outbox_interval: float = 1.0  # seconds between looks for new replies
    http_listen: tuple[str, int] | None = None
    webhooks: list[dict] = field(default_factory=list)  # [[webhook]] tables, for gateway/http.py
    phone_secret: Secret | None = None  # [phone]: the call events' Standard Webhooks secret (docs/phone.md)
    raw: dict = field(default_factory=dict)  # the whole file, for other parts' own tables

    def secrets(self) -> list[Secret]:
        found = [self.reply_secret] if self.reply_secret else []
        return found + [s for s in self._conn_secrets if s is not None]

    _conn_secrets: list[Secret | None] = field(default_factory=list, repr=False)

    def sent_settings(self) -> imap_mod.ImapSettings | None:
        if not self.mailboxes:
            return None
        if self.sent_mailbox and self.sent_mailbox in self.mailbox_names:
            return self.mailboxes[self.mailbox_names.index(self.sent_mailbox)]
        return self.mailboxes[0]


def _table(d: Mapping, key: str, where: str = "") -> dict:
    value = d.get(key, {})
    if not isinstance(value, dict):
        raise GatewayConfigError(where + key, "must be a table")
    return value


def _str(d: Mapping, key: str, where: str, default: str | None = None) -> str:
    value = d.get(key, default)
    if value is None:
        raise GatewayConfigError(where + key, "is required")
    if not isinstance(value, str):
        raise GatewayConfigError(where + key, "must be a string")
    return value.strip()


def _int(d: Mapping, key: str, where: str, default: int, low: int, high: int) -> int:
    value = d.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise GatewayConfigError(where + key, f"must be a whole number from {low} to {high}")
    return value


def _num(d: Mapping, key: str, where: str, default: float, low: float, high: float) -> float:
    value = d.get(key, default)
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not low <= value <= high:
        raise GatewayConfigError(where + key, f"must be a number from {low:g} to {high:g}")
    return float(value)


def _bool(d: Mapping, key: str, where: str, default: bool) -> bool:
    value = d.get(key, default)
    if not isinstance(value, bool):
        raise GatewayConfigError(where + key, "must be true or false")
    return value


def _choice(d: Mapping, key: str, where: str, default: str, choices: tuple[str, ...]) -> str:
    value = _str(d, key, where, default)
    if value not in choices:
        raise GatewayConfigError(where + key, f"must be one of {', '.join(choices)}, not {value!r}")
    return value


def _address(d: Mapping, key: str, where: str, default: str | None = None) -> str:
    value = _str(d, key, where, default)
    local, at, domain = value.rpartition("@")
    if not local or not at or "." not in domain or any(ch.isspace() or ch in "<>," for ch in value):
        raise GatewayConfigError(where + key, f"is not a mail address: {value!r}")
    return value


def _secret(d: Mapping, where: str, stem: str, *, keyring_key: str, file_private: bool,
            allow_command: bool = False) -> Secret:
    """``<stem>`` (inline), ``<stem>_env``, ``<stem>_file``, ``token_command``; else the keyring."""
    given = [k for k in (stem, f"{stem}_env", f"{stem}_file", *(("token_command",) if allow_command else ()))
             if d.get(k) not in (None, "")]
    if len(given) > 1:
        raise GatewayConfigError(where + given[1], f"give one of {', '.join(given)}")
    key = where + (given[0] if given else stem)
    if given and not isinstance(d[given[0]], str):
        raise GatewayConfigError(key, "must be a string")
    if stem in given and not file_private:
        raise GatewayConfigError(key, "a secret written in the config file needs the file to be mode 0600; "
                                      f"or use {stem}_file / {stem}_env / the keyring")
    return Secret(key=key, inline=d.get(stem, "") if stem in given else "",
                  env=d.get(f"{stem}_env", "") or "", file=d.get(f"{stem}_file", "") or "",
                  command=d.get("token_command", "") if allow_command else "", keyring_key=keyring_key)


def _conn_secret(d: Mapping, where: str, auth: str, username: str, host: str, file_private: bool) -> Secret | None:
    if auth == "none":
        return None
    if auth == "xoauth2":
        return _secret(d, where, "token", keyring_key=f"{username}@{host}", file_private=file_private,
                       allow_command=True)
    return _secret(d, where, "password", keyring_key=f"{username}@{host}", file_private=file_private)


def _listen(value: str, key: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise GatewayConfigError(key, f"wants HOST:PORT, not {value!r}")
    return host.strip("[]") or "127.0.0.1", int(port)


def _mailbox(d: Mapping, n: int, file_private: bool, names: set[str]) -> tuple[str, imap_mod.ImapSettings, Secret | None]:
    where = f"mailbox[{n}]."
    name = _str(d, "name", where, f"mailbox{n}")
    if name in names:
        raise GatewayConfigError(where + "name", f"{name!r} is given twice")
    host = _str(d, "host", where)
    if not host:
        raise GatewayConfigError(where + "host", "is required")
    tls = _choice(d, "tls", where, "tls", imap_mod.TLS_MODES)
    port = _int(d, "port", where, 993 if tls == "tls" else 143, 1, 65535)
    if tls == "none" and host not in ("127.0.0.1", "::1", "localhost"):
        raise GatewayConfigError(where + "tls", "\"none\" only to 127.0.0.1 (a password would cross the network "
                                                "in the clear)")
    username = _str(d, "username", where)
    auth = _choice(d, "auth", where, "password", ("password", "xoauth2"))
    folders = d.get("folders", ["INBOX"])
    # [] watches nothing: a mailbox only for the outbox's Sent folder.
    if (not isinstance(folders, list) or not all(isinstance(f, str) and f.strip() for f in folders)
            or len(set(folders)) != len(folders)):
        raise GatewayConfigError(where + "folders", "must be a list of different folder names")
    secret = _conn_secret(d, where, auth, username, host, file_private)
    settings = imap_mod.ImapSettings(
        host=host, port=port, tls=tls, username=username, auth=auth, secret=secret.get if secret else None,
        folders=tuple(f.strip() for f in folders), sent_folder=_str(d, "sent_folder", where, "Sent"),
        team=_str(d, "team", where, ""), timeout=_num(d, "timeout", where, 60, 1, 600),
        idle_renew=_num(d, "idle_renew", where, imap_mod.IDLE_RENEW, 1, 29 * 60),
        poll_interval=_num(d, "poll_interval", where, 60, 0.1, 3600),
        verify_tls=_bool(d, "verify_tls", where, True))
    return name, settings, secret


def load(path: str | os.PathLike) -> GatewayConfig:
    p = Path(path).expanduser()
    try:
        st = p.stat()
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GatewayConfigError(str(p), f"cannot read it: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise GatewayConfigError(str(p), "is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise GatewayConfigError(str(p), f"is not valid TOML: {exc}") from None
    file_private = not st.st_mode & 0o077
    known = {"workspace", "mail", "mailbox", "smtp", "outbox", "http", "webhook", "phone"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise GatewayConfigError(unknown[0], f"is not a gateway setting (known: {', '.join(sorted(known))})")

    ws = _table(data, "workspace")
    db = _str(ws, "db", "workspace.")
    if not db:
        raise GatewayConfigError("workspace.db", "is required (an SQLite path or a postgresql:// URL)")
    from agentdesk.config import resolve_url

    try:
        db = resolve_url(db)
    except ValueError as exc:
        raise GatewayConfigError("workspace.db", str(exc)) from None

    cfg = GatewayConfig(path=p, db=db, raw=data)
    mail = _table(data, "mail")
    boxes = data.get("mailbox", [])
    if not isinstance(boxes, list) or not all(isinstance(b, dict) for b in boxes):
        raise GatewayConfigError("mailbox", "must be [[mailbox]] tables")
    smtp_t = _table(data, "smtp")
    if boxes or smtp_t:
        cfg.support_address = _address(mail, "support_address", "mail.")
        cfg.from_name = _str(mail, "from_name", "mail.", "")
        cfg.reply_secret = _secret(mail, "mail.", "secret", keyring_key=f"reply-token@{cfg.support_address}",
                                   file_private=file_private)
    names: set[str] = set()
    for n, box in enumerate(boxes):
        name, settings, secret = _mailbox(box, n, file_private, names)
        names.add(name)
        cfg.mailbox_names.append(name)
        cfg.mailboxes.append(settings)
        cfg._conn_secrets.append(secret)
    if smtp_t:
        where = "smtp."
        host = _str(smtp_t, "host", where)
        tls = _choice(smtp_t, "tls", where, "starttls", smtp_mod.TLS_MODES)
        if tls == "none" and host not in ("127.0.0.1", "::1", "localhost"):
            raise GatewayConfigError(where + "tls", "\"none\" only to 127.0.0.1")
        auth = _choice(smtp_t, "auth", where, "password" if smtp_t.get("username") else "none",
                       ("password", "xoauth2", "none"))
        username = _str(smtp_t, "username", where, "")
        if auth != "none" and not username:
            raise GatewayConfigError(where + "username", f"is required with auth = {auth!r}")
        secret = _conn_secret(smtp_t, where, auth, username, host, file_private)
        cfg._conn_secrets.append(secret)
        cfg.smtp = smtp_mod.SmtpSettings(
            host=host, port=_int(smtp_t, "port", where, 465 if tls == "tls" else 587, 1, 65535), tls=tls,
            username=username, auth=auth, secret=secret.get if secret else None,
            timeout=_num(smtp_t, "timeout", where, 60, 1, 600), verify_tls=_bool(smtp_t, "verify_tls", where, True))
        cfg.append_to_sent = _bool(smtp_t, "append_to_sent", where, False)
        cfg.sent_mailbox = _str(smtp_t, "sent_mailbox", where, "")
        if cfg.sent_mailbox and cfg.sent_mailbox not in names:
            raise GatewayConfigError(where + "sent_mailbox", f"names no [[mailbox]] ({cfg.sent_mailbox!r})")
    out = _table(data, "outbox")
    cfg.retry_base = _num(out, "retry_base", "outbox.", 60, 0, 3600)
    cfg.max_attempts = _int(out, "max_attempts", "outbox.", 12, 1, 100)
    cfg.outbox_interval = _num(out, "interval", "outbox.", 1.0, 0.05, 60)
    http = _table(data, "http")
    if http:
        cfg.http_listen = _listen(_str(http, "listen", "http."), "http.listen")
    hooks = data.get("webhook", [])
    if not isinstance(hooks, list) or not all(isinstance(h, dict) for h in hooks):
        raise GatewayConfigError("webhook", "must be [[webhook]] tables")
    cfg.webhooks = hooks
    if "phone" in data:
        phone = _table(data, "phone")
        if not http:
            raise GatewayConfigError("phone", "needs [http]: call events come to its /hooks/phone")
        # Like every other secret here: secret_env, secret_file, the keyring, or inline in a 0600 file.
        cfg.phone_secret = _secret(phone, "phone.", "secret", keyring_key="phone-events", file_private=file_private)
        cfg._conn_secrets.append(cfg.phone_secret)
        team = _str(phone, "team_id", "phone.", "")
        try:
            uuid.UUID(team) if team else None
        except ValueError:
            raise GatewayConfigError("phone.team_id", f"is not a team id: {team!r}") from None
        _choice(phone, "language", "phone.", "ko", ("ko", "en"))
    if not cfg.mailboxes and cfg.smtp is None and cfg.http_listen is None:
        raise GatewayConfigError(str(p), "names nothing to do: give [[mailbox]], [smtp] or [http]")
    return cfg


def check_secrets(cfg: GatewayConfig) -> None:
    """Reads every secret once, at start: a missing one is one line now, not a retry loop."""
    for secret in cfg.secrets():
        secret.get()


def resolve_team(session, value: str) -> uuid.UUID | None:
    """A mailbox's ``team``: a team's name or id; "" is none (an admin's triage)."""
    from sqlalchemy import select

    from agentdesk.models import Team

    if not value:
        return None
    try:
        team_id = uuid.UUID(value)
    except ValueError:
        team_id = None
    found = session.scalar(select(Team.id).where(Team.id == team_id) if team_id else select(Team.id).where(
        Team.name == value, Team.deleted.is_(False)))
    if found is None:
        raise GatewayConfigError("mailbox.team", f"no team {value!r} in the workspace")
    return found

