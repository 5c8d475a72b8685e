"""`agentdesk profile add|list|remove`: team server connections, one per agent and server.

    agentdesk profile add team-a --server postgresql://db.example.com/team --agent kim.minji
    agentdesk --profile team-a ticket list       (or AGENTDESK_PROFILE=team-a)
"""

from __future__ import annotations

NAME = "profile"


def add_parser(sub, common) -> None:
    # No `common` parents: a profile command never opens a workspace.
    p = sub.add_parser(NAME, help="team server profiles (server, agent login, TLS, password store)")
    actions = p.add_subparsers(dest="profile_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a profile; the password is asked (or AGENTDESK_PASSWORD)")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--server", required=True, metavar="URL", help="postgresql://HOST[:PORT]/DATABASE")
    add.add_argument("--agent", required=True, metavar="LOGIN", help="your agent login (also your database role)")
    add.add_argument("--sslmode", choices=("disable", "allow", "prefer", "require", "verify-ca", "verify-full"))
    add.add_argument("--sslrootcert", metavar="FILE", help="CA certificate file for verify-ca / verify-full")
    add.add_argument("--store-password", choices=("keyring", "encrypted-file", "ask"),
                     help="where the password is kept (default: the OS keyring if there is one, else asked each "
                          "time); encrypted-file asks for a passphrase (or AGENTDESK_PASSPHRASE)")
    ls = actions.add_parser("list", help="the profiles on this machine")
    ls.add_argument("--json", action="store_true")
    rm = actions.add_parser("remove", help="forget a profile and its stored password (the replica stays)")
    rm.add_argument("name", metavar="NAME")


def run(args) -> int:
    from agentdesk import profiles
    from agentdesk.cli import _print_json

    action = args.profile_command
    if action == "add":
        profile, notes = profiles.add_profile(args.name, server=args.server, agent=args.agent, sslmode=args.sslmode,
                                              sslrootcert=args.sslrootcert, store=args.store_password)
        print(f"profile '{profile.name}' added: {profile.agent} on {profile.server}")
        for note in notes:
            print(note)
        return 0
    if action == "list":
        found = profiles.load_profiles()
        if args.json:
            _print_json([{**p.__dict__, "replica": str(p.replica_path)} for p in found.values()])
            return 0
        if not found:
            print("no profiles (add one with 'agentdesk profile add')")
        for p in found.values():
            tls = f" sslmode={p.sslmode}" if p.sslmode else ""
            print(f"{p.name:<16} {p.agent:<16} {p.server}{tls}  password: {p.password_store}")
        if found and not profiles.keyring_status()[0]:
            print(f"note: {profiles.keyring_status()[1]}")
        return 0
    if action == "remove":
        profile = profiles.remove_profile(args.name)
        print(f"profile '{profile.name}' removed with its stored password")
        if profile.replica_path.exists():
            print(f"its local replica stays at {profile.replica_path} (it may hold unsynced work)")
        return 0
    return 2
