"""`agentdesk kb`: import and export knowledge articles as JSON Lines, and search them.

    agentdesk kb import articles.jsonl        one article a line: external_id, title, body,
                                              tags (list), category, language (ko/en),
                                              visibility (public/internal; left out: kept)
    agentdesk kb export articles.jsonl        the published articles, in the same shape
    agentdesk kb search "한도 조회" --json     best first: external_id, title, score, snippet
"""

from __future__ import annotations

import json

NAME = "kb"
# An import is read whole before anything is written (all or nothing), so it is bounded:
# 20,000 articles of 5 KB are 100 MB; one line holds an article of at most 100,000
# characters (up to 6 bytes each as JSON \u escapes) with room to spare.
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_LINE_BYTES = 2 * 1024 * 1024


def add_parser(sub, common) -> None:
    p = sub.add_parser("kb", parents=[common], help="knowledge base: import, export and search articles")
    ks = p.add_subparsers(dest="kb_command", metavar="ACTION", required=True)
    imp = ks.add_parser("import", parents=[common],
                        help="import articles from JSON Lines (an existing external_id is updated)")
    imp.add_argument("file", metavar="FILE", help="JSON Lines file, one article a line ('-' reads standard input)")
    exp = ks.add_parser("export", parents=[common],
                        help="write the published articles as JSON Lines, as kb import reads them")
    exp.add_argument("file", metavar="FILE", help="the JSON Lines file to write ('-' for standard output)")
    s = ks.add_parser("search", parents=[common], help="ranked search of published articles")
    s.add_argument("query", metavar="QUERY", help="words to look for (quote them)")
    s.add_argument("--limit", type=int, default=10, metavar="K", help="at most K results (default: 10)")
    s.add_argument("--category", help="only articles in this category")
    s.add_argument("--tag", help="only articles with this tag")
    s.add_argument("--language", choices=("ko", "en"), help="only articles in this language")
    s.add_argument("--json", action="store_true", help="a JSON array, best first")


def _read_bounded(path: str) -> bytes:
    """The file's bytes, refusing one larger than MAX_FILE_BYTES before reading it all."""
    import sys

    from agentdesk.services.common import InvalidValue

    try:
        if path == "-":
            raw = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        else:
            with open(path, "rb") as fh:
                raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InvalidValue(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise InvalidValue(f"{path} is larger than {MAX_FILE_BYTES // 2**20} MB: split it into several imports; "
                           "nothing was imported")
    return raw


def read_jsonl(path: str) -> list[dict]:
    """Every article of a JSON Lines file, validated; InvalidValue names the first bad line."""
    from agentdesk.services import knowledge
    from agentdesk.services.common import InvalidValue

    items = []
    for n, line in enumerate(_read_bounded(path).splitlines(), 1):
        if len(line) > MAX_LINE_BYTES:
            raise InvalidValue(f"line {n}: longer than {MAX_LINE_BYTES // 2**20} MB; nothing was imported")
        try:
            s = line.decode("utf-8-sig" if n == 1 else "utf-8").strip()
        except UnicodeDecodeError:
            raise InvalidValue(f"line {n}: not UTF-8 text; nothing was imported") from None
        if not s:
            continue
        try:
            data = json.loads(s)
        except json.JSONDecodeError as exc:
            raise InvalidValue(f"line {n}: not valid JSON ({exc.msg} at column {exc.colno}); nothing was imported") from None
        except RecursionError:
            # '[[[[…' a hundred thousand deep: the parser runs out of stack, not of patience.
            raise InvalidValue(f"line {n}: JSON nested too deeply (an article is one flat object); "
                               "nothing was imported") from None
        try:
            items.append(knowledge.check_article(data))
        except InvalidValue as exc:
            raise InvalidValue(f"line {n}: {exc}; nothing was imported") from None
    return items


def _export(args) -> int:
    import sys

    from agentdesk.cli import _open_db
    from agentdesk.services import knowledge
    from agentdesk.services.common import InvalidValue

    db = _open_db(args)
    count = 0
    try:
        out = sys.stdout if args.file == "-" else open(args.file, "w", encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise InvalidValue(f"cannot write {args.file}: {exc.strerror or exc}") from None
    try:
        with db.session() as s:
            for article in knowledge.export_articles(s):
                out.write(json.dumps(article, ensure_ascii=False) + "\n")
                count += 1
    finally:
        if out is not sys.stdout:
            out.close()
    if args.file != "-":
        print(f"exported {count:,} article(s) to {args.file}")
    return 0


def run(args) -> int:
    from agentdesk.cli import EXIT_ERROR, _open_db, _print_json, for_terminal
    from agentdesk.services import knowledge
    from agentdesk.services.common import InvalidValue

    if args.kb_command == "import":
        if getattr(args, "team", None) is not None:
            # A replica's new article would never reach the server (articles do not sync
            # up) and would live in this one desk forever.
            raise InvalidValue("kb import is not possible in a team workspace: the articles would stay in this "
                               "desk's copy only. An admin imports them on the team database: "
                               "agentdesk kb import FILE --db postgresql://OWNER@HOST/DATABASE")
        items = read_jsonl(args.file)  # all lines checked before the database is touched
        db = _open_db(args)
        with db.session() as s:  # one transaction: all or nothing
            created, updated = knowledge.import_articles(s, items)
        unchanged = len(items) - created - updated  # already as the file has them: not written
        print(f"imported {len(items):,} article(s): {created:,} created, {updated:,} updated, {unchanged:,} unchanged")
        return 0

    if args.kb_command == "export":
        return _export(args)
    if not 1 <= args.limit <= knowledge.MAX_LIMIT:
        raise InvalidValue(f"--limit must be from 1 to {knowledge.MAX_LIMIT}")
    db = _open_db(args)
    with db.session() as s:
        hits = knowledge.search(s, args.query, category=args.category, tag=args.tag, language=args.language,
                                limit=args.limit)
    if args.json:
        _print_json([{"external_id": h.external_id, "id": h.id, "title": h.title, "score": h.score,
                      "snippet": h.snippet, "category": h.category, "tags": h.tags, "language": h.language}
                     for h in hits])
        return 0
    if not hits:
        print("no articles found")
        return EXIT_ERROR
    for i, h in enumerate(hits, 1):
        meta = for_terminal(" · ".join(x for x in (h.category, h.language, f"{h.score:.2f}") if x))
        print(f"{i:>2}. [{for_terminal(h.external_id or h.id)}] {for_terminal(h.title)}  ({meta})")
        print(f"    {for_terminal(h.snippet)}")
    return 0
