"""`agentdesk routing`: a team's routing and priority rules, agents' capacity and skills,
and one run of the age rules (issue 13). The rules: agentdesk/routing.py and docs/routing.md."""

from __future__ import annotations

NAME = "routing"
RULES_FILE_LIMIT = 64 * 1024  # bytes of a --priority-rules file (20 rules fit many times over)
# routing.MODES and routing.MAX_CAPACITY, spelt here: agentdesk/routing.py imports the
# models (SQLAlchemy, half a second), and building the parser must stay instant (every
# command, and the window's start, builds it). tests/test_cli.py checks they agree.
MODES = ("manual", "round_robin", "least_loaded", "skills")
MAX_CAPACITY = 500


def add_parser(sub, common) -> None:
    from agentdesk.cli import whole_number

    p = sub.add_parser(NAME, parents=[common], help="how new tickets are assigned and prioritised, per team")
    ps = p.add_subparsers(dest="routing_command", metavar="ACTION", required=True)
    show = ps.add_parser("show", parents=[common], help="a team's routing mode, priority rules and agents")
    show.add_argument("--team", dest="team_name", metavar="NAME", help="the team's name (default: your own team)")
    show.add_argument("--json", action="store_true", help="print JSON (mode, priority_rules, agents)")
    st = ps.add_parser("set", parents=[common], help="set a team's routing mode and priority rules (leads and admins)")
    st.add_argument("--team", dest="team_name", metavar="NAME", help="the team's name (default: your own team)")
    st.add_argument("--mode", required=True, choices=list(MODES),
                    help="manual (nobody is assigned by rule), round_robin, least_loaded (fewest open tickets "
                         "within capacity) or skills (channel, language and category fit, then least loaded)")
    st.add_argument("--priority-rules", metavar="FILE.json",
                    help="a JSON list of priority rules (format: docs/routing.md); without it the team's "
                         "current rules stay (or the default ones, for a team that has none)")
    st.add_argument("--json", action="store_true", help="print the team's rules and agents as JSON")
    ag = ps.add_parser("agent", parents=[common], help="set an agent's capacity and skills (leads and admins)")
    ag.add_argument("login", metavar="LOGIN", help="the agent's login")
    ag.add_argument("--capacity", type=whole_number(0, MAX_CAPACITY), metavar="N",
                    help=f"open tickets (new and open) routing gives them at most, 0 to {MAX_CAPACITY}")
    ag.add_argument("--skills-channels", metavar="LIST",
                    help="comma-separated channels they take (email, chat, phone, sms, social, web); '' for any")
    ag.add_argument("--skills-languages", metavar="LIST", help="comma-separated languages (ko, en …); '' for any")
    ag.add_argument("--skills-categories", metavar="LIST",
                    help="comma-separated ticket categories they take; '' for any")
    ag.add_argument("--json", action="store_true", help="print the agent's profile as JSON")
    tk = ps.add_parser("tick", parents=[common],
                       help="run the age rules once (the team server runs them every minute by itself)")
    tk.add_argument("--json", action="store_true", help="print the raised tickets as JSON")


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _read_rules(path: str):
    import json
    from pathlib import Path

    file = Path(path)
    try:
        if file.stat().st_size > RULES_FILE_LIMIT:
            raise ValueError(f"{path}: larger than {RULES_FILE_LIMIT // 1024} KiB")
        return json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"{path}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: not valid JSON ({exc})") from None


def _rules_json(rules, profiles) -> dict:
    return {"team": rules.team_name, "mode": rules.mode, "stored": rules.stored, "updated_by": rules.updated_by or None,
            "updated_at": rules.updated_at, "priority_rules": rules.priority_rules,
            "agents": [_profile_json(a) for a in profiles]}


def _profile_json(a) -> dict:
    return {"login": a.login, "name": a.name, "role": a.role, "status": a.status, "capacity": a.capacity,
            "open": a.open_count, "skills": a.skills}


