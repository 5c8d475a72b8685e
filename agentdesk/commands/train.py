"""`agentdesk train [SCENARIO ...] [--mode certification]`: a training session in its own
window (issue 15), on a sandbox workspace under the data directory's training/ folder. The
agent's workspace and any team profile are never opened."""

from __future__ import annotations

NAME = "train"


def add_parser(sub, common) -> None:
    p = sub.add_parser(NAME, parents=[common],
                       help="practise scenarios with simulated customers in a training window (a sandbox)")
    p.add_argument("scenarios", nargs="*", metavar="SCENARIO",
                   help="a bundled scenario id, a trainer's scenario id or a scenario file (none: choose in a dialog)")
    p.add_argument("--mode", choices=("practice", "certification"), default="practice",
                   help="practice shows hints; certification hides them and records the attempt (default: practice)")
    p.add_argument("--trainee", metavar="NAME", help="the name the sandbox's agent is shown with (default: your login)")
    kept = p.add_mutually_exclusive_group()
    kept.add_argument("--sessions", action="store_true",
                      help="list the training sessions kept on this machine (kept for replay until discarded)")
    kept.add_argument("--discard", metavar="SESSION", nargs="+",
                      help="delete kept training sessions by id (or 'all'); never any other file")
    p.add_argument("--json", action="store_true", help="with --sessions: a JSON array")


def _trainee(args) -> tuple[str, str]:
    import getpass
    import os
    import re

    login = getattr(args, "agent", None) or os.environ.get("AGENTDESK_AGENT") or ""
    if not login:
        try:
            login = getpass.getuser()
        except (OSError, KeyError):
            login = "trainee"
    login = re.sub(r"[^A-Za-z0-9_.-]", "", login)[:64] or "trainee"
    return login, (args.trainee or login)[:120]


def _sessions(args) -> int:
    from agentdesk.cli import _print_json
    from agentdesk.services import training

    kept = training.list_sandboxes()
    if args.json:
        _print_json([{"session": k.session_id, "mode": k.mode, "trainee": k.trainee_login, "started_at": k.started_at,
                      "scenarios": list(k.scenario_ids), "finished": k.finished, "path": str(k.path)} for k in kept])
        return 0
    for k in kept:
        state = "finished" if k.finished else "not finished"
        print(f"{k.session_id}  {k.started_at:%Y-%m-%d %H:%M}  {k.mode:<13} {state:<12} {' '.join(k.scenario_ids)}")
    if not kept:
        print("no training sessions kept")
    return 0


def _discard(args) -> int:
    import sys

    from agentdesk.services import training

    kept = {k.session_id: k for k in training.list_sandboxes()}
    wanted = list(kept) if args.discard == ["all"] else args.discard
    unknown = [w for w in wanted if w not in kept]
    if unknown:
        print(f"agentdesk: error: no kept training session {unknown[0]} (see agentdesk train --sessions)", file=sys.stderr)
        return 1
    for w in wanted:
        training.discard_sandbox(kept[w].path)
    print(f"discarded {len(wanted)} training session(s)")
    return 0


def run(args) -> int:
    import sys

    from agentdesk import config

    config.use_private_umask()
    if args.sessions:
        return _sessions(args)
    if args.discard:
        return _discard(args)
    scenarios = []
    if args.scenarios:
        from agentdesk.services import training

        try:
            scenarios = training.find_scenarios(args.scenarios)
        except (ValueError, OSError) as exc:
            print(f"agentdesk: error: {str(exc).splitlines()[0] if str(exc) else exc!r}", file=sys.stderr)
            return 1
    return _run_window(args, scenarios)


def _run_window(args, scenarios) -> int:
    import uuid

    from agentdesk.ui import app as appmod
    from agentdesk.ui.kit.tasks import AgentInfo, TaskRunner
    from agentdesk.ui.training import TrainingLauncher
    from agentdesk.views.simulation import TrainingChoice

    appmod.setup_logging()
    appmod.route_qt_messages()
    app = appmod.make_application()
    store = appmod.settings()
    appmod.install_language(app, appmod.choose_language(getattr(args, "lang", None), store.value("ui/language")))
    # With --profile / --db (or AGENTDESK_PROFILE / AGENTDESK_DB) the attempts are recorded in
    # that workspace, as its agent; otherwise they stay in the session's sandbox only.
    team = getattr(args, "team", None)
    runner = TaskRunner.plain()
    if team is not None or args.db:
        from agentdesk.db import open_database

        db = team.db if team is not None else open_database(args.db)
        agent = appmod.load_agent(db, args.agent)
        if args.trainee:
            agent.name = args.trainee[:120]
        runner = TaskRunner(db, app)
    else:
        login, name = _trainee(args)
        agent = AgentInfo(uuid.uuid4(), login, name, "agent")
    launcher = TrainingLauncher(None, runner, agent)
    state = {"opened": False}

    def opened(window) -> None:
        state["opened"] = True
        window.closed.connect(app.quit)

    launcher.on_open = opened
    launcher.on_cancel = app.quit
    if scenarios:
        launcher._chosen(TrainingChoice(scenarios, args.mode))
    else:
        launcher.start(mode=args.mode)
    code = app.exec()
    runner.wait()
    return code if state["opened"] else 1
