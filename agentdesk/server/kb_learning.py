"""Knowledge-search synonyms on the team server (issue 16): ``kb.synonym_save``, one of a
team's synonyms as a lead of that team (or an admin) added, approved, dismissed, edited or
removed it, checked here again by kb_learning_rules (a hostile desk cannot skip it), the
way ``autoresponse.save`` is (server/autoresponse.py). The row's id is derived from the
team and the phrase; the latest save wins, and each is audited."""

from __future__ import annotations

import uuid

from sqlalchemy import func, insert, select, update

from agentdesk import kb_learning_rules as kr
from agentdesk import rules
from agentdesk.server.tx import T, ServerTx
from agentdesk.sync import protocol as p


def kb_synonym_save(tx: ServerTx, m: dict) -> dict:
    payload = m.get("payload") or {}
    if set(payload) - kr.SYNONYM_FIELDS:
        raise p.Rejected(code="server.kb_synonym_fields")
    try:
        team_id = uuid.UUID(str(payload.get("team_id")))
    except ValueError:
        raise p.Rejected(code="server.invalid_id", what="team id", value=repr(p.clip(payload.get("team_id")))) from None
    deleted = payload.get("deleted", False)
    try:
        kr.check_synonym_write(tx.agent.role, tx.agent.team_id, team_id)
        if not isinstance(deleted, bool):
            raise rules.RuleError(code="kb.synonym_deleted")
        status = kr.check_status(payload.get("status", kr.APPROVED))
        checked = kr.check_synonym(payload.get("phrase"), payload.get("words"))
    except rules.RuleError as exc:
        raise p.Rejected.like(exc) from None
    tx.require_team(team_id)
    sid = kr.synonym_id(team_id, checked.phrase)
    if str(m.get("entity_id")) != str(sid):
        raise p.Rejected(code="server.kb_synonym_id")
    table = T["kb_synonyms"]
    cur = tx.conn.execute(select(table).where(table.c.id == sid).with_for_update()).first()
    if not deleted and (cur is None or cur.deleted):
        count = tx.conn.execute(select(func.count()).select_from(table).where(
            table.c.team_id == team_id, table.c.deleted.is_(False))).scalar() or 0
        try:
            kr.check_synonym_count(count)
        except rules.RuleError as exc:
            raise p.Rejected.like(exc) from None
    values = {"words": checked.words, "status": status, "deleted": deleted, "updated_by": tx.agent.id,
              "updated_at": tx.now}
    if cur is None:
        tx.conn.execute(insert(table).values(id=sid, team_id=team_id, phrase=checked.phrase, **values))
    else:
        tx.conn.execute(update(table).where(table.c.id == sid).values(**values))
    tx.touch("kb_synonyms", sid)
    action = "delete" if deleted else "update" if cur is not None and not cur.deleted else "create"
    tx.audit("kb_synonyms", sid, action,
             {"phrase": (cur.phrase if cur is not None else None, checked.phrase),
              "words": (cur.words if cur is not None else None, checked.words),
              "status": (cur.status if cur is not None else None, status)})
    return {"status": "applied", "applied": {"phrase": checked.phrase, "words": checked.words, "status": status,
                                             "deleted": deleted}}
