"""Inbound mail over IMAP (issue 14): one poller per watched folder, IDLE with a NOOP
fallback, UID-based and incremental, never marking mail read.

- The folder is opened read-only (EXAMINE) and fetched with ``BODY.PEEK[]``: the mailbox
  looks the same to people reading it in their mail program.
- ``mail_cursors`` keeps (UIDVALIDITY, last UID) per folder. New mail is ``UID last+1:*``
  filtered to ``uid > last`` (the range always returns the folder's last message, new or
  not). A new UIDVALIDITY starts the folder over from UID 1; the intake dedupes by
  Message-ID, so nothing is stored twice.
- Mail is fetched in batches (sizes first, then bodies up to a byte budget): a mailbox of
  100,000 messages is worked through without holding it (benchmarks/bench_gateway.py).
- Each mail → ``parse_mail`` (agentdesk/mail/parse.py) → ``sink.receive(inbound, team_id)``
  (agentdesk/gateway/sink.py); the cursor moves only past mail the intake committed. A mail
  that does not parse, or that the intake refuses, is kept whole in ``failed_mail`` and the
  cursor moves past it; a database that is away stops the folder (nothing skipped) and
  it is retried with backoff.
- IDLE is renewed every ``idle_renew`` seconds (< 29 min, RFC 2177); a server without
  IDLE is polled with NOOP. After a connect or a wake-up, the first IDLE lasts only
  ``idle_confirm`` seconds and is followed by one more look: mail that came in between the
  last look and IDLE is not always announced (tests/test_gateway_imap.py).

Logs name folders, UIDs and counts, never senders, subjects or bodies.
"""

from __future__ import annotations

import dataclasses
import logging
import ssl
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import exc as sa_exc
from sqlalchemy import select

from agentdesk.channels import MAX_INBOUND_BYTES, Inbound, Received
from agentdesk.db import Database
from agentdesk.models import FailedMail, MailCursor, utcnow

log = logging.getLogger("agentdesk.gateway.imap")

TLS_MODES = ("tls", "starttls", "none")
IDLE_RENEW = 10 * 60.0  # seconds: servers drop an IDLE after 29-30 minutes, and a silent peer is found sooner
# After a wake-up, the first IDLE lasts this long before one more look: a server may not
# announce mail that came in between the last look and IDLE (Dovecot's sync at IDLE start
# can miss it, then waits for its 30-second re-check; other servers for our renewal).
IDLE_CONFIRM = 1.0
BATCH = 50  # messages per FETCH
BATCH_BYTES = 16 * 1024 * 1024  # bodies per FETCH, at most (a 35 MB mail is fetched alone)
FAILED_RAW_LIMIT = 40 * 1024 * 1024  # failed mail bigger than this is recorded without its bytes
BACKOFF_MAX = 60.0


class Sink(Protocol):
    def receive(self, inbound: Inbound, team_id: uuid.UUID | None = None) -> Received: ...


class DatabaseDown(Exception):
    """The workspace cannot be written now: stop, keep the cursor, retry later."""


@dataclass(frozen=True)
class ImapSettings:
    host: str
    port: int = 993
    tls: str = "tls"  # tls / starttls / none (none only on 127.0.0.1)
    username: str = ""
    auth: str = "password"  # password / xoauth2
    secret: Callable[[], str] | None = None  # the password or the access token, read at each login
    folders: tuple[str, ...] = ("INBOX",)
    sent_folder: str = "Sent"
    team: str = ""  # name or id of the team whose queue new tickets join (config)
    timeout: float = 60.0
    idle_renew: float = IDLE_RENEW
    idle_confirm: float = IDLE_CONFIRM
    poll_interval: float = 60.0  # without IDLE: NOOP and look this often
    verify_tls: bool = True

    def folder_key(self, folder: str) -> str:
        return f"{self.username}@{self.host}:{self.port}/{folder}"


def connect(settings: ImapSettings):
    """A logged-in IMAPClient."""
    from imapclient import IMAPClient

    ctx = ssl.create_default_context()
    if not settings.verify_tls:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    client = IMAPClient(settings.host, settings.port, ssl=settings.tls == "tls", ssl_context=ctx,
                        timeout=settings.timeout)
    try:
        if settings.tls == "starttls":
            client.starttls(ctx)
        secret = settings.secret() if settings.secret else ""
        if settings.auth == "xoauth2":
            client.oauth2_login(settings.username, secret)
        else:
            client.login(settings.username, secret)
    except BaseException:
        try:
            client.shutdown()
        except OSError:
            pass
        raise
    return client


