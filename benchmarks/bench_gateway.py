"""The gateway's inbound mail against a real (private) Dovecot (issue 14).

    .venv/bin/python benchmarks/bench_gateway.py                      # 20 latency rounds, 100,000-message mailbox
    .venv/bin/python benchmarks/bench_gateway.py --messages 10000 --rounds 5

1. **Latency with IDLE**: a FolderPoller thread waits in IDLE on an embedded workspace; a
   mail is APPENDed; timed until its ticket row is in the workspace (the intake's sink,
   ``agentdesk.gateway.sink.make_sink``). Target ≤ 2 s.
2. **A 100,000-message mailbox**: the messages are written straight into the Maildir (as a
   migrated mailbox would be), then one ``poll_once`` works through them in batches; msg/s
   and the benchmark process's peak RSS (the poller's: Dovecot is another process). With
   ``--sink null`` the intake is left out (fetch + parse only), to see the gateway's own
   share.

Until the intake's sink is on this branch, a stand-in writes each mail as a ticket through
services/tickets.create_ticket (the same write the intake ends in), and says so.
"""

from __future__ import annotations

import argparse
import base64
import os
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select  # noqa: E402

from agentdesk.channels import Inbound, Outcome, Received  # noqa: E402
from agentdesk.db import open_database  # noqa: E402
from agentdesk.gateway import imap  # noqa: E402
from agentdesk.models import Ticket  # noqa: E402
from tests.mailserver_support import PASSWORD, USER, Dovecot, _users  # noqa: E402


def parse_fn():
    try:
        from agentdesk.mail.parse import parse_mail

        return parse_mail, "agentdesk.mail.parse.parse_mail"
    except ImportError:
        import email
        from email.policy import default

        def parse(raw: bytes, received_at=None) -> Inbound:
            msg = email.message_from_bytes(raw, policy=default)
            return Inbound(channel="email", external_id=str(msg["Message-ID"]).strip("<>"),
                           sender_address=msg["From"].addresses[0].addr_spec, sender_name="",
                           subject=str(msg["Subject"]), text=msg.get_content(), received_at=received_at, raw=raw)

        return parse, "stdlib email (stand-in: mailparse not merged here)"


class ServicesSink:
    """Stand-in for the intake's sink: one ticket per mail through the ticket service."""

    def __init__(self, db):
        self.db = db

    def receive(self, inbound: Inbound, team_id=None) -> Received:
        from agentdesk.services import tickets

        with self.db.session() as s:
            t = tickets.create_ticket(s, subject=inbound.subject, body=inbound.text, channel="email", customer_id=None,
                                      author_name=inbound.sender_name, external_id=inbound.external_id,
                                      team_id=team_id, now=inbound.received_at)
            return Received(Outcome.NEW, t.id, t.number, None, None)


class NullSink:
    def receive(self, inbound: Inbound, team_id=None) -> Received:
        return Received(Outcome.NEW, None, None, None, None)


def make_sink(db, which: str):
    if which == "null":
        return NullSink(), "none (fetch and parse only)"
    try:
        from agentdesk.gateway.sink import LocalSink  # type: ignore[import-not-found]

        return LocalSink(db, secret="bench-secret"), "agentdesk.gateway.sink.LocalSink (the intake)"
    except ImportError:
        return ServicesSink(db), "stand-in: services.tickets.create_ticket (the intake's sink not merged here)"


