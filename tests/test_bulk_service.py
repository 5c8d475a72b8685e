"""Bulk actions (services/bulk.py) on SQLite and PostgreSQL: one change to many tickets in
one transaction through the per-ticket rules, per-ticket outcomes, one mark in the audit
trail, undo that respects later changes, bulk merge."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from agentdesk.models import Agent, AuditEntry, Customer, Message, Team, Ticket, utcnow
from agentdesk.services import bulk, tickets
from agentdesk.services.bulk import BulkChange, Outcome
from agentdesk.services.common import InvalidValue, find_agent
from tests.factories import seed_small, team_id


def _make(s, n: int, **kw) -> list:
    cust = s.scalar(select(Customer).where(Customer.name == "최영희"))
    team = team_id(s)
    base = utcnow() - timedelta(hours=3)
    out = [tickets.create_ticket(s, subject=f"문의 {i}", body="내용", channel="email", customer_id=cust.id, team_id=team,
                                 now=base + timedelta(seconds=i), **kw) for i in range(n)]
    s.flush()
    return out


def _ids(ts) -> list:
    return [t.id for t in ts]


def _bulk_entries(s, bulk_id) -> list[AuditEntry]:
    return [e for e in s.scalars(select(AuditEntry).where(AuditEntry.entity == "ticket"))
            if bulk.audit_marker(e.changes) in (("bulk", str(bulk_id)), ("bulk_undo", str(bulk_id)))]


def test_status_for_many_tickets_is_one_marked_action(any_db):
    seed_small(any_db)
    with any_db.session() as s:
        ts = _make(s, 12)
        ids = _ids(ts)
    with any_db.session() as s:
        me = find_agent(s, "kim.minji")
        result = bulk.bulk_update(s, me, ids, BulkChange(status="pending"))
    assert result.applied == 12 and not result.skipped and result.undoable
    with any_db.session() as s:
        assert {t.status for t in s.scalars(select(Ticket).where(Ticket.id.in_(ids)))} == {"pending"}
        entries = _bulk_entries(s, result.bulk_id)
        assert len(entries) == 12 and {e.entity_id for e in entries} == set(ids)
        assert all(e.changes["status"] == ["new", "pending"] for e in entries)
        # The SLA clock stops on pending, as for one ticket changed in the pane (rules.py).
        assert all(t.sla_next_due is None for t in s.scalars(select(Ticket).where(Ticket.id.in_(ids))))


def test_assign_tags_and_priority_with_per_ticket_outcomes(any_db):
    ids_seed = seed_small(any_db)
    with any_db.session() as s:
        ts = _make(s, 4)
        ids = _ids(ts)
        tickets.update_ticket(s, ids[0], find_agent(s, "kim.minji"), add_tags=["vip"])
        tickets.merge_tickets(s, ids[3], ids[2], find_agent(s, "kim.minji"))  # #3 is merged: its status is final
        t2 = tickets.resolve_ticket(s, ids_seed["t2"])
        ids.append(t2.id)
    with any_db.session() as s:
        me = find_agent(s, "kim.minji")
        r = bulk.bulk_update(s, me, ids, BulkChange(assignee="lee.junho", add_tags=("Needs Review", "vip"),
                                                     remove_tags=("nothing-here",)))
        by = {o.ticket_id: o for o in r.outcomes}
        assert by[ids[0]].after["tags"] == (("needs-review",), ())  # vip was there already
        assert by[ids[1]].after == {"assignee": "lee.junho", "tags": (("needs-review", "vip"), ())}
        assert by[ids[1]].before == {"assignee": "none", "tags": ((), ("needs-review", "vip"))}
    with any_db.session() as s:
        r = bulk.bulk_update(s, find_agent(s, "kim.minji"), ids, BulkChange(status="solved"))
        by = {o.ticket_id: o for o in r.outcomes}
        assert by[ids[3]].outcome == Outcome.SKIPPED and "merged into" in by[ids[3]].reason
        assert r.applied == 4
        # Ticket-number order: what the agent reads in the result.
        assert [o.number for o in r.outcomes] == sorted(o.number for o in r.outcomes)


def test_the_same_value_is_unchanged_not_applied(any_db):
    seed_small(any_db)
    with any_db.session() as s:
        ids = _ids(_make(s, 3, priority="high"))
    with any_db.session() as s:
        r = bulk.bulk_update(s, find_agent(s, "kim.minji"), ids, BulkChange(priority="high"))
    assert r.count(Outcome.UNCHANGED) == 3 and r.applied == 0 and not r.undoable


def test_a_ticket_changed_after_it_was_selected_is_skipped(any_db):
    seed_small(any_db)
    with any_db.session() as s:
        ts = _make(s, 3)
        seen = {t.id: t.updated_at for t in ts}
    with any_db.session() as s:  # someone else answers the second one meanwhile
        tickets.update_ticket(s, list(seen)[1], find_agent(s, "lee.junho"), priority="urgent",
                              now=utcnow() + timedelta(seconds=5))
    with any_db.session() as s:
        r = bulk.bulk_update(s, find_agent(s, "kim.minji"), seen, BulkChange(priority="low"))
    assert r.applied == 2
    (skipped,) = r.skipped
    assert skipped.ticket_id == list(seen)[1] and "changed after you selected it" in skipped.reason
    with any_db.session() as s:
        assert s.get(Ticket, list(seen)[1]).priority == "urgent"


def test_bad_values_and_too_many_tickets_write_nothing(any_db):
    seed_small(any_db)
    with any_db.session() as s:
        ids = _ids(_make(s, 2))
    with any_db.session() as s:
        me = find_agent(s, "kim.minji")
        for change in (BulkChange(status="done"), BulkChange(priority="asap"), BulkChange(add_tags=("a\x00b",)),
                       BulkChange(assignee="nobody.here"), BulkChange()):
            with pytest.raises(Exception) as exc:
                bulk.bulk_update(s, me, ids, change)
            assert "\n" not in str(exc.value)
        with pytest.raises(InvalidValue, match="at most 1,000 tickets"):
            bulk.bulk_update(s, me, [*ids, *(uuid.uuid4() for _ in range(1000))], BulkChange(status="open"))
    with any_db.session() as s:
        assert {t.status for t in s.scalars(select(Ticket).where(Ticket.id.in_(ids)))} == {"new"}


def test_assigning_outside_the_ticket_team_is_skipped_per_ticket(any_db):
    seed_small(any_db)
    with any_db.session() as s:
        other = Team(name="쇼핑팀")
        s.add(other)
        s.flush()
        s.add(Agent(login="choi.shop", name="최쇼핑", role="agent", team_id=other.id))
        ours = _ids(_make(s, 2))
        theirs = tickets.create_ticket(s, subject="쇼핑", body="b", channel="web", customer_id=None, team_id=other.id)
        s.flush()
        ids = [*ours, theirs.id]
    with any_db.session() as s:
        r = bulk.bulk_update(s, find_agent(s, "park.lead"), ids, BulkChange(assignee="choi.shop"))
    assert r.applied == 1 and len(r.skipped) == 2
    assert all("not in the ticket's team" in o.reason for o in r.skipped)


def test_undo_restores_each_field_unless_changed_since(any_db):
    seed_small(any_db)
    with any_db.session() as s:
        ids = _ids(_make(s, 3))
        tickets.update_ticket(s, ids[2], find_agent(s, "kim.minji"), add_tags=["old"])
    with any_db.session() as s:
        me = find_agent(s, "kim.minji")
        done = bulk.bulk_update(s, me, ids, BulkChange(status="solved", assignee="kim.minji", add_tags=("x",),
                                                       remove_tags=("old",)))
    with any_db.session() as s:  # a colleague reopens the first one and takes the second
        lee = find_agent(s, "lee.junho")
        tickets.update_ticket(s, ids[0], lee, status="open")
        tickets.update_ticket(s, ids[1], lee, assignee="lee.junho")
    with any_db.session() as s:
        undone = bulk.undo_bulk(s, find_agent(s, "kim.minji"), done)
    by = {o.ticket_id: o for o in undone.outcomes}
    assert "status" in by[ids[0]].reason and "assignee" in by[ids[1]].reason
    with any_db.session() as s:
        t0, t1, t2 = (s.get(Ticket, i) for i in ids)
        assert (t0.status, t0.assignee_id) == ("open", None)  # status kept (changed since), assignee undone
        assert t1.status == "new" and t1.assignee_id == find_agent(s, "lee.junho").id
        assert (t2.status, t2.assignee_id, t2.tags_text) == ("new", None, "old")
        assert len(_bulk_entries(s, done.bulk_id)) == 6  # 3 done + 3 undone, all naming the one action
    with pytest.raises(InvalidValue):
        with any_db.session() as s:
            bulk.undo_bulk(s, find_agent(s, "kim.minji"), undone)


def test_bulk_merge_into_one_target(any_db):
    seed_small(any_db)
    with any_db.session() as s:
        ids = _ids(_make(s, 4))
        tickets.merge_tickets(s, ids[3], ids[2], find_agent(s, "kim.minji"))
    with any_db.session() as s:
        cands = bulk.merge_candidates(s, ids)
        assert [c.merged_into_number for c in cands][2:] == [None, cands[2].number]
        r = bulk.bulk_merge(s, find_agent(s, "kim.minji"), ids, ids[0])
    assert r.applied == 2 and not r.undoable
    (skipped,) = r.skipped
    assert skipped.ticket_id == ids[3] and "already merged" in skipped.reason
    with any_db.session() as s:
        assert {s.get(Ticket, i).merged_into_id for i in ids[1:3]} == {ids[0]}
        notes = s.scalars(select(Message.body).where(Message.ticket_id == ids[0], Message.kind == "system")).all()
        assert len(notes) == 2
        assert len(_bulk_entries(s, r.bulk_id)) == 2


def test_stamps_are_what_the_inbox_shows_of_its_selection(any_db):
    seed_small(any_db)
    with any_db.session() as s:
        ts = _make(s, 3)
        want = {t.id: t.updated_at for t in ts[:2]}
        ts[2].deleted = True
        gone = ts[2].id
    with any_db.session() as s:
        assert bulk.stamps(s, [*want, gone]) == want
