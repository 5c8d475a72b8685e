"""Profiles: `agentdesk profile add|list|remove`, password stores, and the global --profile.

This box has no OS keyring and no file keyring backend is installed, so the keyring path
is tested as it really behaves here: the real `keyring.backends.fail.Keyring` is set as
the backend, and the app must say so and never write the password anywhere in clear.
The opt-in encrypted file is tested for real (scrypt + Fernet).
"""

from __future__ import annotations

import json
import os
import stat

import keyring
import pytest
from keyring.backends import fail
from sqlalchemy import text
from sqlalchemy.engine import make_url

from agentdesk import config, profiles
from agentdesk.cli import main
from tests.test_security import server  # noqa: F401  (fixture: a team server with agents per role)

SERVER = "postgresql://db.example.com:5432/team"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch):
    """The real 'no keyring' backend, whatever the machine running the tests has."""
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    monkeypatch.delenv("AGENTDESK_PASSWORD", raising=False)
    monkeypatch.delenv("AGENTDESK_PASSPHRASE", raising=False)
    monkeypatch.delenv("AGENTDESK_PROFILE", raising=False)
    yield
    keyring.set_keyring(before)


def test_without_a_keyring_the_app_says_so_and_asks_each_time(capsys, monkeypatch):
    monkeypatch.setenv("AGENTDESK_PASSWORD", "never-on-disk-42")
    code, out, err = run(capsys, "profile", "add", "team-a", "--server", SERVER, "--agent", "kim.minji")
    assert code == 0, err
    assert "no OS keyring is available on this machine" in out and "asked each time" in out
    assert "--store-password encrypted-file" in out
    stored = profiles.profiles_path().read_text(encoding="utf-8")
    assert "never-on-disk-42" not in stored
    for path in config.config_dir().rglob("*"):
        assert not path.is_file() or b"never-on-disk-42" not in path.read_bytes()
    assert json.loads(stored)["profiles"]["team-a"]["password_store"] == "ask"

    code, _, err = run(capsys, "profile", "add", "team-b", "--server", SERVER, "--agent", "kim.minji",
                       "--store-password", "keyring")
    assert code == 1 and "no OS keyring" in err and len(err.strip().splitlines()) == 1


def test_the_encrypted_file_is_opt_in_and_never_plain_text(capsys, monkeypatch):
    monkeypatch.setenv("AGENTDESK_PASSWORD", "never-on-disk-42")
    monkeypatch.setenv("AGENTDESK_PASSPHRASE", "short")
    code, _, err = run(capsys, "profile", "add", "team-a", "--server", SERVER, "--agent", "kim.minji",
                       "--store-password", "encrypted-file")
    assert code == 1 and "at least 8" in err and not profiles.profiles_path().exists()

    monkeypatch.setenv("AGENTDESK_PASSPHRASE", "correct horse battery")
    code, out, err = run(capsys, "profile", "add", "team-a", "--server", SERVER, "--agent", "kim.minji",
                         "--store-password", "encrypted-file")
    assert code == 0, err
    profile = profiles.get_profile("team-a")
    secret = profile.secret_path.read_bytes()
    assert b"never-on-disk" not in secret and json.loads(secret)["kdf"] == "scrypt"
    if os.name == "posix":
        assert stat.S_IMODE(profile.secret_path.stat().st_mode) == 0o600

    monkeypatch.delenv("AGENTDESK_PASSWORD")
    assert profiles.password_for(profile) == "never-on-disk-42"
    monkeypatch.setenv("AGENTDESK_PASSPHRASE", "wrong horse battery")
    with pytest.raises(profiles.ProfileError, match="wrong passphrase"):
        profiles.password_for(profile)


