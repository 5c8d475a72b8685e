"""Connection profiles: which team server, as which agent, with which local replica.

A profile is a name, the team server's address (``https://HOST[:PORT]``: `agentdesk
server`, never the database), the agent's login, an optional CA file and a local
replica path. Profiles live in ``config_dir()/profiles.json`` (written atomically,
never holding a secret).

Signing in trades the password for a session token (server/auth.py); the password is
never stored. The token lives in the OS keyring (service 'AgentDesk', user
'<profile>:<login>'). Where no usable keyring exists (a headless Linux box) the
password is asked each time (or read from AGENTDESK_PASSWORD in scripts), or, only if
the user opts in, the token is kept in a file encrypted with Fernet under a key that
scrypt derives from a passphrase. Never plain text on disk.

Plain Python (no Qt): the CLI and the "Connect to team workspace" dialog both use it.
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
STORES = ("keyring", "encrypted-file", "ask")
DEFAULT_PORT = 8443
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
    server: str  # https://host[:port] of `agentdesk server`
    agent: str  # the agent's login
    ca_file: str | None = None  # a team's own CA; None: the system's trust store
    password_store: str = "ask"  # where the sign-in (a token, never the password) is kept: keyring / encrypted-file / ask
    # Profiles from before the team server named a PostgreSQL URL and these; they are
    # read (so the file still loads) and refused with advice when used (``check_usable``).
    sslmode: str | None = None
    sslrootcert: str | None = None

    @property
    def replica_path(self) -> Path:
        return config.data_dir() / "profiles" / self.name / "replica.db"

    @property
    def keyring_user(self) -> str:
        return f"{self.name}:{self.agent}"

    @property
    def secret_path(self) -> Path:
        return config.config_dir() / "secrets" / f"{self.name}.json"

    @property
    def legacy(self) -> bool:
        return self.server.startswith("postgresql")


def check_usable(profile: Profile) -> Profile:
    """A profile of the direct-PostgreSQL design cannot sync any more: say what to do."""
    if profile.legacy:
        raise ProfileError(
            f"profile '{profile.name}' connects straight to the team database, which AgentDesk no longer does: "
            f"the team now runs 'agentdesk server'. Ask your admin for its address and run: agentdesk profile add "
            f"{profile.name} --server https://HOST:{DEFAULT_PORT} --agent {profile.agent} --replace "
            "(your local replica and unsent work are kept)", kind="legacy", name=profile.name)
    return profile


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
    """A valid profile name from the server's host and the login: ('team1.example.com', 'kim.minji')
    gives 'team1-kim.minji' (the host's first label; an IP address is kept whole)."""
    host = (host or "").strip().strip("[]")
    label = host if re.fullmatch(r"[0-9.]+", host) or ":" in host else host.split(".")[0]
    raw = "-".join(part for part in (label, (agent or "").strip()) if part)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", raw).strip("-._")[:64].rstrip("-._")
    return name or "team"


def server_url(host: str, port: int | None = None, scheme: str = "https") -> str:
    """https://HOST[:PORT] from the parts a person types (IPv6 hosts bracketed)."""
    host = (host or "").strip().strip("[]")
    if not host:
        raise ProfileError("a team server needs a host", kind="invalid-server")
    if ":" in host:
        host = f"[{host}]"
    return normalize_server(f"{scheme}://{host}" + (f":{port}" if port else ""))


def server_parts(server: str) -> tuple[str, int, str]:
    """(host, port, scheme) of a profile's server address: an address without a port is
    the scheme's own (443 or 80), as the connection goes."""
    from urllib.parse import urlsplit

    u = urlsplit(server)
    scheme = u.scheme or "https"
    return u.hostname or "", u.port or (80 if scheme == "http" else 443), scheme


def normalize_server(url: str) -> str:
    """The team server's address as a profile keeps it; one line when it is not one."""
    from agentdesk.sync.transport import check_server_url

    url = (url or "").strip()
    if url.startswith("postgresql"):
        raise ProfileError("that is a database address: desks now connect to the team server, "
                           f"https://HOST:{DEFAULT_PORT} ('agentdesk server'; ask your admin)", kind="invalid-server")
    if "://" not in url and url:
        url = "https://" + url
    try:
        return check_server_url(url)
    except ValueError as exc:
        raise ProfileError(str(exc), kind="invalid-server") from None


# --- signing in ------------------------------------------------------------------------
def _failure(exc: Exception, server: str) -> ProfileError:
    """One line and a kind for what went wrong talking to the server."""
    from agentdesk.sync.compat import IncompatibleServer
    from agentdesk.sync.transport import Refused, SignedOut, TransportError

    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if isinstance(exc, SignedOut):
        return ProfileError(text if "password" in text else f"wrong login or password ({text})", kind="auth")
    if isinstance(exc, IncompatibleServer):
        kind = "server-newer" if "newer" in text else "server-older" if "older" in text else "no-schema"
        return ProfileError(text, kind=kind)
    if isinstance(exc, TransportError):
        low = text.lower()
        kind = ("timeout" if "in time" in low else "tls-verify" if "certificate" in low else "tls" if "tls" in low else
                "unknown-host" if "unknown server name" in low else "busy" if "busy" in low else "unreachable")
        return ProfileError(text, kind=kind, server=server)
    if isinstance(exc, Refused):
        return ProfileError(f"the team server refused: {text}", kind="server-error")
    return ProfileError(f"cannot use the team server at {server}: {text}", kind="connect")


def test_connection(server: str, agent: str, password: str, ca_file: str | None = None,
                    timeout: float = 5) -> dict:
    """Signs in to the team server as the agent and checks the schema.

    Returns {"schema", "name", "role", "token", "expires_at"}. Every failure is a
    ProfileError with one line (and a ``kind``): unreachable or silent host, TLS, wrong
    login or password, incompatible schema, a server that is not AgentDesk's. The
    password never appears in a message or a log. Blocks up to about ``timeout``
    seconds per request: call it off the GUI thread.
    """
    from agentdesk.db import head_revision
    from agentdesk.sync.compat import IncompatibleServer, describe_mismatch
    from agentdesk.sync.transport import HttpTransport

    _check_login(agent)
    if not password:
        raise ProfileError("a password is needed", kind="no-password")
    server = normalize_server(server)
    ca_file = _check_ca(ca_file)
    transport = HttpTransport(server, agent, ca_file=ca_file, timeout=timeout)
    try:
        health = transport.health()
        if health.get("schema") != head_revision():
            raise IncompatibleServer(describe_mismatch(health.get("schema")))
        answer = transport.sign_in(password)
    except ProfileError:
        raise
    except Exception as exc:  # noqa: BLE001 - every failure becomes one line for the person
        error = _failure(exc, server)
        if password in str(error):  # never echoed by the server; belt and braces
            error = ProfileError(str(error).replace(password, "***"), kind=error.kind)
        raise error from None
    finally:
        transport.close()
    who = answer.get("agent") or {}
    return {"schema": answer.get("schema"), "name": who.get("name", agent), "role": who.get("role", "agent"),
            "token": answer["token"], "expires_at": answer.get("expires_at", "")}


test_connection.__test__ = False  # type: ignore[attr-defined]  # a library function, not a pytest test, wherever it is imported


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


def _keyring():
    import keyring

    return keyring


def stored_token(profile: Profile, passphrase: str | None = None) -> str | None:
    """The sign-in the profile keeps (keyring, or the encrypted file with ``passphrase``,
    else AGENTDESK_PASSPHRASE or a prompt); None when there is none yet."""
    raw = None
    if profile.password_store == "keyring" and keyring_status()[0]:
        raw = _keyring().get_password(KEYRING_SERVICE, profile.keyring_user)
    elif profile.password_store == "encrypted-file" and profile.secret_path.exists():
        if passphrase is None:
            passphrase = read_secret(f"Passphrase for profile '{profile.name}': ", env=PASSPHRASE_ENV,
                                     what="passphrase")
        raw = read_encrypted_password(profile, passphrase)
    if not raw:
        return None
    try:
        return json.loads(raw).get("token") or None
    except (ValueError, AttributeError):
        return None  # a password kept by an older AgentDesk: sign in again


def keep_token(profile: Profile, token: str, expires_at: str = "", passphrase: str | None = None) -> None:
    """Keeps a new sign-in where the profile says (nothing for 'ask')."""
    raw = json.dumps({"token": token, "expires_at": expires_at, "server": profile.server})
    if profile.password_store == "keyring":
        from keyring.errors import KeyringError

        try:
            _keyring().set_password(KEYRING_SERVICE, profile.keyring_user, raw)
        except KeyringError as exc:
            raise ProfileError(f"the OS keyring did not keep the sign-in: {exc}", kind="keyring-failed") from None
    elif profile.password_store == "encrypted-file" and passphrase:
        write_encrypted_password(profile, raw, passphrase)


def password_prompt(profile: Profile):
    """The CLI's way to get the password when the server wants a new sign-in:
    AGENTDESK_PASSWORD, else a prompt at a terminal, else None (signed out)."""
    def ask() -> str | None:
        env = os.environ.get(PASSWORD_ENV)
        if env:
            return env
        if not sys.stdin.isatty():
            return None
        return read_secret(f"Password for {profile.agent} ({profile.name}): ", env=None)

    return ask


def make_transport(profile: Profile, *, password_source=None, passphrase: str | None = None, **kwargs):
    """The desk's HTTP transport for ``profile``: its kept sign-in if any, signing in
    again with ``password_source()`` when the server wants it, and keeping each new
    token where the profile says."""
    from agentdesk.sync.transport import HttpTransport

    check_usable(profile)
    if profile.password_store == "encrypted-file" and passphrase is None and profile.secret_path.exists():
        passphrase = read_secret(f"Passphrase for profile '{profile.name}': ", env=PASSPHRASE_ENV, what="passphrase")
    token = None
    try:
        token = stored_token(profile, passphrase)
    except ProfileError:
        raise
    except Exception:  # noqa: BLE001 - a broken keyring: sign in instead
        token = None

    def on_token(new: str, expires: str) -> None:
        try:
            keep_token(profile, new, expires, passphrase)
        except ProfileError as exc:  # signed in anyway; it is asked again next time
            import logging

            logging.getLogger("agentdesk.sync").warning("%s", exc)

    transport = HttpTransport(profile.server, profile.agent, token=token, ca_file=profile.ca_file,
                              password_source=password_source or password_prompt(profile), on_token=on_token,
                              **kwargs)
    if password_source is None:
        transport.sign_in_hint = f"run in a terminal to be asked, or set {PASSWORD_ENV}"
    # Nothing keeps the token of a profile that asks each time: the server ends its
    # session after hours, not weeks, so every command run leaves no month-long session.
    transport.remember = profile.password_store != "ask"
    return transport


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
    from agentdesk.sync.protocol import LoginError, check_login

    try:
        return check_login(agent)
    except LoginError as exc:
        raise ProfileError(str(exc), kind="invalid-login", login=agent) from None


def _check_ca(ca_file: str | None) -> str | None:
    if ca_file:
        path = Path(ca_file).expanduser()
        if not path.is_file():
            raise ProfileError(f"CA file not found: {ca_file}", kind="ca-missing", path=ca_file)
        return str(path.resolve())
    return None


def add_profile(name: str, *, server: str, agent: str, ca_file: str | None = None, store: str | None = None,
                replace: bool = False, password: str | None = None, passphrase: str | None = None,
                token: str | None = None, expires_at: str = "") -> tuple[Profile, list[str]]:
    """Validates, signs in (unless the sign-in is asked each time, or ``token`` comes from
    a connection test), keeps the sign-in where the user chose, then saves the profile.

    ``store`` None means: the keyring if one is usable, else ask each time (and say so).
    ``password`` and ``passphrase`` come from a window; when None they are read as the
    CLI does (AGENTDESK_PASSWORD / AGENTDESK_PASSPHRASE or a terminal prompt). Replacing a
    profile forgets the sign-in the old one kept. Returns the profile and notes for the user.
    """
    check_name(name)
    _check_login(agent)
    server = normalize_server(server)
    ca_file = _check_ca(ca_file)
    profiles = load_profiles()
    if name in profiles and not replace:
        raise ProfileError(f"profile '{name}' already exists (remove it first, or --replace)", kind="exists", name=name)
    notes: list[str] = []
    usable, status = keyring_status()
    if store is None:
        store = "keyring" if usable else "ask"
        if not usable:
            notes.append(f"{status}; the password will be asked each time (or set {PASSWORD_ENV}). "
                         "To keep the sign-in in a passphrase-encrypted file instead, add --store-password encrypted-file.")
    elif store == "keyring" and not usable:
        raise ProfileError(f"{status}; use --store-password ask or --store-password encrypted-file",
                           kind="no-keyring")
    if store not in STORES:
        raise ProfileError(f"invalid password store '{store}': expected one of {', '.join(STORES)}")
    if store == "encrypted-file" and passphrase is not None:
        _check_passphrase(passphrase)
    if server.startswith("http://"):
        notes.append("plain http: only for a team server on this machine")
    profile = Profile(name=name, server=server, agent=agent, ca_file=ca_file, password_store=store)
    if store != "ask" and token is None:
        secret = password if password is not None else read_secret(f"Password for {agent}: ")
        answer = test_connection(server, agent, secret, ca_file)
        token, expires_at = answer["token"], answer["expires_at"]
        notes.append(f"signed in as {answer['name']} ({answer['role']})")
    if name in profiles:
        delete_secrets(profiles[name])
    if store == "keyring" and token:
        keep_token(profile, token, expires_at)
        notes.append(f"sign-in kept in the {status} (never the password)")
    elif store == "encrypted-file" and token:
        if passphrase is None:
            passphrase = _check_passphrase(read_secret("Passphrase to encrypt the sign-in: ", env=PASSPHRASE_ENV,
                                                       confirm=True, what="passphrase"))
        keep_token(profile, token, expires_at, passphrase)
        notes.append(f"sign-in kept encrypted in {profile.secret_path}")
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
