"""The gateway's outbox against a real SMTP server (aiosmtpd): a public reply on an email
ticket goes out once with its MIME fixed at enqueue; deferrals retry, refusals fail with the
server's words, a lost reply after DATA is "unknown" and never resent; bounces mark the
reply and the address; in a team workspace every state is stamped for the desks' pull."""

from __future__ import annotations

import email
from datetime import timedelta
from email.policy import default as default_policy

import pytest
from sqlalchemy import select, update

from agentdesk.gateway import outbox
from agentdesk.gateway.smtp import SmtpSettings
from agentdesk.models import ContactPoint, Message, Outbound, utcnow
from agentdesk.services import tickets
from agentdesk.services.common import current_agent
from tests.factories import seed_small
from tests import mailserver_support

smtp_server, smtp, dovecot = mailserver_support.smtp_server, mailserver_support.smtp, mailserver_support.dovecot

SECRET = "test-thread-secret"


def settings(port: int, **kw) -> outbox.OutboxSettings:
    mail = outbox.MailSettings(smtp=SmtpSettings("127.0.0.1", port, tls="none", timeout=kw.pop("timeout", 5.0)),
                               support_address="help@cards.example", from_name="카드 고객센터",
                               secret=lambda: SECRET)
    return outbox.OutboxSettings(mail=mail, retry_base=0.0, **kw)


def reply(db, number: int, body: str = "안녕하세요, 환불 처리해 드렸습니다.") -> object:
    with db.session() as s:
        return tickets.add_message(s, number, current_agent(s), body).id


def start(db, st) -> None:
    """The gateway's first start, an hour ago: replies from then on are sent."""
    outbox.enqueue(db, st, now=utcnow() - timedelta(hours=1))


def delivery(db, message_id) -> str | None:
    with db.session() as s:
        return s.scalar(select(Message.delivery).where(Message.id == message_id))


def row(db, message_id) -> Outbound:
    with db.session() as s:
        r = s.scalars(select(Outbound).where(Outbound.message_id == message_id)).one()
        s.expunge(r)
        return r


def test_a_reply_goes_out_once_with_its_whole_mime_fixed_at_enqueue(sqlite_db, smtp):
    ids = seed_small(sqlite_db)
    with sqlite_db.session() as s:  # the customer's mail had a Message-ID
        s.execute(update(Message).where(Message.direction == "inbound", Message.channel == "email")
                  .values(external_id="CAF=abc123@mail.example.com"))
    old = reply(sqlite_db, ids["t2"], "게이트웨이 이전의 답장")
    st = settings(smtp.port)
    outbox.enqueue(sqlite_db, st)  # the first start: what was there is history
    assert delivery(sqlite_db, old) is None
    mid = reply(sqlite_db, ids["t2"])
    assert outbox.enqueue(sqlite_db, st) == 1
    assert outbox.enqueue(sqlite_db, st) == 0  # queued once
    assert delivery(sqlite_db, mid) == "queued"
    queued = row(sqlite_db, mid)
    assert outbox.send_one(sqlite_db, st) == "sent"
    assert outbox.send_one(sqlite_db, st) is None
    assert smtp.recorder.count() == 1
    d = smtp.recorder.deliveries[0]
    assert d.data.replace(b"\r\n", b"\n") == queued.payload.replace(b"\r\n", b"\n")  # the bytes fixed at enqueue
    assert d.rcpt_tos == ["Younghee.Choi@Example.com"] and d.mail_from == "help@cards.example"
    msg = email.message_from_bytes(d.data, policy=default_policy)
    assert msg["Subject"] == f"Re: 배송 지연 문의 [#{ids['t2']}]"
    assert msg["To"].addresses[0].display_name == "최영희"
    assert msg["In-Reply-To"] == "<CAF=abc123@mail.example.com>"
    assert msg["Message-ID"] == f"<{queued.message_id_header}>"
    assert queued.message_id_header.startswith(f"ad.{ids['t2']}.")
    assert msg["Reply-To"].addresses[0].addr_spec.startswith(f"help+t{ids['t2']}.")
    assert msg["X-AgentDesk-Ticket"] == str(ids["t2"]) and msg["Auto-Submitted"] == "no"
    assert msg.get_content().strip() == "안녕하세요, 환불 처리해 드렸습니다."
    assert delivery(sqlite_db, mid) == "sent" and row(sqlite_db, mid).state == "sent"


