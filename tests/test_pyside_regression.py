"""PySide6 6.12.0 on Python 3.11 drops a reference to None on every void Qt call and
aborts the interpreter after ~5,000 of them (docs/figures.md). Run many such
calls in a child process so a lifted pin fails here, not on an agent's desk."""

import subprocess
import sys

CODE = """
from PySide6.QtCore import QObject
o = QObject()
for i in range(30000):
    o.setObjectName("x")
print("ok")
"""


def test_thirty_thousand_void_calls_do_not_abort_the_interpreter():
    proc = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"exit {proc.returncode}: {proc.stderr[-500:]}"
    assert proc.stdout.strip() == "ok"
