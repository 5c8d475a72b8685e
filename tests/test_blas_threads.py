"""numpy's OpenBLAS is held to one thread in every agentdesk process: by default it starts
a thread per core and keeps them spinning after each call, taking the second core of a
2-core desk from the GUI and the workers (cli.limit_blas_threads)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir() or (os.cpu_count() or 1) < 2,
                                reason="counts threads in /proc, on a machine with cores to spare")

_PROBE = """
import os, sys
{setup}
import numpy as np
m = np.ones((50_000, 384), dtype=np.float32)
for _ in range(5):
    m @ np.ones(384, dtype=np.float32)
print(len(os.listdir("/proc/self/task")))
"""


def _threads(setup: str) -> int:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    out = subprocess.run([sys.executable, "-c", _PROBE.format(setup=setup)], capture_output=True, text=True,
                         env=env, timeout=120, check=True).stdout
    return int(out.strip().splitlines()[-1])


def test_an_agentdesk_process_runs_numpy_on_one_thread():
    assert _threads("") > 1  # numpy's default here: a thread per core (else this test proves nothing)
    started = "from agentdesk import cli\ntry:\n    cli.main(['--version'])\nexcept SystemExit:\n    pass"
    assert _threads(started) == 1
