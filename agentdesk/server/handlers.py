"""The mutation handlers: one function per operation of sync/protocol.py, each checking
what the acting agent may do and applying it inside a ``ServerTx``. A ``Rejected``
raised here undoes the handler's writes and is recorded for the agent who sent it."""

from __future__ import annotations

import functools
import uuid
from datetime import datetime

from typing import Any

from sqlalchemy import Row, func, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from agentdesk import agent_states, customer_rules, kpi, phones, protection_rules, review_rules, rules
from agentdesk.catalogue import Phrase
from agentdesk.models import LEAD_ROLES, TicketStatus
from agentdesk.rules import RuleError, TicketState
from agentdesk.server import blobs
from agentdesk.server.routing import agent_profile, route_created, routing_save
from agentdesk.server.autoresponse import autoresponse_save
from agentdesk.server import training
from agentdesk.server.kb_learning import kb_synonym_save
from agentdesk.server.tx import T, ServerTx
from agentdesk.services.common import ServiceError
from agentdesk.services.followups import KINDS as FOLLOW_UP_KINDS
from agentdesk.services.mentions import store_mentions
from agentdesk.services.knowledge import check_visibility_change
from agentdesk.services.templates import check_template
from agentdesk.services.tickets import index_ticket_text, index_ticket_texts
from agentdesk.services.view_spec import VIEWS_PER_OWNER, ViewActor, check_view, check_view_write
from agentdesk.sync import protocol as p


def _rule_errors_rejected(handler):
    """A refusal by the ticket rules (agentdesk/rules.py) rejects the mutation like any other."""
    @functools.wraps(handler)
    def run(tx: ServerTx, m: dict) -> dict:
        try:
            return handler(tx, m)
        except RuleError as e:
            raise p.Rejected.like(e) from None
    return run


