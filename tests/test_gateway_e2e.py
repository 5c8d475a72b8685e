"""The gateway end to end, in one process against real Dovecot and aiosmtpd: a customer's
mail becomes a ticket in the mailbox's team queue; the agent's reply goes out threaded under
it with our signed Message-ID; the customer's answer to that reply threads onto the same
ticket; a bounce of the reply marks it and the address."""

from __future__ import annotations

import email
import time
import uuid
from email.policy import default as default_policy

from sqlalchemy import select

from agentdesk.gateway import config as gw_config
from agentdesk.gateway.main import Gateway
from agentdesk.models import ContactPoint, Message, Outbound, Ticket
from agentdesk.services import tickets
from agentdesk.services.common import current_agent
from tests import mailserver_support
from tests.factories import seed_small
from tests.mailserver_support import PASSWORD, USER
from tests.test_gateway_process import write_private

dovecot, smtp_server, smtp = mailserver_support.dovecot, mailserver_support.smtp_server, mailserver_support.smtp


def parse(raw: bytes, received_at=None):
    """mailparse's parse_mail once it is here; until then the standard library's reading."""
    try:
        from agentdesk.mail.parse import parse_mail
    except ImportError:
        from agentdesk.channels import Inbound, ThreadHints

        msg = email.message_from_bytes(raw, policy=default_policy)
        sender = msg["From"].addresses[0]
        refs = tuple(r.strip("<>") for r in str(msg.get("References", "")).split())
        return Inbound(channel="email", external_id=str(msg["Message-ID"]).strip("<>"),
                       sender_address=sender.addr_spec, sender_name=sender.display_name,
                       subject=str(msg["Subject"]).removeprefix("Re: "), text=msg.get_content(),
                       received_at=received_at, raw=raw,
                       hints=ThreadHints(in_reply_to=str(msg.get("In-Reply-To", "")).strip("<>"), references=refs,
                                         recipients=tuple(a.addr_spec for a in msg["To"].addresses)))
    return parse_mail(raw, received_at)


def _wait(pred, timeout=10.0):
    deadline = time.monotonic() + timeout
    while True:
        value = pred()
        if value:
            return value
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_mail_in_reply_out_answer_threads_back(tmp_path, sqlite_db, dovecot, smtp):
    seed_small(sqlite_db)
    folder = f"E{uuid.uuid4().hex[:8]}"
    c = dovecot.client()
    c.create_folder(folder)
    c.logout()
    secret = write_private(tmp_path / "reply.secret", "e2e-secret\n")
    pw = write_private(tmp_path / "pw", PASSWORD)
    cfg_path = write_private(tmp_path / "gateway.toml", f"""
[workspace]
db = "{sqlite_db.url}"
[mail]
support_address = "help@cards.example"
from_name = "카드 고객센터"
secret_file = "{secret}"
[[mailbox]]
host = "127.0.0.1"
port = {dovecot.port}
tls = "none"
username = "{USER}"
password_file = "{pw}"
folders = ["{folder}"]
team = "카드상담팀"
[smtp]
host = "127.0.0.1"
port = {smtp.port}
tls = "none"
[outbox]
interval = 0.05
""")
    gw = Gateway(gw_config.load(cfg_path), parse=parse)
    gw.start()
    try:
        _wait(lambda: all(p.polls for p in gw.pollers))
        dovecot.append(folder, (
            "From: =?utf-8?b?67CV7KeA7JuQ?= <jiwon.park@example.kr>\r\nTo: help@cards.example\r\n"
            "Subject: =?utf-8?b?7Lm065OcIOu2hOyLpCDsi6Dqs6A=?=\r\nMessage-ID: <first-1@example.kr>\r\n"
            "Date: Sun, 06 Dec 2026 10:00:00 +0900\r\nContent-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n\r\n카드를 잃어버렸어요.\r\n").encode())

        def new_ticket():
            with sqlite_db.session() as s:
                return s.scalars(select(Ticket).where(Ticket.subject == "카드 분실 신고")).first()

        ticket = _wait(new_ticket)
        assert ticket.channel == "email" and ticket.team_id is not None
        with sqlite_db.session() as s:
            reply = tickets.add_message(s, ticket.number, current_agent(s), "분실 신고 접수했습니다.").id
        _wait(lambda: smtp.recorder.count() == 1)
        sent = email.message_from_bytes(smtp.recorder.deliveries[0].data, policy=default_policy)
        assert sent["In-Reply-To"] == "<first-1@example.kr>"
        assert sent["To"].addresses[0].addr_spec == "jiwon.park@example.kr"
        ours = sent["Message-ID"]

        dovecot.append(folder, (
            "From: <jiwon.park@example.kr>\r\nTo: help@cards.example\r\n"
            f"Subject: Re: {ticket.subject}\r\nMessage-ID: <second-2@example.kr>\r\nIn-Reply-To: {ours}\r\n"
            f"References: <first-1@example.kr> {ours}\r\nDate: Sun, 06 Dec 2026 11:00:00 +0900\r\n"
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n감사합니다.\r\n"
        ).encode())

        def answers():
            with sqlite_db.session() as s:
                return s.scalars(select(Message.body).where(Message.ticket_id == ticket.id,
                                                           Message.direction == "inbound")).all()[1:]

        assert "감사합니다." in _wait(answers)[0]  # on the same ticket
        with sqlite_db.session() as s:
            assert len(s.scalars(select(Ticket.id).where(Ticket.customer_id == ticket.customer_id)).all()) == 1
        with sqlite_db.session() as s:
            assert s.scalar(select(Message.delivery).where(Message.id == reply)) == "sent"
            assert s.scalar(select(Outbound.message_id_header).where(Outbound.message_id == reply)) == ours.strip("<>")
            assert s.scalars(select(ContactPoint.bounced_at).where(
                ContactPoint.normalized == "jiwon.park@example.kr")).first() is None
    finally:
        gw.shutdown()
    assert all(not t.is_alive() for t in gw.threads)
