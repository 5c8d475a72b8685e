"""A team profile's local workspace: the replica file, its outbox capture, and the
client that syncs it with the server. What the CLI and the window both open for
``--profile`` (no Qt)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from collections.abc import Callable
from typing import TYPE_CHECKING

from agentdesk.db import Database, open_database
from agentdesk.sync import capture
from agentdesk.sync.engine import SyncClient
from agentdesk.sync.replica import LocalReplica

if TYPE_CHECKING:  # profiles imports this module
    from agentdesk.profiles import Profile

log = logging.getLogger("agentdesk.sync")


@dataclass
class TeamWorkspace:
    profile: Profile
    db: Database
    replica: LocalReplica
    capture: capture.OutboxCapture | None = None
    _client: SyncClient | None = field(default=None, repr=False)

    @property
    def ever_synced(self) -> bool:
        return self.replica.cursor()[0] is not None

    def client(self, password_source=None) -> SyncClient:
        """The sync client, signed in as the profile's agent: the kept sign-in, else the
        password from ``password_source()`` (the CLI's default: AGENTDESK_PASSWORD or a
        prompt in a terminal; the window's: a dialog)."""
        if self._client is None:
            from agentdesk import profiles

            transport = profiles.make_transport(self.profile, password_source=password_source)
            self._client = SyncClient(self.replica, transport)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        if self.capture is not None:
            self.capture.remove()
        self.db.dispose()


def open_team_workspace(profile, *, on_queued: Callable[[], None] | None = None) -> TeamWorkspace:
    """Opens (creating or upgrading) the profile's replica; every service write on it
    queues its mutations."""
    db = open_database(f"sqlite:///{profile.replica_path}")
    replica = LocalReplica(db, profile.agent)
    return TeamWorkspace(profile, db, replica, capture.install(db, profile.agent, on_queued))


def describe_status(status, listening: bool | None = None) -> str:
    """One line for `agentdesk sync status` and the logs."""
    parts = [status.state]
    if listening is not None and status.state == "online":
        parts[0] += " (live)" if listening else " (polling)"
    parts.append(f"{status.queued} queued")
    if status.unconfirmed:
        parts.append(f"{status.unconfirmed} awaiting confirmation")
    parts.append("last sync " + (status.last_sync_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
                                 if status.last_sync_at else "never"))
    if status.conflicts or status.rejected:
        parts.append(f"{status.conflicts} conflicts, {status.rejected} rejected")
    line = ", ".join(parts)
    if status.last_error:
        line += f"\n  {status.last_error}"
    return line
