"""The desk's side of the team sync. Plain Python: never imports Qt, never the server.

Modules: ``protocol`` and ``wire`` (what both sides agree on: mutation shapes, rows as
JSON), ``replica`` (the local SQLite side: edits, outbox, applying pulled rows, rebase),
``capture`` (service writes become outbox rows), ``transport`` (HTTPS and the WebSocket
of pokes to `agentdesk server`), ``engine`` (``SyncClient``: push, pull, status),
``runner`` (the live loop), ``workspace`` (a profile's replica). The server's side
(applying mutations, the change feed, sign-in) is ``agentdesk/server``; what follows
describes the protocol both implement.

The clock. The server has one row, ``sync_clock(id=1, v, epoch)``. Every server write
transaction does its writes, then takes ``agentdesk_next_version()`` (v + 1) and
stamps the rows it wrote with that ``v`` (the ``rev`` column of every synced table),
records the mutation, and calls ``pg_notify('agentdesk_sync', '{"team": …, "v": …}')``,
which PostgreSQL delivers at commit. The clock row stays locked until commit, so a
transaction that gets a larger version commits later: commit order = version order,
no gaps. (A sequence or a timestamp cannot be a cursor: a value taken by a transaction
that commits later lands behind a reader that has already moved past it.)

The cursor. A client's cursor is (epoch, version). A pull opens one REPEATABLE READ
transaction, reads ``v`` from the clock first (that fixes the snapshot), and fetches
every row with ``rev`` in (cursor, v], table by table, in batches. Everything with a
version <= v has committed and is in the snapshot; anything later gets a version > v
and comes next time. A different epoch (the server was restored or reseeded) means a
full resync: all rows again, local rows the server lacks dropped, the outbox kept and
pushed again (acknowledgements from another epoch mean nothing).

The outbox. Each local edit is one SQLite transaction (WAL, synchronous=FULL): the
optimistic change to the local tables plus a ``sync_outbox`` row with the mutation id
(UUID), client sequence, entity, entity id, the base version (the row's ``rev`` as the
agent saw it) and the change: fields as old → new, tag add/remove operations, or the
whole new row for append-only inserts (messages, notes, follow-ups).

Push. Oldest first, in batches of one request; one server transaction per mutation. The server first claims the
mutation id in ``sync_mutations`` (``ON CONFLICT DO NOTHING``); if it was there, the
stored result is returned and nothing changes (a replay, a lost response, a duplicate
pushed concurrently). Rejected mutations (validation, permission) leave the queue; the
reason is kept in ``sync_conflicts`` (kind ``rejected``) for the agent, and the entity
is fetched again at the next pull so the optimistic change disappears. A transient
error (server unreachable, connection dropped) stops the push with the outbox intact;
retries back off exponentially with jitter.

Pull and rebase. Pulled rows are upserted whole (applying twice = applying once). In
the same local transaction, outbox rows whose acknowledged version the new cursor
covers are deleted (their effect is now in the pulled rows), and the rest are applied
again on top of the pulled rows (rebase), so the screen never flickers back. A crash
anywhere rolls the local transaction back; the next pull repeats it.

Merge rules (on the server, per mutation, under the ticket's row lock):
- messages, notes, audit entries: append-only, client UUIDs, insert if absent;
- a ticket field applies if the server value still equals the mutation's old value;
  otherwise: ``status`` applies if the move from the current status is allowed
  (``protocol.STATUS_TRANSITIONS``; closed is final), ``assignee_id``, ``priority`` and
  ``category`` keep the first committed value, ``subject`` keeps the server's text and
  saves the other as an internal note;
- tags are add/remove operations, never a whole-set replace;
- every conflict is a ``sync_conflicts`` row naming the agent whose write lost (and the
  other agent); it is returned to the pusher and pulled by both, never silent;
- deletes are tombstones (``deleted``), pulled like any change.
"""
