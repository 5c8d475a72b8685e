"""A team profile's local workspace: the replica file, its outbox capture, and the
client that syncs it with the server. What the CLI and the window both open for
``--profile`` (no Qt)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Callable

from agentdesk.db import Database, open_database
from agentdesk.sync import capture
from agentdesk.sync.engine import SyncClient
from agentdesk.sync.replica import LocalReplica

log = logging.getLogger("agentdesk.sync")


@dataclass
class TeamWorkspace:
    profile: object  # profiles.Profile
    db: Database
    replica: LocalReplica
    capture: capture.OutboxCapture | None = None
    _client: SyncClient | None = field(default=None, repr=False)

    @property
    def ever_synced(self) -> bool:
        return self.replica.cursor()[0] is not None

    def client(self, password: str | None = None) -> SyncClient:
        """The sync client, connecting as the profile's agent (the password from the
        argument, else the profile's store, else a prompt in a terminal)."""
        if self._client is None:
            from agentdesk import profiles

            if password is None:
                password = profiles.password_for(self.profile)
            from agentdesk.server.feed import server_engine

            self._client = SyncClient(self.replica, server_engine(profiles.connect_url(self.profile, password)))
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
