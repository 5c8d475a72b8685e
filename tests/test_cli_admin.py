"""`agentdesk admin init-server|add-agent|set-password|sessions|drop-agent-logins` against
a real PostgreSQL. Agents are application users (Argon2id hashes); the only database
login is the team server's own role."""

from __future__ import annotations

import uuid

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text

from agentdesk.cli import main
from tests.conftest import PG_ADMIN_URL, drop_database_later


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one(db_engine, sql, **params):
    with db_engine.connect() as c:
        return c.execute(text(sql), params).scalar()


def hash_of(engine, login: str) -> str | None:
    return one(engine, "SELECT c.password_hash FROM agent_credentials c JOIN agents a ON a.id = c.agent_id "
                       "WHERE a.login = :l", l=login)


def matches(digest: str | None, password: str) -> bool:
    try:
        return digest is not None and PasswordHasher().verify(digest, password)
    except Exception:  # noqa: BLE001 - a mismatch
        return False


@pytest.fixture
def empty_server():
    """A database with no schema at all, as a DBA hands it over."""
    name = f"agentdesk_empty_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    admin.dispose()
    yield url
    drop_database_later(name)


def test_init_server_creates_the_schema_then_reruns_as_a_no_op(empty_server, capsys, monkeypatch):
    login = f"adm{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("AGENTDESK_PASSWORD", "first-secret")
    code, out, err = run(capsys, "admin", "init-server", "--url", empty_server, "--admin-login", login)
    assert code == 0, err
    assert "schema created" in out and f"admin '{login}' created" in out and "first-secret" not in out + err
    assert "agentdesk server --db postgresql://agentdesk_server@" in out
    engine = create_engine(empty_server)
    try:
        policies = one(engine, "SELECT count(*) FROM pg_policies WHERE policyname LIKE 'agentdesk%'")
        assert policies > 10
        assert one(engine, "SELECT count(*) FROM pg_roles WHERE rolname = :n", n=login) == 0  # no database login
        assert one(engine, "SELECT rolinherit FROM pg_roles WHERE rolname = 'agentdesk_server'") is False
        digest = hash_of(engine, login)
        assert digest.startswith("$argon2id$") and matches(digest, "first-secret") and not matches(digest, "other")

        # Again, with another password in the environment: nothing changes, the password neither
        # (only `admin set-password` resets an existing agent's).
        monkeypatch.setenv("AGENTDESK_PASSWORD", "second-secret")
        code, out, err = run(capsys, "admin", "init-server", "--url", empty_server, "--admin-login", login)
        assert code == 0, err
        assert "schema already current" in out and "already present" in out and "password kept" in out
        assert one(engine, "SELECT count(*) FROM pg_policies WHERE policyname LIKE 'agentdesk%'") == policies
        assert one(engine, "SELECT count(*) FROM agents") == 1
        assert hash_of(engine, login) == digest
    finally:
        engine.dispose()


def test_init_server_refuses_a_schema_newer_than_the_app(pg_db, capsys, monkeypatch):
    with pg_db.engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    monkeypatch.setenv("AGENTDESK_PASSWORD", "long-enough")
    code, out, err = run(capsys, "admin", "init-server", "--url", pg_db.url, "--admin-login", "never.created")
    assert code == 1 and "newer AgentDesk" in err and len(err.strip().splitlines()) == 1
    assert one(pg_db.engine, "SELECT count(*) FROM pg_policies") == 0
    assert one(pg_db.engine, "SELECT count(*) FROM agents") == 0


@pytest.mark.parametrize("url, message", [
    ("not a url", "not a database URL"),
    ("sqlite:///workspace.db", "must be PostgreSQL"),
    ("postgresql://postgres@127.0.0.1:1/nowhere", "cannot use postgresql://postgres@127.0.0.1:1/nowhere"),
])
def test_a_bad_server_url_is_one_clear_line(url, message, capsys):
    code, out, err = run(capsys, "admin", "init-server", "--url", url)
    assert code == 1 and out == ""
    assert err.startswith("agentdesk: error:") and message in err and len(err.strip().splitlines()) == 1


def test_add_agent_set_password_and_sessions(pg_db, capsys, monkeypatch):
    root, kim = f"adm{uuid.uuid4().hex[:8]}", f"kim{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("AGENTDESK_PASSWORD", "root-secret")
    assert run(capsys, "admin", "init-server", "--url", pg_db.url, "--admin-login", root)[0] == 0
    monkeypatch.setenv("AGENTDESK_PASSWORD", "kim-secret")
    code, out, err = run(capsys, "admin", "add-agent", "김민지", "--login", kim, "--role", "lead", "--team", "카드상담팀",
                         "--url", pg_db.url)
    assert code == 0, err
    assert f"lead '{kim}' created, team 카드상담팀 (new); password set" in out and "kim-secret" not in out + err
    with pg_db.engine.connect() as c:
        row = c.execute(text("SELECT a.name, a.role, t.name FROM agents a JOIN teams t ON t.id = a.team_id "
                             "WHERE a.login = :l"), {"l": kim}).one()
    assert tuple(row) == ("김민지", "lead", "카드상담팀")
    assert matches(hash_of(pg_db.engine, kim), "kim-secret")
    assert one(pg_db.engine, "SELECT count(*) FROM pg_roles WHERE rolname = :n", n=kim) == 0
    code, _, err = run(capsys, "admin", "add-agent", "Again", "--login", kim, "--role", "agent", "--url", pg_db.url)
    assert code == 1 and "already exists" in err

    # A desk signs in; a new password signs it out; `sessions` lists and revokes.
    from agentdesk.server import auth

    with pg_db.engine.begin() as c:
        agent_id = c.execute(text("SELECT id FROM agents WHERE login = :l"), {"l": kim}).scalar_one()
        token, _ = auth.issue_token(c, agent_id, client="AgentDesk test", address="10.1.2.3")
    code, out, _ = run(capsys, "admin", "sessions", "--url", pg_db.url)
    assert code == 0 and kim in out and "active" in out and "10.1.2.3" in out and token not in out
    monkeypatch.setenv("AGENTDESK_PASSWORD", "kim-second")
    code, out, err = run(capsys, "admin", "set-password", kim, "--url", pg_db.url)
    assert code == 0 and "signed out" in out, err
    assert matches(hash_of(pg_db.engine, kim), "kim-second")
    with pg_db.engine.begin() as c, pytest.raises(auth.AuthError):
        auth.authenticate(c, token)
    code, _, err = run(capsys, "admin", "set-password", "nobody.here", "--url", pg_db.url)
    assert code == 1 and "no agent with login 'nobody.here'" in err
    code, out, _ = run(capsys, "admin", "sessions", "--revoke", root, "--url", pg_db.url)
    assert code == 0 and "signed out 0 desk(s)" in out


