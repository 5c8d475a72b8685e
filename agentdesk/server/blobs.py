"""Attachments on the team server: content uploaded by a desk, the files a pushed message
names, and content read back by agents who may read the ticket.

Nothing a desk says about a file is believed. The content is hashed and sniffed here
(services/attachments.py: the same rules as on the desk); a message may name only
content its author uploaded (``attachment_uploads``), so knowing another team's hash
reads nothing; content is only ever inserted, never overwritten (no UPDATE is granted),
so a forged hash cannot replace a file. Row-level security (server/security.py) keeps
attachments with their ticket's team and content with the attachments that name it.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection

from agentdesk.models import utcnow
from agentdesk.server.tx import T, ServerTx
from agentdesk.services import attachments as rules
from agentdesk.services.pii import mask_pii
from agentdesk.sync import protocol as p


def store_upload(conn: Connection, agent_id: uuid.UUID, data: bytes) -> dict:
    """Keeps ``data`` under the hash computed here and records that this agent has it, in
    the caller's transaction (as the agent). A program is refused by its content here; by
    its name when a message names it."""
    mime = rules.sniff_mime(data)
    rules.check_file("", len(data), mime)
    sha = rules.sha256_of(data)
    now = utcnow()
    conn.execute(pg_insert(T["attachment_blobs"]).values(sha256=sha, size=len(data), mime_type=mime, data=data,
                                                         created_at=now).on_conflict_do_nothing())
    conn.execute(pg_insert(T["attachment_uploads"]).values(agent_id=agent_id, sha256=sha, created_at=now)
                 .on_conflict_do_nothing())
    return {"sha256": sha, "size": len(data), "mime_type": mime}


def read_attachment(conn: Connection, attachment_id: uuid.UUID) -> bytes | None:
    """The content of an attachment this agent may see (row-level security decides), or None."""
    a, b = T["attachments"], T["attachment_blobs"]
    row = conn.execute(select(a.c.sha256).where(a.c.id == attachment_id, a.c.deleted.is_(False))).first()
    if row is None:
        return None
    data = conn.execute(select(b.c.data).where(b.c.sha256 == row.sha256)).scalar()
    return None if data is None else bytes(data)


def attach_to_message(tx: ServerTx, files, ticket_id: uuid.UUID, message_id: uuid.UUID) -> int:
    """The files a message.insert names, as attachment rows of that message, each checked
    (name, the content's own size and type, this agent uploaded it) and all together (count,
    total size). Rejected as a whole otherwise. Returns how many."""
    if files is None:
        return 0
    if not isinstance(files, list) or len(files) > rules.MAX_FILES:
        raise p.Rejected(code="attachment.too_many", most=rules.MAX_FILES)
    uploads, blobs, rows = T["attachment_uploads"], T["attachment_blobs"], T["attachments"]
    planned = []
    for n, f in enumerate(files):
        if not isinstance(f, dict):
            raise p.Rejected(code="attachment.shape")
        try:
            fid = uuid.UUID(str(f.get("id")))
        except ValueError:
            raise p.Rejected(code="attachment.invalid_id") from None
        name = rules.clean_filename(str(f.get("filename") or ""))
        try:
            sha = rules.check_sha256(f.get("sha256"))
        except rules.AttachmentRefused as exc:
            raise p.Rejected.like(exc) from None
        owned = tx.conn.execute(select(uploads.c.sha256).where(uploads.c.agent_id == tx.agent.id,
                                                               uploads.c.sha256 == sha)).first()
        blob = tx.conn.execute(select(blobs.c.size, blobs.c.mime_type).where(blobs.c.sha256 == sha)).first() \
            if owned is not None else None
        if blob is None:
            raise p.Rejected(code="attachment.not_uploaded", name=p.clip(mask_pii(name)))
        try:
            rules.check_file(name, blob.size, blob.mime_type)
        except rules.AttachmentRefused as exc:
            raise p.Rejected.like(exc, p.clip(str(exc), 300)) from None
        planned.append((fid, name, blob, sha, n))
    try:
        rules.check_totals([b.size for _, _, b, _, _ in planned])
    except rules.AttachmentRefused as exc:
        raise p.Rejected.like(exc) from None
    for fid, name, blob, sha, n in planned:
        tx.conn.execute(rows.insert().values(
            id=fid, message_id=message_id, ticket_id=ticket_id, filename=name, mime_type=blob.mime_type,
            size=blob.size, sha256=sha, created_at=tx.now + timedelta(microseconds=n), updated_at=tx.now))
        tx.touch("attachments", fid)
    return len(planned)
