"""agentdesk/demo is plain Python like services/ (the CLI, the first start, the self-test
and the benchmarks run it, worker processes import it): no Qt, and not a service."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "agentdesk"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_demo_and_progress_never_import_qt():
    files = [*(ROOT / "demo").rglob("*.py"), ROOT / "progress.py"]
    offenders = [str(p.relative_to(ROOT)) for p in files
                 if any(n.split(".")[0] in ("PySide6", "shiboken6") or n.startswith("agentdesk.ui")
                        or n.startswith("agentdesk.views") for n in _imports(p))]
    assert offenders == []


def test_demo_is_not_in_services():
    assert not (ROOT / "services" / "demo.py").exists()
    users = [str(p.relative_to(ROOT)) for p in (ROOT / "services").rglob("*.py") if "agentdesk.demo" in _imports(p)]
    assert users == []
