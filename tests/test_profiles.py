"""Profiles: `agentdesk profile add|list|remove`, where the sign-in is kept, and --profile.

A profile names the team server (`agentdesk server`, https://HOST:PORT), never the
database. Signing in trades the password for a session token; the password is never
written anywhere. This box has no OS keyring, so the keyring path is tested as it
really behaves here: the real `keyring.backends.fail.Keyring` is set as the backend, and
the app must say so. The opt-in encrypted file is tested for real (scrypt + Fernet),
against a real server on a socket (tests/test_sync_support.LiveServer).
"""

from __future__ import annotations

import json
import os
import stat

import keyring
import pytest
from keyring.backends import fail
from sqlalchemy import text

from agentdesk import config, profiles
from agentdesk.cli import main
from tests.test_security import server  # noqa: F401  (fixture: a team database with agents per role)

SERVER = "https://team.example.com:8443"


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


def _nothing_secret_on_disk(*secrets: str) -> None:
    for path in config.config_dir().rglob("*"):
        for secret in secrets:
            assert not path.is_file() or secret.encode() not in path.read_bytes(), path


def test_without_a_keyring_the_app_says_so_and_asks_each_time(capsys, monkeypatch):
    monkeypatch.setenv("AGENTDESK_PASSWORD", "never-on-disk-42")
    code, out, err = run(capsys, "profile", "add", "team-a", "--server", SERVER, "--agent", "kim.minji")
    assert code == 0, err
    assert "no OS keyring is available on this machine" in out and "asked each time" in out
    assert "--store-password encrypted-file" in out
    stored = json.loads(profiles.profiles_path().read_text(encoding="utf-8"))["profiles"]["team-a"]
    assert stored["password_store"] == "ask" and stored["server"] == SERVER
    _nothing_secret_on_disk("never-on-disk-42")
    code, _, err = run(capsys, "profile", "add", "team-b", "--server", SERVER, "--agent", "kim.minji",
                       "--store-password", "keyring")
    assert code == 1 and "no OS keyring" in err and len(err.strip().splitlines()) == 1


def test_the_encrypted_file_keeps_a_sign_in_never_the_password(server, capsys, monkeypatch):  # noqa: F811
    password = "pw-" + server.suffix
    monkeypatch.setenv("AGENTDESK_PASSWORD", password)
    monkeypatch.setenv("AGENTDESK_PASSPHRASE", "short")
    code, _, err = run(capsys, "profile", "add", "team-a", "--server", server.url, "--agent", server.login("alice"),
                       "--store-password", "encrypted-file")
    assert code == 1 and "at least 8" in err and not profiles.profiles_path().exists()

    monkeypatch.setenv("AGENTDESK_PASSPHRASE", "correct horse battery")
    code, out, err = run(capsys, "profile", "add", "team-a", "--server", server.url, "--agent", server.login("alice"),
                         "--store-password", "encrypted-file")
    assert code == 0, err
    assert "signed in as Alice (agent)" in out
    profile = profiles.get_profile("team-a")
    secret = profile.secret_path.read_bytes()
    assert json.loads(secret)["kdf"] == "scrypt"
    if os.name == "posix":
        assert stat.S_IMODE(profile.secret_path.stat().st_mode) == 0o600
    _nothing_secret_on_disk(password)
    token = profiles.stored_token(profile, "correct horse battery")
    assert token and token not in secret.decode()

    # Commands now sign in with the kept token: no password needed.
    monkeypatch.delenv("AGENTDESK_PASSWORD")
    code, out, err = run(capsys, "--profile", "team-a", "ticket", "list", "--json")
    assert code == 0, err
    assert {t["subject"] for t in json.loads(out)} == {"ticket a1", "ticket a2"}
    monkeypatch.setenv("AGENTDESK_PASSPHRASE", "wrong horse battery")
    with pytest.raises(profiles.ProfileError, match="wrong passphrase"):
        profiles.stored_token(profile)


def test_an_expired_or_revoked_sign_in_asks_for_the_password_again(server, capsys, monkeypatch):  # noqa: F811
    monkeypatch.setenv("AGENTDESK_PASSWORD", "pw-" + server.suffix)
    monkeypatch.setenv("AGENTDESK_PASSPHRASE", "correct horse battery")
    assert run(capsys, "profile", "add", "team-a", "--server", server.url, "--agent", server.login("alice"),
               "--store-password", "encrypted-file")[0] == 0
    first = profiles.stored_token(profiles.get_profile("team-a"))
    assert run(capsys, "admin", "sessions", "--revoke", server.login("alice"), "--url", server.db.url)[0] == 0
    monkeypatch.delenv("AGENTDESK_PASSWORD")
    code, out, err = run(capsys, "--profile", "team-a", "sync", "status")
    assert code == 1 and "signed-out" in out and "sign in" in out
    monkeypatch.setenv("AGENTDESK_PASSWORD", "pw-" + server.suffix)
    code, out, err = run(capsys, "--profile", "team-a", "sync", "once")
    assert code == 0, out + err
    again = profiles.stored_token(profiles.get_profile("team-a"))
    assert again and again != first  # the new sign-in is kept, the revoked one is gone


