"""The intake every channel goes through (issue 14, services/channels.py): dedupe,
customers by normalised contact, mail threading in the issue's order, conversations,
reopening, files and the original kept, one transaction per message; on SQLite, and on
PostgreSQL where the database matters."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from agentdesk.channels import MAX_INBOUND_BYTES, Inbound, InboundAttachment, Outcome, ThreadHints
from agentdesk.mail import threading, tokens
from agentdesk.models import (
    Attachment,
    AttachmentBlob,
    Base,
    ChannelKey,
    ContactPoint,
    Customer,
    Message,
    Ticket,
    utcnow,
)
from agentdesk.services import channels, tickets
from agentdesk.services.attachments import MAX_FILE_BYTES
from tests.channels_support import SECRET, chat, mail
from tests.factories import seed_small, team_id


@pytest.fixture
def ws(sqlite_db):
    ids = seed_small(sqlite_db)
    return sqlite_db, ids


@pytest.fixture
def any_ws(any_db):
    """Both backends: for what the database itself decides (the intake keys' and content's
    insert-or-keep and insert-or-move, written per dialect)."""
    ids = seed_small(any_db)
    return any_db, ids


def _receive(db, inbound, **kw):
    with db.session() as s:
        kw.setdefault("team_id", team_id(s))
        kw.setdefault("secret", SECRET)
        return channels.receive(s, inbound, **kw)


def _ticket(db, ticket_id):
    with db.session() as s:
        return tickets.get_detail(s, ticket_id)


# --- the pure parts ------------------------------------------------------------------------
def test_reply_tokens_and_message_ids_are_signed():
    addr = tokens.reply_address("support@desk.example", 1234, SECRET)
    assert addr.startswith("support+t1234.") and addr.endswith("@desk.example")
    assert tokens.parse_reply_address(addr, SECRET) == 1234
    assert tokens.parse_reply_address(addr.upper(), SECRET) == 1234  # a server that upper-cases it
    assert tokens.parse_reply_address(addr, "another workspace") is None
    assert tokens.parse_reply_address(addr.replace("t1234", "t1235"), SECRET) is None  # forged number
    one, two = (tokens.make_message_id("desk.example", 77, SECRET) for _ in range(2))
    assert one != two and one.startswith("<") and one.endswith(">")
    assert tokens.parse_message_id(one, SECRET) == tokens.parse_message_id(two[1:-1], SECRET) == 77
    assert tokens.parse_message_id(one.replace("ad.77.", "ad.78."), SECRET) is None
    assert tokens.parse_message_id("<abc@gmail.com>", SECRET) is None


def test_mail_steps_follow_the_issues_order():
    hints = ThreadHints(in_reply_to="<b@x>", references=("<a@x>", "<z@x>", "<b@x>"),
                        recipients=(tokens.reply_address("s@d.example", 5, SECRET),), ticket_number=9)
    steps = threading.mail_steps(hints, SECRET)
    assert [s.via for s in steps] == [threading.Via.REPLY_TOKEN, threading.Via.IN_REPLY_TO, threading.Via.REFERENCES,
                                      threading.Via.SUBJECT_NUMBER]
    assert steps[2].message_ids == ("z@x", "a@x")  # newest first, In-Reply-To's not again
    assert threading.placement(threading.Via.SUBJECT_NUMBER, "open", False) == threading.Placement.NEW_LINKED
    assert threading.placement(threading.Via.IN_REPLY_TO, "closed", True) == threading.Placement.NEW_LINKED
    assert threading.placement(threading.Via.IN_REPLY_TO, "solved", True) == threading.Placement.THREAD


# --- new tickets, customers, dedupe --------------------------------------------------------
def test_a_new_mail_is_a_new_ticket_of_a_new_customer_named_by_the_sender(ws):
    db, ids = ws
    got = _receive(db, mail(sender="Jiwoo.Han@Example.COM", name="한지우", subject="카드 분실 신고"))
    assert got.outcome == Outcome.NEW and got.ticket_number and got.message_id and got.customer_id
    t = _ticket(db, got.ticket_id)
    assert (t.subject, t.channel, t.status, t.customer_name) == ("카드 분실 신고", "email", "new", "한지우")
    first = t.messages[0]
    assert (first.direction, first.kind, first.author, first.body) == ("inbound", "reply", "한지우", "카드를 잃어버렸어요.")
    assert [a.filename for a in first.attachments] == ["original.eml"]
    assert first.attachments[0].mime_type == "message/rfc822"
    with db.session() as s:
        contact = s.scalar(select(ContactPoint).where(ContactPoint.customer_id == got.customer_id))
        assert (contact.kind, contact.normalized) == ("email", "jiwoo.han@example.com")
        assert s.get(Ticket, got.ticket_id).team_id == team_id(s)


def test_a_known_address_and_a_known_phone_find_their_customer(ws):
    db, ids = ws
    by_mail = _receive(db, mail(sender="YOUNGHEE.choi@example.com", name="Someone Else"))
    assert by_mail.customer_id == ids["customer"]
    by_sms = _receive(db, chat(channel="sms", sender="+82 10-1234-5678", conversation="sms:+821012345678"))
    assert by_sms.customer_id == ids["customer"]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Customer)) == 2  # nobody new


def test_an_idna_domain_matches_its_unicode_spelling(ws):
    db, _ = ws
    first = _receive(db, mail(sender="민지@한국.kr", name="민지"))
    again = _receive(db, mail(sender="민지@xn--3e0b707e.kr", name="민지"))
    assert again.customer_id == first.customer_id


def test_the_same_message_twice_is_stored_once(ws):
    db, _ = ws
    inbound = mail(message_id="dup@mail.example")
    first = _receive(db, inbound)
    second = _receive(db, mail(message_id="<dup@mail.example>", subject="다른 제목"))
    assert second.outcome == Outcome.DUPLICATE and second.ticket_id == first.ticket_id and second.message_id is None
    ev1 = _receive(db, chat(event_id="wamid.1"))
    ev2 = _receive(db, chat(event_id="wamid.1", text="again"))
    assert ev2.outcome == Outcome.DUPLICATE and ev2.ticket_id == ev1.ticket_id
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Message).where(Message.body == "again")) == 0


def test_a_mail_without_message_id_is_deduped_by_its_bytes(ws):
    db, _ = ws
    raw = b"From: a@b.example\r\nSubject: x\r\n\r\nno id\r\n"
    one = _receive(db, mail(message_id="", raw=raw))
    two = _receive(db, mail(message_id="", raw=raw))
    assert (one.outcome, two.outcome) == (Outcome.NEW, Outcome.DUPLICATE)


# --- mail threading, each step -----------------------------------------------------------
def test_in_reply_to_threads_and_a_solved_ticket_reopens(ws):
    db, _ = ws
    first = _receive(db, mail(message_id="q1@mail.example"))
    with db.session() as s:
        s.get(Ticket, first.ticket_id).status = "solved"
        s.get(Ticket, first.ticket_id).solved_at = utcnow()
    reply = _receive(db, mail(message_id="q2@mail.example", in_reply_to="q1@mail.example", subject="Re: 카드"))
    assert (reply.outcome, reply.ticket_id, reply.reopened) == (Outcome.THREADED, first.ticket_id, True)
    t = _ticket(db, first.ticket_id)
    assert t.status == "open" and t.reopen_count == 1 and len(t.messages) == 2
    assert any(e.kind == "status" for e in t.events)


def test_references_thread_by_the_newest_known_id(ws):
    db, _ = ws
    a = _receive(db, mail(message_id="r-a@mail.example"))
    b = _receive(db, mail(message_id="r-b@mail.example", sender="other@example.com"))
    got = _receive(db, mail(references=("<r-a@mail.example>", "<unknown@x>", "<r-b@mail.example>"),
                            in_reply_to="unknown-too@x"))
    assert got.outcome == Outcome.THREADED and got.ticket_id == b.ticket_id != a.ticket_id


def test_our_own_outbound_message_id_threads_and_comes_back_as_a_duplicate(ws):
    db, _ = ws
    first = _receive(db, mail())
    ours = tokens.make_message_id("desk.example", first.ticket_number, SECRET)
    with db.session() as s:
        channels.record_message_id(s, ours, first.ticket_id, None)
    reply = _receive(db, mail(in_reply_to=ours.strip("<>")))
    assert (reply.outcome, reply.ticket_id) == (Outcome.THREADED, first.ticket_id)
    echo = _receive(db, mail(message_id=ours.strip("<>")))
    assert echo.outcome == Outcome.DUPLICATE


def test_our_signed_message_id_threads_even_when_never_recorded(ws):
    db, _ = ws
    first = _receive(db, mail())
    unrecorded = tokens.make_message_id("desk.example", first.ticket_number, SECRET)
    got = _receive(db, mail(references=(unrecorded,)))
    assert (got.outcome, got.ticket_id) == (Outcome.THREADED, first.ticket_id)
    mac = unrecorded.split("@")[0].rsplit(".", 1)[1]
    forged = unrecorded.replace(mac, "0" * len(mac))
    assert _receive(db, mail(references=(forged,))).outcome == Outcome.NEW


def test_a_reply_token_threads_before_in_reply_to(ws):
    db, _ = ws
    first = _receive(db, mail(message_id="t1@mail.example"))
    other = _receive(db, mail(message_id="t2@mail.example", sender="x@example.com"))
    addr = tokens.reply_address("support@desk.example", first.ticket_number, SECRET)
    got = _receive(db, mail(recipients=(addr,), in_reply_to="t2@mail.example"))
    assert got.ticket_id == first.ticket_id != other.ticket_id


def test_a_forged_reply_token_threads_nowhere(ws):
    db, _ = ws
    first = _receive(db, mail())
    addr = tokens.reply_address("support@desk.example", first.ticket_number, "not our secret")
    got = _receive(db, mail(sender="attacker@evil.example", recipients=(addr,)))
    assert got.outcome == Outcome.NEW and got.ticket_id != first.ticket_id


def test_a_subject_number_threads_only_for_a_participant(any_ws):
    db, ids = any_ws
    first = _receive(db, mail(sender="hong@example.com"))
    mine = _receive(db, mail(sender="HONG@example.com", ticket_number=first.ticket_number))
    assert (mine.outcome, mine.ticket_id) == (Outcome.THREADED, first.ticket_id)
    stranger = _receive(db, mail(sender="stranger@evil.example", ticket_number=first.ticket_number,
                                 subject=f"[#{first.ticket_number}] 제 문의"))
    assert stranger.outcome == Outcome.NEW and stranger.ticket_id != first.ticket_id
    linked = _ticket(db, stranger.ticket_id)
    assert any(m.kind == "note" and f"#{first.ticket_number}" in m.body for m in linked.messages)
    assert len(_ticket(db, first.ticket_id).messages) == 2  # nothing of the stranger's on it


def test_a_closed_ticket_gets_a_new_linked_ticket(ws):
    db, _ = ws
    first = _receive(db, mail(message_id="c1@mail.example"))
    with db.session() as s:
        s.get(Ticket, first.ticket_id).status = "closed"
    got = _receive(db, mail(in_reply_to="c1@mail.example"))
    assert got.outcome == Outcome.NEW and got.ticket_id != first.ticket_id
    assert _ticket(db, first.ticket_id).status == "closed"
    assert any(f"#{first.ticket_number}" in m.body for m in _ticket(db, got.ticket_id).messages)


def test_an_auto_reply_attaches_without_reopening(ws):
    db, _ = ws
    first = _receive(db, mail(message_id="ooo1@mail.example"))
    with db.session() as s:
        s.get(Ticket, first.ticket_id).status = "solved"
    got = _receive(db, mail(in_reply_to="ooo1@mail.example", auto=True, text="부재중입니다"))
    assert (got.outcome, got.reopened) == (Outcome.THREADED, False)
    assert _ticket(db, first.ticket_id).status == "solved"


def test_a_reply_to_a_merged_ticket_goes_to_its_target(ws):
    db, ids = ws
    a = _receive(db, mail(message_id="mg1@mail.example"))
    with db.session() as s:
        me = s.scalar(select(Ticket).where(Ticket.number == ids["t2"]))
        s.get(Ticket, a.ticket_id).merged_into_id = me.id
        s.get(Ticket, a.ticket_id).status = "closed"
        target = me.id
    got = _receive(db, mail(in_reply_to="mg1@mail.example"))
    assert (got.outcome, got.ticket_id) == (Outcome.THREADED, target)


# --- other channels ------------------------------------------------------------------------
def test_a_conversation_key_threads_chat_and_a_closed_one_starts_a_linked_ticket(any_ws):
    db, _ = any_ws
    one = _receive(db, chat(text="배송이 늦어요", conversation="c-9"))
    two = _receive(db, chat(text="주문번호는 1234예요", conversation="c-9"))
    other = _receive(db, chat(text="다른 대화", conversation="c-10"))
    assert two.outcome == Outcome.THREADED and two.ticket_id == one.ticket_id != other.ticket_id
    assert _ticket(db, one.ticket_id).subject == "배송이 늦어요"
    assert one.customer_id is None  # a visitor id is no contact
    with db.session() as s:
        s.get(Ticket, one.ticket_id).status = "closed"
    three = _receive(db, chat(text="또 문의", conversation="c-9"))
    four = _receive(db, chat(text="이어서", conversation="c-9"))
    assert three.outcome == Outcome.NEW and three.ticket_id != one.ticket_id
    assert four.ticket_id == three.ticket_id  # the conversation goes on in the new ticket


def test_a_social_handle_is_a_customer_contact(ws):
    db, _ = ws
    one = _receive(db, chat(channel="social", sender="@Minji_Kim", name="민지", conversation="ig:1"))
    two = _receive(db, chat(channel="social", sender="@minji_kim", conversation="ig:2"))
    assert one.customer_id is not None and two.customer_id == one.customer_id


# --- files, budgets, all or nothing -------------------------------------------------------
def test_files_are_kept_and_a_refused_one_is_named(ws):
    db, _ = ws
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    got = _receive(db, mail(html="<p>카드를 <b>잃어버렸어요</b></p>", attachments=(
        InboundAttachment("영수증.png", "image/png", png),
        InboundAttachment("invoice.exe", "application/octet-stream", b"MZ" + b"\x00" * 100),
        InboundAttachment("huge.pdf", "application/pdf", b"%PDF-" + b"0" * MAX_FILE_BYTES),
    )))
    first = _ticket(db, got.ticket_id).messages[0]
    names = [a.filename for a in first.attachments]
    assert names == ["영수증.png", "message.html", "original.eml"]
    assert "invoice.exe" in first.body and "huge.pdf" in first.body
    with db.session() as s:  # the refused bytes are nowhere but in the original
        assert s.scalar(select(func.count()).select_from(AttachmentBlob).where(AttachmentBlob.size > MAX_FILE_BYTES)) == 0


def test_a_reply_keeps_its_files_too(any_ws):
    db, _ = any_ws
    first = _receive(db, mail(message_id="f1@mail.example"))
    png = b"\x89PNG\r\n\x1a\n" + b"\x01" * 64
    got = _receive(db, mail(in_reply_to="f1@mail.example", html="<p>사진 첨부</p>",
                            attachments=(InboundAttachment("사진.png", "image/png", png),
                                         InboundAttachment("run.bat", "text/plain", b"echo hi"))))
    reply = _ticket(db, first.ticket_id).messages[-1]
    assert got.outcome == Outcome.THREADED and reply.id == got.message_id
    assert [a.filename for a in reply.attachments] == ["사진.png", "message.html", "original.eml"]
    assert "run.bat" in reply.body


def test_a_message_over_the_budget_is_refused_whole(ws):
    db, _ = ws
    big = mail(raw=b"x" * (MAX_INBOUND_BYTES + 1))
    with pytest.raises(channels.InboundRefused, match="nothing of it was stored"):
        _receive(db, big)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(ChannelKey)) == 0


def test_an_error_stores_nothing_of_the_message(ws, monkeypatch):
    db, _ = ws
    with db.session() as s:
        before = s.scalar(select(func.count()).select_from(Ticket))

    def broken(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(channels, "_files", broken)
    with pytest.raises(RuntimeError):
        _receive(db, mail(sender="new.person@example.com"))
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Ticket)) == before
        assert s.scalar(select(func.count()).select_from(Customer).where(Customer.name == "홍길동")) == 0
        assert s.scalar(select(func.count()).select_from(ChannelKey)) == 0


def test_a_future_date_is_taken_as_now_and_an_old_one_kept(ws):
    db, _ = ws
    now = utcnow()
    future = _receive(db, mail(at=now + timedelta(days=300)), now=now)
    old = _receive(db, mail(at=now - timedelta(days=30)), now=now)
    assert _ticket(db, future.ticket_id).created_at == now
    assert _ticket(db, old.ticket_id).created_at == now - timedelta(days=30)


def test_the_workspace_secret_is_made_once(ws):
    db, _ = ws
    with db.session() as s:
        one = channels.thread_secret(s)
    with db.session() as s:
        assert channels.thread_secret(s) == one and len(one) == 64


def test_an_unknown_channel_is_refused(ws):
    db, _ = ws
    bad = Inbound(channel="fax", external_id="1", sender_address="x", sender_name="", subject="", text="t",
                  received_at=utcnow())
    with pytest.raises(channels.InvalidValue):
        _receive(db, bad)


def test_the_intake_on_postgresql_too(pg_db):
    seed_small(pg_db)
    first = _receive(pg_db, mail(message_id="pg1@mail.example", sender="pg@example.com"))
    reply = _receive(pg_db, mail(message_id="pg2@mail.example", in_reply_to="pg1@mail.example",
                                 sender="pg@example.com"))
    dup = _receive(pg_db, mail(message_id="pg2@mail.example"))
    assert (first.outcome, reply.outcome, dup.outcome) == (Outcome.NEW, Outcome.THREADED, Outcome.DUPLICATE)
    assert reply.ticket_id == first.ticket_id
    with pg_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Attachment).where(Attachment.ticket_id == first.ticket_id)) == 2


# --- the sinks -------------------------------------------------------------------------------
def test_the_local_sink_commits_each_message(ws):
    from agentdesk.gateway.sink import LocalSink

    db, _ = ws
    sink = LocalSink(db, secret=SECRET)
    try:
        got = sink.receive(mail(message_id="ls1@mail.example"))
        assert sink.receive(mail(message_id="ls1@mail.example")).outcome == Outcome.DUPLICATE
    finally:
        sink.close()
    assert _ticket(db, got.ticket_id).subject == "카드 분실 신고"


def test_the_server_sink_stamps_what_it_wrote_and_a_desk_pulls_it(pg_db, tmp_path):
    from agentdesk.gateway.sink import ServerSink
    from agentdesk.server.feed import stamp_unversioned
    from agentdesk.sync import capture
    from tests.test_sync_support import client, close, replica, secure

    ids = seed_small(pg_db)
    stamp_unversioned(pg_db.engine)
    secure(pg_db)
    rep = replica(tmp_path, "kim", "kim.minji")
    capture.install(rep.db, "kim.minji")
    desk = client(rep, pg_db)
    try:
        with pg_db.session() as s:
            team = team_id(s)
            top = s.scalar(select(func.max(Ticket.number)))
        sink = ServerSink(pg_db.engine, secret=SECRET)
        assert sink.server_numbers
        got = sink.receive(mail(sender="new.caller@example.com", name="한지우", message_id="ss1@mail.example"),
                           team_id=team)
        known = sink.receive(mail(sender="younghee.choi@example.com", message_id="ss2@mail.example"), team_id=team)
        assert got.outcome == known.outcome == Outcome.NEW and got.ticket_number == top + 1
        with pg_db.engine.connect() as conn:  # every row stamped: none left at rev 0
            for table in ("tickets", "messages", "attachments", "customers", "contact_points", "audit_log"):
                assert conn.execute(select(func.count()).select_from(Base.metadata.tables[table])
                                    .where(Base.metadata.tables[table].c.rev == 0)).scalar() == 0, table
        desk.sync_once()
        with rep.db.session() as s:
            t = tickets.get_detail(s, got.ticket_id)
            assert (t.number, t.customer_name, t.messages[0].author) == (got.ticket_number, "한지우", "한지우")
            assert [a.filename for a in t.messages[0].attachments] == ["original.eml"]
            assert tickets.get_detail(s, known.ticket_id).customer_id == ids["customer"]
        reply = sink.receive(mail(sender="new.caller@example.com", in_reply_to="ss1@mail.example",
                                  message_id="ss3@mail.example", text="추가 문의"), team_id=team)
        assert reply.outcome == Outcome.THREADED
        desk.sync_once()
        with rep.db.session() as s:
            assert [m.body for m in tickets.get_detail(s, got.ticket_id).messages][-1] == "추가 문의"
    finally:
        desk.close()
        close(rep)


def test_a_batch_keeps_each_message_whole_or_absent(ws, monkeypatch):
    from agentdesk.gateway.sink import LocalSink

    db, _ = ws
    real = channels._files

    def fails_for_one(session, inbound, *a):
        if inbound.sender_address == "broken@example.com":
            raise ValueError("this one breaks after its customer and ticket were written")
        return real(session, inbound, *a)

    monkeypatch.setattr(channels, "_files", fails_for_one)
    items = [("a", mail(message_id="b1@x", sender="a@example.com")),
             ("big", mail(raw=b"x" * (MAX_INBOUND_BYTES + 1))),
             ("broken", mail(message_id="b2@x", sender="broken@example.com")),
             ("c", mail(message_id="b3@x", sender="c@example.com", in_reply_to="b1@x")),
             ("again", mail(message_id="b1@x"))]
    sink = LocalSink(db, secret=SECRET)
    try:
        got = dict(sink.receive_many(items))
    finally:
        sink.close()
    assert isinstance(got["big"], channels.InboundRefused) and isinstance(got["broken"], ValueError)
    assert (got["a"].outcome, got["c"].outcome, got["again"].outcome) == (Outcome.NEW, Outcome.THREADED,
                                                                           Outcome.DUPLICATE)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(ContactPoint)
                        .where(ContactPoint.normalized == "broken@example.com")) == 0
        assert s.scalar(select(func.count()).select_from(ContactPoint)
                        .where(ContactPoint.normalized == "c@example.com")) == 1


def test_two_gateways_taking_one_message_at_once_store_it_once(pg_db):
    import threading

    from agentdesk.gateway.sink import ServerSink

    seed_small(pg_db)
    with pg_db.session() as s:
        team = team_id(s)
    sinks = [ServerSink(pg_db.engine, secret=SECRET) for _ in range(2)]
    start = threading.Barrier(2)
    got: list = []

    def take(sink):
        start.wait()
        got.append(sink.receive(mail(message_id="race@mail.example", sender="race@example.com"), team_id=team))

    workers = [threading.Thread(target=take, args=(sink,)) for sink in sinks]
    for w in workers:
        w.start()
    for w in workers:
        w.join(30)
    assert sorted(g.outcome for g in got) == [Outcome.DUPLICATE, Outcome.NEW]
    with pg_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Customer).where(Customer.name == "홍길동")) == 1
        assert s.scalar(select(func.count()).select_from(Ticket).where(Ticket.subject == "카드 분실 신고")) == 1