def test_a_deferral_retries_and_a_refusal_fails_with_the_servers_words(sqlite_db, smtp):
    ids = seed_small(sqlite_db)
    st = settings(smtp.port, max_attempts=3)
    start(sqlite_db, st)
    smtp.recorder.mode = "defer"
    mid = reply(sqlite_db, ids["t2"])
    outbox.enqueue(sqlite_db, st)
    assert outbox.send_one(sqlite_db, st) == "queued"
    r = row(sqlite_db, mid)
    assert r.attempts == 1 and "451" in r.last_error and delivery(sqlite_db, mid) == "queued"
    smtp.recorder.mode = "ok"
    assert outbox.send_one(sqlite_db, st) == "sent"
    assert smtp.recorder.count() == 1

    smtp.recorder.mode = "refuse"
    spam = reply(sqlite_db, ids["t2"], "광고성 답장")
    outbox.enqueue(sqlite_db, st)
    assert outbox.send_one(sqlite_db, st) == "failed"
    assert "554 5.7.1 Message rejected as spam" in row(sqlite_db, spam).last_error
    assert delivery(sqlite_db, spam) == "failed"

    smtp.recorder.mode = "refuse_rcpt"
    nobody = reply(sqlite_db, ids["t2"], "세 번째 답장")
    outbox.enqueue(sqlite_db, st)
    assert outbox.send_one(sqlite_db, st) == "failed"
    assert "RCPT TO: 550 5.1.1" in row(sqlite_db, nobody).last_error
    assert smtp.recorder.count() == 1

    smtp.recorder.mode = "defer"  # gives up after max_attempts
    later = reply(sqlite_db, ids["t2"], "네 번째 답장")
    outbox.enqueue(sqlite_db, st)
    states = [outbox.send_one(sqlite_db, st) for _ in range(3)]
    assert states == ["queued", "queued", "failed"]
    assert row(sqlite_db, later).last_error.startswith("gave up after 3 attempts")


def test_no_reply_after_data_is_unknown_and_never_resent(sqlite_db, smtp):
    ids = seed_small(sqlite_db)
    looked: list[str] = []
    st = settings(smtp.port, timeout=0.5, sent_lookup=lambda mid: looked.append(mid) or False)
    start(sqlite_db, st)
    smtp.recorder.mode, smtp.recorder.hang_seconds = "hang", 1.5
    mid = reply(sqlite_db, ids["t2"])
    outbox.enqueue(sqlite_db, st)
    assert outbox.send_one(sqlite_db, st) == "unknown"
    r = row(sqlite_db, mid)
    assert looked == [r.message_id_header]
    assert delivery(sqlite_db, mid) == "unknown"
    smtp.recorder.mode = "ok"
    assert outbox.send_one(sqlite_db, st) is None and outbox.recover(sqlite_db, st)["requeued"] == 0
    assert smtp.recorder.count() == 1  # the server had it: the agent decides, nothing resends
    assert outbox.resend(sqlite_db, mid)  # the agent's decision
    assert outbox.send_one(sqlite_db, st) == "sent" and smtp.recorder.count() == 2


def test_a_reply_with_no_address_fails_at_enqueue(sqlite_db, smtp):
    ids = seed_small(sqlite_db)
    st = settings(smtp.port)
    start(sqlite_db, st)
    with sqlite_db.session() as s:
        s.execute(update(ContactPoint).where(ContactPoint.kind == "email").values(deleted=True))
    mid = reply(sqlite_db, ids["t2"])
    outbox.enqueue(sqlite_db, st)
    assert delivery(sqlite_db, mid) == "failed"
    assert row(sqlite_db, mid).last_error == "the customer has no email address"
    assert outbox.send_one(sqlite_db, st) is None


def test_a_bounce_marks_the_reply_and_the_address_and_team_desks_see_it(pg_db, smtp):
    ids = seed_small(pg_db)
    st = settings(smtp.port)
    start(pg_db, st)
    mid = reply(pg_db, ids["t2"])
    with pg_db.session() as s:
        before = s.scalar(select(Message.rev).where(Message.id == mid))
    outbox.enqueue(pg_db, st)
    assert outbox.send_one(pg_db, st) == "sent"
    with pg_db.session() as s:
        stamped = s.scalar(select(Message.rev).where(Message.id == mid))
    assert stamped > before  # the desks pull the delivery state
    header = row(pg_db, mid).message_id_header
    assert outbox.find_outbound_ticket(pg_db, f"<{header}>") is not None
    dsn = {"action": "failed", "status": "5.1.1", "recipient": "younghee.choi@example.com",
           "original_message_id": f"<{header}>"}
    assert outbox.record_bounce(pg_db, dsn)
    assert not outbox.record_bounce(pg_db, {**dsn, "action": "delayed"})
    assert delivery(pg_db, mid) == "bounced"
    with pg_db.session() as s:
        cp = s.scalars(select(ContactPoint).where(ContactPoint.normalized == "younghee.choi@example.com")).one()
        assert cp.bounced_at is not None and "5.1.1" in cp.bounce_reason and cp.rev > stamped


@pytest.mark.parametrize("point", ["sending", "data_started"])
def test_recover_retries_sending_and_reconciles_data_started(sqlite_db, smtp, point):
    ids = seed_small(sqlite_db)
    found = {"answer": True}
    st = settings(smtp.port, sent_lookup=lambda mid: found["answer"])
    start(sqlite_db, st)
    mid = reply(sqlite_db, ids["t2"])
    outbox.enqueue(sqlite_db, st)
    with sqlite_db.session() as s:  # as a crash leaves it
        s.execute(update(Outbound).where(Outbound.message_id == mid).values(state=point))
    counts = outbox.recover(sqlite_db, st)
    if point == "sending":
        assert counts["requeued"] == 1 and outbox.send_one(sqlite_db, st) == "sent"
        assert smtp.recorder.count() == 1
    else:
        assert counts["sent"] == 1 and row(sqlite_db, mid).state == "sent" and smtp.recorder.count() == 0


