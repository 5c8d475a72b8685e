"""`agentdesk views list`: the saved inbox views this agent sees (their own and their
team's), with their counts; `agentdesk ticket list --view NAME` lists one's tickets."""

from __future__ import annotations

NAME = "views"


def add_parser(sub, common) -> None:
    p = sub.add_parser(NAME, parents=[common], help="saved inbox views: yours and those your team shares")
    ps = p.add_subparsers(dest="views_command", metavar="ACTION", required=True)
    pl = ps.add_parser("list", parents=[common],
                       help="your saved views and your team's, with how many tickets each holds")
    pl.add_argument("--json", action="store_true", help="print JSON (id, name, scope, filters, sort, count)")


def _count_text(count) -> str:
    return f"{count.n:,}" if count.exact else f"{count.n:,}+"


def run(args) -> int:
    import sys

    from agentdesk.cli import _open_db, _print_json, for_terminal
    from agentdesk.services import saved_views
    from agentdesk.services.common import current_agent

    db = _open_db(args)
    with db.session() as s:
        agent = current_agent(s, args.agent)
        listed = saved_views.list_views(s, agent)
        counts = saved_views.count_views(s, agent.id, listed.views)
    for line in listed.problems:  # a view that cannot be read: one line each, the rest listed
        print(f"agentdesk: warning: {for_terminal(str(line))}", file=sys.stderr)
    if args.json:
        _print_json([{"id": v.id, "name": v.name, "scope": v.scope, "team": v.team_name or None,
                      "owner": v.owner_name or None, "editable": v.editable,
                      "filters": v.spec.filters.model_dump(mode="json", exclude_defaults=True),
                      "sort": v.spec.sort.model_dump(mode="json"),
                      "count": counts[v.id].n, "count_exact": counts[v.id].exact} for v in listed.views])
        return 0
    for v in listed.views:
        where = "mine" if v.scope == "personal" else f"team {v.team_name}"
        print(f"{_count_text(counts[v.id]):>9}  {for_terminal(where):<16} {for_terminal(v.name)}"
              + ("" if v.editable else "  (read-only)"))
    if not listed.views:
        print("no saved views yet: save one from the inbox's filters (Save as view…)")
    return 0
