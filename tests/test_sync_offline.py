"""Issue 4, test 7: a long offline stretch. One agent works offline (never syncs) and
queues hundreds of writes while the rest of the team and the server produce tens of
thousands of changes; when it reconnects, one sync catches up: its writes land on the
server in the order they were made, and the replica ends equal to the server with an
empty outbox and its cursor at the server's clock."""

from __future__ import annotations

import json
import time
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import bindparam, func, insert, select, text, update

from agentdesk.models import utcnow
from agentdesk.services import tickets as tickets_service
from agentdesk.server.feed import read_clock, stamp_unversioned
from tests.factories import seed_small, team_id
from tests.test_sync_support import T, agent_id, client, close, dump, replica

OFFLINE_WRITES = 300  # the offline agent's queue
# Another agent's real pushes, conflicting with A on t3 and touching t2 beside A's fields:
# 200 (was 600; 35-100 pushes a second here, the stretch's slowest part) still give 50
# priority changes on t3, 50 notes, 50 tag changes and 50 category changes on t2, pushed in
# four syncs; the tens of thousands of changes A catches up on are the bulk below.
TEAM_MUTATIONS = 200
EXISTING_TICKETS = 200  # on the server and in every replica before the agent goes offline
NEW_TICKETS = 500  # created while it is offline, each in one transaction: ticket + 15 messages + 2 tags
NEW_TICKET_ROWS = 18
REPLIES = 11_000  # customer messages on the existing tickets while it is offline, one transaction each
BULK_CHANGES = NEW_TICKETS * NEW_TICKET_ROWS + REPLIES  # 20,000 rows
BULK_VERSIONS = NEW_TICKETS + REPLIES  # 11,500 server transactions
PRIORITIES = ["urgent", "high", "normal", "low"]


class ServerWriter:
    """Bulk writes on the team server the way its write path does: a transaction takes
    the clock row (locked to commit, so versions commit in order) and stamps what each
    change wrote with a version of its own; n changes in one batch take n versions.

    (One ServerApplier transaction per change would take ~55-100 s for 20,000 on a
    2-core machine; a pull does not care which writer stamped a row.)"""

    def __init__(self, server, team_id, author_id):
        self.server, self.team_id, self.author_id = server, team_id, author_id
        self.t0 = utcnow() - timedelta(hours=3)
        self.made = 0

    def _batch(self, conn, n: int) -> int:
        return conn.execute(text("UPDATE sync_clock SET v = v + :n WHERE id = 1 RETURNING v - :n"), {"n": n}).scalar_one()

    def _notify(self, conn, v: int) -> None:
        conn.execute(text("SELECT pg_notify('agentdesk_sync', :p)"), {"p": json.dumps({"team": str(self.team_id), "v": v})})

    def new_tickets(self, n: int, messages: int = 15) -> list[uuid.UUID]:
        """n tickets, each created with its messages and tags in one change (version)."""
        tickets, msgs, tags = T["tickets"], T["messages"], T["ticket_tags"]
        with self.server.engine.begin() as conn:
            base = self._batch(conn, n)
            number = conn.execute(select(func.max(tickets.c.number))).scalar() + 1
            trows, mrows, grows = [], [], []
            for i in range(n):
                k, v, tid = self.made + i, base + 1 + i, uuid.uuid4()
                at = self.t0 + timedelta(milliseconds=k)
                trows.append(dict(id=tid, number=number + i, subject=f"bulk ticket {k}", channel="email", status="open",
                                  priority="normal", priority_rank=2, category="bulk", team_id=self.team_id,
                                  created_at=at, updated_at=at, message_count=messages,
                                  tags_text=f"bulk bulk-{k % 10}", rev=v))
                mrows += [dict(id=uuid.uuid4(), ticket_id=tid, direction="inbound" if j % 2 == 0 else "outbound",
                               kind="reply", channel="email", body=f"bulk ticket {k} message {j}",
                               author_agent_id=None if j % 2 == 0 else self.author_id,
                               created_at=at + timedelta(microseconds=j), updated_at=at, rev=v) for j in range(messages)]
                grows += [dict(id=uuid.uuid4(), ticket_id=tid, tag=tag, updated_at=at, rev=v) for tag in ("bulk", f"bulk-{k % 10}")]
            conn.execute(insert(tickets), trows)
            conn.execute(insert(msgs), mrows)
            conn.execute(insert(tags), grows)
            self._notify(conn, base + n)
        self.made += n
        return [r["id"] for r in trows]

    def replies(self, ticket_ids: list[uuid.UUID], n: int, offset: int) -> None:
        """n customer messages spread over the tickets, one change (version) each; each
        ticket's row (message_count, rev) as the last of them left it."""
        tickets, msgs = T["tickets"], T["messages"]
        with self.server.engine.begin() as conn:
            base = self._batch(conn, n)
            mrows, last, count = [], {}, {}
            for j in range(n):
                tid, v = ticket_ids[(offset + j) % len(ticket_ids)], base + 1 + j
                at = self.t0 + timedelta(seconds=1, microseconds=offset + j)
                mrows.append(dict(id=uuid.uuid4(), ticket_id=tid, direction="inbound", kind="reply", channel="email",
                                  body=f"customer reply {offset + j}", created_at=at, updated_at=at, rev=v))
                last[tid], count[tid] = (v, at), count.get(tid, 0) + 1
            conn.execute(insert(msgs), mrows)
            conn.execute(update(tickets).where(tickets.c.id == bindparam("tid")).values(
                message_count=tickets.c.message_count + bindparam("n"), rev=bindparam("v"), updated_at=bindparam("at")),
                [{"tid": tid, "n": count[tid], "v": v, "at": at} for tid, (v, at) in last.items()])
            self._notify(conn, base + n)