def test_list_and_remove(capsys, monkeypatch):
    monkeypatch.setenv("AGENTDESK_PASSWORD", "pw")
    monkeypatch.setenv("AGENTDESK_PASSPHRASE", "correct horse battery")
    assert run(capsys, "profile", "add", "team-a", "--server", SERVER, "--agent", "kim.minji",
               "--sslmode", "verify-full")[0] == 0
    assert run(capsys, "profile", "add", "trainer.room", "--server", SERVER, "--agent", "lee.junho",
               "--store-password", "encrypted-file")[0] == 0
    code, out, _ = run(capsys, "profile", "list", "--json")
    listed = {p["name"]: p for p in json.loads(out)}
    assert code == 0 and set(listed) == {"team-a", "trainer.room"}
    assert listed["team-a"]["sslmode"] == "verify-full" and listed["team-a"]["agent"] == "kim.minji"
    assert listed["team-a"]["replica"] == str(config.data_dir() / "profiles" / "team-a" / "replica.db")
    code, out, _ = run(capsys, "profile", "list")
    assert "trainer.room" in out and "sslmode=verify-full" in out and "no OS keyring" in out

    secret = profiles.get_profile("trainer.room").secret_path
    code, out, _ = run(capsys, "profile", "remove", "trainer.room")
    assert code == 0 and not secret.exists()
    assert [p["name"] for p in json.loads(run(capsys, "profile", "list", "--json")[1])] == ["team-a"]
    code, _, err = run(capsys, "profile", "remove", "trainer.room")
    assert code == 1 and "no profile 'trainer.room'" in err
    assert [p.name for p in config.config_dir().iterdir() if p.suffix == ".tmp"] == []  # atomic writes leave nothing


@pytest.mark.parametrize("argv, message", [
    (["bad/name", "--server", SERVER, "--agent", "kim"], "invalid profile name"),
    (["a", "--server", "postgresql://kim:hunter2@db/team", "--agent", "kim"], "leave the password out"),
    (["a", "--server", "postgresql://lee@db/team", "--agent", "kim"], "names user 'lee'"),
    (["a", "--server", "sqlite:///x.db", "--agent", "kim"], "postgresql://HOST"),
    (["a", "--server", SERVER, "--agent", "Kim Minji"], "invalid login"),
    (["a", "--server", SERVER, "--agent", "kim", "--sslrootcert", "/nonexistent/ca.pem"], "CA file not found"),
])
def test_profile_add_refuses_what_would_not_work(argv, message, capsys, monkeypatch):
    monkeypatch.setenv("AGENTDESK_PASSWORD", "pw")
    code, _, err = run(capsys, "profile", "add", *argv)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1
    assert "hunter2" not in err


def test_tls_options_go_into_the_connection_url(tmp_path):
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    p, _ = profiles.add_profile("tls", server=SERVER + "?sslmode=verify-ca", agent="kim", sslrootcert=str(ca),
                                store="ask")
    assert p.server == SERVER and p.sslmode == "verify-ca"
    u = make_url(profiles.connect_url(p, "s3cr:et@"))
    assert (u.username, u.password, u.host, u.database) == ("kim", "s3cr:et@", "db.example.com", "team")
    assert u.query == {"sslmode": "verify-ca", "sslrootcert": str(ca.resolve())}


# --- --profile against a real team server ---------------------------------------------
def _add(capsys, srv, name, short, *extra):
    u = make_url(srv.db.url)
    base = f"postgresql://{u.host}:{u.port}/{u.database}"
    code, _, err = run(capsys, "profile", "add", name, "--server", base, "--agent", srv.login(short),
                       "--store-password", "ask", *extra)
    assert code == 0, err


def test_profile_selects_the_server_and_the_agent_for_every_command(server, capsys, monkeypatch):  # noqa: F811
    _add(capsys, server, "alice", "alice")
    _add(capsys, server, "bob", "bob")
    monkeypatch.setenv("AGENTDESK_PASSWORD", "pw-" + server.suffix)
    # Before or after the subcommand; the server's row-level security does the filtering.
    for argv in (["--profile", "alice", "ticket", "list", "--json"], ["ticket", "list", "--json", "--profile", "alice"]):
        code, out, err = run(capsys, *argv)
        assert code == 0, err
        assert {t["subject"] for t in json.loads(out)} == {"ticket a1", "ticket a2"}
    monkeypatch.setenv("AGENTDESK_PROFILE", "bob")
    code, out, err = run(capsys, "ticket", "list", "--json")
    assert code == 0 and {t["subject"] for t in json.loads(out)} == {"ticket b1"}

    # Writes go through the same services, as the profile's agent, under the same rules.
    monkeypatch.setenv("AGENTDESK_PROFILE", "alice")
    number = json.loads(run(capsys, "ticket", "list", "--json")[1])[0]["number"]
    code, out, err = run(capsys, "ticket", "note", str(number), "--body", "checked the limit")
    assert code == 0, err
    with server.db.engine.connect() as c:
        author, actor = c.execute(text(
            "SELECT m.author_agent_id, (SELECT actor_agent_id FROM audit_log a WHERE a.entity_id = m.ticket_id "
            "ORDER BY a.at DESC LIMIT 1) FROM messages m WHERE m.body = 'checked the limit'")).one()
    assert author == actor == server.ids[server.login("alice")]