def _logout(client) -> None:
    try:
        client.logout()
    except Exception:
        try:
            client.shutdown()
        except Exception:
            pass


def search_message_id(settings: ImapSettings, folder: str, message_id: str) -> bool:
    """Whether ``folder`` holds a mail with this Message-ID (the outbox's reconciliation)."""
    client = connect(settings)
    try:
        client.select_folder(folder, readonly=True)
        mid = "<" + "".join(message_id.split()).strip("<>") + ">"
        return bool(client.search(["HEADER", "Message-ID", mid]))
    finally:
        _logout(client)


def append(settings: ImapSettings, folder: str, data: bytes) -> None:
    """Files a sent mail in ``folder``, marked read."""
    client = connect(settings)
    try:
        client.append(folder, data, flags=(b"\\Seen",))
    finally:
        _logout(client)


# --- the cursor -----------------------------------------------------------------------------
def load_cursor(db: Database, key: str) -> tuple[int, int] | None:
    with db.session() as s:
        row = s.get(MailCursor, key)
        return None if row is None else (row.uidvalidity, row.last_uid)


def save_cursor(db: Database, key: str, uidvalidity: int, last_uid: int) -> None:
    with db.session() as s:
        row = s.get(MailCursor, key)
        if row is None:
            s.add(MailCursor(folder_key=key, uidvalidity=uidvalidity, last_uid=last_uid))
        else:
            row.uidvalidity, row.last_uid = uidvalidity, last_uid


def record_failed(db: Database, key: str, uid: int, raw: bytes | None, size: int, error: str) -> None:
    with db.session() as s:
        seen = s.scalar(select(FailedMail.id).where(FailedMail.folder_key == key, FailedMail.uid == uid).limit(1))
        if seen is None:
            s.add(FailedMail(folder_key=key, uid=uid, error=error[:2000], size=size,
                             raw=raw if raw is not None and len(raw) <= FAILED_RAW_LIMIT else None))


def _is_outage(exc: BaseException) -> bool:
    return isinstance(exc, (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError,
                            sa_exc.TimeoutError))


def _default_parse(raw: bytes, received_at: datetime | None = None) -> Inbound:
    from agentdesk.mail.parse import parse_mail  # the mailparse helper's; imported on first use

    return parse_mail(raw, received_at)


