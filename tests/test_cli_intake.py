"""`agentdesk ticket new` and `agentdesk customer new` (issue 12): the window's rules from a
terminal, PII masked on the way out, one line for every refusal."""

from __future__ import annotations

import json

import pytest

from agentdesk.cli import build_parser, main
from agentdesk.commands import intake as intake_cli
from agentdesk.models import CHANNELS, PRIORITIES
from agentdesk.rules import FIRST_MESSAGE_KINDS
from agentdesk.services import tickets
from tests.factories import seed_small


@pytest.fixture
def ws(sqlite_db, monkeypatch):
    ids = seed_small(sqlite_db)
    monkeypatch.setenv("AGENTDESK_DB", sqlite_db.url)
    return sqlite_db, ids


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_vocabularies_spelt_out_for_the_parser_agree_with_the_models():
    assert intake_cli.CHANNELS == tuple(CHANNELS) and intake_cli.PRIORITIES == tuple(PRIORITIES)
    assert intake_cli.FIRST_KINDS == FIRST_MESSAGE_KINDS


@pytest.mark.parametrize("path", [("ticket", "new"), ("customer", "new")])
def test_every_option_has_help(path):
    parser = build_parser()
    sub = parser
    for name in path:
        sub = next(a for a in sub._actions if a.__class__.__name__ == "_SubParsersAction").choices[name]
    missing = [a.dest for a in sub._actions if not a.help]
    assert missing == [], missing


def test_a_logged_call_by_phone_number_in_any_layout(ws, capsys):
    db, ids = ws
    code, out, err = run(capsys, "ticket", "new", "--customer", "+82 (0)10-1234-5678", "--channel", "phone",
                         "--subject", "한도 문의", "--message", "카드 4111 1111 1111 1111 한도 문의",
                         "--call", "in", "--call-minutes", "4", "--tag", "한도", "--json")
    assert code == 0, err
    made = json.loads(out)
    assert made["number"] == ids["t3"] + 1 and made["pending"] is False and made["customer"] == "최영희"
    with db.session() as s:
        d = tickets.get_detail(s, made["id"])
    assert d.tags == ["한도"] and d.assignee_name == "김민지"
    assert (d.messages[0].kind, d.messages[0].body.splitlines()[0]) == ("call_log", "Inbound call · 4 min")
    code, out, _ = run(capsys, "ticket", "show", str(made["number"]))
    assert "4111 1111 1111 1111" not in out and "1111" in out  # masked on the way out, as everywhere


def test_a_customers_email_by_address_from_a_file(ws, capsys, tmp_path):
    _db, ids = ws
    letter = tmp_path / "letter.txt"
    letter.write_text("Where is my refund?\n", encoding="utf-8")
    code, out, err = run(capsys, "ticket", "new", "--customer", "EMILY@example.com", "--channel", "email",
                         "--subject", "Refund", "--message-file", str(letter), "--assignee", "none", "--priority", "high")
    assert code == 0, err
    assert out.startswith(f"created ticket #{ids['t3'] + 1} Refund for Emily Clark")


def test_a_new_caller_recorded_with_their_ticket_and_refused_when_already_known(ws, capsys):
    _db, ids = ws
    code, out, err = run(capsys, "ticket", "new", "--customer", "010-5555-0101", "--new-customer-name", "한지우",
                         "--channel", "phone", "--subject", "분실", "--message", "카드 분실", "--json")
    assert code == 0, err and json.loads(out)["customer"] == "한지우"
    code, out, err = run(capsys, "ticket", "new", "--customer", "01055550101", "--new-customer-name", "또 한지우",
                         "--channel", "phone", "--subject", "분실", "--message", "카드 분실")
    assert code == 1 and "already belongs to customer 한지우" in err and "without --new-customer-name" in err
    assert len(err.strip().splitlines()) == 1


def test_customer_new(ws, capsys):
    _db, ids = ws
    code, out, err = run(capsys, "customer", "new", "--name", "Jiwoo Han", "--phone", "010 7777 0001",
                         "--email", "Jiwoo@Example.com", "--json")
    assert code == 0, err
    made = json.loads(out)
    assert (made["name"], made["phone"], made["email"]) == ("Jiwoo Han", "010 7777 0001", "Jiwoo@Example.com")
    code, out, _ = run(capsys, "customer", "find", "--phone", "+821077770001", "--json")
    assert [c["id"] for c in json.loads(out)] == [made["id"]]
    code, _, err = run(capsys, "customer", "new", "--name", "Dup", "--email", "younghee.choi@example.com")
    assert code == 1 and f"customer id {ids['customer']}" in err


@pytest.mark.parametrize("argv, words", [
    (("--customer", "010-1234-5678", "--channel", "phone", "--subject", "s", "--message", "m", "--first", "reply"),
     "cannot start with a public reply"),
    (("--customer", "010-1234-5678", "--channel", "email", "--subject", " ", "--message", "m"), "subject"),
    (("--customer", "nobody", "--channel", "email", "--subject", "s", "--message", "m"), "not a phone number"),
    (("--customer", "010-0000-0000", "--channel", "email", "--subject", "s", "--message", "m"), "no customer"),
    (("--customer", "010-1234-5678", "--channel", "email", "--subject", "s", "--message", "m", "--call", "in"),
     "--call"),
    (("--customer", "010-1234-5678", "--channel", "email", "--subject", "s", "--message-file", "/nonexistent/x"),
     "cannot read"),
    (("--customer", "010-1234-5678", "--channel", "email", "--subject", "s", "--message", "m", "--assignee", "ghost"),
     "no agent"),
])
def test_refusals_are_one_line_and_create_nothing(ws, capsys, argv, words):
    db, ids = ws
    code, _, err = run(capsys, "ticket", "new", *argv)
    assert code == 1 and words in err and len(err.strip().splitlines()) == 1, err
    with db.session() as s:
        assert tickets.count_tickets(s, tickets.TicketQuery(), None) == 3


def test_usage_errors_name_the_choices(ws, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["ticket", "new", "--customer", "x", "--channel", "fax", "--subject", "s", "--message", "m"])
    assert exited.value.code == 2 and "invalid choice" in capsys.readouterr().err
