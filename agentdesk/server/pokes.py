"""Live pokes: one LISTEN connection per server process, fanned out to its WebSockets.

Every write transaction ends with ``pg_notify('agentdesk_sync', {"team", "v"})``
(server/tx.py), delivered at commit to every listening connection of the database, so
each server process behind a load balancer hears every change, whichever process
made it, and tells its own desks. A poke carries no data: the desk pulls, through the
same scoped feed as always, so a poke can never leak a row.

A desk that reads slowly is not queued for: its poke is a flag that coalesces (the
latest version wins), so one stuck socket costs one small task, never memory.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect

from agentdesk.sync import protocol as p

log = logging.getLogger("agentdesk.server")

SEND_TIMEOUT = 10.0  # seconds a desk may take to read a poke before it is dropped
# At most one poke per desk per this many seconds: each poke costs a pull, and a busy
# team commits many times a second. The first change after a quiet spell goes at once;
# changes during the pause are one poke at its end (the flag coalesces them).
MIN_INTERVAL = 0.1
RETRY_CAP = 30.0


# Live events that are not changes (issue 14: who is typing on a chat ticket) travel on a
# channel of their own, so every server process hears them whichever one took them.
LIVE_CHANNEL = "agentdesk_live"
LIVE_QUEUE = 32  # live events waiting for one slow desk; past that the oldest go (typing is transient)


class _Client:
    def __init__(self, ws: WebSocket, team: str | None, admin: bool):
        self.ws = ws
        self.team = team
        self.admin = admin
        self.version = 0
        self.dirty = asyncio.Event()
        self.live: asyncio.Queue[dict] = asyncio.Queue(LIVE_QUEUE)

    def concerns(self, team: str | None) -> bool:
        # A change by someone without a team (an admin, a tool) may touch any team.
        return self.admin or team is None or self.team is None or team == self.team


class PokeHub:
    def __init__(self, conninfo: str):
        self.conninfo = conninfo.replace("postgresql+psycopg://", "postgresql://", 1)
        self.clients: set[_Client] = set()
        self.listening = False
        self.notifications = 0
        self._stop = asyncio.Event()
        self._conn: Any = None  # the LISTEN connection, closed by stop() to wake the loop
        # Others in this process that follow the feed (server/webchat.py's visitors' streams):
        # each is called with {"kind": "poke", "team", "v"} or a live event, on the loop.
        self.watchers: set[Callable[[dict], None]] = set()
        # What a desk sends on its socket (a typing event): handled by server/webchat.py.
        self.on_desk_message: Callable[[Any, dict], Awaitable[None]] | None = None

    # --- the desks' side ---------------------------------------------------------------
    async def serve(self, ws: WebSocket, who) -> None:
        client = _Client(ws, p.plain(who.team_id), who.role == "admin")
        self.clients.add(client)
        client.dirty.set()  # a first poke: pull now, anything may have happened since the last
        reader = asyncio.create_task(self._drain(ws, who))
        try:
            while True:
                waiter = asyncio.create_task(client.dirty.wait())
                live = asyncio.create_task(client.live.get())
                done, _ = await asyncio.wait({waiter, live, reader}, return_when=asyncio.FIRST_COMPLETED)
                if reader in done:  # the desk went away
                    waiter.cancel()
                    live.cancel()
                    return
                if live in done:  # a live event goes at once, between pokes
                    waiter.cancel()
                    await asyncio.wait_for(ws.send_text(json.dumps(live.result())), SEND_TIMEOUT)
                    continue
                live.cancel()
                client.dirty.clear()
                await asyncio.wait_for(ws.send_text(json.dumps({"v": client.version, "live": self.listening})),
                                       SEND_TIMEOUT)
                await asyncio.sleep(MIN_INTERVAL)
        except (TimeoutError, WebSocketDisconnect, RuntimeError, OSError):
            return
        finally:
            self.clients.discard(client)
            reader.cancel()

    async def _drain(self, ws: WebSocket, who) -> None:
        """Reads what the desk sends until it disconnects: a JSON object (a typing event)
        goes to ``on_desk_message``; anything else is ignored."""
        while True:
            message = await ws.receive()
            if message.get("type") == "websocket.disconnect":
                return
            text = message.get("text")
            if self.on_desk_message is None or not text or len(text) > 1024:
                continue
            try:
                data = json.loads(text)
            except ValueError:
                continue
            if isinstance(data, dict):
                try:
                    await self.on_desk_message(who, data)
                except Exception:  # noqa: BLE001 - one bad event must not cut the desk's pokes
                    log.warning("a desk's live event failed", exc_info=True)

    def live(self, event: dict) -> None:
        """A live event heard on LIVE_CHANNEL: to the desks of its team, and to the watchers."""
        team = event.get("team")
        for client in list(self.clients):
            # A ticket's own team only (a ticket without one: the admins, who triage it).
            if event.get("desks", True) and (client.admin or (team is not None and client.team == team)):
                if client.live.full():
                    client.live.get_nowait()
                client.live.put_nowait({k: v for k, v in event.items() if k != "desks"})
        self._tell_watchers(event)

    def _tell_watchers(self, event: dict) -> None:
        for watcher in list(self.watchers):
            try:
                watcher(event)
            except Exception:  # noqa: BLE001 - a watcher's bug must not stop the pokes
                log.warning("a feed watcher failed", exc_info=True)

    def poke(self, team: str | None, version: int) -> None:
        for client in list(self.clients):
            if client.concerns(team):
                client.version = max(client.version, version)
                client.dirty.set()
        self._tell_watchers({"kind": "poke", "team": team, "v": version})

    def poke_all(self) -> None:
        for client in list(self.clients):
            client.dirty.set()
        self._tell_watchers({"kind": "poke", "team": None, "v": 0})

    # --- the database's side -------------------------------------------------------------
    async def run(self) -> None:
        """LISTEN until stopped; reconnects with backoff, and pokes everyone after a
        reconnect (what was committed meanwhile was never announced)."""
        import psycopg

        failures = 0
        while not self._stop.is_set():
            try:
                async with await psycopg.AsyncConnection.connect(self.conninfo, autocommit=True,
                                                                 connect_timeout=5) as conn:
                    self._conn = conn
                    # The feed's channel last: pg_stat_activity shows it as this connection's
                    # query (the fault tests count listening servers by it).
                    await conn.execute(f"LISTEN {LIVE_CHANNEL}")
                    await conn.execute(f"LISTEN {p.NOTIFY_CHANNEL}")
                    self.listening = True
                    if failures:
                        log.info("LISTEN is back after %d attempts", failures)
                        self.poke_all()
                    failures = 0
                    async for note in conn.notifies():
                        if note.channel == LIVE_CHANNEL:
                            try:
                                event = json.loads(note.payload)
                            except ValueError:
                                continue
                            if isinstance(event, dict):
                                self.live(event)
                            continue
                        self.notifications += 1
                        try:
                            data = json.loads(note.payload)
                            team, version = data.get("team"), int(data.get("v") or 0)
                        except (ValueError, TypeError, AttributeError):
                            team, version = None, 0
                        self.poke(team, version)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - the database restarted, the network dropped
                self.listening = False
                failures += 1
                if failures == 1:
                    log.warning("LISTEN lost: %s", str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
                self.poke_all()  # desks pull now (and fall back to polling if the pull fails)
                delay = min(RETRY_CAP, 0.5 * 2 ** min(failures, 6)) * random.uniform(0.5, 1.0)
                try:
                    await asyncio.wait_for(self._stop.wait(), delay)
                except TimeoutError:
                    pass
            finally:
                self.listening = False
                self._conn = None

    async def stop(self) -> None:
        self._stop.set()
        self._tell_watchers({"kind": "stop"})
        for client in list(self.clients):
            try:
                await client.ws.close(code=1001)
            except Exception:  # noqa: BLE001 - already gone
                pass