def _uuid_or_none(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def _need_uuid(value, what: str) -> uuid.UUID:
    u = _uuid_or_none(value)
    if u is None:
        raise p.Rejected(code="server.invalid_id", what=what, value=repr(p.clip(value)))
    return u


def _field_pairs(m: dict) -> dict:
    """payload["fields"] as {name: [old, new]}; Rejected when it is not that shape."""
    fields = (m.get("payload") or {}).get("fields") or {}
    if not isinstance(fields, dict) or not all(isinstance(k, str) and isinstance(v, list) and len(v) == 2
                                               for k, v in fields.items()):
        raise p.Rejected(code="server.fields_shape")
    return fields


def _marks(m: dict) -> dict:
    """A bulk action's mark on this mutation (protocol.AUDIT_MARKS), for its audit entry;
    anything else in payload["audit"] (or a value that is not an id) is dropped."""
    audit = (m.get("payload") or {}).get("audit")
    if not isinstance(audit, dict):
        return {}
    return {k: (None, u) for k in p.AUDIT_MARKS if (u := _uuid_or_none(audit.get(k))) is not None}


def _locked_ticket(tx: ServerTx, ticket_id) -> Row[Any]:
    tickets = T["tickets"]
    t = tx.conn.execute(select(tickets).where(tickets.c.id == _need_uuid(ticket_id, "ticket id")).with_for_update()).first()
    if t is None or t.deleted:
        raise p.Rejected(code="server.ticket_gone")
    if t.team_id is not None and tx.agent.team_id != t.team_id and tx.agent.role != "admin":
        raise p.Rejected(code="server.ticket_other_team", number=t.number)
    return t


def _state(tx: ServerTx, t) -> TicketState:
    """The ticket as the rules read it, naming the ticket it was merged into."""
    tickets = T["tickets"]
    target = tx.conn.execute(select(tickets.c.number).where(tickets.c.id == t.merged_into_id)).scalar() \
        if t.merged_into_id is not None else None
    return TicketState.of(t, merged_into_number=target)


def _last_writer(tx: ServerTx, ticket_id: uuid.UUID, field: str) -> uuid.UUID | None:
    """Who set the field's current value: the newest audit entry that changed it."""
    audit = T["audit_log"]
    agents = T["agents"]
    ticket_team = select(T["tickets"].c.team_id).where(T["tickets"].c.id == ticket_id).scalar_subquery()
    # Only someone of the ticket's team (or an admin) is named: a ticket moved here from
    # another team must not address conflicts to that team's agents.
    rows = tx.conn.execute(
        select(audit.c.actor_agent_id, audit.c.changes)
        .join(agents, agents.c.id == audit.c.actor_agent_id)
        .where(audit.c.entity_id == ticket_id, (agents.c.team_id == ticket_team) | (agents.c.role == "admin"))
        .order_by(audit.c.at.desc()).limit(50))
    for actor, changes in rows:
        if field in (changes or {}) or (field == "assignee_id" and "assignee" in (changes or {})):
            return actor
    return None


def _validate_field(tx: ServerTx, name: str, new, ticket=None):
    if name == "assignee_id" and new is not None:
        agents = T["agents"]
        who = tx.conn.execute(select(agents.c.team_id, agents.c.deleted)
                              .where(agents.c.id == _need_uuid(new, "agent id"))).first()
        rules.check_assignee(ticket.team_id if ticket is not None else None, who.team_id if who else None,
                             who is not None and not who.deleted)
    rules.check_field(name, new)


@_rule_errors_rejected
def _ticket_update(tx: ServerTx, m: dict) -> dict:
    t = _locked_ticket(tx, m["entity_id"])
    # Stamped even when nothing changes (a lost merge, a no-op): the pull covering this
    # version then brings the server's row and replaces the optimistic local one.
    tx.touch("tickets", t.id)
    fields = _field_pairs(m)
    values: dict = {}
    changes: dict = {}
    for name, (old, new) in fields.items():
        if name not in p.FIELD_RULES:
            raise p.Rejected(code="rule.field_fixed", field=repr(p.clip(name)))
        _validate_field(tx, name, new, t)
        cur = p.plain(getattr(t, name))
        if cur == new:
            continue  # the server already says so: nothing to do, nobody lost
        if cur == p.plain(old):
            values[name] = new
            continue
        # Someone else changed this field since the agent saw it.
        rule = p.FIELD_RULES[name]
        other = _last_writer(tx, t.id, name)
        if rule == "transition" and rules.concurrent_status_allowed(cur, new):
            values[name] = new
            said = Phrase("conflict.status_applied", number=t.number, old_status=cur, new_status=new,
                          agent=tx.agent.name, saw_status=old)
            tx.conflict(entity="ticket", entity_id=t.id, field=name, mine=cur, theirs=new, resolution="applied",
                        loser=other, winner=tx.agent.id, message=str(said), coded=said)
        elif rule == "text":
            note_id = p.mutation_uuid(tx.mid, f"note:{name}")
            body = (f"[sync conflict] {tx.agent.name} changed the {name} to “{new}”, but it had already been "
                    f"changed to “{cur}”; the current {name} was kept.")
            tx.conn.execute(insert(T["messages"]).values(
                id=note_id, ticket_id=t.id, direction="internal", kind="note", channel=t.channel, body=body,
                author_agent_id=tx.agent.id, author_name=tx.agent.name, created_at=tx.now, updated_at=tx.now))
            tx.touch("messages", note_id)
            values["message_count"] = t.message_count + 1
            index_ticket_text(tx.conn, t.number, values["message_count"], body)
            said = Phrase("conflict.kept_as_note", number=t.number, field=name, current=cur)
            tx.conflict(entity="ticket", entity_id=t.id, field=name, mine=new, theirs=cur, resolution="note",
                        loser=tx.agent.id, winner=other, message=str(said), coded=said)
        else:
            said = Phrase("conflict.kept_server", number=t.number, field=name, current=cur, mine=new)
            tx.conflict(entity="ticket", entity_id=t.id, field=name, mine=new, theirs=cur, resolution="kept_server",
                        loser=tx.agent.id, winner=other, message=str(said), coded=said)
    applied = {k: v for k, v in values.items() if k in p.FIELD_RULES}
    if values:
        wanted = {k: (_uuid_or_none(v) if k == "assignee_id" else v) for k, v in applied.items()}
        values.update(rules.ticket_update(_state(tx, t), wanted, tx.now))
        tx.conn.execute(update(T["tickets"]).where(T["tickets"].c.id == t.id).values(**values))
        tx.touch("tickets", t.id)
        if "subject" in applied:  # the search index's sequence 0 is the subject
            index_ticket_text(tx.conn, t.number, 0, str(applied["subject"]))
    for name, new in applied.items():
        changes[name] = (getattr(t, name), new)
    if changes:
        tx.audit("ticket", t.id, "update", {**changes, **_marks(m)})
    return {"status": "applied", "applied": {k: p.plain(v) for k, v in applied.items()}}


@_rule_errors_rejected
def _ticket_merge(tx: ServerTx, m: dict) -> dict:
    """Closes the duplicate as merged into the target, as services.tickets.merge_tickets
    does; the two system notes get the ids the agent's app gave them (its replica then
    holds the same rows as the server)."""
    payload = m.get("payload") or {}
    src_id = _need_uuid(m["entity_id"], "ticket id")
    dst_id = _need_uuid(payload.get("target_id"), "ticket id")
    # Both rows locked in one order (by id): two agents merging crosswise cannot deadlock.
    first, second = sorted((src_id, dst_id))
    locked = {first: _locked_ticket(tx, first), second: _locked_ticket(tx, second)}
    src, dst = locked[src_id], locked[dst_id]
    # Already merged (into this target or another) is refused, even when it is the same
    # merge made by another agent: applied as a no-op, the second desk kept its own pair
    # of "Merged into/from" notes that the server never had. Refused, the desk undoes its
    # local merge and pulls the server's. (A duplicate push of one mutation never gets
    # here: its id returns the stored result.)
    src_state, dst_state = _state(tx, src), TicketState.of(dst)
    rules.check_merge(src_state, dst_state)
    src_values, dst_values, notes = rules.merge_effects(src_state, dst_state, tx.now)
    tickets, messages = T["tickets"], T["messages"]
    moved = tx.conn.execute(update(tickets).where(tickets.c.merged_into_id == src.id).values(merged_into_id=dst.id)
                            .returning(tickets.c.id)).scalars().all()
    for tid in moved:
        tx.touch("tickets", tid)
    note_ids = payload.get("notes") or {}
    for note in notes:
        note_id = _uuid_or_none(note_ids.get(str(note.ticket_id))) or p.mutation_uuid(tx.mid, f"merge:{note.ticket_id}")
        if tx.conn.execute(select(messages.c.id).where(messages.c.id == note_id)).first() is None:
            tx.conn.execute(insert(messages).values(
                id=note_id, ticket_id=note.ticket_id, direction="internal", kind="system", channel=note.channel,
                body=note.body, author_agent_id=tx.agent.id, author_name=tx.agent.name,
                created_at=tx.now, updated_at=tx.now))
            tx.touch("messages", note_id)
    tx.conn.execute(update(tickets).where(tickets.c.id == src.id).values(**src_values))
    tx.conn.execute(update(tickets).where(tickets.c.id == dst.id).values(**dst_values))
    tx.touch("tickets", src.id)
    tx.touch("tickets", dst.id)
    tx.audit("ticket", src.id, "merge", {"merged_into": (None, dst.number), "status": (src.status, TicketStatus.CLOSED),
                                         **_marks(m)})
    return {"status": "applied", "applied": {}}


def _live_tags(tx: ServerTx, ticket_id) -> list[str]:
    tags = T["ticket_tags"]
    return sorted(tx.conn.scalars(select(tags.c.tag).where(tags.c.ticket_id == ticket_id, tags.c.deleted.is_(False))))


@_rule_errors_rejected
def _tag_op(tx: ServerTx, m: dict) -> dict:
    t = _locked_ticket(tx, m["entity_id"])
    tx.touch("tickets", t.id)  # as in _ticket_update: the pull must bring the real row
    payload = m.get("payload") or {}
    tag = rules.check_tag(str(payload.get("tag", "")))
    tags = T["ticket_tags"]
    before = _live_tags(tx, t.id)
    row = tx.conn.execute(select(tags).where(tags.c.ticket_id == t.id, tags.c.tag == tag)).first()
    adding = m["op"] == p.TAG_ADD
    # Operations, never a whole-set replace: two agents' adds both survive.
    if adding and row is None:
        tid = _need_uuid(payload.get("tag_id"), "tag id")
        tx.conn.execute(insert(tags).values(id=tid, ticket_id=t.id, tag=tag, updated_at=tx.now))
        tx.touch("ticket_tags", tid)
    elif row is not None and row.deleted == adding:
        tx.conn.execute(update(tags).where(tags.c.id == row.id).values(deleted=not adding, updated_at=tx.now))
        tx.touch("ticket_tags", row.id)
    after = _live_tags(tx, t.id)
    if after != before:
        tx.conn.execute(update(T["tickets"]).where(T["tickets"].c.id == t.id).values(tags_text=" ".join(after), updated_at=tx.now))
        tx.touch("tickets", t.id)
        tx.audit("ticket", t.id, "update", {"tags": (" ".join(before), " ".join(after)), **_marks(m)})
    return {"status": "applied", "applied": {"tags": " ".join(after)}}


@_rule_errors_rejected
def _message_insert(tx: ServerTx, m: dict) -> dict:
    payload = m.get("payload") or {}
    mid = _need_uuid(m["entity_id"], "message id")
    t = _locked_ticket(tx, payload.get("ticket_id"))
    kind = str(payload.get("kind"))
    body = rules.check_message(kind, str(payload.get("body", "")))
    state = _state(tx, t)
    rules.check_not_merged(state)
    rules.check_deliverable(state, kind)
    messages = T["messages"]
    if tx.conn.execute(select(messages.c.id).where(messages.c.id == mid)).first() is not None:
        return {"status": "applied", "applied": {}}  # append-only: insert if absent
    direction = "outbound" if kind == "reply" else "internal"
    tx.conn.execute(insert(messages).values(
        id=mid, ticket_id=t.id, direction=direction, kind=kind, channel=t.channel, body=body,
        author_agent_id=tx.agent.id, author_name=tx.agent.name, created_at=tx.now, updated_at=tx.now))
    tx.touch("messages", mid)
    files = blobs.attach_to_message(tx, payload.get("attachments"), t.id, mid)
    # Whom the note mentions, read from its text here: whatever else a desk sends about
    # mentions is not looked at (mention_rules: existing agents who can see the ticket).
    for mention_id, _agent_id in store_mentions(tx.conn, message_id=mid, ticket_id=t.id, ticket_team_id=t.team_id,
                                                kind=kind, body=body, author_id=tx.agent.id, now=tx.now):
        tx.touch("mentions", mention_id)
    values = rules.message_effects(state, kind, tx.agent.id, tx.now)
    index_ticket_text(tx.conn, t.number, values["message_count"], body)  # as services.tickets.add_message
    changes = {"message": (None, mid), **rules.reply_audit(state, values, tx.agent.login),
               **({"attachments": (None, files)} if files else {})}
    tx.conn.execute(update(T["tickets"]).where(T["tickets"].c.id == t.id).values(**values))
    tx.touch("tickets", t.id)
    tx.audit("ticket", t.id, "reply" if kind == "reply" else "note", changes)
    return {"status": "applied", "applied": {"created_at": tx.now.isoformat()}}


def _mention_read(tx: ServerTx, m: dict) -> dict:
    """The mentioned agent opened the ticket; read_at is the server's time, and only the
    agent a mention names may mark it (another agent's mention stays unread for them)."""
    row = _locked_row(tx, "mentions", m["entity_id"], "mention")
    if row.mentioned_agent_id != tx.agent.id:
        raise p.Rejected(code="server.mention_read_own")
    tx.touch("mentions", row.id)  # the pull brings the server's row either way
    if row.read_at is None:
        mt = T["mentions"]
        tx.conn.execute(update(mt).where(mt.c.id == row.id).values(read_at=tx.now, updated_at=tx.now))
    return {"status": "applied", "applied": {}}


def _follow_up_insert(tx: ServerTx, m: dict) -> dict:
    payload = m.get("payload") or {}
    fid = _need_uuid(m["entity_id"], "follow-up id")
    owner = _uuid_or_none(payload.get("agent_id")) or tx.agent.id
    # Follow-ups are their owner's alone (a personal calendar), as the database's policy
    # says too; scheduling for someone else is a lead's tool still to come (issue 13).
    if owner != tx.agent.id:
        raise p.Rejected(code="server.follow_up_owner")
    title = str(payload.get("title", "")).strip()
    if not title or len(title) > 200:
        raise p.Rejected(code="followup.title_bounds", most=200)
    kind = payload.get("kind", "follow_up")
    if kind not in FOLLOW_UP_KINDS:
        raise p.Rejected(code="server.follow_up_kind", kind=repr(p.clip(kind)))
    try:
        due_at = datetime.fromisoformat(payload["due_at"])
        if due_at.tzinfo is None:
            raise ValueError
    except (KeyError, TypeError, ValueError):
        raise p.Rejected(code="server.follow_up_due") from None
    ticket_id = _uuid_or_none(payload.get("ticket_id"))
    if ticket_id is not None:
        _locked_ticket(tx, ticket_id)
    customer_id = _uuid_or_none(payload.get("customer_id"))
    _check_customer(tx, customer_id)
    fu = T["follow_ups"]
    if tx.conn.execute(select(fu.c.id).where(fu.c.id == fid)).first() is None:
        extra = {name: _follow_up_value(name, payload[name]) for name in ("rrule", "remind_at", "ical_uid")
                 if payload.get(name) is not None}
        tx.conn.execute(insert(fu).values(
            id=fid, agent_id=owner, ticket_id=ticket_id, customer_id=customer_id, title=title,
            notes=str(payload.get("notes", "")), kind=kind, due_at=due_at, status="open",
            tz=str(payload.get("tz", "")), updated_at=tx.now, **extra))
        tx.touch("follow_ups", fid)
        tx.audit("follow_up", fid, "create", {"title": (None, title)})
    return {"status": "applied", "applied": {}}


def _check_customer(tx: ServerTx, customer_id) -> None:
    """A customer the agent may see (row-level security decides: one with a ticket in
    the agent's team); the same answer for one that does not exist, so the refusal
    tells nothing about other teams' customers."""
    if customer_id is None:
        return
    customers = T["customers"]
    if tx.conn.execute(select(customers.c.id).where(customers.c.id == customer_id)).first() is None:
        raise p.Rejected(code="server.no_customer")


def _follow_up_value(name: str, value):
    """A wire value as the follow_ups column takes it; Rejected when it cannot be one."""
    if value is None:
        if name in ("due_at", "title", "status", "kind", "deleted"):
            raise p.Rejected(code="server.follow_up_empty", field=name)
        return None
    try:
        if name in p.FOLLOW_UP_DATETIMES:
            parsed = datetime.fromisoformat(str(value))
            if parsed.tzinfo is None:
                raise ValueError
            return parsed
        if name in ("ticket_id", "customer_id"):
            return uuid.UUID(str(value))
        if name == "deleted":
            if not isinstance(value, bool):
                raise ValueError
            return value
    except ValueError:
        raise p.Rejected(code="server.follow_up_invalid", field=name) from None
    value = str(value)
    limits = {"title": 200, "kind": 16, "status": 16, "rrule": 200, "tz": 64, "ical_uid": 255}
    if name in limits and len(value) > limits[name]:
        raise p.Rejected(code="server.follow_up_too_long", field=name)
    if name == "title" and not value.strip():
        raise p.Rejected(code="followup.title_empty")
    if name == "kind" and value not in FOLLOW_UP_KINDS:
        raise p.Rejected(code="server.follow_up_kind", kind=repr(p.clip(value)))
    if name == "status" and value not in ("open", "done"):
        raise p.Rejected(code="server.follow_up_status", status=repr(p.clip(value)))
    return value


def _locked_row(tx: ServerTx, table: str, entity_id, what: str):
    """The row ``entity_id`` names, locked to the end of the transaction; Rejected when
    it is not there (or not the agent's to see: row-level security hides it the same)."""
    t = T[table]
    row = tx.conn.execute(select(t).where(t.c.id == _need_uuid(entity_id, f"{what} id")).with_for_update()).first()
    if row is None:
        raise p.Rejected(code="server.row_gone", what=what)
    return row


def _follow_up_update(tx: ServerTx, m: dict) -> dict:
    """Snooze, done, edit, delete (a tombstone) of one's own follow-up, field by field."""
    fu = T["follow_ups"]
    row = _locked_row(tx, "follow_ups", m["entity_id"], "follow-up")
    fid = row.id
    if row.agent_id != tx.agent.id:
        raise p.Rejected(code="server.follow_up_not_yours")
    tx.touch("follow_ups", fid)  # the pull brings the server's row either way
    values, changes = {}, {}
    for name, (old, new) in _field_pairs(m).items():
        if name not in p.FOLLOW_UP_FIELDS:
            raise p.Rejected(code="server.follow_up_field", field=repr(p.clip(name)))
        value = _follow_up_value(name, new)
        if name == "ticket_id" and value is not None:
            _locked_ticket(tx, value)
        elif name == "customer_id":
            _check_customer(tx, value)
        cur = p.wire(getattr(row, name))
        if cur == p.wire(value):
            continue
        if cur == old:
            values[name] = value
            changes[name] = (cur, new)
        else:
            said = Phrase("conflict.follow_up_kept", title=row.title, field=name)
            tx.conflict(entity="follow_up", entity_id=fid, field=name, mine=new, theirs=cur, resolution="kept_server",
                        loser=tx.agent.id, winner=row.agent_id, message=str(said), coded=said)
    if values:
        tx.conn.execute(update(fu).where(fu.c.id == fid).values(**values, updated_at=tx.now))
        tx.audit("follow_up", fid, "delete" if values.get("deleted") else "update", changes)
    return {"status": "applied", "applied": {k: p.wire(v) for k, v in values.items()}}


def _agent_status(tx: ServerTx, m: dict) -> dict:
    """An agent's own chosen state (agentdesk/agent_states.py): theirs alone, the latest
    wins. An older desk's 'busy' and 'away' are stored as after-contact work and break;
    status_since is the server's time of the change."""
    if _uuid_or_none(m.get("entity_id")) != tx.agent.id:
        raise p.Rejected(code="server.own_status_only")
    pair = (m.get("payload") or {}).get("status")
    if not isinstance(pair, list) or len(pair) != 2:
        raise p.Rejected(code="server.status_pair")
    try:
        values = agent_states.change(tx.agent.status, pair[1], tx.now)
    except agent_states.StateError:
        raise p.Rejected(code="server.agent_status", status=repr(p.clip(pair[1]))) from None
    agents = T["agents"]
    tx.touch("agents", tx.agent.id)
    if values:
        tx.conn.execute(update(agents).where(agents.c.id == tx.agent.id).values(**values, updated_at=tx.now))
        tx.audit("agent", tx.agent.id, "status", {"status": (tx.agent.status, values["status"])})
    return {"status": "applied", "applied": {"status": values.get("status", tx.agent.status)}}


# --- the knowledge base and templates ------------------------------------------------------
def _article(tx: ServerTx, article_id, lock: bool = False):
    kb = T["kb_articles"]
    stmt = select(kb).where(kb.c.id == _need_uuid(article_id, "article id"))
    art = tx.conn.execute(stmt.with_for_update() if lock else stmt).first()
    if art is None or art.deleted:
        raise p.Rejected(code="server.article_gone")
    return art


def _kb_vote(tx: ServerTx, m: dict) -> dict:
    """The counters move by the difference to this agent's previous vote on the server,
    in SQL: two agents voting at once both count, and a replay changes nothing."""
    payload = m.get("payload") or {}
    art = _article(tx, payload.get("article_id"), lock=True)
    helpful = payload.get("helpful")
    if not isinstance(helpful, bool):
        raise p.Rejected(code="server.vote_shape")
    votes, kb = T["article_votes"], T["kb_articles"]
    prev = tx.conn.execute(select(votes).where(votes.c.article_id == art.id, votes.c.agent_id == tx.agent.id)).first()
    ticket_id = _uuid_or_none(payload.get("ticket_id"))
    if ticket_id is not None:
        _locked_ticket(tx, ticket_id)  # a vote names a ticket of the agent's team, or none
    dh = dn = 0
    if prev is None:
        vid = _need_uuid(payload.get("vote_id"), "vote id")
        tx.conn.execute(insert(votes).values(id=vid, article_id=art.id, agent_id=tx.agent.id, ticket_id=ticket_id,
                                             helpful=helpful, at=tx.now, updated_at=tx.now))
        tx.touch("article_votes", vid)
        dh, dn = (1, 0) if helpful else (0, 1)
    elif prev.deleted or prev.helpful != helpful:
        dh, dn = ((1, 0) if helpful else (0, 1)) if prev.deleted else ((1, -1) if helpful else (-1, 1))
        tx.conn.execute(update(votes).where(votes.c.id == prev.id).values(helpful=helpful, deleted=False, at=tx.now,
                                                                           updated_at=tx.now))
        tx.touch("article_votes", prev.id)
    if dh or dn:
        tx.conn.execute(update(kb).where(kb.c.id == art.id).values(
            helpful=func.greatest(kb.c.helpful + dh, 0), not_helpful=func.greatest(kb.c.not_helpful + dn, 0),
            updated_at=tx.now))
        tx.touch("kb_articles", art.id)
    return {"status": "applied", "applied": {}}


def _kb_use(tx: ServerTx, m: dict) -> dict:
    payload = m.get("payload") or {}
    uid = _need_uuid(m["entity_id"], "use id")
    art = _article(tx, payload.get("article_id"))
    kind = payload.get("kind")
    if kind not in ("link", "excerpt", "draft"):
        raise p.Rejected(code="server.article_use", kind=repr(p.clip(kind)))
    ticket_id = _uuid_or_none(payload.get("ticket_id"))
    if ticket_id is not None:
        _locked_ticket(tx, ticket_id)
    uses = T["article_uses"]
    if tx.conn.execute(select(uses.c.id).where(uses.c.id == uid)).first() is None:
        tx.conn.execute(insert(uses).values(id=uid, article_id=art.id, ticket_id=ticket_id, agent_id=tx.agent.id,
                                            kind=kind, at=tx.now, updated_at=tx.now))
        tx.touch("article_uses", uid)
    return {"status": "applied", "applied": {}}


def _kb_propose(tx: ServerTx, m: dict) -> dict:
    payload = m.get("payload") or {}
    aid = _need_uuid(m["entity_id"], "article id")
    kb = T["kb_articles"]
    if tx.conn.execute(select(kb.c.id).where(kb.c.id == aid)).first() is not None:
        return {"status": "applied", "applied": {}}  # insert if absent
    title, body = str(payload.get("title") or "").strip(), str(payload.get("body") or "").strip()
    if not title or len(title) > 300 or not body or len(body) > 100_000:
        raise p.Rejected(code="server.proposal_fields")
    tags = payload.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(x, str) for x in tags):
        raise p.Rejected(code="server.tags_words")
    of = _uuid_or_none(payload.get("proposal_of_id"))
    if of is not None and _article(tx, of).status != "published":
        raise p.Rejected(code="kb.propose_unpublished")
    tx.conn.execute(insert(kb).values(
        id=aid, title=title, body=body, category=str(payload.get("category") or "")[:64], tags=tags,
        language=str(payload.get("language") or "ko")[:8], status="proposed", proposed_by_id=tx.agent.id,
        proposal_of_id=of, helpful=0, not_helpful=0, review_note="", updated_at=tx.now))
    tx.touch("kb_articles", aid)
    tx.audit("kb_article", aid, "propose", {"title": (None, title)})
    return {"status": "applied", "applied": {}}


