"""The "Connect to team workspace" dialog: real widgets against a real team server.

The team server is a fresh PostgreSQL database set up as an admin would (init_server,
add_agent_to_server). The local test server trusts every login from 127.0.0.1, so a
wrong password cannot fail here: that case runs only where the server checks passwords,
and a wrong *login* (which fails either way) is tested always. This box has no OS
keyring (keyring's real 'fail' backend is set, whatever the machine has); a usable one
is played by a small in-memory backend.
"""

from __future__ import annotations

import socket
import time
import uuid
from dataclasses import dataclass

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog
from sqlalchemy import text
from sqlalchemy.engine import make_url

from agentdesk import config, profiles
from agentdesk.sync import security
from agentdesk.sync.compat import IncompatibleServer, check_server_schema
from agentdesk.ui.connect import ConnectDialog, ConnectWorker
from tests.test_security import drop_roles


@dataclass
class Team:
    host: str
    port: int
    database: str
    login: str
    password: str
    name: str = "김민지"


@pytest.fixture
def team(pg_db):
    """A prepared team server with one agent, 김민지 (role agent); roles dropped afterwards."""
    suffix = uuid.uuid4().hex[:8]
    root, kim = f"adm{suffix}", f"kim{suffix}"
    password = f"Pw-{suffix}-not-on-disk"
    try:
        security.init_server(pg_db.url, admin_login=root, admin_name="Admin",
                             password_source=lambda created: "root-" + password)
        security.add_agent_to_server(pg_db.url, name="김민지", login=kim, role="agent", team="카드상담팀",
                                     password_source=lambda created: password)
        u = make_url(pg_db.url)
        yield Team(host=u.host, port=u.port or 5432, database=u.database, login=kim, password=password)
    finally:
        drop_roles(pg_db, [root, kim])


