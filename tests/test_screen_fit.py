"""First start on a 1366x768 screen (issue 12, defect 3): the window, its status bar and the
side column fit the screen's available area; the minimum size leaves room for a taskbar;
saved geometry is restored only where a present screen holds it. The window runs in its own
process, on a virtual screen of that size (the offscreen platform's configfile)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import seed_small

TESTS = Path(__file__).parent
SCREEN_1366 = TESTS / "offscreen-1366.json"
SCREEN_FULLHD = TESTS / "offscreen-fullhd.json"

# Opens the real window the way `agentdesk` does (build_window, fresh or kept settings), lets
# it lay out, optionally moves it (a window saved on a larger monitor), and prints geometries.
_PROBE = r"""
import json, sys, time
from agentdesk.db import open_database
from agentdesk.ui import app as appmod

app = appmod.make_application()
db = open_database(sys.argv[1])
w = appmod.build_window(db, appmod.load_agent(db, None), appmod.settings())
w.show()
w.inbox.start("all")
end = time.monotonic() + 1.0
while time.monotonic() < end:
    app.processEvents()

def rect(r):
    return [r.x(), r.y(), r.width(), r.height()]

def on_screen(widget):
    top_left = widget.mapToGlobal(widget.rect().topLeft())
    return [top_left.x(), top_left.y(), widget.width(), widget.height()]

table = w.inbox.table
print(json.dumps({
    "available": rect(w.screen().availableGeometry()),
    "frame": rect(w.frameGeometry()),
    "minimum": [w.minimumSize().width(), w.minimumSize().height()],
    "status_bar": on_screen(w.statusBar()),
    "side": on_screen(w.side),
    "subject_width": table.columnWidth(1),
    "shown_columns": [i for i in range(table.model().columnCount()) if not table.isColumnHidden(i)],
}))
if len(sys.argv) > 2:
    x, y, width, height = map(int, sys.argv[2].split(","))
    w.setGeometry(x, y, width, height)
    app.processEvents()
w.close()
db.dispose()
"""


def _run(db_path: Path, home: Path, screen: Path, move_to: str | None = None) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screen}", "AGENTDESK_HOME": str(home),
           "PYTHONPATH": str(TESTS.parent)}
    argv = [sys.executable, "-c", _PROBE, f"sqlite:///{db_path}"] + ([move_to] if move_to else [])
    done = subprocess.run(argv, env=env, cwd=TESTS.parent, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _inside(rect, area) -> bool:
    x, y, w, h = rect
    ax, ay, aw, ah = area
    return ax <= x and ay <= y and x + w <= ax + aw and y + h <= ay + ah


@pytest.fixture
def workspace(sqlite_db, tmp_path):
    seed_small(sqlite_db)
    path = sqlite_db.url.removeprefix("sqlite:///")
    sqlite_db.dispose()
    return Path(path)


def test_first_window_fits_a_1366x768_screen(workspace, tmp_path):
    got = _run(workspace, tmp_path / "home", SCREEN_1366)
    assert got["available"] == [0, 0, 1366, 768]
    assert _inside(got["frame"], got["available"]), got
    assert _inside(got["status_bar"], got["available"]), got
    assert _inside(got["side"], got["available"]), got
    assert got["minimum"][0] <= 1280 and got["minimum"][1] <= 680
    # The subject keeps room to be read; the columns that gave way are the low-priority ones.
    assert got["subject_width"] >= 170, got
    from agentdesk.views.inbox import COLUMNS

    shown = {COLUMNS[i] for i in got["shown_columns"]}
    assert {"subject", "priority", "status", "sla"} <= shown, shown


def test_saved_geometry_from_a_larger_monitor_is_not_restored_off_screen(workspace, tmp_path):
    home = tmp_path / "home"
    _run(workspace, home, SCREEN_FULLHD, move_to="300,120,1600,940")  # saved on a 1920x1080 monitor
    got = _run(workspace, home, SCREEN_1366)  # the laptop alone
    assert _inside(got["frame"], got["available"]), got
    assert _inside(got["status_bar"], got["available"]), got


def test_saved_geometry_that_fits_is_restored(workspace, tmp_path):
    home = tmp_path / "home"
    _run(workspace, home, SCREEN_1366, move_to="40,30,1100,700")
    got = _run(workspace, home, SCREEN_1366)
    assert got["frame"] == [40, 30, 1100, 700]
