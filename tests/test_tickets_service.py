from datetime import timedelta

import pytest

from agentdesk.models import utcnow
from agentdesk.services import tickets
from agentdesk.services.common import InvalidValue, NotFound, current_agent
from agentdesk.services.tickets import TicketQuery
from tests.factories import seed_small


def test_views_and_counts(any_db):
    ids = seed_small(any_db)
    with any_db.session() as s:
        counts = tickets.view_counts(s, ids["me"])
        assert counts["all"] == 3
        assert counts["my_open"] == 1
        assert counts["unassigned"] == 1
        assert counts["urgent"] == 1
        # t2 (urgent, email) first-response due 1h after it came in 30 min ago: at risk
        assert counts["sla_at_risk"] >= 1
        assert counts["pending"] == 0


def test_page_sort_and_filters(any_db):
    ids = seed_small(any_db)
    with any_db.session() as s:
        rows = tickets.fetch_page(s, TicketQuery(), ids["me"], 0, 10)
        assert [r.number for r in rows] == [ids["t2"], ids["t1"], ids["t3"]]  # newest update first
        rows = tickets.fetch_page(s, TicketQuery(sort="priority"), ids["me"], 0, 10)
        assert [r.priority for r in rows] == ["urgent", "high", "normal"]
        rows = tickets.fetch_page(s, TicketQuery(channel="chat"), ids["me"], 0, 10)
        assert [r.number for r in rows] == [ids["t3"]]
        assert rows[0].customer_name == "Emily Clark" and rows[0].assignee_name == "이준호"
        assert tickets.fetch_page(s, TicketQuery(), ids["me"], 1, 1)[0].number == ids["t1"]


@pytest.mark.parametrize("query,expected", [
    ("한도", "t1"), ("한도조회", "t1"), ("카드 한도", "t1"), ("환불", "t2"), ("password", "t3"), ("PASS", "t3"),
])
def test_text_search_korean_and_english(sqlite_db, query, expected):
    ids = seed_small(sqlite_db)
    with sqlite_db.session() as s:
        rows = tickets.fetch_page(s, TicketQuery(text=query), ids["me"], 0, 10)
        assert ids[expected] in [r.number for r in rows]


@pytest.mark.parametrize("query", ['"', "'", "*", "-", "()", "NEAR(a b)", "a OR", "'; DROP TABLE tickets; --", "x" * 10000, "  ", "한\""])
def test_text_search_never_raises(any_db, query):
    ids = seed_small(any_db)
    with any_db.session() as s:
        n = tickets.count_tickets(s, TicketQuery(text=query), ids["me"])
        assert n >= 0
        tickets.fetch_page(s, TicketQuery(text=query), ids["me"], 0, 10)


def test_reply_note_and_first_response(any_db):
    ids = seed_small(any_db)
    with any_db.session() as s:
        me = current_agent(s)
        tickets.add_message(s, ids["t2"], me, "확인 후 연락드리겠습니다.", kind="reply")
        tickets.add_message(s, ids["t2"], me, "택배사 확인 필요", kind="note")
    with any_db.session() as s:
        d = tickets.get_detail(s, ids["t2"])
        kinds = [(m.direction, m.kind) for m in d.messages]
        assert kinds[-2:] == [("outbound", "reply"), ("internal", "note")]
        assert d.status == "open" and d.first_response_at is not None
        assert d.assignee_name == "김민지"  # replying to an unassigned ticket takes it
        assert d.sla_next_due == d.sla_resolution_due


def test_update_fields_and_audit(any_db):
    ids = seed_small(any_db)
    with any_db.session() as s:
        me = current_agent(s)
        ch = tickets.update_ticket(s, f"#{ids['t1']}", me, status="solved", priority="urgent", assignee="lee.junho",
                                   add_tags=["한도", "VIP"])
        assert set(ch) == {"status", "priority", "assignee", "tags"}
        assert tickets.update_ticket(s, ids["t1"], me, status="solved") == {}
        tickets.update_ticket(s, ids["t1"], me, status="open", remove_tags=["vip"])
    with any_db.session() as s:
        d = tickets.get_detail(s, ids["t1"])
        assert d.status == "open" and d.reopen_count == 1 and d.tags == ["한도"] and d.assignee_name == "이준호"
        assert tickets.count_tickets(s, TicketQuery(tag="한도"), None) == 1
        from sqlalchemy import select
        from agentdesk.models import AuditEntry
        assert len(s.scalars(select(AuditEntry).where(AuditEntry.entity_id == d.id)).all()) == 2


def test_invalid_values_are_clear(any_db):
    ids = seed_small(any_db)
    with any_db.session() as s:
        me = current_agent(s)
        with pytest.raises(InvalidValue, match="invalid status 'done'"):
            tickets.update_ticket(s, ids["t1"], me, status="done")
        with pytest.raises(NotFound):
            tickets.resolve_ticket(s, "999999")
        with pytest.raises(NotFound):
            tickets.resolve_ticket(s, "not-a-ticket")
        with pytest.raises(InvalidValue):
            tickets.add_message(s, ids["t1"], me, "   ")
        with pytest.raises(InvalidValue):
            tickets.fetch_page(s, TicketQuery(view="nope"), None, 0, 5)