@pytest.mark.parametrize("login, message", [
    ("Robert'); DROP TABLE tickets;--", "invalid login"),
    ("pg_monitor", "reserved"),
    ("agentdesk_server", "reserved"),
])
def test_add_agent_refuses_logins_that_are_not_valid(pg_db, login, message, capsys, monkeypatch):
    monkeypatch.setenv("AGENTDESK_PASSWORD", "long-enough")
    assert run(capsys, "admin", "init-server", "--url", pg_db.url, "--admin-login", f"adm{uuid.uuid4().hex[:8]}")[0] == 0
    code, _, err = run(capsys, "admin", "add-agent", "X", "--login", login, "--role", "agent", "--url", pg_db.url)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1
    assert one(pg_db.engine, "SELECT count(*) FROM agents") == 1  # the admin only: nothing half-done


def test_add_agent_without_a_good_password_or_a_terminal_says_how(pg_db, capsys, monkeypatch):
    kim = f"kim{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("AGENTDESK_PASSWORD", "long-enough")
    assert run(capsys, "admin", "init-server", "--url", pg_db.url, "--admin-login", f"adm{uuid.uuid4().hex[:8]}")[0] == 0
    monkeypatch.delenv("AGENTDESK_PASSWORD")
    code, _, err = run(capsys, "admin", "add-agent", "Kim", "--login", kim, "--role", "agent", "--url", pg_db.url)
    assert code == 1 and "AGENTDESK_PASSWORD" in err
    monkeypatch.setenv("AGENTDESK_PASSWORD", "short")
    code, _, err = run(capsys, "admin", "add-agent", "Kim", "--login", kim, "--role", "agent", "--url", pg_db.url)
    assert code == 1 and "at least 8 characters" in err
    assert one(pg_db.engine, "SELECT count(*) FROM agents WHERE login = :n", n=kim) == 0


def test_add_agent_needs_a_prepared_server(pg_db, capsys, monkeypatch):
    monkeypatch.setenv("AGENTDESK_PASSWORD", "long-enough")
    code, _, err = run(capsys, "admin", "add-agent", "Kim", "--login", "kim.never", "--role", "agent",
                       "--url", pg_db.url)
    assert code == 1 and "init-server" in err


def test_drop_agent_logins_removes_the_old_per_agent_roles(pg_db, capsys, monkeypatch):
    """A team database from before the team server gave each agent a database role:
    the command drops them (their grants in this database first)."""
    old = f"old{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("AGENTDESK_PASSWORD", "long-enough")
    assert run(capsys, "admin", "init-server", "--url", pg_db.url, "--admin-login", f"adm{uuid.uuid4().hex[:8]}")[0] == 0
    assert run(capsys, "admin", "add-agent", "Old", "--login", old, "--role", "agent", "--url", pg_db.url)[0] == 0
    with pg_db.engine.begin() as c:  # what the old add-agent made
        c.execute(text(f'CREATE ROLE "{old}" LOGIN'))
        c.execute(text(f'GRANT agentdesk_agent TO "{old}"'))
        c.execute(text(f'GRANT SELECT ON tickets TO "{old}"'))
    code, out, _ = run(capsys, "admin", "init-server", "--url", pg_db.url, "--admin-login", "x" + old)
    assert "1 agents still have a database login" in out
    code, out, err = run(capsys, "admin", "drop-agent-logins", "--url", pg_db.url)
    assert code == 0 and f"dropped 1 agent database login(s): {old}" in out and "--server https://" in out, err
    assert one(pg_db.engine, "SELECT count(*) FROM pg_roles WHERE rolname = :n", n=old) == 0
    code, out, _ = run(capsys, "admin", "drop-agent-logins", "--url", pg_db.url)
    assert "no agent has a database login of their own" in out


def test_new_epoch_after_a_restore(pg_db, capsys, monkeypatch):
    monkeypatch.setenv("AGENTDESK_PASSWORD", "long-enough")
    assert run(capsys, "admin", "init-server", "--url", pg_db.url, "--admin-login", f"adm{uuid.uuid4().hex[:8]}")[0] == 0
    before = one(pg_db.engine, "SELECT epoch FROM sync_clock")
    code, out, err = run(capsys, "admin", "new-epoch", "--url", pg_db.url)
    assert code == 0 and "resyncs in full" in out, err
    assert one(pg_db.engine, "SELECT epoch FROM sync_clock") != before
