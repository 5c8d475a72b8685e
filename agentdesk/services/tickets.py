"""Tickets: the inbox query (saved views, filters, sort, pages), the ticket detail,
replies and notes, field changes, merging. Used alike by the window and the CLI.

Everything returned is plain data (frozen dataclasses), never live ORM objects.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ARRAY,
    BigInteger,
    ColumnElement,
    Select,
    and_,
    any_,
    bindparam,
    event,
    false,
    func,
    inspect,
    literal_column,
    or_,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, aliased

from agentdesk import rules
from agentdesk.catalogue import event_english
from agentdesk.kpi import Drill
from agentdesk.models import (
    ACTIVE_STATUSES,
    CHANNELS,
    PRIORITIES,
    PRIORITY_RANK,
    TICKET_STATUSES,
    WORKING_STATUSES,
    Agent,
    AuditEntry,
    Customer,
    Message,
    Order,
    Ticket,
    TicketStatus,
    TicketTag,
    utcnow,
)
from agentdesk.services import attachments as attachment_store
from agentdesk.services import mentions, textsearch
from agentdesk.services.metrics import drill_conditions
from agentdesk.services.attachments import AttachmentRow, NewFile, PendingAttachment
from agentdesk.services.view_spec import SlaState, TagMatch, TimeWindow, ViewFilters
from agentdesk.services.common import (
    AT_RISK_WINDOW,
    InvalidValue,
    NotFound,
    audit,
    check_choice,
    find_agent,
    parse_uuid,
    rule_errors_as_invalid_value,
)

# Saved views, in the order the inbox shows them ("mentions": tickets where I was @mentioned).
VIEWS = ("my_open", "unassigned", "urgent", "sla_at_risk", "pending", "all", "mentions")
SORTS = ("updated", "priority", "sla", "number", "status")
FTS_SEQ_BITS = 12  # ticket_fts rowid = number << 12 | message sequence
SEARCH_ROW_CAP = 20000  # text search considers the newest 20,000 matching subjects/messages


def _shared_alias(name: str) -> Any:
    """An alias of Agent shared by every thread, its columns adapted now, at import.

    SQLAlchemy builds an alias's column collection and adapted attributes lazily and not
    thread-safely: when two read workers first used one at the same moment, one could get
    ``agents.id`` instead of ``assignee.id`` for good (the inbox's first page then failed
    with "no such column: agents.id" until the desk restarted)."""
    alias = aliased(Agent, name=name)
    inspect(alias).selectable.c  # noqa: B018 - builds the column collection
    for prop in inspect(Agent).column_attrs:
        getattr(alias, prop.key).__clause_element__()
    return alias


# The agents a page or a ticket names (assignee, message author, the actor of a change),
# aliased once: a fresh aliased() per call re-adapted its columns on every inbox page and
# ticket open (~0.7 ms of CPU each, measured with get_detail and fetch_page).
_ASSIGNEE = _shared_alias("assignee")
_AUTHOR = _shared_alias("author")
_ACTOR = _shared_alias("actor")


@dataclass(frozen=True)
class TicketQuery:
    view: str = "all"
    channel: str | None = None
    status: str | None = None
    priority: str | None = None
    tag: str | None = None
    assignee: str | None = None  # agent UUID as str, or "none" for unassigned
    text: str = ""
    sort: str = "updated"
    descending: bool = True
    # A saved view's filters (services/saved_views.py), applied with everything above.
    spec: ViewFilters | None = None
    # The tickets behind a supervisor's figure (services/metrics.drill): counted exactly,
    # like the figure itself.
    drill: Drill | None = None

    def with_(self, **kw) -> TicketQuery:
        return replace(self, **kw)


@dataclass(frozen=True)
class TicketRow:
    id: uuid.UUID
    number: int
    subject: str
    channel: str
    status: str
    priority: str
    customer_name: str
    assignee_name: str
    updated_at: datetime
    sla_next_due: datetime | None
    tags: str
    customer_id: uuid.UUID | None = None


@dataclass(frozen=True)
class MessageRow:
    id: uuid.UUID
    ticket_number: int
    direction: str
    kind: str
    channel: str
    body: str  # a system note's: its English line (the CLI's); the window renders ``event``
    author: str
    created_at: datetime
    attachments: tuple[AttachmentRow, ...] = ()
    event: str = ""  # a system note's event (catalogue.EVENTS), e.g. "merged"
    params: dict = field(default_factory=dict, compare=False)
    # A public reply's delivery by the gateway (models.DELIVERY_STATES); None: not sent by it.
    delivery: str | None = None


@dataclass(frozen=True)
class TicketEvent:
    """A change to the ticket, shown as a line in its timeline: ``kind`` is a key of
    catalogue.EVENTS; ``params`` are values, never sentences (status and priority codes,
    agents' names, tags), so the window words it in its own language."""

    at: datetime
    actor: str
    kind: str
    params: dict = field(compare=False)

    def english(self) -> str:
        return event_english(self.kind, {"actor": self.actor or "AgentDesk (automatic)", **self.params})


@dataclass(frozen=True)
class TicketDetail:
    id: uuid.UUID
    number: int
    subject: str
    channel: str
    status: str
    priority: str
    category: str
    tags: list[str]
    customer_id: uuid.UUID | None
    customer_name: str
    assignee_id: uuid.UUID | None
    assignee_name: str
    created_at: datetime
    updated_at: datetime
    sla_first_response_due: datetime | None
    sla_resolution_due: datetime | None
    sla_next_due: datetime | None
    first_response_at: datetime | None
    solved_at: datetime | None
    reopen_count: int
    order_number: str | None
    order_status: str | None
    order_total: int | None
    merged_into_number: int | None
    merged_numbers: list[int]
    messages: list[MessageRow] = field(default_factory=list)
    team_id: uuid.UUID | None = None  # whose queue: who may be @mentioned on it
    events: list[TicketEvent] = field(default_factory=list)  # field changes, oldest first


# --- lookup -----------------------------------------------------------------------
def resolve_ticket(session: Session, ref) -> Ticket:
    """A ticket by UUID or number ('1042' or '#1042')."""
    if isinstance(ref, uuid.UUID):
        t = session.get(Ticket, ref)
    else:
        s = str(ref).strip().lstrip("#")
        u = parse_uuid(s)
        if u:
            t = session.get(Ticket, u)
        elif s.isdigit():
            t = session.scalar(select(Ticket).where(Ticket.number == int(s)))
        else:
            t = None
    if t is None or t.deleted:
        raise NotFound(code="ticket.not_found", ref=ref)
    return t


# --- the inbox query --------------------------------------------------------------
def _conditions(session: Session, q: TicketQuery, me: uuid.UUID | None, now: datetime,
                walk_text: bool = False) -> list[ColumnElement[bool]]:
    cond: list[ColumnElement[bool]] = [Ticket.deleted.is_(False)]
    v = q.view
    if v == "my_open":
        cond += [Ticket.assignee_id == me, Ticket.status.in_(WORKING_STATUSES)]
    elif v == "unassigned":
        cond += [Ticket.assignee_id.is_(None), Ticket.status.in_(ACTIVE_STATUSES)]
    elif v == "urgent":
        cond += [Ticket.priority_rank == 0, Ticket.status.in_(ACTIVE_STATUSES)]
    elif v == "sla_at_risk":
        # Breached or due within the risk window; sla_next_due is NULL once solved.
        cond += [Ticket.sla_next_due.is_not(None), Ticket.sla_next_due <= now + AT_RISK_WINDOW]
    elif v == "pending":
        cond += [Ticket.status == TicketStatus.PENDING]
    elif v == "mentions":
        cond.append(mentions.mentioned_tickets(me))
    elif v != "all":
        raise InvalidValue(code="ticket.unknown_view", view=v, allowed=", ".join(VIEWS))
    if q.channel:
        cond.append(Ticket.channel == check_choice("channel", q.channel, CHANNELS))
    if q.status:
        cond.append(Ticket.status == check_choice("status", q.status, TICKET_STATUSES))
    if q.priority:
        cond.append(Ticket.priority_rank == PRIORITY_RANK[check_choice("priority", q.priority, PRIORITIES)])
    if q.assignee == "none":
        cond.append(Ticket.assignee_id.is_(None))
    elif q.assignee:
        cond.append(Ticket.assignee_id == (parse_uuid(q.assignee) or find_agent(session, q.assignee).id))
    if q.tag and rules.normalize_tag(q.tag):
        # Spelt as it is stored: the filter "Mobile App" finds the tag mobile-app.
        tag = rules.normalize_tag(q.tag)
        cond.append(Ticket.id.in_(select(TicketTag.ticket_id).where(TicketTag.tag == tag, TicketTag.deleted.is_(False))))
    if q.text.strip():
        cond.append(_text_condition(session, q.text, walk_text))
    if q.spec is not None:
        cond += _spec_conditions(session, q.spec, me, now)
    if q.drill is not None:
        cond += drill_conditions(q.drill)
    return cond


def _spec_conditions(session: Session, f: ViewFilters, me: uuid.UUID | None, now: datetime) -> list[ColumnElement[bool]]:
    """A saved view's filters, each on an indexed column (tags: see _tags_condition)."""
    cond: list[ColumnElement[bool]] = []
    if f.statuses:
        cond.append(Ticket.status.in_([str(s) for s in f.statuses]))
    if f.priorities:
        cond.append(Ticket.priority_rank.in_(sorted(PRIORITY_RANK[p] for p in f.priorities)))
    if f.channels:
        cond.append(Ticket.channel.in_([str(c) for c in f.channels]))
    if f.assignee == "none":
        cond.append(Ticket.assignee_id.is_(None))
    elif f.assignee == "me":
        # Without an agent (a script's count) "me" is nobody; never "assignee_id IS NULL".
        cond.append(Ticket.assignee_id == me if me is not None else false())
    elif f.assignee:
        cond.append(Ticket.assignee_id == uuid.UUID(f.assignee))
    if f.team == "mine":
        team = session.scalar(select(Agent.team_id).where(Agent.id == me)) if me is not None else None
        cond.append(Ticket.team_id == team if team is not None else false())
    elif f.team:
        cond.append(Ticket.team_id == uuid.UUID(f.team))
    if f.tags:
        cond += _tags_conditions(session, f.tags, f.tags_match)
    if f.sla:
        cond.append(_sla_condition(f.sla, now))
        if SlaState.NONE not in f.sla and not f.statuses and (f.assignee or f.team or f.channels or f.priorities
                                                              or f.created or f.updated):
            # Implied (rules.sla_next_due: only new and open tickets have a deadline running),
            # and said it lets "breached, mine" read the agent's open tickets from the index
            # that holds assignee and status, not every breached ticket (measured at 1M:
            # 680 → 2 ms). Alone, the SLA filter is read from its own index, which has no status.
            cond.append(Ticket.status.in_([str(s) for s in WORKING_STATUSES]))
    if f.created is not None:
        cond += _window(Ticket.created_at, f.created, now)
    if f.updated is not None:
        cond += _window(Ticket.updated_at, f.updated, now)
    if f.text:
        cond.append(_text_condition(session, f.text))
    return cond


TAGS_DRIVE = 20_000  # tickets carrying a tag up to which a filter on it drives from the tag index


def _tag_carriers(session: Session, group: list[str], limit: int = TAGS_DRIVE) -> int:
    """How many tickets carry one of these tags, up to ``limit`` + 1: read from the tag
    index alone (tombstones included: an estimate that decides a query's form)."""
    sub = select(TicketTag.ticket_id).where(TicketTag.tag.in_(group)).limit(limit + 1).subquery()
    return session.scalar(select(func.count()).select_from(sub)) or 0


def _tag_groups(tags: tuple[str, ...], match: TagMatch) -> list[list[str]]:
    """Groups of tags a ticket must carry one of each: all → one group a tag, any → one group."""
    return [[tag] for tag in tags] if match == TagMatch.ALL else [list(tags)]


def _tags_conditions(session: Session, tags: tuple[str, ...], match: TagMatch) -> list[ColumnElement[bool]]:
    """Tags, in the form that is fast for how many tickets carry them. Driven from the tag
    index (ix_ticket_tags_tag), SQLite first lists every ticket with the tag: measured at
    1M tickets, 700 ms a page for a tag on 165,000 of them, whatever the LIMIT. Checked
    ticket by ticket (uq_ticket_tags_ticket_tag) as the page walks the view's own index,
    that page took 16-26 ms; but a rare tag would be looked for through every ticket. So
    the tag index is asked first how many carry it (count_view has a third form)."""
    live = TicketTag.deleted.is_(False)
    out: list[ColumnElement[bool]] = []
    for group in _tag_groups(tags, match):
        if _tag_carriers(session, group) > TAGS_DRIVE:
            tt = aliased(TicketTag)  # its own name: a count may join ticket_tags too (count_view)
            out.append(select(tt.id).where(tt.ticket_id == Ticket.id, tt.tag.in_(group), tt.deleted.is_(False))
                       .correlate(Ticket).exists())
        else:
            out.append(Ticket.id.in_(select(TicketTag.ticket_id).where(TicketTag.tag.in_(group), live)))
    return out


def _tag_driver(session: Session, q: TicketQuery) -> list[str] | None:
    """The tags a capped count is best read from (joined to the tickets from the tag index,
    stopping at the cap: 68 ms at 1M tickets where the forms above took 230-590 ms): those
    of a view whose other filters no index narrows, when many tickets carry them."""
    f = q.spec
    if f is None or not f.tags or q.tag:
        return None
    rest = _filtered_columns(q.with_(spec=f.model_copy(update={"tags": ()}), text=""))
    if rest:  # another filter an index answers: the query walks that index instead
        return None
    group = _tag_groups(f.tags, f.tags_match)[0]
    return group if _tag_carriers(session, group) > TAGS_DRIVE else None


_SLA_ORDER = (SlaState.BREACHED, SlaState.AT_RISK, SlaState.OK)  # along the deadline, earliest first


def _sla_condition(states: tuple[SlaState, ...], now: datetime) -> ColumnElement[bool]:
    """SLA states as ranges of sla_next_due, as services.common.sla_state reads them:
    breached (due <= now), at risk (now < due <= now + 1 h), ok (later); neighbouring
    states make one range. No deadline (solved, pending, on hold) is NULL."""
    due = Ticket.sla_next_due
    bounds = {SlaState.BREACHED: (None, now), SlaState.AT_RISK: (now, now + AT_RISK_WINDOW),
              SlaState.OK: (now + AT_RISK_WINDOW, None)}
    runs: list[list[SlaState]] = []
    for i, state in enumerate(_SLA_ORDER):
        if state in states:
            if runs and _SLA_ORDER[i - 1] in runs[-1]:
                runs[-1].append(state)
            else:
                runs.append([state])
    parts: list[ColumnElement[bool]] = []
    for run in runs:
        low, high = bounds[run[0]][0], bounds[run[-1]][1]
        part: list[ColumnElement[bool]] = [due.is_not(None)]
        if low is not None:
            part.append(due > low)
        if high is not None:
            part.append(due <= high)
        parts.append(and_(*part))
    if SlaState.NONE in states:
        parts.append(due.is_(None))
    return or_(*parts) if len(parts) > 1 else parts[0]


def _window(column, window: TimeWindow, now: datetime) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    if window.within_hours is not None:
        out.append(column >= now - timedelta(hours=window.within_hours))
    if window.older_than_hours is not None:
        out.append(column < now - timedelta(hours=window.older_than_hours))
    return out


def ticket_number_in(raw: str) -> int | None:
    """The ticket number an inbox search is, if it is one: '15553', '#15553', '＃１５５５３'."""
    m = re.fullmatch(r"#?\s*(\d{1,18})", unicodedata.normalize("NFKC", raw or "").strip())
    return int(m.group(1)) if m else None


def _text_condition(session: Session, raw: str, walk: bool = False):
    number = ticket_number_in(raw)
    if number is None:
        return _words_condition(session, raw, walk)
    # A ticket number finds that ticket (by its unique index) and the text that mentions
    # the number ('#15553' as '15553': the '#' is how agents write it, not the text).
    return or_(Ticket.number == number, _words_condition(session, str(number)))


def _fts_newest(column, match: str) -> Select:
    """The search index's rows matching ``match``, newest first (the one shape the inbox's
    text condition and the lower-bound check both read)."""
    return (select(column).select_from(text("ticket_fts"))
            .where(text("ticket_fts MATCH :fts_match").bindparams(fts_match=match))
            .order_by(text("rowid DESC")))


_HITS_KEY = "agentdesk.search_hits"  # session.info: the match whose hits temp.search_hits holds
_CREATE_HITS = text("CREATE TEMP TABLE IF NOT EXISTS search_hits (number INTEGER PRIMARY KEY)")
_CLEAR_HITS = text("DELETE FROM temp.search_hits")
_FILL_HITS = text(f"INSERT OR IGNORE INTO temp.search_hits SELECT n FROM (SELECT rowid >> {FTS_SEQ_BITS} AS n"
                  " FROM ticket_fts WHERE ticket_fts MATCH :fts_match ORDER BY rowid DESC LIMIT :cap)")


def read_search_hits(session: Session, q: TicketQuery) -> None:
    """Reads the search index's newest matches of the query's words once, into a
    temporary table of this session's connection; the session's later conditions on the
    same words read that table. The inbox's count and first page both need them, and
    walking up to SEARCH_ROW_CAP index rows was most of a search (~20 of ~50 ms at 1M);
    the table is also keyed by ticket number, so no IN-list is built per statement. Only
    for the session it is called in (a pooled connection's table is refilled by the next)."""
    raw = q.text
    if session.get_bind().dialect.name != "sqlite" or not raw.strip():
        return
    number = ticket_number_in(raw)
    match = textsearch.fts_query(raw if number is None else str(number))
    if match is None:
        return
    session.execute(_CREATE_HITS)
    session.execute(_CLEAR_HITS)
    session.execute(_FILL_HITS, {"fts_match": match, "cap": SEARCH_ROW_CAP})
    session.info[_HITS_KEY] = match


def _words_condition(session: Session, raw: str, walk: bool = False):
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        match = textsearch.fts_query(raw)
        if match is None:
            return literal_column("0") == 1  # nothing searchable (only punctuation)
        # Newest matches first, capped: a common word ('환불') hits a fifth of a million
        # tickets, and nobody pages through more than the newest few thousand of them.
        hits: Select
        if session.info.get(_HITS_KEY) == match:  # read once for this session (read_search_hits)
            hits = select(literal_column("number")).select_from(text("temp.search_hits"))
        else:
            hits = _fts_newest(literal_column(f"rowid >> {FTS_SEQ_BITS}"), match).limit(SEARCH_ROW_CAP)
        # walk: the inbox index is walked in its own order and each ticket checked against
        # the matches ('number + 0' keeps SQLite from driving the query by the match list);
        # see fetch_page's dense_text.
        return (Ticket.number + 0).in_(hits) if walk else Ticket.number.in_(hits)
    if dialect == "postgresql":
        numbers, _capped = _pg_hits(session, raw)
        if not numbers:
            return literal_column("0") == 1
        # The matched tickets as one array: the count, the page and every badge of the
        # search read it, none of them the index again. Bound as an int8[] (a custom
        # plan sees its values); sent as text and cast, it was searched item by item
        # for every ticket (a page 0.5-2 s instead of 4-10 ms at 200,000 tickets).
        matched = bindparam("fts_hits", numbers, type_=ARRAY(BigInteger), unique=True)
        return (Ticket.number + 0 if walk else Ticket.number) == any_(matched)
    return _like_condition(raw)


# One index scan per block, each a plain AND of that block's terms (GIN skips through the
# rarest); ORed into one tsquery, GIN read the union of every block's postings: 80-90 ms
# for a phrase found nowhere at 200,000 tickets, 9-11 ms so. One array back, not a row per
# match (40,000 rows cost 0.1 s of Python to fetch one by one).
_PG_PROBE = text("SELECT array_agg(t.rowid) FROM unnest(CAST(:qs AS text[])) AS u(q) "
                 "CROSS JOIN LATERAL (SELECT rowid FROM ticket_fts WHERE tsv @@ CAST(u.q AS tsquery)) AS t")
# The planner cannot see into the queries it is handed, guesses thousands of rows a block
# and compiles the probe with JIT (the first time in a connection 100-250 ms).
_NO_JIT = text("SET LOCAL jit = off")


def _pg_hits(session: Session, raw: str) -> tuple[list[int], bool]:
    """PostgreSQL: the tickets of the newest SEARCH_ROW_CAP rows of ticket_fts matching
    these words (SQLite's rule), and whether more rows matched; kept for the session (one
    worker job reads the count, the page and the capped flag from it).

    The newest block of tickets is asked first (textsearch.pg_tsvector), then as many
    older blocks at once as the density seen says the cap needs, until the rows found
    pass the cap or every block was read: the GIN index and the table read only the
    matches of the blocks asked, never a common word's every match."""
    cache = session.info.setdefault("agentdesk_fts_hits", {})
    if raw in cache:
        return cache[raw]
    words = textsearch.pg_words(raw)
    rowids: list[int] = []
    newest = session.scalar(_PG_NEWEST) if words else None
    if words and newest is not None:
        session.execute(_NO_JIT)
        number, size = newest >> FTS_SEQ_BITS, 1 << textsearch.PG_BLOCK_BITS
        left = list(range(number // size, -1, -1))
        take = 1 if number % size >= size // 2 else 2  # a block's worth of tickets at least
        while left and len(rowids) <= SEARCH_ROW_CAP:
            blocks, left = left[:take], left[take:]
            rowids += session.scalar(_PG_PROBE, {"qs": [textsearch.pg_tsquery(words, [b]) for b in blocks]}) or []
            # The tickets still needed at the density seen so far, in blocks. No margin: the
            # newest tickets have the fewest messages, so older blocks hold more than that.
            need, seen = SEARCH_ROW_CAP + 1 - len(rowids), number - blocks[-1] * size + 1
            take = len(left) if not rowids else max(1, -(-need * seen // (len(rowids) * size)))
    rowids.sort(reverse=True)
    numbers = list(dict.fromkeys(r >> FTS_SEQ_BITS for r in rowids[:SEARCH_ROW_CAP]))
    cache[raw] = found = (numbers, len(rowids) > SEARCH_ROW_CAP)
    return found


_PG_NEWEST = text("SELECT max(rowid) FROM ticket_fts")


@event.listens_for(Session, "after_flush")
@event.listens_for(Session, "after_transaction_end")
def _forget_fts_hits(session: Session, *_args) -> None:
    """A session's search results (_pg_hits) hold until it writes or its transaction ends."""
    session.info.pop("agentdesk_fts_hits", None)


def _like_condition(raw: str):
    """Other backends: plain case-insensitive substring search (no index)."""
    parts = []
    for term in textsearch.like_terms(raw):
        pat = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        # A merge's note is an event ({"event": …}), not text to search.
        in_body = select(Message.ticket_id).where(Message.body.ilike(pat, escape="\\"), Message.kind != "system")
        parts.append(or_(Ticket.subject.ilike(pat, escape="\\"), Ticket.id.in_(in_body)))
    return and_(*parts) if parts else literal_column("0") == 1


def _sort_keys(q: TicketQuery) -> list[tuple]:
    """[(column, descending), …] ending in the unique number, so every order is total."""
    sort = q.sort if q.sort in SORTS else "updated"
    if q.view == "sla_at_risk" and q.sort == "updated":
        sort = "sla"  # the at-risk view reads soonest deadline first
    d = q.descending
    number = ticket_number_in(q.text) if q.text.strip() else None
    if number is not None:
        # The ticket whose number was typed comes first, then the text matches as sorted.
        return [(Ticket.number == number, True), *_sort_keys(q.with_(text=""))]
    if sort == "priority":
        # Index order: rank asc, updated desc. "Descending" means most urgent first.
        return [(Ticket.priority_rank, not d), (Ticket.updated_at, d), (Ticket.number, d)]
    col = {"updated": Ticket.updated_at, "sla": Ticket.sla_next_due, "number": Ticket.number, "status": Ticket.status}[sort]
    if sort == "sla":
        d = not d  # soonest deadline first by default
    return [(col, d), (Ticket.number, d)] if col is not Ticket.number else [(col, d)]


def _order_by(keys: list[tuple], reverse: bool = False) -> list:
    return [col.desc() if (desc != reverse) else col.asc() for col, desc in keys]


def count_tickets(session: Session, q: TicketQuery, me: uuid.UUID | None, now: datetime | None = None) -> int:
    now = now or utcnow()
    cond = _conditions(session, q, me, now)
    if len(cond) == 1:
        return _count_live(session)
    status = _status_alone(q)
    if status is not None:
        return _count_status(session, cond, status)
    return session.scalar(select(func.count()).select_from(Ticket).where(*cond)) or 0


def _count_live(session: Session) -> int:
    """Every ticket but the deleted: an unconditional count(*) is a b-tree walk SQLite does
    without decoding rows (~10x faster), minus the few deleted tickets."""
    total = session.scalar(select(func.count()).select_from(Ticket)) or 0
    return total - (session.scalar(select(func.count()).select_from(Ticket).where(Ticket.deleted.is_(True))) or 0)


def _status_alone(q: TicketQuery) -> str | None:
    """The status when "All" is filtered on a status and nothing else."""
    if (q.view != "all" or q.spec is not None or q.drill is not None or q.tag or q.assignee or q.text.strip()
            or q.channel or q.priority):
        return None
    return q.status or None


# A count first reads at most this many matches; most filters stop there with the answer.
_PROBE = 20_000


def _count_upto(session: Session, cond: list, limit: int) -> int:
    upto: Select = select(literal_column("1")).select_from(Ticket).where(*cond).limit(limit)
    return session.scalar(select(func.count()).select_from(upto.subquery())) or 0


def _count_status(session: Session, cond: list, status: str) -> int:
    """The tickets of one status. Most statuses stop at the first probe; the one that holds
    most tickets (in a helpdesk, closed: 944,000 of 1M, a 54 ms walk of the status index)
    is counted as the live count minus the rest (56,000 tickets: 5 ms in all). The rest is
    read below and above this status in the index (two range walks; an OR made SQLite
    collect row ids), so statuses this version does not know count too, and only up to a
    tenth of the tickets (~14 ms at 1M), so a status that is not most of them costs at
    most that much more. Channels and priorities are spread too evenly for this to pay."""
    n = _count_upto(session, cond, _PROBE)
    if n < _PROBE:
        return n
    live = _count_live(session)
    tenth = live // 10
    below: Select = select(literal_column("1")).select_from(Ticket).where(Ticket.deleted.is_(False), Ticket.status < status)
    above: Select = select(literal_column("1")).select_from(Ticket).where(Ticket.deleted.is_(False), Ticket.status > status)
    rest = session.scalar(select(func.count()).select_from(union_all(below, above).limit(tenth + 1).subquery())) or 0
    if rest <= tenth:
        return live - rest
    return session.scalar(select(func.count()).select_from(Ticket).where(*cond)) or 0


# A count no index answers stops here and is shown as "5,000+": each match it reads is a
# lookup of the ticket row (measured at 1M tickets on a busy 2-core machine: 20,000 of them
# took 370-740 ms, on a worker that the inbox's pages share, every 30 s and after each change).
COUNT_CAP = 5_000
# The columns each inbox index holds besides number and deleted (models.Ticket): a count
# filtered on a subset of one of them is read from that index alone, as the built-in
# views are counted. Anything else is counted up to COUNT_CAP.
_COUNTABLE = (
    frozenset({"updated_at", "status"}), frozenset({"assignee_id", "status", "updated_at"}),
    frozenset({"priority_rank", "updated_at", "status"}), frozenset({"channel", "updated_at", "status"}),
    frozenset({"sla_next_due"}), frozenset({"team_id", "status", "updated_at"}), frozenset({"created_at", "status"}),
)
_VIEW_COLUMNS = {"my_open": {"assignee_id", "status"}, "unassigned": {"assignee_id", "status"},
                 "urgent": {"priority_rank", "status"}, "sla_at_risk": {"sla_next_due"}, "pending": {"status"}}


@dataclass(frozen=True)
class ViewCount:
    """How many tickets a view holds; ``exact`` False: at least ``n`` (shown "5,000+")."""

    n: int
    exact: bool = True


def _filtered_columns(q: TicketQuery) -> set[str] | None:
    """The ticket columns the query filters on; None when it filters on something no
    ticket index holds (tags, text)."""
    if q.tag or q.text.strip() or (q.spec is not None and (q.spec.tags or q.spec.text)):
        return None
    cols = set(_VIEW_COLUMNS.get(q.view, ()))
    pairs: list[tuple[str, object]] = [("channel", q.channel), ("status", q.status), ("priority_rank", q.priority),
                                       ("assignee_id", q.assignee)]
    f = q.spec
    if f is not None:
        pairs += [("status", f.statuses), ("priority_rank", f.priorities), ("channel", f.channels),
                  ("assignee_id", f.assignee), ("team_id", f.team), ("sla_next_due", f.sla),
                  ("created_at", f.created), ("updated_at", f.updated)]
    cols |= {col for col, value in pairs if value}
    return cols


def count_view(session: Session, q: TicketQuery, me: uuid.UUID | None, now: datetime | None = None,
               cap: int = COUNT_CAP) -> ViewCount:
    """A view's count as the built-in views are counted (from one covering index) when its
    filters allow it; otherwise counted up to ``cap`` matches, so a filter no index
    answers (tags, text, columns no single index holds together) never reads more."""
    cols = _filtered_columns(q)
    if q.drill is not None or (cols is not None and (not cols or any(cols <= index for index in _COUNTABLE))):
        return ViewCount(count_tickets(session, q, me, now))
    now = now or utcnow()
    cond = _conditions(session, q, me, now)
    drive = _tag_driver(session, q)
    if drive is not None:
        upto: Select = (select(TicketTag.ticket_id).join(Ticket, Ticket.id == TicketTag.ticket_id)
                        .where(TicketTag.tag.in_(drive), TicketTag.deleted.is_(False), *cond).distinct().limit(cap + 1))
        n = session.scalar(select(func.count()).select_from(upto.subquery())) or 0
    else:
        n = _count_upto(session, cond, cap + 1)
    return ViewCount(min(n, cap), exact=n <= cap)


def count_results(session: Session, q: TicketQuery, me: uuid.UUID | None, now: datetime | None = None) -> ViewCount:
    """The inbox's row count: exact, except that a text search reads only the newest
    SEARCH_ROW_CAP matching subjects and messages; when there were more, the count is of
    the tickets among those and is marked as a lower bound ("8,177+"), never passed off
    as all of them (a common word, '환불', is in 119,000 tickets of a million)."""
    n = count_tickets(session, q, me, now)
    texts = [q.text] + ([q.spec.text] if q.spec is not None and q.spec.text else [])
    return ViewCount(n, exact=not any(_search_capped(session, t) for t in texts if t.strip()))


def _search_capped(session: Session, raw: str) -> bool:
    """Whether the search index holds more than SEARCH_ROW_CAP matches of these words
    (one more step down the index the count's own subquery walked: ~1-4 ms)."""
    dialect = session.get_bind().dialect.name
    number = ticket_number_in(raw)
    if dialect == "postgresql":
        return _pg_hits(session, raw if number is None else str(number))[1]
    if dialect != "sqlite":
        return False  # the substring search elsewhere is not capped
    match = textsearch.fts_query(raw if number is None else str(number))
    if match is None:
        return False
    return session.scalar(_fts_newest(literal_column("1"), match).offset(SEARCH_ROW_CAP).limit(1)) is not None


def view_counts(session: Session, me: uuid.UUID | None, base: TicketQuery | None = None, now: datetime | None = None) -> dict[str, int]:
    """Counts for every saved view, with the same extra filters applied; for "mentions",
    the tickets with mentions of ``me`` not yet read (the view's badge)."""
    base = base or TicketQuery()
    now = now or utcnow()
    counts = {v: count_tickets(session, base.with_(view=v), me, now) for v in VIEWS if v != "mentions"}
    unread = _conditions(session, base.with_(view="all"), me, now) + [mentions.mentioned_tickets(me, unread_only=True)]
    counts["mentions"] = session.scalar(select(func.count()).select_from(Ticket).where(*unread)) or 0
    return counts


def fetch_page(
    session: Session, q: TicketQuery, me: uuid.UUID | None, offset: int, limit: int, now: datetime | None = None,
    total: int | None = None, dense_text: bool = False,
) -> list[TicketRow]:
    """One page of the inbox. Numbers come from a covering index; only the page is joined.

    Given the total, a page past the middle is read from the other end of the index in
    reverse order, so the end of a million rows is as quick as the start.
    """
    now = now or utcnow()
    keys = _sort_keys(q)
    reverse = False
    if total is not None and offset > total // 2:
        reverse = True
        end = min(offset + limit, total)
        offset, limit = total - end, end - offset
        if limit <= 0:
            return []
    # A search with more matches than it reads (count_results' lower bound) has them among
    # the newest tickets: its first pages are found by walking the update-order index and
    # checking each ticket against the matches (4-8 ms at 1M), not by looking up all 8,000-
    # 12,000 matched tickets and sorting them (13-46 ms). A rare word would walk the whole
    # index (60 ms), so only then, and only near the top of the list.
    walk = (dense_text and bool(q.text.strip()) and not reverse and offset + limit <= 1000
            and ticket_number_in(q.text) is None and keys[0][0] is Ticket.updated_at)
    page = (
        select(Ticket.number)
        .where(*_conditions(session, q, me, now, walk_text=walk))
        .order_by(*_order_by(keys, reverse))
        .offset(offset)
        .limit(limit)
    ).subquery()
    assignee = _ASSIGNEE
    stmt = (
        select(
            Ticket.id,
            Ticket.number,
            Ticket.subject,
            Ticket.channel,
            Ticket.status,
            Ticket.priority,
            Customer.name,
            assignee.name,
            Ticket.updated_at,
            Ticket.sla_next_due,
            Ticket.tags_text,
            Ticket.customer_id,
        )
        .join(page, page.c.number == Ticket.number)
        .outerjoin(Customer, Customer.id == Ticket.customer_id)
        .outerjoin(assignee, assignee.id == Ticket.assignee_id)
        .order_by(*_order_by(keys))
    )
    return [
        TicketRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6] or "", r[7] or "", r[8], r[9], r[10] or "", r[11])
        for r in session.execute(stmt)
    ]


# --- the ticket -------------------------------------------------------------------
def _message_rows(session: Session, ticket_ids: list[uuid.UUID], numbers: dict[uuid.UUID, int]) -> list[MessageRow]:
    author = _AUTHOR
    stmt = (
        select(Message, author.name)
        .outerjoin(author, author.id == Message.author_agent_id)
        .where(Message.ticket_id.in_(ticket_ids), Message.deleted.is_(False))
        .order_by(Message.created_at, Message.id)
    )
    files = attachment_store.for_tickets(session, ticket_ids)
    out: list[MessageRow] = []
    merges: set[tuple] = set()
    for m, name in session.execute(stmt):
        who = name or m.author_name
        number = numbers[m.ticket_id]
        event = _merge_event(m.body, number) if m.kind == "system" else None
        if event is None:
            out.append(MessageRow(m.id, number, m.direction, m.kind, m.channel, m.body, who, m.created_at,
                                  tuple(files.get(m.id, ())), delivery=m.delivery))
        elif (event["source"], event["target"]) not in merges:
            # A merge leaves a note on both tickets, and the target shows the duplicate's
            # messages too: one line for the merge.
            merges.add((event["source"], event["target"]))
            out.append(MessageRow(m.id, number, m.direction, m.kind, m.channel,
                                  event_english("merged", {"actor": who or "?", **event}), who, m.created_at,
                                  event="merged", params=event))
    return out


def _merge_event(body: str, number: int) -> dict | None:
    """{"source", "target"} of a merge's system note on ticket ``number``."""
    note = rules.read_system_note(body)
    if note is None:
        return None
    event, params = note
    other = params.get("number")
    return {"source": number, "target": other} if event == "merged_into" else {"source": other, "target": number}


EVENT_LIMIT = 500  # the newest field changes a timeline shows (a ticket rarely has 50)
# Audit actions whose field changes are events; a merge shows as its system notes instead.
_EVENT_ACTIONS = ("update", "reply", "note")


def _agent_names(session: Session, refs: set[str]) -> dict[str, str]:
    """{login or id as text: name} of the agents an audit trail names (logins locally,
    UUIDs in the team server's entries)."""
    if not refs:
        return {}
    ids = [u for u in (parse_uuid(r) for r in refs) if u is not None]
    logins = [r for r in refs if parse_uuid(r) is None]
    # Only the lists there are: an empty IN beside an OR made SQLite scan the table.
    cond = or_(*([Agent.login.in_(logins)] if logins else []), *([Agent.id.in_(ids)] if ids else []))
    rows = session.execute(select(Agent.id, Agent.login, Agent.name).where(cond)).all()
    return {**{login: name for _, login, name in rows}, **{str(i): name for i, _, name in rows}}


def _field_events(changes: dict, names: dict[str, str]) -> list[tuple[str, dict]]:
    """(kind, params) for each field change of one audit entry, in a fixed order."""
    out: list[tuple[str, dict]] = []
    for name in ("status", "priority"):
        old, new = (changes.get(name) or (None, None))[:2]
        if new is not None and old != new:
            out.append((name, {"old": old or "", "new": new}))
    pair = changes.get("assignee") or changes.get("assignee_id")
    if pair:
        old, new = (names.get(v, v) if v else "" for v in pair[:2])
        if old != new:
            kind = "assigned" if not old else "unassigned" if not new else "reassigned"
            out.append((kind, {"old": old, "new": new}))
    if changes.get("tags"):
        before, after = (set(str(v or "").split()) for v in changes["tags"][:2])
        if after - before:
            out.append(("tags_added", {"tags": " ".join(sorted(after - before))}))
        if before - after:
            out.append(("tags_removed", {"tags": " ".join(sorted(before - after))}))
    return out


def ticket_events(session: Session, ticket_id: uuid.UUID, limit: int = EVENT_LIMIT) -> list[TicketEvent]:
    """The ticket's field changes (status, priority, assignee, tags), oldest first, read
    from the audit trail by its (entity_id, at) index. The same on a team desk: the
    server's audit entries come with the pull (a change made on this desk shows once the
    server has it)."""
    actor = _ACTOR
    rows = session.execute(
        select(AuditEntry.at, AuditEntry.changes, actor.name)
        .outerjoin(actor, actor.id == AuditEntry.actor_agent_id)
        .where(AuditEntry.entity_id == ticket_id, AuditEntry.entity == "ticket",
               AuditEntry.action.in_(_EVENT_ACTIONS))
        .order_by(AuditEntry.at.desc())
        .limit(limit)
    ).all()
    refs = {str(v) for _, changes, _ in rows for key in ("assignee", "assignee_id")
            for v in ((changes or {}).get(key) or ())[:2] if v}
    names = _agent_names(session, refs)
    return [TicketEvent(at, name or "", _took(kind, params, name), params)
            for at, changes, name in reversed(rows)
            for kind, params in _field_events(changes or {}, names)]


def _took(kind: str, params: dict, actor: str | None) -> str:
    """An agent assigning a ticket to themselves took it ("김민지 took the ticket")."""
    return "took" if kind == "assigned" and actor and params.get("new") == actor else kind


def get_detail(session: Session, ref) -> TicketDetail:
    """The ticket with its whole conversation, including tickets merged into it."""
    t = resolve_ticket(session, ref)
    customer = session.get(Customer, t.customer_id) if t.customer_id else None
    assignee = session.get(Agent, t.assignee_id) if t.assignee_id else None
    order = session.get(Order, t.order_id) if t.order_id else None
    merged = session.execute(select(Ticket.id, Ticket.number).where(Ticket.merged_into_id == t.id)).all()
    merged_into = session.get(Ticket, t.merged_into_id) if t.merged_into_id else None
    numbers = {t.id: t.number, **{mid: num for mid, num in merged}}
    tags = session.scalars(
        select(TicketTag.tag).where(TicketTag.ticket_id == t.id, TicketTag.deleted.is_(False)).order_by(TicketTag.tag)
    ).all()
    return TicketDetail(
        id=t.id,
        number=t.number,
        subject=t.subject,
        channel=t.channel,
        status=t.status,
        priority=t.priority,
        category=t.category,
        tags=list(tags),
        customer_id=t.customer_id,
        customer_name=customer.name if customer else "",
        assignee_id=t.assignee_id,
        assignee_name=assignee.name if assignee else "",
        created_at=t.created_at,
        updated_at=t.updated_at,
        sla_first_response_due=t.sla_first_response_due,
        sla_resolution_due=t.sla_resolution_due,
        sla_next_due=t.sla_next_due,
        first_response_at=t.first_response_at,
        solved_at=t.solved_at,
        reopen_count=t.reopen_count,
        order_number=order.number if order else None,
        order_status=order.status if order else None,
        order_total=order.total if order else None,
        merged_into_number=merged_into.number if merged_into else None,
        merged_numbers=sorted(num for _, num in merged),
        messages=_message_rows(session, list(numbers), numbers),
        team_id=t.team_id,
        events=ticket_events(session, t.id),
    )


def index_ticket_text(session: Session | Connection, number: int, seq: int, body: str) -> None:
    """Adds one message (or the subject, seq 0) to the search index (``ticket_fts``)."""
    index_ticket_texts(session, number, [(seq, body)])


_FTS_INSERT = text("INSERT INTO ticket_fts(rowid, doc) VALUES (:rowid, :doc)")  # parsed once
# PostgreSQL (migration 0034): the same rowid, the terms as a tsvector literal. A rowid
# indexed again takes the new text: the team server re-indexes a changed subject so
# (sequence 0); a message's sequence is its ticket's message count, taken under the
# ticket's row lock, so messages never share one.
_PG_FTS_INSERT = text("INSERT INTO ticket_fts (rowid, tsv) VALUES (:rowid, CAST(:tsv AS tsvector)) "
                      "ON CONFLICT (rowid) DO UPDATE SET tsv = EXCLUDED.tsv")


def index_ticket_texts(session: Session | Connection, number: int, items: list[tuple[int, str]]) -> None:
    """index_ticket_text for several (seq, text) of one ticket, in one statement (a Session,
    or the team server's Connection)."""
    bind = session.get_bind() if isinstance(session, Session) else session
    rowid = [(number << FTS_SEQ_BITS) | (seq & ((1 << FTS_SEQ_BITS) - 1)) for seq, _body in items]
    docs = [textsearch.index_text(body) for _seq, body in items]
    if bind.dialect.name == "sqlite":
        session.execute(_FTS_INSERT, [{"rowid": r, "doc": d} for r, d in zip(rowid, docs)])
    else:
        session.execute(_PG_FTS_INSERT, [{"rowid": r, "tsv": textsearch.pg_tsvector(d, number)} for r, d in zip(rowid, docs)])


def _state(session: Session, t: Ticket) -> rules.TicketState:
    """The ticket as the rules read it, naming the ticket it was merged into."""
    target = session.get(Ticket, t.merged_into_id) if t.merged_into_id else None
    return rules.TicketState.of(t, merged_into_number=target.number if target else None)


def _login(session: Session, agent_id: uuid.UUID | None) -> str | None:
    agent = session.get(Agent, agent_id) if agent_id is not None else None
    return agent.login if agent is not None else None


def _set(t: Ticket, values: dict) -> None:
    for name, value in values.items():
        setattr(t, name, value)


def next_ticket_number(session: Session) -> int:
    return (session.scalar(_MAX_NUMBER) or 1000) + 1


_MAX_NUMBER = select(func.max(Ticket.number))  # built once: a channel's intake asks per new ticket


def create_ticket(
    session: Session,
    *,
    subject: str,
    body: str,
    channel: str,
    customer_id: uuid.UUID | None,
    priority: str = "normal",
    category: str = "",
    author_name: str = "",
    external_id: str | None = None,
    assignee_id: uuid.UUID | None = None,
    team_id: uuid.UUID | None = None,
    now: datetime | None = None,
) -> Ticket:
    """A new inbound ticket with its first message (what a channel connector calls);
    ``team_id``: the team whose queue it joins (None: an admin's triage)."""
    check_choice("channel", channel, CHANNELS)
    check_choice("priority", priority, PRIORITIES)
    now = now or utcnow()
    first_due, resolve_due = rules.sla_due_times(now, priority, channel)
    t = Ticket(
        number=next_ticket_number(session),
        subject=subject.strip() or "(no subject)",
        channel=channel,
        status="new",
        priority=priority,
        priority_rank=PRIORITY_RANK[priority],
        category=category,
        customer_id=customer_id,
        assignee_id=assignee_id,
        team_id=team_id,
        created_at=now,
        updated_at=now,
        sla_first_response_due=first_due,
        sla_resolution_due=resolve_due,
        message_count=1,
        sla_next_due=rules.sla_next_due("new", None, first_due, resolve_due),
    )
    session.add(t)
    session.flush()
    session.add(
        Message(ticket_id=t.id, direction="inbound", kind="reply", channel=channel, body=body,
                author_name=author_name, created_at=now, external_id=external_id)
    )
    index_ticket_text(session, t.number, 0, t.subject)
    index_ticket_text(session, t.number, 1, body)
    return t


def add_message(session: Session, ref, agent: Agent, body: str, kind: str = "reply", now: datetime | None = None,
                attachments: Sequence[NewFile | PendingAttachment | uuid.UUID] = ()) -> MessageRow:
    """An agent's public reply or internal note, with its files (new ones, or those waiting
    in the agent's draft of this ticket) in the same transaction."""
    with rule_errors_as_invalid_value():
        body = rules.check_message(kind, body)
    t = resolve_ticket(session, ref)
    now = now or utcnow()
    with rule_errors_as_invalid_value():
        state = _state(session, t)
        rules.check_not_merged(state)
        rules.check_deliverable(state, kind)
    values = rules.message_effects(state, kind, agent.id, now)
    # Counted in SQL, not from the count read above: two processes adding notes to one
    # ticket at once would both write the same count (a lost increment, and two search
    # rows under one rowid). The UPDATE holds the write lock, so the re-read is ours.
    values["message_count"] = Ticket.message_count + 1
    if "agent_contact_count" in values:
        values["agent_contact_count"] = Ticket.agent_contact_count + 1
    direction = "outbound" if kind == "reply" else "internal"
    # The id given here, not at the flush: its attachments name it in the same flush (and a
    # team desk's outbox carries them with the message, sync/capture.py).
    m = Message(id=uuid.uuid4(), ticket_id=t.id, direction=direction, kind=kind, channel=t.channel, body=body,
                author_agent_id=agent.id, author_name=agent.name, created_at=now)
    session.add(m)
    files = attachment_store.attach(session, ticket_id=t.id, message_id=m.id, agent_id=agent.id, files=attachments,
                                    now=now) if attachments else []
    _set(t, values)
    session.flush()
    seq = session.scalar(select(Ticket.message_count).where(Ticket.id == t.id)) or 0
    index_ticket_text(session, t.number, seq, body)
    # Colleagues @mentioned in a note (mention_rules): stored with it, in this transaction.
    mentions.store_mentions(session.connection(), message_id=m.id, ticket_id=t.id, ticket_team_id=t.team_id,
                            kind=kind, body=body, author_id=agent.id, now=now)
    audit(session, agent, "ticket", t.id, "reply" if kind == "reply" else "note",
          {"message": (None, m.id), **rules.reply_audit(state, values, agent.login),
           **({"attachments": (None, len(files))} if files else {})}, at=now)
    return MessageRow(m.id, t.number, direction, kind, t.channel, body, agent.name, now, tuple(files))


def update_ticket(
    session: Session,
    ref,
    agent: Agent,
    *,
    status: str | None = None,
    priority: str | None = None,
    assignee: str | None = None,  # login / name / UUID, or "none" to unassign
    category: str | None = None,
    add_tags: Sequence[str] = (),
    remove_tags: Sequence[str] = (),
    now: datetime | None = None,
    audit_extra: dict | None = None,
    tag_rows: dict[str, TicketTag] | None = None,
) -> dict:
    """Changes fields; returns {field: (old, new)} of what actually changed.
    ``audit_extra`` joins the audit entry (a bulk action's id: services/bulk.py);
    ``tag_rows``: the ticket's TicketTag rows by tag, live and removed, if already read."""
    t = resolve_ticket(session, ref)
    now = now or utcnow()
    fields: dict = {}
    if status is not None and status != t.status:
        fields["status"] = status
    if priority is not None and priority != t.priority:
        fields["priority"] = priority
    if category is not None and category.strip() != (t.category or ""):
        fields["category"] = category.strip()
    if assignee is not None:
        new = None if assignee in ("", "none") else find_agent(session, assignee)
        if new is not None and new.id != t.assignee_id:
            with rule_errors_as_invalid_value():
                rules.check_assignee(t.team_id, new.team_id, not new.deleted)
        new_id = new.id if new is not None else None
        if new_id != t.assignee_id:
            fields["assignee_id"] = new_id
    with rule_errors_as_invalid_value():
        values = rules.ticket_update(_state(session, t), fields, now)
        # Every tag is checked before anything is written (a NUL or a 10,000-character
        # tag is refused, not stored or half-committed). A blank entry in a list of tags
        # is skipped (where one tag is asked for, as in LocalReplica.add_tag, a blank one
        # is refused).
        adding = {rules.check_tag(tag) for tag in add_tags if rules.normalize_tag(tag)}
        removing = {rules.check_tag(tag) for tag in remove_tags if rules.normalize_tag(tag)}
    changes: dict = {}
    if "status" in fields:
        changes["status"] = (t.status, fields["status"])
    if "priority" in fields:
        changes["priority"] = (t.priority, fields["priority"])
    if "category" in fields:
        changes["category"] = (t.category or "", fields["category"])
    if "assignee_id" in fields:
        changes["assignee"] = (_login(session, t.assignee_id), _login(session, fields["assignee_id"]))
    # The ticket's tag rows (live and removed), read in one query and only when tags change;
    # a bulk action reads them for many tickets at once and passes them in (services/bulk.py).
    if tag_rows is None and (adding or removing):
        tag_rows = {row.tag: row for row in session.scalars(select(TicketTag).where(TicketTag.ticket_id == t.id))}
    tag_rows = tag_rows or {}
    current = {tag for tag, row in tag_rows.items() if not row.deleted}
    tags = (current | adding) - removing
    if tags != current:
        for tag in tags - current:
            existing = tag_rows.get(tag)
            if existing is not None:
                existing.deleted = False
            else:
                session.add(TicketTag(ticket_id=t.id, tag=tag))
        for tag in current - tags:
            tag_rows[tag].deleted = True
            tag_rows[tag].updated_at = now
        changes["tags"] = (" ".join(sorted(current)), " ".join(sorted(tags)))
        t.tags_text = " ".join(sorted(tags))
    if changes:
        _set(t, values)
        audit(session, agent, "ticket", t.id, "update", {**changes, **(audit_extra or {})}, at=now)
    return changes


def merge_tickets(session: Session, source_ref, target_ref, agent: Agent, now: datetime | None = None,
                  audit_extra: dict | None = None) -> None:
    """Closes the duplicate as merged; its messages stay and show in the target's timeline."""
    src = resolve_ticket(session, source_ref)
    dst = resolve_ticket(session, target_ref)
    now = now or utcnow()
    # Both rows write-locked (in id order: two crosswise merges cannot deadlock) and read
    # again before the rules look: two agents merging the same pair at once would both
    # see "not merged yet" and each add a pair of "Merged into/from" notes. A no-op
    # UPDATE, not SELECT FOR UPDATE: it also takes SQLite's write lock, which has no rows.
    for ticket_id in sorted({src.id, dst.id}):
        session.execute(update(Ticket).where(Ticket.id == ticket_id).values(merged_into_id=Ticket.merged_into_id)
                        .execution_options(synchronize_session=False))
    session.execute(select(Ticket).where(Ticket.id.in_({src.id, dst.id}))
                    .execution_options(populate_existing=True)).all()
    with rule_errors_as_invalid_value():
        src_state, dst_state = _state(session, src), _state(session, dst)
        rules.check_merge(src_state, dst_state)
    src_values, dst_values, notes = rules.merge_effects(src_state, dst_state, now)
    # Counted in SQL, as in add_message.
    src_values["message_count"] = Ticket.message_count + 1
    dst_values["message_count"] = Ticket.message_count + 1
    # Tickets already merged into the source move along with it.
    session.execute(update(Ticket).where(Ticket.merged_into_id == src.id).values(merged_into_id=dst.id))
    _set(src, src_values)
    _set(dst, dst_values)
    for note in notes:
        session.add(Message(ticket_id=note.ticket_id, direction="internal", kind="system", channel=note.channel,
                            body=note.body, author_agent_id=agent.id, author_name=agent.name, created_at=now))
    audit(session, agent, "ticket", src.id, "merge",
          {"merged_into": (None, dst.number), "status": (src_state.status, TicketStatus.CLOSED), **(audit_extra or {})}, at=now)


@dataclass(frozen=True)
class MergePreview:
    """What the merge dialog shows of the target before the agent confirms: the ticket, its
    customer, and why the rules would refuse the merge (None: they allow it)."""

    number: int
    subject: str
    status: str
    customer_name: str
    other_customer: bool  # the two tickets belong to different customers (or only one has one)
    refusal: str | None
    refusal_code: str | None = None  # the refusal's code and params (the window words it)
    refusal_params: dict = field(default_factory=dict, compare=False)


def merge_preview(session: Session, source_ref, target_ref) -> MergePreview:
    """The target of merging ``source_ref`` into ``target_ref`` as the dialog shows it while
    the agent types; NotFound when no such ticket. Writes nothing."""
    src = resolve_ticket(session, source_ref)
    dst = resolve_ticket(session, target_ref)
    refused: rules.RuleError | None = None
    try:
        rules.check_merge(_state(session, src), _state(session, dst))
    except rules.RuleError as exc:
        refused = exc
    customer = session.get(Customer, dst.customer_id) if dst.customer_id is not None else None
    return MergePreview(number=dst.number, subject=dst.subject, status=dst.status,
                        customer_name=customer.name if customer is not None else "",
                        other_customer=src.customer_id != dst.customer_id,
                        refusal=str(refused) if refused is not None else None,
                        refusal_code=refused.code if refused is not None else None,
                        refusal_params=dict(refused.params) if refused is not None else {})
