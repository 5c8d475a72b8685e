"""Connection profiles: which team server, as which agent, with which local replica.

A profile is a name, the server URL (no user, no password), the agent's login, TLS
options and a local replica path. Profiles live in ``config_dir()/profiles.json``
(written atomically, never holding a secret). The password lives in the OS keyring
(service 'AgentDesk', user '<profile>:<login>'). Where no usable keyring exists (a
headless Linux box), it is asked for each time (or read from AGENTDESK_PASSWORD in
scripts), or, only if the user opts in, kept in a file encrypted with Fernet under a
key that scrypt derives from a passphrase the user gives. Never plain text on disk.

Plain Python (no Qt): the CLI uses it now, the "Connect to team workspace" dialog later.
"""

from __future__ import annotations

import base64
import getpass
import json
import os
import re
import sys
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from agentdesk import config

PROFILE_ENV = "AGENTDESK_PROFILE"
PASSWORD_ENV = "AGENTDESK_PASSWORD"
PASSPHRASE_ENV = "AGENTDESK_PASSPHRASE"
KEYRING_SERVICE = "AgentDesk"
SSLMODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
STORES = ("keyring", "encrypted-file", "ask")
_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")  # also a directory name
# scrypt cost: 32 MiB and ~0.1 s per unlock; slows a stolen file's guessing a great deal.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**15, 8, 1
MIN_PASSPHRASE = 8


class ProfileError(ValueError):
    """A problem the user can fix; one line (a ValueError, so the CLI prints it and exits 1).

    ``kind`` (and ``details``) say which problem it is, so a window can show its own
    translated sentence instead of the English line; None for the rarer ones.
    """

    def __init__(self, message: str, *, kind: str | None = None, **details):
        super().__init__(message)
        self.kind = kind
        self.details = details


@dataclass
class Profile:
    name: str
    server: str  # postgresql://host[:port]/database, without user or password
    agent: str  # the agent's login, which is also their database role
    sslmode: str | None = None
    sslrootcert: str | None = None
    password_store: str = "ask"  # keyring / encrypted-file / ask

    @property
    def replica_path(self) -> Path:
        return config.data_dir() / "profiles" / self.name / "replica.db"

    @property
    def keyring_user(self) -> str:
        return f"{self.name}:{self.agent}"

    @property
    def secret_path(self) -> Path:
        return config.config_dir() / "secrets" / f"{self.name}.json"


# --- the profiles file -----------------------------------------------------------------
def profiles_path() -> Path:
    return config.config_dir() / "profiles.json"