def _kb_review(tx: ServerTx, m: dict) -> dict:
    """Publish (a new article, or an edit copied onto its original) or reject."""
    if tx.agent.role not in LEAD_ROLES:
        raise p.Rejected(code="kb.review_leads_only", login=tx.agent.login, role=tx.agent.role)
    payload = m.get("payload") or {}
    prop = _article(tx, m["entity_id"], lock=True)
    if prop.status != "proposed":
        raise p.Rejected(code="server.proposal_done", status=prop.status)
    kb = T["kb_articles"]
    action = payload.get("action")
    if action == "reject":
        note = str(payload.get("note") or "").strip()[:2000]
        tx.conn.execute(update(kb).where(kb.c.id == prop.id).values(status="rejected", review_note=note, updated_at=tx.now))
        tx.touch("kb_articles", prop.id)
        tx.audit("kb_article", prop.id, "reject", {"status": ("proposed", "rejected"), "note": (None, note)})
    elif action == "publish":
        if prop.proposal_of_id is None:
            tx.conn.execute(update(kb).where(kb.c.id == prop.id).values(status="published", published_at=tx.now,
                                                                         updated_at=tx.now))
            tx.touch("kb_articles", prop.id)
            tx.audit("kb_article", prop.id, "publish", {"status": ("proposed", "published")})
        else:
            original = _article(tx, prop.proposal_of_id, lock=True)
            if original.status != "published":
                raise p.Rejected(code="kb.original_unpublished")
            fields = {n: getattr(prop, n) for n in ("title", "body", "category", "tags", "language")}
            changed = {n: ("…", "…") for n, v in fields.items() if getattr(original, n) != v}
            tx.conn.execute(update(kb).where(kb.c.id == original.id).values(**fields, published_at=tx.now,
                                                                             updated_at=tx.now))
            tx.conn.execute(update(kb).where(kb.c.id == prop.id).values(status="applied", updated_at=tx.now))
            tx.touch("kb_articles", original.id)
            tx.touch("kb_articles", prop.id)
            tx.audit("kb_article", original.id, "publish", {**changed, "proposal": (None, prop.id)})
    else:
        raise p.Rejected(code="server.review_action", action=repr(p.clip(action)))
    return {"status": "applied", "applied": {}}


