"""`agentdesk sync status|once|run|conflicts`: a team profile's replica without a window.

    agentdesk --profile team-a sync once      push what is queued, pull what is new
    agentdesk --profile team-a sync run       stay live (the server's pokes, polling when they stop)
"""

from __future__ import annotations

import sys

NAME = "sync"


def add_parser(sub, common) -> None:
    p = sub.add_parser(NAME, parents=[common], help="sync a team profile's local replica with the server")
    actions = p.add_subparsers(dest="sync_command", metavar="ACTION", required=True)
    st = actions.add_parser("status", parents=[common], help="online/offline, queued writes, last sync")
    st.add_argument("--json", action="store_true", help="a JSON object instead of lines")
    st.add_argument("--offline", action="store_true", help="only the local state; do not contact the server")
    actions.add_parser("once", parents=[common], help="push queued writes, then pull what is new")
    run = actions.add_parser("run", parents=[common], help="stay in sync until interrupted (Ctrl+C)")
    run.add_argument("--poll", type=float, default=5.0, metavar="SECONDS",
                     help="seconds between pulls while live pokes are down (default: 5)")
    run.add_argument("--no-listen", action="store_true", help="poll only (no WebSocket)")
    run.add_argument("--cycles", type=int, help=argparse_suppress())
    cf = actions.add_parser("conflicts", parents=[common], help="writes of yours that lost a merge or were refused")
    cf.add_argument("--json", action="store_true", help="a JSON array instead of lines")


def argparse_suppress():
    import argparse

    return argparse.SUPPRESS


def run(args) -> int:
    from agentdesk.sync.workspace import describe_status

    team = getattr(args, "team", None)
    if team is None:
        raise ValueError("sync needs a team profile: give --profile NAME or set AGENTDESK_PROFILE "
                         "(see 'agentdesk profile add')")
    action = args.sync_command
    if action == "conflicts":
        from agentdesk.cli import _print_json, for_terminal

        rows = team.replica.conflicts()
        if args.json:
            _print_json([r.__dict__ for r in rows])
        elif not rows:
            print("no conflicts")
        for r in rows if not args.json else []:
            who = "yours lost" if r.lost_by_me else "yours won"
            print(f"{r.created_at.astimezone():%Y-%m-%d %H:%M}  {r.kind:<8} {who:<10} {for_terminal(r.message)}")
        return 0
    if action == "status" and args.offline:
        from agentdesk.sync.engine import SyncClient

        status = SyncClient.local_status(team.replica)
        _print_status(args, status, None)
        return 0
    client = team.client()
    if action == "status":
        client.pull_once()  # contacts the server: online / offline / incompatible, and fresh
        status = client.status()
        _print_status(args, status, None)
        return 0 if status.state == "online" else 1
    if action == "once":
        pushed, pulled = client.sync_once()
        status = client.status()
        if pushed.pushed:
            print(f"pushed {pushed.pushed} ({pushed.applied} applied, {pushed.rejected} rejected, "
                  f"{len(pushed.conflicts)} conflicts)")
        if pulled is not None:
            print(f"pulled {pulled.rows:,} rows up to version {pulled.version}" + (" (full resync)" if pulled.full else ""))
        from agentdesk.cli import for_terminal

        print(for_terminal(describe_status(status)))  # a server's error text included
        return 0 if status.state == "online" else 1
    if action == "run":
        from agentdesk.sync.runner import SyncRunner

        from agentdesk.cli import for_terminal

        def report(cycle) -> None:
            did = cycle.pushed.pushed or (cycle.pulled is not None and cycle.pulled.rows) or cycle.status.state != "online"
            if did:
                rows = cycle.pulled.rows if cycle.pulled is not None else 0
                print(f"pushed {cycle.pushed.pushed}, pulled {rows:,}; "
                      + for_terminal(describe_status(cycle.status, cycle.listening)), flush=True)

        runner = SyncRunner(client, listen=not args.no_listen, poll_interval=args.poll, on_cycle=report)
        print(f"syncing {team.profile.name} ({team.profile.agent} on {team.profile.server}); Ctrl+C stops", file=sys.stderr)
        try:
            runner.run(cycles=getattr(args, "cycles", None))
        except KeyboardInterrupt:
            pass
        finally:
            runner.close()
        return 0
    return 2


def _print_status(args, status, listening) -> None:
    from agentdesk.sync.workspace import describe_status

    if args.json:
        from agentdesk.cli import _print_json

        _print_json(status.__dict__)
    else:
        from agentdesk.cli import for_terminal

        print(for_terminal(describe_status(status, listening)))
