"""`agentdesk admin init-server|add-agent`: set up a team's PostgreSQL server.

    agentdesk admin init-server --url postgresql://owner@host/team [--admin-login admin]
    agentdesk admin add-agent "김민지" --login kim.minji --role agent --team 카드상담팀 --url …

Run them as the database owner (a superuser, or a role with CREATEROLE that owns the
schema). Passwords come from --password, AGENTDESK_PASSWORD or a prompt; they are never
printed, and only their SCRAM verifier is sent to the server.
"""

from __future__ import annotations

NAME = "admin"


def add_parser(sub, common) -> None:
    # No `common` parents: --db/--agent/--profile are an agent's; these take the owner's --url.
    p = sub.add_parser(NAME, help="set up a team server: schema, roles, security, agents")
    actions = p.add_subparsers(dest="admin_command", metavar="ACTION", required=True)
    init = actions.add_parser("init-server", help="create or upgrade the schema, roles, grants and row-level security")
    init.add_argument("--url", required=True, help="postgresql://OWNER@HOST[:PORT]/DATABASE")
    init.add_argument("--admin-login", default="admin", metavar="LOGIN", help="the first admin's login (default admin)")
    init.add_argument("--admin-name", default="Administrator", metavar="NAME")
    init.add_argument("--admin-password", metavar="P",
                      help="sets the admin login's password (a new login's default: AGENTDESK_PASSWORD, else asked)")
    add = actions.add_parser("add-agent", help="an agent with their own database login")
    add.add_argument("name", metavar="NAME", help="the agent's display name")
    add.add_argument("--login", required=True, help="login and database role: lower-case letters, digits, . _ -")
    add.add_argument("--role", required=True, choices=("agent", "lead", "trainer", "admin"))
    add.add_argument("--team", help="team name (created if missing)")
    add.add_argument("--email")
    add.add_argument("--url", required=True, help="postgresql://OWNER@HOST[:PORT]/DATABASE")
    add.add_argument("--password", metavar="P",
                     help="sets the login's password (a new login's default: AGENTDESK_PASSWORD, else asked)")
    add.add_argument("--existing", action="store_true",
                     help="the agent is already in the workspace (demo data, an import): give them their login")


def _password_source(given: str | None, login: str):
    """A new login's password: the flag, AGENTDESK_PASSWORD, else asked.

    An existing login keeps its password unless the flag gives one, so re-running a
    script (init-server after an upgrade) never resets anyone's password by accident.
    """
    import os

    from agentdesk.profiles import PASSWORD_ENV, read_secret

    def source(created: bool) -> str | None:
        if given or not created:
            return given or None
        if os.environ.get(PASSWORD_ENV):
            return os.environ[PASSWORD_ENV]
        return read_secret(f"Password for the new login '{login}': ", confirm=True)

    return source


def run(args) -> int:
    import sys

    from sqlalchemy.exc import OperationalError

    from agentdesk.cli import EXIT_ERROR
    from agentdesk.db import describe_url
    from agentdesk.sync import security

    try:
        if args.admin_command == "init-server":
            report = security.init_server(args.url, admin_login=args.admin_login, admin_name=args.admin_name,
                                          password_source=_password_source(args.admin_password, args.admin_login))
            schema = {"empty": "created", "old": "upgraded", "current": "already current"}[report.schema_before]
            print(f"schema {schema} (revision {report.revision}) on {describe_url(args.url)}")
            print(f"roles: {', '.join(security.GROUP_ROLES.values())}; row-level security on "
                  f"{len(security.RLS_TABLES)} tables; audit_log append-only")
            _print_agent(report.admin)
            if report.unruled_tables:
                print("admins only (no rule for other roles yet): " + ", ".join(report.unruled_tables))
            return 0
        result = security.add_agent_to_server(args.url, name=args.name, login=args.login, role=args.role,
                                              team=args.team, email=args.email, exist_ok=args.existing,
                                              password_source=_password_source(args.password, args.login))
        _print_agent(result)
        return 0
    except OperationalError as exc:
        # libpq's message runs over several lines ("Is the server running…"); one is enough.
        first = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        print(f"agentdesk: error: cannot use {describe_url(args.url)}: {first}", file=sys.stderr)
        return EXIT_ERROR


def _print_agent(r) -> None:
    state = "created" if r.agent_created else "already present"
    team = f", team {r.team}" + (" (new)" if r.team_created else "") if r.team else ""
    login = "new database login" if r.role_created else "database login"
    print(f"{r.role} '{r.login}' {state}{team}; {login} '{r.login}' in agentdesk_{r.role}")
    for note in r.notes:
        print(f"  {note}")
