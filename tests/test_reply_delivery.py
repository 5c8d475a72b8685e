"""A reply reopens a closed ticket and leaves a solved one solved, and a public reply is
refused where nothing can deliver it (a phone ticket): the service, the replica and the
team server agree."""

from __future__ import annotations

import pytest

from agentdesk.services import tickets
from agentdesk.services.common import InvalidValue, ServiceError, current_agent
from agentdesk.sync import capture
from tests.factories import seed_small
from tests.test_sync_support import client, close, dump, replica


@pytest.mark.parametrize(("status", "after"), [("solved", "solved"), ("closed", "open")])
def test_a_reply_reopens_a_closed_ticket_not_a_solved_one_and_a_note_neither(any_db, status, after):
    ids = seed_small(any_db)
    with any_db.session() as s:
        me = current_agent(s)
        tickets.update_ticket(s, ids["t2"], me, status=status)
    with any_db.session() as s:
        tickets.add_message(s, ids["t2"], current_agent(s), "내부 메모", kind="note")
    with any_db.session() as s:
        assert tickets.get_detail(s, ids["t2"]).status == status
        tickets.add_message(s, ids["t2"], current_agent(s), "추가로 확인해 드릴게요.")
    with any_db.session() as s:
        d = tickets.get_detail(s, ids["t2"])
        assert (d.status, d.reopen_count) == (after, int(after != status))


def test_send_and_set_solved_on_a_solved_ticket_counts_no_reopen(any_db):
    """"Send and set solved" on a ticket already solved wrote the reply (which reopened it:
    a reopen counted, its solved time cleared) and then solved it again at a new time,
    so the reopen rate and the resolution time counted a reopen nobody made."""
    from agentdesk.services import templates

    ids = seed_small(any_db)
    with any_db.session() as s:
        tickets.update_ticket(s, ids["t2"], current_agent(s), status="solved")
    with any_db.session() as s:
        solved_at = tickets.get_detail(s, ids["t2"]).solved_at
        sent = templates.send_with_changes(s, ids["t2"], current_agent(s), "감사합니다.",
                                           staged=templates.StagedChanges(status="solved"))
        assert sent.changes == []  # nothing left to change
    with any_db.session() as s:
        d = tickets.get_detail(s, ids["t2"])
        assert (d.status, d.reopen_count, d.solved_at) == ("solved", 0, solved_at)


def test_a_public_reply_on_a_phone_ticket_is_refused_and_a_note_or_call_log_is_kept(any_db):
    ids = seed_small(any_db)  # t1 came in by phone
    with any_db.session() as s:
        with pytest.raises(ServiceError) as refused:
            tickets.add_message(s, ids["t1"], current_agent(s), "한도는 500만 원입니다.")
        assert isinstance(refused.value, InvalidValue)
        assert str(refused.value) == (f"ticket #{ids['t1']} came in by phone, which cannot deliver a reply; "
                                      "add a note or a call log instead")
    with any_db.session() as s:
        me = current_agent(s)
        tickets.add_message(s, ids["t1"], me, "고객에게 한도 안내", kind="call_log")
        tickets.add_message(s, ids["t1"], me, "재확인 필요", kind="note")
    with any_db.session() as s:
        kinds = [(m.direction, m.kind) for m in tickets.get_detail(s, ids["t1"]).messages]
        assert kinds == [("inbound", "reply"), ("internal", "call_log"), ("internal", "note")]


@pytest.mark.parametrize(("status", "after"), [("closed", "open"), ("solved", "solved")])
def test_a_reply_on_a_done_ticket_does_the_same_on_the_desk_and_on_the_server(pg_db, tmp_path, status, after):
    """The desk's services under capture, its outbox and the team server apply one rule:
    the reply goes up alone (its effect on the status is the server's to derive)."""
    ids = seed_small(pg_db)
    with pg_db.session() as s:
        tickets.update_ticket(s, ids["t2"], current_agent(s, "park.lead"), status=status)
    rep = replica(tmp_path, "a", "kim.minji")
    c = client(rep, pg_db)
    try:
        capture.install(rep.db, "kim.minji")
        c.sync_once()
        with rep.db.session() as s:
            tickets.add_message(s, ids["t2"], current_agent(s, "kim.minji"), "다시 안내드립니다.")
            assert tickets.get_detail(s, ids["t2"]).status == after
        assert [e.op for e in rep.outbox()] == ["message.insert"]
        pushed, pulled = c.sync_once()
        assert pushed.applied == 1 and pulled is not None
        with pg_db.session() as s:
            d = tickets.get_detail(s, ids["t2"])
            assert (d.status, d.reopen_count) == (after, int(after != status))
        assert dump(rep.db) == dump(pg_db)
    finally:
        c.close()
        close(rep)


def test_the_replica_refuses_a_public_reply_on_a_phone_ticket_before_queueing(pg_db, tmp_path):
    ids = seed_small(pg_db)  # t1 came in by phone
    rep = replica(tmp_path, "a", "kim.minji")
    c = client(rep, pg_db)
    try:
        c.pull_once()
        with pytest.raises(InvalidValue, match="call log"):
            rep.add_message(ids["t1"], "전화로 안내드렸습니다")
        assert rep.outbox() == []
        rep.add_message(ids["t1"], "전화로 안내드렸습니다", kind="call_log")
        assert len(rep.outbox()) == 1
    finally:
        c.close()
        close(rep)