def test_profile_problems_are_one_clear_line(server, capsys, monkeypatch):  # noqa: F811
    _add(capsys, server, "alice", "alice")
    monkeypatch.delenv("AGENTDESK_PASSWORD")  # the server fixture sets it
    code, _, err = run(capsys, "--profile", "alice", "ticket", "list")
    assert code == 1 and "needs a password" in err and "AGENTDESK_PASSWORD" in err
    monkeypatch.setenv("AGENTDESK_PASSWORD", "pw")
    code, _, err = run(capsys, "--profile", "nobody", "ticket", "list")
    assert code == 1 and "no profile 'nobody'" in err
    code, _, err = run(capsys, "ticket", "list", "--profile", "alice", "--db", server.db.url)
    assert code == 1 and "not both" in err
    # The TLS option reaches libpq: this test server has no SSL, so 'require' must fail.
    _add(capsys, server, "alice-tls", "alice", "--sslmode", "require")
    code, _, err = run(capsys, "--profile", "alice-tls", "ticket", "list")
    assert code == 1 and "SSL" in err


# --- test_connection and the additions the connect dialog uses --------------------------------
def _server_url(srv) -> str:
    u = make_url(srv.db.url)
    return profiles.server_url(u.host, u.port, u.database)


def test_test_connection_names_the_agent(server):  # noqa: F811
    got = profiles.test_connection(_server_url(server), server.login("lena"), "any password")
    from agentdesk.db import head_revision

    assert got == {"revision": head_revision(), "name": "Lena", "role": "lead"}


@pytest.mark.parametrize("case, kind, message", [
    ("no-role", "auth", "wrong login or password for 'nobody.at.all'"),
    ("no-database", "no-database", "there is no database 'no_such_db_here' at 127.0.0.1:5432"),
    ("closed-port", "unreachable", "nothing answers at 127.0.0.1:1 (Connection refused)"),
    ("tls", "tls-unsupported", "does not offer TLS (SSL), but sslmode 'verify-full' requires it"),
    ("bad-login", "invalid-login", "invalid login 'Kim Minji'"),
    ("bad-url", "invalid-server", "postgresql://HOST"),
])
def test_test_connection_failures_are_one_line_without_the_password(server, case, kind, message):  # noqa: F811
    url = make_url(_server_url(server))
    login, password = server.login("alice"), "s3cret-Pa55word"
    sslmode = None
    if case == "no-role":
        login = "nobody.at.all"
    elif case == "no-database":
        url = url.set(database="no_such_db_here")
    elif case == "closed-port":
        url = url.set(port=1)
    elif case == "tls":
        sslmode = "verify-full"
    elif case == "bad-login":
        login = "Kim Minji"
    elif case == "bad-url":
        url = "sqlite:///x.db"
    with pytest.raises(profiles.ProfileError) as err:
        profiles.test_connection(str(url) if case == "bad-url" else url.render_as_string(hide_password=False),
                                 login, password, sslmode=sslmode)
    assert err.value.kind == kind and message in str(err.value)
    assert len(str(err.value).splitlines()) == 1 and password not in str(err.value)


def test_test_connection_waits_for_a_silent_server_only_as_long_as_asked():
    import socket
    import time

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    try:
        started = time.monotonic()
        with pytest.raises(profiles.ProfileError) as err:
            profiles.test_connection(f"postgresql://127.0.0.1:{sock.getsockname()[1]}/team", "kim", "pw", timeout=2)
        assert time.monotonic() - started < 5
    finally:
        sock.close()
    assert err.value.kind == "timeout" and "did not answer within 2 s" in str(err.value)


def test_test_connection_refuses_a_login_that_is_not_an_agent(server):  # noqa: F811
    ghost = server.login("ghost")
    server.logins.append(ghost)
    with server.db.engine.begin() as c:
        c.execute(text(f'CREATE ROLE "{ghost}" LOGIN'))
        c.execute(text(f'GRANT agentdesk_agent TO "{ghost}"'))
    with pytest.raises(profiles.ProfileError, match=f"the login '{ghost}' is not an agent of this workspace") as err:
        profiles.test_connection(_server_url(server), ghost, "pw")
    assert err.value.kind == "not-an-agent"


