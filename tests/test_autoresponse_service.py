"""FAQ auto-response services (services/autoresponse.py) on a real SQLite workspace, and
autoresponse.save through the real team server on PostgreSQL: an agent, or a lead of
another team, cannot change a team's settings."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from agentdesk import autoresponse_rules as ar
from agentdesk.channels import Outcome, Received
from agentdesk.models import AuditEntry, AutoresponseSettings, Customer, Message, Ticket, TicketTag
from agentdesk.services import autoresponse
from agentdesk.services.common import InvalidValue, NotAllowed, current_agent
from agentdesk.sync import protocol as p
from tests.autoresponse_support import NOW, inbound, receive_new, receive_reply, seed_articles, team_id
from tests.factories import seed_small
from tests.server_attack_support import T, World, m, module_database

FAQ = "안녕하세요. 카드 한도를 조회하려면 앱에서 어떤 메뉴로 들어가야 하나요?"


@pytest.fixture
def ws(sqlite_db):
    ids = seed_small(sqlite_db)
    with sqlite_db.session() as s:
        seed_articles(s)
        lead = current_agent(s, "park.lead")
        autoresponse.save_settings(s, lead, None, "email", enabled=True, threshold=ar.DEFAULT_THRESHOLD,
                                   categories=["카드 한도", "회원정보", "환불/반품"], now=NOW)
        s.commit()
    return sqlite_db, ids


def _tags(s, ticket_id) -> set[str]:
    return set(s.scalars(select(TicketTag.tag).where(TicketTag.ticket_id == ticket_id, TicketTag.deleted.is_(False))))


def _actions(s, ticket_id) -> list[str]:
    return list(s.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == ticket_id).order_by(AuditEntry.at)))


def test_a_simple_question_is_answered_at_once_and_waits_for_the_customer(ws):
    db, ids = ws
    with db.session() as s:
        msg = inbound(FAQ, "한도 조회")
        got = receive_new(s, msg, ids["english"], team_id(s))
        out = autoresponse.after_receive(s, msg, got, NOW)
        assert out is not None and out.action == "answered", out
        t = s.get(Ticket, got.ticket_id)
        assert (t.status, t.first_response_at) == ("pending", None)  # an agent's first response is still to come
        assert _tags(s, t.id) == {ar.TAG_ANSWERED}
        reply = s.get(Message, out.message_id)
        assert (reply.direction, reply.kind, reply.author_agent_id, reply.author_name) == (
            "outbound", "reply", None, "자동 응답")
        assert "[카드 한도 조회 방법]" in reply.body and "[카드 > 한도 조회]" in reply.body
        assert "Emily Clark 고객님" in reply.body and "답장해 주세요" in reply.body and "자동 응답" in reply.body
        assert t.message_count == 2
        assert {"auto_answer", "update"} <= set(_actions(s, t.id))
        s.commit()


def test_an_english_question_gets_the_english_frame(ws):
    db, ids = ws
    with db.session() as s:
        msg = inbound("Hi, I forgot my password. How can I reset my password?", "Password reset", channel="email")
        out = autoresponse.after_receive(s, msg, receive_new(s, msg, ids["english"], team_id(s)), NOW)
        assert out.action == "answered", out
        body = s.get(Message, out.message_id).body
        assert body.startswith("Hello Emily Clark,") and "just reply" in body
        assert s.get(Message, out.message_id).author_name == "Automatic answer"


@pytest.mark.parametrize("text,kw,skip", [
    ("카드를 분실했어요. 한도 조회도 되나요?", {}, "urgent"),
    (FAQ, {"auto_submitted": True}, "auto_submitted"),
    (FAQ, {"channel": "chat"}, "off"),  # not turned on for chat
    ("연말정산용 카드 사용 내역서는 어디서 발급해요?", {}, None),  # no good article: low confidence or none
])
def test_what_is_never_answered(ws, text, kw, skip):
    db, ids = ws
    with db.session() as s:
        msg = inbound(text, **kw)
        out = autoresponse.after_receive(s, msg, receive_new(s, msg, ids["english"], team_id(s)), NOW)
        assert out.action == "skipped"
        if skip:
            assert out.skip == skip
        t = s.get(Ticket, out.ticket_id)
        assert t.status == "new" and ar.TAG_ANSWERED not in _tags(s, t.id)
        assert s.scalar(select(Message.id).where(Message.ticket_id == t.id, Message.direction == "outbound")) is None


def test_a_question_written_weeks_ago_is_not_answered_automatically(ws):
    """A mailbox's backlog (the gateway's first start, or back after days away): the mail's
    Date is weeks old; it once got an "at once" answer on the day it was taken in."""
    from dataclasses import replace
    from datetime import timedelta

    db, ids = ws
    with db.session() as s:
        msg = replace(inbound(FAQ, "한도 조회"), received_at=NOW - timedelta(days=35))
        out = autoresponse.after_receive(s, msg, receive_new(s, msg, ids["english"], team_id(s)), NOW)
        assert (out.action, out.skip) == ("skipped", "stale")
        t = s.get(Ticket, out.ticket_id)
        assert t.status == "new" and ar.TAG_ANSWERED not in _tags(s, t.id)
        assert "auto_answer_skipped" in _actions(s, t.id)
        fresh = replace(inbound(FAQ, "한도 조회"), received_at=NOW - timedelta(hours=3))
        assert autoresponse.after_receive(s, fresh, receive_new(s, fresh, ids["english"], team_id(s)), NOW).action \
            == "answered"


def test_vip_customers_always_get_a_person(ws):
    db, ids = ws
    with db.session() as s:
        assert s.get(Customer, ids["customer"]).vip_tier == "gold"
        msg = inbound(FAQ)
        out = autoresponse.after_receive(s, msg, receive_new(s, msg, ids["customer"], team_id(s)), NOW)
        assert (out.action, out.skip) == ("skipped", "vip")
        assert "auto_answer_skipped" in _actions(s, out.ticket_id)


def test_it_did_not_help_puts_it_back_in_the_queue_with_priority_and_never_answers_again(ws):
    db, ids = ws
    with db.session() as s:
        msg = inbound(FAQ)
        first = autoresponse.after_receive(s, msg, receive_new(s, msg, ids["english"], team_id(s)), NOW)
        assert first.action == "answered"
        tid = first.ticket_id
        # A thank-you or another question on it: never a second automatic answer.
        again = inbound("한도 조회 메뉴가 어디 있는지 다시 알려 주세요")
        out = autoresponse.after_receive(s, again, receive_reply(s, tid, again), NOW)
        assert (out.action, out.skip) == ("skipped", "already_answered")
        no = inbound("알려주신 대로 했는데 해결이 안 됐어요")
        out = autoresponse.after_receive(s, no, receive_reply(s, tid, no), NOW)
        assert out.action == "reopened"
        t = s.get(Ticket, tid)
        assert (t.status, t.priority) == ("open", "high")
        assert _tags(s, tid) == {ar.TAG_ANSWERED, ar.TAG_FAILED}
        assert "auto_answer_failed" in _actions(s, tid)
        # Said twice: it is back with a person already; not raised again.
        still = inbound("여전히 안 돼요")
        out = autoresponse.after_receive(s, still, receive_reply(s, tid, still), NOW)
        assert out.action == "skipped" and s.get(Ticket, tid).priority == "high"
        # An agent removing the tag does not allow a second automatic answer.
        s.scalar(select(TicketTag).where(TicketTag.ticket_id == tid, TicketTag.tag == ar.TAG_ANSWERED)).deleted = True
        s.flush()
        third = inbound("한도 조회 메뉴가 어디 있나요?")
        out = autoresponse.after_receive(s, third, receive_reply(s, tid, third), NOW)
        assert out.skip == "already_answered"
        assert s.scalar(select(Message.id).where(Message.ticket_id == tid, Message.direction == "outbound")
                        .offset(1)) is None  # one automatic answer, ever


def test_an_auto_submitted_reply_does_not_count_as_it_did_not_help(ws):
    db, ids = ws
    with db.session() as s:
        msg = inbound(FAQ)
        first = autoresponse.after_receive(s, msg, receive_new(s, msg, ids["english"], team_id(s)), NOW)
        ooo = inbound("부재중입니다. 해결이 안 됐어요 같은 문의는 월요일에 답변드립니다.", auto_submitted=True)
        out = autoresponse.after_receive(s, ooo, receive_reply(s, first.ticket_id, ooo), NOW)
        assert out.action == "skipped" and s.get(Ticket, first.ticket_id).priority == "normal"


def test_a_duplicate_does_nothing(ws):
    db, _ids = ws
    with db.session() as s:
        assert autoresponse.after_receive(s, inbound(FAQ), Received(Outcome.DUPLICATE, None, None, None, None)) is None


def test_settings_are_a_leads_and_validated(ws):
    db, _ids = ws
    with db.session() as s:
        lead, agent = current_agent(s, "park.lead"), current_agent(s, "kim.minji")
        row = autoresponse.get_settings(s, None, "email", lead)
        assert (row.enabled, row.threshold, row.stored) == (True, ar.DEFAULT_THRESHOLD, True)
        assert autoresponse.get_settings(s, None, "sms", lead).stored is False
        with pytest.raises(NotAllowed) as e:
            autoresponse.save_settings(s, agent, None, "email", enabled=False, threshold=0.7, categories=[])
        assert e.value.code == "autoresponse.leads_only"
        with pytest.raises(InvalidValue) as e:
            autoresponse.save_settings(s, lead, None, "email", enabled=True, threshold=5, categories=[])
        assert e.value.code == "autoresponse.threshold"
        saved = autoresponse.save_settings(s, lead, None, "chat", enabled=True, threshold=0.8, categories=["포인트"])
        assert (saved.channel, saved.threshold, saved.categories) == ("chat", 0.8, ("포인트",))
        assert len(autoresponse.list_settings(s, None, lead)) == 6
        assert "카드 한도" in autoresponse.answerable_categories(s)
        assert "응대 가이드" not in autoresponse.answerable_categories(s)  # internal articles only


# --- the team server: a hostile desk -------------------------------------------------------------
def test_agents_and_other_teams_leads_cannot_change_a_teams_settings():
    with module_database() as db:
        w = World(db)
        try:
            ids = w.ids

            def save(team, channel="email", **over):
                payload = {"team_id": str(team), "channel": channel, "enabled": True, "threshold": 0.6,
                           "categories": ["카드 한도"], **over}
                return m(p.Op.AUTORESPONSE_SAVE, "autoresponse_settings", ar.settings_id(team, channel), payload)

            refused = w.refused("alice", save(ids["cards"]), save(ids["shipping"]))  # an agent
            assert [r["code"] for r in refused] == ["autoresponse.leads_only"] * 2
            refused = w.refused("sid", save(ids["cards"]), hidden_from=("alice", "lena"))  # Shipping's lead
            assert [r["code"] for r in refused] == ["autoresponse.leads_only"]
            bad = save(ids["cards"])
            bad["entity_id"] = str(ar.settings_id(ids["cards"], "chat"))
            refused = w.refused("lena", save(ids["cards"], threshold=0.01), save(ids["cards"], sneaky=1), bad,
                                save(ids["cards"], channel="fax"))
            assert [r["code"] for r in refused] == ["autoresponse.threshold", "server.autoresponse_fields",
                                                    "server.autoresponse_id", "autoresponse.channel"]
            with w.owner.connect() as c:
                assert c.execute(select(T["autoresponse_settings"])).first() is None
            before = w.clock()
            r = w.push("lena", save(ids["cards"]))  # Cards' own lead
            assert r.json()["results"][0]["status"] == "applied", r.json()
            sid = str(ar.settings_id(ids["cards"], "email"))
            assert sid in w.pulled(w.pull("alice", after=before), "autoresponse_settings")
            assert sid not in w.pulled(w.pull("bob"), "autoresponse_settings")  # another team's
            with w.owner.connect() as c:
                row = c.execute(select(T["autoresponse_settings"])).one()
                assert (row.enabled, row.threshold, row.categories) == (True, 0.6, ["카드 한도"])
            # The gateway's hook on PostgreSQL (the term-match scores): the lead's settings apply.
            with db.session() as s:
                seed_articles(s)
                msg = inbound("카드 한도 조회 방법 알려주세요", "한도 조회")
                out = autoresponse.after_receive(s, msg, receive_new(s, msg, None, ids["cards"]), NOW)
                assert out.action == "answered", out
                assert s.get(Ticket, out.ticket_id).status == "pending"
                assert "[카드 한도 조회 방법]" in s.get(Message, out.message_id).body
                s.rollback()  # leave the module's world as it was
        finally:
            w.close()
    assert AutoresponseSettings.__tablename__ in p.PULL_TABLES


def test_a_leads_desk_saves_settings_through_the_outbox_and_the_team_pulls_them(pg_db, tmp_path):
    """The tab's service on a lead's replica: autoresponse.save is queued, the server applies
    it, the team's desks pull it; an agent's desk is refused before anything is queued."""
    from agentdesk.server.feed import stamp_unversioned
    from agentdesk.sync import capture
    from tests.test_sync_support import client, close, replica

    seed_small(pg_db)
    stamp_unversioned(pg_db.engine)
    lead, agent = replica(tmp_path, "lead", "park.lead"), replica(tmp_path, "kim", "kim.minji")
    desks = [(lead, client(lead, pg_db)), (agent, client(agent, pg_db))]
    try:
        for rep, _c in desks:
            capture.install(rep.db, rep.agent_login)
        (_, cl), (_, ck) = desks
        with lead.db.session() as s:
            autoresponse.save_settings(s, current_agent(s, "park.lead"), None, "chat", enabled=True, threshold=0.75,
                                       categories=["포인트", "카드 한도"])
            s.commit()
        assert [e.op for e in lead.outbox(pending_only=True)] == ["autoresponse.save"]
        pushed, _ = cl.sync_once()
        assert pushed.applied == 1 and pushed.rejected == 0, pushed
        with pg_db.session() as s:
            row = autoresponse.get_settings(s, "카드상담팀", "chat")
            assert (row.enabled, row.threshold, row.categories) == (True, 0.75, ("카드 한도", "포인트"))
        ck.sync_once()
        with agent.db.session() as s:
            me = current_agent(s, "kim.minji")
            assert autoresponse.get_settings(s, None, "chat", me).threshold == 0.75
            with pytest.raises(NotAllowed) as e:
                autoresponse.save_settings(s, me, None, "chat", enabled=False, threshold=0.75, categories=[])
            assert e.value.code == "autoresponse.leads_only"
        assert agent.outbox(pending_only=True) == []
    finally:
        for rep, c in desks:
            c.close()
            close(rep)
