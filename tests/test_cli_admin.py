"""`agentdesk admin init-server|add-agent` against a real PostgreSQL."""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid

import pytest
from sqlalchemy import create_engine, text

from agentdesk.cli import main
from tests.conftest import PG_ADMIN_URL
from tests.test_security import drop_roles


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def scram_matches(verifier: str, password: str) -> bool:
    """Checks a stored SCRAM-SHA-256 verifier against a password (RFC 5802 / 7677)."""
    method, rest = verifier.split("$", 1)
    iter_salt, keys = rest.split("$")
    iterations, salt = iter_salt.split(":")
    stored_key = keys.split(":")[0]
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt), int(iterations))
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    return method == "SCRAM-SHA-256" and base64.b64encode(hashlib.sha256(client_key).digest()).decode() == stored_key


def one(db_engine, sql, **params):
    with db_engine.connect() as c:
        return c.execute(text(sql), params).scalar()


@pytest.fixture
def logins(pg_db):
    names: list[str] = []
    yield names
    drop_roles(pg_db, names)


@pytest.fixture
def empty_server(logins):
    """A database with no schema at all, as a DBA hands it over."""
    name = f"agentdesk_empty_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    yield url
    engine = create_engine(url)
    with engine.begin() as c:  # the roles' grants live in this database: drop them here first
        for login in logins:
            if c.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": login}).scalar():
                c.execute(text(f'DROP OWNED BY "{login}"'))
                c.execute(text(f'DROP ROLE "{login}"'))
    engine.dispose()
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_init_server_creates_the_schema_then_reruns_as_a_no_op(empty_server, logins, capsys, monkeypatch):
    login = f"adm{uuid.uuid4().hex[:8]}"
    logins.append(login)
    monkeypatch.setenv("AGENTDESK_PASSWORD", "first-secret")
    code, out, err = run(capsys, "admin", "init-server", "--url", empty_server, "--admin-login", login)
    assert code == 0, err
    assert "schema created" in out and f"admin '{login}' created" in out and "first-secret" not in out + err
    engine = create_engine(empty_server)
    try:
        policies = one(engine, "SELECT count(*) FROM pg_policies WHERE policyname LIKE 'agentdesk%'")
        assert policies > 10
        assert one(engine, "SELECT rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                           "WHERE m.member = (SELECT oid FROM pg_roles WHERE rolname = :n)", n=login) == "agentdesk_admin"
        verifier = one(engine, "SELECT rolpassword FROM pg_authid WHERE rolname = :n", n=login)
        assert scram_matches(verifier, "first-secret") and not scram_matches(verifier, "other")

        # Again, with another password in the environment: nothing changes, the password neither
        # (only --admin-password resets an existing login's password).
        monkeypatch.setenv("AGENTDESK_PASSWORD", "second-secret")
        code, out, err = run(capsys, "admin", "init-server", "--url", empty_server, "--admin-login", login)
        assert code == 0, err
        assert "schema already current" in out and "already present" in out
        assert one(engine, "SELECT count(*) FROM pg_policies WHERE policyname LIKE 'agentdesk%'") == policies
        assert one(engine, "SELECT count(*) FROM agents") == 1
        assert one(engine, "SELECT rolpassword FROM pg_authid WHERE rolname = :n", n=login) == verifier
    finally:
        engine.dispose()


def test_init_server_refuses_a_schema_newer_than_the_app(pg_db, capsys, monkeypatch):
    with pg_db.engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    monkeypatch.setenv("AGENTDESK_PASSWORD", "x")
    code, out, err = run(capsys, "admin", "init-server", "--url", pg_db.url, "--admin-login", "never.created")
    assert code == 1 and "newer AgentDesk" in err and len(err.strip().splitlines()) == 1
    assert one(pg_db.engine, "SELECT count(*) FROM pg_policies") == 0
    assert one(pg_db.engine, "SELECT count(*) FROM pg_roles WHERE rolname = 'never.created'") == 0


@pytest.mark.parametrize("url, message", [
    ("not a url", "not a database URL"),
    ("sqlite:///workspace.db", "must be PostgreSQL"),
    ("postgresql://postgres@127.0.0.1:1/nowhere", "cannot use postgresql://postgres@127.0.0.1:1/nowhere"),
])
def test_a_bad_server_url_is_one_clear_line(url, message, capsys):
    code, out, err = run(capsys, "admin", "init-server", "--url", url)
    assert code == 1 and out == ""
    assert err.startswith("agentdesk: error:") and message in err and len(err.strip().splitlines()) == 1


def test_add_agent_creates_the_agent_their_team_and_their_login(pg_db, logins, capsys, monkeypatch):
    root, kim = f"adm{uuid.uuid4().hex[:8]}", f"kim{uuid.uuid4().hex[:8]}"
    logins += [root, kim]
    monkeypatch.setenv("AGENTDESK_PASSWORD", "root-secret")
    assert run(capsys, "admin", "init-server", "--url", pg_db.url, "--admin-login", root)[0] == 0
    monkeypatch.delenv("AGENTDESK_PASSWORD")
    code, out, err = run(capsys, "admin", "add-agent", "김민지", "--login", kim, "--role", "lead", "--team", "카드상담팀",
                         "--url", pg_db.url, "--password", "kim-secret")
    assert code == 0, err
    assert f"lead '{kim}' created, team 카드상담팀 (new)" in out and "kim-secret" not in out + err
    with pg_db.engine.connect() as c:
        row = c.execute(text("SELECT a.name, a.role, t.name FROM agents a JOIN teams t ON t.id = a.team_id "
                             "WHERE a.login = :l"), {"l": kim}).one()
    assert tuple(row) == ("김민지", "lead", "카드상담팀")
    assert scram_matches(one(pg_db.engine, "SELECT rolpassword FROM pg_authid WHERE rolname = :n", n=kim), "kim-secret")
    assert one(pg_db.engine, "SELECT pg_has_role(:n, 'agentdesk_lead', 'MEMBER')", n=kim)
    assert not one(pg_db.engine, "SELECT pg_has_role(:n, 'agentdesk_admin', 'MEMBER')", n=kim)

    code, _, err = run(capsys, "admin", "add-agent", "Again", "--login", kim, "--role", "agent", "--url", pg_db.url,
                       "--password", "x")
    assert code == 1 and "already exists" in err


@pytest.mark.parametrize("login, message", [
    ("Robert'); DROP TABLE tickets;--", "invalid login"),
    ("pg_monitor", "reserved"),
    ("postgres", "privileged"),
])
def test_add_agent_refuses_logins_that_are_not_an_agents_own(pg_db, logins, login, message, capsys, monkeypatch):
    root = f"adm{uuid.uuid4().hex[:8]}"
    logins.append(root)
    monkeypatch.setenv("AGENTDESK_PASSWORD", "pw")
    assert run(capsys, "admin", "init-server", "--url", pg_db.url, "--admin-login", root)[0] == 0
    code, _, err = run(capsys, "admin", "add-agent", "X", "--login", login, "--role", "agent", "--url", pg_db.url)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1
    assert one(pg_db.engine, "SELECT count(*) FROM agents") == 1  # the admin only: nothing half-done


def test_add_agent_without_a_password_or_a_terminal_says_how(pg_db, logins, capsys, monkeypatch):
    root, kim = f"adm{uuid.uuid4().hex[:8]}", f"kim{uuid.uuid4().hex[:8]}"
    logins += [root, kim]
    monkeypatch.setenv("AGENTDESK_PASSWORD", "pw")
    assert run(capsys, "admin", "init-server", "--url", pg_db.url, "--admin-login", root)[0] == 0
    monkeypatch.delenv("AGENTDESK_PASSWORD")
    code, _, err = run(capsys, "admin", "add-agent", "Kim", "--login", kim, "--role", "agent", "--url", pg_db.url)
    assert code == 1 and "AGENTDESK_PASSWORD" in err
    assert one(pg_db.engine, "SELECT count(*) FROM pg_roles WHERE rolname = :n", n=kim) == 0
    assert one(pg_db.engine, "SELECT count(*) FROM agents WHERE login = :n", n=kim) == 0


def test_add_agent_needs_a_prepared_server(pg_db, capsys):
    code, _, err = run(capsys, "admin", "add-agent", "Kim", "--login", "kim.never", "--role", "agent",
                       "--url", pg_db.url, "--password", "pw")
    assert code == 1 and "init-server" in err
