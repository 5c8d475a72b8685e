"""`agentdesk metrics --from YYYY-MM-DD --to YYYY-MM-DD [--team NAME] [--tz ZONE] --json`:
the supervisor's KPIs, headless (the same figures the supervisor view shows; definitions
in docs/metrics.md). Bad dates, a period that ends before it starts, an unknown zone or
team: one line and exit 2."""

from __future__ import annotations

import argparse
import re

NAME = "metrics"


def _day(text: str):
    from datetime import date

    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        raise argparse.ArgumentTypeError(f"invalid date '{text[:40]}': give it as YYYY-MM-DD")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid date '{text[:40]}': no such day") from None


_day.__name__ = "date"


def add_parser(sub, common) -> None:
    p = sub.add_parser(NAME, parents=[common], help="the team's KPIs for a period (docs/metrics.md)")
    p.add_argument("--from", dest="first", metavar="YYYY-MM-DD", type=_day, required=True,
                   help="the period's first local day (inclusive)")
    p.add_argument("--to", dest="last", metavar="YYYY-MM-DD", type=_day, required=True,
                   help="the period's last local day (inclusive)")
    p.add_argument("--team", dest="team_name", metavar="NAME", help="only this team's tickets (default: every team)")
    p.add_argument("--tz", metavar="ZONE",
                   help="the IANA time zone the days are in (default: the workspace's, Asia/Seoul for the demo)")
    p.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    p.add_argument("--csv", metavar="FILE", help="also write the figures to a CSV file (key, value)")
    p.add_argument("--xlsx", metavar="FILE", help="also write the figures to an Excel workbook (key, value, definition)")


def _flat(figures: dict) -> list[tuple[str, object]]:
    """("csat.rate", 0.8) pairs, for the CSV and the text form."""
    rows: list[tuple[str, object]] = []
    for key, value in figures.items():
        if isinstance(value, dict):
            rows += [(f"{key}.{k}", v) for k, v in value.items()]
        else:
            rows.append((key, value))
    return rows


def _text(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _write_xlsx(path: str, figures: dict) -> None:
    """One sheet: each figure's key, its value and the definition of its KPI."""
    import xlsxwriter

    from agentdesk.kpi import DEFINITIONS

    book = xlsxwriter.Workbook(path)
    try:
        sheet = book.add_worksheet("KPIs")
        bold = book.add_format({"bold": True})
        sheet.write_row(0, 0, ["key", "value", "definition"], bold)
        for row, (key, value) in enumerate(_flat(figures), start=1):
            sheet.write(row, 0, key)
            if value is not None:
                sheet.write(row, 1, value)
            sheet.write(row, 2, DEFINITIONS.get(key.split(".")[0], ""))
        sheet.set_column(0, 0, 30)
        sheet.set_column(2, 2, 100)
    finally:
        book.close()


_LABELS = {
    "tickets_created": "Tickets created", "volume_by_channel": "By channel", "first_response_seconds": "First response (s)",
    "unanswered": "Unanswered", "resolution_seconds": "Resolution (s)", "reopen_rate": "Reopen rate",
    "fcr_rate": "First contact resolution", "csat": "CSAT", "nps": "NPS", "backlog": "Backlog now",
    "sla_attainment_rate": "SLA attainment", "handle_time_seconds": "Handle time (s)",
}


def run(args) -> int:
    import sys

    from agentdesk.cli import EXIT_USAGE, _open_db, _print_json, for_terminal
    from agentdesk.models import utcnow
    from agentdesk.services import metrics
    from agentdesk.services.common import ServiceError

    db = _open_db(args)
    try:
        with db.session() as s:
            figures = metrics.compute(s, args.first, args.last, team=args.team_name, tz=args.tz, now=utcnow())
    except ServiceError as exc:
        # What the user typed is wrong (a period, a zone, a team): a usage error.
        print(f"agentdesk: error: {for_terminal(exc)}", file=sys.stderr)
        return EXIT_USAGE
    if args.csv:
        import csv

        with open(args.csv, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["key", "value"])
            w.writerows((k, "" if v is None else v) for k, v in _flat(figures))
    if args.xlsx:
        _write_xlsx(args.xlsx, figures)
    if args.json:
        _print_json(figures)
        return 0
    p = figures["period"]
    team = f", team {for_terminal(p['team'])}" if p["team"] else ""
    print(f"{p['from']} to {p['to']} ({p['tz']}{team})")
    for key, label in _LABELS.items():
        value = figures[key]
        if isinstance(value, dict):
            shown = "  ".join(f"{k} {_text(v)}" for k, v in value.items()) or "-"
        else:
            shown = _text(value)
        print(f"  {label:<26} {shown}")
    return 0
