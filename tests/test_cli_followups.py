"""`agentdesk followups list|export|import` on a real SQLite workspace."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from agentdesk.cli import main
from agentdesk.models import Agent, FollowUp, utcnow
from agentdesk.services import followups
from tests.factories import seed_small


@pytest.fixture
def ws(sqlite_db, monkeypatch):
    ids = seed_small(sqlite_db)
    monkeypatch.setenv("AGENTDESK_DB", sqlite_db.url)
    now = utcnow()
    with sqlite_db.session() as s:
        me = s.scalars(select(Agent).where(Agent.login == "kim.minji")).one()
        followups.create_follow_up(s, me, title="늦은 회신", due_at=now - timedelta(hours=3), ticket_ref=ids["t1"],
                                   kind="callback")
        followups.create_follow_up(s, me, title="주간 점검", due_at=now + timedelta(days=1), rrule="FREQ=WEEKLY",
                                   tz="Asia/Seoul")
    return sqlite_db, ids


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _count(db):
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(FollowUp).where(FollowUp.deleted.is_(False)))


def test_list_text_and_json(ws, capsys):
    db, ids = ws
    code, out, _ = run(capsys, "followups", "list")
    lines = out.splitlines()
    assert code == 0 and "OVERDUE" in lines[0] and "늦은 회신" in lines[0] and f"#{ids['t1']}" in lines[0]
    assert "010-1234-5678" in lines[0] and "주간 점검" in lines[1]
    code, out, _ = run(capsys, "followups", "list", "--json", "--days", "20")
    rows = json.loads(out)
    assert [r["title"] for r in rows] == ["늦은 회신", "주간 점검", "주간 점검", "주간 점검"]
    assert rows[0]["overdue"] and rows[0]["ticket"] == ids["t1"] and rows[0]["phone"] == "010-1234-5678"
    assert [r["repeat"] for r in rows[1:]] == [False, True, True]
    code, out, _ = run(capsys, "followups", "list", "--json", "--agent", "lee.junho")
    assert code == 0 and json.loads(out) == []


def test_export_then_import_updates_not_duplicates(ws, capsys, tmp_path):
    db, _ = ws
    path = tmp_path / "mine.ics"
    code, out, _ = run(capsys, "followups", "export", str(path))
    assert code == 0 and "exported 2 follow-ups" in out
    assert path.read_bytes().startswith(b"BEGIN:VCALENDAR")
    code, out, _ = run(capsys, "followups", "import", str(path))
    assert code == 0 and "0 created, 0 updated" in out and _count(db) == 2  # nothing changed
    code, out, _ = run(capsys, "followups", "import", str(path), "--agent", "lee.junho")
    assert code == 0 and "2 created, 0 updated" in out and _count(db) == 4
    path.write_bytes(path.read_bytes().replace(b"SUMMARY:", b"SUMMARY:[moved] ", 1))
    code, out, _ = run(capsys, "followups", "import", str(path), "--agent", "lee.junho")
    assert code == 0 and "0 created, 1 updated" in out and _count(db) == 4


def test_export_to_stdout(ws, capfdbinary):
    assert main(["followups", "export", "-"]) == 0
    out = capfdbinary.readouterr().out
    assert out.startswith(b"BEGIN:VCALENDAR") and out.count(b"BEGIN:VEVENT") == 2


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (b"name,phone\nKim,010\n", "not a valid iCalendar file"),
    (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260101T000000Z\r\nEND:VEVENT\r\n"
     b"BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "missing DTSTART"),
])
def test_import_malformed_file_exits_1_and_imports_nothing(ws, capsys, tmp_path, content, message):
    db, _ = ws
    path = tmp_path / "bad.ics"
    path.write_bytes(content)
    code, out, err = run(capsys, "followups", "import", str(path))
    assert code == 1 and out == ""
    assert err.startswith("agentdesk: error: ") and message in err and err.count("\n") == 1
    assert _count(db) == 2


def test_import_missing_file(ws, capsys, tmp_path):
    code, _, err = run(capsys, "followups", "import", str(tmp_path / "nope.ics"))
    assert code == 1 and "cannot read" in err and err.count("\n") == 1
