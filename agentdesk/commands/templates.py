"""`agentdesk templates list | export FILE | import FILE`: sharing template libraries between teams."""

from __future__ import annotations

NAME = "templates"


def add_parser(sub, common) -> None:
    p = sub.add_parser(NAME, parents=[common], help="list, export and import reply templates")
    ps = p.add_subparsers(dest="templates_command", metavar="ACTION", required=True)
    pl = ps.add_parser("list", parents=[common], help="the templates this agent can use, most used first")
    pl.add_argument("--search", default="", help="text in titles, bodies or shortcuts")
    pl.add_argument("--category", help="only templates in this category")
    pl.add_argument("--language", help="only templates in this language (ko or en)")
    pl.add_argument("--sort", default="mine", help="mine (most used by me), usage, title or updated")
    pl.add_argument("--json", action="store_true", help="a JSON array instead of lines")
    pe = ps.add_parser("export", parents=[common], help="write team templates to a JSON file")
    pe.add_argument("file", metavar="FILE", help="the JSON file to write ('-' for standard output)")
    pe.add_argument("--include-personal", action="store_true", help="also the acting agent's personal templates")
    pi = ps.add_parser("import", parents=[common],
                       help="add or update templates from an exported JSON file (all or nothing)")
    pi.add_argument("file", metavar="FILE", help="a file written by templates export ('-' reads standard input)")


def run(args) -> int:
    import json
    import sys

    from agentdesk.cli import _open_db, _print_json
    from agentdesk.services import templates as tp
    from agentdesk.services.common import InvalidValue, current_agent

    db = _open_db(args)
    action = args.templates_command
    if action == "import":
        data = tp.load_export_file(args.file)
        # One transaction: a broken template anywhere in the file imports nothing.
        with db.session() as s:
            result = tp.import_templates(s, current_agent(s, args.agent), data)
        print(f"imported {len(result.titles)} templates from {args.file}: "
              f"{result.created} new, {result.updated} updated")
        return 0
    with db.session() as s:
        agent = current_agent(s, args.agent)
        if action == "export":
            data = tp.export_templates(s, agent, include_personal=args.include_personal)
        else:
            rows = tp.list_templates(s, agent, search=args.search, category=args.category, language=args.language,
                                     sort=args.sort)
    if action == "export":
        text = json.dumps(data, ensure_ascii=False, indent=2)
        if args.file == "-":
            print(text)
        else:
            try:
                with open(args.file, "w", encoding="utf-8") as f:
                    f.write(text + "\n")
            except OSError as exc:
                raise InvalidValue(f"cannot write {args.file}: {exc.strerror}") from None
            print(f"exported {len(data['templates'])} templates to {args.file}", file=sys.stderr)
        return 0
    if args.json:
        _print_json([{"id": r.id, "title": r.title, "shortcut": r.shortcut, "category": r.category,
                      "language": r.language, "scope": r.scope, "uses": r.usage_count, "my_uses": r.my_uses,
                      "prompts": r.prompts, "macro": r.macro, "body": r.body} for r in rows])
        return 0
    for r in rows:
        scope = "personal" if r.scope == "personal" else "team"
        print(f"{r.shortcut or '-':<12} {r.language:<3} {scope:<8} {r.my_uses:>5} {r.usage_count:>6}  "
              f"{r.title}" + (f"  [{r.category}]" if r.category else ""))
    if not rows:
        print("no templates")
    return 0
