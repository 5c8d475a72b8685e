"""One agent of tests/test_sync_chaos.py, run as its own process (not a test module).

    AGENTDESK_CHAOS_TOKEN=… python tests/sync_chaos_agent.py REPLICA.db SERVER_URL LOGIN SEED TICKETS CTL_DIR LOG.jsonl [LOGINS]

SERVER_URL is the team server's (http://127.0.0.1:PORT, through the test's proxy);
the session token comes in the environment, never on the command line (where any
user of the machine could read it). Makes seeded random edits (fields, tag add/remove,
replies and notes, follow-ups) on the shared tickets and syncs in a loop, while the
test cuts the server's database connections, loses answers, restarts PostgreSQL and
kills the server. Every local write and every acknowledgement the server sent back
is appended to LOG (JSON lines, flushed at once). Phases, driven by files in CTL_DIR:

- chaos: until CTL_DIR/heal exists;
- heal: sync_once until the outbox is empty, then CTL_DIR/<LOGIN>.healed;
- final: once CTL_DIR/final exists (every agent healed), one successful pull, exit 0.

Exit codes: 0 done, 4 could not heal in time, 5 never told to finish.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

from agentdesk.db import open_database
from agentdesk.models import TICKET_STATUSES, utcnow
from agentdesk.sync.engine import LocalReplica, SyncClient
from agentdesk.sync.transport import HttpTransport

PRIORITIES = ("urgent", "high", "normal", "low")
SUBJECTS = ("카드 한도 문의", "배송 지연", "Password reset", "환불 요청")
CATEGORIES = ("billing", "delivery", "account", "")
TAGS = ("vip", "refund", "bug", "callback", "escalated")
PHASE_TIMEOUT = 40.0


def main() -> int:
    path, url, login, seed, numbers, ctl, log_path = sys.argv[1:8]
    rng = random.Random(int(seed))
    numbers = [int(n) for n in numbers.split(",")]
    logins = sys.argv[8].split(",") if len(sys.argv) > 8 else [login]
    ctl = Path(ctl)
    out = open(log_path, "a", encoding="utf-8")

    def log(**event) -> None:
        out.write(json.dumps({"t": round(time.time(), 3), **event}, ensure_ascii=False) + "\n")
        out.flush()

    rep = LocalReplica(open_database(f"sqlite:///{path}"), login)
    c = SyncClient(rep, HttpTransport(url, login, token=os.environ["AGENTDESK_CHAOS_TOKEN"]))

    # Every queued mutation passes through _queue (inside the edit's transaction); it is
    # logged once the edit's public method has returned, i.e. once it has committed.
    queued: list[dict] = []
    real_queue = rep._queue

    def _queue(conn, op, entity, entity_id, base_version, payload):
        mid = real_queue(conn, op, entity, entity_id, base_version, payload)
        queued.append({"mid": str(mid), "op": op, "entity_id": str(entity_id), "body": payload.get("body"),
                       "title": payload.get("title")})
        return mid

    rep._queue = _queue

    # The server's answer, logged as soon as it arrives (the server has committed by then).
    real_ack = rep.acknowledge

    def acknowledge(entry, result):
        log(ev="ack", mid=str(entry.mutation_id), op=entry.op, entity_id=str(entry.entity_id),
            body=entry.payload.get("body"), status=result.get("status"), version=result.get("version"),
            conflicts=len(result.get("conflicts") or ()))
        real_ack(entry, result)

    rep.acknowledge = acknowledge

    def sync(kind: str = "sync") -> bool:
        if kind == "push":
            res = c.push_once()
            ok = res.error == ""
            err = res.error
        elif kind == "pull":
            ok = c.pull_once() is not None
            err = "" if ok else c.status().last_error
        else:
            pushed, pulled = c.sync_once()
            ok = pushed.error == "" and pulled is not None
            err = pushed.error or ("" if ok else c.status().last_error)
        log(ev="sync", kind=kind, ok=ok, error=err[:200])
        return ok

    k = 0
    log(ev="start", login=login, seed=int(seed))
    while not (ctl / "heal").exists():
        k += 1
        n = rng.choice(numbers)
        what = rng.random()
        queued.clear()
        if what < 0.25:
            field = rng.choice(("status", "priority", "assignee", "subject", "category"))
            value = {"status": lambda: rng.choice(TICKET_STATUSES), "priority": lambda: rng.choice(PRIORITIES),
                     "assignee": lambda: rng.choice([*logins, "none"]), "subject": lambda: rng.choice(SUBJECTS),
                     "category": lambda: rng.choice(CATEGORIES)}[field]()
            rep.set_ticket_fields(n, **{field: value})
        elif what < 0.35:
            rep.add_tag(n, rng.choice(TAGS))
        elif what < 0.45:
            rep.remove_tag(n, rng.choice(TAGS))
        elif what < 0.85:
            kind = "reply" if rng.random() < 0.5 else "note"
            if kind == "reply" and n == numbers[0]:
                kind = "call_log"  # the first seeded ticket came in by phone: no public reply there
            rep.add_message(n, f"{login} {kind} {k}", kind=kind)
        else:
            rep.create_follow_up(f"{login} follow-up {k}", utcnow() + timedelta(hours=rng.randint(1, 96)),
                                 ticket=n if rng.random() < 0.8 else None)
        for q in queued:
            log(ev="write", k=k, **q)
        roll = rng.random()
        if roll < 0.25:
            sync()
        elif roll < 0.32:
            sync("push")
        elif roll < 0.38:
            sync("pull")
        wait = c.next_attempt_in()  # > 0 after a failed attempt: back off a little (not the full 60 s)
        time.sleep(min(wait, rng.uniform(0.05, 0.25)) if wait > 0 else rng.uniform(0.0, 0.01))

    # Heal: push and pull until nothing of mine is in flight.
    log(ev="heal", edits=k, outbox=len(rep.outbox()))
    deadline = time.monotonic() + PHASE_TIMEOUT
    while True:
        if sync() and not rep.outbox():
            break
        if time.monotonic() > deadline:
            log(ev="stuck", outbox=[str(e.mutation_id) for e in rep.outbox()], error=c.status().last_error)
            return 4
        time.sleep(0.2)
    log(ev="healed")
    (ctl / f"{login}.healed").touch()

    # Final: everyone has pushed everything; one pull brings the others' last writes.
    deadline = time.monotonic() + PHASE_TIMEOUT
    while not (ctl / "final").exists():
        if time.monotonic() > deadline:
            return 5
        time.sleep(0.05)
    while not sync("pull"):
        if time.monotonic() > deadline:
            return 4
        time.sleep(0.2)
    epoch, version = rep.cursor()
    log(ev="final", epoch=str(epoch), version=version, outbox=len(rep.outbox()))
    c.close()
    rep.db.dispose()
    out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
