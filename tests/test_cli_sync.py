"""`agentdesk --profile P …` works on the profile's replica through the outbox, and
`agentdesk sync status|once|run|conflicts` runs the sync without a window."""

from __future__ import annotations

import json

from sqlalchemy import text

from agentdesk.cli import main
from agentdesk.server.feed import stamp_unversioned
from tests.test_security import server  # noqa: F401  (the fixture)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _add(capsys, srv, name, short):
    code, _, err = run(capsys, "profile", "add", name, "--server", srv.url, "--agent", srv.login(short),
                       "--store-password", "ask")
    assert code == 0, err


def test_team_profile_commands_work_on_the_replica_and_sync(server, capsys, monkeypatch):  # noqa: F811
    stamp_unversioned(server.db.engine)
    _add(capsys, server, "alice", "alice")
    _add(capsys, server, "lena", "lena")
    monkeypatch.setenv("AGENTDESK_PASSWORD", "pw-" + server.suffix)
    code, out, err = run(capsys, "--profile", "alice", "sync", "status", "--offline")
    assert code == 0 and out.startswith("never, 0 queued") and "last sync never" in out
    code, out, err = run(capsys, "--profile", "alice", "ticket", "list", "--json")
    assert code == 0 and "first sync" in err
    assert {t["subject"] for t in json.loads(out)} == {"ticket a1", "ticket a2"}
    number = json.loads(out)[0]["number"]
    code, out, err = run(capsys, "--profile", "alice", "ticket", "set", str(number), "--priority", "urgent",
                         "--add-tag", "콜백")
    assert code == 0 and err == "", err  # pushed at once
    with server.db.engine.connect() as c:
        assert c.execute(text("SELECT priority, tags_text FROM tickets WHERE number = :n"), {"n": number}).one() \
            == ("urgent", "콜백")
    code, out, err = run(capsys, "--profile", "lena", "sync", "once")
    assert code == 0 and "pulled" in out and "online, 0 queued" in out
    code, out, err = run(capsys, "--profile", "lena", "ticket", "show", str(number), "--json")
    assert json.loads(out)["priority"] == "urgent"
    code, out, err = run(capsys, "--profile", "alice", "sync", "status", "--json")
    assert code == 0 and json.loads(out)["state"] == "online" and json.loads(out)["queued"] == 0
    code, out, err = run(capsys, "--profile", "alice", "sync", "run", "--cycles", "2", "--no-listen", "--poll", "0.1")
    assert code == 0
    code, out, err = run(capsys, "--profile", "alice", "sync", "conflicts")
    assert code == 0 and out.strip() == "no conflicts"


def test_offline_writes_stay_queued_and_go_at_the_next_sync(server, capsys, monkeypatch):  # noqa: F811
    stamp_unversioned(server.db.engine)
    _add(capsys, server, "alice", "alice")
    monkeypatch.setenv("AGENTDESK_PASSWORD", "pw-" + server.suffix)
    number = json.loads(run(capsys, "--profile", "alice", "ticket", "list", "--json")[1])[0]["number"]
    # The same profile pointed at a port where nothing listens: the network is down.
    from agentdesk import profiles

    ps = profiles.load_profiles()
    online = ps["alice"].server
    ps["alice"].server = "http://127.0.0.1:1"
    profiles.save_profiles(ps)
    code, out, err = run(capsys, "--profile", "alice", "ticket", "note", str(number), "--body", "오프라인 메모")
    assert code == 0 and "queued" in err and "next sync" in err
    code, out, err = run(capsys, "--profile", "alice", "sync", "status")
    assert code == 1 and out.startswith("offline, 1 queued")
    code, out, err = run(capsys, "--profile", "alice", "ticket", "show", str(number), "--json")
    assert json.loads(out)["messages"][-1]["body"] == "오프라인 메모"  # on screen while offline
    ps["alice"].server = online
    profiles.save_profiles(ps)
    code, out, err = run(capsys, "--profile", "alice", "sync", "once")
    assert code == 0 and "pushed 1 (1 applied" in out
    with server.db.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM messages WHERE body = '오프라인 메모'")).scalar() == 1


def test_sync_without_a_profile_says_how_to_get_one(capsys, monkeypatch):
    monkeypatch.delenv("AGENTDESK_PROFILE", raising=False)
    code, _, err = run(capsys, "sync", "status")
    assert code == 1 and "--profile" in err and "profile add" in err


def test_demo_data_after_init_server_is_stamped_for_sync(pg_db, capsys, tmp_path, monkeypatch):
    from agentdesk.sync.engine import SyncClient
    from tests.test_sync_support import close, http, replica

    url = pg_db.engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("AGENTDESK_PASSWORD", "admin-secret")
    assert run(capsys, "admin", "init-server", "--url", url)[0] == 0  # its first admin is no obstacle
    code, out, err = run(capsys, "demo-data", "--db", url, "--customers", "20", "--tickets", "40")
    assert code == 0 and "stamped for sync as version" in out, err
    with pg_db.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM tickets WHERE rev = 0")).scalar() == 0
        login = c.execute(text("SELECT login FROM agents WHERE team_id IS NOT NULL ORDER BY login LIMIT 1")).scalar()
    rep = replica(tmp_path, "r", login)
    client = SyncClient(rep, http(pg_db, login))
    pulled = client.pull_once()
    assert pulled is not None and "tickets" in pulled.tables
    with rep.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM tickets")).scalar() > 0
    client.close()
    close(rep)


def test_agents_already_in_the_workspace_get_a_password_with_existing(server, capsys):  # noqa: F811
    """Demo data or an import brings agents without passwords; an admin gives them one."""
    from agentdesk.models import Agent
    from agentdesk.profiles import test_connection

    login = server.login("carol")
    with server.db.session() as s:
        s.add(Agent(login=login, name="Carol", role="agent", team_id=server.ids["team_a"]))
    code, _, err = run(capsys, "admin", "add-agent", "Carol", "--login", login, "--role", "lead", "--url", server.db.url)
    assert code == 1 and "--existing" in err
    code, out, err = run(capsys, "admin", "add-agent", "Carol", "--login", login, "--role", "lead", "--existing",
                         "--url", server.db.url)
    assert code == 0 and "password set" in out and "kept the role 'agent'" in out, err
    assert test_connection(server.url, login, "pw-" + server.suffix)["role"] == "agent"
