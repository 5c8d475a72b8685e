"""One server write transaction: what it touched, the conflicts it recorded, the audit
entry, and the final clock bump that stamps everything (see apply.py)."""

from __future__ import annotations

import json
import uuid
from collections import defaultdict

from sqlalchemy import Table, insert, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection

from agentdesk.catalogue import to_wire
from agentdesk.models import Base, utcnow
from agentdesk.sync import protocol as p

T: dict[str, Table] = Base.metadata.tables


class ServerTx:
    """One server write transaction: remembers what it touched, stamps it at the end."""

    def __init__(self, conn: Connection, mutation_id: uuid.UUID, agent):
        self.conn = conn
        self.mid = mutation_id
        self.agent = agent  # a Row of agents, or None when the login is unknown
        self.now = utcnow()
        self.touched: dict[str, set[uuid.UUID]] = defaultdict(set)
        self.conflicts: list[dict] = []

    def touch(self, table: str, row_id: uuid.UUID) -> None:
        self.touched[table].add(row_id)

    def conflict(self, *, kind="conflict", entity, entity_id, field="", mine=None, theirs=None,
                 resolution, message, loser=None, winner=None, coded=None) -> None:
        """Records a losing or rejected write. ``message`` is English; ``coded`` (a
        Phrase or a coded error) gives the code and params the desk shows it by, in the
        agent's language (they travel in the push result, not in the stored row)."""
        cid = p.mutation_uuid(self.mid, f"conflict:{field}:{kind}")
        row = dict(id=cid, mutation_id=self.mid, agent_id=loser, other_agent_id=winner, kind=kind, entity=entity,
                   entity_id=entity_id, field=field, mine=p.plain(mine), theirs=p.plain(theirs),
                   resolution=resolution, message=message, created_at=self.now, updated_at=self.now)
        self.conn.execute(pg_insert(T["sync_conflicts"]).values(**row).on_conflict_do_nothing())
        self.touch("sync_conflicts", cid)
        self.conflicts.append({**{k: p.plain(v) for k, v in row.items() if k not in ("created_at", "updated_at")},
                               **(to_wire(coded) if coded is not None else {})})

    def require_team(self, team_id: uuid.UUID) -> None:
        """Refuses a team-scoped write for a team that does not exist (or was deleted): the
        one check every per-team settings op makes (routing, auto-response, synonyms, training)."""
        teams = T["teams"]
        if self.conn.execute(select(teams.c.id).where(teams.c.id == team_id, teams.c.deleted.is_(False))).first() is None:
            raise p.Rejected(code="routing.no_team", ref=str(team_id))

    def audit(self, entity: str, entity_id: uuid.UUID, action: str, changes: dict) -> None:
        aid = p.mutation_uuid(self.mid, "audit")
        plain = {k: [p.plain(v) for v in pair] for k, pair in changes.items()}
        self.conn.execute(insert(T["audit_log"]).values(
            id=aid, at=self.now, actor_agent_id=self.agent.id if self.agent else None,
            entity=entity, entity_id=entity_id, action=action, changes=plain))
        self.touch("audit_log", aid)

    def finish(self, result: dict) -> int:
        """Bumps the clock, stamps the touched rows, records the result and notifies, in
        one statement: the clock row is locked from here to commit, so the less happens
        after it, the more writers per second the server takes."""
        params: dict = {"mid": self.mid, "result": json.dumps(result), "agent": self.agent.id if self.agent else None,
                        "ch": p.NOTIFY_CHANNEL, "team": p.plain(self.agent.team_id if self.agent else None)}
        # The one way to move the clock (migration 0009): a SECURITY DEFINER function, so
        # the agents' roles hold no UPDATE on sync_clock. It locks the row to commit.
        ctes = ["c AS MATERIALIZED (SELECT agentdesk_next_version() AS v)"]
        for n, (table, ids) in enumerate(sorted(self.touched.items())):
            # Plain SQL (not the models' update()): their onupdate would also move updated_at.
            ctes.append(f"s{n} AS (UPDATE {table} SET rev = (SELECT v FROM c) WHERE id = ANY(:ids{n}))")
            params[f"ids{n}"] = list(ids)
        ctes.append("m AS (UPDATE sync_mutations SET version = (SELECT v FROM c), result = CAST(:result AS json), "
                    "agent_id = :agent WHERE mutation_id = :mid)")
        # The clock row's lock is held to commit, so a transaction that gets a larger v
        # commits after this one: commit order equals version order, with no gaps.
        # pg_notify inside the transaction is delivered at commit, never before.
        sql = (f"WITH {', '.join(ctes)} SELECT v, pg_notify(:ch, json_build_object('team', CAST(:team AS text), "
               f"'v', v)::text) FROM c")
        return int(self.conn.execute(text(sql), params).one()[0])