def _atomic_write(path: Path, data: bytes) -> None:
    """Readers see the old file or the new one, never half of one; 0600 from the start."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_profiles() -> dict[str, Profile]:
    path = profiles_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ProfileError(f"cannot read {path}: {exc}") from None
    known = {f.name for f in fields(Profile)}
    return {name: Profile(**{k: v for k, v in p.items() if k in known}) for name, p in data.get("profiles", {}).items()}


def save_profiles(profiles: dict[str, Profile]) -> None:
    data = {"version": 1, "profiles": {n: asdict(p) for n, p in sorted(profiles.items())}}
    _atomic_write(profiles_path(), json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))


def get_profile(name: str) -> Profile:
    profile = load_profiles().get(name)
    if profile is None:
        raise ProfileError(f"no profile '{name}' (see 'agentdesk profile list')")
    return profile


def selected_profile_name(flag: str | None) -> str | None:
    return flag or os.environ.get(PROFILE_ENV) or None


# --- validation ------------------------------------------------------------------------
def check_name(name: str) -> str:
    if not _NAME_RE.fullmatch(name or ""):
        raise ProfileError(f"invalid profile name {name!r}: letters, digits, '.', '_' or '-', at most 64",
                           kind="invalid-name", name=name)
    return name


def suggest_name(host: str, agent: str) -> str:
    """A valid profile name from the server's host and the login: ('db1.example.com', 'kim.minji')
    gives 'db1-kim.minji' (the host's first label; an IP address is kept whole)."""
    host = (host or "").strip().strip("[]")
    label = host if re.fullmatch(r"[0-9.]+", host) or ":" in host else host.split(".")[0]
    raw = "-".join(part for part in (label, (agent or "").strip()) if part)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", raw).strip("-._")[:64].rstrip("-._")
    return name or "team"


def server_url(host: str, port: int | None, database: str) -> str:
    """postgresql://HOST:PORT/DATABASE from the parts a person types (IPv6 hosts bracketed)."""
    from sqlalchemy.engine import URL

    host, database = (host or "").strip(), (database or "").strip()
    if not host or not database:
        raise ProfileError("a team server needs a host and a database", kind="invalid-server")
    return URL.create("postgresql", host=host.strip("[]"), port=port or None,
                      database=database).render_as_string(hide_password=False)


def server_parts(server: str) -> tuple[str, int, str]:
    """(host, port, database) of a profile's server URL; the port defaults to 5432."""
    from sqlalchemy.engine import make_url

    u = make_url(server)
    return u.host or "", u.port or 5432, u.database or ""


def normalize_server(url: str, agent: str) -> tuple[str, dict[str, str]]:
    """(the server URL without user and password, TLS options it carried)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        u = make_url(url)
    except (ArgumentError, ValueError):
        raise ProfileError(f"not a server URL: {url!r} (expected postgresql://HOST[:PORT]/DATABASE)",
                           kind="invalid-server") from None
    if u.get_backend_name() != "postgresql" or not u.host or not u.database:
        raise ProfileError("a team server URL looks like postgresql://HOST[:PORT]/DATABASE", kind="invalid-server")
    if u.password is not None or "password" in u.query or "passfile" in u.query:
        raise ProfileError("leave the password out of the URL: it is asked for and kept in the keyring",
                           kind="invalid-server")
    if u.username and u.username != agent:
        raise ProfileError(f"the URL names user '{u.username}' but --agent is '{agent}'", kind="invalid-server")
    tls = {k: str(u.query[k]) for k in ("sslmode", "sslrootcert") if k in u.query}
    u = u.set(drivername="postgresql", username=None).difference_update_query(["sslmode", "sslrootcert"])
    return u.render_as_string(hide_password=False), tls


def connect_url(profile: Profile, password: str | None) -> str:
    """The URL commands open: the server as the profile's agent, with its TLS options."""
    from sqlalchemy.engine import make_url

    u = make_url(profile.server).set(username=profile.agent, password=password)
    tls = {k: v for k, v in (("sslmode", profile.sslmode), ("sslrootcert", profile.sslrootcert)) if v}
    if tls:
        u = u.update_query_dict(tls)
    return u.render_as_string(hide_password=False)


# --- trying a connection ---------------------------------------------------------------
MIN_CONNECT_TIMEOUT = 2  # libpq's (and psycopg's) floor for connect_timeout, in seconds

# (what libpq or the server says, kind): first match wins; the messages are English
# (libpq's, and the server's as long as its lc_messages is English, the default).
_CONNECT_FAILURES = (
    ("timeout expired", "timeout"),
    ("failed to resolve host", "unknown-host"),
    ("could not translate host name", "unknown-host"),
    ("name or service not known", "unknown-host"),
    ("connection refused", "unreachable"),
    ("no route to host", "unreachable"),
    ("network is unreachable", "unreachable"),
    ("server does not support ssl", "tls-unsupported"),
    ("root certificate file", "ca-missing"),
    ("does not match host name", "tls-hostname"),
    ("certificate verify failed", "tls-verify"),
    ("no pg_hba.conf entry", "not-allowed-here"),
    ("password authentication failed", "auth"),
    ("authentication failed", "auth"),
    ("no password supplied", "auth"),
    (" does not exist", None),  # a role or a database: see _connect_failure
    ("is not permitted to log in", "login-disabled"),
    ("permission denied for database", "no-access"),
    ("does not have connect privilege", "no-access"),
    ("ssl", "tls"),
)


def _reason(message: str, password: str | None) -> str:
    """libpq's own words, one line, without the 'connection to server at … failed:' preamble."""
    # With several addresses, psycopg puts the last attempt's error first, then the list.
    line = next((ln.strip() for ln in message.splitlines() if ln.strip()), "")
    line = re.sub(r'^(connection failed:\s*)?(connection to server at "[^"]*"(?: \([^)]*\))?, port \d+ failed:\s*)?',
                  "", line)
    line = re.sub(r"^(FATAL|ERROR):\s+", "", line).strip()
    if password and password in line:  # libpq never echoes it; belt and braces
        line = line.replace(password, "***")
    return line


def _connect_failure(exc: BaseException, *, host: str, port: int, database: str, agent: str, password: str,
                     sslmode: str | None, timeout: int) -> ProfileError:
    """One line for a failed connect (a psycopg OperationalError), and its kind."""
    text = str(exc)
    low = text.lower()
    where = f"{host}:{port}"
    kind = None
    if type(exc).__name__ == "ConnectionTimeout":
        kind = "timeout"
    else:
        for needle, found in _CONNECT_FAILURES:
            if needle in low:
                kind = found
                if found is None:  # 'role "x" does not exist' or 'database "y" does not exist'
                    kind = "no-database" if 'database "' in low else "auth"
                break
    reason = _reason(text, password)
    messages = {
        "timeout": f"the server at {where} did not answer within {timeout} s: check the host, the port and "
                   "your network (VPN)",
        "unknown-host": f"unknown server name '{host}': check the host",
        "unreachable": f"nothing answers at {where} ({reason}): check the host and the port, "
                       "or whether the server is running",
        "tls-unsupported": f"the server at {where} does not offer TLS (SSL), but sslmode '{sslmode}' requires it",
        "ca-missing": f"TLS: the CA file was not found ({reason})",
        "tls-hostname": f"TLS: the server's certificate is not for '{host}' ({reason})",
        "tls-verify": f"TLS: the server's certificate could not be verified with the CA file ({reason})",
        "tls": f"TLS problem with {where}: {reason}",
        "not-allowed-here": f"the server at {where} does not accept this login from this computer "
                            f"(no pg_hba.conf entry): ask an admin",
        "auth": f"wrong login or password for '{agent}'",
        "login-disabled": f"the login '{agent}' may not sign in: ask an admin",
        "no-database": f"there is no database '{database}' at {where}: check the database name",
        "no-access": f"the login '{agent}' has no access to the database '{database}': ask an admin "
                     "to add you ('agentdesk admin add-agent')",
    }
    message = messages.get(kind) or f"cannot connect to {where}/{database} as '{agent}': {reason}"
    return ProfileError(message, kind=kind or "connect", host=host, port=port, database=database, login=agent,
                        sslmode=sslmode, timeout=timeout, reason=reason)


def test_connection(server: str, agent: str, password: str, sslmode: str | None = None,
                    sslrootcert: str | None = None, timeout: float = 5) -> dict:
    """Connects to the team server as the agent, checks the schema and the agent's row.

    Returns {"revision", "name", "role"}. Every failure is a ProfileError with one line
    (and a ``kind``): unreachable or silent host, wrong login or password, TLS, missing
    database, incompatible schema (IncompatibleServer's message), no agent row. The
    password never appears in a message or a log. Blocks up to ``timeout`` seconds for
    the connection (at least 2, libpq's floor) and as long again for the queries: call it
    off the GUI thread.
    """
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.pool import NullPool

    from agentdesk.db import head_revision, known_revisions
    from agentdesk.sync.compat import IncompatibleServer, check_server_schema, server_revision

    _check_login(agent)
    if not password:
        raise ProfileError("a password is needed", kind="no-password")
    server, tls = normalize_server(server, agent)
    sslmode, sslrootcert = _check_tls(sslmode or tls.get("sslmode"), sslrootcert or tls.get("sslrootcert"))
    probe = Profile(name="connection-test", server=server, agent=agent, sslmode=sslmode, sslrootcert=sslrootcert)
    url = make_url(connect_url(probe, password)).set(drivername="postgresql+psycopg")
    seconds = max(MIN_CONNECT_TIMEOUT, int(round(timeout)))
    where = {"host": url.host, "port": url.port or 5432, "database": url.database}
    engine = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": seconds})
    try:
        try:
            conn = engine.connect()
        except DBAPIError as exc:
            raise _connect_failure(exc.orig, **where, agent=agent, password=password, sslmode=sslmode,
                                   timeout=seconds) from None
        with conn:
            try:
                conn.exec_driver_sql(f"SET statement_timeout = {seconds * 1000}")
                try:
                    revision = check_server_schema(conn)
                except IncompatibleServer as exc:
                    rev = server_revision(conn)
                    kind = "no-schema" if rev is None else "server-newer" if rev not in known_revisions() \
                        else "server-older"
                    raise ProfileError(str(exc), kind=kind, revision=rev, head=head_revision()) from None
                row = conn.execute(text("SELECT name, role FROM agents WHERE login = :login AND NOT deleted"),
                                   {"login": agent}).first()
            except DBAPIError as exc:
                reason = _reason(str(exc.orig), password)
                if type(exc.orig).__name__ == "InsufficientPrivilege":
                    raise ProfileError(f"the login '{agent}' cannot read this workspace ({reason}): ask an admin "
                                       "to set the server up ('agentdesk admin init-server')", kind="no-access",
                                       login=agent, reason=reason, **where) from None
                if type(exc.orig).__name__ == "QueryCanceled":
                    raise ProfileError(f"the server at {where['host']}:{where['port']} did not answer within "
                                       f"{seconds} s", kind="timeout", timeout=seconds, **where) from None
                raise ProfileError(f"the team server answered with an error: {reason}", kind="server-error",
                                   reason=reason) from None
    finally:
        engine.dispose()
    if row is None:
        raise ProfileError(f"the login '{agent}' is not an agent of this workspace: ask an admin to add you "
                           "('agentdesk admin add-agent')", kind="not-an-agent", login=agent)
    return {"revision": revision, "name": row.name, "role": row.role}


test_connection.__test__ = False  # a library function, not a pytest test, wherever it is imported


# --- secrets ---------------------------------------------------------------------------
def keyring_status() -> tuple[bool, str]:
    """(usable, what to tell the user). A plain-text file keyring does not count."""
    try:
        import keyring
        from keyring.backends import chainer, fail

        ring = keyring.get_keyring()
    except Exception as exc:  # a broken keyring install must not stop the app
        return False, f"the OS keyring cannot be used ({exc})"
    backends = list(ring.backends) if isinstance(ring, chainer.ChainerBackend) else [ring]
    backends = [b for b in backends if not isinstance(b, fail.Keyring)]
    if not backends:
        return False, "no OS keyring is available on this machine"
    plain = [type(b).__name__ for b in backends if "plaintext" in type(b).__name__.lower()]
    if plain:
        return False, f"the keyring found ({plain[0]}) keeps passwords in plain text"
    return True, f"OS keyring: {type(ring).__module__}.{type(ring).__name__}"


def read_secret(prompt: str, *, env: str | None = PASSWORD_ENV, confirm: bool = False, what: str = "password") -> str:
    """From the environment (scripts) or a terminal prompt that does not echo; never argv."""
    value = os.environ.get(env) if env else None
    if value is None:
        if not sys.stdin.isatty():
            # getpass would fall back to reading stdin with echo; refuse instead.
            raise ProfileError(f"a {what} is needed: run in a terminal to be asked, or set {env}")
        value = getpass.getpass(prompt)
        if confirm and getpass.getpass("Again: ") != value:
            raise ProfileError(f"the two {what}s differ")
    if not value:
        raise ProfileError(f"an empty {what} is not allowed")
    return value


def _fernet(passphrase: str, salt: bytes):
    try:
        from cryptography.fernet import Fernet
        from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
    except ImportError:
        raise ProfileError("the encrypted password file needs the 'cryptography' package") from None
    key = Scrypt(salt=salt, length=32, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P).derive(passphrase.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(key))


def _check_passphrase(passphrase: str) -> str:
    if len(passphrase) < MIN_PASSPHRASE:
        raise ProfileError(f"the passphrase must have at least {MIN_PASSPHRASE} characters",
                           kind="short-passphrase", minimum=MIN_PASSPHRASE)
    return passphrase


def write_encrypted_password(profile: Profile, password: str, passphrase: str) -> Path:
    _check_passphrase(passphrase)
    salt = os.urandom(16)
    token = _fernet(passphrase, salt).encrypt(password.encode("utf-8"))
    data = {"version": 1, "kdf": "scrypt", "n": _SCRYPT_N, "r": _SCRYPT_R, "p": _SCRYPT_P,
            "salt": base64.b64encode(salt).decode(), "login": profile.agent, "token": token.decode()}
    _atomic_write(profile.secret_path, json.dumps(data, indent=2).encode())
    return profile.secret_path


def read_encrypted_password(profile: Profile, passphrase: str) -> str:
    from cryptography.fernet import InvalidToken

    try:
        data = json.loads(profile.secret_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError(f"profile '{profile.name}' has no encrypted password file; add the profile again") from None
    if data.get("kdf") != "scrypt" or data.get("version") != 1:
        raise ProfileError(f"unknown password file format in {profile.secret_path}")
    salt = base64.b64decode(data["salt"])
    try:
        from cryptography.fernet import Fernet
        from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

        key = Scrypt(salt=salt, length=32, n=data["n"], r=data["r"], p=data["p"]).derive(passphrase.encode("utf-8"))
        return Fernet(base64.urlsafe_b64encode(key)).decrypt(data["token"].encode()).decode("utf-8")
    except InvalidToken:
        raise ProfileError(f"wrong passphrase for profile '{profile.name}'") from None


def password_for(profile: Profile) -> str:
    """AGENTDESK_PASSWORD, else the profile's store, else a prompt in a terminal."""
    env = os.environ.get(PASSWORD_ENV)
    if env:
        return env
    reason = "the password is asked each time"
    if profile.password_store == "keyring":
        usable, reason = keyring_status()
        if usable:
            import keyring

            stored = keyring.get_password(KEYRING_SERVICE, profile.keyring_user)
            if stored:
                return stored
            reason = "the keyring has no password for it"
    elif profile.password_store == "encrypted-file":
        passphrase = read_secret(f"Passphrase for profile '{profile.name}': ", env=PASSPHRASE_ENV, what="passphrase")
        return read_encrypted_password(profile, passphrase)
    if not sys.stdin.isatty():
        raise ProfileError(f"profile '{profile.name}' needs a password ({reason}): "
                           f"run in a terminal to be asked, or set {PASSWORD_ENV}")
    return read_secret(f"Password for {profile.agent} ({profile.name}): ", env=None)


def delete_secrets(profile: Profile) -> None:
    if profile.password_store == "keyring" and keyring_status()[0]:
        import keyring
        from keyring.errors import PasswordDeleteError

        try:
            keyring.delete_password(KEYRING_SERVICE, profile.keyring_user)
        except PasswordDeleteError:
            pass  # already gone
    profile.secret_path.unlink(missing_ok=True)


# --- adding and removing ---------------------------------------------------------------
def _check_login(agent: str) -> str:
    from agentdesk.server.security import check_login

    try:
        return check_login(agent)
    except ValueError as exc:
        raise ProfileError(str(exc), kind="invalid-login", login=agent) from None


def _check_tls(sslmode: str | None, sslrootcert: str | None) -> tuple[str | None, str | None]:
    if sslmode and sslmode not in SSLMODES:
        raise ProfileError(f"invalid sslmode '{sslmode}': expected one of {', '.join(SSLMODES)}",
                           kind="invalid-sslmode", sslmode=sslmode)
    if sslrootcert:
        path = Path(sslrootcert).expanduser()
        if not path.is_file():
            raise ProfileError(f"CA file not found: {sslrootcert}", kind="ca-missing", path=sslrootcert)
        sslrootcert = str(path.resolve())
    return sslmode or None, sslrootcert or None


def add_profile(name: str, *, server: str, agent: str, sslmode: str | None = None, sslrootcert: str | None = None,
                store: str | None = None, replace: bool = False, password: str | None = None,
                passphrase: str | None = None) -> tuple[Profile, list[str]]:
    """Validates, keeps the password where the user chose, then saves the profile.

    ``store`` None means: the keyring if one is usable, else ask each time (and say so).
    ``password`` and ``passphrase`` come from a window; when None they are read as before
    (AGENTDESK_PASSWORD / AGENTDESK_PASSPHRASE or a terminal prompt). Replacing a profile
    forgets the password the old one kept. Returns the profile and the notes to show the user.
    """
    check_name(name)
    _check_login(agent)
    server, tls = normalize_server(server, agent)
    sslmode, sslrootcert = _check_tls(sslmode or tls.get("sslmode"), sslrootcert or tls.get("sslrootcert"))
    profiles = load_profiles()
    if name in profiles and not replace:
        raise ProfileError(f"profile '{name}' already exists (remove it first)", kind="exists", name=name)
    notes: list[str] = []
    usable, status = keyring_status()
    if store is None:
        store = "keyring" if usable else "ask"
        if not usable:
            notes.append(f"{status}; the password will be asked each time (or set {PASSWORD_ENV}). "
                         "To keep it in a passphrase-encrypted file instead, add --store-password encrypted-file.")
    elif store == "keyring" and not usable:
        raise ProfileError(f"{status}; use --store-password ask or --store-password encrypted-file",
                           kind="no-keyring")
    if store not in STORES:
        raise ProfileError(f"invalid password store '{store}': expected one of {', '.join(STORES)}")
    if store != "ask" and password is not None and not password:
        raise ProfileError("an empty password is not allowed", kind="no-password")
    if store == "encrypted-file" and passphrase is not None:
        _check_passphrase(passphrase)
    profile = Profile(name=name, server=server, agent=agent, sslmode=sslmode, sslrootcert=sslrootcert,
                      password_store=store)
    if store == "keyring":
        secret = password if password is not None else read_secret(f"Password for {agent}: ", confirm=True)
        if name in profiles:
            delete_secrets(profiles[name])
        import keyring
        from keyring.errors import KeyringError

        try:
            keyring.set_password(KEYRING_SERVICE, profile.keyring_user, secret)
        except KeyringError as exc:
            raise ProfileError(f"the OS keyring did not keep the password: {exc}", kind="keyring-failed") from None
        notes.append(f"password kept in the {status}")
    elif store == "encrypted-file":
        secret = password if password is not None else read_secret(f"Password for {agent}: ", confirm=True)
        if passphrase is None:
            passphrase = _check_passphrase(read_secret("Passphrase to encrypt it: ", env=PASSPHRASE_ENV,
                                                       confirm=True, what="passphrase"))
        if name in profiles:
            delete_secrets(profiles[name])
        notes.append(f"password kept encrypted in {write_encrypted_password(profile, secret, passphrase)}")
    elif name in profiles:
        delete_secrets(profiles[name])
    profiles[name] = profile
    save_profiles(profiles)
    return profile, notes


def remove_profile(name: str) -> Profile:
    """Forgets the profile and its secrets; the replica stays (it may hold unsynced writes)."""
    profiles = load_profiles()
    profile = profiles.pop(name, None)
    if profile is None:
        raise ProfileError(f"no profile '{name}' (see 'agentdesk profile list')")
    delete_secrets(profile)
    save_profiles(profiles)
    return profile
