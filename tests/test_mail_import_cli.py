"""`agentdesk mail import PATH... [--json]` (issue 14): .eml files, Maildirs and mboxes
through the intake; twice adds nothing; an unparsable file fails alone."""

from __future__ import annotations

import json
import mailbox

import pytest
from sqlalchemy import func, select

from agentdesk import cli
from agentdesk.commands import mail as mail_command
from agentdesk.mail import sources
from agentdesk.models import Message, Ticket
from tests.channels_support import eml, parser
from tests.factories import seed_small


@pytest.fixture(autouse=True)
def _parser(monkeypatch):
    monkeypatch.setattr(mail_command, "_parser", parser)


@pytest.fixture
def ws(sqlite_db):
    seed_small(sqlite_db)
    return sqlite_db


def _import(capsys, db, *paths, json_out=True):
    code = cli.main(["mail", "import", *map(str, paths), "--db", db.url, *(["--json"] if json_out else [])])
    out = capsys.readouterr()
    return code, (json.loads(out.out) if json_out else out.out), out.err


def _maildir(root, mails: dict[str, bytes]):
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True)
    for name, raw in mails.items():
        (root / "new" / name).write_bytes(raw)
    return root


def test_eml_maildir_and_mbox_import_thread_and_import_twice_adds_nothing(ws, tmp_path, capsys):
    one = tmp_path / "one.eml"
    one.write_bytes(eml(mid="a1@x.example"))
    md = _maildir(tmp_path / "Maildir", {"1700000001.M1.host": eml(mid="a2@x.example", in_reply_to="a1@x.example",
                                                                     subject="Re: 카드 분실 신고", body="언제 되나요?"),
                                         "1700000002.M2.host": eml(mid="b1@x.example", sender="lee@example.com",
                                                                   subject="배송 문의")})
    box = mailbox.mbox(str(tmp_path / "inbox.mbox"))
    box.add(eml(mid="c1@x.example", sender="park@example.com", subject="From here: 환불", body="From the start\n환불"))
    box.add(eml(mid="c2@x.example", sender="park@example.com", in_reply_to="c1@x.example", subject="Re: 환불"))
    box.flush()
    box.close()
    code, got, _ = _import(capsys, ws, one, md, tmp_path / "inbox.mbox")
    assert code == 0
    assert got == {"messages": 5, "new_tickets": 3, "threaded": 2, "duplicates": 0, "failed": []}
    code, again, _ = _import(capsys, ws, one, md, tmp_path / "inbox.mbox")
    assert again == {"messages": 5, "new_tickets": 0, "threaded": 0, "duplicates": 5, "failed": []}
    with ws.session() as s:
        assert s.scalar(select(func.count()).select_from(Message).where(Message.body == "From the start\n환불")) == 1


def test_an_unparsable_file_fails_alone_and_the_rest_goes_in(ws, tmp_path, capsys):
    good, bad = tmp_path / "good.eml", tmp_path / "bad.eml"
    good.write_bytes(eml(mid="g@x.example"))
    bad.write_bytes(b"\x00\x01 this is not mail at all")
    with ws.session() as s:
        before = s.scalar(select(func.count()).select_from(Ticket))
    code, got, _ = _import(capsys, ws, bad, good, tmp_path / "missing.eml")
    assert code == 1 and got["new_tickets"] == 1 and got["messages"] == 3
    assert [f["path"] for f in got["failed"]] == [str(bad), str(tmp_path / "missing.eml")]
    with ws.session() as s:
        assert s.scalar(select(func.count()).select_from(Ticket)) == before + 1


def test_text_output_is_one_line_and_korean_safe(ws, tmp_path, capsys):
    f = tmp_path / "k.eml"
    f.write_bytes(eml(mid="k@x.example", subject="\x1b[31m빨강\x1b[0m 문의"))
    code, out, err = _import(capsys, ws, f, json_out=False)
    assert code == 0 and out.strip() == "1 message read: 1 new ticket, 0 threaded onto tickets, 0 duplicates skipped, 0 failed"


def test_a_profile_is_refused(ws, tmp_path, capsys, monkeypatch):
    class Team:
        db = ws

    monkeypatch.setattr(cli, "_apply_profile", lambda args: setattr(args, "team", Team()))
    code = cli.main(["mail", "import", str(tmp_path)])
    assert code == 1 and "not a profile" in capsys.readouterr().err


def test_an_mbox_is_read_one_message_at_a_time_and_an_oversized_one_skipped(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_INBOUND_BYTES", 2000)
    path = tmp_path / "big.mbox"
    with path.open("wb") as f:
        f.write(b"From a@b Sat Dec  5 10:00:00 2026\nSubject: one\n\nhello\n>From the past\n\n")
        f.write(b"From a@b Sat Dec  5 10:00:01 2026\nSubject: huge\n\n" + b"x" * 5000 + b"\n\n")
        f.write(b"From a@b Sat Dec  5 10:00:02 2026\nSubject: three\n\nbye\n")
    found = list(sources.read_paths([str(path)]))
    assert [m.where.rsplit("#", 1)[1] for m in found] == ["1", "2", "3"]
    assert found[0].raw == b"Subject: one\n\nhello\nFrom the past\n"
    assert found[1].raw is None and "too large" in found[1].error
    assert found[2].raw == b"Subject: three\n\nbye\n"


def test_the_team_database_through_the_server_sink(pg_db, tmp_path, capsys):
    seed_small(pg_db)
    f = tmp_path / "t.eml"
    f.write_bytes(eml(mid="pgcli@x.example"))
    code, got, _ = _import(capsys, pg_db, f)
    assert code == 0 and got["new_tickets"] == 1
    with pg_db.session() as s:
        assert s.scalar(select(Ticket.rev).where(Ticket.subject == "카드 분실 신고")) > 0  # stamped: desks pull it


def test_an_open_desk_can_tell_that_an_import_wrote_to_its_workspace(ws, tmp_path, capsys):
    from agentdesk.db import sqlite_path
    from agentdesk.db_watch import DataVersionWatch

    watch = DataVersionWatch(sqlite_path(ws.url))
    try:
        assert not watch.changed()
        f = tmp_path / "w.eml"
        f.write_bytes(eml(mid="watch@x.example"))
        _import(capsys, ws, f)  # another connection (here: the CLI's) commits
        assert watch.changed() and not watch.changed()
    finally:
        watch.close()