def test_merge_keeps_both_conversations(any_db):
    ids = seed_small(any_db)
    with any_db.session() as s:
        me = current_agent(s)
        tickets.merge_tickets(s, ids["t1"], ids["t2"], me)
    with any_db.session() as s:
        d = tickets.get_detail(s, ids["t2"])
        bodies = " ".join(m.body for m in d.messages)
        assert "한도가 얼마인지" in bodies and "이어폰" in bodies
        assert d.merged_numbers == [ids["t1"]]
        src = tickets.get_detail(s, ids["t1"])
        assert src.status == "closed" and src.merged_into_number == ids["t2"]
        with pytest.raises(InvalidValue, match="merged into"):
            tickets.add_message(s, ids["t1"], me, "hello")


def test_sla_at_risk_uses_clock(any_db):
    ids = seed_small(any_db)
    with any_db.session() as s:
        later = utcnow() + timedelta(days=10)
        assert tickets.count_tickets(s, TicketQuery(view="sla_at_risk"), ids["me"], now=later) == 3


def test_pages_from_either_end_agree(any_db):
    """Pages past the middle are read in reverse; they must match forward reading."""
    ids = seed_small(any_db)
    with any_db.session() as s:
        me = current_agent(s)
        for i in range(25):
            tickets.create_ticket(s, subject=f"extra {i}", body="본문", channel="web", customer_id=ids["customer"],
                                  priority=("urgent", "high", "normal", "low")[i % 4], now=utcnow() - timedelta(minutes=i))
        tickets.update_ticket(s, ids["t3"], me, status="solved")
    with any_db.session() as s:
        for sort in ("updated", "priority", "sla", "number", "status"):
            for desc in (True, False):
                q = TicketQuery(sort=sort, descending=desc)
                total = tickets.count_tickets(s, q, ids["me"])
                forward = [r.number for r in tickets.fetch_page(s, q, ids["me"], 0, 1000)]
                assert len(forward) == total == 28
                for offset, limit in ((0, 7), (7, 7), (14, 7), (21, 7), (20, 100), (27, 1), (27, 5)):
                    page = [r.number for r in tickets.fetch_page(s, q, ids["me"], offset, limit, total=total)]
                    assert page == forward[offset:offset + limit], (sort, desc, offset)


def test_count_all_excludes_deleted(any_db):
    ids = seed_small(any_db)
    with any_db.session() as s:
        tickets.resolve_ticket(s, ids["t3"]).deleted = True
    with any_db.session() as s:
        assert tickets.count_tickets(s, TicketQuery(), ids["me"]) == 2
        assert len(tickets.fetch_page(s, TicketQuery(), ids["me"], 0, 10)) == 2


def test_pending_and_on_hold_pause_the_sla(any_db):
    ids = seed_small(any_db)
    with any_db.session() as s:
        me = current_agent(s)
        tickets.update_ticket(s, ids["t2"], me, status="pending")
        assert tickets.get_detail(s, ids["t2"]).sla_next_due is None
        assert tickets.count_tickets(s, TicketQuery(view="sla_at_risk"), ids["me"], now=utcnow() + timedelta(days=10)) == 2
        tickets.update_ticket(s, ids["t2"], me, status="open")
        assert tickets.get_detail(s, ids["t2"]).sla_next_due is not None


def test_a_tag_is_removed_in_the_spelling_it_was_added_with(any_db):
    """update_ticket once removed tags spelt 'strip + lower' but added them with spaces as
    hyphens: 'Needs Review' could be added and never removed the same way."""
    ids = seed_small(any_db)
    with any_db.session() as s:
        me = current_agent(s)
        tickets.update_ticket(s, ids["t1"], me, add_tags=["Needs Review", " "])  # a blank entry is skipped
        assert tickets.get_detail(s, ids["t1"]).tags == ["needs-review"]
        assert tickets.update_ticket(s, ids["t1"], me, remove_tags=["Needs Review"]) == {"tags": ("needs-review", "")}
        assert tickets.get_detail(s, ids["t1"]).tags == []


def test_a_tag_longer_than_the_column_is_refused_before_anything_changes(any_db):
    ids = seed_small(any_db)
    with any_db.session() as s:
        me = current_agent(s)
        before = tickets.get_detail(s, ids["t1"])
        with pytest.raises(InvalidValue, match="a tag needs 1 to 64 characters"):
            tickets.update_ticket(s, ids["t1"], me, status="pending", add_tags=["x" * 65])
        after = tickets.get_detail(s, ids["t1"])
        assert (after.status, after.tags) == (before.status, before.tags)


