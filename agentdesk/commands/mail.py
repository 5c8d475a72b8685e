"""`agentdesk mail import PATH... [--json]` (issue 14): mail from files into the workspace,
through the same intake as the gateway (services/channels.receive: decoding, threading,
dedupe, customer matching), for a migration and for tests.

Each PATH is an ``.eml`` file, a Maildir, a folder of ``.eml`` files or an mbox (read as a
stream, agentdesk/mail/sources.py). Each message is its own transaction: one that cannot
be parsed or stored is listed under "failed" with nothing of it stored, and the rest go
in; importing the same mail again adds nothing (it counts as duplicates).

Where it writes: the CLI's workspace (the embedded one, or --db FILE), or a team database
given as --db postgresql://OWNER@HOST/DB (the owner's URL, as `agentdesk admin` takes it),
through the gateway's ServerSink so the desks pull the new tickets. A --profile's replica
is refused: an agent's desk is not where mail comes in (its queued changes would go to the
server as that agent's own writes).
"""

from __future__ import annotations

import sys

NAME = "mail"


def add_parser(sub, common) -> None:
    p = sub.add_parser(NAME, parents=[common], help="email: import mail from files",
                       description="Email channel tools (issue 14).")
    actions = p.add_subparsers(dest="mail_command", metavar="ACTION", required=True)
    imp = actions.add_parser("import", parents=[common], help="import .eml files, Maildirs or mboxes",
                             description="Imports mail through the same intake as the gateway: new tickets, "
                                         "replies threaded onto their tickets, duplicates skipped. Each PATH is an "
                                         ".eml file, a Maildir (cur/new), a folder of .eml files or an mbox.")
    imp.add_argument("paths", nargs="+", metavar="PATH", help="an .eml file, a Maildir, a folder or an mbox")
    imp.add_argument("--team", dest="team_name", metavar="NAME",
                     help="the team whose queue new tickets join (default: none, an admin's triage)")
    imp.add_argument("--json", action="store_true",
                     help='print {"messages", "new_tickets", "threaded", "duplicates", "failed": [{"path", "error"}]}')


def _parser():
    """parse_mail and its refusal (agentdesk/mail/parse.py); imported when a command runs."""
    from agentdesk.mail.parse import MailParseError, parse_mail

    return parse_mail, MailParseError


def _sink(args):
    from agentdesk.cli import _open_db

    if getattr(args, "team", None) is not None:
        raise ValueError("mail import writes to the workspace itself: give --db (a SQLite file, or the team "
                         "database's postgresql://OWNER@HOST/DB), not a profile")
    db = _open_db(args)
    if db.is_sqlite:
        from agentdesk.gateway.sink import LocalSink

        return db, LocalSink(db, autorespond=False)
    from agentdesk.gateway.sink import ServerSink

    return db, ServerSink(db.engine, autorespond=False)


def _team_id(db, name: str | None):
    if not name:
        return None
    from agentdesk.services.routing import find_team

    with db.session() as s:
        return find_team(s, name).id


def import_paths(sink, paths: list[str], team_id=None, parse=None) -> dict:
    """The import's counts: every message under ``paths`` received through ``sink``,
    committed in batches (a savepoint each: a failed message leaves nothing)."""
    from agentdesk.channels import Outcome
    from agentdesk.mail.sources import describe, read_paths

    parse_mail, parse_error = parse if parse is not None else _parser()
    counts: dict = {"messages": 0, "new_tickets": 0, "threaded": 0, "duplicates": 0, "failed": []}
    keys = {Outcome.NEW: "new_tickets", Outcome.THREADED: "threaded", Outcome.DUPLICATE: "duplicates"}

    def parsed():
        for found in read_paths(paths):
            counts["messages"] += 1
            where = describe(found.where)
            if found.raw is None:
                counts["failed"].append({"path": where, "error": found.error})
                continue
            try:
                yield where, parse_mail(found.raw, received_at=found.arrived)
            except parse_error as exc:
                counts["failed"].append({"path": where, "error": str(exc)})

    for where, got in sink.receive_many(parsed(), team_id=team_id):
        if isinstance(got, Exception):
            counts["failed"].append({"path": where, "error": str(got)})
        else:
            counts[keys[got.outcome]] += 1
    return counts


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def run(args) -> int:
    from agentdesk.cli import EXIT_ERROR, _print_json, for_terminal
    from agentdesk.services.pii import mask_pii

    db, sink = _sink(args)
    try:
        counts = import_paths(sink, args.paths, _team_id(db, args.team_name))
    finally:
        if hasattr(sink, "close"):
            sink.close()
        db.dispose()
    counts["failed"] = [{"path": mask_pii(f["path"]), "error": mask_pii(f["error"])} for f in counts["failed"]]
    if args.json:
        _print_json(counts)
    else:
        print(f"{_n(counts['messages'], 'message')} read: {_n(counts['new_tickets'], 'new ticket')}, "
              f"{counts['threaded']:,} threaded onto tickets, {_n(counts['duplicates'], 'duplicate')} skipped, "
              f"{len(counts['failed']):,} failed")
        for f in counts["failed"]:
            print(f"failed: {for_terminal(f['path'])}: {for_terminal(f['error'])}", file=sys.stderr)
    return EXIT_ERROR if counts["failed"] else 0
