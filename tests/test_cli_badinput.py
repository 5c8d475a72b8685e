"""Hostile and mistaken input on the command line: one clear line, never a traceback,
nothing half done; and text from customers never drives the agent's terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import func, select, update

from agentdesk import cli
from agentdesk.cli import main
from agentdesk.models import KnowledgeArticle, Ticket
from tests.factories import seed_small
from tests.test_knowledge_service import ARTICLES

BIG = str(2**63)  # one past the largest BIGINT
HUGE = "9" * 30


@pytest.fixture
def ws(sqlite_db, monkeypatch):
    ids = seed_small(sqlite_db)
    monkeypatch.setenv("AGENTDESK_DB", sqlite_db.url)
    return ids


def run(capsys, *argv):
    """main() as the entry point runs it; argparse's refusals exit through SystemExit."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def agentdesk(*argv, env=None, **kwargs):
    """The real `python -m agentdesk` process."""
    return subprocess.run([sys.executable, "-m", "agentdesk", *argv], capture_output=True, timeout=120,
                          env={**os.environ, **(env or {})}, **kwargs)


def assert_one_line(code, err, message):
    assert code not in (0, None), err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert message in err, err


@pytest.mark.parametrize("argv, message", [
    (("ticket", "show", HUGE), "no ticket number is as large as"),
    (("ticket", "show", BIG), "no ticket number is as large as"),
    (("ticket", "show", f"#{BIG}"), "no ticket number is as large as"),
    (("ticket", "show", "²"), "invalid ticket id '²'"),
    (("ticket", "show", "١٠٠١"), "invalid ticket id"),  # Arabic-Indic digits: int() would take them
    (("ticket", "note", BIG, "--body", "x"), "no ticket number is as large as"),
    (("ticket", "set", HUGE, "--status", "open"), "no ticket number is as large as"),
    (("ticket", "merge", "1001", "--into", BIG), "no ticket number is as large as"),
    (("open", "--ticket", BIG), "no ticket number is as large as"),
    (("ticket", "list", "--limit", BIG), "--limit: 9223372036854775808 is out of range"),
    (("ticket", "list", "--offset", BIG), "--offset: 9223372036854775808 is out of range"),
    (("ticket", "list", "--limit", "-1"), "--limit: -1 is out of range: from 1 to"),
    (("ticket", "list", "--limit", "0"), "--limit: 0 is out of range"),
    (("ticket", "list", "--offset", "-5"), "--offset: -5 is out of range: from 0 to"),
    (("ticket", "list", "--limit", "²"), "'²' is not a whole number"),
    (("ticket", "list", "--sort", "bogus"), "argument --sort: invalid choice: 'bogus'"),
    (("followups", "list", "--days", BIG), "a number is too large"),
    (("demo-data", "--customers", HUGE), "--customers: " + HUGE[:20]),
    (("ticket", "list", "--db", "mysql://root@127.0.0.1/helpdesk"), "unsupported database URL scheme 'mysql://'"),
    (("ticket", "list", "--db", "http://example.com/db"), "unsupported database URL scheme 'http://'"),
    (("ticket", "list", "--db", "postgresql+asyncpg://u@h/d"), "unsupported database URL scheme"),
])
def test_bad_input_is_one_clear_line(ws, capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert_one_line(code, err, message)
    assert out == ""


def test_unsupported_url_says_what_is_supported(capsys):
    code, _, err = run(capsys, "ticket", "list", "--db", "mysql://root@127.0.0.1/helpdesk")
    assert code == 1 and "sqlite:///FILE" in err and "postgresql://" in err


def test_a_refused_value_is_clipped_in_the_message(ws, capsys):
    code, _, err = run(capsys, "ticket", "show", "x" * 10_000)
    assert_one_line(code, err, "invalid ticket id")
    assert len(err) < 300


def test_the_accepted_forms_of_a_ticket_id_still_work(ws, capsys):
    for ref in (str(ws["t1"]), f"#{ws['t1']}"):
        code, out, err = run(capsys, "ticket", "show", ref, "--json")
        assert code == 0 and json.loads(out)["number"] == ws["t1"], err
    code, out, _ = run(capsys, "ticket", "show", json.loads(out)["id"], "--json")
    assert code == 0
    code, _, err = run(capsys, "ticket", "show", "4242")
    assert_one_line(code, err, "no ticket '4242'")


def test_sort_choices_are_the_services_sorts(ws, capsys):
    from agentdesk.services.tickets import SORTS

    assert cli.TICKET_SORTS == SORTS
    for sort in cli.TICKET_SORTS:
        code, out, err = run(capsys, "ticket", "list", "--sort", sort, "--limit", "2", "--offset", "1", "--json")
        assert code == 0 and len(json.loads(out)) == 2, err


def test_invalid_utf8_argument_is_one_line(ws):
    proc = agentdesk("ticket", "show", b"\xff\xfe")
    err = proc.stderr.decode("utf-8", "replace")
    assert_one_line(proc.returncode, err, "argument 3 is not valid UTF-8 text")
    assert proc.stdout == b""


def test_a_closed_pipe_ends_quietly(ws):
    """`agentdesk ticket list | head -1`: the reader has gone before the output is written."""
    proc = subprocess.Popen([sys.executable, "-m", "agentdesk", "ticket", "list"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=os.environ.copy())
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    assert proc.wait(timeout=120) == 1
    assert err == "", err


# --- terminal control -------------------------------------------------------------------------
HOSTILE = ("hello \x1b[2J\x1b[31mred\x1b[0m \x1b]0;pwned\x07title \x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\ "
           "\x9b6nC1 \x1bc\x07\x08\x7f\u202eevil\r\n\tindented\nlast")


def test_for_terminal_strips_escapes_and_keeps_newlines_and_tabs():
    assert cli.for_terminal(HOSTILE) == "hello red title link C1 evil\n\tindented\nlast"
    assert cli.for_terminal("plain 한글 text\twith tab") == "plain 한글 text\twith tab"
    assert cli.for_terminal(None) == ""


def test_ticket_show_and_list_print_no_escape_sequences(ws, sqlite_db, capsys):
    with sqlite_db.session() as s:
        s.execute(update(Ticket).where(Ticket.number == ws["t1"]).values(subject="subj \x1b[5mblink\x1b[0m \x1b]0;x\x07"))
    code, _, err = run(capsys, "ticket", "note", str(ws["t1"]), "--body", HOSTILE)
    assert code == 0, err
    code, out, _ = run(capsys, "ticket", "show", str(ws["t1"]))
    assert code == 0
    assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out and "\r" not in out and "\u202e" not in out
    assert "subj blink" in out and "hello red title link C1 evil\n  \tindented\n  last" in out
    code, out, _ = run(capsys, "ticket", "list", "--view", "all")
    assert code == 0 and "\x1b" not in out and "subj blink" in out
    code, out, _ = run(capsys, "ticket", "show", str(ws["t1"]), "--json")
    assert HOSTILE.replace("\r\n", "\n") in json.loads(out)["messages"][-1]["body"].replace("\r\n", "\n")  # JSON keeps the data


def test_kb_search_text_output_is_terminal_safe(ws, tmp_path, capsys):
    article = {"external_id": "ESC-1", "title": "환불 \x1b]0;owned\x07안내", "body": "환불 \x1b[2J절차 안내"}
    f = tmp_path / "kb.jsonl"
    f.write_text(json.dumps(article) + "\n", encoding="utf-8")
    assert run(capsys, "kb", "import", str(f))[0] == 0
    code, out, _ = run(capsys, "kb", "search", "환불")
    assert code == 0 and "\x1b" not in out and "\x07" not in out and "환불 안내" in out


# --- kb import: bounded -------------------------------------------------------------------------
def kb_count(db):
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(KnowledgeArticle))


@pytest.mark.parametrize("line", [
    "[" * 100_000 + "]" * 100_000,
    '{"external_id": "A", "title": "t", "body": ' + "[" * 50_000 + "]" * 50_000 + "}",
    '{"external_id": "A", "title": "t", "body": "b", "tags": ' + '{"a":' * 60_000 + "1" + "}" * 60_000 + "}",
])
def test_deeply_nested_json_is_refused_by_line(ws, sqlite_db, tmp_path, capsys, line):
    f = tmp_path / "deep.jsonl"
    f.write_text(json.dumps(ARTICLES[0], ensure_ascii=False) + "\n" + line + "\n", encoding="utf-8")
    code, out, err = run(capsys, "kb", "import", str(f))
    assert_one_line(code, err, "line 2: JSON nested too deeply")
    assert "nothing was imported" in err and kb_count(sqlite_db) == 0


def test_oversize_import_is_refused_before_it_is_read(ws, sqlite_db, tmp_path, capsys, monkeypatch):
    from agentdesk.commands import kb

    monkeypatch.setattr(kb, "MAX_FILE_BYTES", 4096)
    f = tmp_path / "big.jsonl"
    f.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES * 20) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "kb", "import", str(f))
    assert_one_line(code, err, "is larger than")
    assert kb_count(sqlite_db) == 0


