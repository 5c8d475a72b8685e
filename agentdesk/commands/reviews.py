"""`agentdesk reviews`: quality reviews (issue 13). A lead samples handled tickets, scores
one on the team's rubric; anyone lists their own reviews (a lead: their team's).

``--agent`` keeps its meaning everywhere (act as this agent), so the agent whose tickets
or reviews are meant is ``--of LOGIN``.
"""

from __future__ import annotations

NAME = "reviews"


def add_parser(sub, common) -> None:
    from agentdesk.cli import ticket_ref, whole_number

    p = sub.add_parser(NAME, parents=[common], help="quality reviews: sample handled tickets, score them, read them")
    ps = p.add_subparsers(dest="reviews_command", metavar="ACTION", required=True)
    ps_ = ps.add_parser("sample", parents=[common],
                        help="handled tickets not yet reviewed, drawn at random (leads and admins)")
    # dest team_name: args.team is the team profile's workspace (cli._apply_profile)
    ps_.add_argument("--team", dest="team_name", metavar="NAME",
                     help="sample this team's tickets (default: your own team; admins: every team)")
    ps_.add_argument("--of", metavar="LOGIN", help="sample this agent's tickets only")
    ps_.add_argument("-n", type=whole_number(1, 50), default=5, metavar="N", help="how many tickets (1-50, default 5)")
    ps_.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="only tickets solved on or after this day (UTC)")
    ps_.add_argument("--channel", metavar="CHANNEL", help="only tickets of this channel (email, chat, phone, …)")
    ps_.add_argument("--seed", type=whole_number(0), metavar="N",
                     help="draw reproducibly: the same seed draws the same tickets from the same data")
    ps_.add_argument("--json", action="store_true", help="print JSON (ticket id, number, subject, agent, solved_at)")

    pa = ps.add_parser("add", parents=[common], help="review a handled ticket on the team's rubric (leads and admins)")
    pa.add_argument("ticket", type=ticket_ref, metavar="TICKET", help="the ticket: 1042, #1042 or its UUID")
    pa.add_argument("--score", action="append", default=[], metavar="KEY=POINTS", required=True,
                    help="points of one rubric item, e.g. greeting=4; give one for every item "
                         "('agentdesk reviews rubric' lists them)")
    pa.add_argument("--note", action="append", default=[], metavar="KEY=TEXT",
                    help="a comment on one item, e.g. 'empathy=interrupted the caller'")
    pa.add_argument("--comment", default="", metavar="TEXT", help="the overall comment")
    pa.add_argument("--json", action="store_true", help="print the stored review as JSON")

    pl = ps.add_parser("list", parents=[common], help="reviews: your own, an agent's (--of) or your team's (--team)")
    pl.add_argument("--of", metavar="LOGIN", help="this agent's reviews (you, a lead of their team or an admin)")
    pl.add_argument("--team", dest="team_name", metavar="NAME",
                    help="the reviews made in this team (leads: their own team; admins: any)")
    pl.add_argument("--limit", type=whole_number(1, 500), default=50, metavar="N", help="at most N reviews (default 50)")
    pl.add_argument("--json", action="store_true", help="print JSON (scores, comments, score, failed, reviewer)")

    pr = ps.add_parser("rubric", parents=[common], help="the rubric a review of your team uses: its items and keys")
    pr.add_argument("--json", action="store_true", help="print JSON (name, items with key, labels, weight, points)")


def _day(text: str):
    import argparse
    from datetime import UTC, datetime

    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a day: write YYYY-MM-DD") from None


_day.__name__ = "day"


def _pairs(values: list[str], numbers: bool) -> dict:
    from agentdesk.services.common import InvalidValue

    out: dict = {}
    for raw in values:
        key, sep, value = raw.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key or (numbers and not value.isascii()) or (numbers and not value.isdigit()):
            raise InvalidValue(code="review.score_arg", value=repr(raw[:40]))
        out[key] = int(value) if numbers else value
    return out


def _review_json(r) -> dict:
    return {"id": r.id, "ticket": r.ticket_number, "ticket_id": r.ticket_id, "subject": r.ticket_subject,
            "agent": r.agent_name, "reviewer": r.reviewer_name, "rubric": r.rubric_name, "score": r.score,
            "failed": r.failed, "scores": r.scores, "comments": r.comments, "comment": r.comment,
            "created_at": r.created_at}


def _print_review(r, for_terminal) -> None:
    mark = "  FAILED" if r.failed else ""
    print(f"{r.created_at:%Y-%m-%d}  #{r.ticket_number:<8} {r.score:5.1f}{mark}  {for_terminal(r.agent_name)} "
          f"(by {for_terminal(r.reviewer_name)})  {for_terminal(r.ticket_subject)}")
    labels = {i.key: i.label_en for i in r.items}
    for key, points in r.scores.items():
        note = r.comments.get(key)
        maximum = next((i.max_points for i in r.items if i.key == key), None)
        print(f"    {for_terminal(labels.get(key, key)):<30} {points}/{maximum if maximum else '?'}"
              + (f"  {for_terminal(note)}" if note else ""))
    if r.comment:
        print(f"    {for_terminal(r.comment)}")


def run(args) -> int:
    from agentdesk.cli import _open_db, _print_json, _push_after_write, for_terminal
    from agentdesk.services import reviews
    from agentdesk.services.common import current_agent

    action = args.reviews_command
    db = _open_db(args)
    with db.session() as s:
        me = current_agent(s, args.agent)
        if action == "sample":
            drawn = reviews.sample(s, me, team=args.team_name, agent=args.of, n=args.n, since=args.since,
                                   channel=args.channel, seed=args.seed)
            if args.json:
                _print_json([{"ticket_id": d.ticket_id, "number": d.number, "subject": d.subject, "channel": d.channel,
                              "status": d.status, "agent": d.agent_name, "solved_at": d.solved_at} for d in drawn])
                return 0
            for d in drawn:
                solved = f"{d.solved_at:%Y-%m-%d}" if d.solved_at else "-"
                print(f"#{d.number:<8} {solved}  {d.channel:<6} {for_terminal(d.agent_name):<12} {for_terminal(d.subject)}")
            if not drawn:
                print("no handled ticket left to review")
            return 0
        if action == "add":
            row = reviews.save_review(s, me, args.ticket, _pairs(args.score, True), _pairs(args.note, False),
                                      comment=args.comment)
        elif action == "rubric":
            rubric = reviews.rubric_for(s, me.team_id)
            if args.json:
                _print_json({"id": rubric.id, "name": rubric.name, "team_id": rubric.team_id,
                             "items": [i.to_json() for i in rubric.items]})
                return 0
            print(for_terminal(rubric.name))
            for i in rubric.items:
                print(f"  {i.key:<14} {for_terminal(i.label_en)} / {for_terminal(i.label_ko)}  weight {i.weight:g}, "
                      f"0-{i.max_points} points" + ("  (0 fails the review)" if i.auto_fail else ""))
            return 0
        else:
            if args.team_name:
                rows_ = reviews.reviews_of_team(s, me, args.team_name, limit=args.limit)
            else:
                rows_ = reviews.reviews_for_agent(s, args.of or me, limit=args.limit, viewer=me)
            if args.json:
                _print_json([_review_json(r) for r in rows_])
                return 0
            for r in rows_:
                _print_review(r, for_terminal)
            if not rows_:
                print("no reviews yet")
            return 0
    _push_after_write(args)
    if args.json:
        _print_json(_review_json(row))
    else:
        _print_review(row, for_terminal)
    return 0
