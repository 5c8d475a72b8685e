"""`agentdesk admin …`: set up a team's database for `agentdesk server`, and its agents.

    agentdesk admin init-server --url postgresql://owner@host/team [--admin-login admin]
    agentdesk admin add-agent "김민지" --login kim.minji --role agent --team 카드상담팀 --url …
    agentdesk admin set-password kim.minji --url …
    agentdesk admin sessions [--revoke LOGIN] --url …
    agentdesk admin drop-agent-logins --url …     (a database from before the team server)
    agentdesk admin new-epoch --url …             (after restoring a backup)

Run them as the database owner. Agents get no database role: they sign in to the team
server with a password whose Argon2id hash is stored. Passwords come from
AGENTDESK_PASSWORD or a prompt, never from the command line (it shows in `ps`).
"""

from __future__ import annotations

NAME = "admin"


def add_parser(sub, common) -> None:
    # No `common` parents: --db/--agent/--profile are an agent's; these take the owner's --url.
    p = sub.add_parser(NAME, help="set up a team database: schema, roles, security, agents")
    actions = p.add_subparsers(dest="admin_command", metavar="ACTION", required=True)
    url = dict(required=True, help="postgresql://OWNER@HOST[:PORT]/DATABASE")
    init = actions.add_parser("init-server", help="create or upgrade the schema, roles, grants and row-level security")
    init.add_argument("--url", **url)
    init.add_argument("--admin-login", default="admin", metavar="LOGIN", help="the first admin's login (default: admin)")
    init.add_argument("--admin-name", default="Administrator", metavar="NAME",
                      help="the first admin's display name (default: Administrator)")
    add = actions.add_parser("add-agent", help="an agent who signs in to the team server")
    add.add_argument("name", metavar="NAME", help="the agent's display name")
    add.add_argument("--login", required=True,
                     help="what they sign in with: lower-case letters, digits, '.', '_' or '-'")
    add.add_argument("--role", required=True, choices=("agent", "lead", "trainer", "admin"),
                     help="agent, lead (reviews articles, changes team templates), trainer or admin")
    add.add_argument("--team", help="the team's name (created if missing)")
    add.add_argument("--email", help="the agent's email address")
    add.add_argument("--url", **url)
    add.add_argument("--existing", action="store_true",
                     help="the agent is already in the workspace (demo data, an import): give them a password")
    pw = actions.add_parser("set-password", help="a new password for an agent (signs out their desks)")
    pw.add_argument("login", metavar="LOGIN", help="the agent's login")
    pw.add_argument("--url", **url)
    ss = actions.add_parser("sessions", help="the desks signed in; --revoke signs an agent's desks out")
    ss.add_argument("--revoke", metavar="LOGIN", help="sign out every desk of this agent")
    ss.add_argument("--url", **url)
    dl = actions.add_parser("drop-agent-logins",
                            help="remove agents' own database roles (from before the team server)")
    dl.add_argument("--url", **url)
    ep = actions.add_parser("new-epoch", help="after restoring a backup: every desk resyncs in full "
                                              "(and pushes again what the restore lost)")
    ep.add_argument("--url", **url)


def _password_source(login: str, *, always: bool = False):
    """A password when one is needed (a new agent, or ``always``): AGENTDESK_PASSWORD,
    else asked twice at a terminal. An existing agent keeps theirs, so re-running a script
    (init-server after an upgrade) never resets anyone's password by accident."""
    import os

    from agentdesk.profiles import PASSWORD_ENV, read_secret

    def source(needed: bool) -> str | None:
        if not (needed or always):
            return None
        if os.environ.get(PASSWORD_ENV):
            return os.environ[PASSWORD_ENV]
        return read_secret(f"Password for '{login}': ", confirm=True)

    return source


