"""The desk's side of the wire: HTTP to `agentdesk server` (httpx) and its WebSocket of
live pokes (websockets). No Qt, no server code, no database credentials.

    t = HttpTransport("https://team.example:8443", "kim.minji", password_source=ask)
    t.push(client_id, [outbox entries as dicts])     # {"results": [...], "error"?}
    for event in t.pull(epoch, after, 500, []): ...  # the feed's events (server/feed.py)

Signing in: the transport holds a session token (from the profile's store, or from
signing in with ``password_source()``); when the server says the token is no longer
good (expired, revoked), it signs in again once if it can ask for the password, and
otherwise raises ``SignedOut``. ``on_token`` is told of every new token so the profile
can keep it (keyring).
"""

from __future__ import annotations

import json
import logging
import random
import ssl
import threading
import uuid
from datetime import datetime, UTC
from typing import NamedTuple
from collections.abc import Callable, Generator
from urllib.parse import urlsplit

import httpx

from agentdesk import __version__
from agentdesk.sync import wire
from agentdesk.sync.compat import IncompatibleServer, describe_mismatch

log = logging.getLogger("agentdesk.sync")

SCHEMA_HEADER = "X-AgentDesk-Schema"
PUSH_BATCH = 200  # mutations per request (the server takes up to 500)
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


class TransportError(Exception):
    """The server could not be reached or could not answer now: retried later.
    ``retry_after``: seconds the server asked for (429, 503), else None."""

    def __init__(self, message: str, retry_after: float | None = None, busy: bool = False):
        super().__init__(message)
        self.retry_after = retry_after
        self.busy = busy  # the server is up and asked this desk to slow down (429)


class SignedOut(Exception):
    """The desk must sign in (again): no token, or the server no longer accepts it, and
    no password could be asked for. Nothing is lost; the outbox waits."""


class Refused(Exception):
    """The server refused the request itself (400, 403, 413): a bug or a hostile desk,
    not worth retrying as is."""


class Present(NamedTuple):
    """Another agent on a ticket: (name, activity, seen_at as aware UTC)."""

    name: str
    activity: str
    seen_at: datetime


def tls_context(ca_file: str | None = None) -> ssl.SSLContext:
    """The system's trust store (or ``ca_file``, for a team's own CA); certifi's bundle
    where the system has none (a frozen app on a bare machine)."""
    ctx = ssl.create_default_context(cafile=ca_file)
    if ca_file is None and not ctx.cert_store_stats().get("x509_ca"):
        import certifi

        ctx.load_verify_locations(certifi.where())
    return ctx


