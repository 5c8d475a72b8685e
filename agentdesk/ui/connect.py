"""The "Connect to team workspace" dialog: the team server, login, password, where to keep the sign-in.

What a contact-centre agent is given by their lead or IT is the team server's address
(`agentdesk server`: a host name and maybe a port, or a whole ``https://HOST:PORT``) and
their login; so that is what the form asks for (a pasted address fills the host and the
port). A team's own certificate authority (CA file) and plain http for a server on this
computer sit under "Advanced". "Test connection" and "Connect" run
``profiles.test_connection`` on a worker thread (it signs in, and may wait out a silent
server's timeout); "Connect" then saves the profile with ``profiles.add_profile``, handing
over the sign-in token of that test so it does not sign in twice (also on a worker: the
keyring and the passphrase's key derivation take a moment), and accepts. The password is
never stored: only the token, where the agent chose (the OS keyring, a file locked with a
passphrase, or nowhere: the password is asked each time).

Messages come back from ``profiles`` as a ProfileError whose ``kind`` picks a translated
sentence here; the English line from ``profiles`` is the fallback.
"""

from __future__ import annotations

import functools
import ipaddress
import logging
import re
import traceback
from collections.abc import Callable
from urllib.parse import urlsplit

from PySide6.QtCore import (
    Qt,
    Slot,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from agentdesk import profiles
from agentdesk.ui.kit.reads import LatestReads
from agentdesk.ui.kit.tasks import TaskRunner

log = logging.getLogger("agentdesk.ui")

GREEN, GREEN_BG = "#15803d", "#f0fdf4"
RED, RED_BG = "#b91c1c", "#fef2f2"
AMBER, AMBER_BG = "#92400e", "#fffbeb"
MUTED = "#64748b"
LOOPBACK = ("127.0.0.1", "localhost", "::1")

_STYLE = """
QLabel#connectIntro { color: #334155; }
QLabel#connectHint { color: #64748b; font-size: 12px; }
QLabel#connectKeyringNote { color: #92400e; background: #fffbeb; border: 1px solid #fde68a; border-radius: 6px;
                            padding: 6px 8px; }
QToolButton#connectAdvanced { border: none; background: transparent; color: #1d4ed8; padding: 2px 0px; }
QToolButton#connectAdvanced:hover { text-decoration: underline; }
QGroupBox { font-weight: bold; border: 1px solid #e2e8f0; border-radius: 8px; margin-top: 10px;
            padding: 10px 10px 8px 10px; background: #ffffff; }
QGroupBox::title { subcontrol-origin: margin; left: 10px; padding: 0 4px; color: #334155; }
QGroupBox QRadioButton, QGroupBox QLabel { font-weight: normal; }
QProgressBar#connectBusy { background: #e9edf3; border: none; border-radius: 2px; min-height: 4px; max-height: 4px; }
QProgressBar#connectBusy::chunk { background: #3b82f6; border-radius: 2px; }
QPushButton#connectOk { background: #2563eb; color: #ffffff; border-color: #2563eb; font-weight: bold; }
QPushButton#connectOk:hover { background: #1d4ed8; }
QPushButton#connectOk:disabled { background: #93c5fd; border-color: #93c5fd; }
"""


# --- connection jobs run on the application's runner (ui/kit/tasks.py), with their secrets blanked ----
class ConnectionJobFailed(RuntimeError):
    """A bug in a connection job, re-raised with the password and passphrase blanked out of
    its text, so the crash report and the log never hold them."""


def _without_secrets(job: Callable[[], object], secrets: tuple[str, ...]) -> Callable[[], object]:
    secrets = tuple(s for s in secrets if s)

    def work() -> object:  # on a worker: holds no Qt object
        try:
            return job()
        except profiles.ProfileError:
            raise  # the agent's problem, one line: its text names no secret
        except Exception as exc:
            text = "".join(traceback.format_exception(exc))
            if not any(secret in text for secret in secrets):
                raise
            for secret in secrets:
                text = text.replace(secret, "***")
            raise ConnectionJobFailed(text) from None
    return work


def _fill(template: str, *args) -> str:
    """Qt-style %1 … %9 in one pass (a value holding '%2' stays as it is)."""
    return re.sub(r"%(\d)", lambda m: str(args[int(m.group(1)) - 1]) if 0 < int(m.group(1)) <= len(args)
                  else m.group(0), template)


def split_address(text: str) -> tuple[str, int, str | None] | None:
    """(host, port, scheme) of an address pasted into the server field: ``https://HOST[:PORT]``
    (without a port, the one the URL means: 443, or 80 for http), ``HOST:PORT`` or
    ``[IPv6]:PORT`` (scheme None: left as it is). None for a plain host name, and for what
    the form cannot split (a database URL, a path, a login in the URL): that is used as
    typed, and the test says what is wrong with it."""
    text = (text or "").strip()
    if "://" in text:
        try:
            u = urlsplit(text)
            port = u.port
        except ValueError:
            return None
        if (u.scheme not in ("http", "https") or not u.hostname or u.username or u.password
                or u.path.strip("/") or u.query or u.fragment):
            return None
        return u.hostname, port or (443 if u.scheme == "https" else 80), u.scheme
    m = re.fullmatch(r"\[([0-9A-Fa-f:.]+)\]:(\d{1,5})|([^:/\s\[\]@]+):(\d{1,5})", text)
    if m:
        host, port = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if 0 < int(port) < 65536:
            return host, int(port), None
    return None


def server_address(v: dict) -> str:
    """The team server's address, as the profile keeps it, from the form's values
    (``ConnectDialog.values``); a ProfileError when the host is not a server name."""
    host = v["host"]
    if "://" in host:  # an address the form could not split: used as typed
        return profiles.normalize_server(host)
    if re.search(r"[\s/@\\]", host) or (":" in host and not _is_ip(host.strip("[]"))):
        raise profiles.ProfileError(f"not a server name: {host!r}", kind="invalid-host", host=host)
    return profiles.server_url(host, v["port"], v["scheme"])


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _host_of(text: str) -> str:
    """The host name in what the server field holds (a host, HOST:PORT or a URL)."""
    parts = split_address(text)
    if parts is not None:
        return parts[0]
    if "://" in text:
        try:
            return urlsplit(text.strip()).hostname or ""
        except ValueError:
            return ""
    return text.strip()


def _netloc(server: str | None) -> str:
    try:
        return urlsplit(server).netloc if server else ""
    except ValueError:
        return ""


def _after(text: str, marker: str) -> str:
    """What follows ``marker`` in a message (its reason), else the whole message."""
    return text.split(marker, 1)[1].strip() if marker in text else text


class ConnectDialog(QDialog):
    """The team server, login and password; saved as a profile (with a sign-in token) on Connect."""

    TIMEOUT = 5  # seconds a silent server is given (tests shorten it)

    def __init__(self, parent: QWidget | None = None, initial: profiles.Profile | None = None):
        super().__init__(parent)
        self.setObjectName("connectDialog")
        self.setWindowTitle(self.tr("Connect to team workspace"))
        self.setStyleSheet(_STYLE)
        self.setMinimumWidth(540)
        self._profile: profiles.Profile | None = None
        self._initial = initial
        # The current job; a closed dialog or an older job's result is never delivered.
        self._jobs = LatestReads(self, TaskRunner.plain())
        self._busy = ""  # "", "test", "connect" or "save"
        self._job_values: dict = {}  # what the running (or last) job was given, for its messages
        self._tested: tuple | None = None  # the values of the last successful test …
        self._answer: dict | None = None  # … and its answer: the sign-in token, kept in memory only
        self._name_edited = initial is not None
        try:
            self._existing = profiles.load_profiles()
        except profiles.ProfileError:
            self._existing = {}
        self._keyring_usable, self._keyring_reason = profiles.keyring_status()

        root = QVBoxLayout(self)
        root.setSpacing(10)
        root.setContentsMargins(18, 16, 18, 14)
        intro = QLabel(self.tr("Enter what your team lead or IT gave you: the team server's address and your login."))
        intro.setObjectName("connectIntro")
        intro.setWordWrap(True)
        root.addWidget(intro)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.host_edit = QLineEdit()
        self.host_edit.setObjectName("connectHost")
        self.host_edit.setPlaceholderText(self.tr("e.g. team.example.com"))
        self.host_edit.setToolTip(self.tr("The team server's name, or the whole address you were given "
                                          "(https://team.example.com:8443): it fills in the port too."))
        self.port_spin = QSpinBox()
        self.port_spin.setObjectName("connectPort")
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(profiles.DEFAULT_PORT)
        self.port_spin.setGroupSeparatorShown(False)
        self.port_spin.setMinimumWidth(84)
        server_row = QHBoxLayout()
        server_row.setSpacing(8)
        server_row.addWidget(self.host_edit, 1)
        port_label = QLabel(self.tr("Port"))
        port_label.setBuddy(self.port_spin)
        server_row.addWidget(port_label)
        server_row.addWidget(self.port_spin)
        form.addRow(self.tr("Server"), server_row)
        self.login_edit = QLineEdit()
        self.login_edit.setObjectName("connectLogin")
        self.login_edit.setPlaceholderText(self.tr("e.g. kim.minji"))
        form.addRow(self.tr("Login"), self.login_edit)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("connectPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Password"), self.password_edit)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("connectName")
        self.name_edit.setMaxLength(64)
        self.name_edit.setToolTip(self.tr("The name this connection is saved under on this computer"))
        form.addRow(self.tr("Save as"), self.name_edit)

        # --- advanced: the team's own CA, plain http (rows of the same form, so the columns line up)
        self.advanced_button = QToolButton()
        self.advanced_button.setObjectName("connectAdvanced")
        self.advanced_button.setText(self.tr("Advanced: certificate and http"))
        self.advanced_button.setCheckable(True)
        self.advanced_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_button.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced_button.setCursor(Qt.CursorShape.PointingHandCursor)
        form.addRow("", self.advanced_button)
        self.ca_edit = QLineEdit()
        self.ca_edit.setObjectName("connectCaFile")
        self.ca_edit.setPlaceholderText(self.tr("Certificate file from IT (.pem, .crt)"))
        self.ca_button = QPushButton(self.tr("Browse…"))
        self.ca_button.setObjectName("connectCaBrowse")
        self.ca_row = QWidget()
        ca_row = QHBoxLayout(self.ca_row)
        ca_row.setContentsMargins(0, 0, 0, 0)
        ca_row.setSpacing(8)
        ca_row.addWidget(self.ca_edit, 1)
        ca_row.addWidget(self.ca_button)
        form.addRow(self.tr("CA file"), self.ca_row)
        self.ca_hint = QLabel(self.tr("Only if your team's server has a certificate from the team's own certificate "
                                      "authority. Left empty, the certificates this computer trusts are used."))
        self.ca_hint.setObjectName("connectHint")
        self.ca_hint.setWordWrap(True)
        form.addRow("", self.ca_hint)
        self.http_check = QCheckBox(self.tr("Use plain http (only for a server on this computer)"))
        self.http_check.setObjectName("connectPlainHttp")
        form.addRow("", self.http_check)
        self._form = form
        self._advanced_rows = (self.ca_row, self.ca_hint, self.http_check)
        for row in self._advanced_rows:
            form.setRowVisible(row, False)
        root.addLayout(form)

        # --- where the sign-in is kept -----------------------------------------------------------
        self.store_box = QGroupBox(self.tr("Remember the sign-in"))
        store = QVBoxLayout(self.store_box)
        store.setSpacing(6)
        self.store_group = QButtonGroup(self)
        self.store_buttons: dict[str, QRadioButton] = {}
        self.keyring_note: QLabel | None = None
        self.store_hint = QLabel(self.tr("AgentDesk keeps a sign-in token, never your password."))
        self.store_hint.setObjectName("connectHint")
        self.store_hint.setWordWrap(True)
        store.addWidget(self.store_hint)
        if self._keyring_usable:
            self._add_store("keyring", self.tr("Keep it in the OS keyring (recommended)"), store)
            self._add_store("ask", self.tr("Ask for my password each time I connect"), store)
            self.store_buttons["keyring"].setChecked(True)
        else:
            self.keyring_note = QLabel(self.tr("This computer has no secure store (OS keyring), so AgentDesk "
                                               "cannot keep your sign-in there."))
            self.keyring_note.setObjectName("connectKeyringNote")
            self.keyring_note.setWordWrap(True)
            self.keyring_note.setToolTip(self._keyring_reason)
            store.addWidget(self.keyring_note)
            self._add_store("ask", self.tr("Ask for my password each time I connect"), store)
            self._add_store("encrypted-file", self.tr("Keep it in a file locked with a passphrase"), store)
            self.store_buttons["ask"].setChecked(True)
        self.passphrase_box = QWidget()
        pp = QFormLayout(self.passphrase_box)
        pp.setContentsMargins(24, 2, 0, 0)
        pp.setHorizontalSpacing(10)
        pp.setVerticalSpacing(6)
        pp.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setObjectName("connectPassphrase")
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        pp.addRow(self.tr("Passphrase"), self.passphrase_edit)
        self.passphrase_again = QLineEdit()
        self.passphrase_again.setObjectName("connectPassphraseAgain")
        self.passphrase_again.setEchoMode(QLineEdit.EchoMode.Password)
        pp.addRow(self.tr("Again"), self.passphrase_again)
        pp_hint = QLabel(_fill(self.tr("At least %1 characters. AgentDesk asks for it when it starts, instead of "
                                       "your password."), profiles.MIN_PASSPHRASE))
        pp_hint.setObjectName("connectHint")
        pp_hint.setWordWrap(True)
        pp.addRow("", pp_hint)
        self.passphrase_box.hide()
        store.addWidget(self.passphrase_box)
        root.addWidget(self.store_box)

        # --- outcome ---------------------------------------------------------------------------
        self.status = QLabel()
        self.status.setObjectName("connectStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.status.hide()
        root.addWidget(self.status)
        self.busy_bar = QProgressBar()
        self.busy_bar.setObjectName("connectBusy")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.hide()
        root.addWidget(self.busy_bar)

        # Test on the left, away from Connect / Cancel (whatever the platform's button order).
        bottom = QHBoxLayout()
        bottom.setSpacing(8)
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.setObjectName("connectTest")
        self.test_button.setAutoDefault(False)
        bottom.addWidget(self.test_button)
        bottom.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.connect_button.setText(self.tr("Connect"))
        self.connect_button.setObjectName("connectOk")
        self.connect_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.test_button.clicked.connect(self.start_test)
        bottom.addWidget(self.buttons)
        root.addLayout(bottom)

        self.host_edit.editingFinished.connect(self._split_host)
        for edit in (self.host_edit, self.login_edit):
            edit.textChanged.connect(self._suggest_name)
        self.port_spin.valueChanged.connect(self._suggest_name)
        self.http_check.toggled.connect(self._suggest_name)
        self.name_edit.textEdited.connect(self._name_was_edited)
        for edit in (self.host_edit, self.login_edit, self.password_edit, self.ca_edit):
            edit.textChanged.connect(self._values_changed)
        self.port_spin.valueChanged.connect(self._values_changed)
        self.http_check.toggled.connect(self._values_changed)
        self.http_check.toggled.connect(self._http_toggled)
        self.advanced_button.toggled.connect(self._toggle_advanced)
        self.ca_button.clicked.connect(self._browse_ca)
        self.store_group.buttonToggled.connect(self._store_changed)
        self._fill(initial)

    def _add_store(self, key: str, text: str, layout: QVBoxLayout) -> None:
        button = QRadioButton(text)
        button.setObjectName(f"store_{key.replace('-', '_')}")
        button.setProperty("store", key)
        self.store_group.addButton(button)
        self.store_buttons[key] = button
        layout.addWidget(button)

    def _fill(self, initial: profiles.Profile | None) -> None:
        if initial is None:
            return
        self.login_edit.setText(initial.agent)
        self.name_edit.setText(initial.name)
        if initial.password_store in self.store_buttons:
            self.store_buttons[initial.password_store].setChecked(True)
        if initial.legacy:  # saved by an AgentDesk that connected to the team database itself
            self._show(self.tr("This connection was saved for the team database, which AgentDesk no longer "
                               "connects to. Enter the team server's address (ask your team lead or IT); your "
                               "local data is kept."), AMBER, AMBER_BG)
            self.host_edit.setFocus()
            return
        parts = split_address(initial.server)
        if parts is None:  # an address with a path: kept whole
            self.host_edit.setText(initial.server)
        else:
            host, port, scheme = parts
            self.host_edit.setText(host)
            self.port_spin.setValue(port)
            self.http_check.setChecked(scheme == "http")
        self.ca_edit.setText(initial.ca_file or "")
        if self.http_check.isChecked() or initial.ca_file:
            self.advanced_button.setChecked(True)
        self.password_edit.setFocus()

    # --- the form --------------------------------------------------------------------------------
    def values(self) -> dict:
        """What the fields say (login lower-cased; no CA file for plain http)."""
        plain = self.http_check.isChecked()
        return {
            "host": self.host_edit.text().strip(), "port": self.port_spin.value(),
            "scheme": "http" if plain else "https", "agent": self.login_edit.text().strip().lower(),
            "password": self.password_edit.text(), "ca_file": None if plain else (self.ca_edit.text().strip() or None),
        }

    def store(self) -> str:
        button = self.store_group.checkedButton()
        return button.property("store") if button is not None else "ask"

    def profile(self) -> profiles.Profile | None:
        """The saved profile once the dialog was accepted, else None."""
        return self._profile

    @Slot()
    def _split_host(self) -> None:
        """A pasted https://HOST:PORT (or HOST:PORT) fills the host and the port; http:// ticks
        plain http, under Advanced, which then opens: a ticked box is never out of sight."""
        parts = split_address(self.host_edit.text())
        if parts is None:
            return
        host, port, scheme = parts
        self.host_edit.setText(host)
        self.port_spin.setValue(port)
        if scheme is not None:
            self.http_check.setChecked(scheme == "http")
            if scheme == "http":
                self.advanced_button.setChecked(True)

    @Slot()
    def _name_was_edited(self) -> None:
        self._name_edited = bool(self.name_edit.text().strip())
        if not self._name_edited:
            self._suggest_name()

    @Slot()
    def _suggest_name(self) -> None:
        if self._name_edited:
            return
        v = self.values()
        host = _host_of(v["host"])
        if not host and not v["agent"]:
            self.name_edit.clear()
            return
        try:
            server = server_address(v)
        except profiles.ProfileError:
            server = None
        base = profiles.suggest_name(host, v["agent"])
        name, n = base, 2
        while name in self._existing and not (self._existing[name].agent == v["agent"]
                                              and self._existing[name].server == server):
            name = f"{base[:60]}-{n}"
            n += 1
        self.name_edit.setText(name)

    @Slot()
    def _values_changed(self) -> None:
        if self._tested is not None and self._key() != self._tested:
            self._tested, self._answer = None, None
            if not self._busy:
                self.status.hide()

    @Slot(bool)
    def _toggle_advanced(self, shown: bool) -> None:
        self.advanced_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        for row in self._advanced_rows:
            self._form.setRowVisible(row, shown)
        self._fit(shrink=True)

    @Slot(bool)
    def _http_toggled(self, plain: bool) -> None:
        self.ca_row.setEnabled(not plain and not self._busy)  # plain http has no certificate

    @Slot()
    def _browse_ca(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("CA certificate"), self.ca_edit.text(),
                                              self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"))
        if path:
            self.ca_edit.setText(path)

    @Slot()
    def _store_changed(self) -> None:
        self.passphrase_box.setVisible(self.store() == "encrypted-file")
        self._fit(shrink=True)

    # --- checking before anything runs -----------------------------------------------------------
    def _missing(self) -> bool:
        """Shows what is missing (and focuses it); False when the connection can be tried."""
        v = self.values()
        for value, field, message in (
                (v["host"], self.host_edit, self.tr("Enter the server address.")),
                (v["agent"], self.login_edit, self.tr("Enter your login.")),
                (v["password"], self.password_edit, self.tr("Enter your password."))):
            if not value:
                self._show_error(message)
                field.setFocus()
                return True
        return False

    def _save_problem(self) -> bool:
        """Checks the profile name and the passphrase; True (and shown) when something is wrong."""
        name = self.name_edit.text().strip()
        try:
            profiles.check_name(name)
        except profiles.ProfileError as exc:
            self._show_error(self.describe(exc))
            self.name_edit.setFocus()
            return True
        if self.store() == "encrypted-file":
            phrase = self.passphrase_edit.text()
            if len(phrase) < profiles.MIN_PASSPHRASE:
                self._show_error(_fill(self.tr("The passphrase needs at least %1 characters."),
                                       profiles.MIN_PASSPHRASE))
                self.passphrase_edit.setFocus()
                return True
            if phrase != self.passphrase_again.text():
                self._show_error(self.tr("The two passphrases differ."))
                self.passphrase_again.setFocus()
                return True
        return False

    def _key(self) -> tuple:
        v = self.values()
        return v["host"], v["port"], v["scheme"], v["agent"], v["password"], v["ca_file"]

    # --- test and connect ------------------------------------------------------------------------
    @Slot()
    def start_test(self) -> None:
        if self._busy:
            return
        self._split_host()  # typed, then Enter: the field may not have been left yet
        if self._missing():
            return
        self._run("test", self._test_job())

    def _test_job(self) -> Callable[[], dict]:
        v = self.values()
        timeout = self.TIMEOUT

        def job() -> dict:  # on a worker: holds no Qt object
            server = server_address(v)
            answer = profiles.test_connection(server, v["agent"], v["password"], ca_file=v["ca_file"],
                                              timeout=timeout)
            return answer | {"server": server}
        return job

    def accept(self) -> None:
        """Connect: check, test (signing in) unless the same values just passed, save, then close."""
        if self._busy:
            return
        self._split_host()
        if self._missing() or self._save_problem():
            return
        name = self.name_edit.text().strip()
        if name in self._existing and not self._replacing(name) and not self.confirm_replace(name):
            self.name_edit.setFocus()
            self.name_edit.selectAll()
            return
        if self._tested == self._key() and self._answer is not None:
            self._save()
        else:
            self._run("connect", self._test_job())

    def _replacing(self, name: str) -> bool:
        """Signing in again to the profile this dialog was opened for needs no question."""
        return self._initial is not None and self._initial.name == name

    def confirm_replace(self, name: str) -> bool:
        """Replace the saved connection of that name? Tests replace this seam; no test waits on a modal."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Replace connection?"),
                          _fill(self.tr("A connection named “%1” is already saved on this computer. Replace it?"),
                                name), QMessageBox.StandardButton.Cancel, self)
        replace = box.addButton(self.tr("Replace"), QMessageBox.ButtonRole.AcceptRole)
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is replace

    def _save(self) -> None:
        """Saves the profile with the sign-in of the test that just passed (add_profile keeps it
        where the agent chose; for 'ask each time' nothing is kept)."""
        v, store, answer = self.values(), self.store(), self._answer or {}
        name = self.name_edit.text().strip()
        passphrase = self.passphrase_edit.text() if store == "encrypted-file" else None
        server, token, expires_at = answer["server"], answer["token"], answer.get("expires_at", "")

        def job() -> profiles.Profile:  # on a worker: holds no Qt object
            profile, _notes = profiles.add_profile(name, server=server, agent=v["agent"], ca_file=v["ca_file"],
                                                   store=store, replace=True, passphrase=passphrase, token=token,
                                                   expires_at=expires_at)
            return profile
        self._run("save", job, token)

    def _run(self, what: str, job: Callable[[], object], *secrets: str) -> None:
        self._busy = what
        self._job_values = self.values() | {"timeout": self.TIMEOUT}
        self._set_busy(True)
        if what == "save":
            self._show(self.tr("Saving…"), MUTED, "transparent")
        else:
            self._show(self.tr("Signing in to the team server…"), MUTED, "transparent")
        job = _without_secrets(job, (self.password_edit.text(), self.passphrase_edit.text(), *secrets))
        self._jobs.run("job", job, functools.partial(self._finished, self._key()), self._failed, on_bug=self._broken)

    def _failed(self, error: Exception) -> None:
        """A ProfileError: its translated sentence under the form."""
        self._broken(error)
        self._show_error(self.describe(error, self._job_values))

    def _broken(self, _error: Exception) -> None:
        """Any failure (a bug is already with the crash handler): the form is usable again."""
        self._busy = ""
        self._set_busy(False)
        self._tested, self._answer = None, None
        self.status.hide()

    def _finished(self, key: tuple, result) -> None:
        what, self._busy = self._busy, ""
        self._set_busy(False)
        if what == "save":
            self._profile = result
            log.info("profile '%s' saved (%s on %s, sign-in kept: %s)", result.name, result.agent, result.server,
                     result.password_store)
            super().accept()
            return
        self._tested, self._answer = key, result
        role = self._role_label(result["role"])
        self._show(_fill(self.tr("Signed in as %1 (%2)"), result["name"], role), GREEN, GREEN_BG)
        if what == "connect":
            self._save()

    def _set_busy(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)
        self.test_button.setEnabled(not busy)
        self.connect_button.setEnabled(not busy)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(self._busy != "save")
        for w in (self.host_edit, self.port_spin, self.login_edit, self.password_edit, self.name_edit,
                  self.http_check, self.store_box):
            w.setEnabled(not busy)
        self.ca_row.setEnabled(not busy and not self.http_check.isChecked())

    def busy(self) -> bool:
        return bool(self._busy)

    def reject(self) -> None:
        if self._busy == "save":  # a moment; then the profile exists and the dialog closes
            return
        self._jobs.cancel()  # a test still running reports to no one
        self._answer = None
        super().reject()

    # --- messages --------------------------------------------------------------------------------
    def _show(self, text: str, color: str, background: str) -> None:
        self.status.setStyleSheet(f"color: {color}; background: {background}; border-radius: 6px; "
                                  f"padding: {'6px 8px' if background != 'transparent' else '0px'};")
        self.status.setText(text)
        self.status.show()
        self._fit(shrink=False)

    def showEvent(self, event) -> None:  # Qt's name
        super().showEvent(event)
        self._fit(shrink=True)

    def _fit(self, shrink: bool) -> None:
        """As tall as the wrapped lines need (adjustSize would size for the width the labels prefer
        and then squeeze the rows); smaller only when rows were hidden. The minimum height is what
        the narrowest allowed width needs: the layout's own minimum assumes every wrapped line at
        its narrowest, which left the rows spread out with gaps between them."""
        layout = self.layout()
        layout.activate()
        floor = self.heightForWidth(self.minimumWidth())
        if floor < 0:  # nothing wraps
            floor = layout.minimumSize().height()
        self.setMinimumHeight(floor)
        needed = max(self.heightForWidth(self.width()), floor)
        if needed > self.height() or (shrink and needed < self.height()):
            self.resize(self.width(), needed)

    def _show_error(self, text: str) -> None:
        self._show(text, RED, RED_BG)

    def _role_label(self, role: str) -> str:
        return {"agent": self.tr("agent"), "lead": self.tr("team lead"), "trainer": self.tr("trainer"),
                "admin": self.tr("administrator")}.get(role, role)

    def describe(self, exc: BaseException, values: dict | None = None) -> str:
        """A translated sentence for a ProfileError's kind (``values``: what the failed job was
        given, for the login, the server and the timeout); its own English line otherwise."""
        kind = getattr(exc, "kind", None)
        d = getattr(exc, "details", {}) or {}
        v = values or self.values()
        text = str(exc).splitlines()[0] if str(exc) else ""
        low = text.lower()
        server = d.get("server")
        if not server:
            try:
                server = server_address(v)
            except (profiles.ProfileError, KeyError):
                server = ""
        where = _netloc(server) or v.get("host", "")
        host = _host_of(server) if server else v.get("host", "")
        ca_file = v.get("ca_file")

        def unreachable() -> str:
            if low.startswith("nothing answers"):
                return _fill(self.tr("Nothing answers at %1. Check the server address and the port, or whether the "
                                     "server is running."), where)
            if "could not answer" in low:
                return _fill(self.tr("The team server at %1 could not answer (%2). Try again in a moment; if it goes "
                                     "on, tell your administrator."), where, _after(text, "could not answer:"))
            return _fill(self.tr("The connection to %1 failed: %2"), where, _after(text, "failed:"))

        def tls() -> str:
            if host in LOOPBACK:
                return _fill(self.tr("No encrypted (https) connection could be made to %1. A team server on this "
                                     "computer may use plain http: tick it under Advanced."), where)
            return _fill(self.tr("No encrypted (https) connection could be made to %1. Check the port, or ask your "
                                 "administrator whether the server uses https."), where)

        def tls_verify() -> str:
            if "mismatch" in low:
                return _fill(self.tr("The server's certificate is not for “%1”. Check the server address."), host)
            if "expired" in low:
                return self.tr("The server's certificate has expired. Tell your administrator.")
            if ca_file:
                return _fill(self.tr("The server's certificate could not be verified with the CA file %1. Check "
                                     "that it is your team's CA file."), ca_file)
            return self.tr("The server's certificate could not be verified. If your team uses its own "
                           "certificate authority, choose its CA file under Advanced.")

        def invalid_server() -> str:
            if "database address" in low:
                return _fill(self.tr("That is a database address: desks now connect to the team server "
                                     "(https://HOST:%1). Ask your team lead or IT for its address."),
                             profiles.DEFAULT_PORT)
            if "plain http" in low:
                return self.tr("Plain http is only for a team server on this computer (127.0.0.1): untick it "
                               "under Advanced.")
            if "login and password" in low:
                return self.tr("Leave your login and password out of the server address.")
            return self.tr("Check the server address: a name such as team.example.com, or "
                           "https://team.example.com:8443.")

        def schema(pattern: str, template: Callable[[], str]) -> str:
            m = re.search(pattern, text)
            return _fill(template(), *m.groups()) if m else text[:1].upper() + text[1:]

        templates: dict[str, Callable[[], str]] = {
            "invalid-host": lambda: _fill(self.tr("“%1” is not a server address. Enter a name such as "
                                                  "team.example.com, or paste the address you were given."),
                                          d.get("host", v.get("host", ""))),
            "invalid-server": invalid_server,
            "invalid-login": lambda: self.tr("A login uses lower-case letters, digits, '.', '_' or '-' and starts "
                                             "with a letter."),
            "no-password": lambda: self.tr("Enter your password."),
            "ca-missing": lambda: _fill(self.tr("The CA file was not found: %1"), d.get("path") or ca_file or ""),
            "auth": lambda: _fill(self.tr("Wrong login or password for “%1”."), v.get("agent", "")),
            "unreachable": unreachable,
            "timeout": lambda: _fill(self.tr("The team server at %1 did not answer within %2 seconds. Check the "
                                             "server address, the port and your network (VPN)."),
                                     where, v.get("timeout", self.TIMEOUT)),
            "unknown-host": lambda: _fill(self.tr("Unknown server name “%1”. Check the server address."), host),
            "tls": tls,
            "tls-verify": tls_verify,
            "busy": lambda: (self.tr("Too many failed sign-ins for now: wait a minute, then try again.")
                             if "too many failed sign-ins" in low
                             else self.tr("The team server is busy. Try again in a moment.")),
            "server-error": lambda: _fill(self.tr("The server at %1 refused the request (%2). Check that this is your "
                                                  "team's AgentDesk server."), where, _after(text, "refused:")),
            "connect": lambda: _fill(self.tr("Cannot use the team server at %1: %2"), where,
                                     _after(text, f"{server}:") if server else text),
            # The same words as agentdesk.sync.compat.describe_mismatch (the CLI and the status bar show those).
            "no-schema": lambda: self.tr("The team server has no AgentDesk schema; an admin must run "
                                         "'agentdesk admin init-server' first"),
            "server-newer": lambda: schema(r"schema (\S+), this app (\S+)\)", lambda: self.tr(
                "The team server runs a newer AgentDesk (schema %1, this app %2): update AgentDesk. Until then you "
                "work offline on your local data and nothing is sent.")),
            "server-older": lambda: schema(r"schema \((.+?)\) is older than this app's \((.+?)\)", lambda: self.tr(
                "The team server's schema (%1) is older than this app's (%2): an admin must run 'agentdesk admin "
                "init-server' and restart 'agentdesk server'. Until then nothing is sent.")),
            "invalid-name": lambda: self.tr("The name may use letters, digits, '.', '_' and '-' (at most 64)."),
            "exists": lambda: _fill(self.tr("A connection named “%1” is already saved on this computer."),
                                    d.get("name", "")),
            "short-passphrase": lambda: _fill(self.tr("The passphrase needs at least %1 characters."),
                                              d.get("minimum", profiles.MIN_PASSPHRASE)),
            "no-keyring": lambda: self.tr("This computer has no OS keyring; choose another way to keep the "
                                          "sign-in."),
            "keyring-failed": lambda: self.tr("The OS keyring did not keep the sign-in. Try again, or choose "
                                              "another way to keep it."),
        }
        if kind in templates:
            return templates[kind]()
        if isinstance(exc, profiles.ProfileError):
            return text[:1].upper() + text[1:]
        return _fill(self.tr("Something went wrong; the log has the details: %1"), type(exc).__name__)

    # --- the seam --------------------------------------------------------------------------------
    @staticmethod
    def ask(parent: QWidget | None, initial: profiles.Profile | None = None) -> profiles.Profile | None:
        """The saved profile, or None if cancelled. Tests replace this seam; no test waits on a modal."""
        dlg = ConnectDialog(parent, initial)
        try:
            return dlg.profile() if dlg.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dlg.deleteLater()
