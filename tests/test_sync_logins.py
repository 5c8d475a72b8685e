"""The sync engine through the team server, each agent signed in as themselves (the
server runs their requests under grants and row-level security): pushes go through,
the feed stops at the team's rows, and nobody can act in someone else's name."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select, text

from agentdesk.models import utcnow
from agentdesk.services import followups, tickets
from agentdesk.services.common import current_agent, set_agent_status
from agentdesk.sync import capture
from agentdesk.sync import protocol as p
from agentdesk.sync.engine import SyncClient
from agentdesk.server.feed import stamp_unversioned
from tests.test_security import server  # noqa: F401  (the fixture)
from tests.test_sync_support import T, close, http, replica


def _replica(server, tmp_path, short):  # noqa: F811
    rep = replica(tmp_path, short, server.login(short))
    c = SyncClient(rep, http(server.db, server.login(short)))
    first = c.pull_once()
    assert first is not None and first.full, c.status().last_error
    capture.install(rep.db, server.login(short))
    return rep, c


def test_agents_sync_with_their_own_logins_within_their_team(server, tmp_path):  # noqa: F811
    stamp_unversioned(server.db.engine)
    alice, ca = _replica(server, tmp_path, "alice")
    bob, cb = _replica(server, tmp_path, "bob")
    lena, cl = _replica(server, tmp_path, "lena")
    with alice.engine.connect() as c:
        assert {r.subject for r in c.execute(select(T["tickets"].c.subject))} == {"ticket a1", "ticket a2"}
    with bob.engine.connect() as c:
        assert {r.subject for r in c.execute(select(T["tickets"].c.subject))} == {"ticket b1"}

    a1 = server.ids["a1"]
    with alice.db.session() as s:
        me = current_agent(s, server.login("alice"))
        tickets.add_message(s, a1, me, "답변드립니다")
        tickets.update_ticket(s, a1, me, priority="urgent", add_tags=["vip"])
        followups.create_follow_up(s, me, title="재통화", due_at=utcnow() + timedelta(hours=1), ticket_ref=a1)
        set_agent_status(s, me.id, "after_contact_work")
    pushed, pulled = ca.sync_once()
    assert pushed.error == "" and pushed.rejected == 0 and pushed.applied == 5, (pushed, ca.status().last_error)
    assert alice.outbox() == []
    cl.sync_once()
    with lena.db.session() as s:
        d = tickets.get_detail(s, a1)
        assert (d.priority, d.tags, d.messages[-1].body) == ("urgent", ["vip"], "답변드립니다")
    # The lead's feed carries the team's rows, never alice's personal follow-ups.
    with lena.engine.connect() as c:
        assert c.execute(select(T["follow_ups"])).all() == []
    # Bob, in another team, got nothing of it.
    cb.sync_once()
    with bob.engine.connect() as c:
        assert c.execute(select(T["messages"].c.body).where(T["messages"].c.body == "답변드립니다")).all() == []
    for rep, c in ((alice, ca), (bob, cb), (lena, cl)):
        c.close()
        close(rep)


def test_a_client_cannot_push_in_someone_elses_name_or_into_another_team(server, tmp_path):  # noqa: F811
    stamp_unversioned(server.db.engine)
    bob, cb = _replica(server, tmp_path, "bob")
    # Bob's app claims to be alice (its login, an author in the payload): the server acts
    # for the agent whose session signed the request.
    cb.transport.login = server.login("alice")
    mid = uuid.uuid4()
    [result] = cb.transport.push(cb.client_id, [{
        "mutation_id": str(mid), "entity": "message", "entity_id": str(uuid.uuid4()), "op": p.MESSAGE_INSERT,
        "base_version": 0, "payload": {"ticket_id": str(server.ids["b1"]), "kind": "note", "body": "누구?",
                                       "author_agent_id": str(server.ids[server.login("alice")])}}])["results"]
    assert result["status"] == "applied"
    with server.db.engine.connect() as c:
        author = c.execute(text("SELECT author_agent_id FROM messages WHERE body = '누구?'")).scalar()
    assert author == server.ids[server.login("bob")]
    # A ticket of another team is refused, and the refusal is recorded for bob.
    [result] = cb.transport.push(cb.client_id, [{
        "mutation_id": str(uuid.uuid4()), "entity": "ticket", "entity_id": str(server.ids["a1"]),
        "op": p.TICKET_UPDATE, "base_version": 0, "payload": {"fields": {"priority": ["normal", "low"]}}}])["results"]
    assert result["status"] == "rejected"
    with server.db.engine.connect() as c:
        assert c.execute(text("SELECT priority FROM tickets WHERE id = :i"), {"i": server.ids["a1"]}).scalar() == "normal"
    cb.close()
    close(bob)


def test_rows_pointing_at_what_an_agent_cannot_see_do_not_stop_the_sync(server, tmp_path):  # noqa: F811
    """A follow-up of alice's on a ticket since moved to another team; the customer's
    feedback on the other team's ticket. Row-level security hides the parents; the pull
    must still complete (the first one and incremental ones), and nothing leaks."""
    from datetime import timedelta

    from agentdesk.models import Feedback, FollowUp, utcnow

    def moved_and_seen():
        with server.db.session() as s:
            s.add(Feedback(customer_id=server.ids["cust_a"], ticket_id=server.ids["b1"], kind="csat", score=2))
            s.add(FollowUp(agent_id=server.ids[server.login("alice")], ticket_id=server.ids["a2"], title="재통화",
                           due_at=utcnow() + timedelta(hours=1)))
        with server.db.engine.begin() as c:  # a2 goes to the other team
            c.execute(text("UPDATE tickets SET team_id = :t WHERE id = :i"), {"t": server.ids["team_b"], "i": server.ids["a2"]})
        stamp_unversioned(server.db.engine)

    moved_and_seen()
    alice, ca = _replica(server, tmp_path, "alice")  # a first, full pull
    moved_and_seen()  # and the same again for an incremental one
    _, pulled = ca.sync_once()
    assert pulled is not None, ca.status().last_error
    with alice.engine.connect() as c:
        assert c.execute(select(T["feedback"])).all() == []  # another team's ticket: not alice's to see
        fus = c.execute(select(T["follow_ups"].c.title, T["follow_ups"].c.ticket_id)).all()
        assert fus == [("재통화", None), ("재통화", None)]  # hers, without the hidden ticket
        assert c.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    ca.close()
    close(alice)
