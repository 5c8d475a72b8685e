"""FAQ auto-response on the team server (issue 14): ``autoresponse.save``, a team's
settings for one channel as a lead of that team (or an admin) saved them, checked here
again by autoresponse_rules (a hostile desk cannot skip it), the way ``routing.save`` is
(server/routing.py). The row's id is derived from the team and channel; the latest save
wins, and each is audited."""

from __future__ import annotations

import uuid

from sqlalchemy import insert, select, update

from agentdesk import autoresponse_rules as ar
from agentdesk import rules
from agentdesk.server.tx import T, ServerTx
from agentdesk.sync import protocol as p


def autoresponse_save(tx: ServerTx, m: dict) -> dict:
    payload = m.get("payload") or {}
    if set(payload) - ar.SETTINGS_FIELDS:
        raise p.Rejected(code="server.autoresponse_fields")
    try:
        team_id = uuid.UUID(str(payload.get("team_id")))
    except ValueError:
        raise p.Rejected(code="server.invalid_id", what="team id", value=repr(p.clip(payload.get("team_id")))) from None
    try:
        ar.check_settings_write(tx.agent.role, tx.agent.team_id, team_id)
        channel = ar.check_channel(payload.get("channel"))
        checked = ar.check_settings(payload.get("enabled"), payload.get("threshold"), payload.get("categories"))
    except rules.RuleError as exc:
        raise p.Rejected.like(exc) from None
    tx.require_team(team_id)
    sid = ar.settings_id(team_id, channel)
    if str(m.get("entity_id")) != str(sid):
        raise p.Rejected(code="server.autoresponse_id")
    table = T["autoresponse_settings"]
    cur = tx.conn.execute(select(table).where(table.c.id == sid).with_for_update()).first()
    values = {"enabled": checked.enabled, "threshold": checked.threshold, "categories": list(checked.categories),
              "updated_by": tx.agent.id, "deleted": False, "updated_at": tx.now}
    if cur is None:
        tx.conn.execute(insert(table).values(id=sid, team_id=team_id, channel=channel, **values))
    else:
        tx.conn.execute(update(table).where(table.c.id == sid).values(**values))
    tx.touch("autoresponse_settings", sid)
    before = ar.read_settings(cur.enabled, cur.threshold, cur.categories) if cur is not None else None
    tx.audit("autoresponse_settings", sid, "update" if cur is not None else "create",
             {"enabled": (before.enabled if before else None, checked.enabled),
              "threshold": (before.threshold if before else None, checked.threshold),
              "categories": (" ".join(before.categories) if before else None, " ".join(checked.categories))})
    return {"status": "applied", "applied": checked.to_json()}