def test_test_connection_reports_an_incompatible_schema_as_the_server_check_does(server):  # noqa: F811
    from agentdesk.sync.compat import IncompatibleServer, check_server_schema

    with server.db.engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    with server.db.engine.connect() as c, pytest.raises(IncompatibleServer) as expected:
        check_server_schema(c)
    with pytest.raises(profiles.ProfileError) as err:
        profiles.test_connection(_server_url(server), server.login("alice"), "pw")
    assert str(err.value) == str(expected.value) and err.value.kind == "server-newer"
    assert err.value.details["revision"] == "9999_from_the_future"


@pytest.mark.parametrize("libpq_says, kind", [
    # The local test server trusts every login, so these come from libpq's own words.
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  password authentication '
     'failed for user "kim.minji"', "auth"),
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  no pg_hba.conf entry for host '
     '"10.0.0.9", user "kim.minji", database "team", no encryption', "not-allowed-here"),
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  role "kim.minji" is not '
     'permitted to log in', "login-disabled"),
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  permission denied for '
     'database "team"\nDETAIL:  User does not have CONNECT privilege.', "no-access"),
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: server certificate for '
     '"db.example.com" does not match host name "10.0.0.5"', "tls-hostname"),
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: SSL error: certificate verify failed',
     "tls-verify"),
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: root certificate file '
     '"/home/kim/.postgresql/root.crt" does not exist', "ca-missing"),
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  sorry, too many clients '
     'already', "connect"),
])
def test_connect_failures_are_told_apart(libpq_says, kind):
    import psycopg

    err = profiles._connect_failure(psycopg.OperationalError(libpq_says), host="10.0.0.5", port=5432,
                                    database="team", agent="kim.minji", password="pw", sslmode="verify-full",
                                    timeout=5)
    assert err.kind == kind and len(str(err).splitlines()) == 1
    assert "connection to server at" not in str(err) and "FATAL" not in str(err)


def test_add_profile_takes_the_secrets_from_a_window_and_forgets_the_old_ones():
    p, notes = profiles.add_profile("team-a", server=SERVER, agent="kim.minji", store="encrypted-file",
                                    password="never-on-disk-42", passphrase="correct horse battery")
    assert profiles.read_encrypted_password(p, "correct horse battery") == "never-on-disk-42"
    with pytest.raises(profiles.ProfileError, match="at least 8") as err:
        profiles.add_profile("team-a", server=SERVER, agent="kim.minji", store="encrypted-file", replace=True,
                             password="other", passphrase="short")
    assert err.value.kind == "short-passphrase" and p.secret_path.exists()  # a refused replace keeps the old
    with pytest.raises(profiles.ProfileError, match="no OS keyring") as err:
        profiles.add_profile("team-a", server=SERVER, agent="kim.minji", store="keyring", replace=True,
                             password="other")
    assert err.value.kind == "no-keyring"
    replaced, _ = profiles.add_profile("team-a", server=SERVER, agent="kim.minji", store="ask", replace=True,
                                       password="ignored")
    assert replaced.password_store == "ask" and not p.secret_path.exists()
    for path in config.config_dir().rglob("*"):
        assert not path.is_file() or b"never-on-disk-42" not in path.read_bytes()


def test_server_url_parts_and_suggested_names():
    assert profiles.server_url("db1.example.com", 6432, "cards") == "postgresql://db1.example.com:6432/cards"
    assert profiles.server_url("::1", 5432, "team") == "postgresql://[::1]:5432/team"
    assert profiles.server_parts("postgresql://db1.example.com/cards") == ("db1.example.com", 5432, "cards")
    with pytest.raises(profiles.ProfileError):
        profiles.server_url("", 5432, "team")
    assert profiles.suggest_name("db1.example.com", "kim.minji") == "db1-kim.minji"
    assert profiles.suggest_name("10.1.2.3", "kim.minji") == "10.1.2.3-kim.minji"
    assert profiles.suggest_name("::1", "kim") == "1-kim"
    assert profiles.suggest_name("", "") == "team"
    for name in ("db1-kim.minji", "10.1.2.3-kim.minji", "1-kim", "team"):
        assert profiles.check_name(name)