def mail(n: int, size: int = 1500) -> bytes:
    body = ("카드 한도 조회 부탁드립니다. " * (size // 40 + 1))[: size // 3]
    subject = "=?utf-8?b?" + base64.b64encode(f"문의 {n}".encode()).decode() + "?="
    return (f"From: c{n} <c{n}@example.com>\r\nTo: help@cards.example\r\nSubject: {subject}\r\n"
            f"Message-ID: <bench-{n}-{uuid.uuid4().hex[:8]}@example.com>\r\nDate: Sun, 06 Dec 2026 10:00:00 +0900\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            f"{body}\r\n").encode()


def fill_maildir(server: Dovecot, folder: str, count: int) -> None:
    """Writes ``count`` mails straight into the folder's Maildir (Dovecot indexes them at SELECT)."""
    c = server.client()
    c.create_folder(folder)
    c.logout()
    base = Path(server.root) / "mail" / USER / "Maildir" / f".{folder}" / "cur"
    _, _, _, uid, gid = _users()
    for n in range(count):
        p = base / f"{1700000000 + n}.M{n}P1.bench:2,"
        p.write_bytes(mail(n))
        if os.geteuid() == 0:
            os.chown(p, uid, gid)


def latency(db, server: Dovecot, sink, parse, rounds: int) -> list[float]:
    folder = "Latency"
    c = server.client()
    c.create_folder(folder)
    c.logout()
    settings = imap.ImapSettings(host="127.0.0.1", port=server.port, tls="none", username=USER,
                                 secret=lambda: PASSWORD)
    p = imap.FolderPoller(db=db, settings=settings, folder=folder, sink=sink, parse=parse)
    t = threading.Thread(target=p.run, daemon=True)
    t.start()
    while p.polls < 1:
        time.sleep(0.01)
    times = []
    try:
        for n in range(rounds):
            time.sleep(0.3)  # back in IDLE
            raw = mail(900000 + n)
            subject = f"문의 {900000 + n}"
            started = time.perf_counter()
            server.append(folder, raw)
            while True:
                with db.session() as s:
                    if s.scalar(select(func.count()).select_from(Ticket).where(Ticket.subject == subject)):
                        break
                if time.perf_counter() - started > 10:
                    raise SystemExit(f"mail {n} not visible after 10 s")
                time.sleep(0.005)
            times.append(time.perf_counter() - started)
    finally:
        p.stop.set()
        t.join(5)
    return times


def big_mailbox(db, server: Dovecot, sink, parse, count: int) -> tuple[float, float, int]:
    folder = "Big"
    t0 = time.perf_counter()
    fill_maildir(server, folder, count)
    print(f"  wrote {count:,} mails into the Maildir in {time.perf_counter() - t0:.1f} s", flush=True)
    settings = imap.ImapSettings(host="127.0.0.1", port=server.port, tls="none", username=USER,
                                 secret=lambda: PASSWORD, timeout=600)
    p = imap.FolderPoller(db=db, settings=settings, folder=folder, sink=sink, parse=parse)
    client = imap.connect(settings)
    try:
        client.select_folder(folder, readonly=True)  # Dovecot indexes the new Maildir here
        client.unselect_folder()
        started = time.perf_counter()
        done = p.poll_once(client)
        elapsed = time.perf_counter() - started
    finally:
        client.logout()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return done / elapsed, rss_mb, done


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--messages", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--sink", choices=("intake", "null"), default="intake",
                    help="for the big mailbox: the intake (or its stand-in), or none")
    args = ap.parse_args()
    root = tempfile.mkdtemp(prefix="agentdesk-bench-gateway-")
    os.chmod(root, 0o755)
    server = Dovecot(root)
    server.start()
    try:
        db = open_database(f"sqlite:///{root}/bench.db")
        parse, parse_name = parse_fn()
        sink, sink_name = make_sink(db, "intake")
        print(f"parse: {parse_name}\nsink: {sink_name}")
        times = latency(db, server, sink, parse, args.rounds)
        print(f"IDLE: append → ticket row in the workspace, {len(times)} mails: median {statistics.median(times) * 1000:.0f} ms, "
              f"max {max(times) * 1000:.0f} ms (target ≤ 2 s)", flush=True)
        big_sink, big_name = make_sink(db, args.sink)
        print(f"{args.messages:,}-message mailbox, sink: {big_name}", flush=True)
        rate, rss, done = big_mailbox(db, server, big_sink, parse, args.messages)
        with db.session() as s:
            tickets = s.scalar(select(func.count()).select_from(Ticket))
        print(f"  {done:,} mails taken in at {rate:,.0f} msg/s; peak RSS of the gateway process {rss:.0f} MB; "
              f"tickets in the workspace: {tickets:,}")
        db.dispose()
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