def _kb_visibility(tx: ServerTx, m: dict) -> dict:
    """A lead marks an article public or internal: the same rule as the desk's service
    (knowledge.check_visibility_change), here where a hostile desk cannot skip it."""
    change = (m.get("payload") or {}).get("visibility")
    new = change[1] if isinstance(change, list) and len(change) == 2 else None
    try:
        value = check_visibility_change(tx.agent.role, new)
    except ServiceError as exc:
        raise p.Rejected.like(exc, p.clip(str(exc), 300)) from None
    art = _article(tx, m["entity_id"], lock=True)
    if art.status == "proposed":
        raise p.Rejected(code="kb.proposal_visibility")
    kb = T["kb_articles"]
    if art.visibility != value:
        tx.conn.execute(update(kb).where(kb.c.id == art.id).values(visibility=value.value, updated_at=tx.now))
        tx.audit("kb_article", art.id, "visibility", {"visibility": (art.visibility, value.value)})
    tx.touch("kb_articles", art.id)
    return {"status": "applied", "applied": {"visibility": value.value}}


def _template_permission(tx: ServerTx, scope: str, owner) -> None:
    if scope == "personal":
        if owner != tx.agent.id:
            raise p.Rejected(code="server.template_personal")
    elif tx.agent.role not in LEAD_ROLES:
        raise p.Rejected(code="server.template_team")


