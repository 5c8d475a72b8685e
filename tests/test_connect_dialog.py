"""The "Connect to team workspace" dialog: real widgets against a real team server.

The team server is `agentdesk server`'s app on a real socket (tests/test_sync_support.
LiveServer) over a prepared team database (tests/test_security's ``server`` fixture:
agents alice, bob, lena and ada, each with the password ``"pw-" + server.suffix``); it
checks passwords, so a wrong one fails as it would for an agent. TLS runs against the
same app with a certificate from a test CA. This box has no OS keyring (keyring's real
'fail' backend is set, whatever the machine has); a usable one is played by a small
in-memory backend. No modal dialog is ever left waiting: the replace question and
``exec`` are seams the tests replace. Any Qt warning fails the test.
"""

from __future__ import annotations

import json
import socket
import sys
import time

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import text

from agentdesk import config, profiles
from agentdesk.sync.compat import describe_mismatch
from agentdesk.ui.connect import ConnectDialog
from agentdesk.ui.crash import CrashHandler
from agentdesk.ui.kit.tasks import TaskRunner
from tests.test_security import server  # noqa: F401  (fixture: a team database with agents per role)
from tests.test_sync_support import LiveServer, self_signed

# Any Qt warning fails a test, but for the offscreen platform's note that it cannot pass a
# window's new minimum size on to a window manager (it has none; every real platform can).
pytestmark = [pytest.mark.qt_log_level_fail("WARNING"),
              pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints\(\)$")]


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
    if TaskRunner._plain is not None:
        assert TaskRunner._plain.wait(15000), "a connection job outlived its test"


@pytest.fixture
def team(server, monkeypatch):  # noqa: F811
    """The live team server; the dialog gets the password from its field, never the environment."""
    monkeypatch.delenv("AGENTDESK_PASSWORD", raising=False)  # the server fixture sets it for its CLI
    server.password = "pw-" + server.suffix
    server.live_port = int(server.url.rsplit(":", 1)[1])  # starts the server (on the current schema)
    return server


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


def fill(dlg: ConnectDialog, srv=None, short: str = "alice", **over) -> None:
    """The fields as an agent types them: the plain-http server on this computer by default."""
    values = {"host": "127.0.0.1", "port": srv.live_port, "http": True, "login": srv.login(short),
              "password": srv.password} if srv is not None else {}
    values |= over
    dlg.host_edit.setText(values.get("host", ""))
    dlg.port_spin.setValue(values.get("port", profiles.DEFAULT_PORT))
    dlg.http_check.setChecked(values.get("http", False))
    dlg.login_edit.setText(values.get("login", ""))
    dlg.password_edit.setText(values.get("password", ""))


def run_test(qtbot, dlg: ConnectDialog, timeout=10000) -> str:
    qtbot.mouseClick(dlg.test_button, Qt.MouseButton.LeftButton)
    assert dlg.busy()
    qtbot.waitUntil(lambda: not dlg.busy(), timeout=timeout)
    return dlg.status.text()


def connect(qtbot, dlg: ConnectDialog) -> profiles.Profile:
    qtbot.mouseClick(dlg.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.result() == QDialog.DialogCode.Accepted or not dlg.busy(), timeout=10000)
    qtbot.waitUntil(lambda: not dlg.busy(), timeout=10000)
    assert dlg.result() == QDialog.DialogCode.Accepted, dlg.status.text()
    return dlg.profile()


def files_holding(secret: str) -> list[str]:
    roots = [config.config_dir(), config.data_dir()]
    return [str(p) for root in roots if root.exists() for p in root.rglob("*")
            if p.is_file() and secret.encode() in p.read_bytes()]


def sessions(srv, short: str) -> int:
    """Sign-ins the server holds for the agent (one per successful test_connection)."""
    with srv.db.engine.connect() as c:
        return c.execute(text("SELECT count(*) FROM server_sessions s JOIN agents a ON a.id = s.agent_id "
                              "WHERE a.login = :l"), {"l": srv.login(short)}).scalar_one()


def signed_in_name(profile: profiles.Profile, passphrase: str | None = None) -> str:
    """Who the kept sign-in is, asked of the server with no password at hand."""
    transport = profiles.make_transport(profile, password_source=lambda: None, passphrase=passphrase)
    try:
        return transport.me()["agent"]["name"]
    finally:
        transport.close()


# --- testing the connection ---------------------------------------------------------------------
def test_a_successful_test_names_the_agent_and_saves_nothing(qtbot, team):
    dlg = make_dialog(qtbot)
    assert dlg.port_spin.value() == 8443 and not dlg.http_check.isChecked()
    dlg.host_edit.setText(team.url)  # pasted as given: http://127.0.0.1:PORT
    dlg.host_edit.editingFinished.emit()
    assert (dlg.host_edit.text(), dlg.port_spin.value(), dlg.http_check.isChecked()) == \
           ("127.0.0.1", team.live_port, True)
    dlg.login_edit.setText(team.login("alice"))
    dlg.password_edit.setText(team.password)
    assert dlg.name_edit.text() == f"127.0.0.1-{team.login('alice')}"  # derived from the host and the login
    assert run_test(qtbot, dlg) == "Signed in as Alice (agent)"
    assert dlg.status.styleSheet().startswith("color: #15803d")  # green
    assert dlg.test_button.isEnabled() and dlg.connect_button.isEnabled() and not dlg.busy_bar.isVisible()
    assert not profiles.profiles_path().exists()
    # Changing what was tested clears the green line: it no longer says anything true.
    dlg.port_spin.setValue(team.live_port + 1)
    assert dlg.status.isHidden()


def test_a_wrong_password_or_login_is_one_clear_line_and_nothing_is_saved(qtbot, team):
    dlg = make_dialog(qtbot)
    fill(dlg, team, password="wrong-" + team.password)
    assert run_test(qtbot, dlg) == f"Wrong login or password for “{team.login('alice')}”."
    assert dlg.status.styleSheet().startswith("color: #b91c1c")  # red
    fill(dlg, team, login="nobody." + team.login("alice"))
    qtbot.mouseClick(dlg.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dlg.busy(), timeout=10000)
    assert dlg.status.text() == f"Wrong login or password for “nobody.{team.login('alice')}”."
    assert dlg.result() != QDialog.DialogCode.Accepted and dlg.isVisible()
    assert dlg.profile() is None and not profiles.profiles_path().exists()
    assert team.password not in dlg.status.text() and sessions(team, "alice") == 0


def test_a_closed_port_fails_fast_and_says_where(qtbot):
    dlg = make_dialog(qtbot)
    fill(dlg, host="127.0.0.1", port=1, http=True, login="kim.minji", password="pw")
    started = time.monotonic()
    message = run_test(qtbot, dlg)
    assert time.monotonic() - started < 3
    assert message == ("Nothing answers at 127.0.0.1:1. Check the server address and the port, or whether the "
                       "server is running.")
    assert dlg.status.styleSheet().startswith("color: #b91c1c")


def test_a_silent_server_times_out_while_the_window_keeps_working(qtbot, silent_server):
    dlg = make_dialog(qtbot)
    dlg.TIMEOUT = 2
    fill(dlg, host="127.0.0.1", port=silent_server, http=True, login="kim.minji", password="pw")
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    started = time.monotonic()
    qtbot.mouseClick(dlg.test_button, Qt.MouseButton.LeftButton)
    assert time.monotonic() - started < 0.5  # the click returned at once: the wait is on a worker
    assert dlg.busy() and not dlg.test_button.isEnabled() and not dlg.connect_button.isEnabled()
    assert not dlg.host_edit.isEnabled() and not dlg.password_edit.isEnabled()
    assert dlg.busy_bar.isVisible() and dlg.status.text() == "Signing in to the team server…"
    assert dlg.buttons.button(dlg.buttons.StandardButton.Cancel).isEnabled()
    qtbot.waitUntil(lambda: not dlg.busy(), timeout=10000)
    timer.stop()
    elapsed = time.monotonic() - started
    assert 1.5 < elapsed < 6
    assert len(ticks) > elapsed / 0.02 * 0.5  # the event loop ran all along
    assert dlg.status.text() == (f"The team server at 127.0.0.1:{silent_server} did not answer within 2 seconds. "
                                 "Check the server address, the port and your network (VPN).")
    assert dlg.test_button.isEnabled() and dlg.host_edit.isEnabled() and not dlg.busy_bar.isVisible()


def test_closing_the_dialog_while_it_tests_is_safe(qtbot, silent_server):
    dlg = ConnectDialog()
    dlg.TIMEOUT = 2
    dlg.show()
    fill(dlg, host="127.0.0.1", port=silent_server, http=True, login="kim.minji", password="pw")
    qtbot.mouseClick(dlg.test_button, Qt.MouseButton.LeftButton)
    assert dlg.busy()
    dlg.reject()
    dlg.deleteLater()
    import shiboken6

    from tests.uihelpers import settle

    qtbot.waitUntil(lambda: not shiboken6.isValid(dlg), timeout=5000)
    settle(TaskRunner.plain())  # the late result is delivered to no one
    assert not profiles.profiles_path().exists()


def test_a_newer_schema_on_the_server_gives_the_same_words_as_the_cli(qtbot, team):
    with team.db.engine.begin() as c:  # the database "upgraded" under the running server
        c.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    dlg = make_dialog(qtbot)
    fill(dlg, team)
    message = run_test(qtbot, dlg)
    said = describe_mismatch("9999_from_the_future")
    assert "newer AgentDesk" in message and "9999_from_the_future" in message
    assert message == said[0].upper() + said[1:]  # the same words as the CLI and the status bar
    assert sessions(team, "alice") == 0  # refused before signing in


# --- connecting (saving the profile) ------------------------------------------------------------
def test_connect_saves_a_profile_that_holds_no_password(qtbot, team):
    dlg = make_dialog(qtbot)
    fill(dlg, team, login=team.login("alice").upper())  # typed in capitals: logins are lower-case
    assert dlg.keyring_note is not None and dlg.store() == "ask"
    saved = connect(qtbot, dlg)
    assert saved == profiles.get_profile(f"127.0.0.1-{team.login('alice')}")
    assert (saved.agent, saved.password_store, saved.ca_file) == (team.login("alice"), "ask", None)
    assert saved.server == team.url and not saved.secret_path.exists()
    assert files_holding(team.password) == []


def test_without_a_keyring_the_dialog_says_so_and_the_encrypted_file_keeps_the_sign_in(qtbot, team):
    dlg = make_dialog(qtbot)
    assert dlg.keyring_note.isVisible() and "no secure store" in dlg.keyring_note.text()
    assert "keyring" not in dlg.store_buttons and dlg.store_buttons["ask"].isChecked()
    assert "never your password" in dlg.store_hint.text()
    assert not dlg.passphrase_edit.isVisible()
    fill(dlg, team)
    dlg.store_buttons["encrypted-file"].setChecked(True)
    assert dlg.passphrase_edit.isVisible()

    dlg.passphrase_edit.setText("short")
    dlg.passphrase_again.setText("short")
    qtbot.mouseClick(dlg.connect_button, Qt.MouseButton.LeftButton)
    assert dlg.status.text() == f"The passphrase needs at least {profiles.MIN_PASSPHRASE} characters."
    assert not dlg.busy() and dlg.focusWidget() is dlg.passphrase_edit
    dlg.passphrase_edit.setText("correct horse battery")
    dlg.passphrase_again.setText("correct horse batteyr")
    qtbot.mouseClick(dlg.connect_button, Qt.MouseButton.LeftButton)
    assert dlg.status.text() == "The two passphrases differ." and not profiles.profiles_path().exists()

    dlg.passphrase_again.setText("correct horse battery")
    saved = connect(qtbot, dlg)
    assert saved.password_store == "encrypted-file" and saved.secret_path.is_file()
    token = profiles.stored_token(saved, "correct horse battery")
    assert token and sessions(team, "alice") == 1  # the test's sign-in was kept: no second one
    with pytest.raises(profiles.ProfileError, match="wrong passphrase"):
        profiles.stored_token(saved, "wrong horse battery")
    assert signed_in_name(saved, "correct horse battery") == "Alice"  # the kept sign-in works, no password
    assert files_holding(team.password) == [] and files_holding("correct horse battery") == []
    assert files_holding(token) == []


def test_with_a_keyring_the_sign_in_goes_there_by_default_and_is_not_asked_twice(qtbot, team):
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    dlg = make_dialog(qtbot)
    assert dlg.keyring_note is None and dlg.store() == "keyring"
    assert "encrypted-file" not in dlg.store_buttons
    fill(dlg, team, short="lena")
    assert run_test(qtbot, dlg) == "Signed in as Lena (team lead)"
    saved = connect(qtbot, dlg)  # tested with these values: saved with that sign-in, at once
    assert saved.password_store == "keyring" and sessions(team, "lena") == 1
    [(where, kept)] = ring.secrets.items()
    assert where == (profiles.KEYRING_SERVICE, saved.keyring_user)
    assert json.loads(kept)["token"] == profiles.stored_token(saved) and team.password not in kept
    assert signed_in_name(saved) == "Lena"
    assert files_holding(team.password) == [] and files_holding(profiles.stored_token(saved)) == []


def test_an_existing_name_is_replaced_only_when_the_user_says_so(qtbot, team, monkeypatch):
    old, _ = profiles.add_profile("team-a", server="https://old.example.com:8443", agent="kim.minji",
                                  store="encrypted-file", token="old-token", passphrase="old passphrase")
    asked = []
    answer = {"value": False}
    monkeypatch.setattr(ConnectDialog, "confirm_replace", lambda self, name: asked.append(name) or answer["value"])
    dlg = make_dialog(qtbot)
    fill(dlg, team)
    dlg.name_edit.setText("team-a")
    qtbot.mouseClick(dlg.connect_button, Qt.MouseButton.LeftButton)
    assert asked == ["team-a"] and not dlg.busy() and dlg.result() != QDialog.DialogCode.Accepted
    assert dlg.focusWidget() is dlg.name_edit
    assert profiles.get_profile("team-a").server == "https://old.example.com:8443"

    answer["value"] = True
    replaced = connect(qtbot, dlg)
    assert replaced == profiles.get_profile("team-a")
    assert replaced.agent == team.login("alice") and replaced.password_store == "ask"
    assert not old.secret_path.exists()  # the old profile's kept sign-in went with it


def test_a_derived_name_does_not_collide_with_another_accounts_profile(qtbot):
    profiles.add_profile("127.0.0.1-kim.minji", server="https://127.0.0.1:9443", agent="kim.minji", store="ask")
    dlg = make_dialog(qtbot)
    fill(dlg, host="127.0.0.1", login="kim.minji", password="pw")  # port 8443: another server
    assert dlg.name_edit.text() == "127.0.0.1-kim.minji-2"
    dlg.port_spin.setValue(9443)  # the same account: signing in to it again keeps its name
    assert dlg.name_edit.text() == "127.0.0.1-kim.minji"
    dlg.name_edit.setText("my-team")
    dlg.name_edit.textEdited.emit("my-team")
    dlg.login_edit.setText("other")
    assert dlg.name_edit.text() == "my-team"  # typed by the user: left alone


def test_missing_or_malformed_fields_are_named_before_anything_runs(qtbot):
    dlg = make_dialog(qtbot)
    qtbot.mouseClick(dlg.test_button, Qt.MouseButton.LeftButton)
    assert not dlg.busy() and dlg.status.text() == "Enter the server address." and dlg.focusWidget() is dlg.host_edit
    fill(dlg, host="team.example.com")
    qtbot.mouseClick(dlg.test_button, Qt.MouseButton.LeftButton)
    assert dlg.status.text() == "Enter your login." and dlg.focusWidget() is dlg.login_edit
    fill(dlg, host="team.example.com", login="kim.minji")
    qtbot.mouseClick(dlg.connect_button, Qt.MouseButton.LeftButton)
    assert dlg.status.text() == "Enter your password." and dlg.focusWidget() is dlg.password_edit
    dlg.password_edit.setText("pw")
    dlg.name_edit.setText("내 팀")
    qtbot.mouseClick(dlg.connect_button, Qt.MouseButton.LeftButton)
    assert not dlg.busy() and dlg.status.text().startswith("The name may use letters")
    dlg.name_edit.setText("team")
    fill(dlg, host="team example.com", login="kim.minji", password="pw")
    assert run_test(qtbot, dlg).startswith("“team example.com” is not a server address.")
    fill(dlg, host="team.example.com", login="Kim Minji", password="pw")
    assert run_test(qtbot, dlg).startswith("A login uses lower-case letters")
    fill(dlg, host="team.example.com", http=True, login="kim.minji", password="pw")
    assert run_test(qtbot, dlg) == ("Plain http is only for a team server on this computer (127.0.0.1): untick it "
                                    "under Advanced.")
    assert not profiles.profiles_path().exists()


def test_a_pasted_address_fills_host_and_port(qtbot):
    dlg = make_dialog(qtbot)
    assert not dlg.http_check.isVisible()
    for pasted, expected in (
            ("https://team7.example.com:9443/", ("team7.example.com", 9443, False)),
            ("http://127.0.0.1:9000", ("127.0.0.1", 9000, True)),
            ("team8.example.com:8444", ("team8.example.com", 8444, True)),  # no scheme: plain http left as is
            ("https://team9.example.com", ("team9.example.com", 443, False)),  # what the URL means: 443
            ("https://[::1]:8443", ("::1", 8443, False))):
        dlg.host_edit.setText(pasted)
        dlg.host_edit.editingFinished.emit()
        assert (dlg.host_edit.text(), dlg.port_spin.value(), dlg.http_check.isChecked()) == expected, pasted
    assert dlg.http_check.isVisible()  # http:// ticked it, and a ticked box is never hidden
    # An old database address stays as pasted, and the test says what to do instead.
    dlg.host_edit.setText("postgresql://db7.example.com:5432/cards")
    dlg.host_edit.editingFinished.emit()
    assert dlg.host_edit.text() == "postgresql://db7.example.com:5432/cards"
    dlg.login_edit.setText("kim.minji")
    dlg.password_edit.setText("pw")
    assert run_test(qtbot, dlg).startswith("That is a database address: desks now connect to the team server")


def test_tls_with_the_teams_own_ca(qtbot, team, tmp_path):
    ca, cert, key = self_signed(tmp_path)
    (tmp_path / "other").mkdir()
    other_ca = self_signed(tmp_path / "other")[0]  # a CA, but not the one that signed the server's certificate
    live = LiveServer(team.db, tls=(cert, key))
    try:
        dlg = make_dialog(qtbot)
        fill(dlg, team, port=live.port, http=False)
        assert not dlg.ca_edit.isVisible()
        assert run_test(qtbot, dlg) == ("The server's certificate could not be verified. If your team uses its own "
                                        "certificate authority, choose its CA file under Advanced.")
        dlg.advanced_button.click()
        assert dlg.ca_edit.isVisible() and dlg.http_check.isVisible()
        dlg.ca_edit.setText(str(tmp_path / "missing-ca.pem"))
        assert run_test(qtbot, dlg) == f"The CA file was not found: {tmp_path / 'missing-ca.pem'}"
        dlg.ca_edit.setText(other_ca)
        assert run_test(qtbot, dlg).startswith(f"The server's certificate could not be verified with the CA file "
                                               f"{other_ca}.")
        dlg.ca_edit.setText(ca)
        assert run_test(qtbot, dlg) == "Signed in as Alice (agent)"
        saved = connect(qtbot, dlg)
        assert saved.server == live.url and saved.ca_file == str(tmp_path / "ca.pem")
        # https to the plain-http server on this computer: the way out is named.
        fill(dlg, team, http=False)
        dlg.ca_edit.clear()
        assert "tick it under Advanced" in run_test(qtbot, dlg)
    finally:
        live.close()


def test_opened_on_a_saved_profile_it_is_prefilled_and_replaces_it_without_asking(qtbot, team, monkeypatch):
    old, _ = profiles.add_profile("cards", server=team.url, agent=team.login("alice"), store="ask")
    monkeypatch.setattr(ConnectDialog, "confirm_replace", lambda self, name: pytest.fail("asked"))
    dlg = make_dialog(qtbot, old)
    assert (dlg.host_edit.text(), dlg.port_spin.value()) == ("127.0.0.1", team.live_port)
    assert dlg.http_check.isChecked() and dlg.http_check.isVisible()  # shown: it is not the default
    assert dlg.login_edit.text() == team.login("alice") and dlg.name_edit.text() == "cards"
    assert dlg.password_edit.text() == "" and dlg.focusWidget() is dlg.password_edit
    dlg.password_edit.setText(team.password)
    assert connect(qtbot, dlg) == profiles.get_profile("cards") == old


def test_a_profile_of_the_database_design_is_moved_to_the_team_server(qtbot, team):
    data = {"version": 1, "profiles": {"cards": {
        "name": "cards", "server": "postgresql://db.example.com:5432/team", "agent": team.login("alice"),
        "sslmode": "verify-full", "sslrootcert": None, "password_store": "ask"}}}
    profiles.profiles_path().parent.mkdir(parents=True, exist_ok=True)
    profiles.profiles_path().write_text(json.dumps(data), encoding="utf-8")
    old = profiles.get_profile("cards")
    dlg = make_dialog(qtbot, old)
    assert dlg.host_edit.text() == "" and dlg.focusWidget() is dlg.host_edit
    assert (dlg.login_edit.text(), dlg.name_edit.text()) == (team.login("alice"), "cards")
    assert dlg.status.text().startswith("This connection was saved for the team database")
    fill(dlg, team)
    saved = connect(qtbot, dlg)
    assert saved == profiles.get_profile("cards") and saved.server == team.url and not saved.legacy


def test_ask_returns_the_saved_profile_or_none(qtbot, team, monkeypatch):
    def filled_and_connected(self):  # instead of a modal loop: what a user would do
        fill(self, team)
        self.accept()
        qtbot.waitUntil(lambda: not self.busy(), timeout=10000)
        return self.result()

    monkeypatch.setattr(ConnectDialog, "exec", filled_and_connected)
    saved = ConnectDialog.ask(None)
    assert saved is not None and saved == profiles.get_profile(saved.name)
    monkeypatch.setattr(ConnectDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert ConnectDialog.ask(None) is None


def test_in_korean_the_form_and_its_messages_are_korean(qtbot):
    from agentdesk.ui.app import install_language

    app = QApplication.instance()
    try:
        assert install_language(app, "ko")
        dlg = make_dialog(qtbot)
        assert dlg.windowTitle() == "팀 워크스페이스에 연결"
        assert dlg.test_button.text() == "연결 테스트" and dlg.connect_button.text() == "연결"
        fill(dlg, host="127.0.0.1", port=1, http=True, login="kim.minji", password="pw")
        assert run_test(qtbot, dlg).startswith("127.0.0.1:1에서 응답이 없습니다.")
    finally:
        install_language(app, "en")


@pytest.mark.qt_no_exception_capture  # the crash handler, not pytest-qt, takes sys.excepthook here
def test_a_bug_in_a_connection_job_goes_to_the_crash_handler_without_the_password(qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(CrashHandler, "show", staticmethod(lambda path, summary: shown.append((path, summary))))
    handler = CrashHandler(directory=tmp_path)
    monkeypatch.setattr(sys, "excepthook", handler.handle)

    def broken(_address, agent, password, **_kwargs):
        raise TypeError(f"unexpected answer for {agent}:{password}")

    monkeypatch.setattr(profiles, "test_connection", broken)
    dlg = make_dialog(qtbot)
    fill(dlg, host="127.0.0.1", port=8765, http=True, login="kim.minji", password="s3cret-pw")
    qtbot.mouseClick(dlg.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown) and not dlg.busy(), timeout=10000)
    (path, summary), = shown
    report = path.read_text(encoding="utf-8")
    assert "s3cret-pw" not in report and "s3cret-pw" not in summary
    assert "kim.minji:***" in report and "TypeError" in report
    assert dlg.test_button.isEnabled() and dlg.host_edit.isEnabled()  # the form is usable again
    assert "s3cret-pw" not in dlg.status.text()
