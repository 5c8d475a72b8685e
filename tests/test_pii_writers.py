"""Every writer masks cards and resident numbers: CLI text and JSON, the .ics export, the log
file and crash reports (the window's panes are covered in the view tests)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from agentdesk.cli import main
from agentdesk.models import Agent, Feedback, FollowUp, Ticket, utcnow
from agentdesk.services import followups
from tests.factories import seed_small

CARD, CARD_MASKED = "4111 1111 1111 1111", "4111 **** **** 1111"
RRN, RRN_MASKED = "900101–1234567", "900101-1******"
SECRETS = ("4111 1111 1111 1111", "1234567", "4111111111111111")


def _leaks(text: str) -> list[str]:
    # Phone numbers are not secret (the customer's 010-1234-5678, +821012345678 in E.164,
    # contain the resident number's back digits by chance): taken out before looking.
    text = re.sub(r"\+8210\d{8}|010-?\d{4}-?\d{4}", "", text)
    return [s for s in SECRETS if s in text]


@pytest.fixture
def ws(sqlite_db, monkeypatch):
    ids = seed_small(sqlite_db)
    monkeypatch.setenv("AGENTDESK_DB", sqlite_db.url)
    with sqlite_db.session() as s:
        me = s.scalars(select(Agent).where(Agent.login == "kim.minji")).one()
        s.execute(update(Ticket).where(Ticket.number == ids["t1"]).values(subject=f"카드 {CARD} 한도"))
        s.add(Feedback(customer_id=ids["customer"], kind="csat", score=2, comment=f"주민번호 {RRN} 로 확인"))
        followups.create_follow_up(s, me, title=f"카드 {CARD} 확인 전화", due_at=utcnow() + timedelta(hours=1),
                                   notes=f"주민번호 {RRN} 본인 확인", ticket_ref=ids["t1"])
    return sqlite_db, ids


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_customer_show_json_masks_notes_subjects_and_comments(ws, capsys):
    db, ids = ws
    code, out, _ = run(capsys, "customer", "show", str(ids["customer"]), "--json")
    data = json.loads(out)
    assert code == 0 and _leaks(out) == []
    assert CARD_MASKED in data["notes"]
    assert any(CARD_MASKED in i["subject"] for i in data["inquiries"])
    assert any(RRN_MASKED in f["comment"] for f in data["feedback"])
    code, out, _ = run(capsys, "customer", "show", str(ids["customer"]))
    assert code == 0 and _leaks(out) == [] and CARD_MASKED in out


def test_customer_show_json_in_a_real_process(ws):
    db, ids = ws
    proc = subprocess.run([sys.executable, "-m", "agentdesk", "customer", "show", str(ids["customer"]), "--json"],
                          env=dict(os.environ, AGENTDESK_DB=db.url), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert _leaks(proc.stdout) == [] and CARD_MASKED in proc.stdout


def test_followups_list_text_and_json_mask_titles_and_notes(ws, capsys):
    code, out, _ = run(capsys, "followups", "list")
    assert code == 0 and _leaks(out) == [] and f"카드 {CARD_MASKED} 확인 전화" in out
    code, out, _ = run(capsys, "followups", "list", "--json")
    [row] = json.loads(out)
    assert _leaks(out) == []
    assert row["title"] == f"카드 {CARD_MASKED} 확인 전화" and row["notes"] == f"주민번호 {RRN_MASKED} 본인 확인"


def test_ics_export_is_masked_and_reimport_keeps_the_original_text(ws, capsys, tmp_path):
    db, _ = ws
    path = tmp_path / "mine.ics"
    assert run(capsys, "followups", "export", str(path))[0] == 0
    text = path.read_bytes().decode()
    unfolded = text.replace("\r\n ", "")
    assert _leaks(unfolded) == [] and CARD_MASKED in unfolded and RRN_MASKED in unfolded
    code, out, _ = run(capsys, "followups", "import", str(path))
    assert code == 0 and "0 created, 0 updated" in out  # the stars match the stored text: unchanged
    with db.session() as s:
        [f] = s.scalars(select(FollowUp)).all()
    assert f.title == f"카드 {CARD} 확인 전화" and f.notes == f"주민번호 {RRN} 본인 확인"  # not the stars


def _run_python(code: str, home) -> subprocess.CompletedProcess:
    env = dict(os.environ, AGENTDESK_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)


def test_a_crash_is_masked_in_the_log_file_and_the_report(tmp_path):
    proc = _run_python(
        "import logging\n"
        "from agentdesk.ui.app import setup_logging\n"
        "from agentdesk.ui.crash import CrashHandler\n"
        "setup_logging()\n"
        "CrashHandler().install()\n"
        f"logging.getLogger('agentdesk.ui').warning('customer pasted %s', '{CARD}')\n"
        f"raise ValueError('card {CARD} and 주민번호 {RRN} rejected')\n", tmp_path)
    assert proc.returncode == 1, proc.stderr
    log = (tmp_path / "logs" / "agentdesk.log").read_text(encoding="utf-8")
    assert f"customer pasted {CARD_MASKED}" in log and "ValueError: card" in log and "Traceback" in log
    assert _leaks(log) == [] and RRN_MASKED in log
    [report] = (tmp_path / "logs" / "crashes").glob("crash-*.txt")
    text = report.read_text(encoding="utf-8")
    assert _leaks(text) == [] and CARD_MASKED in text and RRN_MASKED in text
    assert _leaks(proc.stderr) == []


def test_the_cli_console_log_is_masked(tmp_path):
    proc = _run_python(
        "import logging, sys\n"
        "from agentdesk import cli\n"
        "cli.cmd_gui = lambda args: logging.getLogger('agentdesk').error('boom %s', '" + CARD + "', "
        "exc_info=ValueError('" + CARD + "')) or 0\n"
        "sys.exit(cli.main([]))\n", tmp_path)
    assert "boom" in proc.stderr and CARD_MASKED in proc.stderr and _leaks(proc.stderr) == [], proc.stderr


def test_the_console_handler_gets_one_pii_filter_however_often_main_runs(ws, capsys):
    """Each main() added another filter to the same root handlers (a leak, and every record
    masked N times over) in anything that calls it repeatedly: tests, a shell, a script."""
    import logging

    from agentdesk.services.pii import PiiLogFilter

    def counts():
        return [sum(isinstance(f, PiiLogFilter) for f in h.filters) for h in logging.getLogger().handlers]

    main(["ticket", "list", "--limit", "1"])
    once = counts()
    for _ in range(3):
        main(["ticket", "list", "--limit", "1"])
    capsys.readouterr()
    assert once and min(once) >= 1 and counts() == once, (once, counts())
