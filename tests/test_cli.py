"""The headless commands call the same services as the window."""

import json
import subprocess
import sys

import pytest

from agentdesk import __version__
from agentdesk.cli import main
from tests.factories import seed_small


@pytest.fixture
def ws(sqlite_db, monkeypatch):
    ids = seed_small(sqlite_db)
    monkeypatch.setenv("AGENTDESK_DB", sqlite_db.url)
    return ids


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version_via_the_entry_point():
    proc = subprocess.run([sys.executable, "-m", "agentdesk", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.strip() == f"AgentDesk {__version__}"


def test_ticket_list_json_has_id_and_number(ws, capsys):
    code, out, _ = run(capsys, "ticket", "list", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 3
    assert {"id", "number", "subject", "status", "priority", "sla_due"} <= set(rows[0])
    code, out, _ = run(capsys, "ticket", "list", "--view", "my_open", "--json")
    assert [r["number"] for r in json.loads(out)] == [ws["t1"]]


def test_show_accepts_number_or_uuid(ws, capsys):
    code, out, _ = run(capsys, "ticket", "show", str(ws["t2"]), "--json")
    data = json.loads(out)
    assert code == 0 and data["number"] == ws["t2"] and data["messages"]
    code, out2, _ = run(capsys, "ticket", "show", data["id"], "--json")
    assert json.loads(out2)["number"] == ws["t2"]
    code, out3, _ = run(capsys, "ticket", "show", f"#{ws['t2']}")
    assert code == 0 and "배송 지연 문의" in out3


def test_reply_note_and_set(ws, capsys):
    assert run(capsys, "ticket", "reply", str(ws["t3"]), "--body", "We sent a reset link.")[0] == 0
    assert run(capsys, "ticket", "note", str(ws["t3"]), "--body", "verified identity")[0] == 0
    code, out, _ = run(capsys, "ticket", "set", str(ws["t3"]), "--status", "pending", "--priority", "high",
                       "--assignee", "lee.junho", "--add-tag", "password")
    assert code == 0 and "status: open → pending" in out
    code, out, _ = run(capsys, "ticket", "show", str(ws["t3"]), "--json")
    data = json.loads(out)
    assert data["status"] == "pending" and data["priority"] == "high" and data["tags"] == ["password"]
    assert [(m["kind"], m["body"]) for m in data["messages"][-2:]] == [("reply", "We sent a reset link."), ("note", "verified identity")]


@pytest.mark.parametrize("argv,message", [
    (("ticket", "show", "424242"), "no ticket '424242'"),
    (("ticket", "set", "1001", "--status", "done"), "invalid status 'done'"),
    (("ticket", "set", "1001", "--assignee", "nobody"), "no agent 'nobody'"),
    (("ticket", "reply", "1001", "--body", "  "), "the message is empty"),
    (("ticket", "list", "--view", "mine"), "unknown view 'mine'"),
    (("customer", "find", "--phone", "12"), "is not a phone number"),
])
def test_errors_are_one_clear_line(ws, capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code != 0
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_customer_find(ws, capsys):
    code, out, _ = run(capsys, "customer", "find", "--phone", "+82 10-1234-5678", "--json")
    assert code == 0 and json.loads(out)[0]["name"] == "최영희"
    code, out, _ = run(capsys, "customer", "find", "--email", "YOUNGHEE.CHOI@example.com")
    assert code == 0 and "최영희" in out
    code, out, _ = run(capsys, "customer", "find", "--name", "emily", "--json")
    assert json.loads(out)[0]["email"] == "emily@example.com"
    code, out, _ = run(capsys, "customer", "find", "--name", "없는사람")
    assert code == 1 and "no customer found" in out


def test_pii_masked_in_cli_output(ws, capsys):
    run(capsys, "ticket", "note", str(ws["t1"]), "--body", "card 4111 1111 1111 1111")
    code, out, _ = run(capsys, "ticket", "show", str(ws["t1"]), "--json")
    assert "4111 **** **** 1111" in out and "4111 1111 1111 1111" not in out


def test_unreachable_server_is_a_clear_error(capsys):
    code, out, err = run(capsys, "ticket", "list", "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert code == 1 and "cannot use the database" in err


def test_db_flag_on_every_subcommand(sqlite_db, capsys):
    seed_small(sqlite_db)
    code, out, _ = run(capsys, "ticket", "list", "--json", "--db", sqlite_db.url)
    assert code == 0 and len(json.loads(out)) == 3


def test_global_options_before_or_after_the_subcommand(tmp_path):
    from agentdesk.cli import build_parser

    parser = build_parser()
    for argv in (["--db", "x.db", "--agent", "kim", "ticket", "list"], ["ticket", "list", "--db", "x.db", "--agent", "kim"],
                 ["ticket", "--db", "x.db", "list", "--agent", "kim"]):
        args = parser.parse_args(argv)
        assert (args.db, args.agent) == ("x.db", "kim"), argv
    args = parser.parse_args(["ticket", "list"])
    assert (args.db, args.agent) == (None, None)


def test_building_the_parser_imports_nothing_heavy():
    """Every command and the window's start build the parser: no SQLAlchemy, models or Qt
    for it (commands/routing.py imported agentdesk.routing, and with it the models: 0.5 s)."""
    code = ("import sys; from agentdesk.cli import build_parser; build_parser(); "
            "print(sorted(m for m in ('sqlalchemy', 'agentdesk.models', 'PySide6') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
    from agentdesk import routing
    from agentdesk.commands import routing as routing_command

    assert routing_command.MODES == tuple(str(m) for m in routing.MODES)
    assert routing_command.MAX_CAPACITY == routing.MAX_CAPACITY