def check_server_url(url: str) -> str:
    """https://HOST[:PORT], or http:// on this machine only (a desk and server side by
    side); one line otherwise."""
    parts = urlsplit((url or "").strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(f"not a team server address: {url!r} (expected https://HOST[:PORT])")
    if parts.username or parts.password:
        raise ValueError("leave the login and password out of the server address")
    if parts.scheme == "http" and parts.hostname not in LOOPBACK:
        raise ValueError("plain http is only for a server on this machine (127.0.0.1); use https://")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


class HttpTransport:
    def __init__(self, server: str, login: str, *, token: str | None = None,
                 password_source: Callable[[], str | None] | None = None,
                 on_token: Callable[[str, str], None] | None = None, ca_file: str | None = None,
                 client: httpx.Client | None = None, timeout: float = 10.0, ws_connect=None):
        from agentdesk.db import head_revision

        self.server = check_server_url(server)
        self.login = login
        self.token = token
        self.password_source = password_source
        self.on_token = on_token
        self.schema = head_revision()
        self.agent: dict | None = None  # the signed-in agent, as the server describes it
        self._ssl = tls_context(ca_file) if self.server.startswith("https") else None
        self._own_client = client is None
        self.http = client or httpx.Client(base_url=self.server, timeout=httpx.Timeout(timeout, connect=5.0),
                                           verify=self._ssl if self._ssl is not None else True)
        self._ws_connect = ws_connect  # tests: an in-process WebSocket
        self._lock = threading.Lock()  # the sync and presence threads share the token
        self._signing_in = threading.Lock()
        self.remember = True  # False: the desk keeps no sign-in, so the server's session is short
        self.sign_in_hint = ""  # how to sign in, where there is no one to ask (the CLI's words)

    # --- signing in ------------------------------------------------------------------------
    def sign_in(self, password: str) -> dict:
        """Signs in with the password; returns the server's answer (token, agent, expiry)."""
        try:
            r = self.http.post("/api/v1/login", content=wire.dumps(
                {"login": self.login, "password": password, "client": f"AgentDesk {__version__}",
                 "remember": self.remember}),
                headers={"content-type": "application/json"})
        except httpx.HTTPError as exc:
            raise TransportError(_network_message(self.server, exc)) from None
        if r.status_code == 401:
            raise SignedOut(_message(r) or "wrong login or password")
        self._raise_for(r)
        data = r.json()
        with self._lock:
            self.token = data["token"]
            self.agent = data.get("agent")
        if self.on_token is not None:
            self.on_token(data["token"], data.get("expires_at", ""))
        return data

    def sign_out(self) -> None:
        if self.token:
            try:
                self._call("POST", "/api/v1/logout", retry_auth=False)
            except (TransportError, SignedOut, Refused):
                pass  # it expires anyway
        self.token = None

    def _ensure_token(self) -> str:
        # One sign-in at a time: the sync thread and the pokes' thread both start signed
        # out, and two sign-ins would leave a second session on the server.
        with self._signing_in:
            with self._lock:
                if self.token:
                    return self.token
            password = self.password_source() if self.password_source is not None else None
            if not password:
                raise SignedOut(f"sign in to {self.server} as {self.login}" + (f" ({self.sign_in_hint})"
                                                                                 if self.sign_in_hint else ""))
            self.sign_in(password)
            return self.token or ""

    # --- requests ----------------------------------------------------------------------------
    def _headers(self, token: str) -> dict:
        return {"authorization": f"Bearer {token}", SCHEMA_HEADER: self.schema, "content-type": "application/json"}

    def _call(self, method: str, path: str, body=None, retry_auth: bool = True, *, raw: bytes | None = None) -> httpx.Response:
        """One request with the token (JSON ``body``, or ``raw`` bytes), signed in again once
        if the token is refused."""
        token = self._ensure_token()
        headers = self._headers(token)
        if raw is not None:
            headers["content-type"] = "application/octet-stream"
        try:
            r = self.http.request(method, path, content=raw if raw is not None else None if body is None
                                  else wire.dumps(body), headers=headers)
        except httpx.HTTPError as exc:
            raise TransportError(_network_message(self.server, exc)) from None
        if r.status_code == 401 and retry_auth:
            with self._lock:
                if self.token == token:
                    self.token = None
            return self._call(method, path, body, retry_auth=False, raw=raw)
        self._raise_for(r)
        return r

    def _raise_for(self, r: httpx.Response) -> None:
        if r.status_code < 400:
            return
        message = _message(r) or f"HTTP {r.status_code}"
        if r.status_code == 401:
            with self._lock:
                self.token = None
            raise SignedOut(message)
        if r.status_code == 409:
            server_schema = _json(r).get("server_schema")
            raise IncompatibleServer(describe_mismatch(server_schema))
        if r.status_code in (429, 503) or r.status_code >= 500:
            retry = r.headers.get("retry-after")
            try:
                after = float(retry) if retry else None
            except ValueError:
                after = None
            raise TransportError(f"the team server is busy: {message}" if r.status_code == 429
                                 else f"the team server could not answer: {message}", after,
                                 busy=r.status_code == 429)
        raise Refused(message)

    # --- the API ------------------------------------------------------------------------------
    def health(self) -> dict:
        try:
            r = self.http.get("/health")
        except httpx.HTTPError as exc:
            raise TransportError(_network_message(self.server, exc)) from None
        self._raise_for(r)
        return r.json()

    def me(self) -> dict:
        data = self._call("GET", "/api/v1/me").json()
        self.agent = data.get("agent")
        return data

    def push(self, client_id: uuid.UUID, mutations: list[dict]) -> dict:
        return self._call("POST", "/api/v1/push", {"client_id": str(client_id), "mutations": mutations}).json()

    def pull(self, epoch: str | None, after: int, window: int, refetch: list) -> Generator[dict, None, None]:
        """The pull's events as they stream in (one server snapshot)."""
        token = self._ensure_token()
        body = {"epoch": epoch, "after": after, "window": window, "refetch": refetch}
        for attempt in (1, 2):
            try:
                with self.http.stream("POST", "/api/v1/pull", content=wire.dumps(body),
                                      headers=self._headers(token)) as r:
                    if r.status_code == 401 and attempt == 1:
                        with self._lock:
                            if self.token == token:
                                self.token = None
                        token = self._ensure_token()
                        continue
                    if r.status_code >= 400:
                        r.read()
                        self._raise_for(r)
                    ended = False
                    for line in r.iter_lines():
                        if not line:
                            continue
                        event = wire.loads(line)
                        ended = event.get("type") == "end"
                        yield event
                    if not ended:
                        raise TransportError("the pull was cut off before its end")
                    return
            except httpx.HTTPError as exc:
                raise TransportError(_network_message(self.server, exc)) from None

    def presence(self, ticket_id, activity: str = "viewing") -> list[Present]:
        data = self._call("POST", "/api/v1/presence", {"ticket_id": None if ticket_id is None else str(ticket_id),
                                                       "activity": activity}).json()
        return [Present(o["name"], o["activity"], datetime.fromisoformat(o["seen_at"]).astimezone(UTC))
                for o in data.get("others", [])]

    def team_presence(self) -> dict[uuid.UUID, tuple[uuid.UUID, str]]:
        """{agent id: (ticket id, activity)} of the reader's agents (leads and admins)."""
        data = self._call("GET", "/api/v1/presence/team").json()
        return {uuid.UUID(r["agent_id"]): (uuid.UUID(r["ticket_id"]), r["activity"]) for r in data.get("presence", [])}

    def upload_blob(self, data: bytes) -> dict:
        """A file's content, before the message that names it is pushed: the server answers
        with what it computed ({"sha256", "size", "mime_type"})."""
        return self._call("POST", "/api/v1/blobs", raw=data).json()

    def fetch_attachment(self, attachment_id) -> bytes:
        """An attachment's content (a file of a ticket of this agent's team), at most
        MAX_FILE_BYTES: a longer answer is cut off and refused."""
        from agentdesk.services.attachments import MAX_FILE_BYTES

        token = self._ensure_token()
        for attempt in (1, 2):
            try:
                with self.http.stream("GET", f"/api/v1/attachments/{attachment_id}", headers=self._headers(token)) as r:
                    if r.status_code == 401 and attempt == 1:
                        with self._lock:
                            if self.token == token:
                                self.token = None
                        token = self._ensure_token()
                        continue
                    if r.status_code >= 400:
                        r.read()
                        self._raise_for(r)
                    data = bytearray()
                    for chunk in r.iter_bytes():
                        data += chunk
                        if len(data) > MAX_FILE_BYTES:
                            raise Refused("the attachment the server sent is larger than any file may be")
                    return bytes(data)
            except httpx.HTTPError as exc:
                raise TransportError(_network_message(self.server, exc)) from None
        raise SignedOut(f"sign in to {self.server} as {self.login}")

    # --- live pokes ---------------------------------------------------------------------------
    def open_pokes(self):
        """A WebSocket of pokes, as a context manager (blocking iteration yields each
        message's text)."""
        token = self._ensure_token()
        headers = {"Authorization": f"Bearer {token}", SCHEMA_HEADER: self.schema}
        if self._ws_connect is not None:
            return self._ws_connect("/api/v1/pokes", headers)
        from websockets.sync.client import connect

        url = "ws" + self.server[4:] + "/api/v1/pokes"
        return connect(url, additional_headers=headers, ssl=self._ssl, open_timeout=5, close_timeout=1,
                       ping_interval=20, ping_timeout=20)

    def close(self) -> None:
        if self._own_client:
            self.http.close()


class PokeListener:
    """A thread that keeps the WebSocket of pokes open and calls ``on_poke`` for each;
    reconnects with backoff. ``connected`` says whether pokes can arrive now."""

    def __init__(self, transport: HttpTransport, on_poke: Callable[[], None],
                 on_live: Callable[[dict], None] | None = None):
        self.transport = transport
        self.on_poke = on_poke
        # Live events on the same socket (issue 14: a customer typing on a chat ticket):
        # {"kind": "typing", "ticket", "who", "on"}; they are not changes, so no pull.
        self.on_live = on_live
        self.connected = False
        self.pokes = 0
        self._stop = threading.Event()
        self._ws = None
        self._thread = threading.Thread(target=self._run, name="agentdesk-pokes", daemon=True)

    def start(self) -> PokeListener:
        self._thread.start()
        return self

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            try:
                with self.transport.open_pokes() as ws:
                    self._ws = ws
                    failures = 0
                    for message in ws:
                        if not self.connected:
                            self.connected = True
                        live = _live_event(message)
                        if live is not None:
                            if self.on_live is not None:
                                self.on_live(live)
                            continue
                        self.pokes += 1
                        self.on_poke()
                        if self._stop.is_set():
                            break
            except Exception as exc:  # noqa: BLE001 - server down, signed out: the runner polls meanwhile
                if failures == 0:
                    log.info("live updates unavailable: %s", str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
                failures += 1
            finally:
                was = self.connected
                self.connected = False
                self._close_ws()
                if was:
                    self.on_poke()  # pull now: something may have been missed meanwhile
            self._stop.wait(min(30.0, 0.5 * 2 ** min(failures, 6)) * random.uniform(0.5, 1.0))

    def send(self, event: dict) -> bool:
        """Sends a live event to the server (the agent typing on a chat ticket); False when
        the socket is not open (a typing indicator is best effort, never queued)."""
        ws = self._ws
        if ws is None or not self.connected:
            return False
        try:
            ws.send(json.dumps(event))
            return True
        except Exception:  # noqa: BLE001 - closing under us: the next one goes after the reconnect
            return False

    def _close_ws(self) -> None:
        ws, self._ws = self._ws, None
        if ws is not None:
            try:
                ws.close()
            except Exception:  # noqa: BLE001
                pass

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        self._close_ws()
        if self._thread.is_alive():
            self._thread.join(timeout)


def _live_event(message) -> dict | None:
    """A live event among the pokes (it has a "kind"); None for a poke."""
    if not isinstance(message, str) or '"kind"' not in message:
        return None
    try:
        data = json.loads(message)
    except ValueError:
        return None
    return data if isinstance(data, dict) and data.get("kind") else None


def _json(r: httpx.Response) -> dict:
    try:
        data = r.json()
        return data if isinstance(data, dict) else {}
    except (ValueError, json.JSONDecodeError):
        return {}


def _message(r: httpx.Response) -> str:
    return str(_json(r).get("error") or "").splitlines()[0][:300] if _json(r).get("error") else ""


def _network_message(server: str, exc: httpx.HTTPError) -> str:
    """One line for a failure to reach the server."""
    text = str(exc) or type(exc).__name__
    low = text.lower()
    if isinstance(exc, httpx.ConnectTimeout) or isinstance(exc, httpx.TimeoutException):
        return f"the team server at {server} did not answer in time: check the address and your network (VPN)"
    if "certificate" in low:
        return f"TLS: the team server's certificate could not be verified ({text.splitlines()[0]})"
    if "ssl" in low or "tls" in low:
        return f"TLS problem with {server} (does it serve https?): {text.splitlines()[0]}"
    if "name or service not known" in low or "nodename nor servname" in low or "getaddrinfo" in low:
        return f"unknown server name in {server}: check the address"
    if isinstance(exc, httpx.ConnectError):
        return f"nothing answers at {server}: check the address, or whether the server is running"
    return f"the connection to {server} failed: {text.splitlines()[0]}"


__all__ = ["HttpTransport", "PokeListener", "Present", "Refused", "SignedOut", "TransportError", "check_server_url",
           "tls_context"]
