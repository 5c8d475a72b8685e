"""A one-person desk's mail, end to end as a team would use it (issue 14): the gateway runs
as a real process (`agentdesk gateway --config FILE`) on an embedded workspace beside a
private Dovecot and an aiosmtpd; Korean mail sent as CP949 arrives as a ticket; an agent's
reply from the command line goes out once, threaded and signed; the gateway is killed
(SIGKILL) and started again while the customer answers and their autoresponder fires:
nothing lost, nothing doubled, the auto-reply does not reopen the ticket."""

from __future__ import annotations

import base64
import email
import json
import time
from email.policy import default as default_policy
from pathlib import Path

from sqlalchemy import select

from agentdesk import cli
from agentdesk.models import ChannelKey, Message, Outbound, Ticket
from tests import mailserver_support
from tests.factories import seed_small
from tests.mailserver_support import PASSWORD, USER
from tests.test_gateway_process import Gateway, write_private

dovecot, smtp_server, smtp = mailserver_support.dovecot, mailserver_support.smtp_server, mailserver_support.smtp
CORPUS = Path(__file__).parent / "mail_corpus"
FOLDER = "Support"


def _cp949(name: str, sender: str, to: str, subject: str, body: str, mid: str, *headers: str) -> bytes:
    word = lambda s: "=?ks_c_5601-1987?B?" + base64.b64encode(s.encode("cp949")).decode() + "?="  # noqa: E731
    lines = [f"From: {word(name)} <{sender}>", f"To: {to}", f"Subject: {word(subject)}",
             f"Date: {email.utils.formatdate()}", f"Message-ID: <{mid}>", *headers, "MIME-Version: 1.0",
             "Content-Type: text/plain; charset=ks_c_5601-1987", "Content-Transfer-Encoding: base64", "",
             base64.encodebytes(body.encode("cp949")).decode()]
    return "\r\n".join(lines).encode()


def _wait(pred, timeout=15.0):
    deadline = time.monotonic() + timeout
    while not (value := pred()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
    return value


def test_a_korean_mail_desk_end_to_end_with_a_killed_gateway(tmp_path, sqlite_db, dovecot, smtp, capsys):
    seed_small(sqlite_db)
    dovecot.clear(FOLDER)
    pw = write_private(tmp_path / "imap.pw", PASSWORD + "\n")
    secret = write_private(tmp_path / "reply.secret", "journey-secret\n")
    cfg = f"""
[workspace]
db = "{sqlite_db.url}"
[mail]
support_address = "help@cards.example"
from_name = "카드 고객센터"
secret_file = "{secret}"
[[mailbox]]
name = "support"
host = "127.0.0.1"
port = {dovecot.port}
tls = "none"
username = "{USER}"
password_file = "{pw}"
folders = ["{FOLDER}"]
sent_folder = "Sent"
team = "카드상담팀"
[smtp]
host = "127.0.0.1"
port = {smtp.port}
tls = "none"
[outbox]
interval = 0.05
retry_base = 0.2
"""
    gw = Gateway(tmp_path, cfg)
    gw.wait_ready()

    def ticket_of(mid: str):
        with sqlite_db.session() as s:
            return s.scalar(select(Ticket.number).join(ChannelKey, ChannelKey.ticket_id == Ticket.id)
                            .where(ChannelKey.scope == "mail", ChannelKey.value == mid))

    # 1. Outlook's CP949 mail (똠 뷁 햏, which strict EUC-KR loses), quoting another ticket's number.
    dovecot.append(FOLDER, (CORPUS / "01_cp949_everything.eml").read_bytes())
    number = _wait(lambda: ticket_of("cp949-everything@example.co.kr"))
    assert cli.main(["ticket", "show", str(number), "--json", "--db", sqlite_db.url]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["customer_name"] == "똠뷁햏 고객" and "똠 뷁 햏" in shown["subject"] and shown["team_id"]
    assert "카드 결제가 두 번" in shown["messages"][0]["body"]
    assert {"똠 뷁 햏 영수증.pdf", "original.eml"} <= {f["filename"] for f in shown["messages"][0]["attachments"]}

    # 2. The agent answers from the command line: exactly one mail, threaded, signed, UTF-8.
    assert cli.main(["ticket", "reply", str(number), "--body", "똠 고객님, 중복 결제를 취소했습니다.",
                     "--db", sqlite_db.url]) == 0
    assert capsys.readouterr().out.startswith(f"reply added to #{number}")
    _wait(lambda: smtp.recorder.count() == 1)
    sent = email.message_from_bytes(smtp.recorder.deliveries[0].data, policy=default_policy)
    assert sent["Subject"] == f"Re: 똠 뷁 햏 결제 문의 [#{number}]"  # not "[#1234] … [#n]"
    assert sent["In-Reply-To"] == "<cp949-everything@example.co.kr>"
    assert sent["Message-ID"].startswith(f"<ad.{number}.") and sent["Auto-Submitted"] == "no"
    assert sent["Reply-To"].addresses[0].addr_spec.startswith(f"help+t{number}.")
    assert sent.get_content_charset() == "utf-8" and "중복 결제를 취소" in sent.get_content()
    assert smtp.recorder.deliveries[0].rcpt_tos == ["ddom@example.co.kr"]

    def outbox_states() -> list[str]:
        with sqlite_db.session() as s:
            return list(s.scalars(select(Outbound.state)))

    # Killed only once the delivery is committed as sent: a kill between SMTP's answer and
    # that commit rightly leaves the reply "unknown" (test_gateway_outbox.py kills there).
    _wait(lambda: outbox_states() == ["sent"])

    # 3. Killed; meanwhile the customer's autoresponder answers our mail. Started again: it
    # attaches once without reopening the solved ticket; then the customer answers (to the
    # reply address only): that reopens it. Nothing resent.
    gw.kill()
    with sqlite_db.session() as s:
        s.execute(Ticket.__table__.update().where(Ticket.number == number).values(status="solved"))
        s.commit()
    dovecot.append(FOLDER, _cp949("똠뷁햏 고객", "ddom@example.co.kr", "help@cards.example", "자동 회신: 휴가 중",
                                  "12월 10일까지 휴가입니다.", "journey-away@example.co.kr",
                                  f"In-Reply-To: {sent['Message-ID']}", "Auto-Submitted: auto-replied"))
    again = Gateway(tmp_path, cfg)
    try:
        assert _wait(lambda: ticket_of("journey-away@example.co.kr")) == number
        with sqlite_db.session() as s:
            assert s.scalar(select(Ticket.status).where(Ticket.number == number)) == "solved"
        token_to = sent["Reply-To"].addresses[0].addr_spec
        dovecot.append(FOLDER, _cp949("똠뷁햏 고객", "ddom@example.co.kr", token_to, "회신: 똠 뷁 햏 결제 문의",
                                      "감사합니다. 뷁 확인했어요.", "journey-answer@example.co.kr"))
        assert _wait(lambda: ticket_of("journey-answer@example.co.kr")) == number
    finally:
        assert again.terminate() == 0
    with sqlite_db.session() as s:
        bodies = list(s.scalars(select(Message.body).join(Ticket).where(Ticket.number == number)))
        assert s.scalar(select(Ticket.status).where(Ticket.number == number)) == "open"
    assert sum("뷁 확인했어요" in b for b in bodies) == 1 and sum("휴가입니다" in b for b in bodies) == 1
    assert smtp.recorder.count() == 1
    assert cli.main(["gateway", "--config", str(gw.cfg), "--status"]) == 0
    assert json.loads(capsys.readouterr().out) == {"outbox": {"sent": 1}, "failed_mail": 0}
