"""`agentdesk profile add|list|remove`: team server connections, one per agent and server.

    agentdesk profile add team-a --server https://team.example.com:8443 --agent kim.minji
    agentdesk --profile team-a ticket list       (or AGENTDESK_PROFILE=team-a)
"""

from __future__ import annotations

NAME = "profile"


def add_parser(sub, common) -> None:
    # No `common` parents: a profile command never opens a workspace.
    p = sub.add_parser(NAME, help="team server profiles (server, agent login, TLS, password store)")
    actions = p.add_subparsers(dest="profile_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a profile and sign in; the password is asked (or AGENTDESK_PASSWORD)")
    add.add_argument("name", metavar="NAME", help="a short name for the profile, e.g. card-team")
    add.add_argument("--server", required=True, metavar="URL",
                     help="the team server: https://HOST[:PORT] (http only for 127.0.0.1)")
    add.add_argument("--agent", required=True, metavar="LOGIN", help="your agent login")
    add.add_argument("--ca-file", metavar="FILE", help="the team's own CA certificate (default: the system's)")
    add.add_argument("--store-password", choices=("keyring", "encrypted-file", "ask"),
                     help="where the sign-in is kept (a token, never the password; default: the OS keyring if "
                          "there is one, else the password is asked each time); encrypted-file asks for a "
                          "passphrase (or AGENTDESK_PASSPHRASE)")
    add.add_argument("--replace", action="store_true", help="replace a profile of that name (its replica stays)")
    ls = actions.add_parser("list", help="the profiles on this machine")
    ls.add_argument("--json", action="store_true", help="a JSON array instead of lines")
    rm = actions.add_parser("remove", help="forget a profile and its stored password (the replica stays)")
    rm.add_argument("name", metavar="NAME", help="the profile's name")


def run(args) -> int:
    from agentdesk import profiles
    from agentdesk.cli import _print_json, for_terminal

    action = args.profile_command
    if action == "add":
        profile, notes = profiles.add_profile(args.name, server=args.server, agent=args.agent, ca_file=args.ca_file,
                                              store=args.store_password, replace=args.replace)
        print(f"profile '{profile.name}' added: {profile.agent} on {profile.server}")
        for note in notes:
            print(for_terminal(note))  # may quote the server's answer
        return 0
    if action == "list":
        found = profiles.load_profiles()
        if args.json:
            _print_json([{**p.__dict__, "replica": str(p.replica_path)} for p in found.values()])
            return 0
        if not found:
            print("no profiles (add one with 'agentdesk profile add')")
        for p in found.values():
            extra = f" CA {p.ca_file}" if p.ca_file else ""
            if p.legacy:
                extra += "  (connects to the database directly: re-add it with --server https://…)"
            # profiles.json is a file anyone with the account can edit: printed as text, not as commands.
            print(for_terminal(f"{p.name:<16} {p.agent:<16} {p.server}{extra}  sign-in: {p.password_store}"))
        if found and not profiles.keyring_status()[0]:
            print(f"note: {for_terminal(profiles.keyring_status()[1])}")
        return 0
    if action == "remove":
        profile = profiles.remove_profile(args.name)
        print(f"profile '{profile.name}' removed with its kept sign-in")
        if profile.replica_path.exists():
            print(f"its local replica stays at {profile.replica_path} (it may hold unsynced work)")
        return 0
    return 2
