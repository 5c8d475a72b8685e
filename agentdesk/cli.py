"""The `agentdesk` command: no subcommand opens the window; subcommands serve admins and scripts.

Every subcommand takes --db URL (or AGENTDESK_DB). Errors print one clear line to
stderr and exit non-zero; no traceback reaches a user for a problem they can fix.
"""

from __future__ import annotations

import argparse
import errno
import json
import logging
import os
import re
import sys
import time
import uuid
from datetime import datetime

from agentdesk import __version__

EXIT_USAGE = 2
EXIT_ERROR = 1
# Numbers SQLite and PostgreSQL store (BIGINT): larger ones are refused by argparse, not by a driver's OverflowError.
MAX_BIGINT = 2**63 - 1
MAX_PAGE = 100_000  # rows a `ticket list` returns at once
# services/tickets.SORTS, spelled out so building the parser imports no SQLAlchemy (test_cli checks both agree).
TICKET_SORTS = ("updated", "priority", "sla", "number", "status")

# ANSI/VT escape sequences (CSI, OSC, DCS/PM/APC/SOS strings, two-byte escapes) and the C0/C1 control
# characters, DEL and bidirectional overrides: text from customers must not drive the agent's terminal.
_TERMINAL_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"            # CSI … final byte
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]).*?(?:\x07|\x1b\\|\x9c|$)"  # OSC/DCS/SOS/PM/APC … terminator
    r"|\x1b[ -/]*[0-~]?"                                # other escapes (ESC c, ESC ( B, a lone ESC)
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]",  # controls except \t \n; bidi overrides
    re.DOTALL,
)


def for_terminal(value) -> str:
    """User text (subjects, message bodies, names) made safe to print: escape sequences and
    control characters removed, newlines and tabs kept. Every CLI text printer uses it."""
    if value is None:
        return ""
    return _TERMINAL_ESCAPES.sub("", str(value).replace("\r\n", "\n"))


def _clip(value) -> str:
    from agentdesk.sync.protocol import clip

    return for_terminal(clip(value))


def whole_number(low: int, high: int = MAX_BIGINT):
    """An argparse type: an ASCII whole number from low to high (int() alone accepts other
    scripts' digits and any size, and the database driver then raises OverflowError)."""

    def parse(text: str) -> int:
        if not re.fullmatch(r"[+-]?[0-9]{1,30}", text.strip()):
            raise argparse.ArgumentTypeError(f"'{_clip(text)}' is not a whole number")
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{_clip(value)} is out of range: from {low:,} to {high:,}")
        return value

    parse.__name__ = "whole number"
    return parse


def ticket_ref(text: str) -> str:
    """An argparse type for a ticket id: 1042, #1042 or a UUID (returned as given)."""
    value = text.strip()
    digits = value[1:] if value.startswith("#") else value
    if re.fullmatch(r"[0-9]+", digits):
        if len(digits) > 19 or int(digits) > MAX_BIGINT:
            raise argparse.ArgumentTypeError(f"no ticket number is as large as {_clip(digits)}")
        return value
    try:
        uuid.UUID(value)
        return value
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid ticket id '{_clip(text)}': give a number like 1042, #1042 "
                                         "or the ticket's UUID") from None