class MemoryKeyring(KeyringBackend):
    """A usable OS keyring, as far as AgentDesk can tell (not 'fail', not plain text on disk)."""

    priority = 10

    def __init__(self):
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.secrets.get((service, username))

    def set_password(self, service, username, password):
        self.secrets[(service, username)] = password

    def delete_password(self, service, username):
        self.secrets.pop((service, username), None)


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch):
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    for name in ("AGENTDESK_PASSWORD", "AGENTDESK_PASSPHRASE", "AGENTDESK_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    yield
    keyring.set_keyring(before)


@pytest.fixture(autouse=True)
def _drain_connect_jobs():
    yield
    if ConnectWorker._instance is not None:
        assert ConnectWorker._instance.wait(15000), "a connection job outlived its test"


@pytest.fixture
def silent_server():
    """A port that accepts TCP connections and never says a word (a hung server, a firewall)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    yield sock.getsockname()[1]
    sock.close()


def make_dialog(qtbot, initial=None) -> ConnectDialog:
    dlg = ConnectDialog(None, initial)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def fill(dlg: ConnectDialog, team: Team | None = None, **over) -> None:
    values = {"host": team.host, "port": team.port, "database": team.database, "login": team.login,
              "password": team.password} if team else {}
    values |= over
    dlg.host_edit.setText(values.get("host", ""))
    dlg.port_spin.setValue(values.get("port", 5432))
    dlg.database_edit.setText(values.get("database", ""))
    dlg.login_edit.setText(values.get("login", ""))
    dlg.password_edit.setText(values.get("password", ""))


def run_test(qtbot, dlg: ConnectDialog, timeout=10000) -> str:
    qtbot.mouseClick(dlg.test_button, Qt.LeftButton)
    assert dlg.busy()
    qtbot.waitUntil(lambda: not dlg.busy(), timeout=timeout)
    return dlg.status.text()


def files_holding(secret: str) -> list[str]:
    roots = [config.config_dir(), config.data_dir()]
    return [str(p) for root in roots if root.exists() for p in root.rglob("*")
            if p.is_file() and secret.encode() in p.read_bytes()]


# --- testing the connection ---------------------------------------------------------------------
def test_a_successful_test_shows_the_agents_name_and_saves_nothing(qtbot, team):
    dlg = make_dialog(qtbot)
    fill(dlg, team)
    assert dlg.name_edit.text() == f"127.0.0.1-{team.login}"  # derived from the host and the login
    assert run_test(qtbot, dlg) == "Connected as 김민지 (agent)"
    assert dlg.test_button.isEnabled() and dlg.connect_button.isEnabled()
    assert not profiles.profiles_path().exists()
    # Changing what was tested clears the green line: it no longer says anything true.
    dlg.database_edit.setText("elsewhere")
    assert dlg.status.isHidden()


def test_a_wrong_login_is_one_clear_line_and_nothing_is_saved(qtbot, team):
    dlg = make_dialog(qtbot)
    fill(dlg, team, login="nobody." + team.login)
    qtbot.mouseClick(dlg.connect_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not dlg.busy(), timeout=10000)
    assert dlg.status.text() == f"Wrong login or password for “nobody.{team.login}”."
    assert dlg.result() != QDialog.Accepted and dlg.isVisible()
    assert dlg.profile() is None and not profiles.profiles_path().exists()
    assert team.password not in dlg.status.text()


def test_a_wrong_password_is_one_clear_line_where_the_server_checks_passwords(qtbot, team):
    server = profiles.server_url(team.host, team.port, team.database)
    try:
        profiles.test_connection(server, team.login, "wrong-" + team.password)
    except profiles.ProfileError as exc:
        assert exc.kind == "auth"
    else:
        pytest.skip("this PostgreSQL trusts local logins (pg_hba 'trust'): no password can be wrong here")
    dlg = make_dialog(qtbot)
    fill(dlg, team, password="wrong-" + team.password)
    assert run_test(qtbot, dlg) == f"Wrong login or password for “{team.login}”."
    assert not profiles.profiles_path().exists()


def test_a_closed_port_fails_fast_and_says_where(qtbot):
    dlg = make_dialog(qtbot)
    fill(dlg, host="127.0.0.1", port=1, database="team", login="kim.minji", password="pw")
    started = time.monotonic()
    message = run_test(qtbot, dlg)
    assert time.monotonic() - started < 3
    assert message.startswith("Nothing answers at 127.0.0.1:1.")
    assert dlg.status.styleSheet().startswith("color: #b91c1c")  # red


def test_a_silent_server_times_out_while_the_window_keeps_working(qtbot, silent_server):
    dlg = make_dialog(qtbot)
    dlg.TIMEOUT = 2
    fill(dlg, host="127.0.0.1", port=silent_server, database="team", login="kim.minji", password="pw")
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    started = time.monotonic()
    qtbot.mouseClick(dlg.test_button, Qt.LeftButton)
    assert time.monotonic() - started < 0.5  # the click returned at once: the wait is on a worker
    assert dlg.busy() and not dlg.test_button.isEnabled() and not dlg.connect_button.isEnabled()
    assert dlg.busy_bar.isVisible() and dlg.status.text() == "Testing the connection…"
    assert dlg.buttons.button(dlg.buttons.StandardButton.Cancel).isEnabled()
    qtbot.waitUntil(lambda: not dlg.busy(), timeout=10000)
    timer.stop()
    elapsed = time.monotonic() - started
    assert 1.5 < elapsed < 6
    assert len(ticks) > elapsed / 0.02 * 0.5  # the event loop ran all along
    assert dlg.status.text().startswith(f"The server at 127.0.0.1:{silent_server} did not answer within 2 seconds.")
    assert dlg.test_button.isEnabled() and not dlg.busy_bar.isVisible()


def test_closing_the_dialog_while_it_tests_is_safe(qtbot, silent_server):
    dlg = ConnectDialog()
    dlg.TIMEOUT = 2
    dlg.show()
    fill(dlg, host="127.0.0.1", port=silent_server, database="team", login="kim.minji", password="pw")
    qtbot.mouseClick(dlg.test_button, Qt.LeftButton)
    assert dlg.busy()
    dlg.reject()
    dlg.deleteLater()
    qtbot.wait(50)
    assert ConnectWorker.instance().wait(10000)
    qtbot.wait(50)  # the late result is delivered to no one
    assert not profiles.profiles_path().exists()


def test_an_incompatible_schema_gives_the_servers_message(qtbot, team, pg_db):
    with pg_db.engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    with pg_db.engine.connect() as c:
        with pytest.raises(IncompatibleServer) as expected:
            check_server_schema(c)
    dlg = make_dialog(qtbot)
    fill(dlg, team)
    message = run_test(qtbot, dlg)
    assert "newer AgentDesk" in message and "9999_from_the_future" in message
    said = str(expected.value)
    assert message == said[0].upper() + said[1:]  # the same words as the CLI and the status bar


# --- connecting (saving the profile) ------------------------------------------------------------
def test_connect_saves_a_profile_that_holds_no_password(qtbot, team):
    dlg = make_dialog(qtbot)
    fill(dlg, team, login=team.login.upper())  # typed in capitals: logins are lower-case
    assert dlg.keyring_note is not None and dlg.store() == "ask"
    qtbot.mouseClick(dlg.connect_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dlg.result() == QDialog.Accepted, timeout=10000)
    saved = dlg.profile()
    assert saved == profiles.get_profile(f"127.0.0.1-{team.login}")
    assert (saved.agent, saved.password_store, saved.sslmode) == (team.login, "ask", None)
    assert saved.server == f"postgresql://127.0.0.1:{team.port}/{team.database}"
    assert files_holding(team.password) == []


def test_without_a_keyring_the_dialog_says_so_and_the_encrypted_file_opens_with_the_passphrase(qtbot, team):
    dlg = make_dialog(qtbot)
    assert dlg.keyring_note.isVisible() and "no secure password store" in dlg.keyring_note.text()
    assert "keyring" not in dlg.store_buttons and dlg.store_buttons["ask"].isChecked()
    assert not dlg.passphrase_edit.isVisible()
    fill(dlg, team)
    dlg.store_buttons["encrypted-file"].setChecked(True)
    assert dlg.passphrase_edit.isVisible()

    dlg.passphrase_edit.setText("short")
    dlg.passphrase_again.setText("short")
    qtbot.mouseClick(dlg.connect_button, Qt.LeftButton)
    assert dlg.status.text() == f"The passphrase needs at least {profiles.MIN_PASSPHRASE} characters."
    assert not dlg.busy()
    dlg.passphrase_edit.setText("correct horse battery")
    dlg.passphrase_again.setText("correct horse batteyr")
    qtbot.mouseClick(dlg.connect_button, Qt.LeftButton)
    assert dlg.status.text() == "The two passphrases differ." and not profiles.profiles_path().exists()

    dlg.passphrase_again.setText("correct horse battery")
    qtbot.mouseClick(dlg.connect_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dlg.result() == QDialog.Accepted, timeout=10000)
    saved = dlg.profile()
    assert saved.password_store == "encrypted-file" and saved.secret_path.is_file()
    assert profiles.read_encrypted_password(saved, "correct horse battery") == team.password
    with pytest.raises(profiles.ProfileError, match="wrong passphrase"):
        profiles.read_encrypted_password(saved, "wrong horse battery")
    assert files_holding(team.password) == [] and files_holding("correct horse battery") == []


def test_with_a_keyring_the_password_goes_there_by_default(qtbot, team):
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    dlg = make_dialog(qtbot)
    assert dlg.keyring_note is None and dlg.store() == "keyring"
    assert "encrypted-file" not in dlg.store_buttons
    fill(dlg, team)
    assert run_test(qtbot, dlg).startswith("Connected as 김민지")
    qtbot.mouseClick(dlg.connect_button, Qt.LeftButton)  # tested with these values: saved at once
    qtbot.waitUntil(lambda: dlg.result() == QDialog.Accepted, timeout=10000)
    saved = dlg.profile()
    assert saved.password_store == "keyring"
    assert ring.secrets == {(profiles.KEYRING_SERVICE, saved.keyring_user): team.password}
    assert profiles.password_for(saved) == team.password
    assert files_holding(team.password) == []


def test_an_existing_name_is_replaced_only_when_the_user_says_so(qtbot, team, monkeypatch):
    old, _ = profiles.add_profile("team-a", server="postgresql://old.example.com/team", agent="kim.minji",
                                  store="encrypted-file", password="old-secret", passphrase="old passphrase")
    asked = []
    answer = {"value": False}
    monkeypatch.setattr(ConnectDialog, "confirm_replace", lambda self, name: asked.append(name) or answer["value"])
    dlg = make_dialog(qtbot)
    fill(dlg, team)
    dlg.name_edit.setText("team-a")
    qtbot.mouseClick(dlg.connect_button, Qt.LeftButton)
    assert asked == ["team-a"] and not dlg.busy() and dlg.result() != QDialog.Accepted
    assert profiles.get_profile("team-a").server == "postgresql://old.example.com/team"

    answer["value"] = True
    qtbot.mouseClick(dlg.connect_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dlg.result() == QDialog.Accepted, timeout=10000)
    replaced = profiles.get_profile("team-a")
    assert replaced.agent == team.login and replaced.password_store == "ask"
    assert not old.secret_path.exists()  # the old profile's stored password went with it


def test_a_derived_name_does_not_collide_with_another_accounts_profile(qtbot, team):
    profiles.add_profile(f"127.0.0.1-{team.login}", server="postgresql://127.0.0.1:5432/another_db",
                         agent=team.login, store="ask")
    dlg = make_dialog(qtbot)
    fill(dlg, team)
    assert dlg.name_edit.text() == f"127.0.0.1-{team.login}-2"
    dlg.name_edit.setText("my-team")
    dlg.name_edit.textEdited.emit("my-team")
    dlg.login_edit.setText("other")
    assert dlg.name_edit.text() == "my-team"  # typed by the user: left alone


def test_missing_fields_are_named_before_anything_runs(qtbot):
    dlg = make_dialog(qtbot)
    qtbot.mouseClick(dlg.test_button, Qt.LeftButton)
    assert not dlg.busy() and dlg.status.text() == "Enter the server address." and dlg.focusWidget() is dlg.host_edit
    fill(dlg, host="db.example.com", database="team", login="kim.minji")
    qtbot.mouseClick(dlg.connect_button, Qt.LeftButton)
    assert dlg.status.text() == "Enter your password." and dlg.focusWidget() is dlg.password_edit
    dlg.password_edit.setText("pw")
    dlg.name_edit.setText("내 팀")
    qtbot.mouseClick(dlg.connect_button, Qt.LeftButton)
    assert not dlg.busy() and dlg.status.text().startswith("The name may use letters")


def test_a_pasted_url_fills_host_port_and_database(qtbot):
    dlg = make_dialog(qtbot)
    dlg.host_edit.setText("postgresql://db7.example.com:6432/cards")
    dlg.host_edit.editingFinished.emit()
    assert (dlg.host_edit.text(), dlg.port_spin.value(), dlg.database_edit.text()) == ("db7.example.com", 6432, "cards")
    dlg.host_edit.setText("db8.example.com:5433")
    dlg.host_edit.editingFinished.emit()
    assert (dlg.host_edit.text(), dlg.port_spin.value()) == ("db8.example.com", 5433)


def test_tls_settings_reach_the_server_and_are_saved(qtbot, team, tmp_path):
    dlg = make_dialog(qtbot)
    fill(dlg, team)
    assert not dlg.sslmode_combo.isVisible()
    dlg.advanced_button.click()
    assert dlg.sslmode_combo.isVisible() and dlg.ca_edit.isVisible()
    dlg.sslmode_combo.setCurrentIndex(dlg.sslmode_combo.findData("require"))
    message = run_test(qtbot, dlg)  # this test server has no TLS
    assert message == "The server does not offer an encrypted (TLS) connection, but the encryption setting " \
                      "“require” requires one."
    dlg.ca_edit.setText(str(tmp_path / "missing-ca.pem"))
    assert run_test(qtbot, dlg) == f"The CA file was not found: {tmp_path / 'missing-ca.pem'}"


def test_opened_on_a_saved_profile_it_is_prefilled_and_replaces_it_without_asking(qtbot, team, tmp_path,
                                                                                   monkeypatch):
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    server = profiles.server_url(team.host, team.port, team.database)
    old, _ = profiles.add_profile("cards", server=server, agent=team.login, sslmode="disable",
                                  sslrootcert=str(ca), store="ask")
    monkeypatch.setattr(ConnectDialog, "confirm_replace", lambda self, name: pytest.fail("asked"))
    dlg = make_dialog(qtbot, old)
    assert (dlg.host_edit.text(), dlg.port_spin.value(), dlg.database_edit.text()) == \
           (team.host, team.port, team.database)
    assert dlg.login_edit.text() == team.login and dlg.name_edit.text() == "cards"
    assert dlg.sslmode_combo.isVisible() and dlg.sslmode_combo.currentData() == "disable"
    assert dlg.ca_edit.text() == str(ca.resolve())
    assert dlg.password_edit.text() == "" and dlg.focusWidget() is dlg.password_edit
    dlg.password_edit.setText(team.password)
    qtbot.mouseClick(dlg.connect_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dlg.result() == QDialog.Accepted, timeout=10000)
    assert profiles.get_profile("cards") == dlg.profile() == old


def test_ask_returns_the_saved_profile_or_none(qtbot, team, monkeypatch):
    def filled_and_connected(self):  # instead of a modal loop: what a user would do
        fill(self, team)
        self.accept()
        qtbot.waitUntil(lambda: not self.busy(), timeout=10000)
        return self.result()

    monkeypatch.setattr(ConnectDialog, "exec", filled_and_connected)
    saved = ConnectDialog.ask(None)
    assert saved is not None and saved == profiles.get_profile(saved.name)
    monkeypatch.setattr(ConnectDialog, "exec", lambda self: QDialog.Rejected)
    assert ConnectDialog.ask(None) is None