@pytest.mark.slow
def test_a_long_offline_agent_catches_up_in_one_sync(pg_db, tmp_path):
    server = pg_db
    ids = seed_small(server)
    a = replica(tmp_path, "offline", "kim.minji")
    b = replica(tmp_path, "busy", "lee.junho")
    me, other = agent_id(server, "kim.minji"), agent_id(server, "lee.junho")
    with server.engine.connect() as conn:
        team_id = conn.execute(select(T["agents"].c.team_id).where(T["agents"].c.id == me)).scalar_one()
    writer = ServerWriter(server, team_id, other)
    existing = writer.new_tickets(EXISTING_TICKETS, messages=1)
    ca, cb = client(a, server), client(b, server)

    # --- offline: A queues OFFLINE_WRITES edits and never syncs ----------------------------
    t_queue = time.perf_counter()
    notes: list[str] = []  # on t1, in queue order
    priorities: list[str] = []  # t2's priority chain
    subjects: list[str] = []  # t2's subject chain
    tags_expected: set[str] = set()  # t2's tags after A's add/remove operations
    follow_ups: list[uuid.UUID] = []
    a.set_ticket_fields(ids["t3"], priority="low")  # B will change t3's priority first: this one loses
    k = 1
    while k < OFFLINE_WRITES:
        r = k % 6
        if r in (0, 3):
            body = f"offline note {k:04d}"
            a.add_note(ids["t1"], body)
            notes.append(body)
        elif r == 1:
            cur = priorities[-1] if priorities else "urgent"  # t2 starts urgent
            new = PRIORITIES[(PRIORITIES.index(cur) + 1) % 4]
            assert a.set_ticket_fields(ids["t2"], priority=new) is not None
            priorities.append(new)
        elif r == 2:
            subject = f"배송 지연 문의 (offline edit {k})"
            a.set_ticket_fields(ids["t2"], subject=subject)
            subjects.append(subject)
        elif r == 4:
            tag = f"off-{k % 5}"
            if tag in tags_expected and k % 4 == 0:
                a.remove_tag(ids["t2"], tag)
                tags_expected.discard(tag)
            else:
                a.add_tag(ids["t2"], tag)
                tags_expected.add(tag)
        else:
            follow_ups.append(a.create_follow_up(f"offline call back {k}", utcnow() + timedelta(hours=k), ticket=ids["t2"]))
        k += 1
    queue = a.outbox()
    assert len(queue) == OFFLINE_WRITES and all(e.acked_version is None for e in queue)
    t_queue = time.perf_counter() - t_queue

    # --- meanwhile: another agent's real pushes (conflicting with A on t3) ----------------
    t_team = time.perf_counter()
    b_notes = []
    prio = "normal"  # t3 starts normal
    for k in range(TEAM_MUTATIONS):
        r = k % 4
        if r == 0:
            prio = PRIORITIES[(PRIORITIES.index(prio) + 1) % 4]
            b.set_ticket_fields(ids["t3"], priority=prio)
        elif r == 1:
            body = f"team note {k:04d}"
            b.add_note(ids["t1"] if k % 8 == 1 else ids["t3"], body)
            b_notes.append(body)
        elif r == 2:
            if k % 3:
                b.add_tag(ids["t3"], f"team-{k % 7}")
            else:
                b.remove_tag(ids["t3"], f"team-{(k // 3) % 7}")
        else:
            b.set_ticket_fields(ids["t2"], category=f"delivery-{k % 5}")  # t2, but not A's fields
        if k % 50 == 49:
            pushed, pulled = cb.sync_once()
            assert pushed.error == "" and pulled is not None
    pushed, pulled = cb.sync_once()
    assert pushed.error == "" and pulled is not None and b.outbox() == []
    t_team = time.perf_counter() - t_team

    # --- meanwhile: a bulk of server changes, each with a version of its own -------------
    # New tickets (created whole) and customer replies on the tickets everyone has,
    # interleaved, including replies on tickets created after the agent went offline.
    t_bulk = time.perf_counter()
    with server.engine.connect() as conn:
        v_before_bulk, _ = read_clock(conn)
    per_batch = REPLIES // 5
    for k in range(5):
        writer.new_tickets(NEW_TICKETS // 5)
        writer.replies(existing, per_batch if k < 4 else REPLIES - 4 * per_batch, offset=k * per_batch)
    with server.engine.connect() as conn:
        v_after_bulk, _ = read_clock(conn)
    assert v_after_bulk - v_before_bulk == BULK_VERSIONS
    t_bulk = time.perf_counter() - t_bulk

    cursor_before = a.cursor()
    with server.engine.connect() as conn:
        behind = read_clock(conn)[0] - cursor_before[1]
    assert behind >= BULK_VERSIONS + TEAM_MUTATIONS

    # --- A reconnects: one sync catches up ------------------------------------------------
    pulled_rows = []
    ca.on_rows = lambda table, rows: pulled_rows.append(len(rows))
    push_time = []
    real_push = ca.push_once

    def timed_push(*args, **kw):
        t = time.perf_counter()
        try:
            return real_push(*args, **kw)
        finally:
            push_time.append(time.perf_counter() - t)

    ca.push_once = timed_push  # sync_once = this push, then the pull
    t_sync = time.perf_counter()
    pushed, pulled = ca.sync_once()
    t_sync = time.perf_counter() - t_sync
    [t_push] = push_time
    t_pull = t_sync - t_push
    assert pushed.error == "", pushed.error
    assert (pushed.pushed, pushed.applied, pushed.rejected) == (OFFLINE_WRITES, OFFLINE_WRITES, 0)
    assert pulled is not None and not pulled.full, ca.status().last_error
    print(f"\n[offline catch-up] queued {OFFLINE_WRITES} writes in {t_queue:.2f}s; team pushed {TEAM_MUTATIONS} "
          f"mutations in {t_team:.2f}s ({TEAM_MUTATIONS / t_team:.0f}/s); bulk {BULK_CHANGES} rows in "
          f"{BULK_VERSIONS} server changes in {t_bulk:.2f}s; the agent was {behind} versions behind")
    print(f"[offline catch-up] one sync_once in {t_sync:.2f}s: pushed {pushed.pushed} in {t_push:.2f}s "
          f"({pushed.pushed / t_push:.0f}/s), pulled {pulled.rows} rows (rebased {pulled.rebased}) in {t_pull:.2f}s "
          f"= {pulled.rows / t_pull:.0f} rows/s ({pulled.rows / t_sync:.0f} rows/s over the whole sync)")
    assert sum(pulled_rows) == pulled.rows >= BULK_CHANGES

    # Outbox empty, cursor at the server's clock, nothing queued or unconfirmed.
    assert a.outbox() == []
    st = ca.status()
    assert (st.queued, st.unconfirmed, st.state) == (0, 0, "online")
    with server.engine.connect() as conn:
        v_now, epoch = read_clock(conn)
    assert a.cursor() == (epoch, v_now) and pulled.version == v_now

    # Applied in queue order: the server's versions for A's mutations increase with the queue.
    sm = T["sync_mutations"]
    with server.engine.connect() as conn:
        stored = {m: (ver, res["status"]) for m, ver, res in
                  conn.execute(select(sm.c.mutation_id, sm.c.version, sm.c.result)
                               .where(sm.c.mutation_id.in_([e.mutation_id for e in queue])))}
    assert len(stored) == OFFLINE_WRITES
    versions = [stored[e.mutation_id][0] for e in queue]
    assert versions == sorted(versions) and len(set(versions)) == OFFLINE_WRITES
    assert all(stored[e.mutation_id][1] == "applied" for e in queue)
    assert versions[0] > v_after_bulk  # pushed after everything the team did

    msgs, tickets, audit = T["messages"], T["tickets"], T["audit_log"]
    with server.engine.connect() as conn:
        t1 = conn.execute(select(tickets.c.id).where(tickets.c.number == ids["t1"])).scalar_one()
        t2 = conn.execute(select(tickets).where(tickets.c.number == ids["t2"])).one()
        t3 = conn.execute(select(tickets).where(tickets.c.number == ids["t3"])).one()
        # The notes: on the server once each, in the order they were written.
        on_t1 = conn.execute(select(msgs.c.body, msgs.c.created_at, msgs.c.rev)
                             .where(msgs.c.ticket_id == t1, msgs.c.body.like("offline note %"))
                             .order_by(msgs.c.created_at, msgs.c.rev)).all()
        assert [r.body for r in on_t1] == notes
        assert [r.rev for r in on_t1] == sorted(r.rev for r in on_t1)
        # The field chains end at the last value, and were applied one after another.
        assert t2.priority == priorities[-1] and t2.subject == subjects[-1]
        assert t2.category.startswith("delivery-")  # B's change to another field survived A's rebase
        live = set(conn.scalars(select(T["ticket_tags"].c.tag)
                                .where(T["ticket_tags"].c.ticket_id == t2.id, T["ticket_tags"].c.deleted.is_(False))))
        assert live == tags_expected and t2.tags_text == " ".join(sorted(tags_expected))
        chain = [row.changes["priority"][1] for row in conn.execute(
            select(audit.c.changes).where(audit.c.entity_id == t2.id).order_by(audit.c.at)) if "priority" in row.changes]
        assert chain == priorities
        # A's stale t3 priority lost to B's (first committed wins) and A was told.
        assert t3.priority == prio
        # message_count is every message counted once, on every ticket.
        counts = dict(conn.execute(select(msgs.c.ticket_id, func.count()).group_by(msgs.c.ticket_id)).all())
        for tid, count in conn.execute(select(tickets.c.id, tickets.c.message_count)):
            assert count == counts.get(tid, 0), tid
        # No duplicates anywhere: every body once.
        dupes = conn.execute(select(msgs.c.body, func.count()).group_by(msgs.c.body).having(func.count() > 1)).all()
        assert dupes == []
    [lost] = [c for c in a.conflicts() if c.lost_by_me]
    assert (lost.field, lost.resolution, lost.mine, lost.theirs) == ("priority", "kept_server", "low", prio)

    # The replica equals the server, follow-ups included.
    assert {f for (f, *_rest) in dump(a.db, where_agent=me)["follow_ups"]} >= set(follow_ups)
    assert dump(a.db, where_agent=me) == dump(server, where_agent=me)
    # And B, one pull later, too.
    assert cb.pull_once() is not None
    assert dump(b.db, where_agent=other) == dump(server, where_agent=other)
    with a.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    close(a, b)


# --- a bug the long offline stretch exposes (see the report of this test) ------------------
# Regression (found by this test): a windowed catch-up must not stall on a ticket written again later.
@pytest.mark.slow
def test_a_ticket_created_and_touched_again_while_offline_does_not_stall_the_catch_up(pg_db, tmp_path):
    ids = seed_small(pg_db)
    a, b = replica(tmp_path, "away", "kim.minji"), replica(tmp_path, "busy", "lee.junho")
    ca, cb = client(a, pg_db), client(b, pg_db)
    # While A is away: a customer writes in (a new ticket with its first message, one version) ...
    with pg_db.session() as s:
        new = tickets_service.create_ticket(s, subject="새 문의", body="환불 문의드립니다", channel="email",
                                            customer_id=ids["customer"])
        new.team_id = team_id(s)
        number = new.number
    stamp_unversioned(pg_db.engine)
    assert cb.pull_once() is not None
    # ... more than one pull window of the team's work goes by (B's own follow-ups: A does
    # not even pull them) ...
    # A asks for windows of 40 versions (a desk's default is 500): the stall needs a window
    # boundary between the ticket's first message and its later write, whatever the window's
    # size, and 50 follow-ups cross one as 510 crossed one of 500 (they took ~20 s to push).
    ca.window = 40
    for k in range(ca.window + 10):
        b.create_follow_up(f"B's call back {k}", utcnow() + timedelta(hours=1))
    # ... and B answers the new ticket: its row now has a version past the window that
    # holds its first message.
    b.add_message(number, "환불 접수했습니다")
    pushed, pulled = cb.sync_once()
    assert pushed.error == "" and pulled is not None
    try:
        assert ca.pull_once() is not None, ca.status().last_error  # IntegrityError: FOREIGN KEY constraint failed
        me = agent_id(pg_db, "kim.minji")
        assert dump(a.db, where_agent=me) == dump(pg_db, where_agent=me)
    finally:
        close(a, b)