def _template_save(tx: ServerTx, m: dict) -> dict:
    """The template as the agent saved it (validated by the app's own checks first);
    a concurrent save of the same template: the later one wins, both are audited."""
    tid = _need_uuid(m["entity_id"], "template id")
    fields = dict((m.get("payload") or {}).get("fields") or {})
    if set(fields) - set(p.TEMPLATE_FIELDS):
        raise p.Rejected(code="server.template_fields")
    scope = fields.get("scope")
    if scope not in ("team", "personal"):
        raise p.Rejected(code="server.template_scope", scope=repr(p.clip(scope)))
    title = str(fields.get("title") or "").strip()
    if not title or len(title) > 200:
        raise p.Rejected(code="server.template_title")
    try:
        # The desk's own checks (syntax, recursion, literals, a budgeted dry run, macro
        # bounds), here where a hostile agent cannot skip them.
        fields.update(check_template(fields))
    except ServiceError as exc:
        raise p.Rejected.like(exc, p.clip(str(exc), 300)) from None
    fields["owner_agent_id"] = _uuid_or_none(fields.get("owner_agent_id"))
    fields["team_id"] = _uuid_or_none(fields.get("team_id"))
    if scope == "personal":
        fields["owner_agent_id"] = fields["owner_agent_id"] or tx.agent.id
    _template_permission(tx, scope, fields["owner_agent_id"])
    tpl = T["templates"]
    cur = tx.conn.execute(select(tpl).where(tpl.c.id == tid).with_for_update()).first()
    if cur is not None:
        _template_permission(tx, cur.scope, cur.owner_agent_id)  # and may change the one it replaces
        tx.conn.execute(update(tpl).where(tpl.c.id == tid).values(**fields, deleted=False, updated_at=tx.now))
    else:
        tx.conn.execute(insert(tpl).values(id=tid, **fields, usage_count=0, updated_at=tx.now))
    tx.touch("templates", tid)
    tx.audit("template", tid, "update" if cur is not None else "create", {"title": (cur.title if cur else None, title)})
    return {"status": "applied", "applied": {}}


def _template_delete(tx: ServerTx, m: dict) -> dict:
    tpl = T["templates"]
    cur = _locked_row(tx, "templates", m["entity_id"], "template")
    tid = cur.id
    _template_permission(tx, cur.scope, cur.owner_agent_id)
    if not cur.deleted:
        tx.conn.execute(update(tpl).where(tpl.c.id == tid).values(deleted=True, updated_at=tx.now))
        tx.audit("template", tid, "delete", {"deleted": (False, True)})
    tx.touch("templates", tid)
    return {"status": "applied", "applied": {}}


# --- new customers and tickets (issue 12) ----------------------------------------------------
def _payload_list(payload: dict, name: str) -> list[dict]:
    items = payload.get(name) or []
    if not isinstance(items, list) or not all(isinstance(x, dict) for x in items):
        raise p.Rejected(code="server.record_list", name=name)
    return items


@_rule_errors_rejected
def _customer_create(tx: ServerTx, m: dict) -> dict:
    """A customer an agent records (a new caller), with their contacts, checked and
    normalised by the rules. A contact another customer the agent can see already has is
    kept, and said (two desks recording one caller offline at once); the desk offers the
    existing customer before it ever sends one."""
    payload = m.get("payload") or {}
    cid = _need_uuid(m["entity_id"], "customer id")
    customers, contacts = T["customers"], T["contact_points"]
    if tx.conn.execute(select(customers.c.id).where(customers.c.id == cid)).first() is not None:
        return {"status": "applied", "applied": {}}  # insert if absent
    given = _payload_list(payload, "contacts")
    name, checked = rules.check_new_customer(payload.get("name"), [(str(g.get("kind")), g.get("value")) for g in given])
    ids: dict[tuple[str, str], uuid.UUID] = {}
    for g in given:
        given_contact = rules.check_contact(str(g.get("kind")), g.get("value"))
        ids.setdefault((given_contact.kind, given_contact.normalized), _need_uuid(g.get("id"), "contact id"))
    language = payload.get("language") if payload.get("language") in ("ko", "en") else "ko"
    tx.conn.execute(insert(customers).values(id=cid, name=name, name_reversed=phones.name_reversed(name),
                                             language=language, created_at=tx.now, updated_at=tx.now))
    tx.touch("customers", cid)
    owners = {(r.kind, r.normalized): r.name for r in tx.conn.execute(
        select(contacts.c.kind, contacts.c.normalized, customers.c.name)
        .join(customers, customers.c.id == contacts.c.customer_id)
        .where(contacts.c.normalized.in_([c.normalized for c in checked]), contacts.c.deleted.is_(False),
               customers.c.deleted.is_(False), customers.c.id != cid))}
    for c in checked:
        contact_id = ids[(c.kind, c.normalized)]
        tx.conn.execute(insert(contacts).values(
            id=contact_id, customer_id=cid, kind=c.kind, value=c.value, normalized=c.normalized,
            search_key=phones.contact_search_key(c.kind, c.normalized), label="", is_primary=True, updated_at=tx.now))
        tx.touch("contact_points", contact_id)
    clash = rules.duplicate_contact(checked, owners)
    if clash is not None:
        contact, owner = clash
        said = Phrase("conflict.contact_kept_both", value=contact.value, owner=owner)
        tx.conflict(entity="customer", entity_id=cid, field=contact.kind, mine=contact.value, theirs=owner,
                    resolution="applied", loser=tx.agent.id, message=str(said), coded=said)
    tx.audit("customer", cid, "create", {"name": (None, name), **{c.kind: (None, c.normalized) for c in checked}})
    return {"status": "applied", "applied": {}}


def _customer_for_new_ticket(tx: ServerTx, customer_id: uuid.UUID) -> None:
    """A customer of the agent's team (row-level security shows those), or one this agent
    recorded (their audit entry says so) and no ticket names yet; anyone else's is refused
    with the same words as one that does not exist."""
    customers, audit = T["customers"], T["audit_log"]
    if tx.conn.execute(select(customers.c.id).where(customers.c.id == customer_id)).first() is not None:
        return
    mine = tx.conn.execute(select(audit.c.id).where(
        audit.c.entity_id == customer_id, audit.c.entity == "customer", audit.c.action == "create",
        audit.c.actor_agent_id == tx.agent.id).limit(1)).first()
    if mine is None:
        raise p.Rejected(code="server.no_customer")


