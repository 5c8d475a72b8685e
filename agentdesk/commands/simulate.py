"""`agentdesk simulate`: the headless runner of training scenarios (issue 15, docs/scenarios.md).

    agentdesk simulate --list [--json]
    agentdesk simulate SCENARIO --responses FILE [--json] [--mode practice|certification]

SCENARIO is a bundled id, an id in the trainer directory (DATA/scenarios) or a scenario file.
FILE is JSON Lines, one trainee action a line. The same inputs print byte-identical output.
Exit 0 when the session ran (passed or not); 1 with one line on stderr for a bad scenario or
responses file. Imports nothing heavy at module level (pydantic only when it runs).
"""

from __future__ import annotations

import argparse
import sys

NAME = "simulate"
EXIT_ERROR = 1
EXIT_USAGE = 2


def add_parser(sub, common) -> None:
    p = sub.add_parser(NAME, parents=[common], help="play a training scenario headless and print its scorecard (docs/scenarios.md)",
                       description="Plays a scripted trainee (a JSON Lines file of actions) against a training scenario "
                                   "on the virtual clock and prints the scorecard. The same inputs always print the "
                                   "same bytes.")
    p.add_argument("scenario", nargs="?", metavar="SCENARIO",
                   help="a bundled scenario id, an id in the trainer directory, or a .toml/.json scenario file")
    p.add_argument("--list", action="store_true", help="list the bundled scenarios and the trainer's own")
    p.add_argument("--responses", metavar="FILE", help="the trainee's actions, JSON Lines ('-' reads standard input)")
    p.add_argument("--mode", choices=("practice", "certification"), default="practice",
                   help="certification hides hints (default: practice)")
    p.add_argument("--json", action="store_true", help="print JSON (the scorecard, or the list)")
    p.add_argument("--scenarios-dir", dest="scenario_dirs", metavar="DIR", action="append", default=[],
                   help="also look for scenario files here (repeatable)")


def _say(line: str) -> None:
    from agentdesk.cli import for_terminal

    print(f"agentdesk: error: {for_terminal(line)}", file=sys.stderr)


def _write(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _dump(data) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)


def run(args: argparse.Namespace) -> int:
    if args.list:
        if args.scenario or args.responses:
            _say("--list takes no SCENARIO and no --responses")
            return EXIT_USAGE
        return _list(args)
    if not args.scenario or not args.responses:
        _say("give SCENARIO and --responses FILE (or --list)")
        return EXIT_USAGE
    return _play(args)


def _list(args: argparse.Namespace) -> int:
    from agentdesk.cli import for_terminal
    from agentdesk.simulation.scenario import available_scenarios

    scenarios, errors = available_scenarios(args.scenario_dirs)
    for error in errors:  # a trainer's broken file does not hide the others
        print(f"agentdesk: skipped {for_terminal(error)}", file=sys.stderr)
    rows = [{"id": s.id, "title": s.title, "language": s.language, "difficulty": s.difficulty} for s in scenarios]
    if args.json:
        _write(_dump(rows))
        return 0
    width = max((len(r["id"]) for r in rows), default=2)
    for r in rows:
        _write(f"{r['id']:<{width}}  {r['language']}  {r['difficulty']:<12}  {for_terminal(r['title'])}")
    return 0


def _read_responses(path: str) -> str:
    """The responses file's text, within its budget (checked before reading it all)."""
    from pathlib import Path

    from agentdesk.simulation.responses import MAX_FILE_BYTES, ResponsesError

    limit = f"larger than {MAX_FILE_BYTES // 1_000_000} MB; refused"
    try:
        if path == "-":
            raw = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        else:
            if Path(path).stat().st_size > MAX_FILE_BYTES:
                raise ResponsesError(path, None, limit)
            with open(path, "rb") as handle:
                raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ResponsesError(path, None, f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise ResponsesError(path, None, limit)
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise ResponsesError(path, raw.count(b"\n", 0, exc.start) + 1, "not UTF-8 text") from None


def _play(args: argparse.Namespace) -> int:
    from agentdesk.simulation.responses import ResponsesError, parse_responses
    from agentdesk.simulation.runner import play
    from agentdesk.simulation.scenario import ScenarioError, find_scenario

    try:
        scenario = find_scenario(args.scenario, args.scenario_dirs)
        name = "<stdin>" if args.responses == "-" else args.responses
        actions = parse_responses(_read_responses(args.responses), name=name, scenario=scenario)
    except (ScenarioError, ResponsesError) as exc:
        _say(str(exc))
        return EXIT_ERROR
    card = play(scenario, actions, args.mode).to_json()
    _write(_dump(card) if args.json else _text(card))
    return 0


def _clock(seconds: float) -> str:
    """m:ss.t of a timeline's (already rounded) seconds."""
    minutes, tenths = divmod(int(round(seconds * 10)), 600)
    return f"{minutes:>3}:{tenths // 10:02d}.{tenths % 10}"


def _text(card: dict) -> str:
    """The scorecard for a terminal (in English: the CLI's language; user text as written)."""
    from agentdesk.cli import for_terminal

    verdict = "PASSED" if card["passed"] else "NOT PASSED"
    out = [f"{for_terminal(card['title'])} ({card['scenario']}), {card['mode']}",
           f"{verdict}: score {card['score']}/100"]
    if card["auto_fail"]:
        out.append("Auto-fail:")
        out += [f"  {_clock(a['at'])}  {a['rule']}: {for_terminal(a['text'])}" for a in card["auto_fail"]]
    out.append("Rubric:")
    for item in card["items"]:
        out.append(f"  {item['points']:>5g}/{item['max']:<4g} {for_terminal(item['label'])}: {for_terminal(item['why'])}")
    out.append("Timeline:")
    for entry in card["timeline"]:
        text = for_terminal(entry["text"]).replace("\n", " ")
        out.append(f"  {_clock(entry['at'])}  {entry['who']:<8} {entry['kind']:<9} {text}".rstrip())
    if card["suggestions"]:
        out.append("Suggestions:")
        out += [f"  - {for_terminal(s)}" for s in card["suggestions"]]
    return "\n".join(out)