@dataclass
class FolderPoller:
    """Takes in one folder's new mail, then waits (IDLE) for more, until ``stop`` is set."""

    db: Database
    settings: ImapSettings
    folder: str
    sink: Sink
    team_id: uuid.UUID | None = None
    stop: threading.Event = dataclasses.field(default_factory=threading.Event)
    parse: Callable[..., Inbound] = _default_parse
    # The outbox's bounce hooks: the ticket of one of our Message-IDs, and recording a DSN.
    find_ticket: Callable[[str], uuid.UUID | None] | None = None
    on_bounce: Callable[[dict], object] | None = None
    batch: int = BATCH
    # Counters for logs, tests and the benchmark.
    taken: int = 0
    failed: int = 0
    polls: int = 0

    @property
    def key(self) -> str:
        return self.settings.folder_key(self.folder)

    # -- one pass ------------------------------------------------------------------------
    def poll_once(self, client) -> int:
        """Takes in every mail above the cursor; returns how many (new, threaded, failed)."""
        self.polls += 1
        info = client.select_folder(self.folder, readonly=True)
        uidvalidity = int(info[b"UIDVALIDITY"])
        cursor = self._cursor()
        if cursor is None or cursor[0] != uidvalidity:
            if cursor is not None:
                log.warning("%s: UIDVALIDITY changed (%s → %s): reading the folder again (duplicates are skipped)",
                            self.key, cursor[0], uidvalidity)
            cursor = (uidvalidity, 0)
            self._save(uidvalidity, 0)
        last = cursor[1]
        if info.get(b"UIDNEXT") is not None and int(info[b"UIDNEXT"]) <= last + 1:
            return 0  # nothing above the cursor: not even a SEARCH
        uids = sorted(u for u in client.search(["UID", f"{last + 1}:*"]) if u > last)
        done = 0
        for start in range(0, len(uids), self.batch):
            if self.stop.is_set():
                break
            done += self._take_batch(client, uidvalidity, uids[start:start + self.batch])
        if done:
            log.info("%s: %d mail taken in", self.key, done)
        return done

    def _take_batch(self, client, uidvalidity: int, uids: list[int]) -> int:
        sizes = client.fetch(uids, ["RFC822.SIZE"])
        groups: list[list[int]] = []
        group: list[int] = []
        budget = 0
        for uid in uids:
            size = int(sizes.get(uid, {}).get(b"RFC822.SIZE", 0))
            if group and budget + size > BATCH_BYTES:
                groups.append(group)
                group, budget = [], 0
            group.append(uid)
            budget += size
        if group:
            groups.append(group)
        done = 0
        for group in groups:
            big = [u for u in group if int(sizes.get(u, {}).get(b"RFC822.SIZE", 0)) > MAX_INBOUND_BYTES]
            small = [u for u in group if u not in big]
            bodies = client.fetch(small, ["BODY.PEEK[]", "INTERNALDATE"]) if small else {}
            if callable(getattr(self.sink, "receive_many", None)):
                done += self._take_group(uidvalidity, group, big, sizes, bodies)
                continue
            last_done = None
            try:
                for uid in group:
                    if uid in big:
                        size = int(sizes[uid][b"RFC822.SIZE"])
                        self._failed(uid, None, size, f"mail too large: {size:,} bytes (limit {MAX_INBOUND_BYTES:,})")
                    else:
                        item = bodies.get(uid)
                        if item is None:  # expunged between SEARCH and FETCH
                            last_done = uid
                            continue
                        self._take(uid, item.get(b"BODY[]") or b"", item.get(b"INTERNALDATE"))
                    last_done = uid
                    done += 1
            finally:
                if last_done is not None:
                    self._save(uidvalidity, last_done)
        return done

    def _take_group(self, uidvalidity: int, group: list[int], big: list[int], sizes: dict, bodies: dict) -> int:
        """One fetched group through the sink's ``receive_many`` (one transaction for the
        group, a savepoint per mail): the cursor moves past what it yielded, i.e. committed."""
        pending: list[tuple[int, Inbound]] = []
        raws: dict[int, bytes] = {}
        for uid in group:
            if uid in big:
                size = int(sizes[uid][b"RFC822.SIZE"])
                self._failed(uid, None, size, f"mail too large: {size:,} bytes (limit {MAX_INBOUND_BYTES:,})")
                continue
            item = bodies.get(uid)
            if item is None:  # expunged between SEARCH and FETCH
                continue
            raws[uid] = item.get(b"BODY[]") or b""
            inbound = self._prepare(uid, raws[uid], item.get(b"INTERNALDATE"))
            if inbound is not None:
                pending.append((uid, inbound))
        yielded: set[int] = set()
        by_uid = dict(pending)
        try:
            for uid, result in self.sink.receive_many(pending, team_id=self.team_id):  # type: ignore[attr-defined]
                yielded.add(uid)
                if isinstance(result, Exception):
                    self._failed(uid, raws[uid], len(raws[uid]), f"the intake refused it: {type(result).__name__}: "
                                                                 f"{result}")
                    continue
                self.taken += 1
                inbound = by_uid[uid]
                dsn = inbound.meta.get("dsn") if isinstance(inbound.meta, dict) else None
                if dsn and self.on_bounce is not None:
                    self.on_bounce(dsn)
        except Exception as exc:
            if _is_outage(exc):
                raise DatabaseDown(str(exc).splitlines()[0][:300]) from exc
            raise
        finally:
            unyielded = [uid for uid, _ in pending if uid not in yielded]
            limit = min(unyielded) if unyielded else None
            last = max((uid for uid in group if limit is None or uid < limit), default=None)
            if last is not None:
                self._save(uidvalidity, last)
        return len(group)

    def _prepare(self, uid: int, raw: bytes, internal: datetime | None) -> Inbound | None:
        """The parsed mail (a bounce of ours threaded under it); None when it did not parse
        (then kept in failed_mail)."""
        arrived = internal if isinstance(internal, datetime) else None
        if arrived is not None and arrived.tzinfo is None:
            arrived = arrived.replace(tzinfo=UTC)
        try:
            inbound = self.parse(raw, arrived or utcnow())
        except Exception as exc:
            self._failed(uid, raw, len(raw), f"cannot parse: {type(exc).__name__}: {exc}")
            return None
        dsn = inbound.meta.get("dsn") if isinstance(inbound.meta, dict) else None
        if dsn and self.find_ticket is not None:
            inbound = self._bounce_threaded(inbound, dsn)
        return inbound

    def _take(self, uid: int, raw: bytes, internal: datetime | None) -> None:
        inbound = self._prepare(uid, raw, internal)
        if inbound is None:
            return
        dsn = inbound.meta.get("dsn") if isinstance(inbound.meta, dict) else None
        try:
            self.sink.receive(inbound, team_id=self.team_id)
        except Exception as exc:
            if _is_outage(exc):
                raise DatabaseDown(str(exc).splitlines()[0][:300]) from exc
            self._failed(uid, raw, len(raw), f"the intake refused it: {type(exc).__name__}: {exc}")
            return
        self.taken += 1
        if dsn and self.on_bounce is not None:
            self.on_bounce(dsn)

    def _bounce_threaded(self, inbound: Inbound, dsn: dict) -> Inbound:
        """A bounce of one of our mails threads under it (the DSN's In-Reply-To, if any,
        is the mail server's own)."""
        original = "".join((dsn.get("original_message_id") or "").split()).strip("<>")
        try:
            ours = self.find_ticket(original) if original and self.find_ticket else None
        except Exception as exc:
            if _is_outage(exc):
                raise DatabaseDown(str(exc).splitlines()[0][:300]) from exc
            raise
        if ours is None:
            return inbound
        hints = dataclasses.replace(inbound.hints, in_reply_to=original,
                                    references=(*inbound.hints.references, original))
        return dataclasses.replace(inbound, hints=hints)

    def _failed(self, uid: int, raw: bytes | None, size: int, error: str) -> None:
        self.failed += 1
        log.warning("%s: UID %d not taken in (%s); kept in failed_mail", self.key, uid, error.splitlines()[0][:200])
        self._db(record_failed, self.db, self.key, uid, raw, size, error)

    def _cursor(self) -> tuple[int, int] | None:
        return self._db(load_cursor, self.db, self.key)

    def _save(self, uidvalidity: int, last: int) -> None:
        self._db(save_cursor, self.db, self.key, uidvalidity, last)

    @staticmethod
    def _db(fn, *args):
        try:
            return fn(*args)
        except Exception as exc:
            if _is_outage(exc):
                raise DatabaseDown(str(exc).splitlines()[0][:300]) from exc
            raise

    # -- the loop --------------------------------------------------------------------------
    def run(self) -> None:
        """Until ``stop``: connect, take in, wait for more; every failure is logged and
        retried with backoff (1 s doubling to a minute)."""
        delay = 1.0
        while not self.stop.is_set():
            client = None
            try:
                client = connect(self.settings)
                log.info("%s: connected", self.key)
                self._drain(client)
                delay = 1.0
                self._wait_loop(client)
            except DatabaseDown as exc:
                log.warning("%s: the workspace cannot be written (%s); retrying in %.0f s", self.key, exc, delay)
            except Exception as exc:
                if self.stop.is_set():
                    break
                log.warning("%s: mail server: %s: %s; retrying in %.0f s", self.key, type(exc).__name__,
                            str(exc).splitlines()[0][:200] if str(exc) else "", delay)
            finally:
                if client is not None:
                    _logout(client)
            if self.stop.wait(delay):
                break
            delay = min(delay * 2, BACKOFF_MAX)

    def _wait_loop(self, client) -> None:
        idle = b"IDLE" in client.capabilities()
        confirm = True  # the first wait after a connect or a wake-up is a short one
        while not self.stop.is_set():
            if idle:
                # A quiet short wait is followed by a long one, so a quiet folder costs one
                # look per renewal, and a look after each burst of mail.
                confirm = self._idle(client, self.settings.idle_confirm if confirm else self.settings.idle_renew)
            else:
                if self.stop.wait(self.settings.poll_interval):
                    return
                client.noop()
            self._drain(client)

    def _drain(self, client) -> None:
        """Passes until one finds nothing new. Mail that arrives while a pass works is
        announced (EXISTS) in the answer to that pass's commands, not in the IDLE after
        it: without another look it would wait for the next mail or the IDLE renewal."""
        while self.poll_once(client) and not self.stop.is_set():
            pass

    def _idle(self, client, limit: float) -> bool:
        """Waits in IDLE until the folder changes, ``stop`` or ``limit`` seconds; whether the
        server announced a change."""
        client.idle()
        try:
            started = time.monotonic()
            while not self.stop.is_set():
                left = limit - (time.monotonic() - started)
                if left <= 0:
                    return False
                responses = client.idle_check(timeout=min(1.0, left))
                if any(_changes(r) for r in responses):
                    return True
            return False
        finally:
            client.idle_done()


def _changes(response: Iterable) -> bool:
    """An untagged response that may mean new mail (EXISTS) or a server going away."""
    try:
        items = list(response)
    except TypeError:
        return False
    return any(item in (b"EXISTS", b"BYE") for item in items if isinstance(item, bytes))