@_rule_errors_rejected
def _ticket_create(tx: ServerTx, m: dict) -> dict:
    """An agent's new ticket, in their own team's queue, with the number the server hands
    out and everything derived (status, SLA deadlines, counters) computed here by the rules:
    of the payload only the agent's intent counts (subject, channel, priority, customer,
    assignee, tags, the first message)."""
    payload = m.get("payload") or {}
    tid = _need_uuid(m["entity_id"], "ticket id")
    tickets, messages, tags, agents = T["tickets"], T["messages"], T["ticket_tags"], T["agents"]
    existing = tx.conn.execute(select(tickets.c.number).where(tickets.c.id == tid)).first()
    if existing is not None:
        tx.touch("tickets", tid)  # the pull brings the server's row either way
        return {"status": "applied", "applied": {"number": existing.number}}
    first = payload.get("message")
    if not isinstance(first, dict):
        raise p.Rejected(code="server.ticket_first_message")
    kind = str(first.get("kind"))
    subject, body = rules.check_new_ticket(payload.get("subject"), payload.get("channel"),
                                           payload.get("priority") or "normal", kind, first.get("body"))
    channel, priority = str(payload["channel"]), str(payload.get("priority") or "normal")
    category = rules.check_field("category", payload.get("category") or "")
    wanted_team = _uuid_or_none(payload.get("team_id"))
    if tx.agent.role == "admin":
        team_id = wanted_team
    else:
        team_id = tx.agent.team_id
        if team_id is None:
            raise p.Rejected(code="server.no_team_tickets")
        if wanted_team is not None and wanted_team != team_id:
            raise p.Rejected(code="server.own_team_tickets")
    customer_id = _uuid_or_none(payload.get("customer_id"))
    if payload.get("customer_id") and customer_id is None:
        raise p.Rejected(code="server.invalid_customer_id")
    if customer_id is not None:
        _customer_for_new_ticket(tx, customer_id)
    assignee = _uuid_or_none(payload.get("assignee_id"))
    if payload.get("assignee_id") and assignee is None:
        raise p.Rejected(code="server.invalid_agent_id")
    if assignee is not None:
        who = tx.conn.execute(select(agents.c.team_id, agents.c.deleted).where(agents.c.id == assignee)).first()
        rules.check_assignee(team_id, who.team_id if who else None, who is not None and not who.deleted)
    tag_rows = {rules.check_tag(str(t.get("tag", ""))): _need_uuid(t.get("id"), "tag id")
                for t in _payload_list(payload, "tags")}
    message_id = _need_uuid(first.get("id"), "message id")
    values = rules.new_ticket_values(channel, priority, kind, tx.agent.id, assignee, tx.now)
    number = int(tx.conn.execute(text("SELECT agentdesk_next_ticket_number()")).scalar_one())
    tx.conn.execute(insert(tickets).values(id=tid, number=number, subject=subject, category=category,
                                           customer_id=customer_id, team_id=team_id,
                                           tags_text=" ".join(sorted(tag_rows)), **values))
    tx.touch("tickets", tid)
    inbound = kind == "inbound"
    customer_name = ""
    if inbound and customer_id is not None:
        customer_name = tx.conn.execute(select(T["customers"].c.name).where(T["customers"].c.id == customer_id)).scalar() or ""
    tx.conn.execute(insert(messages).values(
        id=message_id, ticket_id=tid, direction=rules.message_direction(kind), kind=rules.message_kind(kind),
        channel=channel, body=body, author_agent_id=None if inbound else tx.agent.id,
        author_name=customer_name if inbound else tx.agent.name, created_at=tx.now, updated_at=tx.now))
    tx.touch("messages", message_id)
    index_ticket_texts(tx.conn, number, [(0, subject), (1, body)])
    for tag, tag_id in tag_rows.items():
        tx.conn.execute(insert(tags).values(id=tag_id, ticket_id=tid, tag=tag, updated_at=tx.now))
        tx.touch("ticket_tags", tag_id)
    if customer_id is not None:
        # Now that a ticket of the team names them, the customer (recorded maybe moments ago)
        # and their contacts are the team's to pull: stamped with this version.
        tx.touch("customers", customer_id)
        for contact_id in tx.conn.scalars(select(T["contact_points"].c.id)
                                          .where(T["contact_points"].c.customer_id == customer_id)):
            tx.touch("contact_points", contact_id)
    assignee_login = tx.conn.execute(select(agents.c.login).where(agents.c.id == assignee)).scalar() if assignee else None
    tx.audit("ticket", tid, "create", {"subject": (None, subject), "channel": (None, channel),
                                       "priority": (None, priority), "assignee": (None, assignee_login)})
    # The team's routing and priority rules, here only (never on a desk), in this
    # transaction: the team's pointer is locked until it commits (server/routing.py).
    plan = route_created(tx, tid, body)
    routed = {"priority": plan.priority, "assignee_id": p.plain(plan.assignee_id)} if plan is not None else {}
    return {"status": "applied", "applied": {"number": number, **routed}}


# --- customers (issue 12: the editable customer 360) --------------------------------------
def _editable_customer(tx: ServerTx, customer_id) -> Row[Any]:
    """The customer, locked, if this agent may edit them (customer_rules.customer_edit_allowed:
    admins any; others a customer with a ticket in their team). Row-level security hides
    other teams' customers already: one that does not exist gets the same answer."""
    customers, tickets = T["customers"], T["tickets"]
    c = tx.conn.execute(select(customers).where(customers.c.id == _need_uuid(customer_id, "customer id"))
                        .with_for_update()).first()
    if c is None or c.deleted:
        raise p.Rejected(code="server.no_customer")
    teams = tx.conn.scalars(select(tickets.c.team_id).where(tickets.c.customer_id == c.id).distinct()).all()
    customer_rules.check_customer_edit(tx.agent.role, tx.agent.team_id, teams, c.name)
    return c


@_rule_errors_rejected
def _customer_update(tx: ServerTx, m: dict) -> dict:
    """Name and notes field by field: applied if the server still holds what the agent saw
    (else the server's value stays and the agent's is kept in their conflict log); tags
    added and removed one by one, so two agents' tags both stay."""
    c = _editable_customer(tx, m["entity_id"])
    tx.touch("customers", c.id)  # the pull brings the server's row either way
    payload = m.get("payload") or {}
    values, changes = {}, {}
    for name, (old, new) in _field_pairs(m).items():
        if name not in customer_rules.EDITABLE_FIELDS:
            raise p.Rejected(code="customer.field_fixed", field=repr(p.clip(name)))
        new = customer_rules.check_customer_field(name, new)
        cur = getattr(c, name)
        if cur == new:
            continue
        if cur == old:
            values[name] = new
            changes[name] = (cur, new)
            continue
        said = Phrase("conflict.customer_field_kept", name=c.name, field=Phrase(f"customer.the_{name}"))
        tx.conflict(entity="customer", entity_id=c.id, field=name, mine=new, theirs=cur, resolution="kept_server",
                    loser=tx.agent.id, winner=None, message=str(said), coded=said)
    tags = payload.get("tags") or {}
    if not isinstance(tags, dict) or not all(isinstance(tags.get(k, []), list) for k in ("add", "remove")) \
            or set(tags) - {"add", "remove"}:
        raise p.Rejected(code="server.customer_tags_shape")
    after = customer_rules.customer_tags_after(c.tags, [str(t) for t in tags.get("add", [])],
                                               [str(t) for t in tags.get("remove", [])])
    if after != (c.tags or ""):
        values["tags"] = after
        changes["tags"] = (c.tags or "", after)
    if values:
        if "name" in values:
            values["name_reversed"] = phones.name_reversed(values["name"])  # the lookup key follows the name
        tx.conn.execute(update(T["customers"]).where(T["customers"].c.id == c.id).values(**values, updated_at=tx.now))
        tx.audit("customer", c.id, "update", changes)
    return {"status": "applied", "applied": {k: v for k, v in values.items() if k != "name_reversed"}}


@_rule_errors_rejected
def _contact_upsert(tx: ServerTx, m: dict) -> dict:
    """A contact point added or edited. What is stored is derived here from the kind and
    value (the layout, E.164 and the suffix key the search uses): a desk's own
    ``normalized`` or ``search_key`` is refused, never stored. One primary of each kind."""
    payload = m.get("payload") or {}
    if set(payload) - set(p.CONTACT_FIELDS):
        raise p.Rejected(code="server.contact_fields")
    cid = _need_uuid(m["entity_id"], "contact point id")
    contacts = T["contact_points"]
    cur = tx.conn.execute(select(contacts).where(contacts.c.id == cid).with_for_update()).first()
    customer_id = cur.customer_id if cur is not None else _need_uuid(payload.get("customer_id"), "customer id")
    if cur is not None and (p.plain(cur.customer_id) != payload.get("customer_id") or cur.kind != payload.get("kind")):
        raise p.Rejected(code="server.contact_fixed")
    c = _editable_customer(tx, customer_id)
    cv = customer_rules.check_contact_point(payload.get("kind"), payload.get("value"), payload.get("label", ""))
    primary = payload.get("is_primary", False)
    if not isinstance(primary, bool):
        raise p.Rejected(code="server.contact_primary")
    values = {"value": cv.value, "normalized": cv.normalized, "search_key": cv.search_key, "label": cv.label,
              "is_primary": primary, "deleted": False, "updated_at": tx.now}
    if cur is None:
        tx.conn.execute(insert(contacts).values(id=cid, customer_id=c.id, kind=cv.kind, **values))
        tx.audit("customer", c.id, "contact_add", {"contact": (None, f"{cv.kind} {cv.value}")})
    else:
        tx.conn.execute(update(contacts).where(contacts.c.id == cid).values(**values))
        changes = {name: pair for name, pair in (
            ("contact", (f"{cur.kind} {cur.value}", f"{cv.kind} {cv.value}")), ("label", (cur.label, cv.label)),
            ("primary", (cur.is_primary, primary)), ("deleted", (cur.deleted, False))) if pair[0] != pair[1]}
        if changes:
            tx.audit("customer", c.id, "contact_update", changes)
    tx.touch("contact_points", cid)
    if primary:
        others = tx.conn.execute(
            update(contacts).where(contacts.c.customer_id == c.id, contacts.c.kind == cv.kind, contacts.c.id != cid,
                                   contacts.c.is_primary.is_(True)).values(is_primary=False, updated_at=tx.now)
            .returning(contacts.c.id)).scalars().all()
        for other in others:
            tx.touch("contact_points", other)
    return {"status": "applied", "applied": {"value": cv.value, "normalized": cv.normalized}}


