"""`agentdesk ticket new` and `agentdesk customer new` (issue 12): an agent's new ticket
(a logged call, a letter typed in, a first reply) and a new customer, from a script or a
terminal, with the window's rules (services/intake.py). Registered under the `ticket`
and `customer` commands by agentdesk/cli.py; nothing heavy is imported at module level.
"""

from __future__ import annotations

import sys

from agentdesk.cli import _open_db, _print_json, _push_after_write, for_terminal, whole_number

CHANNELS = ("email", "chat", "phone", "sms", "social", "web")  # models.Channel (test_cli_intake checks both agree)
PRIORITIES = ("urgent", "high", "normal", "low")
FIRST_KINDS = ("inbound", "reply", "note", "call_log")
MESSAGE_FILE_LIMIT = 1024 * 1024  # bytes: a first message, not a mailbox


def add_ticket_new(ts, common) -> None:
    tn = ts.add_parser("new", parents=[common], help="open a ticket (a logged call, a customer's message, a first reply)",
                       description="Opens a ticket in your team's queue with its first message. "
                                   "In a team profile it shows as #… until the server gives it its number.")
    tn.add_argument("--customer", required=True, metavar="REF",
                    help="the customer: their id, a phone number (any layout) or an email address; "
                         "with --new-customer-name, the new customer's phone or email")
    tn.add_argument("--new-customer-name", metavar="NAME",
                    help="record a new customer with this name and the --customer contact (refused if the "
                         "contact already belongs to a customer)")
    tn.add_argument("--channel", required=True, choices=CHANNELS, help="how the customer reached you: "
                                                                        + ", ".join(CHANNELS))
    tn.add_argument("--subject", required=True, help="the ticket's subject (1 to 300 characters)")
    body = tn.add_mutually_exclusive_group(required=True)
    body.add_argument("--message", metavar="TEXT", help="the first message")
    body.add_argument("--message-file", metavar="FILE",
                      help=f"read the first message from FILE (UTF-8, at most {MESSAGE_FILE_LIMIT // 1024} KiB; - for stdin)")
    tn.add_argument("--first", choices=FIRST_KINDS, metavar="KIND",
                    help="what the first message is: inbound (the customer's words), reply (your public reply), "
                         "note or call_log (default: call_log on phone, inbound otherwise)")
    tn.add_argument("--call", choices=("in", "out"), help="a call log's direction: in (the customer called) or out")
    tn.add_argument("--call-minutes", type=whole_number(0, 24 * 60), metavar="MIN",
                    help="how long the call took, in minutes")
    tn.add_argument("--priority", default="normal", choices=PRIORITIES, help="urgent, high, normal (default) or low")
    tn.add_argument("--assignee", metavar="LOGIN",
                    help="who works it: a login or name of your team, 'none' for unassigned (default: you)")
    tn.add_argument("--tag", action="append", default=[], metavar="TAG", help="a tag (repeat for more)")
    tn.add_argument("--json", action="store_true", help="print the new ticket as JSON")


def add_customer_new(cs, common) -> None:
    cn = cs.add_parser("new", parents=[common], help="record a new customer",
                       description="Records a customer with their phone and email. A phone or email that already "
                                   "belongs to a customer is refused, naming that customer.")
    cn.add_argument("--name", required=True, help="the customer's name")
    cn.add_argument("--phone", help="a phone number in any layout (stored as +82…)")
    cn.add_argument("--email", help="an email address")
    cn.add_argument("--language", default="ko", choices=("ko", "en"), help="the language to answer in (default ko)")
    cn.add_argument("--json", action="store_true", help="print the new customer as JSON")


def _read_message(args) -> str:
    if args.message is not None:
        return args.message
    try:
        if args.message_file == "-":
            data = sys.stdin.buffer.read(MESSAGE_FILE_LIMIT + 1)
        else:
            with open(args.message_file, "rb") as fh:
                data = fh.read(MESSAGE_FILE_LIMIT + 1)
    except OSError as exc:
        raise ValueError(f"cannot read {args.message_file}: {exc.strerror or exc}") from None
    if len(data) > MESSAGE_FILE_LIMIT:
        raise ValueError(f"{args.message_file} is larger than {MESSAGE_FILE_LIMIT // 1024} KiB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{args.message_file} is not UTF-8 text") from None