def test_list_and_remove(capsys, monkeypatch):
    assert run(capsys, "profile", "add", "team-a", "--server", SERVER, "--agent", "kim.minji")[0] == 0
    # A profile from before the team server (it named the database) still loads.
    data = json.loads(profiles.profiles_path().read_text(encoding="utf-8"))
    data["profiles"]["old"] = {"name": "old", "server": "postgresql://db.example.com:5432/team", "agent": "lee.junho",
                               "sslmode": "verify-full", "sslrootcert": None, "password_store": "ask"}
    profiles.profiles_path().write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run(capsys, "profile", "list", "--json")
    listed = {p["name"]: p for p in json.loads(out)}
    assert code == 0 and set(listed) == {"team-a", "old"}
    assert listed["team-a"]["replica"] == str(config.data_dir() / "profiles" / "team-a" / "replica.db")
    code, out, _ = run(capsys, "profile", "list")
    assert "no OS keyring" in out and "re-add it with --server https://" in out
    code, _, err = run(capsys, "--profile", "old", "sync", "once")
    assert code == 1 and "no longer does" in err and "--server https://HOST:8443" in err and "--replace" in err
    code, out, _ = run(capsys, "profile", "remove", "old")
    assert code == 0 and [p["name"] for p in json.loads(run(capsys, "profile", "list", "--json")[1])] == ["team-a"]
    code, _, err = run(capsys, "profile", "remove", "old")
    assert code == 1 and "no profile 'old'" in err
    assert [p.name for p in config.config_dir().iterdir() if p.suffix == ".tmp"] == []  # atomic writes leave nothing


@pytest.mark.parametrize("argv, message", [
    (["bad/name", "--server", SERVER, "--agent", "kim"], "invalid profile name"),
    (["a", "--server", "https://kim:hunter2@team.example.com", "--agent", "kim"], "leave the login and password out"),
    (["a", "--server", "postgresql://db/team", "--agent", "kim"], "that is a database address"),
    (["a", "--server", "http://team.example.com", "--agent", "kim"], "plain http is only for a server on this machine"),
    (["a", "--server", "ftp://team.example.com", "--agent", "kim"], "not a team server address"),
    (["a", "--server", SERVER, "--agent", "Kim Minji"], "invalid login"),
    (["a", "--server", SERVER, "--agent", "kim", "--ca-file", "/nonexistent/ca.pem"], "CA file not found"),
])
def test_profile_add_refuses_what_would_not_work(argv, message, capsys, monkeypatch):
    monkeypatch.setenv("AGENTDESK_PASSWORD", "pw")
    code, _, err = run(capsys, "profile", "add", *argv)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1
    assert "hunter2" not in err


def test_a_server_address_is_kept_in_one_form():
    assert profiles.normalize_server("team.example.com:8443") == "https://team.example.com:8443"
    assert profiles.normalize_server("https://team.example.com/") == "https://team.example.com"
    assert profiles.normalize_server("http://127.0.0.1:9000") == "http://127.0.0.1:9000"


# --- --profile against a real team server ---------------------------------------------
def _add(capsys, srv, name, short, *extra):
    code, _, err = run(capsys, "profile", "add", name, "--server", srv.url, "--agent", srv.login(short),
                       "--store-password", "ask", *extra)
    assert code == 0, err


def test_profile_selects_the_server_and_the_agent_for_every_command(server, capsys, monkeypatch):  # noqa: F811
    _add(capsys, server, "alice", "alice")
    _add(capsys, server, "bob", "bob")
    monkeypatch.setenv("AGENTDESK_PASSWORD", "pw-" + server.suffix)
    # Before or after the subcommand; the server's scoping does the filtering.
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
    assert code == 1 and "sign in" in err and "AGENTDESK_PASSWORD" in err
    assert err.strip().splitlines()[-1].startswith("agentdesk: error:")
    monkeypatch.setenv("AGENTDESK_PASSWORD", "wrong-password")
    code, _, err = run(capsys, "--profile", "alice", "ticket", "list")
    assert code == 1 and "wrong login or password" in err
    code, _, err = run(capsys, "--profile", "nobody", "ticket", "list")
    assert code == 1 and "no profile 'nobody'" in err
    code, _, err = run(capsys, "ticket", "list", "--profile", "alice", "--db", server.db.url)
    assert code == 1 and "not both" in err


# --- test_connection: what the connect dialog runs ---------------------------------------
def test_test_connection_signs_in_and_names_the_agent(server):  # noqa: F811
    from agentdesk.db import head_revision

    got = profiles.test_connection(server.url, server.login("lena"), "pw-" + server.suffix)
    assert (got["schema"], got["name"], got["role"]) == (head_revision(), "Lena", "lead")
    assert len(got["token"]) > 30 and got["expires_at"]