@_rule_errors_rejected
def _contact_delete(tx: ServerTx, m: dict) -> dict:
    contacts = T["contact_points"]
    cur = _locked_row(tx, "contact_points", m["entity_id"], "contact point")
    c = _editable_customer(tx, cur.customer_id)
    tx.touch("contact_points", cur.id)
    if not cur.deleted:
        tx.conn.execute(update(contacts).where(contacts.c.id == cur.id).values(deleted=True, is_primary=False,
                                                                               updated_at=tx.now))
        tx.audit("customer", c.id, "contact_remove", {"contact": (f"{cur.kind} {cur.value}", None)})
    return {"status": "applied", "applied": {}}


# --- saved views -----------------------------------------------------------------------------
@_rule_errors_rejected
def _view_save(tx: ServerTx, m: dict) -> dict:
    """A saved view as the agent saved it: the desk's own checks (name, scope, the spec
    validated, bounded) and the one rule of who may write which view (view_spec), asked
    of the view as it was and as it will be. A concurrent save: the later one wins."""
    vid = _need_uuid(m["entity_id"], "view id")
    fields = dict((m.get("payload") or {}).get("fields") or {})
    if set(fields) - set(p.VIEW_FIELDS):
        raise p.Rejected(code="server.view_fields")
    checked = check_view(fields.get("name"), fields.get("scope"), fields.get("spec"))
    position = fields.get("position", 0)
    if not isinstance(position, int) or isinstance(position, bool) or not 0 <= position <= 10_000:
        raise p.Rejected(code="server.view_position")
    actor = ViewActor.of(tx.agent)
    if checked.scope == "personal":
        owner, team = _uuid_or_none(fields.get("owner_agent_id")) or tx.agent.id, None
    else:
        owner, team = tx.agent.id, _uuid_or_none(fields.get("team_id")) or tx.agent.team_id
    views = T["saved_views"]
    cur = tx.conn.execute(select(views).where(views.c.id == vid).with_for_update()).first()
    if cur is not None:
        check_view_write(actor, cur.scope, cur.owner_agent_id, cur.team_id)  # may change the one it replaces
        if cur.scope == "team" and checked.scope == "team":
            owner = cur.owner_agent_id  # who made it stays; another lead of the team may edit it
    check_view_write(actor, checked.scope, owner, team)
    if cur is None or cur.deleted:
        same = (views.c.owner_agent_id == owner) if checked.scope == "personal" else (views.c.team_id == team)
        live = tx.conn.execute(select(func.count()).select_from(views).where(
            views.c.deleted.is_(False), views.c.scope == checked.scope, same)).scalar() or 0
        if live >= VIEWS_PER_OWNER:
            raise p.Rejected(code="server.view_list_full", most=VIEWS_PER_OWNER)
    values = dict(name=checked.name, scope=str(checked.scope), spec=checked.spec.to_json(), position=position,
                  owner_agent_id=owner, team_id=team, deleted=False, updated_at=tx.now)
    if cur is not None:
        tx.conn.execute(update(views).where(views.c.id == vid).values(**values))
    else:
        tx.conn.execute(insert(views).values(id=vid, created_at=tx.now, **values))
    tx.touch("saved_views", vid)
    tx.audit("saved_view", vid, "update" if cur is not None else "create",
             {"name": (cur.name if cur is not None else None, checked.name)})
    return {"status": "applied", "applied": {}}


@_rule_errors_rejected
def _view_delete(tx: ServerTx, m: dict) -> dict:
    views = T["saved_views"]
    cur = _locked_row(tx, "saved_views", m["entity_id"], "view")
    check_view_write(ViewActor.of(tx.agent), cur.scope, cur.owner_agent_id, cur.team_id)
    if not cur.deleted:
        tx.conn.execute(update(views).where(views.c.id == cur.id).values(deleted=True, updated_at=tx.now))
        tx.audit("saved_view", cur.id, "delete", {"deleted": (False, True)})
    tx.touch("saved_views", cur.id)
    return {"status": "applied", "applied": {}}


# --- quality reviews (issue 13) ----------------------------------------------------------------
def _rubric_items(tx: ServerTx, rubric_id, team_id) -> tuple[Row[Any], list[review_rules.RubricItem]]:
    """An active rubric the review may use: the workspace's or the reviewed agent's team's."""
    rubrics = T["rubrics"]
    r = tx.conn.execute(select(rubrics).where(rubrics.c.id == _need_uuid(rubric_id, "rubric id"))).first()
    if r is None or r.deleted or (r.team_id is not None and r.team_id != team_id):
        raise p.Rejected(code="review.rubric_not_found", ref=p.clip(rubric_id))
    if not r.active:
        raise p.Rejected(code="review.rubric_inactive", name=r.name)
    return r, review_rules.parse_items(r.items)


@_rule_errors_rejected
def _review_save(tx: ServerTx, m: dict) -> dict:
    """A lead's review of a handled ticket. Who may review whom is review_rules.check_review
    (a lead of the agent's team, never themselves, a solved or closed ticket of that agent);
    the score and failed mark are computed here from the points, never taken from the desk;
    the time is the server's. One review a ticket: the ticket row is locked while it checks."""
    payload = m.get("payload") or {}
    if not isinstance(payload, dict) or set(payload) - set(p.REVIEW_FIELDS):
        raise p.Rejected(code="server.review_fields")
    if tx.agent.role not in LEAD_ROLES:
        raise p.Rejected(code="review.leads_only")
    rid = _need_uuid(m["entity_id"], "review id")
    t = _locked_ticket(tx, payload.get("ticket_id"))
    if t.assignee_id is None:
        raise p.Rejected(code="review.no_assignee", number=t.number)
    agents = T["agents"]
    agent = tx.conn.execute(select(agents.c.id, agents.c.team_id).where(agents.c.id == t.assignee_id)).first()
    if agent is None or _uuid_or_none(payload.get("agent_id")) != agent.id:
        raise p.Rejected(code="review.not_their_ticket", number=t.number)
    handled = review_rules.Handled(
        number=t.number, status=t.status, deleted=bool(t.deleted), merged=t.merged_into_id is not None,
        assignee_id=t.assignee_id, ticket_team_id=t.team_id, tags=frozenset(_live_tags(tx, t.id)),
        agent_id=agent.id, agent_team_id=agent.team_id)
    review_rules.check_review(review_rules.Actor.of(tx.agent), handled)
    rubric, items = _rubric_items(tx, payload.get("rubric_id"), agent.team_id)
    scores = review_rules.check_scores(items, payload.get("scores"))
    notes, overall = review_rules.check_comments(items, payload.get("comments"), payload.get("comment", ""))
    qr = T["quality_reviews"]
    if tx.conn.execute(select(qr.c.id).where((qr.c.ticket_id == t.id) | (qr.c.id == rid))).first() is not None:
        raise p.Rejected(code="review.already_reviewed", number=t.number)
    outcome = review_rules.score_of(items, scores)
    tx.conn.execute(insert(qr).values(
        id=rid, ticket_id=t.id, agent_id=agent.id, reviewer_id=tx.agent.id, team_id=agent.team_id, rubric_id=rubric.id,
        scores=scores, comments=notes, comment=overall, score=outcome.score, failed=outcome.failed,
        created_at=tx.now, updated_at=tx.now))
    tx.touch("quality_reviews", rid)
    tx.audit("quality_review", rid, "create", {"ticket": (None, t.number), "score": (None, outcome.score),
                                                "failed": (None, outcome.failed)})
    return {"status": "applied", "applied": {"score": outcome.score, "failed": outcome.failed}}