ticket_ref.__name__ = "ticket id"


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line (argparse prints the whole usage first), exit 2."""

    def error(self, message: str):
        self.exit(EXIT_USAGE, f"{self.prog}: error: {for_terminal(message)} (see '{self.prog} --help')\n")


def _json_default(value):
    if isinstance(value, (uuid.UUID,)):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(type(value))


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))


def _common(p: argparse.ArgumentParser) -> None:
    # SUPPRESS (None is filled in by _TopParser): `agentdesk --db X ticket list`
    # must keep X; an unset option of the subcommand would otherwise overwrite it with None.
    p.add_argument("--db", metavar="URL", default=argparse.SUPPRESS,
                   help="database URL or SQLite file (default: AGENTDESK_DB or the embedded workspace)")
    p.add_argument("--agent", metavar="LOGIN", default=argparse.SUPPRESS,
                   help="act as this agent (default: AGENTDESK_AGENT or the workspace's agent)")
    # SUPPRESS: a subcommand's unset --profile must not hide one given before the subcommand.
    p.add_argument("--profile", metavar="NAME", default=argparse.SUPPRESS,
                   help="use this team profile's server and agent (default: AGENTDESK_PROFILE)")


class _TopParser(_Parser):
    """Gives --db and --agent their None default once, after parsing (set_defaults would
    change the shared action objects, and every subcommand's unset option would win)."""

    def parse_known_args(self, args=None, namespace=None):
        namespace, extras = super().parse_known_args(args, namespace)
        for name in ("db", "agent"):
            if not hasattr(namespace, name):
                setattr(namespace, name, None)
        return namespace, extras


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    _common(common)
    p = _TopParser(prog="agentdesk", description="AgentDesk: the contact-centre agent's workstation.",
                   parents=[common])
    p.add_argument("--version", action="version", version=f"AgentDesk {__version__}",
                   help="show the version of AgentDesk and exit")
    p.add_argument("--lang", choices=("ko", "en"), help="user interface language (default: settings, then system locale)")
    p.add_argument("--no-demo", action="store_true", help="do not create demo data in an empty workspace")
    p.add_argument("--self-test", action="store_true",
                   help="check this installation without a screen (temporary workspace) and exit 0 if it works")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    d = sub.add_parser("demo-data", parents=[common], help="fill a workspace with realistic demo data")
    d.add_argument("--customers", type=whole_number(0, 10_000_000), default=2000, metavar="N",
                   help="how many customers (default: 2,000)")
    d.add_argument("--tickets", type=whole_number(0, 100_000_000), default=20000, metavar="N",
                   help="how many tickets (default: 20,000)")
    d.add_argument("--seed", type=whole_number(-MAX_BIGINT, MAX_BIGINT), default=1, metavar="N",
                   help="the same seed makes the same data (default: 1)")

    o = sub.add_parser("open", parents=[common], help="screen-pop: bring the window forward on a customer or ticket")
    g = o.add_mutually_exclusive_group(required=True)
    g.add_argument("--phone", help="the number that rang: shows its customer")
    g.add_argument("--email", help="an email address: shows its customer")
    g.add_argument("--ticket", metavar="ID", type=ticket_ref, help="opens this ticket (a number, #1042 or a UUID)")

    t = sub.add_parser("ticket", parents=[common], help="list, show, reply to and change tickets")
    ts = t.add_subparsers(dest="ticket_command", metavar="ACTION", required=True)
    tl = ts.add_parser("list", parents=[common], help="tickets in a built-in or saved view")
    tl.add_argument("--view", default="all", metavar="VIEW",
                    help="my_open, unassigned, urgent, sla_at_risk, pending, all (default), mentions (where I was "
                         "@mentioned), or the name of a saved view ('agentdesk views list')")
    tl.add_argument("--channel", help="only this channel: email, chat, phone, sms, social or web")
    tl.add_argument("--status", help="only this status: new, open, pending, on_hold, solved or closed")
    tl.add_argument("--priority", help="only this priority: urgent, high, normal or low")
    tl.add_argument("--tag", help="only tickets with this tag")
    tl.add_argument("--assignee", help="only tickets of this agent (login or name), or 'none' for unassigned")
    tl.add_argument("--search", default="", help="text in subjects and messages")
    tl.add_argument("--sort", choices=TICKET_SORTS,
                    help="updated, priority, sla, number or status (default: the saved view's sort, else updated)")
    tl.add_argument("--limit", type=whole_number(1, MAX_PAGE), default=50, help=f"1 to {MAX_PAGE:,} (default 50)")
    tl.add_argument("--offset", type=whole_number(0), default=0, help="tickets to skip first (default 0)")
    tl.add_argument("--json", action="store_true", help="print JSON instead of one line a ticket")
    tsh = ts.add_parser("show", parents=[common], help="a ticket with its messages")
    tsh.add_argument("id", metavar="ID", type=ticket_ref, help="a ticket number, #1042 or the UUID")
    tsh.add_argument("--json", action="store_true", help="the ticket as a JSON object")
    for name in ("reply", "note"):
        tr = ts.add_parser(name, parents=[common], help=f"add {'a public reply' if name == 'reply' else 'an internal note'}")
        tr.add_argument("id", metavar="ID", type=ticket_ref, help="a ticket number, #1042 or the UUID")
        tr.add_argument("--body", required=True, help="the text (quote it)")
        tr.add_argument("--attach", metavar="FILE", action="append", default=[],
                        help="a file to send with it (repeat for more): at most 10 files, 20 MB each and 25 MB "
                             "together; programs and scripts (.exe, .bat, .js …) are refused")
    tset = ts.add_parser("set", parents=[common], help="change status, priority, assignee or tags")
    tset.add_argument("id", metavar="ID", type=ticket_ref, help="a ticket number, #1042 or the UUID")
    tset.add_argument("--status", help="new, open, pending, on_hold, solved or closed")
    tset.add_argument("--priority", help="urgent, high, normal or low")
    tset.add_argument("--assignee", help="an agent's login or name; 'none' unassigns")
    tset.add_argument("--add-tag", action="append", default=[], metavar="TAG", help="add this tag (repeat for more)")
    tset.add_argument("--remove-tag", action="append", default=[], metavar="TAG",
                      help="remove this tag (repeat for more)")
    tm = ts.add_parser("merge", parents=[common], help="merge a duplicate ticket into another")
    tm.add_argument("id", metavar="ID", type=ticket_ref, help="the duplicate: it is closed and shown in the other")
    tm.add_argument("--into", required=True, metavar="ID", type=ticket_ref, help="the ticket that stays")
    from agentdesk.commands import intake  # ticket new / customer new (issue 12)

    intake.add_ticket_new(ts, common)

    c = sub.add_parser("customer", parents=[common], help="find customers")
    cs = c.add_subparsers(dest="customer_command", metavar="ACTION", required=True)
    cf = cs.add_parser("find", parents=[common], help="find customers by phone, email or name")
    g = cf.add_mutually_exclusive_group(required=True)
    g.add_argument("--phone", help="any layout: 010-1234-5678, +82 10 …, or the last digits")
    g.add_argument("--email", help="an address, or a part of one such as @example.com")
    g.add_argument("--name", help="a full or given name")
    cf.add_argument("--json", action="store_true", help="a JSON array instead of lines")
    csh = cs.add_parser("show", parents=[common], help="the customer 360")
    csh.add_argument("id", metavar="ID", help="the customer's UUID (customer find shows it)")
    csh.add_argument("--json", action="store_true", help="the customer 360 as a JSON object")
    intake.add_customer_new(cs, common)

    from agentdesk.commands import feature_modules

    for module in feature_modules():
        module.add_parser(sub, common)
    return p


# --- commands -----------------------------------------------------------------------
def _open_db(args):
    team = getattr(args, "team", None)
    if team is not None:
        return team.db  # the profile's replica, writes queued in its outbox
    from agentdesk.db import open_database

    return open_database(args.db)


def _apply_profile(args) -> None:
    """--profile / AGENTDESK_PROFILE: work on the profile's local replica as its agent.

    Every write goes through the outbox exactly as in the window (sync/capture.py) and
    is pushed at the end of the command when the server can be reached. An explicit
    --db wins over AGENTDESK_PROFILE.
    """
    import os

    flag = getattr(args, "profile", None)
    if flag and args.db:
        raise ValueError("give --profile or --db, not both")
    name = flag or (None if args.db else os.environ.get("AGENTDESK_PROFILE"))
    if not name:
        return
    if args.command == "demo-data":
        raise ValueError("demo data goes to the team server itself: agentdesk demo-data --db postgresql://…")
    from agentdesk import profiles
    from agentdesk.sync.workspace import open_team_workspace

    profile = profiles.get_profile(name)
    if args.agent and args.agent != profile.agent:
        raise ValueError(f"profile '{name}' is {profile.agent}'s; --agent {args.agent} does not apply")
    args.team = open_team_workspace(profile)
    args.db = args.team.db.url
    args.agent = profile.agent
    if args.command not in (None, "sync") and not args.team.ever_synced:
        # The first run fills the replica; everything after works offline too.
        print(f"first sync of profile '{name}'…", file=sys.stderr)
        pushed, pulled = args.team.client().sync_once()
        if pulled is None:
            raise ValueError(f"the first sync needs the team server: {args.team.client().status().last_error}")


def _push_after_write(args) -> None:
    """In a team profile, send what the command queued; offline it stays queued."""
    team = getattr(args, "team", None)
    if team is None:
        return
    from agentdesk.profiles import ProfileError

    try:
        client = team.client()
    except ProfileError as exc:
        print(f"queued; not sent ({for_terminal(exc)}); 'agentdesk sync once' sends it", file=sys.stderr)
        return
    pushed, _ = client.sync_once()
    if pushed.error:
        print(f"queued; the server cannot be reached now, it is sent at the next sync ({for_terminal(pushed.error)})",
              file=sys.stderr)
    for c in pushed.conflicts:
        print(f"conflict: {for_terminal(c.get('message'))}", file=sys.stderr)  # the server's words
    if pushed.rejected:
        print(f"the server refused {pushed.rejected} change(s); see 'agentdesk sync conflicts'", file=sys.stderr)


def cmd_demo_data(args) -> int:
    from agentdesk import demo
    from agentdesk.progress import StageProgress

    db = _open_db(args)
    started = time.monotonic()
    stamped: list[int] = []
    stamp = None
    if not db.is_sqlite:
        # A team server: the new rows get a version of their own, in the load's transaction,
        # so agents' incremental pulls bring them (and NOTIFY tells running apps at once).
        from agentdesk.server.feed import stamp_unversioned_in

        def stamp(conn) -> None:
            stamped.append(stamp_unversioned_in(conn))

    with StageProgress() as progress:
        def report(stage: str, done: int, total: int) -> None:
            if stage != "done":  # the summary line below says so
                progress(stage, done, total)

        counts = demo.generate(db, customers=args.customers, tickets=args.tickets, seed=args.seed, progress=report,
                               before_commit=stamp)
    if stamped:
        print(f"stamped for sync as version {stamped[0]}")
    secs = time.monotonic() - started
    print(f"demo data written in {secs:.1f} s: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    return 0


def _ticket_row_json(row) -> dict:
    from agentdesk.services.pii import mask_pii

    return {
        "id": str(row.id), "number": row.number, "subject": mask_pii(row.subject), "channel": row.channel,
        "status": row.status, "priority": row.priority, "customer": row.customer_name, "assignee": row.assignee_name,
        "updated_at": row.updated_at, "sla_due": row.sla_next_due, "tags": row.tags.split(),
    }


def _read_attachments(paths: list[str]) -> list:
    """--attach FILE …: each file's name and bytes, its size checked before it is read; one
    line for a file that cannot be read (the services check the rest)."""
    from agentdesk.services.attachments import MAX_FILE_BYTES, NewFile, check_file

    out = []
    for path in paths:
        name = os.path.basename(path)
        try:
            size = os.stat(path).st_size
            if size > MAX_FILE_BYTES:
                check_file(name, size, "application/octet-stream")
            with open(path, "rb") as fh:
                out.append(NewFile(name, fh.read(MAX_FILE_BYTES + 1)))
        except OSError as exc:
            raise ValueError(f"cannot read {path}: {exc.strerror or exc}") from None
    return out


def cmd_ticket(args) -> int:
    from agentdesk.services import tickets
    from agentdesk.services.attachments import describe_size
    from agentdesk.services.common import current_agent, format_countdown
    from agentdesk.services.pii import mask_pii

    if args.ticket_command == "new":
        from agentdesk.commands.intake import run_ticket_new

        return run_ticket_new(args)
    db = _open_db(args)
    with db.session() as s:
        action = args.ticket_command
        if action == "list":
            me = current_agent(s, args.agent).id
            q = tickets.TicketQuery(view=args.view, channel=args.channel, status=args.status, priority=args.priority,
                                    tag=args.tag, assignee=args.assignee, text=args.search, sort=args.sort or "updated")
            if args.view not in tickets.VIEWS:  # a saved view, by name (or id); the options above narrow it
                from agentdesk.services import saved_views

                q = saved_views.find_view(s, me, args.view).query(q)
                q = q.with_(sort=args.sort, descending=True) if args.sort else q  # as without a view
            rows = tickets.fetch_page(s, q, me, args.offset, args.limit)
            if args.json:
                _print_json([_ticket_row_json(r) for r in rows])
            else:
                for r in rows:
                    print(f"#{r.number:<8} {r.status:<8} {r.priority:<7} {r.channel:<7} "
                          f"{format_countdown(r.sla_next_due):>9}  {for_terminal(r.customer_name):<12} "
                          f"{for_terminal(mask_pii(r.subject))}")
            return 0
        if action == "show":
            d = tickets.get_detail(s, args.id)
            if args.json:
                data = {k: v for k, v in d.__dict__.items() if k not in ("messages", "events")}
                data["subject"] = mask_pii(d.subject)
                data["messages"] = [{**m.__dict__, "body": mask_pii(m.body), "attachments": [
                    {"id": f.id, "filename": mask_pii(f.filename), "mime_type": f.mime_type, "size": f.size,
                     "sha256": f.sha256} for f in m.attachments]} for m in d.messages]
                data["events"] = [{"at": e.at, "actor": e.actor, "kind": e.kind, "params": e.params,
                                   "text": mask_pii(e.english())} for e in d.events]
                _print_json(data)
            else:
                t = for_terminal
                print(f"#{d.number} {t(mask_pii(d.subject))}")
                print(f"  {d.status} · {d.priority} · {d.channel} · customer {t(d.customer_name) or '-'} · "
                      f"assignee {t(d.assignee_name) or '-'} · tags {t(' '.join(d.tags)) or '-'}")
                if d.order_number:
                    print(f"  order {t(d.order_number)} ({t(d.order_status)})")
                # Messages and field changes ("김민지 changed status open → pending") by time.
                timeline = sorted([(m.created_at, 0, m) for m in d.messages] + [(e.at, 1, e) for e in d.events],
                                  key=lambda item: (item[0], item[1]))
                for at, _, item in timeline:
                    if isinstance(item, tickets.TicketEvent):
                        print(f"\n[{at.astimezone():%Y-%m-%d %H:%M}] · {t(mask_pii(item.english()))}")
                        continue
                    print(f"\n[{at.astimezone():%Y-%m-%d %H:%M}] {item.direction}/{item.kind} {item.channel} — {t(item.author)}")
                    print("  " + t(mask_pii(item.body)).replace("\n", "\n  "))
                    for f in item.attachments:
                        print(f"  [file] {t(mask_pii(f.filename))} ({describe_size(f.size)}, {t(f.mime_type)})")
            return 0
        agent = current_agent(s, args.agent)
        # Printed after the commit: a success line must not appear for a write that then fails.
        said: list[str] = []
        if action in ("reply", "note"):
            m = tickets.add_message(s, args.id, agent, args.body, kind=action, attachments=_read_attachments(args.attach))
            said.append(f"{action} added to #{m.ticket_number} ({m.id})"
                        + ("" if not m.attachments else " with 1 file" if len(m.attachments) == 1
                           else f" with {len(m.attachments)} files"))
        elif action == "set":
            changes = tickets.update_ticket(s, args.id, agent, status=args.status, priority=args.priority,
                                            assignee=args.assignee, add_tags=args.add_tag, remove_tags=args.remove_tag)
            said += [f"{field}: {for_terminal(old) or '-'} → {for_terminal(new) or '-'}"
                     for field, (old, new) in changes.items()] or ["nothing changed"]
        elif action == "merge":
            tickets.merge_tickets(s, args.id, args.into, agent)
            said.append(f"merged {args.id} into {args.into}")
        else:
            return EXIT_USAGE
    for line in said:
        print(line)
    if said != ["nothing changed"]:
        _push_after_write(args)  # after the commit: the outbox rows are there
    return 0


def cmd_customer(args) -> int:
    from agentdesk.services import customers
    from agentdesk.services.pii import mask_pii

    if args.customer_command == "new":
        from agentdesk.commands.intake import run_customer_new

        return run_customer_new(args)
    db = _open_db(args)
    with db.session() as s:
        if args.customer_command == "find":
            found = customers.find_customers(s, phone=args.phone, email=args.email, name=args.name)
            if args.json:
                _print_json([c.__dict__ for c in found])
            elif not found:
                print("no customer found")
            for hit in found if not args.json else []:
                print(f"{hit.id}  {hit.name:<12} {hit.vip_tier:<8} {hit.phone:<14} {hit.email}")
            return 0 if found or args.json else EXIT_ERROR
        c = customers.customer_360(s, args.id)
        if args.json:
            from dataclasses import replace

            # What the window masks is masked here too: notes, contact values, subjects, comments.
            c = replace(c, notes=mask_pii(c.notes), contacts=[replace(x, value=mask_pii(x.value)) for x in c.contacts],
                        inquiries=[replace(x, subject=mask_pii(x.subject)) for x in c.inquiries],
                        feedback=[replace(x, comment=mask_pii(x.comment)) for x in c.feedback])
            _print_json(json.loads(json.dumps(c.__dict__, default=lambda o: getattr(o, "__dict__", None) or _json_default(o))))
        else:
            print(f"{c.name} ({c.vip_tier}) · LTV {c.lifetime_value:,}원 · {c.inquiry_total} inquiries")
            for p in c.products:
                print(f"  {p.kind:<12} {p.name:<20} limit {p.limit_amount:>12,}  available {p.available_amount:>12,}")
            for o in c.orders[:10]:
                print(f"  {o.number}  {o.status:<10} {o.total:>10,}원  " + ", ".join(i.name for i in o.items))
            if c.notes:
                print("  notes: " + mask_pii(c.notes))
        return 0


def cmd_open(args) -> int:
    from agentdesk.ui.app import screen_pop

    return screen_pop(args)


def cmd_gui(args) -> int:
    from agentdesk.ui.app import run_app

    return run_app(args)


def _check_arguments(argv: list[str]) -> None:
    """Arguments that are not valid UTF-8 reach Python as lone surrogates ('\\udcff'); say
    so instead of printing them back or searching for them."""
    for n, arg in enumerate(argv, 1):
        if any("\udc80" <= ch <= "\udcff" for ch in arg):
            raise _UsageError(f"argument {n} is not valid UTF-8 text (check the terminal's or the script's encoding)")


class _UsageError(Exception):
    pass


# OSError numbers that mean "this place cannot be written": said in one line, with where.
_PLACE_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.ENOSPC, errno.EISDIR,
                 getattr(errno, "EDQUOT", errno.ENOSPC)}  # no EDQUOT on some platforms


def limit_blas_threads() -> None:
    """One OpenBLAS thread for numpy (set before numpy is first imported). By default it
    starts one per core and keeps them spinning ~0.1 s after every call (the search by
    meaning's scan, the charts): on a 2-core desk that is the GUI's or a worker's core
    (measured: a text-only search's CPU halved, 8.1 -> 4.5 ms p50, once nothing spun).
    The 50,000-vector scan then takes a few ms more on one thread."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def main(argv: list[str] | None = None) -> int:
    from agentdesk import config

    # Before anything is written: the workspace, logs, crash reports and backups hold
    # customers' data, so they are private to the agent's account (0600 / 0700).
    config.use_private_umask()
    limit_blas_threads()
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        _check_arguments(argv)
    except _UsageError as exc:
        print(f"agentdesk: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        code = _main(argv)
        if sys.stdout is not None:  # None in a windowed (pythonw / frozen) Windows app
            sys.stdout.flush()  # a closed pipe shows here, while we can still handle it
        return code
    except BrokenPipeError:
        # Piped into `head`: the reader has gone. As the Python docs recommend, point
        # stdout at devnull so the interpreter's final flush does not raise again.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass  # stdout is not a real file (a test's capture): nothing to flush
        return EXIT_ERROR


def _main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from agentdesk.services.pii import PiiLogFilter

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # The console shows warnings only, even when the window raises the log file to INFO.
    for handler_ in logging.getLogger().handlers:
        handler_.setLevel(logging.WARNING)
        if not any(isinstance(f, PiiLogFilter) for f in handler_.filters):  # main() may run many times in one process
            handler_.addFilter(PiiLogFilter())
    from agentdesk.commands import feature_modules

    handlers = {"demo-data": cmd_demo_data, "ticket": cmd_ticket, "customer": cmd_customer, "open": cmd_open}
    handlers.update({m.NAME: m.run for m in feature_modules()})
    handler = handlers.get(args.command, cmd_gui)
    if handler is not cmd_gui or args.self_test:
        from agentdesk import resume_gc

        resume_gc()  # the start-up's pause is for the window only
    if args.self_test:
        from agentdesk.selftest import run_self_test

        return run_self_test()
    try:
        if args.command not in ("admin", "profile", "server", "gateway", "simulate"):  # simulate uses no workspace
            _apply_profile(args)
        return handler(args)
    except Exception as exc:
        line = _one_line(exc, args)
        if line is None:
            raise
        print(f"agentdesk: error: {line}", file=sys.stderr)
        return EXIT_ERROR


def _one_line(exc: Exception, args) -> str | None:
    """The line a user sees for an error they can act on; None for a bug (a traceback)."""
    # Imported here, not at the top: the window must not wait for SQLAlchemy to start.
    from sqlalchemy.exc import DatabaseError, OperationalError

    from agentdesk import config
    from agentdesk.db import SchemaError, damage_error
    from agentdesk.services.common import ServiceError

    if isinstance(exc, BrokenPipeError):
        raise exc  # main() ends quietly
    if isinstance(exc, (ServiceError, SchemaError, ValueError)):
        return for_terminal(exc)
    if isinstance(exc, OverflowError):
        return "a number is too large (at most 9223372036854775807)"
    if isinstance(exc, DatabaseError):
        try:
            damaged = damage_error(config.resolve_url(args.db), exc)
        except ValueError:
            damaged = None
        if damaged is not None:
            return for_terminal(damaged)
    if isinstance(exc, OperationalError):
        first = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
        return f"cannot use the database: {for_terminal(first)}"
    if isinstance(exc, OSError) and exc.errno in _PLACE_ERRNOS:
        where = exc.filename or "a file"
        if exc.errno == errno.ENOSPC:
            return f"the disk is full (writing {where}); nothing more was written"
        return for_terminal(config.UnwritableDirectory(where, exc.strerror or str(exc)))
    return None
