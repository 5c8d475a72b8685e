"""structured system notes: a merge's "Merged into/from #N" as an event with params (issue 12)

A merge used to store the English sentences "Merged into #5159" / "Merged from #5158" as
system notes, and the Korean window showed them as they were. The notes are now stored as
{"event": "merged_into", "number": 5159} (agentdesk/rules.py system_note) and worded by
each desk in its own language; this rewrites the notes already stored. Only tickets in a
merge can hold one, so the merged tickets' index finds them without reading every
message. Plain column updates, no rev bump: the server and every replica run this same
rewrite and end with the same rows.

Revision ID: 0011
Revises: 0010
"""
import json
import re

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0015'
branch_labels = None
depends_on = None

_OLD = re.compile(r"Merged (into|from) #(\d+)")
_NEW = re.compile(r'\{"event": "merged_(into|from)", "number": (\d+)\}')

_NOTES_OF_MERGED_TICKETS = sa.text(
    "SELECT id, body FROM messages WHERE kind = 'system' AND ticket_id IN ("
    " SELECT id FROM tickets WHERE merged_into_id IS NOT NULL"
    " UNION SELECT merged_into_id FROM tickets WHERE merged_into_id IS NOT NULL)")


def _rewrite(pattern: re.Pattern, word) -> None:
    bind = op.get_bind()
    changed = []
    for row in bind.execute(_NOTES_OF_MERGED_TICKETS):
        m = pattern.fullmatch((row.body or "").strip())
        if m:
            changed.append({'b_id': row.id, 'b_body': word(m.group(1), int(m.group(2)))})
    if changed:
        bind.execute(sa.text("UPDATE messages SET body = :b_body WHERE id = :b_id"), changed)


def upgrade() -> None:
    # The same text as rules.system_note (sort_keys: "event" before "number").
    _rewrite(_OLD, lambda way, number: json.dumps({"event": f"merged_{way}", "number": number}, sort_keys=True))


def downgrade() -> None:
    _rewrite(_NEW, lambda way, number: f"Merged {way} #{number}")