def test_oversize_line_is_refused_by_line(ws, sqlite_db, tmp_path, capsys):
    from agentdesk.commands import kb

    f = tmp_path / "long.jsonl"
    body = "가" * (kb.MAX_LINE_BYTES // 3 + 10)
    f.write_text(json.dumps(ARTICLES[0]) + "\n" + json.dumps({"external_id": "L", "title": "t", "body": body},
                                                             ensure_ascii=False) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "kb", "import", str(f))
    assert_one_line(code, err, "line 2: longer than")
    assert kb_count(sqlite_db) == 0


@pytest.mark.parametrize("bad, message", [
    ({"external_id": "B", "title": "t" * 301, "body": "b"}, "line 1: title is longer than 300 characters"),
    ({"external_id": "B", "title": "t", "body": "b", "tags": ["x" * 65]}, "line 1: a tag is longer than 64 characters"),
    ({"external_id": "B", "title": 5, "body": "b"}, "line 1: title must be text"),
    ({"external_id": True, "title": "t", "body": "b"}, "line 1: external_id must be text"),
    ({"external_id": "B", "title": "t", "body": {"nested": "x"}}, "line 1: body must be text"),
    ({"external_id": "B", "title": "t", "body": "b", "language": "x" * 5000}, "line 1: invalid language 'xxxx"),
    ({"title": "t", "body": "b"}, "line 1: external_id must not be empty"),
    ("just text", "line 1: expected a JSON object"),
])
def test_pydantic_validation_keeps_todays_messages(ws, sqlite_db, tmp_path, capsys, bad, message):
    f = tmp_path / "bad.jsonl"
    f.write_text(json.dumps(bad) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "kb", "import", str(f))
    assert_one_line(code, err, message)
    assert len(err) < 400 and kb_count(sqlite_db) == 0


def test_import_normalises_as_before(ws, sqlite_db, tmp_path, capsys):
    rows = [{"external_id": 17, "title": "  Gift cards ", "body": "never expire", "tags": "gift, card gift",
             "category": None, "language": None, "extra": "ignored"}]
    f = tmp_path / "ok.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "kb", "import", str(f))
    assert code == 0, err
    with sqlite_db.session() as s:
        art = s.scalars(select(KnowledgeArticle)).one()
        assert (art.external_id, art.title, art.tags, art.category, art.language) == ("17", "Gift cards", ["gift", "card"],
                                                                                       "", "ko")


@pytest.mark.parametrize("bad, message", [
    ({"external_id": "N", "title": "t", "body": "before\u0000after"}, "line 1: body must not contain a NUL character"),
    ({"external_id": "N", "title": "t", "body": "b", "tags": ["a\u0000"]}, "line 1: a tag must not contain a NUL"),
])
def test_nul_in_an_import_is_refused_by_line_on_postgresql(pg_db, tmp_path, capsys, monkeypatch, bad, message):
    """PostgreSQL text cannot hold NUL: refused before the database is touched, not a DataError traceback."""
    seed_small(pg_db)
    monkeypatch.setenv("AGENTDESK_DB", pg_db.url)
    f = tmp_path / "nul.jsonl"
    f.write_text(json.dumps(bad) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "kb", "import", str(f))
    assert_one_line(code, err, message)
    assert out == "" and kb_count(pg_db) == 0