@pytest.mark.parametrize("case, kind, message", [
    ("wrong-password", "auth", "wrong login or password"),
    ("unknown-login", "auth", "wrong login or password"),
    ("closed-port", "unreachable", "nothing answers at http://127.0.0.1:1"),
    ("tls-to-plain", "tls", "TLS problem"),
    ("bad-login", "invalid-login", "invalid login 'Kim Minji'"),
    ("bad-url", "invalid-server", "database address"),
])
def test_test_connection_failures_are_one_line_without_the_password(server, case, kind, message):  # noqa: F811
    url, login, password = server.url, server.login("alice"), "s3cret-Pa55word"
    if case == "unknown-login":
        login = "nobody.at.all"
    elif case == "closed-port":
        url = "http://127.0.0.1:1"
    elif case == "tls-to-plain":
        url = url.replace("http://", "https://")
    elif case == "bad-login":
        login = "Kim Minji"
    elif case == "bad-url":
        url = "postgresql://127.0.0.1/team"
    with pytest.raises(profiles.ProfileError) as err:
        profiles.test_connection(url, login, password)
    assert err.value.kind == kind and message in str(err.value), str(err.value)
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
            profiles.test_connection(f"http://127.0.0.1:{sock.getsockname()[1]}", "kim", "pw", timeout=2)
        assert time.monotonic() - started < 5
    finally:
        sock.close()
    assert err.value.kind == "timeout" and "did not answer in time" in str(err.value)


def test_test_connection_reports_an_incompatible_schema_as_the_server_check_does(server):  # noqa: F811
    from agentdesk.sync.compat import describe_mismatch

    url = server.url  # started on the current schema; then the database is "upgraded" under it
    with server.db.engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    with pytest.raises(profiles.ProfileError) as err:
        profiles.test_connection(url, server.login("alice"), "pw-" + server.suffix)
    assert str(err.value) == describe_mismatch("9999_from_the_future") and err.value.kind == "server-newer"


def test_tls_with_the_teams_own_ca(server, tmp_path):  # noqa: F811
    """https with a certificate from the team's CA: refused without the CA file (it is
    not in the system's store), accepted with it."""
    from tests.test_sync_support import LiveServer, self_signed

    ca, cert, key = self_signed(tmp_path)
    live = LiveServer(server.db, tls=(cert, key))
    try:
        with pytest.raises(profiles.ProfileError) as err:
            profiles.test_connection(live.url, server.login("alice"), "pw-" + server.suffix)
        assert err.value.kind == "tls-verify" and "certificate" in str(err.value)
        got = profiles.test_connection(live.url, server.login("alice"), "pw-" + server.suffix, ca_file=ca)
        assert got["name"] == "Alice"
    finally:
        live.close()


def test_add_profile_takes_a_sign_in_from_a_window_and_forgets_the_old_ones():
    p, notes = profiles.add_profile("team-a", server=SERVER, agent="kim.minji", store="encrypted-file",
                                    token="tok-never-plain", expires_at="2030-01-01T00:00:00+00:00",
                                    passphrase="correct horse battery")
    assert profiles.stored_token(p, "correct horse battery") == "tok-never-plain"
    with pytest.raises(profiles.ProfileError, match="at least 8") as err:
        profiles.add_profile("team-a", server=SERVER, agent="kim.minji", store="encrypted-file", replace=True,
                             token="other", passphrase="short")
    assert err.value.kind == "short-passphrase" and p.secret_path.exists()  # a refused replace keeps the old
    with pytest.raises(profiles.ProfileError, match="no OS keyring") as err:
        profiles.add_profile("team-a", server=SERVER, agent="kim.minji", store="keyring", replace=True, token="x")
    assert err.value.kind == "no-keyring"
    replaced, _ = profiles.add_profile("team-a", server=SERVER, agent="kim.minji", store="ask", replace=True)
    assert replaced.password_store == "ask" and not p.secret_path.exists()
    _nothing_secret_on_disk("tok-never-plain")


def test_server_url_parts_and_suggested_names():
    assert profiles.server_url("team1.example.com", 9443) == "https://team1.example.com:9443"
    assert profiles.server_url("::1", 8443, "http") == "http://[::1]:8443"
    assert profiles.server_parts("https://team1.example.com") == ("team1.example.com", 443, "https")
    assert profiles.server_parts("https://team1.example.com:8443") == ("team1.example.com", 8443, "https")
    with pytest.raises(profiles.ProfileError):
        profiles.server_url("", 8443)
    assert profiles.suggest_name("team1.example.com", "kim.minji") == "team1-kim.minji"
    assert profiles.suggest_name("10.1.2.3", "kim.minji") == "10.1.2.3-kim.minji"
    assert profiles.suggest_name("::1", "kim") == "1-kim"
    assert profiles.suggest_name("", "") == "team"
    for name in ("team1-kim.minji", "10.1.2.3-kim.minji", "1-kim", "team"):
        assert profiles.check_name(name)