def call_header(direction: str | None, minutes: int | None) -> str:
    """'Inbound call · 4 min': a call log's first line as the CLI writes it."""
    parts = []
    if direction:
        parts.append("Inbound call" if direction == "in" else "Outbound call")
    if minutes is not None:
        parts.append(f"{minutes} min")
    return " · ".join(parts)


def run_ticket_new(args) -> int:
    from agentdesk.services import intake, tickets
    from agentdesk.services.common import current_agent
    from agentdesk.services.pii import mask_pii

    first = args.first or ("call_log" if args.channel == "phone" else "inbound")
    if (args.call or args.call_minutes is not None) and first != "call_log":
        raise ValueError("--call and --call-minutes describe a call log (--first call_log)")
    text = _read_message(args)
    if first == "call_log":
        text = intake.call_log_text(text, call_header(args.call, args.call_minutes))
    db = _open_db(args)
    with db.session() as s:
        agent = current_agent(s, args.agent)
        if args.new_customer_name:
            kind = "email" if "@" in args.customer else "phone"
            try:
                customer_id = intake.create_customer(s, agent, name=args.new_customer_name,
                                                     **{kind: args.customer}).id
            except intake.DuplicateContact as exc:
                raise ValueError(duplicate_hint(exc, "--new-customer-name")) from None
        else:
            customer_id = intake.find_customer_ref(s, args.customer).id
        made = intake.create_ticket(s, agent, customer_id=customer_id, subject=args.subject, channel=args.channel,
                                    body=text, first_kind=first, priority=args.priority, assignee=args.assignee,
                                    tags=args.tag)
    _push_after_write(args)  # a team profile: the server gives the number now, if it can be reached
    with db.session() as s:
        number = tickets.resolve_ticket(s, made.id).number
    pending = number <= 0
    if args.json:
        _print_json({"id": made.id, "number": None if pending else number, "pending": pending,
                     "subject": mask_pii(made.subject), "channel": made.channel, "customer_id": made.customer_id,
                     "customer": mask_pii(made.customer_name)})
    else:
        shown = "#… (the team server gives it a number at the next sync)" if pending else f"#{number}"
        print(f"created ticket {shown} {for_terminal(mask_pii(made.subject))} for "
              f"{for_terminal(mask_pii(made.customer_name)) or '-'} ({made.id})")
    return 0


def run_customer_new(args) -> int:
    from agentdesk.services import intake
    from agentdesk.services.common import current_agent
    from agentdesk.services.pii import mask_pii

    if not (args.phone or args.email):
        print("agentdesk: note: no phone or email: the customer can only be found by name", file=sys.stderr)
    db = _open_db(args)
    with db.session() as s:
        try:
            made = intake.create_customer(s, current_agent(s, args.agent), name=args.name, phone=args.phone,
                                          email=args.email, language=args.language)
        except intake.DuplicateContact as exc:
            raise ValueError(duplicate_hint(exc)) from None
    _push_after_write(args)
    if args.json:
        _print_json({"id": made.id, "name": mask_pii(made.name), "phone": mask_pii(made.phone),
                     "email": mask_pii(made.email)})
    else:
        contacts = " ".join(for_terminal(mask_pii(x)) for x in (made.phone, made.email) if x)
        print(f"created customer {for_terminal(mask_pii(made.name))} {contacts} ({made.id})".replace("  ", " "))
    return 0


def duplicate_hint(exc, instead: str = "") -> str:
    """The line for a contact that is a known customer's: which one, and how to use them."""
    from agentdesk.services.pii import mask_pii

    how = f"'ticket new --customer {exc.existing.id}' without {instead}" if instead else \
        f"'ticket new --customer {exc.existing.id}'"
    return f"{mask_pii(str(exc))} (customer id {exc.existing.id}); use {how}"