def test_a_sent_reply_is_filed_in_the_sent_folder_where_reconciliation_finds_it(sqlite_db, smtp, dovecot):
    from agentdesk.gateway import imap
    from tests.mailserver_support import PASSWORD, USER

    box = imap.ImapSettings(host="127.0.0.1", port=dovecot.port, tls="none", username=USER, secret=lambda: PASSWORD)
    st = settings(smtp.port, sent_lookup=lambda mid: imap.search_message_id(box, "Sent", mid),
                  sent_append=lambda data: imap.append(box, "Sent", data))
    st.mail.append_to_sent = True
    ids = seed_small(sqlite_db)
    start(sqlite_db, st)
    mid = reply(sqlite_db, ids["t2"])
    outbox.enqueue(sqlite_db, st)
    header = row(sqlite_db, mid).message_id_header
    assert not imap.search_message_id(box, "Sent", header)
    assert outbox.send_one(sqlite_db, st) == "sent"
    assert imap.search_message_id(box, "Sent", f"<{header}>")
    c = dovecot.client()
    try:
        c.select_folder("Sent", readonly=True)
        found = c.search(["HEADER", "Message-ID", f"<{header}>"])
        assert b"\\Seen" in c.get_flags(found)[found[0]]  # filed as read
    finally:
        c.logout()


class FakeVendor:
    """A channel sender as gateway/senders.py makes them; its vendor answers as told."""

    def __init__(self):
        self.answers: list[Exception | None] = []
        self.sent: list[outbox.OutboundItem] = []

    def prepare(self, session, ticket, message):
        if message.body.startswith("(live)"):  # e.g. a web-chat visitor's: the widget shows it
            return None
        return "+821012345678", outbox.payload_json({"text": message.body, "ticket": ticket.number})

    def send(self, item):
        answer = self.answers.pop(0) if self.answers else None
        if answer is not None:
            raise answer
        self.sent.append(item)


def test_other_channels_go_through_their_senders_by_channel(sqlite_db):
    ids = seed_small(sqlite_db)  # t3 came in by chat
    vendor = FakeVendor()
    st = outbox.OutboxSettings(senders={"chat": vendor}, retry_base=0.0)
    start(sqlite_db, st)
    vendor.answers = [outbox.SendError("429 slow down"), None]
    first = reply(sqlite_db, ids["t3"], "Your password was reset.")
    outbox.enqueue(sqlite_db, st)
    assert outbox.send_one(sqlite_db, st) == "queued"
    assert outbox.send_one(sqlite_db, st) == "sent"
    assert [i.message_id for i in vendor.sent] == [first] and vendor.sent[0].attempts == 2
    vendor.answers = [outbox.SendError("no answer from the vendor", unknown=True)]
    second = reply(sqlite_db, ids["t3"], "Anything else?")
    outbox.enqueue(sqlite_db, st)
    assert outbox.send_one(sqlite_db, st) == "unknown" and delivery(sqlite_db, second) == "unknown"
    vendor.answers = [outbox.SendError("400 bad number", permanent=True)]
    third = reply(sqlite_db, ids["t3"], "Bye.")
    outbox.enqueue(sqlite_db, st)
    assert outbox.send_one(sqlite_db, st) == "failed" and row(sqlite_db, third).last_error == "400 bad number"
    live = reply(sqlite_db, ids["t3"], "(live) typed in the widget's conversation")
    assert outbox.enqueue(sqlite_db, st) == 1 and delivery(sqlite_db, live) == ""
    assert outbox.enqueue(sqlite_db, st) == 0 and outbox.send_one(sqlite_db, st) is None
    mail_reply = reply(sqlite_db, ids["t2"], "메일 답장")
    outbox.enqueue(sqlite_db, st)  # no mail configured here: the email reply is left alone
    assert delivery(sqlite_db, mail_reply) is None


def test_the_ticket_view_shows_each_replys_delivery(sqlite_db, smtp):
    from agentdesk.views.ticket import message_html

    ids = seed_small(sqlite_db)
    st = settings(smtp.port)
    start(sqlite_db, st)
    sent = reply(sqlite_db, ids["t2"], "첫 답장")
    outbox.enqueue(sqlite_db, st)
    outbox.send_one(sqlite_db, st)
    smtp.recorder.mode = "refuse"
    refused = reply(sqlite_db, ids["t2"], "둘째 답장")
    outbox.enqueue(sqlite_db, st)
    outbox.send_one(sqlite_db, st)
    with sqlite_db.session() as s:
        rows = {m.id: m for m in tickets.get_detail(s, ids["t2"]).messages}
    assert rows[sent].delivery == "sent" and rows[refused].delivery == "failed"
    assert "Sent" in message_html(rows[sent], ids["t2"]) and "Not delivered" in message_html(rows[refused], ids["t2"])
    inbound = next(m for m in rows.values() if m.direction == "inbound")
    assert inbound.delivery is None and "Sent" not in message_html(inbound, ids["t2"])