@_rule_errors_rejected
def _rubric_save(tx: ServerTx, m: dict) -> dict:
    """A rubric as a lead (their team's) or an admin (any, or the default) saved it. The
    items of a rubric that has reviews are fixed: a change is saved as a new rubric."""
    fields = (m.get("payload") or {}).get("fields")
    if not isinstance(fields, dict) or set(fields) - set(p.RUBRIC_FIELDS):
        raise p.Rejected(code="server.rubric_fields")
    rid = _need_uuid(m["entity_id"], "rubric id")
    name, items = review_rules.check_rubric(fields.get("name"), fields.get("items"))
    active = fields.get("active", True)
    if not isinstance(active, bool):
        raise p.Rejected(code="server.rubric_active")
    actor = review_rules.Actor.of(tx.agent)
    rubrics = T["rubrics"]
    cur = tx.conn.execute(select(rubrics).where(rubrics.c.id == rid).with_for_update()).first()
    if cur is not None:
        review_rules.check_rubric_write(actor, cur.team_id)
        team = cur.team_id  # a rubric stays with its team
    else:
        team = _uuid_or_none(fields.get("team_id"))
        if team is None and tx.agent.role != "admin":
            team = tx.agent.team_id
    review_rules.check_rubric_write(actor, team)
    stored = [i.to_json() for i in items]
    if cur is not None and cur.items != stored and tx.conn.execute(
            select(T["quality_reviews"].c.id).where(T["quality_reviews"].c.rubric_id == rid).limit(1)).first():
        raise p.Rejected(code="review.rubric_in_use", name=cur.name)
    values = dict(team_id=team, name=name, items=stored, active=active, deleted=False, updated_at=tx.now)
    if cur is None:
        tx.conn.execute(insert(rubrics).values(id=rid, **values))
    else:
        tx.conn.execute(update(rubrics).where(rubrics.c.id == rid).values(**values))
    tx.touch("rubrics", rid)
    tx.audit("rubric", rid, "update" if cur is not None else "create",
             {"name": (cur.name if cur is not None else None, name)})
    return {"status": "applied", "applied": {}}
# --- agent protection (issue 13) ----------------------------------------------------------
@_rule_errors_rejected
def _incident_record(tx: ServerTx, m: dict) -> dict:
    """A warning sent, a contact ended, a protective break (protection_rules): the agent's
    own, on a ticket of their team, naming the script message they sent for a warning.
    Time, team and the protective flag are the server's; a record is written once and never
    changed (a replay, or the same id again, changes nothing)."""
    iid = _need_uuid(m["entity_id"], "incident id")
    payload = m.get("payload") or {}
    if not isinstance(payload, dict) or set(payload) - set(p.INCIDENT_FIELDS):
        raise p.Rejected(code="server.incident_fields")
    t = _locked_ticket(tx, payload.get("ticket_id"))
    kind = protection_rules.check_kind(payload.get("kind"))
    protection_rules.check_recorder(tx.agent.id, tx.agent.role, tx.agent.team_id, None, t.team_id)
    reason = protection_rules.check_reason(kind, payload.get("reason"))
    message_id = _uuid_or_none(payload.get("message_id"))
    if payload.get("message_id") and message_id is None:
        raise p.Rejected(code="server.invalid_id", what="message id", value=repr(p.clip(payload.get("message_id"))))
    messages = T["messages"]
    script = tx.conn.execute(select(messages.c.ticket_id, messages.c.author_agent_id, messages.c.kind)
                             .where(messages.c.id == message_id, messages.c.deleted.is_(False))).first() \
        if message_id is not None else None
    if message_id is not None and script is None:
        raise p.Rejected.like(protection_rules.ProtectionError(code="protection.script_mismatch"))
    protection_rules.check_script_message(kind, tuple(script) if script is not None else None, tx.agent.id, t.id)
    tx.touch("protection_incidents", iid)
    # Insert if absent: an id already taken (a replay slipped past, or someone else's row,
    # which row-level security hides) changes nothing and says nothing about that row.
    added = tx.conn.execute(pg_insert(T["protection_incidents"]).values(
        id=iid, agent_id=tx.agent.id, ticket_id=t.id, team_id=t.team_id, kind=str(kind), reason=reason,
        message_id=message_id, protective=protection_rules.is_protective(kind), created_at=tx.now, updated_at=tx.now)
        .on_conflict_do_nothing()).rowcount
    if not added:
        return {"status": "applied", "applied": {}}
    tx.audit("protection_incident", iid, "record", {"kind": (None, str(kind)), "ticket": (None, t.number)})
    return {"status": "applied", "applied": {"created_at": tx.now.isoformat()}}


def _work_log(tx: ServerTx, m: dict) -> dict:
    """An agent's own time on a ticket of their team (kpi.check_work): the row is always
    the pusher's, whatever the payload says; added once, never changed."""
    payload = m.get("payload") or {}
    wid = _need_uuid(m["entity_id"], "work id")
    if payload.get("agent_id") not in (None, str(tx.agent.id)):
        raise p.Rejected(code="work.own_time")
    tickets = T["tickets"]
    t = tx.conn.execute(select(tickets.c.id, tickets.c.number, tickets.c.team_id, tickets.c.deleted)
                        .where(tickets.c.id == _need_uuid(payload.get("ticket_id"), "ticket id"))).first()
    if t is None or t.deleted:
        raise p.Rejected(code="server.ticket_gone")
    if not kpi.may_work_on(tx.agent.role, tx.agent.team_id, t.team_id):
        raise p.Rejected(code="server.ticket_other_team", number=t.number)
    try:
        started = datetime.fromisoformat(str(payload.get("started_at")))
    except ValueError:
        raise p.Rejected(code="work.start") from None
    try:
        kind, seconds, started = kpi.check_work(payload.get("kind"), payload.get("seconds"), started, tx.now)
    except kpi.WorkError as e:
        raise p.Rejected.like(e) from None
    ws = T["work_sessions"]
    if tx.conn.execute(select(ws.c.id).where(ws.c.id == wid)).first() is None:
        tx.conn.execute(insert(ws).values(id=wid, agent_id=tx.agent.id, ticket_id=t.id, team_id=t.team_id, kind=kind,
                                          seconds=seconds,
                                          started_at=started, updated_at=tx.now))
        tx.touch("work_sessions", wid)
    return {"status": "applied", "applied": {}}


HANDLERS = {
    p.Op.REVIEW_SAVE: _review_save,
    p.Op.RUBRIC_SAVE: _rubric_save,
    p.Op.WORK_LOG: _work_log,
    p.TICKET_MERGE: _ticket_merge,
    p.KB_VOTE: _kb_vote,
    p.KB_USE: _kb_use,
    p.KB_PROPOSE: _kb_propose,
    p.KB_REVIEW: _kb_review,
    p.KB_VISIBILITY: _kb_visibility,
    p.TEMPLATE_SAVE: _template_save,
    p.TEMPLATE_DELETE: _template_delete,
    p.VIEW_SAVE: _view_save,
    p.VIEW_DELETE: _view_delete,
    p.FOLLOW_UP_UPDATE: _follow_up_update,
    p.AGENT_STATUS: _agent_status,
    p.TICKET_UPDATE: _ticket_update,
    p.TAG_ADD: _tag_op,
    p.TAG_REMOVE: _tag_op,
    p.MESSAGE_INSERT: _message_insert,
    p.FOLLOW_UP_INSERT: _follow_up_insert,
    p.Op.CUSTOMER_CREATE: _customer_create,
    p.Op.TICKET_CREATE: _ticket_create,
    p.MENTION_READ: _mention_read,
    p.Op.CUSTOMER_UPDATE: _customer_update,
    p.Op.CONTACT_UPSERT: _contact_upsert,
    p.Op.CONTACT_DELETE: _contact_delete,
    p.Op.ROUTING_SAVE: routing_save,
    p.Op.AGENT_PROFILE: agent_profile,
    p.INCIDENT_RECORD: _incident_record,
    p.Op.AUTORESPONSE_SAVE: autoresponse_save,
    p.Op.TRAINING_SCENARIO_SAVE: training.scenario_save,
    p.Op.TRAINING_ASSIGN: training.assign,
    p.Op.TRAINING_ATTEMPT: training.attempt,
    p.Op.KB_SYNONYM_SAVE: kb_synonym_save,
}


