"""services/ and sync/ are plain Python: the CLI, tests and UI all call them, so no Qt."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "agentdesk"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_services_and_sync_never_import_qt():
    offenders = [
        str(p.relative_to(ROOT))
        for pkg in ("services", "sync")
        for p in (ROOT / pkg).rglob("*.py")
        if _imports(p) & {"PySide6", "shiboken6"}
    ]
    assert offenders == []


def test_views_do_not_write_sql_directly():
    """Widgets go through services; views import no sqlalchemy."""
    offenders = [str(p.relative_to(ROOT)) for pkg in ("views", "ui") for p in (ROOT / pkg).rglob("*.py")
                 if "sqlalchemy" in _imports(p)]
    assert offenders == []


def test_the_ticket_rules_are_pure():
    """agentdesk/rules.py is plain functions over plain values: the services, the replica
    and the team server all call it, so it reaches for no database and no Qt. (It takes
    the vocabularies from agentdesk.models, whose import is the model's business.)"""
    imported = _imports(ROOT / "rules.py")
    assert not imported & {"sqlalchemy", "PySide6", "shiboken6"}, imported
    tree = ast.parse((ROOT / "rules.py").read_text(encoding="utf-8"))
    from_project = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                    and node.module and node.module.startswith("agentdesk")}
    assert from_project <= {"agentdesk.models"}, from_project
