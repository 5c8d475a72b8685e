"""`agentdesk views list` and `agentdesk ticket list --view NAME` (issue 12)."""

from __future__ import annotations

import json

import pytest

from agentdesk.cli import build_parser, main
from agentdesk.models import SavedView
from agentdesk.services import saved_views as sv
from agentdesk.services.common import current_agent
from tests.factories import seed_small


@pytest.fixture
def ws(sqlite_db, monkeypatch):
    ids = seed_small(sqlite_db)
    with sqlite_db.session() as s:
        me, lead = current_agent(s, "kim.minji"), current_agent(s, "park.lead")
        sv.save_view(s, me, name="전화와 이메일", spec={"filters": {"channels": ["phone", "email"]},
                                                   "sort": {"by": "number", "descending": False}})
        sv.save_view(s, lead, name="Team urgent", scope="team", spec={"filters": {"priorities": ["urgent"]}})
        s.add(SavedView(name="broken\x1b[31m", scope="personal", owner_agent_id=me.id, spec={"filters": {"x": 1}}))
    monkeypatch.setenv("AGENTDESK_DB", sqlite_db.url)
    return ids


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_views_list_shows_own_and_team_views_with_counts(ws, capsys):
    code, out, err = run(capsys, "views", "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["2", "mine", "전화와", "이메일"]
    assert lines[1].split()[:2] == ["1", "team"] and lines[1].endswith("Team urgent  (read-only)")
    # The unreadable view: one warning line, without its escape sequence; the rest listed.
    assert err.count("\n") == 1 and "was skipped" in err and "\x1b" not in err


def test_views_list_json(ws, capsys):
    code, out, _ = run(capsys, "views", "list", "--json")
    data = json.loads(out)
    assert code == 0 and [v["name"] for v in data] == ["전화와 이메일", "Team urgent"]
    assert data[0]["filters"] == {"channels": ["phone", "email"]} and data[0]["sort"] == {"by": "number",
                                                                                          "descending": False}
    assert (data[0]["count"], data[0]["count_exact"], data[1]["editable"]) == (2, True, False)


def test_ticket_list_with_a_saved_view(ws, capsys):
    code, out, _ = run(capsys, "ticket", "list", "--view", "전화와 이메일", "--json")
    assert code == 0 and [r["number"] for r in json.loads(out)] == [ws["t1"], ws["t2"]]  # the view's sort
    code, out, _ = run(capsys, "ticket", "list", "--view", "team URGENT", "--json")  # names are case-blind
    assert [r["number"] for r in json.loads(out)] == [ws["t2"]]
    code, out, _ = run(capsys, "ticket", "list", "--view", "전화와 이메일", "--channel", "phone", "--json")
    assert [r["number"] for r in json.loads(out)] == [ws["t1"]]  # the options narrow the view
    code, out, _ = run(capsys, "ticket", "list", "--view", "전화와 이메일", "--sort", "number", "--json")
    assert [r["number"] for r in json.loads(out)] == [ws["t2"], ws["t1"]]  # --sort wins (newest first)


def test_an_unknown_view_is_one_line_naming_the_choices(ws, capsys):
    code, out, err = run(capsys, "ticket", "list", "--view", "nope")
    assert code == 1 and err.count("\n") == 1
    assert "unknown view 'nope'" in err and "my_open" in err and "전화와 이메일" in err


def test_every_option_of_ticket_list_and_views_list_has_help():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for path in (("ticket", "list"), ("views", "list")):
        p = sub.choices[path[0]]
        inner = next(a for a in p._actions if a.dest and a.dest.endswith("_command"))
        leaf = inner.choices[path[1]]
        missing = [a.option_strings for a in leaf._actions
                   if a.option_strings and not a.help and a.dest not in ("help",)]
        # --db, --agent and --profile come from the shared options, which have help too.
        assert missing == [], (path, missing)
