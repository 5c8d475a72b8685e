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
