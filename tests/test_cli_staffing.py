"""`agentdesk staffing`: the Erlang C plan as a table and as JSON; bad input in one line, exit 2."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from agentdesk import erlang
from agentdesk.cli import main
from agentdesk.models import Ticket, WorkspaceSetting
from tests.factories import seed_small, team_id

KST = ZoneInfo("Asia/Seoul")


@pytest.fixture
def ws(sqlite_db, monkeypatch):
    seed_small(sqlite_db)
    monkeypatch.setenv("AGENTDESK_DB", sqlite_db.url)
    with sqlite_db.session() as s:
        s.add(WorkspaceSetting(key="time_zone", value="Asia/Seoul"))
        team = team_id(s)
        # 2026-11-02 … 11-05: 50 phone calls each day at 10:xx KST → 50 an hour.
        for day in range(4):
            for i in range(50):
                at = datetime(2026, 11, 2 + day, 10, i, tzinfo=KST).astimezone(UTC)
                s.add(Ticket(number=90_000 + day * 100 + i, subject="문의", channel="phone", created_at=at, updated_at=at,
                             team_id=team))
    return sqlite_db


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_json_plan_matches_erlang(ws, capsys):
    code, out, err = run(capsys, "staffing", "--from", "2026-11-02", "--to", "2026-11-05", "--aht", "180", "--json")
    assert code == 0, err
    plan = json.loads(out)
    assert plan["days"] == 4 and plan["tz"] == "Asia/Seoul" and plan["channels"] == ["phone", "chat"]
    ten = plan["rows"][10]
    need = erlang.agents_needed(50, 180, 0.8, 20, 0.3)
    assert ten["hour"] == 10 and ten["calls_per_hour"] == 50 and ten["aht"] == 180 and ten["aht_source"] == "given"
    assert (ten["agents_raw"], ten["agents_with_shrinkage"]) == (need.agents, need.agents_with_shrinkage)
    assert ten["expected_sl"] == pytest.approx(need.service_level) and ten["asa"] == pytest.approx(need.asa_seconds)
    assert plan["rows"][3]["agents_raw"] == 0 and plan["rows"][3]["expected_sl"] is None
    assert plan["caveat"].startswith("Erlang C assumes no one abandons")


def test_text_table_with_team_target_weekday_and_the_caveat(ws, capsys):
    code, out, err = run(capsys, "staffing", "--from", "2026-10-26", "--to", "2026-11-05", "--team", "카드상담팀",
                         "--target", "0.9", "--answer-seconds", "15", "--shrinkage", "0", "--weekday", "mon",
                         "--weekday", "Tuesday")
    assert code == 0, err
    lines = out.splitlines()
    assert "4 days counted: mon, tue" in lines[0] and "카드상담팀" in lines[0] and "Asia/Seoul" in lines[0]
    ten = next(line for line in lines if line.startswith("10:00"))
    need = erlang.agents_needed(25, 300, 0.9, 15)  # 100 calls over 4 days; default 300 s handle time
    assert ten.split()[1] == "25.0" and ten.split()[3] == "default"
    assert ten.split()[5:7] == [str(need.agents), str(need.agents)]
    assert "300 s assumed" in out and "Caveat: Erlang C assumes no one abandons" in out


@pytest.mark.parametrize(("argv", "message"), [
    (["--from", "2026-11-31", "--to", "2026-12-01"], "'2026-11-31' is not a date on the calendar"),
    (["--from", "yesterday", "--to", "2026-12-01"], "'yesterday' is not a date like 2026-11-30"),
    (["--from", "2026-11-02", "--to", "2026-11-01"], "the period ends (2026-11-01) before it starts (2026-11-02)"),
    (["--from", "2024-01-01", "--to", "2026-11-01"], "a staffing period has at most 366 days"),
    (["--target", "1"], "1 is out of range: more than 0 below 1"),
    (["--target", "80%"], "'80%' is not a fraction"),
    (["--shrinkage", "1.0"], "1.0 is out of range: from 0 below 1"),
    (["--aht", "0"], "0 is out of range: more than 0 to 86400"),
    (["--aht", "-5"], "-5 is out of range"),
    (["--answer-seconds", "nan"], "'nan' is not a number of seconds"),
    (["--team", "없는팀"], "no team '없는팀'"),
    (["--tz", "Mars/Olympus"], "unknown time zone 'Mars/Olympus'"),
    (["--weekday", "someday"], "'someday' is not a day of the week"),
    (["--channel", "fax"], "invalid choice: 'fax'"),
    (["--weekday", "sat"], "the period from 2026-11-02 to 2026-11-05 has no day on the chosen weekdays"),
])
def test_bad_input_is_one_line_and_exit_2(ws, capsys, argv, message):
    base = ["--from", "2026-11-02", "--to", "2026-11-05"]
    if "--from" in argv:
        base = []
    code, out, err = run(capsys, "staffing", *base, *argv)
    assert code == 2 and out == "", (out, err)
    assert message in err and len(err.strip().splitlines()) == 1, err
