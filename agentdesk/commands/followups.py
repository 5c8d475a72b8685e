"""`agentdesk followups list|export|import`: the personal calendar from a terminal."""

from __future__ import annotations

NAME = "followups"


def add_parser(sub, common) -> None:
    p = sub.add_parser(NAME, parents=[common], help="list, export and import your follow-ups (iCalendar)")
    actions = p.add_subparsers(dest="followups_command", metavar="ACTION", required=True)
    ls = actions.add_parser("list", parents=[common], help="overdue follow-ups, then the coming days")
    ls.add_argument("--days", type=int, default=14, help="how many days ahead (default: 14)")
    ls.add_argument("--json", action="store_true", help="a JSON array instead of lines")
    ex = actions.add_parser("export", parents=[common], help="write your follow-ups to an .ics file")
    ex.add_argument("file", metavar="FILE", help="the .ics file to write ('-' for standard output)")
    im = actions.add_parser("import", parents=[common], help="read follow-ups from an .ics file")
    im.add_argument("file", metavar="FILE", help="the .ics file to read")


def _row_json(occ, now) -> dict:
    from agentdesk.services.pii import mask_pii

    f = occ.follow_up
    return {
        "id": str(f.id), "at": occ.at, "due_at": f.due_at, "title": mask_pii(f.title), "kind": f.kind, "status": f.status,
        "overdue": occ.overdue(now), "recurring": f.recurring, "repeat": occ.current is False, "rrule": f.rrule,
        "tz": f.tz, "remind_at": f.remind_at, "ticket": f.ticket_number, "customer": f.customer_name or None,
        "phone": f.customer_phone or None, "notes": mask_pii(f.notes),
    }


def run(args) -> int:
    import sys

    from agentdesk.cli import EXIT_ERROR, _open_db, _print_json
    from agentdesk.models import utcnow
    from agentdesk.services import followups
    from agentdesk.services.common import current_agent
    from agentdesk.services.pii import mask_pii

    action = args.followups_command
    if action == "import":
        try:
            data = followups.read_ics_file(args.file)  # never more than the import limit into memory
        except OSError as exc:
            print(f"agentdesk: error: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
            return EXIT_ERROR
    db = _open_db(args)
    with db.session() as s:
        agent = current_agent(s, args.agent)
        if action == "list":
            if args.days < 0:
                print("agentdesk: error: --days must not be negative", file=sys.stderr)
                return EXIT_ERROR
            now = utcnow()
            rows = followups.agenda(s, agent.id, now, days=args.days)
            if args.json:
                _print_json([_row_json(o, now) for o in rows])
                return 0
            if not rows:
                print("no follow-ups")
            for o in rows:
                f = o.follow_up
                flag = "OVERDUE " if o.overdue(now) else ("repeat  " if not o.current else "        ")
                link = " ".join(x for x in (f"#{f.ticket_number}" if f.ticket_number else "", f.customer_name,
                                            f.customer_phone if f.kind == "callback" else "") if x)
                kind = "callback " if f.kind == "callback" else "follow-up"
                print(f"{o.at.astimezone():%Y-%m-%d %a %H:%M}  {flag}{kind}  {mask_pii(f.title)}" + (f"  [{link}]" if link else ""))
            return 0
        if action == "export":
            data = followups.export_ics(s, agent.id)
            if args.file == "-":
                sys.stdout.buffer.write(data)
                sys.stdout.flush()
            else:
                try:
                    with open(args.file, "wb") as fh:
                        fh.write(data)
                except OSError as exc:
                    print(f"agentdesk: error: cannot write {args.file}: {exc.strerror}", file=sys.stderr)
                    return EXIT_ERROR
                print(f"exported {data.count(b'BEGIN:VEVENT')} follow-ups to {args.file}")
            return 0
        if action == "import":
            created, updated = followups.import_ics(s, agent, data, default_tz=followups.system_zone_name())
            print(f"imported {args.file}: {created} created, {updated} updated")
            return 0
    return 2