def _print_rules(rules, profiles) -> None:
    from agentdesk.cli import for_terminal

    note = "" if rules.stored else "  (not set: nothing is automatic; these are the defaults a lead starts from)"
    print(f"team {for_terminal(rules.team_name)}: {rules.mode}{note}")
    for n, rule in enumerate(rules.priority_rules, start=1):
        print(f"  {n}. {for_terminal(_rule_text(rule))}")
    if not rules.priority_rules:
        print("  no priority rules")
    for a in profiles:
        skills = "; ".join(f"{k} {','.join(v)}" for k, v in a.skills.items() if v) or "any"
        print(f"  {for_terminal(a.login):<16} {a.role:<6} {a.status:<9} {a.open_count:>3}/{a.capacity:<3} "
              f"{for_terminal(skills)}")


def _rule_text(rule: dict) -> str:
    if rule.get("kind") == "age":
        return f"unanswered after {rule.get('minutes')} min: one step up"
    values = rule.get("keywords") or rule.get("tiers") or rule.get("channels") or []
    return f"{rule.get('kind')} {', '.join(map(str, values))} → {rule.get('priority')}"


def run(args) -> int:
    from agentdesk.cli import _open_db, _print_json, _push_after_write

    db = _open_db(args)
    if args.routing_command == "tick":
        return _tick(args, db)
    if args.routing_command == "agent":
        profile = _set_agent(args, db)
        _push_after_write(args)
        if args.json:
            _print_json(_profile_json(profile))
        else:
            print(f"{profile.login}: capacity {profile.capacity}, "
                  + ("; ".join(f"{k} {','.join(v)}" for k, v in profile.skills.items() if v) or "any skills"))
        return 0
    from agentdesk.services import routing as svc
    from agentdesk.services.common import current_agent

    with db.session() as s:
        me = current_agent(s, args.agent)
        rules = svc.get_rules(s, args.team_name, me)
        if args.routing_command == "set":
            wanted = _read_rules(args.priority_rules) if args.priority_rules else rules.priority_rules
            rules = svc.save_rules(s, me, rules.team_id, args.mode, wanted)
        profiles = svc.agent_profiles(s, rules.team_id)
    if args.routing_command == "set":
        _push_after_write(args)
    if args.json:
        _print_json(_rules_json(rules, profiles))
    elif args.routing_command == "set":
        print(f"team {rules.team_name}: {rules.mode}, {len(rules.priority_rules)} priority rule(s)")
    else:
        _print_rules(rules, profiles)
    return 0


def _set_agent(args, db):
    from agentdesk import routing
    from agentdesk.services import routing as svc
    from agentdesk.services.common import current_agent, find_agent

    given = {k: getattr(args, f"skills_{k}") for k in ("channels", "languages", "categories")}
    if args.capacity is None and all(v is None for v in given.values()):
        raise ValueError("give --capacity or a --skills-… option")
    with db.session() as s:
        me = current_agent(s, args.agent)
        skills = None
        if any(v is not None for v in given.values()):
            skills = routing.read_skills(find_agent(s, args.login).skills).to_json()
            skills.update({k: _split(v) for k, v in given.items() if v is not None})
        return svc.set_agent_profile(s, me, args.login, capacity=args.capacity, skills=skills)


def _tick(args, db) -> int:
    from agentdesk.cli import _print_json

    if getattr(args, "team", None) is not None:
        print("the team server runs the age rules itself (every minute); nothing to do on a desk")
        return 0
    if not db.is_sqlite:
        from agentdesk.server.routing import run_tick

        n = run_tick(db.engine, as_admin=False)  # the owner's connection: no role to switch to
        if args.json:
            _print_json({"raised": n})
        else:
            print(f"age rules: {n} ticket(s) raised one step")
        return 0
    from agentdesk.services import routing as svc

    with db.session() as s:
        raised = svc.escalate_aged(s)
    if args.json:
        _print_json([{"number": e.number, "from": e.old, "to": e.new, "rule": e.rule} for e in raised])
    else:
        for e in raised:
            print(f"#{e.number}: {e.old} → {e.new} ({e.rule})")
        print(f"age rules: {len(raised)} ticket(s) raised one step")
    return 0
