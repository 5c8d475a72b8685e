"""A team profile runs the ordinary services on the local replica; every write they make
is queued in the outbox in the same transaction (sync/capture.py) and reaches the real
PostgreSQL server as mutations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from agentdesk.models import AuditEntry, utcnow
from agentdesk.server.feed import stamp_unversioned
from agentdesk.services import followups, tickets
from agentdesk.services.common import InvalidValue, NotAllowed, current_agent, set_agent_status
from agentdesk.sync import capture
from agentdesk.sync import protocol as p
from tests.factories import seed_small
from tests.test_sync_support import T, agent_id, client, close, dump, replica


@pytest.fixture
def team(pg_db, tmp_path):
    ids = seed_small(pg_db)
    rep = replica(tmp_path, "a", "kim.minji")
    c = client(rep, pg_db)
    queued = []
    capture.install(rep.db, "kim.minji", on_queued=lambda: queued.append(1))
    yield pg_db, ids, rep, c, queued
    c.close()
    close(rep)


def ops(rep):
    return [(e.op, e.payload) for e in rep.outbox()]


def test_service_writes_are_queued_with_their_intent_and_reach_the_server(team):
    server, ids, rep, c, queued = team
    with rep.db.session() as s:
        me = current_agent(s, "kim.minji")
        tickets.update_ticket(s, ids["t2"], me, status="pending", priority="high", assignee="lee.junho",
                              add_tags=["환불", "VIP"])
    assert queued == [1]  # told once, after the commit
    # Autoflush may split one service call into several flushes: each is a mutation, in order.
    fields = {}
    for op, payload in ops(rep):
        if op == p.TICKET_UPDATE:
            fields.update(payload["fields"])
    assert fields == {"status": ["new", "pending"], "priority": ["urgent", "high"],
                      "assignee_id": [None, str(ids["other"])]}
    assert [pl["tag"] for op, pl in ops(rep) if op == p.TAG_ADD] == ["vip", "환불"]
    first = len(ops(rep))
    with rep.db.session() as s:
        me = current_agent(s, "kim.minji")
        tickets.update_ticket(s, ids["t2"], me, remove_tags=["vip"])
        reply = tickets.add_message(s, ids["t3"], me, "안녕하세요, 비밀번호 재설정 링크를 보내드렸습니다.")
        tickets.add_message(s, ids["t1"], me, "고객 본인 확인 완료", kind="note")
        fu = followups.create_follow_up(s, me, title="한도 상향 결과 안내", due_at=utcnow() + timedelta(days=1),
                                        ticket_ref=ids["t1"], tz="Asia/Seoul")
        set_agent_status(s, me.id, "after_contact_work")
    with rep.db.session() as s:
        me = current_agent(s, "kim.minji")
        followups.snooze(s, fu.id, me, utcnow() + timedelta(hours=3))
    # The server writes the audit trail; the local copy does not keep its own entries.
    with rep.db.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.rev == 0)) == 0
    kinds = [op for op, _ in ops(rep)]
    assert kinds[first:] == [p.TAG_REMOVE, p.MESSAGE_INSERT, p.MESSAGE_INSERT, p.FOLLOW_UP_INSERT, p.AGENT_STATUS,
                         p.FOLLOW_UP_UPDATE]
    # The reply's own effect (t3 stays assigned to lee.junho; no status field) is not sent twice.
    assert [pl for op, pl in ops(rep) if op == p.MESSAGE_INSERT][0]["body"].startswith("안녕하세요")
    assert not any(op == p.TICKET_UPDATE and pl["fields"].get("status") == ["new", "open"] for op, pl in ops(rep))

    pushed, pulled = c.sync_once()
    assert pushed.error == "" and pushed.rejected == 0 and pulled is not None, c.status().last_error
    assert rep.outbox() == []
    me_id = agent_id(server, "kim.minji")
    assert dump(rep.db, where_agent=me_id) == dump(server, where_agent=me_id)
    with server.session() as s:
        t2 = tickets.get_detail(s, ids["t2"])
        assert (t2.status, t2.priority, t2.assignee_name, t2.tags) == ("pending", "high", "이준호", ["환불"])
        t3 = tickets.get_detail(s, ids["t3"])
        assert t3.messages[-1].id == reply.id and t3.first_response_at is not None
        f = followups.get_follow_up(s, fu.id, current_agent(s, "kim.minji"))
        assert f.remind_at is not None and f.tz == "Asia/Seoul"
        assert s.scalar(select(T["agents"].c.status).where(T["agents"].c.login == "kim.minji")) == "after_contact_work"
        # One audit entry per mutation, written by the server.
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.actor_agent_id == me_id)) \
            == pushed.applied == len(kinds)


def test_a_change_the_protocol_cannot_carry_rolls_back_whole_with_a_clear_message(team):
    server, ids, rep, c, queued = team
    before = dump(rep.db)
    with pytest.raises(NotAllowed, match="customers"):
        with rep.db.session() as s:
            from agentdesk.models import Customer

            me = current_agent(s, "kim.minji")
            tickets.add_message(s, ids["t1"], me, "고객 정보 수정 전에 남긴 메모", kind="note")
            s.get(Customer, ids["customer"]).vip_tier = "vip"  # tiers come from the bank's systems, not a desk
    assert rep.outbox() == [] and queued == []
    assert dump(rep.db) == before  # the note went too: nothing half done


def test_a_merge_travels_with_its_system_notes_and_the_replica_matches_the_server(team):
    server, ids, rep, c, _ = team
    with rep.db.session() as s:
        tickets.merge_tickets(s, ids["t2"], ids["t1"], current_agent(s, "kim.minji"))
    assert [e.op for e in rep.outbox()] == [p.TICKET_MERGE]
    pushed, pulled = c.sync_once()
    assert pushed.applied == 1 and pulled is not None, pushed
    with server.session() as s:
        d = tickets.get_detail(s, ids["t1"])
        assert d.merged_numbers == [ids["t2"]]
        assert [(m.event, m.params) for m in d.messages if m.kind == "system"] == [
            ("merged", {"source": ids["t2"], "target": ids["t1"]})]
        assert tickets.get_detail(s, ids["t2"]).status == "closed"
    assert dump(rep.db) == dump(server)
    # Merging it again (from a stale copy, or a second click) changes nothing on the server.
    with pytest.raises(Exception):  # noqa: B017 - whichever refusal the server gives
        with rep.db.session() as s:
            tickets.merge_tickets(s, ids["t2"], ids["t1"], current_agent(s, "kim.minji"))


def _count_and_messages(db, number):
    tickets_t, messages = T["tickets"], T["messages"]
    with db.engine.connect() as conn:
        t = conn.execute(select(tickets_t).where(tickets_t.c.number == number)).one()
        return t.message_count, conn.execute(select(func.count()).select_from(messages)
                                             .where(messages.c.ticket_id == t.id)).scalar()


def test_a_merge_still_queued_keeps_its_note_counted_when_the_target_is_pulled(team, tmp_path):
    """Rebase re-applies the queued merge on top of the pulled target; the pulled row does
    not count the local "Merged from" note yet, so the rebase adds it (as for a reply)."""
    server, ids, rep, c, _ = team
    with rep.db.session() as s:
        tickets.merge_tickets(s, ids["t2"], ids["t1"], current_agent(s, "kim.minji"))
    other = replica(tmp_path, "b", "lee.junho")
    co = client(other, server)
    other.add_message(ids["t1"], "한도 안내 완료", kind="call_log")  # t1 is a phone ticket
    assert co.sync_once()[0].applied == 1
    assert c.pull_once().rebased == 1  # the target came with the pull; the merge waits in the outbox
    count, messages = _count_and_messages(rep.db, ids["t1"])
    assert count == messages == 3  # the customer's, lee.junho's reply, the merge's note
    pushed, _ = c.sync_once()
    assert pushed.applied == 1
    assert dump(rep.db) == dump(server)
    co.close()
    close(other)


def test_a_merge_into_a_ticket_merged_meanwhile_is_rejected_with_the_rules_reason(team):
    server, ids, rep, c, _ = team
    with rep.db.session() as s:
        tickets.merge_tickets(s, ids["t2"], ids["t1"], current_agent(s, "kim.minji"))
    with server.session() as s:  # meanwhile a lead merges the target itself
        tickets.merge_tickets(s, ids["t1"], ids["t3"], current_agent(s, "park.lead"))
    stamp_unversioned(server.engine)
    pushed, pulled = c.sync_once()
    assert (pushed.applied, pushed.rejected) == (0, 1) and pulled is not None
    [rejected] = [x for x in rep.conflicts() if x.kind == "rejected"]
    assert rejected.message == f"#{ids['t1']} was itself merged; merge into the ticket it was merged into"
    with rep.db.session() as s:
        assert tickets.get_detail(s, ids["t2"]).merged_into_number is None  # the local merge is undone
    assert dump(rep.db) == dump(server)


def test_a_merged_ticket_is_not_reopened_by_the_service_the_replica_or_the_server(team, tmp_path):
    server, ids, rep, c, _ = team
    with rep.db.session() as s:
        tickets.merge_tickets(s, ids["t2"], ids["t1"], current_agent(s, "kim.minji"))
    assert c.sync_once()[0].applied == 1
    reason = f"ticket #{ids['t2']} was merged into #{ids['t1']}; reopen that one instead"
    with pytest.raises(InvalidValue, match=reason), rep.db.session() as s:
        tickets.update_ticket(s, ids["t2"], current_agent(s, "kim.minji"), status="open")
    other = replica(tmp_path, "b", "lee.junho")
    co = client(other, server)
    co.sync_once()
    with pytest.raises(InvalidValue, match=reason):
        other.set_ticket_fields(ids["t2"], status="open")
    # A desk that skips the check (an older version, a hostile agent) is refused by the server.
    with other.write() as conn:
        t = other._ticket(conn, ids["t2"])
        other._queue(conn, p.TICKET_UPDATE, "ticket", t.id, t.rev, {"fields": {"status": ["closed", "open"]}})
    pushed, _ = co.sync_once()
    assert (pushed.applied, pushed.rejected) == (0, 1)
    assert [x.message for x in other.conflicts() if x.kind == "rejected"] == [reason]
    with server.session() as s:
        assert tickets.get_detail(s, ids["t2"]).status == "closed"
    co.close()
    close(other)


def test_a_follow_up_edited_on_two_machines_keeps_the_server_value_and_says_so(team, tmp_path):
    server, ids, rep, c, _ = team
    with rep.db.session() as s:
        fu = followups.create_follow_up(s, current_agent(s, "kim.minji"), title="재통화", due_at=utcnow() + timedelta(hours=2))
    c.sync_once()
    other = replica(tmp_path, "laptop", "kim.minji")  # the same agent on a second machine
    co = client(other, server)
    capture.install(other.db, "kim.minji")
    with other.db.session() as s:
        followups.update(s, fu.id, current_agent(s, "kim.minji"), title="재통화 (노트북)")
    with rep.db.session() as s:
        followups.update(s, fu.id, current_agent(s, "kim.minji"), title="재통화 (데스크톱)")
    co.sync_once()
    pushed, _ = c.sync_once()
    assert [x["resolution"] for x in pushed.conflicts] == ["kept_server"]
    with rep.db.session() as s:
        assert followups.get_follow_up(s, fu.id, current_agent(s, "kim.minji")).title == "재통화 (노트북)"
    assert any(x.field == "title" and x.lost_by_me for x in rep.conflicts())
    co.close()
    close(other)
