"""PySide6 6.12.0 on Python 3.11 drops a reference to None on every void Qt call and
aborts the interpreter after ~5,000 of them (docs/figures.md). Run many such
calls in a child process so a lifted pin fails here, not on an agent's desk."""

import json
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


HOOK_CODE = """
import agentdesk.ui  # replaces PySide6's per-import source check
from PySide6.support import feature
read = []
feature._mod_uses_pyside = lambda module: read.append(module.__name__) or True
import fractions, sqlalchemy.sql, pyqtgraph
import json
print(json.dumps([sorted({name.partition(".")[0] for name in read}),
                  feature.pyside_feature_dict["fractions"], feature.pyside_feature_dict["sqlalchemy"]]))
"""


def test_imports_after_pyside_are_not_read_as_source():
    # PySide6 reads each imported module's whole source to look for "PySide6" (~0.1 s of
    # the start-up); agentdesk.ui decides by the name. If an upgrade moves the hook, this
    # fails and the start-up figure in benchmarks/README.md is to be measured again.
    proc = subprocess.run([sys.executable, "-c", HOOK_CODE], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-800:]
    # Only Qt-named packages still get PySide6's own check; the rest are "ignore" (-1).
    assert json.loads(proc.stdout) == [["pyqtgraph"], -1, -1]