def run(args) -> int:
    import os
    import sys

    from sqlalchemy.exc import OperationalError

    from agentdesk.cli import EXIT_ERROR, for_terminal
    from agentdesk.db import describe_url
    from agentdesk.server import security

    try:
        action = args.admin_command
        if action == "init-server":
            report = security.init_server(args.url, admin_login=args.admin_login, admin_name=args.admin_name,
                                          password_source=_password_source(args.admin_login),
                                          server_password=os.environ.get("AGENTDESK_SERVER_DB_PASSWORD"))
            schema = {"empty": "created", "old": "upgraded", "current": "already current"}[report.schema_before]
            print(f"schema {schema} (revision {report.revision}) on {describe_url(args.url)}")
            print(f"the team server connects as '{security.SERVER_ROLE}'; agents have no database role; "
                  f"row-level security on {len(security.RLS_TABLES)} tables; audit_log append-only")
            _print_agent(report.admin)
            if report.unruled_tables:
                print("admins only (no rule for other roles yet): " + ", ".join(report.unruled_tables))
            if report.agent_logins:
                print(f"{len(report.agent_logins)} agents still have a database login of their own (from before "
                      "the team server): run 'agentdesk admin drop-agent-logins' once the desks use the server")
            print(f"next: agentdesk server --db postgresql://{security.SERVER_ROLE}@HOST/DATABASE --listen 0.0.0.0:8443 "
                  "--cert FILE --key FILE")
            return 0
        if action == "add-agent":
            result = security.add_agent_to_server(args.url, name=args.name, login=args.login, role=args.role,
                                                  team=args.team, email=args.email, exist_ok=args.existing,
                                                  password_source=_password_source(args.login))
            _print_agent(result)
            return 0
        if action == "set-password":
            result = security.add_agent_to_server(args.url, name=args.login, login=args.login, role="agent",
                                                  team=None, exist_ok=True, must_exist=True,
                                                  password_source=_password_source(args.login, always=True))
            print(f"new password for '{result.login}'; their desks are signed out and sign in again")
            return 0
        if action == "sessions":
            if args.revoke:
                n = security.revoke_agent_sessions(args.url, args.revoke)
                print(f"signed out {n} desk(s) of '{args.revoke}'")
                return 0
            rows = security.list_agent_sessions(args.url)
            if not rows:
                print("no desk is signed in")
            for r in rows:
                state = "revoked" if r.revoked_at else "active"
                # The client string is what the desk's HTTP request said: anyone's text.
                print(f"{r.login:<20} {state:<8} since {r.created_at:%Y-%m-%d %H:%M} last {r.last_used_at:%Y-%m-%d %H:%M} "
                      f"expires {r.expires_at:%Y-%m-%d}  {for_terminal(r.address)}  {for_terminal(r.client)}")
            return 0
        if action == "new-epoch":
            epoch = security.start_new_epoch(args.url)
            print(f"new sync epoch {epoch}: every desk resyncs in full at its next sync; writes the restore lost "
                  "are pushed again from the desks' outboxes")
            return 0
        if action == "drop-agent-logins":
            dropped, kept = security.drop_agent_logins(args.url)
            if not dropped and not kept:
                print("no agent has a database login of their own")
            if dropped:
                print(f"dropped {len(dropped)} agent database login(s): {', '.join(dropped)}")
            for line in kept:
                print(f"  {line}")
            print("desks now sign in to the team server: agentdesk profile add NAME --server https://HOST:PORT "
                  "--agent LOGIN --replace")
            return 0
        return 2
    except OperationalError as exc:
        # libpq's message runs over several lines ("Is the server running…"); one is enough.
        first = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        print(f"agentdesk: error: cannot use {describe_url(args.url)}: {for_terminal(first)}", file=sys.stderr)
        return EXIT_ERROR


def _print_agent(r) -> None:
    from agentdesk.cli import for_terminal

    state = "created" if r.agent_created else "already present"
    team = f", team {r.team}" + (" (new)" if r.team_created else "") if r.team else ""
    password = "password set" if r.password_set else "password kept"
    print(for_terminal(f"{r.role} '{r.login}' {state}{team}; {password}"))
    for note in r.notes:
        print(f"  {for_terminal(note)}")
