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


def _imports_full(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_server_has_no_qt_and_the_desk_has_no_server():
    """The team server is its own package: no Qt in it, and the desk (sync, views, ui,
    profiles) never imports it (a desk cannot reach around the server's rules)."""
    server_qt = [str(p.relative_to(ROOT)) for p in (ROOT / "server").rglob("*.py")
                 if _imports(p) & {"PySide6", "shiboken6"}]
    assert server_qt == []
    desk = [p for pkg in ("sync", "views", "ui") for p in (ROOT / pkg).rglob("*.py")] + [ROOT / "profiles.py"]
    offenders = [str(p.relative_to(ROOT)) for p in desk
                 if any(m == "agentdesk.server" or m.startswith("agentdesk.server.") for m in _imports_full(p))]
    assert offenders == []


def test_rules_and_wire_formats_are_pure():
    """The shared vocabularies both sides import hold no Qt and no server code."""
    for name in ("sync/protocol.py", "sync/wire.py"):
        mods = _imports_full(ROOT / name)
        assert not any(m.startswith(("PySide6", "agentdesk.server", "agentdesk.ui")) for m in mods), name


def test_the_ticket_rules_are_pure():
    """agentdesk/rules.py is plain functions over plain values: the services, the replica
    and the team server all call it, so it reaches for no database and no Qt. (It takes
    the vocabularies from agentdesk.models, whose import is the model's business, and its
    refusals' codes from agentdesk.catalogue, which is pure itself.)"""
    imported = _imports(ROOT / "rules.py")
    assert not imported & {"sqlalchemy", "PySide6", "shiboken6"}, imported
    tree = ast.parse((ROOT / "rules.py").read_text(encoding="utf-8"))
    from_project = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                    and node.module and node.module.startswith("agentdesk")}
    # agentdesk.phones is plain too (the phonenumbers library): a contact is normalised by the rules.
    assert from_project <= {"agentdesk.models", "agentdesk.phones", "agentdesk.catalogue"}, from_project


def test_the_message_catalogue_is_pure():
    """agentdesk/catalogue.py (the codes and English lines of refusals and timeline events)
    is imported by rules.py, the services, the replica and the server: it imports nothing
    of the project and no library beyond the standard one."""
    imported = _imports(ROOT / "catalogue.py")
    assert imported <= {"__future__", "re", "collections", "typing"}, imported


def test_demo_and_progress_are_plain_python_and_not_services():
    """agentdesk/demo runs in the CLI, the first start, the self-test, benchmarks and its
    own worker processes: no Qt, no UI; and services/ never reach into it."""
    files = [*(ROOT / "demo").rglob("*.py"), ROOT / "progress.py"]
    offenders = [str(p.relative_to(ROOT)) for p in files
                 if any(n.split(".")[0] in ("PySide6", "shiboken6") or n.startswith(("agentdesk.ui", "agentdesk.views"))
                        for n in _imports_full(p))]
    assert offenders == []
    assert not (ROOT / "services" / "demo.py").exists()
    users = [str(p.relative_to(ROOT)) for p in (ROOT / "services").rglob("*.py") if "agentdesk.demo" in _imports_full(p)]
    assert users == []


def test_panes_import_the_kit_never_the_shell():
    """The shell (agentdesk/ui) assembles the panes (agentdesk/views); both are built on
    agentdesk/ui/kit. A pane importing the shell, or the kit importing either, would make
    a cycle that only import order keeps working."""
    def ui_imports(p: Path) -> set[str]:
        return {m for m in _imports_full(p) if m == "agentdesk.ui" or m.startswith(("agentdesk.ui.", "agentdesk.views"))}

    panes = [(str(p.relative_to(ROOT)), m) for p in (ROOT / "views").rglob("*.py") for m in ui_imports(p)
             if not m.startswith(("agentdesk.ui.kit", "agentdesk.views"))]
    assert panes == []
    kit = [(str(p.relative_to(ROOT)), m) for p in (ROOT / "ui" / "kit").rglob("*.py") for m in ui_imports(p)
           if not m.startswith("agentdesk.ui.kit")]
    assert kit == []


def test_the_erlang_module_is_pure_stdlib():
    """agentdesk/erlang.py (the staffing estimate) is called by the service, the CLI and the
    supervisor view: the standard library and the catalogue's coded errors only (no numpy,
    no database, no Qt)."""
    imported = _imports_full(ROOT / "erlang.py")
    assert imported <= {"__future__", "math", "dataclasses", "agentdesk.catalogue"}, imported


def test_the_simulation_is_pure():
    """agentdesk/simulation (scenarios, the simulated customer, scoring) runs in the window,
    the headless `agentdesk simulate` and the team server, which replays attempts: no Qt, no
    database, no UI. From the project it takes the PII masking and the data directory only."""
    files = list((ROOT / "simulation").rglob("*.py"))
    assert files
    for path in files:
        mods = _imports_full(path)
        assert not {m.split(".")[0] for m in mods} & {"PySide6", "shiboken6", "sqlalchemy", "alembic"}, path
        project = {m for m in mods if m.startswith("agentdesk") and not m.startswith("agentdesk.simulation")}
        assert project <= {"agentdesk", "agentdesk.services.pii", "agentdesk.config"}, (path, project)


def test_the_window_does_not_import_what_only_some_actions_need():
    """Start-up time (issue 16): the window's modules leave out what only some actions
    use: Jinja2 (a template rendered), phonenumbers (a number typed or dialled), the
    supervisor's charts, the trainer and the side panes made after the window is shown."""
    import subprocess
    import sys

    code = ("import sys, agentdesk.ui.app, agentdesk.ui.main_window; "
            "print(sorted(m for m in ('jinja2', 'phonenumbers', 'pyqtgraph', 'numpy', 'agentdesk.views.supervisor', "
            "'agentdesk.views.trainer', 'agentdesk.views.knowledge', 'agentdesk.views.calendar') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True).stdout
    assert out.strip() == "[]"
