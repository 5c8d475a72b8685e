"""The agent states leads know (issue 13; agentdesk/agent_states.py): the vocabulary, the
old values mapped, status_since moving only when the state changes (services, the
replica's capture and rebase, the team server), the derived "on a contact", and a newer
server taking an older desk's 'busy' and 'away'."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text

from agentdesk import agent_states as st
from agentdesk.agent_states import AgentState
from agentdesk.models import AGENT_STATUSES, Agent
from agentdesk.server.feed import stamp_unversioned
from agentdesk.services.common import InvalidValue, NotAllowed, current_agent, set_agent_status
from agentdesk.sync import capture
from agentdesk.sync import protocol as p
from tests.factories import seed_small
from tests.test_sync_support import T, client, close, http, replica

T0 = datetime(2026, 3, 2, 0, 30, tzinfo=UTC)
T1 = datetime(2026, 3, 2, 0, 45, tzinfo=UTC)


# --- the vocabulary (pure) -------------------------------------------------------------------
def test_the_chosen_states_and_the_derived_one():
    assert AGENT_STATUSES == ("available", "after_contact_work", "break", "training", "offline")
    assert st.SHOWN[0] == AgentState.ON_CONTACT and set(st.SHOWN) == {*AGENT_STATUSES, "on_contact"}
    assert max(len(s) for s in st.SHOWN) <= st.STATUS_COLUMN_LENGTH


@pytest.mark.parametrize("given, stored", [("busy", "after_contact_work"), ("away", "break"),
                                           ("training", "training"), ("available", "available")])
def test_old_values_are_read_as_their_new_meaning(given, stored):
    assert st.normalize(given) == stored
    assert st.read(given) == stored


@pytest.mark.parametrize("bad", ["on_contact", "lunch", "", None, 3, "x" * 10_000])
def test_anything_else_is_refused_with_a_code_and_read_leniently(bad):
    with pytest.raises(st.StateError) as e:
        st.normalize(bad)
    assert e.value.code == "agent_state.unknown" and len(str(e.value)) < 300
    assert st.read(bad if isinstance(bad, str) else None) == AgentState.AVAILABLE


def test_status_since_moves_only_with_a_change():
    assert st.change("available", "break", T0) == {"status": "break", "status_since": T0}
    assert st.change("break", "break", T1) == {}
    assert st.change("busy", "busy", T1) == {"status": "after_contact_work", "status_since": T1}  # the old row rewritten


@pytest.mark.parametrize("status, replying, shown", [
    ("available", True, "on_contact"), ("after_contact_work", True, "on_contact"), ("break", True, "on_contact"),
    ("offline", True, "offline"), ("available", False, "available"), ("busy", False, "after_contact_work"),
    ("training", False, "training"), (None, False, "available")])
def test_the_wallboard_state(status, replying, shown):
    assert st.effective_state(status, replying) == shown


# --- services ------------------------------------------------------------------------------------
def test_the_service_sets_status_since_and_maps_an_old_value(any_db):
    ids = seed_small(any_db)
    with any_db.session() as s:
        set_agent_status(s, ids["me"], "away", T0)  # an older caller's word for a break
        set_agent_status(s, ids["other"], "training", T0)
    with any_db.session() as s:
        me = s.get(Agent, ids["me"])
        assert (me.status, me.status_since) == ("break", T0)
        set_agent_status(s, ids["me"], "break", T1)  # no change: time in state keeps counting
    with any_db.session() as s:
        assert s.get(Agent, ids["me"]).status_since == T0
        with pytest.raises(InvalidValue) as e:
            set_agent_status(s, ids["me"], "on_contact", T1)
        assert e.value.code == "agent_state.unknown"


# --- a team workspace ------------------------------------------------------------------------------
@pytest.fixture
def team(pg_db, tmp_path):
    ids = seed_small(pg_db)
    stamp_unversioned(pg_db.engine)
    rep = replica(tmp_path, "kim", "kim.minji")
    c = client(rep, pg_db)
    capture.install(rep.db, "kim.minji")
    yield pg_db, ids, rep, c
    c.close()
    close(rep)


def _server_agent(db, login):
    with db.engine.connect() as conn:
        return conn.execute(select(T["agents"].c.status, T["agents"].c.status_since)
                            .where(T["agents"].c.login == login)).one()


def test_a_desk_sends_the_new_value_and_the_server_stamps_its_own_time(team):
    server, ids, rep, c = team
    with rep.db.session() as s:
        set_agent_status(s, current_agent(s, "kim.minji").id, "away", T0)
    assert [(e.op, e.payload) for e in rep.outbox()] == [(p.AGENT_STATUS, {"status": ["available", "break"]})]
    pushed, pulled = c.sync_once()
    assert pushed.applied == 1 and pulled is not None
    status, since = _server_agent(server, "kim.minji")
    assert status == "break" and since is not None and since > T0  # the server's clock, not the desk's
    with rep.db.session() as s:
        assert s.get(Agent, ids["me"]).status_since == since  # the pull brought the server's row


def test_the_capture_refuses_a_status_the_server_would(team):
    _server, ids, rep, _c = team
    with pytest.raises(NotAllowed) as e, rep.db.session() as s:
        s.get(Agent, ids["me"]).status = "lunch"
    assert e.value.code == "agent_state.unknown"
    assert rep.outbox() == []


def test_a_newer_server_takes_an_older_desks_busy_and_away(team):
    server, ids, _rep, _c = team
    desk = http(server, "kim.minji")  # an older desk: it still speaks the old vocabulary

    def push(old, new):
        mutation = {"mutation_id": str(uuid.uuid4()), "op": p.AGENT_STATUS, "entity": "agent",
                    "entity_id": str(ids["me"]), "base_version": 0, "payload": {"status": [old, new]}}
        return desk.push(uuid.uuid4(), [mutation])["results"][0]

    assert push("available", "busy")["status"] == "applied"
    assert _server_agent(server, "kim.minji").status == "after_contact_work"
    assert push("busy", "away")["status"] == "applied"
    assert _server_agent(server, "kim.minji").status == "break"
    refused = push("away", "on_contact")
    assert refused["status"] == "rejected" and refused["code"] == "server.agent_status"
    assert _server_agent(server, "kim.minji").status == "break"


def test_migration_0022_rewrites_the_old_values(tmp_path):
    from alembic import command

    from agentdesk.db import alembic_config
    from tests.conftest import migrated_sqlite

    db = migrated_sqlite(tmp_path / "old.db")
    command.downgrade(alembic_config(db.engine), "0012")
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO agents (id, login, name, role, status, capacity, language, rev, deleted, "
                          "updated_at) VALUES (:i, 'a', 'A', 'agent', 'busy', 1, 'ko', 0, 0, '2026-01-01'), "
                          "(:j, 'b', 'B', 'agent', 'away', 1, 'ko', 0, 0, '2026-01-01')"),
                     {"i": uuid.uuid4().hex, "j": uuid.uuid4().hex})
    command.upgrade(alembic_config(db.engine), "head")
    with db.engine.connect() as conn:
        assert dict(conn.execute(text("SELECT login, status FROM agents")).all()) == {"a": "after_contact_work",
                                                                                     "b": "break"}
    db.dispose()
