"""Progress of long commands: one plain line per stage when stderr is not a terminal
(it used to be "setup: 0/1setup: 1/1customers: 50/50…" with carriage returns and no
newline), a tqdm bar per stage on a terminal."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

from agentdesk.progress import StageProgress

ROOT = Path(__file__).resolve().parents[1]


def test_demo_data_into_a_pipe_prints_one_line_per_stage(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "agentdesk", "demo-data", "--db", f"sqlite:///{tmp_path / 'p.db'}",
         "--customers", "50", "--tickets", "7000"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "\r" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 3, lines
    for line, (stage, count) in zip(lines, [("setup", "1/1"), ("customers", "50/50"), ("tickets", "7,000/7,000")]):
        assert re.fullmatch(rf"{stage}: {count} \(\d+\.\d s\)", line), line
    out = proc.stdout.splitlines()
    assert len(out) == 1 and out[0].startswith("demo data written in ") and "tickets 7,000" in out[0]


def test_off_a_terminal_a_stage_prints_once_when_it_ends():
    out = io.StringIO()
    with StageProgress(out) as progress:
        progress("customers", 0, 10)
        progress("customers", 5, 10)
        progress("customers", 10, 10)
        progress("customers", 10, 10)  # reported twice: still one line
        progress("tickets", 0, 0)  # an empty stage is done at once
        progress("indexes", 1, 3)  # never finished (an error stopped it): no line
    lines = out.getvalue().splitlines()
    assert [line.split(" (")[0] for line in lines] == ["customers: 10/10", "tickets: 0/0"]


def test_on_a_terminal_a_bar_per_stage():
    out = io.StringIO()
    with StageProgress(out, terminal=True) as progress:
        for done in range(0, 3001, 1000):
            progress("tickets", done, 3000)
        progress("indexes", 2, 2)
    text = out.getvalue()
    assert "\r" in text  # redrawn in place
    assert re.search(r"tickets: 100%\|.*\| 3000/3000", text) and re.search(r"indexes: 100%\|.*\| 2/2", text)


def test_a_closed_or_plain_stream_is_not_a_terminal():
    closed = io.StringIO()
    closed.close()
    assert StageProgress(closed).terminal is False
    assert StageProgress(io.StringIO()).terminal is False
