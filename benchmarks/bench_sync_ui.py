"""Does the window stay responsive while its replica catches up? (issue 4: "the UI never
freezes during sync").

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_sync_ui.py --messages 50000

A team server with the demo workspace; the window opens on a synced replica, listening.
Then the server gets N new messages in one burst (N versions: one transaction each would
take minutes, so they are written in one statement and stamped with versions in blocks
of 10), and the window's sync thread pulls them. A 10 ms timer on the GUI thread records
the longest gap between its ticks (what an agent would feel as a freeze) while the
catch-up runs, and the inbox is scrolled and a ticket opened meanwhile.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text  # noqa: E402

from agentdesk.db import open_database  # noqa: E402
from agentdesk.profiles import Profile  # noqa: E402
from agentdesk import demo  # noqa: E402
from agentdesk.sync import capture  # noqa: E402
from agentdesk.sync.engine import SyncClient  # noqa: E402
from agentdesk.sync.replica import LocalReplica  # noqa: E402
from agentdesk.server.feed import stamp_unversioned  # noqa: E402
from agentdesk.sync.workspace import TeamWorkspace  # noqa: E402
from benchmarks.bench_sync import team_server, temporary_server  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=50_000)
    args = ap.parse_args()
    from PySide6.QtCore import QElapsedTimer, QTimer

    from agentdesk.ui import app as appmod

    tmp = Path(tempfile.mkdtemp(prefix="bench-sync-ui-"))
    with temporary_server() as server, team_server(server, tmp / "server") as http:
        demo.generate(server, customers=500, tickets=3000, seed=1)
        stamp_unversioned(server.engine)
        with server.engine.connect() as c:
            login = c.execute(text("SELECT value FROM workspace_settings WHERE key = 'current_agent_login'")).scalar()
        qapp = appmod.make_application()
        db = open_database(f"sqlite:///{tmp / 'replica.db'}")
        rep = LocalReplica(db, login)
        team = TeamWorkspace(Profile(name="bench", server=http.url, agent=login), db, rep,
                             capture.install(db, login))
        client = SyncClient(rep, http.connect(login))
        client.sync_once()
        w = appmod.build_window(db, appmod.load_agent(db, login), appmod.settings(), team, client)
        w.resize(1400, 900)
        w.show()
        w.inbox.start("all")
        deadline = time.monotonic() + 10
        while not w.ctx.sync.listening and time.monotonic() < deadline:
            qapp.processEvents()
            time.sleep(0.01)
        gaps, clock = [], QElapsedTimer()
        clock.start()
        last = [clock.elapsed()]

        def tick() -> None:
            now = clock.elapsed()
            gaps.append(now - last[0])
            last[0] = now

        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(tick)
        timer.start()
        v0 = client.replica.cursor()[1]
        done: dict = {}

        def burst() -> None:  # the other agents' work arrives while this window is open
            with server.engine.begin() as c:
                # N messages on existing tickets, then versions in blocks of 10 rows.
                c.execute(text(
                    "INSERT INTO messages (id, ticket_id, direction, kind, channel, body, author_name, created_at, "
                    "updated_at, rev, deleted) SELECT gen_random_uuid(), t.id, 'internal', 'note', t.channel, "
                    "'bench note ' || g, 'bench', now(), now(), 0, false FROM generate_series(1, :n) g "
                    "JOIN LATERAL (SELECT id, channel FROM tickets OFFSET (g % 3000) LIMIT 1) t ON true"),
                    {"n": args.messages})
                c.execute(text(
                    "WITH c AS (UPDATE sync_clock SET v = v + :blocks WHERE id = 1 RETURNING v), "
                    "r AS (SELECT id, row_number() OVER (ORDER BY id) AS k FROM messages WHERE rev = 0) "
                    "UPDATE messages m SET rev = (SELECT v FROM c) - :blocks + 1 + (r.k - 1) / 10 FROM r "
                    "WHERE m.id = r.id"), {"blocks": (args.messages + 9) // 10})
                c.execute(text("SELECT pg_notify('agentdesk_sync', '{\"team\": null}')"))
            with server.engine.connect() as c:
                done["target"] = c.execute(text("SELECT v FROM sync_clock")).scalar()
                done["at"] = time.perf_counter()

        import threading

        writer = threading.Thread(target=burst)
        writer.start()
        step = 0
        t0 = time.perf_counter()
        while ("target" not in done or client.replica.cursor()[1] < done["target"]) and time.perf_counter() - t0 < 600:
            qapp.processEvents()
            step += 1
            if step % 20 == 0:  # the agent keeps working: scroll, open a ticket
                w.next_ticket()
                if step % 100 == 0:
                    w.open_selected()
            time.sleep(0.005)
        writer.join()
        target, t0 = done["target"], done["at"]
        took = time.perf_counter() - t0
        timer.stop()
        during = sorted(gaps)
        print(f"catch-up of {args.messages:,} messages ({target - v0:,} versions): {took:.1f} s, "
              f"{args.messages / took:,.0f} rows/s, windows of {client.window} versions")
        print(f"GUI thread gaps while syncing: p50 {during[len(during) // 2]} ms, p99 "
              f"{during[int(len(during) * 0.99)]} ms, max {during[-1]} ms ({len(during)} ticks of 10 ms)")
        w.ctx.sync.stop()
        client.close()
        db.dispose()


if __name__ == "__main__":
    main()
