"""Speed figures of the real window on a large workspace (run on demand: make bench).

    python benchmarks/bench_demo_data.py --db /tmp/agentdesk-1m.db     # once: 1M tickets, 200k customers
    python benchmarks/bench_ui.py --db /tmp/agentdesk-1m.db

Prints: start to first paint and to an interactive inbox (a fresh process, as an agent
starts it), saved-view / filter switch p50/p95, opening a 50-message ticket with its
customer 360 p50/p95, jump to the end of the inbox, and resident memory.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident set size in MB."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def measure_start(db_url: str, runs: int) -> dict:
    """`agentdesk --db URL` in a fresh process, timed from before the interpreter starts."""
    results = []
    # An installed desk has its bytecode compiled (pip and PyInstaller write it); a
    # PYTHONDONTWRITEBYTECODE in the shell would time compiling every module instead
    # (0.7 s). The first run writes it and is not counted.
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for n in range(runs + 1):
        env = {**base, "BENCH_T0": repr(time.time()), "AGENTDESK_STARTUP_PROBE": "1"}
        out = subprocess.run([sys.executable, "-m", "agentdesk", "--db", db_url, "--lang", "ko", "--no-demo"],
                             env=env, capture_output=True, text=True, check=True, cwd=ROOT).stdout
        if n:
            results.append(json.loads(out.strip().splitlines()[-1]))
    stages = {name: [round(statistics.median(r["stages"][name][i] for r in results), 3) for i in (0, 1)]
              for name in results[0]["stages"]}
    return {
        "first_paint_s": round(statistics.median(r["first_paint_s"] for r in results), 3),
        "interactive_s": round(statistics.median(r["interactive_s"] for r in results), 3),
        "interactive_max_s": round(max(r["interactive_s"] for r in results), 3),
        "rss_after_start_mb": round(statistics.median(r["rss_mb"] for r in results)),
        "stages_wall_cpu_s": stages,  # median [wall since start, process CPU] at each stage
    }


def ensure_long_tickets(db, count: int = 20, messages: int = 50) -> list:
    """Gives `count` tickets 50 messages each (idempotent), for the ticket-open figure."""
    from sqlalchemy import select

    from agentdesk import rules
    from agentdesk.models import Ticket
    from agentdesk.services import tickets
    from agentdesk.services.common import current_agent

    with db.session() as s:
        # Tickets that can take a written reply (a phone ticket takes call logs and notes).
        rows = s.execute(select(Ticket.id, Ticket.message_count, Ticket.customer_id)
                         .where(Ticket.customer_id.is_not(None), Ticket.channel.not_in(rules.UNDELIVERABLE_CHANNELS))
                         .order_by(Ticket.number).limit(count)).all()
        agent = current_agent(s)
        for tid, n, _customer in rows:
            for i in range(n, messages):
                tickets.add_message(s, tid, agent, f"벤치마크 답변 {i}: 확인 후 안내드리겠습니다. " * 3,
                                    kind="reply" if i % 3 else "note")
    return [(tid, customer) for tid, _, customer in rows]


def measure_window(db_url: str) -> dict:
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from agentdesk.db import open_database
    from agentdesk.services.tickets import VIEWS
    from agentdesk.ui import app as appmod

    qt = appmod.make_application()
    appmod.install_language(qt, "ko")
    db = open_database(db_url)
    long_ids = ensure_long_tickets(db)
    window = appmod.build_window(db, appmod.load_agent(db, None), appmod.settings())
    window.resize(1600, 940)
    window.show()
    inbox = window.inbox
    inbox.start("all")
    window.ctx.runner.wait()
    while not window.side_panes_made():  # made one per event-loop turn once the window is shown
        QApplication.processEvents()
    window.ctx.runner.wait()
    QApplication.processEvents()

    def paint() -> None:
        inbox.table.viewport().repaint()

    def until_shown(timeout: float = 60.0) -> None:
        """Until the new count and the visible rows have arrived and are painted: the count
        and the pages are read on workers, so the call itself returns at once. Asking the
        model for the top row asks for its page, as a paint would; the rows are painted
        once they are there. (Until 2026-12-06 this loop repainted the table on every look,
        every ~0.5 ms: that held the GIL against the worker reading the rows, which a
        window never does, and added 10-25 ms to every switch and search; the figures
        before that date were taken that way.)"""
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            QApplication.processEvents()  # the workers' deliveries
            m, top = inbox.model, max(inbox.table.rowAt(0), 0)
            if m.loaded() and (m.rowCount() == 0 or m.row_at(top) is not None):
                paint()
                return
            time.sleep(0.0005)  # leave the GIL to the worker between looks
        raise RuntimeError("the inbox did not show its rows within the timeout")

    # Saved views and filters: the query, the count, and the visible rows painted.
    switch: list[float] = []
    labels: list[str] = []  # what each switch was, for the slowest ones printed at the end
    for _ in range(5):
        for v in VIEWS:
            t = time.perf_counter()
            inbox.select_view(v)
            until_shown()
            switch.append(time.perf_counter() - t)
            labels.append(f"view {v}")
    inbox.select_view("all")
    for combo in (inbox.channel, inbox.status, inbox.priority, inbox.assignee):
        for i in range(1, min(combo.count(), 7)):
            t = time.perf_counter()
            combo.setCurrentIndex(i)
            until_shown()
            switch.append(time.perf_counter() - t)
            labels.append(f"{combo.objectName() or 'filter'} {combo.itemData(i)}")
        combo.setCurrentIndex(0)
    sort = []
    for col in (0, 3, 4, 5, 6):
        t = time.perf_counter()
        inbox.table.sortByColumn(col, Qt.DescendingOrder)
        until_shown()
        sort.append(time.perf_counter() - t)
    search = []
    for term in ("환불", "한도 조회", "배송", "password", "refund"):
        t = time.perf_counter()
        inbox.search.setText(term)
        inbox._apply_filters()
        until_shown(timeout=300)  # PostgreSQL before migration 0034 had no search index: minutes at 1M
        search.append(time.perf_counter() - t)
    # The view badges are recounted with the search too; without a search index
    # (PostgreSQL before migration 0034) that held both read workers for minutes at 1M.
    window.ctx.runner.wait(1_200_000)
    inbox.search.setText("")
    inbox.select_view("all")
    inbox.table.sortByColumn(6, Qt.DescendingOrder)
    until_shown()
    window.ctx.runner.wait(1_200_000)

    # Jump to the end of 'All' with a cold page cache.
    jump = []
    for _ in range(10):
        inbox._apply_filters()
        t = time.perf_counter()
        inbox.jump(True)
        until_shown()
        jump.append(time.perf_counter() - t)

    # Opening a 50-message ticket together with its customer 360, until both are drawn.
    opened = []
    for tid, customer_id in long_ids:
        loop = QEventLoop()
        state = {"ticket": False, "customer": False}

        def done(which, state=state, loop=loop):
            state[which] = True
            if all(state.values()):
                loop.quit()

        c1 = window.ticket.loaded.connect(lambda _d: done("ticket"))
        c2 = window.customer.loaded.connect(lambda _d: done("customer"))
        QTimer.singleShot(5000, loop.quit)
        t = time.perf_counter()
        window.open_ticket(tid, customer_id)  # as from an inbox row, which knows the customer
        loop.exec()
        window.ticket.repaint()  # what changed on screen: the ticket and the customer 360
        window.customer.repaint()
        opened.append(time.perf_counter() - t)
        window.ticket.loaded.disconnect(c1)
        window.customer.loaded.disconnect(c2)
    window.ctx.runner.wait()
    current, peak = rss_mb()
    ms = lambda xs, p: round(pct(xs, p) * 1000, 1)  # noqa: E731
    return {
        "tickets": inbox.model.rowCount(),
        "view_or_filter_switch_ms": {"p50": ms(switch, 50), "p95": ms(switch, 95), "n": len(switch),
                                     "slowest": [f"{label}: {x * 1000:.0f}" for x, label in
                                                 sorted(zip(switch, labels), reverse=True)[:6]]},
        "sort_ms": {"p50": ms(sort, 50), "max": ms(sort, 100)},
        "text_search_ms": {"p50": ms(search, 50), "p95": ms(search, 95), "max": ms(search, 100),
                           "each": [round(x * 1000) for x in search]},
        "jump_to_end_ms": {"p50": ms(jump, 50), "p95": ms(jump, 95)},
        "open_50_message_ticket_with_360_ms": {"p50": ms(opened, 50), "p95": ms(opened, 95), "n": len(opened),
                                               "each": [round(x * 1000) for x in opened]},
        "rss_mb": round(current), "peak_rss_mb": round(peak),
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", default="/tmp/agentdesk-1m.db")
    p.add_argument("--runs", type=int, default=5, help="fresh-process start-up runs")
    args = p.parse_args()
    url = args.db if "://" in args.db else f"sqlite:///{Path(args.db).resolve()}"
    if "sqlite" in url and not Path(url.split("///", 1)[1]).exists():
        print(f"{args.db} does not exist: build it with benchmarks/bench_demo_data.py --db {args.db}")
        return 2
    os.environ.setdefault("AGENTDESK_HOME", "/tmp/agentdesk-bench-home")
    figures = {"start": measure_start(url, args.runs) if args.runs else {}, "window": measure_window(url)}
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
