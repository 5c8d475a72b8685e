"""The real main window, driven like an agent would (offscreen)."""

import os
import sqlite3
import subprocess
import sys
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QLabel

from agentdesk.db import open_database
from agentdesk.services import tickets
from agentdesk.ui import app as appmod
from tests.factories import seed_small


@pytest.fixture
def window(qtbot, sqlite_db):
    ids = seed_small(sqlite_db)
    w = appmod.build_window(sqlite_db, appmod.load_agent(sqlite_db, None), appmod.settings())
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    with qtbot.waitSignals([w.inbox.countsUpdated, w.inbox.model.counted], timeout=5000):
        w.inbox.start("all")
    w.ids = ids
    yield w
    w.ctx.runner.wait()


def test_bundled_korean_font_is_registered(qtbot):
    families = appmod.register_fonts(QApplication.instance())
    assert "NanumGothic" in families
    assert "NanumGothic" in QFontDatabase.families()
    assert QApplication.instance().font().family() == "NanumGothic"
    assert QFontDatabase.writingSystems("NanumGothic").count(QFontDatabase.WritingSystem.Korean) == 1


def test_keyboard_flow_open_reply_and_find_it_stored(qtbot, window):
    w = window
    w.inbox.table.setFocus()
    qtbot.keyClick(w, "j")
    qtbot.keyClick(w, "j")
    # The row's page is read on a worker: its ticket id is known once the page has arrived.
    qtbot.waitUntil(lambda: w.inbox.current_ticket_id() is not None, timeout=5000)
    target = w.inbox.current_ticket_id()
    with qtbot.waitSignal(w.ticket.loaded, timeout=5000):
        qtbot.keyClick(w.inbox.table, Qt.Key.Key_Return)
    assert w.ticket.detail.id == target
    qtbot.waitUntil(lambda: w.customer.current_customer_id == w.ticket.detail.customer_id, timeout=5000)
    w.ticket.timeline.setFocus()
    qtbot.keyClick(w.ticket.timeline, "r")
    assert w.ticket.composer.hasFocus() and w.ticket.mode() == "reply"
    # Hangul arrives through the input method, not key codes (QTest maps ASCII only)
    w.ticket.composer.insertPlainText("안녕하세요, 도와드리겠습니다.")
    with qtbot.waitSignal(w.ticket.messageSent, timeout=5000):
        qtbot.keyClick(w.ticket.composer, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    w.ctx.runner.wait()
    with w.ctx.db.session() as s:
        assert tickets.get_detail(s, target).messages[-1].body == "안녕하세요, 도와드리겠습니다."
    # n switches to a note
    w.ticket.timeline.setFocus()
    qtbot.keyClick(w.ticket.timeline, "n")
    assert w.ticket.mode() == "note"


def test_slash_focuses_search_and_views_switch_with_ctrl_digits(qtbot, window):
    w = window
    w.inbox.table.setFocus()
    qtbot.keyClick(w, "/")
    assert w.inbox.search.hasFocus()
    w.inbox.table.setFocus()
    qtbot.keyClick(w, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert w.inbox.current_view() == "pending"
    with qtbot.waitSignal(w.inbox.model.counted, timeout=5000):  # the view's rows are counted on a worker
        qtbot.keyClick(w, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert w.inbox.current_view() == "my_open" and w.inbox.model.rowCount() == 1


def test_command_palette_reaches_actions_and_tickets(qtbot, window):
    w = window
    palette = w.show_palette()
    qtbot.addWidget(palette)
    palette.input.setText("pending")
    assert any("Pending" in t for t in palette.visible_titles())
    palette.input.setText(str(w.ids["t3"]))
    assert palette.visible_titles()[0].endswith(f"#{w.ids['t3']}")
    with qtbot.waitSignal(w.ticket.loaded, timeout=5000):
        qtbot.keyClick(palette.input, Qt.Key.Key_Return)
    assert w.ticket.detail.number == w.ids["t3"]
    # every command is reachable by its own title
    for c in w.commands:
        p = w.show_palette()
        p.input.setText(c.title)
        assert c.title in p.visible_titles(), c.title
        p.close()


def test_shortcut_sheet_lists_keys(qtbot, window):
    sheet = window.show_shortcuts()
    qtbot.addWidget(sheet)
    table = sheet.findChild(type(sheet).__mro__[0], "shortcutSheet") or sheet
    keys = [sheet.findChild(object, "shortcutTable").item(i, 0).text()
            for i in range(sheet.findChild(object, "shortcutTable").rowCount())]
    assert "Ctrl+K" in keys and "Ctrl+Enter" in keys and "F1 / ?" in keys
    del table


def test_pop_out_ticket_into_its_own_window(qtbot, window):
    w = window
    with qtbot.waitSignal(w.ticket.loaded, timeout=5000):
        w.open_ticket(str(w.ids["t1"]))
    w.pop_out_current()
    popped = w.popouts[-1]
    qtbot.waitUntil(lambda: popped.pane.detail is not None, timeout=5000)
    assert popped.pane.detail.number == w.ids["t1"] and popped.isVisible()
    with qtbot.waitSignal(w.ticket.loaded, timeout=5000):
        w.open_ticket(str(w.ids["t2"]))
    assert popped.pane.detail.number == w.ids["t1"]  # two tickets side by side


def test_status_and_assignee_commands_change_the_ticket(qtbot, window):
    w = window
    with qtbot.waitSignal(w.ticket.loaded, timeout=5000):
        w.open_ticket(str(w.ids["t3"]))
    with qtbot.waitSignal(w.ctx.changes.changed, timeout=5000):
        w.set_status("solved")
    with qtbot.waitSignal(w.ctx.changes.changed, timeout=5000):
        w.assign_to_me()
    w.ctx.runner.wait()
    with w.ctx.db.session() as s:
        d = tickets.get_detail(s, w.ids["t3"])
    assert d.status == "solved" and d.assignee_name == "김민지"


def test_layout_is_remembered(qtbot, sqlite_db):
    seed_small(sqlite_db)
    agent = appmod.load_agent(sqlite_db, None)
    w = appmod.build_window(sqlite_db, agent, appmod.settings())
    qtbot.addWidget(w)
    w.resize(1100, 700)
    w.show()
    w.splitter.setSizes([400, 420, 280])
    sizes = w.splitter.sizes()
    w.close()
    w2 = appmod.build_window(sqlite_db, agent, appmod.settings())
    qtbot.addWidget(w2)
    w2.show()
    assert w2.size().width() == 1100
    assert w2.splitter.sizes() == sizes


def test_screen_pop_from_a_second_process(qtbot, window, tmp_path):
    """`agentdesk open --phone` hands the request to the running window over QLocalServer."""
    w = window
    single = appmod.SingleInstance(appmod.instance_key(w.ctx.db.url))
    assert single.listen()
    single.messageReceived.connect(w.handle_remote)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, "-m", "agentdesk", "open", "--phone", "010 1234 5678", "--db", w.ctx.db.url],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        qtbot.waitUntil(lambda: w.customer.current_customer_id == w.ids["customer"], timeout=15000)
        out, err = proc.communicate(timeout=15)
    finally:
        proc.kill()
        single.close()
    assert proc.returncode == 0, err
    assert "sent to the running AgentDesk" in out


def test_too_new_schema_shows_a_clear_message_and_changes_nothing(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "future.db"
    open_database(str(path)).dispose()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '0099'")
    con.commit()
    con.close()
    before = path.read_bytes()
    shown = []
    monkeypatch.setattr(appmod, "_error", lambda title, text: shown.append((title, text)))
    args = SimpleNamespace(db=str(path), lang="en", agent=None, no_demo=True)
    assert appmod.run_app(args) == 1
    assert shown and "newer AgentDesk" in shown[0][1]
    assert path.read_bytes() == before


def test_choose_language():
    assert appmod.choose_language("en", "ko") == "en"
    assert appmod.choose_language(None, "ko") == "ko"
    assert appmod.choose_language(None, None) in ("ko", "en")


def test_agent_status_is_stored_and_shown_at_next_start(qtbot, window):
    w = window
    w.set_agent_status_value("break")
    w.ctx.runner.wait()
    agent = appmod.load_agent(w.ctx.db, None)
    assert agent.status == "break"
    w2 = appmod.build_window(w.ctx.db, agent, appmod.settings())
    qtbot.addWidget(w2)
    assert w2.agent_status.currentData() == "break"


def test_first_start_creates_the_demo_workspace_and_opens_the_inbox(tmp_path):
    """What `make run` does on a fresh machine: empty home → demo data → window → inbox."""
    import json

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "AGENTDESK_HOME": str(tmp_path / "home"),
           "AGENTDESK_STARTUP_PROBE": "1"}
    env.pop("AGENTDESK_DB", None)
    proc = subprocess.run([sys.executable, "-m", "agentdesk", "--lang", "ko"], env=env, capture_output=True,
                          text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    assert figures["interactive_s"] > figures["first_paint_s"] > 0
    assert figures["gc_frozen"] > 0  # the start-up's pause of the collector ended before the demo data
    db = open_database(f"sqlite:///{tmp_path / 'home' / 'data' / 'workspace' / 'agentdesk.db'}")
    with db.session() as s:
        assert tickets.count_tickets(s, tickets.TicketQuery(), None) > 1000
    db.dispose()


def test_window_on_demo_data(qtbot, tmp_path):
    from agentdesk import demo

    db = open_database(str(tmp_path / "demo.db"))
    demo.generate(db, customers=60, tickets=400, seed=11)
    w = appmod.build_window(db, appmod.load_agent(db, None), appmod.settings())
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    with qtbot.waitSignal(w.inbox.countsUpdated, timeout=5000) as sig, \
            qtbot.waitSignal(w.inbox.model.counted, timeout=5000):
        w.inbox.start("my_open")
    assert sig.args[0]["all"] == 400 and sig.args[0]["my_open"] == w.inbox.model.rowCount() > 0
    w.inbox.table.setFocus()
    with qtbot.waitSignal(w.ticket.loaded, timeout=5000):
        qtbot.keyClick(w, "j")
    qtbot.waitUntil(lambda: w.customer.customer is not None, timeout=5000)
    assert w.customer.customer.id == w.ticket.detail.customer_id
    w.ctx.runner.wait()
    db.dispose()


def test_about_shows_version_workspace_and_licences(window):
    from agentdesk import __version__

    dialog = window.show_about()
    text = dialog.findChild(QLabel, "aboutText").text()
    assert f"AgentDesk {__version__}" in text and "test.db" in text
    notices = dialog.notices.toPlainText()
    assert "SQLAlchemy" in notices and "SIL Open Font License" in notices and "LGPL" in notices
    dialog.close()


def test_garbage_is_collected_on_the_gui_thread_only(window):
    """Automatic collection in a worker freed Qt objects there and deadlocked (ui/kit/tasks.py)."""
    import gc

    assert not gc.isenabled()
    from agentdesk.ui.kit.tasks import MainThreadGC

    assert MainThreadGC._instance is not None and MainThreadGC._instance._timer.isActive()


def test_an_error_leaves_the_status_bar_controls_in_place(qtbot, window):
    """QStatusBar.showMessage hid the agent's status selector, the counts and the overdue
    label for 10 s at every error."""
    w = window
    w.show_error("the search failed")
    shown = w.statusBar().findChild(QLabel, "statusError")
    assert shown.isVisible() and "the search failed" in shown.text()
    assert w.agent_status.isVisible() and w.counts_label.isVisible()
    assert w.statusBar().currentMessage() == ""


def test_the_collector_is_paused_for_the_start_and_handed_to_the_gui_thread_once_the_window_is_up(tmp_path):
    """agentdesk/__main__.py turns the cyclic GC off for the start-up; once the window is
    up the start-up's objects are frozen, and automatic collection stays off: the GUI
    thread collects on a timer (MainThreadGC), never a worker."""
    import json

    db = open_database(str(tmp_path / "w.db"))
    from agentdesk import demo

    demo.generate(db, customers=20, tickets=50, seed=3)
    db.dispose()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "AGENTDESK_HOME": str(tmp_path / "home"),
           "AGENTDESK_STARTUP_PROBE": "1"}
    proc = subprocess.run([sys.executable, "-m", "agentdesk", "--db", f"sqlite:///{tmp_path / 'w.db'}", "--no-demo"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    assert figures["gc_frozen"] > 10_000 and not figures["gc_enabled"]


def test_a_command_runs_with_the_collector_on(tmp_path, monkeypatch):
    """Only the window's start keeps the collector paused: a command (a long import, the
    server, the gateway) gets it back at once."""
    import gc

    import agentdesk
    from agentdesk import cli

    was = gc.isenabled()
    monkeypatch.setattr(agentdesk, "gc_owned_by_gui", False)  # as in a process with no window
    agentdesk.pause_gc_for_start()
    try:
        cli.main(["ticket", "list", "--db", f"sqlite:///{tmp_path / 'c.db'}"])  # "no agents yet": any command will do
        assert gc.isenabled()
    finally:
        agentdesk._start_paused = False
        gc.unfreeze()
        (gc.enable if was else gc.disable)()
