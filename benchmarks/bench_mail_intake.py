"""Mail intake throughput (issue 14: "10,000 queued messages parsed and threaded at ≥ 200
messages/s"): generated Korean mail, a third of it replies threaded by In-Reply-To /
References and some by a signed reply address, parsed by agentdesk/mail/parse.py (when it
is there) and received through the gateway's LocalSink (services/channels.receive: dedupe,
customer matching, threading, the original kept; each message whole or absent in its own
savepoint, committed in batches as `agentdesk mail import` does)
into a fresh embedded workspace with one team of 8 agents (and, with --routing, its rule set).

    .venv/bin/python benchmarks/bench_mail_intake.py                 # 10,000 messages
    .venv/bin/python benchmarks/bench_mail_intake.py --messages 2000 --workspace /tmp/x.db

Prints messages/s for parsing, for receiving, and for both; and the gateway's peak memory
(resident set). Nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from email.message import EmailMessage
from email.utils import format_datetime
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, text  # noqa: E402

from agentdesk.channels import Inbound, Outcome, ThreadHints  # noqa: E402
from agentdesk.db import open_database  # noqa: E402
from agentdesk.gateway.sink import LocalSink, ServerSink  # noqa: E402
from agentdesk.mail import tokens  # noqa: E402
from agentdesk.models import Agent, Team, utcnow  # noqa: E402
from agentdesk.routing import default_priority_rules  # noqa: E402
from agentdesk.services import routing  # noqa: E402

SECRET = "bench-secret"
ADMIN = os.environ.get("AGENTDESK_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
FAMILY = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = ("민지", "서연", "지우", "하늘", "준호", "도윤", "예린", "시우", "똠방", "햏살")
TOPICS = ("카드 분실 신고", "배송 지연 문의", "환불 요청드립니다", "결제 오류", "비밀번호 재설정", "한도 상향 문의",
          "주소 변경", "포인트 적립 누락", "해지 요청", "영수증 재발행")
LINES = ("안녕하세요, 문의드립니다.", "어제 주문한 상품이 아직 도착하지 않았어요.", "카드를 잃어버린 것 같습니다.",
         "확인 부탁드립니다. 감사합니다.", "빠른 답변 부탁드려요!", "뷁 같은 상황이네요 ㅠㅠ")


def generate(n: int, seed: int = 14) -> list[bytes]:
    """``n`` mails (CP949 and UTF-8 bodies, encoded-word names): about two thirds start a
    conversation, the rest answer an earlier one (In-Reply-To and References, or only a
    signed reply address, as a client that drops the headers would)."""
    rng = random.Random(seed)
    now = utcnow() - timedelta(days=3)
    out: list[bytes] = []
    threads: list[tuple[str, str, str]] = []  # (message id, sender, subject) of starts
    numbers: dict[str, int] = {}
    for i in range(n):
        name = rng.choice(FAMILY) + rng.choice(GIVEN)
        m = EmailMessage()
        mid = f"bench{i}.{rng.getrandbits(40):x}@mail.example"
        if threads and rng.random() < 0.35:
            parent, sender, subject = rng.choice(threads)
            m["Subject"] = "Re: " + subject
            if rng.random() < 0.8 or parent not in numbers:
                m["In-Reply-To"] = f"<{parent}>"
                m["References"] = f"<{parent}>"
                m["To"] = "support@desk.example"
            else:
                m["To"] = tokens.reply_address("support@desk.example", numbers[parent], SECRET)
        else:
            sender = f"user{rng.randrange(n // 3 + 1)}@example.com"
            subject = rng.choice(TOPICS)
            m["Subject"] = subject
            m["To"] = "support@desk.example"
            threads.append((mid, sender, subject))
        m["From"] = f"{name} <{sender}>"
        m["Message-ID"] = f"<{mid}>"
        m["Date"] = format_datetime(now + timedelta(seconds=i))
        body = "\n".join(rng.choice(LINES) for _ in range(rng.randint(2, 8)))
        m.set_content(body, charset="cp949" if i % 3 == 0 else "utf-8")
        out.append(bytes(m))
    return out


def _stand_in(raw: bytes, received_at=None) -> Inbound:
    """Without agentdesk/mail/parse.py: the standard library, the few fields the intake reads."""
    import re
    from email import message_from_bytes, policy
    from email.utils import parseaddr

    msg = message_from_bytes(raw, policy=policy.default)
    name, addr = parseaddr(str(msg["From"]))
    body = msg.get_body(preferencelist=("plain",))
    ids = lambda h: tuple(re.findall(r"<([^<>\s]+)>", str(msg[h] or "")))  # noqa: E731
    return Inbound(channel="email", external_id=ids("Message-ID")[0], sender_address=addr, sender_name=name,
                   subject=str(msg["Subject"]).removeprefix("Re: "), text=body.get_content() if body else "",
                   received_at=received_at or utcnow(), raw=raw,
                   hints=ThreadHints(in_reply_to=(ids("In-Reply-To") or ("",))[0], references=ids("References"),
                                     recipients=(str(msg["To"]),)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=10_000)
    ap.add_argument("--workspace", help="SQLite file to use (default: a temporary one)")
    ap.add_argument("--pg", action="store_true",
                    help="a team database instead: a temporary PostgreSQL database on AGENTDESK_TEST_PG's server "
                         "(default: local postgres), through the ServerSink (every batch stamped with the sync clock)")
    ap.add_argument("--routing", default="none", choices=("none", "manual", "round_robin", "least_loaded"),
                    help="the team's routing rule set (default: none, as a new team has; with one, each new "
                         "ticket also runs the priority rules and the mode's choice of agent)")
    args = ap.parse_args()
    try:
        from agentdesk.mail.parse import parse_mail
        parser_name = "agentdesk.mail.parse"
    except ImportError:
        parse_mail, parser_name = _stand_in, "a stand-in (agentdesk/mail/parse.py is not on this branch)"

    load = os.getloadavg()
    print(f"generating {args.messages:,} mails…", flush=True)
    raws = generate(args.messages)
    folder = tempfile.mkdtemp(prefix="bench-mail-")
    pg_name = None
    if args.pg:
        pg_name = f"bench_mail_{os.getpid()}"
        with create_engine(ADMIN, isolation_level="AUTOCOMMIT").connect() as c:
            c.execute(text(f'CREATE DATABASE "{pg_name}"'))
        db = open_database(ADMIN.rsplit("/", 1)[0] + "/" + pg_name)
    else:
        db = open_database(f"sqlite:///{args.workspace or folder + '/bench.db'}")
    with db.session() as s:
        team = Team(name="메일상담팀")
        s.add(team)
        s.flush()
        agents = [Agent(login=f"agent{i}", name=f"상담사{i}", role="agent", team_id=team.id) for i in range(8)]
        lead = Agent(login="lead", name="팀장", role="lead", team_id=team.id)
        s.add_all([*agents, lead])
        s.flush()
        if args.routing != "none":
            routing.save_rules(s, lead, team, args.routing, default_priority_rules())
        team_id = team.id
    # The intake alone: no FAQ auto-response (its own benchmark is bench_autoresponse.py).
    sink = ServerSink(db.engine, secret=SECRET, autorespond=False) if args.pg \
        else LocalSink(db, secret=SECRET, autorespond=False)

    started, cpu = time.perf_counter(), time.process_time()
    parsed = [parse_mail(raw) for raw in raws]
    parse_s, parse_cpu = time.perf_counter() - started, time.process_time() - cpu

    counts = {o: 0 for o in Outcome}
    started, cpu = time.perf_counter(), time.process_time()
    for _, got in sink.receive_many(enumerate(parsed), team_id=team_id):
        if isinstance(got, Exception):
            raise got
        counts[got.outcome] += 1
    receive_s, receive_cpu = time.perf_counter() - started, time.process_time() - cpu
    total, total_cpu = parse_s + receive_s, parse_cpu + receive_cpu
    n = len(raws)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"parser: {parser_name}; routing: {args.routing}; {'PostgreSQL, ServerSink' if args.pg else 'SQLite, LocalSink'}")
    print(f"outcomes: {counts[Outcome.NEW]:,} new tickets, {counts[Outcome.THREADED]:,} threaded, "
          f"{counts[Outcome.DUPLICATE]:,} duplicates")
    # Wall clock, and per CPU second of this process (what it would do on an idle core: the
    # development machines are shared, and their load average says by how much).
    print(f"load average before: {load[0]:.1f} (cores: {os.cpu_count()})")
    print(f"parse:   {n / parse_s:8.0f} msg/s wall, {n / parse_cpu:8.0f} msg/s per CPU second")
    print(f"receive: {n / receive_s:8.0f} msg/s wall, {n / receive_cpu:8.0f} msg/s per CPU second "
          f"(a savepoint each, a commit per batch)")
    print(f"total:   {n / total:8.0f} msg/s wall, {n / total_cpu:8.0f} msg/s per CPU second (target ≥ 200)")
    print(f"peak resident memory: {rss_mb:.0f} MB (all {n:,} mails held at once by this benchmark)")
    db.dispose()
    if pg_name:
        with create_engine(ADMIN, isolation_level="AUTOCOMMIT").connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)'))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
