"""`agentdesk staffing`: the Erlang C estimate of agents needed per hour of the day (issue 13)."""

from __future__ import annotations

import argparse
import math
import re
from datetime import date

NAME = "staffing"
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAYS = tuple(name[:3] for name in WEEKDAY_NAMES)
CHANNELS = ("email", "chat", "phone", "sms", "social", "web")  # models.Channel, spelled out: no SQLAlchemy to build the parser


def _day(text: str) -> date:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text.strip()):
        raise argparse.ArgumentTypeError(f"'{_clip(text)}' is not a date like 2026-11-30")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{_clip(text)}' is not a date on the calendar") from None


_day.__name__ = "date"


def _clip(text: str) -> str:
    from agentdesk.cli import for_terminal

    return for_terminal(text[:40] + ("…" if len(text) > 40 else ""))


def _number(low: float, high: float, *, low_open: bool = False, high_open: bool = False, what: str = "number"):
    """An argparse type: a finite decimal number in a range (open or closed at each end)."""
    def parse(text: str) -> float:
        if not re.fullmatch(r"[+-]?(?:[0-9]{1,9}(?:\.[0-9]{0,9})?|\.[0-9]{1,9})", text.strip()):
            raise argparse.ArgumentTypeError(f"'{_clip(text)}' is not a {what}")
        value = float(text)
        if value < low or value > high or (low_open and value == low) or (high_open and value == high):
            lo, hi = ("more than " if low_open else "from ") + f"{low:g}", ("below " if high_open else "to ") + f"{high:g}"
            raise argparse.ArgumentTypeError(f"{_clip(text)} is out of range: {lo} {hi}")
        return value

    parse.__name__ = what
    return parse


def _weekday(text: str) -> int:
    key = text.strip().lower()
    for n, name in enumerate(WEEKDAY_NAMES):
        if key in (name, name[:3]):
            return n
    raise argparse.ArgumentTypeError(f"'{_clip(text)}' is not a day of the week: {', '.join(WEEKDAYS)}")


_weekday.__name__ = "weekday"


def add_parser(sub, common) -> None:
    p = sub.add_parser(NAME, parents=[common], help="agents needed per hour of the day (Erlang C), from past arrivals",
                       description="Estimates the agents each hour of the day needs, by Erlang C: the arrivals per "
                                   "hour on the live channels averaged over the days given, the handle time recorded "
                                   "(or --aht), a service-level target and shrinkage. Erlang C ignores callers who "
                                   "hang up, so the figures are an upper bound.")
    p.add_argument("--from", dest="from_day", metavar="DATE", required=True, type=_day,
                   help="first day of the arrivals to average, e.g. 2026-11-01 (a local calendar day)")
    p.add_argument("--to", dest="to_day", metavar="DATE", required=True, type=_day,
                   help="last day, included (at most 366 days in all)")
    p.add_argument("--team", dest="team_name", metavar="NAME", help="only this team's tickets (default: every team)")
    p.add_argument("--tz", metavar="ZONE", help="time zone of the days and hours, e.g. Asia/Seoul "
                                                "(default: the workspace's, else Asia/Seoul, as agentdesk metrics)")
    p.add_argument("--target", type=_number(0, 1, low_open=True, high_open=True, what="fraction"), default=0.8,
                   help="share of calls to answer within --answer-seconds, above 0 and below 1 (default: 0.8)")
    p.add_argument("--answer-seconds", type=_number(0, 86_400, what="number of seconds"), default=20.0,
                   help="the service level's answer time in seconds (default: 20)")
    p.add_argument("--shrinkage", type=_number(0, 1, high_open=True, what="fraction"), default=0.3,
                   help="share of paid time off the phones (breaks, training, absence), from 0 to below 1 "
                        "(default: 0.3)")
    p.add_argument("--aht", type=_number(0, 86_400, low_open=True, what="number of seconds"), metavar="SECONDS",
                   help="average handle time in seconds for every hour (default: the recorded handle times, "
                        "else 300)")
    p.add_argument("--weekday", action="append", type=_weekday, metavar="DAY",
                   help="count only this day of the week, e.g. mon (repeat for more; default: every day). "
                        "The last four Mondays: --from of four weeks back, --to of last Monday, --weekday mon")
    p.add_argument("--channel", action="append", choices=CHANNELS, metavar="CHANNEL",
                   help="a channel whose tickets queue for an agent (repeat for more; default: phone and chat)")
    p.add_argument("--json", action="store_true", help="the plan as a JSON object instead of a table")


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def _secs(value: float | None) -> str:
    if value is None:
        return "-"
    return "∞" if math.isinf(value) else f"{value:.1f}"


def _print_table(plan) -> None:
    from agentdesk.cli import for_terminal

    team = for_terminal(plan.team) if plan.team else "every team"
    days = "every day" if len(plan.weekdays) == 7 else ", ".join(WEEKDAYS[d] for d in plan.weekdays)
    print(f"Staffing estimate from {plan.start} to {plan.end} ({plan.days} days counted: {days}), "
          f"{plan.tz or 'local time'}, {team}, {' + '.join(plan.channels)}")
    print(f"Target: {plan.target_sl * 100:g}% answered within {plan.answer_seconds:g} s; shrinkage {plan.shrinkage * 100:g}%")
    print()
    print(f"{'hour':<6} {'calls/h':>8} {'AHT s':>7} {'AHT from':<8} {'Erlangs':>8} {'agents':>6} {'scheduled':>9} "
          f"{'SL':>7} {'ASA s':>7} {'occupancy':>9}")
    for r in plan.rows:
        print(f"{r.hour:02d}:00  {r.calls_per_hour:>8.1f} {r.aht:>7.0f} {r.aht_source:<8} {r.traffic_erlangs:>8.2f} "
              f"{r.agents_raw:>6} {r.agents_with_shrinkage:>9} {_pct(r.expected_sl):>7} {_secs(r.asa):>7} "
              f"{_pct(r.occupancy):>9}")
    peak = plan.peak
    print()
    print(f"{plan.calls_per_day:.1f} calls a day; the busiest hour is {peak.hour:02d}:00: {peak.agents_raw} agents "
          f"answering, {peak.agents_with_shrinkage} scheduled")
    if plan.handle_time_records and plan.measured_contacts:
        print(f"Handle times measured from {plan.measured_contacts:,} contacts (AHT from: hour = that hour's own, "
              f"period = the whole period's, where an hour has few)")
    elif not any(r.aht_source == "given" for r in plan.rows):
        print(f"No handle times recorded for these contacts: {plan.rows[0].aht:g} s assumed (give --aht)")
    print()
    print("Caveat: " + plan.caveat)


def run(args) -> int:
    import sys

    from agentdesk.catalogue import CodedError
    from agentdesk.cli import EXIT_USAGE, _open_db, _print_json, for_terminal
    from agentdesk.services import staffing

    db = _open_db(args)
    with db.session() as s:
        try:
            plan = staffing.plan(s, args.from_day, args.to_day, team=args.team_name, tz=args.tz, target_sl=args.target,
                                 answer_seconds=args.answer_seconds, shrinkage=args.shrinkage, aht_seconds=args.aht,
                                 channels=tuple(args.channel or staffing.LIVE_CHANNELS), weekdays=args.weekday)
        except CodedError as exc:  # a bad period, team, zone or target: the user's to fix
            print(f"agentdesk: error: {for_terminal(exc)}", file=sys.stderr)
            return EXIT_USAGE
    if args.json:
        _print_json(plan.as_json())
    else:
        _print_table(plan)
    return 0