def test_a_merged_ticket_is_not_merged_again(any_db):
    """The server refused this all along; the local service used to re-point the duplicate
    and add another pair of system notes."""
    ids = seed_small(any_db)
    with any_db.session() as s:
        me = current_agent(s)
        tickets.merge_tickets(s, ids["t1"], ids["t2"], me)
        with pytest.raises(InvalidValue, match=f"#{ids['t1']} was already merged into #{ids['t2']}"):
            tickets.merge_tickets(s, ids["t1"], ids["t3"], me)
        with pytest.raises(InvalidValue, match="already merged"):
            tickets.merge_tickets(s, ids["t1"], ids["t2"], me)
        with pytest.raises(InvalidValue, match=f"#{ids['t1']} was itself merged; merge into #{ids['t2']}"):
            tickets.merge_tickets(s, ids["t3"], ids["t1"], me)
        with pytest.raises(InvalidValue, match="into itself"):
            tickets.merge_tickets(s, ids["t3"], ids["t3"], me)
    with any_db.session() as s:
        target = tickets.get_detail(s, ids["t2"])
        assert target.merged_numbers == [ids["t1"]]
        # Both tickets' notes are in the target's timeline: one line for the merge. Stored
        # as an event with its params (each desk words it), never as a sentence.
        assert [(m.event, m.params, m.body) for m in target.messages if m.kind == "system"] == [
            ("merged", {"source": ids["t1"], "target": ids["t2"]}, f"김민지 merged #{ids['t1']} into #{ids['t2']}")]
        assert tickets.get_detail(s, ids["t1"]).merged_into_number == ids["t2"]


def test_a_ticket_goes_only_to_an_active_agent_of_its_team(any_db):
    """agentdesk/rules.check_assignee: the same rule the team server applies."""
    from agentdesk.models import Agent, Team

    ids = seed_small(any_db)
    with any_db.session() as s:
        other_team = Team(name="배송상담팀")
        s.add(other_team)
        s.flush()
        s.add_all([Agent(login="park.ship", name="박배송", role="agent", team_id=other_team.id),
                   Agent(login="gone.agent", name="퇴사자", role="agent", team_id=s.get(Agent, ids["me"]).team_id,
                         deleted=True)])
    with any_db.session() as s:
        me = current_agent(s, "kim.minji")
        with pytest.raises(InvalidValue, match="not in the ticket's team"):
            tickets.update_ticket(s, ids["t1"], me, assignee="park.ship")
        with pytest.raises(NotFound, match="no agent 'gone.agent'"):  # a removed agent is no one to assign to
            tickets.update_ticket(s, ids["t1"], me, assignee="gone.agent")
        tickets.update_ticket(s, ids["t1"], me, assignee="lee.junho")
    with any_db.session() as s:
        assert tickets.get_detail(s, ids["t1"]).assignee_name == "이준호"


@pytest.mark.parametrize("bad", ["a\x00b", "x" * 10_000, "red\x1b[31m"])
def test_a_bad_tag_is_refused_before_anything_is_written(any_db, bad):
    """On PostgreSQL a NUL once failed only at commit, after the CLI had printed its
    success line; a 10,000-character tag was cut or stored."""
    ids = seed_small(any_db)
    with any_db.session() as s:
        me = current_agent(s)
        for change in ({"add_tags": ["ok", bad]}, {"remove_tags": [bad]}):
            with pytest.raises(InvalidValue, match="tag"):
                tickets.update_ticket(s, ids["t1"], me, status="pending", **change)
    with any_db.session() as s:  # the session commits: nothing half-written is left to fail
        detail = tickets.get_detail(s, ids["t1"])
        assert (detail.status, detail.tags) == ("new", [])


def test_the_tag_filter_is_spelt_as_tags_are_stored(any_db):
    ids = seed_small(any_db)
    with any_db.session() as s:
        tickets.update_ticket(s, ids["t1"], current_agent(s), add_tags=["Mobile App"])
        for typed in ("Mobile App", "mobile-app", " MOBILE  app "):
            assert [r.number for r in tickets.fetch_page(s, TicketQuery(tag=typed), ids["me"], 0, 10)] == [ids["t1"]]


def test_a_merged_ticket_is_not_reopened(any_db):
    ids = seed_small(any_db)
    with any_db.session() as s:
        me = current_agent(s)
        tickets.merge_tickets(s, ids["t1"], ids["t2"], me)
    with any_db.session() as s:
        with pytest.raises(InvalidValue, match=f"#{ids['t1']} was merged into #{ids['t2']}; reopen that one instead"):
            tickets.update_ticket(s, ids["t1"], current_agent(s), status="open")
    with any_db.session() as s:
        assert tickets.get_detail(s, ids["t1"]).status == "closed"


def test_merging_counts_a_note_on_each_ticket(any_db):
    ids = seed_small(any_db)
    with any_db.session() as s:
        before = {n: tickets.resolve_ticket(s, ids[n]).message_count for n in ("t1", "t2")}
        tickets.merge_tickets(s, ids["t1"], ids["t2"], current_agent(s))
    with any_db.session() as s:
        assert {n: tickets.resolve_ticket(s, ids[n]).message_count for n in ("t1", "t2")} == \
            {n: c + 1 for n, c in before.items()}
