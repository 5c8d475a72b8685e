"""Demo workspace: realistic, bilingual (Korean first) contact-centre data at any size.

``generate()`` fills an empty workspace with teams, agents, customers (with contact
points, products with limits, orders with items), tickets with whole conversations,
tags, feedback, follow-ups, knowledge articles and reply templates. The same
(customers, tickets, seed, now) always gives the same rows, UUIDs included, whatever
the backend or the number of worker processes: every batch draws from its own
``random.Random`` seeded from (seed, stage, batch number).

It is built to make a million-ticket workspace in minutes with bounded memory:
rows are produced in batches of 5,000 and written with executemany or COPY (see
``writers``), all in one transaction, so a run is all or nothing; only a compact
summary of the customers (ids, names, card and orders) is kept for the ticket stage.
On SQLite the rows are written through the raw ``sqlite3`` connection in exactly the
form SQLAlchemy itself stores (UUIDs as 32 hex digits, UTC datetimes as
'YYYY-MM-DD HH:MM:SS.ffffff'); elsewhere through COPY or SQLAlchemy Core. Large runs
generate in worker processes while the main process writes.

Plain Python: no Qt here (the CLI, ``make run`` and the benchmarks all use it).
"""

from __future__ import annotations

import bisect
import errno
import gc
import math
import os
import pickle
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from array import array
from dataclasses import dataclass, field
from datetime import datetime, timedelta, UTC
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from sqlalchemy import Table, select

from agentdesk.models import (
    ORDER_STATUSES,
    PRIORITY_RANK,
    Agent,
    Customer,
    KnowledgeArticle,
    SavedView,
    Team,
    Template,
    Ticket,
    WorkspaceSetting,
)
from agentdesk.demo.catalogue import (
    AGENT_NAMES,
    ARTICLES,
    INTERNAL_ARTICLES,
    CATALOG,
    CHANNEL_WEIGHTS_EN,
    CHANNEL_WEIGHTS_KO,
    CHECK_CARDS,
    CHECK_CARDS_EN,
    CREDIT_CARDS,
    CREDIT_CARDS_EN,
    CUSTOMER_NOTES,
    CUSTOMER_NOTES_EN,
    DEPOSITS,
    DEPOSITS_EN,
    EMAIL_DOMAINS,
    EN_FIRST,
    EN_LAST,
    EN_MONTHS,
    EXTRA_TAGS,
    EXTRA_TAGS_EN,
    FAMILY,
    GENERIC,
    GIVEN,
    KO_MONTHS,
    LOANS,
    MERCHANTS,
    ORDER_COUNTS,
    ORDER_ITEM_COUNTS,
    PRIORITY_WEIGHTS,
    SCENARIOS_EN,
    SCENARIOS_KO,
    SEGMENTS,
    SUBSCRIPTIONS,
    TEAMS,
    TEAM_EN,
    TEAM_NAME,
    TEMPLATES,
    TEST_CARDS,
    TIERS,
    TIER_WEIGHTS,
)
from agentdesk.demo.writers import (
    CUSTOMER_TABLES,
    TICKET_TABLES,
    FtsShard,
    FtsSpec,
    Progress,
    _CoreWriter,
    _PgCopyWriter,
    _RawSqliteWriter,
    _Writer,
)
from agentdesk.services import textsearch
from agentdesk.services.common import CURRENT_AGENT_KEY, sla_due_times, sla_next_due
from agentdesk.services.followups import TIME_ZONE_KEY, WORKING_HOURS_KEY
from agentdesk import phones
from agentdesk.services.customers import normalize_email, normalize_phone
from agentdesk.services.tickets import FTS_SEQ_BITS

if TYPE_CHECKING:  # the worker processes need not import alembic
    from collections.abc import Callable

    from sqlalchemy.engine import Connection

    from agentdesk.db import Database

BATCH = 5000  # customers or tickets per batch (fixed: part of what makes output deterministic)
MIN, HOUR, DAY = 60, 3600, 86400
ORDER_NUMBER_STRIDE = 8  # order j of customer k is ORD-<year>-<k*8+j+1>: unique, no counter to share
assert max(n for n, _ in ORDER_COUNTS) < ORDER_NUMBER_STRIDE


class DiskFullError(ValueError):
    """The disk (or the database's size cap) filled up while writing; nothing was kept."""


# ensure_demo_workspace(): about 4 s on a 2-core laptop (20,000 tickets took 5-6 s).
DEMO_CUSTOMERS, DEMO_TICKETS = 2000, 15000

# =============================================================================
# Small helpers
# =============================================================================
_V4_CLEAR = ~((0xC000 << 48) | (0xF000 << 64)) & ((1 << 128) - 1)
_V4_SET = (0x8000 << 48) | (4 << 76)


def _uid(rng: random.Random) -> int:
    """The int of uuid.UUID(int=rng.getrandbits(128), version=4)."""
    return (rng.getrandbits(128) & _V4_CLEAR) | _V4_SET


def _rng(seed: int, stage: str, batch: int) -> random.Random:
    return random.Random(f"agentdesk-demo:{seed}:{stage}:{batch}")


# random.randrange/randint/choice are pure Python and dominate a million-ticket run;
# these draw from rng.random() (C) instead. Same determinism, about 5x cheaper.
def _pick(rng: random.Random, seq):
    return seq[int(rng.random() * len(seq))]


def _ri(rng: random.Random, a: int, b: int) -> int:
    """Like randint: a <= n <= b."""
    return a + int(rng.random() * (b - a + 1))


def _rr(rng: random.Random, n: int) -> int:
    """Like randrange(n): 0 <= r < n."""
    return int(rng.random() * n)


class _Weighted:
    __slots__ = ("items", "cum", "total")

    def __init__(self, pairs):
        self.items = [p[0] for p in pairs]
        self.cum, acc = [], 0.0
        for p in pairs:
            acc += p[-1]
            self.cum.append(acc)
        self.total = acc

    def pick(self, rng: random.Random):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


W_FAMILY = _Weighted([(i, f[2]) for i, f in enumerate(FAMILY)])
W_SEGMENT = _Weighted(SEGMENTS)
W_TIER = _Weighted(list(zip(range(4), TIER_WEIGHTS)))
W_ORDERS = _Weighted(ORDER_COUNTS)
W_ITEMS = _Weighted(ORDER_ITEM_COUNTS)
W_CHANNEL = {"ko": _Weighted(CHANNEL_WEIGHTS_KO), "en": _Weighted(CHANNEL_WEIGHTS_EN)}
W_PRIORITY = _Weighted(PRIORITY_WEIGHTS)
W_SCEN = {"ko": _Weighted([(s, s.weight) for s in SCENARIOS_KO]), "en": _Weighted([(s, s.weight) for s in SCENARIOS_EN])}
SCEN_BY_GROUP = {
    (lang, g): _Weighted([(s, s.weight) for s in sc if s.group == g or (g == "card" and s.group == "account")])
    for lang, sc in (("ko", SCENARIOS_KO), ("en", SCENARIOS_EN)) for g in ("card", "shop")
}


def _won(x: int) -> str:
    return f"{x:,}원"


def _won_en(x: int) -> str:
    return f"₩{x:,}"


def _rrn(rng: random.Random) -> str:
    y, m, d = _ri(rng, 60, 99), _ri(rng, 1, 12), _ri(rng, 1, 28)
    return f"{y:02d}{m:02d}{d:02d}-{_pick(rng, '12')}{_ri(rng, 0, 999999):06d}"



# One string per second of the day, so raw SQLite datetimes cost a divmod and a lookup.
_TOD: list[str] | None = None


def _tod() -> list[str]:
    global _TOD
    if _TOD is None:
        _TOD = [f"{h:02d}:{m:02d}:{s:02d}.000000" for h in range(24) for m in range(60) for s in range(60)]
    return _TOD


def _make_converters(raw: bool):
    """(uid int → stored id, epoch seconds → stored datetime) for this writer."""
    if raw:
        tod = _tod()
        days: dict[int, str] = {}
        epoch = datetime(1970, 1, 1)

        def ts(t: int) -> str:
            d, r = divmod(t, DAY)
            s = days.get(d)
            if s is None:
                s = days[d] = (epoch + timedelta(days=d)).strftime("%Y-%m-%d ")
            return s + tod[r]

        return "%032x".__mod__, ts

    def ts_dt(t: int) -> datetime:
        return datetime.fromtimestamp(t, UTC)

    return (lambda n: uuid.UUID(int=n)), ts_dt


# =============================================================================
# The plan: everything the batch generators share (picklable, sent to workers)
# =============================================================================
@dataclass
class _AgentInfo:
    uid: int
    login: str
    name: str
    team: str  # card / shop / en
    role: str
    language: str


@dataclass
class _Plan:
    seed: int
    n_customers: int
    n_tickets: int
    now: int  # epoch seconds (UTC)
    raw: bool
    historic: int
    active: int
    phone_mul: int
    landline_mul: int
    cust_mul: int  # permutation multiplier for the skewed customer choice
    agents: list[_AgentInfo]
    team_uid: dict[str, int]
    assignable: dict[str, list[int]]
    current: int  # index into agents
    batch: int = BATCH
    overrides: dict[int, dict] = field(default_factory=dict)
    summary: list | None = None  # per customer batch, filled after the customer stage
    fts_shard: tuple[str, FtsSpec] | None = None  # the ticket worker builds the search index there (path)


def _phone_digits(plan: _Plan, k: int) -> str:
    """Customer k's mobile: a bijection of k onto 8 digits (customer 0 → 010-1234-5678)."""
    return f"010{(12345678 + k * plan.phone_mul) % 100_000_000:08d}"


def _fmt_mobile(d: str) -> str:
    return f"{d[:3]}-{d[3:7]}-{d[7:]}"


def _coprime_multiplier(rng: random.Random, modulus: int) -> int:
    if modulus <= 1:
        return 1
    m = _ri(rng, modulus // 3 + 1, modulus - 1) | 1
    while math.gcd(m, modulus) != 1:
        m += 2
    return m % modulus or 1


def _make_plan(n_customers: int, n_tickets: int, seed: int, n_agents: int, now: int, raw: bool) -> _Plan:
    rng = _rng(seed, "plan", 0)
    # Agents and their teams.
    n_en = max(1, round(n_agents / 6)) if n_agents >= 3 else 0
    rest = n_agents - n_en
    n_card = (rest + 1) // 2
    n_shop = rest - n_card
    team_of = ["card"] * n_card + ["shop"] * n_shop + ["en"] * n_en
    roles = ["agent"] * n_agents
    if n_agents >= 2:
        roles[0] = "lead"
    if n_agents >= 6:
        roles[n_card - 1] = "admin"
        roles[n_card + n_shop - 1] = "trainer"
    agents: list[_AgentInfo] = []
    used = set()
    for i in range(n_agents):
        if i < len(AGENT_NAMES):
            name, login = AGENT_NAMES[i]
        else:
            f, g = _pick(rng, FAMILY), _pick(rng, GIVEN)
            name, login = f[0] + g[0], f"{f[1]}.{g[1]}"
        base, n = login, 2
        while login in used:
            login, n = f"{base}{n}", n + 1
        used.add(login)
        agents.append(_AgentInfo(_uid(rng), login, name, team_of[i], roles[i], "en" if team_of[i] == "en" else "ko"))
    team_uid = {key: _uid(rng) for key, _ in TEAMS}
    takes = ("agent", "lead")
    everyone = [i for i, a in enumerate(agents) if a.role in takes] or list(range(n_agents))
    assignable = {key: [i for i, a in enumerate(agents) if a.team == key and a.role in takes] or everyone for key, _ in TEAMS}
    current = next((i for i, a in enumerate(agents) if a.role == "agent" and a.team == "card"),
                   next((i for i, a in enumerate(agents) if a.role == "agent"), 0))

    # Roughly 95% historic; at least a few dozen active tickets so every inbox view has rows.
    active = min(n_tickets, max(round(n_tickets * 0.05), 40))
    historic = n_tickets - active
    plan = _Plan(
        seed=seed, n_customers=n_customers, n_tickets=n_tickets, now=now, raw=raw, historic=historic, active=active,
        phone_mul=_coprime_multiplier(rng, 100_000_000), landline_mul=_coprime_multiplier(rng, 100_000_000),
        cust_mul=_coprime_multiplier(rng, max(n_customers - 1, 1)), agents=agents, team_uid=team_uid,
        assignable=assignable, current=current,
    )
    # Fixed tickets: the screen-pop customer (김민지, #0) across channels, and a full inbox for the signed-in agent.
    ov = plan.overrides
    if historic:
        for j, ch in enumerate(("phone", "email", "chat", "web", "sms")):
            i = (j * historic) // 5
            if i not in ov:
                ov[i] = {"customer": 0, "channel": ch}
    first = historic
    mine = {"agent": current, "lang": "ko"}
    extra: list[dict[str, Any]] = [
        dict(mine, status="open", sla="ok"),
        dict(mine, status="new", sla="breached"),
        dict(mine, status="open", sla="at_risk"),
        {"customer": 0, "channel": "chat", "status": "open", "sla": "ok", "agent": current, "pii": True},
        {"priority": "urgent", "status": "new", "unassigned": True, "sla": "at_risk"},
        {"status": "pending", "sla": "ok"},
        {"status": "new", "unassigned": True, "sla": "ok", "lang": "ko"},
    ]
    for j, o in enumerate(extra):
        if first + j < n_tickets:
            ov[first + j] = o
    return plan


# =============================================================================
# Customer stage
# =============================================================================
def _customer_batch(plan: _Plan, b: int):
    """Rows for customers [b*BATCH, ...) and the compact summary the ticket stage needs."""
    rng = _rng(plan.seed, "customers", b)
    U, T = _make_converters(plan.raw)
    now = plan.now
    lo, hi = b * plan.batch, min(plan.n_customers, (b + 1) * plan.batch)
    rows: dict[str, list[tuple]] = {t: [] for t in CUSTOMER_TABLES}
    c_rows, cp_rows, p_rows, o_rows, i_rows = (rows[t] for t in CUSTOMER_TABLES)
    s_id, s_name, s_lang, s_tier, s_flags = [], [], bytearray(), bytearray(), bytearray()
    s_last4, s_limit, s_used, s_loan = array("i"), array("q"), array("q"), array("q")
    s_ooff, s_oid, s_ostat, s_oyear = array("i", [0]), [], bytearray(), array("H")
    s_oitem, s_ototal, s_ots = array("H"), array("q"), array("q")
    n_catalog = len(CATALOG)
    for k in range(lo, hi):
        cid_n = _uid(rng)
        cid = U(cid_n)
        special = k == 0
        en = (not special) and rng.random() < 0.15
        if special:
            fam, giv = FAMILY[0], GIVEN[0]
            name, lang = "김민지", "ko"
            rom_first, rom_last = "minji", "kim"
        elif en:
            first, last = _pick(rng, EN_FIRST), _pick(rng, EN_LAST)
            name, lang = f"{first} {last}", "en"
            rom_first, rom_last = first.lower(), last.lower()
        else:
            fam, giv = FAMILY[W_FAMILY.pick(rng)], _pick(rng, GIVEN)
            name, lang = fam[0] + giv[0], "ko"
            rom_first, rom_last = giv[1], fam[1]
        tier = 2 if special else W_TIER.pick(rng)
        segment = "premium" if tier >= 2 and rng.random() < 0.5 else W_SEGMENT.pick(rng)
        r = rng.random()
        notes = ""
        if special:
            notes = "골드 등급. 최근 환불 문의 이력 있음 — 통화 선호, 오후 6시 이후 연락 가능"
        elif r < 0.08:
            notes = _pick(rng, CUSTOMER_NOTES_EN if en else CUSTOMER_NOTES)
        created = now - _ri(rng, 800 * DAY, 9 * 365 * DAY)
        updated = now - _ri(rng, DAY, 700 * DAY)

        # Contact points: a unique mobile for everyone, most have an email, some a social handle.
        digits = _phone_digits(plan, k)
        mobile = normalize_phone(digits)
        cp_rows.append((U(_uid(rng)), T(updated), cid, "phone", _fmt_mobile(digits), mobile,
                        "mobile", True, phones.phone_search_key(mobile)))
        if not special and rng.random() < 0.05:
            land = f"02{(k * plan.landline_mul + 3141592) % 100_000_000:08d}"
            land = normalize_phone(land)
            cp_rows.append((U(_uid(rng)), T(updated), cid, "phone", f"02-{land[4:8]}-{land[8:]}", land, "work", False,
                            phones.phone_search_key(land)))
        if special or rng.random() < 0.85:
            if special:
                email = "minji.kim@example.com"
            else:
                style = rng.random()
                local = f"{rom_first}.{rom_last}{k}" if style < 0.6 else f"{rom_last}{rom_first}{k}"
                email = f"{local}@{_pick(rng, EMAIL_DOMAINS)}"
                if rng.random() < 0.1:
                    email = email[0].upper() + email[1:]  # as typed; lookups use the normalized form
            cp_rows.append((U(_uid(rng)), T(updated), cid, "email", email, normalize_email(email), "personal", True,
                            phones.email_search_key(normalize_email(email))))
            if not special and rng.random() < 0.05:
                work = f"{rom_first}.{rom_last}{k}@corp.example.com"
                cp_rows.append((U(_uid(rng)), T(updated), cid, "email", work, normalize_email(work), "work", False,
                                phones.email_search_key(normalize_email(work))))
        if special or rng.random() < 0.2:
            handle = f"{rom_first}_{rom_last}{k}" if not special else "minji_kim"
            if special or rng.random() < 0.6:
                value, label = f"kakao:{handle}", "kakao"
            else:
                value, label = f"@{handle}", "instagram"
            cp_rows.append((U(_uid(rng)), T(updated), cid, "social", value, value.lower(), label, True, ""))

        # Products with limits.
        flags = 0
        last4, limit, used_amt, loan_bal = -1, 0, 0, 0
        big = 2 if tier >= 2 else 1
        if special or rng.random() < 0.75:
            flags |= 1
            last4 = 4821 if special else _rr(rng, 10000)
            limit = 10_000_000 if special else _ri(rng, 6, 40 // (3 - big)) * 500_000
            used_amt = 3_450_000 if special else int(limit * rng.random() * 0.85) // 1000 * 1000
            pname = CREDIT_CARDS[0] if special else _pick(rng, CREDIT_CARDS_EN if en else CREDIT_CARDS)
            status = "active" if rng.random() < 0.97 else "suspended"
            p_rows.append((U(_uid(rng)), T(updated), cid, "credit_card", pname, f"{last4:04d}", status, limit,
                           used_amt, T(created + _ri(rng, 0, 300 * DAY))))
        if special or rng.random() < 0.4:
            flags |= 2
            climit = _pick(rng, (2_000_000, 3_000_000, 5_000_000, 6_000_000))
            p_rows.append((U(_uid(rng)), T(updated), cid, "check_card", _pick(rng, CHECK_CARDS_EN if en else CHECK_CARDS),
                           f"{_rr(rng, 10000):04d}", "active", climit, _ri(rng, 0, climit // 10_000) * 1000,
                           T(created + _ri(rng, 0, 400 * DAY))))
        if special or rng.random() < 0.15:
            flags |= 4
            llimit = 30_000_000 if special else _ri(rng, 10, 300) * 1_000_000
            loan_bal = 12_500_000 if special else int(llimit * (0.1 + 0.9 * rng.random())) // 10_000 * 10_000
            p_rows.append((U(_uid(rng)), T(updated), cid, "loan", LOANS[0] if special else _pick(rng, LOANS),
                           f"{_rr(rng, 10000):04d}", "active", llimit, loan_bal, T(created + _ri(rng, 0, 500 * DAY))))
        if not special and rng.random() < 0.15:
            p_rows.append((U(_uid(rng)), T(updated), cid, "deposit", _pick(rng, DEPOSITS_EN if en else DEPOSITS),
                           f"{_rr(rng, 10000):04d}", "active", 0, _ri(rng, 10, 5000) * 10_000,
                           T(created + _ri(rng, 0, 600 * DAY))))
        if not special and rng.random() < 0.1:
            sname, fee = _pick(rng, SUBSCRIPTIONS)
            p_rows.append((U(_uid(rng)), T(updated), cid, "subscription", sname, "", "active", 0, fee,
                           T(now - _ri(rng, 30 * DAY, 700 * DAY))))

        # Orders with items; lifetime value counts what was not cancelled or refunded.
        n_orders = 4 if special else W_ORDERS.pick(rng)
        ltv = 0
        for j in range(n_orders):
            oid_n = _uid(rng)
            if special:
                age = (3 * DAY, 40 * DAY, 150 * DAY, 400 * DAY)[j]
            else:
                age = _ri(rng, 2 * HOUR, 730 * DAY)
            ots = now - age
            if age < 2 * DAY:
                ostatus = "paid" if rng.random() < 0.6 else "shipped"
            elif age < 6 * DAY:
                ostatus = "shipped" if rng.random() < 0.6 else "delivered"
            else:
                r = rng.random()
                ostatus = ("delivered" if r < 0.72 else "cancelled" if r < 0.8 else "returned" if r < 0.87
                           else "exchanged" if r < 0.92 else "refunded")
            if special:
                ostatus = ("shipped", "delivered", "refunded", "delivered")[j]
            year = (datetime(1970, 1, 1) + timedelta(seconds=ots)).year
            onum = f"ORD-{year}-{k * ORDER_NUMBER_STRIDE + j + 1:07d}"
            total = 0
            first_item = -1
            for _ in range(2 if special and j == 0 else W_ITEMS.pick(rng)):
                ci = _rr(rng, n_catalog)
                if first_item < 0:
                    first_item = ci
                iname, prefix, prices = CATALOG[ci]
                qty = 1 if rng.random() < 0.85 else _ri(rng, 2, 3)
                price = _pick(rng, prices)
                total += qty * price
                i_rows.append((U(_uid(rng)), T(ots), U(oid_n), f"{prefix}-{ci:03d}{_rr(rng, 1000):03d}",
                               iname, qty, price))
            if ostatus not in ("cancelled", "refunded"):
                ltv += total
            o_rows.append((U(oid_n), T(ots + _ri(rng, 60, 3 * DAY) if age > 3 * DAY else ots), onum, cid,
                           ostatus, total, "KRW", T(ots)))
            s_oid.append(oid_n)
            s_ostat.append(ORDER_STATUS_CODE[ostatus])
            s_oitem.append(first_item)
            s_ototal.append(total)
            s_ots.append(ots)
            s_oyear.append(year)
        s_ooff.append(len(s_oid))
        c_rows.append((cid, T(updated), name, lang, segment, TIERS[tier], notes, ltv, T(created), phones.name_reversed(name), ""))
        s_id.append(cid_n)
        s_name.append(name)
        s_lang.append(1 if lang == "en" else 0)
        s_tier.append(tier)
        s_flags.append(flags)
        s_last4.append(last4)
        s_limit.append(limit)
        s_used.append(used_amt)
        s_loan.append(loan_bal)
    summary = _CustomerSummary(s_id, s_name, bytes(s_lang), bytes(s_tier), bytes(s_flags), s_last4, s_limit, s_used,
                               s_loan, s_ooff, s_oid, bytes(s_ostat), s_oitem, s_ototal, s_ots, s_oyear)
    return rows, summary


ORDER_STATUS_CODE = {s: i for i, s in enumerate(ORDER_STATUSES)}


@dataclass
class _CustomerSummary:
    ids: list
    names: list
    lang: bytes
    tier: bytes
    flags: bytes
    last4: array
    limit: array
    used: array
    loan: array
    ooff: array
    oid: list
    ostatus: bytes
    oitem: array
    ototal: array
    ots: array
    oyear: array


# =============================================================================
# Ticket stage
# =============================================================================
AGENT_ROLES_PUBLIC = ("a_reply", "a_follow", "a_close", "call")
CUSTOMER_ROLES = frozenset(("c_open", "c_follow", "c_thanks", "c_nudge", "callback_req"))
HISTORIC_BASE = ("c_open", "a_reply", "c_follow", "a_follow", "c_thanks", "a_close")
MSG_COUNTS = _Weighted(((1, 10), (2, 25), (3, 25), (4, 20), (5, 12), (6, 8)))
REPLY_GAP = {"chat": (30, 300), "phone": (600, 6 * HOUR), "email": (15 * MIN, 8 * HOUR), "web": (15 * MIN, 8 * HOUR),
             "sms": (5 * MIN, 3 * HOUR), "social": (5 * MIN, 3 * HOUR)}
CUSTOMER_GAP = {"chat": (20, 240), "phone": (HOUR, 2 * DAY)}
CUSTOMER_GAP_DEFAULT = (10 * MIN, 26 * HOUR)


def _sla_table(now: int) -> dict:
    """(priority, channel) → (first response, resolution) in seconds, from the SLA policy."""
    base = datetime.fromtimestamp(now, UTC)
    out = {}
    for p, _ in PRIORITY_WEIGHTS:
        for ch, _ in CHANNEL_WEIGHTS_KO:
            f, r = sla_due_times(base, p, ch)
            out[p, ch] = (int((f - base).total_seconds()), int((r - base).total_seconds()))
    return out


class _TicketGen:
    """Generates ticket batches; one per process, built from the plan."""

    def __init__(self, plan: _Plan):
        if plan.summary is None:
            raise ValueError("the ticket stage needs the customer stage's summary")
        self.plan = plan
        self.summary: list[_CustomerSummary] = plan.summary
        self.U, self.T = _make_converters(plan.raw)
        self.sla = _sla_table(plan.now)
        self.agent_ids = [self.U(a.uid) for a in plan.agents]
        self.team_ids = {k: self.U(v) for k, v in plan.team_uid.items()}
        self.fts_cache: dict[str, str] = {}
        self.raw_fts = plan.fts_shard is not None
        self.cust_n = plan.n_customers
        self.has_en_desk = any(plan.agents[a].team == "en" for a in plan.assignable["en"])

    # -- lookups into the customer summary --------------------------------------------
    def _cust(self, k: int):
        s = self.summary[k // self.plan.batch]
        return s, k % self.plan.batch

    def _pick_customer(self, rng: random.Random) -> int:
        n = self.cust_n
        if n <= 1:
            return 0
        if rng.random() < 0.2:  # a few regulars account for a fifth of all tickets
            r = _rr(rng, max(1, (n - 1) // 50))
        else:
            r = _rr(rng, n - 1)
        return 1 + (r * self.plan.cust_mul) % (n - 1)

    def _index(self, body: str) -> str:
        doc = self.fts_cache.get(body)
        if doc is None:
            if len(self.fts_cache) > 10_000:  # hits are mostly the fixed phrases; a small cache keeps them
                self.fts_cache.clear()
            doc = self.fts_cache[body] = textsearch.index_text(body)
        return doc

    # -- one batch ----------------------------------------------------------------------
    def batch(self, b: int) -> dict:
        plan = self.plan
        rng = _rng(plan.seed, "tickets", b)
        # Handle time draws from a stream of its own: the rest of the demo (ticket numbers,
        # teams, follow-ups the README and tests name) stays as it was before it existed.
        work_rng = _rng(plan.seed, "work", b)
        U, T = self.U, self.T
        now = plan.now
        lo, hi = b * plan.batch, min(plan.n_tickets, (b + 1) * plan.batch)
        rows: dict[str, list[tuple]] = {t: [] for t in TICKET_TABLES}
        t_rows, m_rows, tag_rows, fb_rows, fu_rows, fts_rows, ws_rows = (rows[t] for t in TICKET_TABLES)
        span_start = now - 730 * DAY
        span = 730 * DAY - 8 * HOUR
        H = plan.historic
        # With a search index file the texts go there as they are (FtsShard tokenises them later).
        index = str if self.raw_fts else self._index
        for i in range(lo, hi):
            ov = plan.overrides.get(i)
            number = 1001 + i
            tid_n = _uid(rng)
            tid = U(tid_n)
            # Customer (skewed), their language and a scenario they can plausibly have.
            if ov and "customer" in ov:
                k = min(ov["customer"], self.cust_n - 1)
            else:
                k = self._pick_customer(rng)
                if ov and ov.get("lang") == "ko":
                    for _ in range(20):
                        s, j = self._cust(k)
                        if not s.lang[j]:
                            break
                        k = self._pick_customer(rng)
            s, j = self._cust(k)
            lang = "en" if s.lang[j] else "ko"
            cust_id = U(s.ids[j])
            cname = s.names[j]
            historic = i < H
            agent_idx = ov.get("agent") if ov else None
            group = plan.agents[agent_idx].team if agent_idx is not None else None
            if group == "en":
                group = None
            # Active tickets are placed in time by their SLA state below; any order they
            # mention must be older than that, so the scenario is checked again afterwards.
            created = span_start + int(span * (i + rng.random()) / max(H, 1)) if historic else now - 30 * MIN
            sc, order = self._scenario(rng, s, j, lang, created, group)
            channel = (ov or {}).get("channel") or W_CHANNEL[lang].pick(rng)
            priority = (ov or {}).get("priority")
            if priority is None:
                priority = W_PRIORITY.pick(rng)
                if sc.urgent_bias and rng.random() < 0.6:
                    priority = "urgent" if rng.random() < 0.4 else "high"
            if agent_idx is not None:
                team = plan.agents[agent_idx].team
            elif lang == "en" and self.has_en_desk:
                team = "en"
            elif sc.group == "account":
                team = "card" if rng.random() < 0.5 else "shop"
            else:
                team = sc.group
            F, R = self.sla[priority, channel]

            # Status and the shape of the conversation.
            if historic:
                status = ""  # set after the timeline
                pattern = self._historic_pattern(rng, channel)
            else:
                status = (ov or {}).get("status") or self._active_status(rng)
                pattern = self._active_pattern(rng, status, channel)
            has_reply = any(r in AGENT_ROLES_PUBLIC for r in pattern)

            # Assignee: everything historic and everything answered; a few untouched ones too.
            if agent_idx is not None:
                assignee = agent_idx
            elif ov and ov.get("unassigned"):
                assignee = None
            elif historic or has_reply or status in ("pending", "on_hold") or rng.random() < 0.2:
                pool = plan.assignable[team]
                assignee = _pick(rng, pool)
            else:
                assignee = None
            author_idx = assignee if assignee is not None else plan.assignable[team][_rr(rng, len(plan.assignable[team]))]

            # Timeline.
            if historic:
                times = self._historic_times(rng, created, pattern, channel)
                solved = times[-1] + _ri(rng, 60, 600 if channel == "chat" else 2 * HOUR)
                solved = min(solved, now - 60)
                status = "closed" if solved < now - 4 * DAY else "solved"
            else:
                created, times = self._active_times(rng, pattern, has_reply, F, R, (ov or {}).get("sla"))
                solved = None
                if order is not None and s.ots[order] >= created - HOUR:
                    order = self._order_before(s, j, created)
                    if order is None:
                        sc = self._no_order_scenario(rng, lang, sc.group)
            first_resp = next((t for r, t in zip(pattern, times) if r in AGENT_ROLES_PUBLIC), None)
            first_due, res_due = created + F, created + R
            next_due = sla_next_due(status, first_resp, first_due, res_due)
            reopen = 1 if historic and rng.random() < 0.03 else 0

            # Variables for the texts.
            v = self._vars(rng, s, j, k, lang, cname, number, created, sc, order, plan.agents[author_idx], team)
            subject = _pick(rng, sc.subjects).format_map(v)
            # The agent's answer goes with the question asked: replies pair with openings
            # (and second answers with follow-up questions) by position.
            q_open, q_follow = _rr(rng, len(sc.open)), _rr(rng, len(sc.follow))

            # Messages (+ their search index rows).
            fts_rows.append((number << FTS_SEQ_BITS, index(subject)))
            gen = GENERIC[lang]
            contacts = 0
            for seq, (role, t) in enumerate(zip(pattern, times), start=1):
                ext = None
                author_agent = None
                author_name = cname
                if role in CUSTOMER_ROLES:
                    direction, kind = "inbound", "reply"
                    if role == "c_open":
                        body = sc.open[q_open].format_map(v)
                        # Customers paste card numbers and 주민번호 (the app masks them on display).
                        if rng.random() < 0.01 or (ov and ov.get("pii")):
                            body += _pick(rng, gen["pii"]).format(
                                card=_pick(rng, TEST_CARDS), rrn=_rrn(rng))
                    elif role == "c_follow":
                        body = sc.follow[q_follow].format_map(v)
                    elif role == "c_thanks":
                        body = _pick(rng, gen["thanks"])
                    elif role == "c_nudge":
                        body = _pick(rng, gen["nudge"])
                    else:
                        body = _pick(rng, gen["callback"]).format_map(v)
                        author_name = "ARS"
                    if channel == "email":
                        ext = f"<{number}.{seq}.{rng.getrandbits(32):08x}@mail.example.com>"
                else:
                    a = author_idx
                    if role == "note" and rng.random() < 0.3:
                        a = _rr(rng, len(plan.agents))
                    author_agent = self.agent_ids[a]
                    author_name = plan.agents[a].name
                    if role == "a_reply":
                        direction, kind = "outbound", "reply"
                        body = _pick(rng, gen["greet"]).format_map(v) + sc.reply[q_open % len(sc.reply)].format_map(v)
                    elif role == "a_follow":
                        direction, kind = "outbound", "reply"
                        body = sc.reply2[q_follow % len(sc.reply2)].format_map(v)
                    elif role == "a_close":
                        direction, kind = "outbound", "reply"
                        body = _pick(rng, gen["close"])
                    elif role == "note":
                        direction, kind = "internal", "note"
                        notes = sc.note if rng.random() < 0.7 else gen["note"]
                        body = _pick(rng, notes).format_map(v)
                    else:  # call
                        direction, kind = "internal", "call_log"
                        body = _pick(rng, sc.call).format_map(v)
                if role in AGENT_ROLES_PUBLIC:
                    contacts += 1
                    self._work(work_rng, ws_rows, author_agent, tid, self.team_ids[team], role == "call", t)
                tt = T(t)
                m_rows.append((U(_uid(rng)), tt, tid, direction, kind, channel, body, author_agent, author_name, tt, ext))
                fts_rows.append(((number << FTS_SEQ_BITS) | seq, index(body)))

            # Tags.
            tags = list(sc.tags[: 1 + (rng.random() < 0.6)])
            if TIERS[s.tier[j]] == "vip":
                tags.append("vip")
            if priority == "urgent":
                tags.append("긴급" if lang == "ko" else "urgent")
            if rng.random() < 0.08:
                extra = EXTRA_TAGS_EN if lang == "en" else EXTRA_TAGS
                tags.append(_pick(rng, extra))
            tags = sorted(set(tags))
            for tag in tags:
                tag_rows.append((U(_uid(rng)), T(created), tid, tag))

            t_rows.append((
                tid, T(times[-1]), number, subject[:300], channel, status, priority, PRIORITY_RANK[priority],
                sc.category, cust_id, self.agent_ids[assignee] if assignee is not None else None, self.team_ids[team],
                U(s.oid[order]) if order is not None else None, T(created), T(first_due), T(res_due),
                T(next_due) if next_due is not None else None, T(first_resp) if first_resp is not None else None,
                T(solved) if solved is not None else None, reopen, len(pattern), " ".join(tags), None, contacts,
            ))

            # Feedback on solved tickets; follow-ups on open work.
            if historic and rng.random() < 0.3:
                r = rng.random()
                score = 5 if r < 0.55 else 4 if r < 0.8 else 3 if r < 0.9 else 2 if r < 0.95 else 1
                comment = _pick(rng, gen["csat"]) if rng.random() < 0.3 else ""
                if comment and (score >= 4) != (comment in _POSITIVE):
                    comment = ""
                at = min(solved + _ri(rng, 10 * MIN, 2 * DAY), now - 30)
                fb_rows.append((U(_uid(rng)), T(at), tid, cust_id, "csat", score, comment, T(at)))
                if rng.random() < 0.15:
                    r = rng.random()
                    nps = _ri(rng, 9, 10) if r < 0.55 else _ri(rng, 7, 8) if r < 0.8 else _ri(rng, 0, 6)
                    fb_rows.append((U(_uid(rng)), T(at + 60), tid, cust_id, "nps", nps, "", T(at + 60)))
            elif not historic and assignee is not None and (rng.random() < 0.25 or (ov and ov.get("agent") is not None)):
                due = now + _ri(rng, -2 * DAY, 5 * DAY)
                fkind = "callback" if channel == "phone" or rng.random() < 0.2 else "follow_up"
                title = _pick(rng, gen["followup"]).format_map(v)
                fstatus = "done" if due < now and rng.random() < 0.3 else "open"
                fu_rows.append((U(_uid(rng)), T(min(created + 5 * MIN, now)), self.agent_ids[assignee], tid,
                                cust_id, title[:200], "", fkind, T(due), fstatus, "", "", None,
                                T(due) if fstatus == "done" else None, None))
        return rows

    # -- pieces -----------------------------------------------------------------------
    def _work(self, rng, out: list, agent, tid, team, call: bool, t: int) -> None:
        """The agent's recorded time for one contact that ended at ``t`` (handle time,
        docs/metrics.md): a call's talk, sometimes hold, and after-call work; a written
        reply's worked time. A few rows a contact: demo-data stays about as fast."""
        U, T = self.U, self.T
        if call:
            acw = _ri(rng, 30, 300)
            hold = _ri(rng, 20, 180) if rng.random() < 0.2 else 0
            talk = _ri(rng, 90, 900)
            start = t - acw - hold - talk
            out.append((U(_uid(rng)), T(t), agent, tid, team, "talk", T(start), talk))
            if hold:
                out.append((U(_uid(rng)), T(t), agent, tid, team, "hold", T(start + talk), hold))
            out.append((U(_uid(rng)), T(t), agent, tid, team, "acw", T(t - acw), acw))
        else:
            work = _ri(rng, 60, 720)
            out.append((U(_uid(rng)), T(t), agent, tid, team, "work", T(t - work), work))

    def _scenario(self, rng, s, j, lang, created, group):
        """A scenario the customer can have (card: holds a credit card; order: has an
        earlier order), and that order's index in the customer summary."""
        weighted = SCEN_BY_GROUP[lang, group] if group else W_SCEN[lang]
        flags = s.flags[j]
        for _ in range(6):
            sc = weighted.pick(rng)
            if sc.needs == "card" and not flags & 1:
                continue
            if sc.needs == "loan" and not flags & 4:
                continue
            if sc.needs == "order":
                order = self._order_before(s, j, created)
                if order is None:
                    continue
                return sc, order
            return sc, None
        return self._no_order_scenario(rng, lang, group), None

    @staticmethod
    def _no_order_scenario(rng, lang, group):
        pool = [x for x in (SCENARIOS_EN if lang == "en" else SCENARIOS_KO)
                if not x.needs and (group in (None, x.group) or x.group == "account")]
        return _pick(rng, pool)

    @staticmethod
    def _order_before(s, j, created):
        """The customer's latest order placed at least an hour before ``created``."""
        best, best_ts = None, -1
        for o in range(s.ooff[j], s.ooff[j + 1]):
            ts = s.ots[o]
            if best_ts < ts < created - HOUR:
                best, best_ts = o, ts
        return best

    @staticmethod
    def _active_status(rng):
        r = rng.random()
        return "new" if r < 0.3 else "open" if r < 0.68 else "pending" if r < 0.9 else "on_hold"

    @staticmethod
    def _historic_pattern(rng, channel):
        n = MSG_COUNTS.pick(rng)
        if channel == "phone":
            pattern = ["call"]
            for _ in range(n - 1):
                pattern.append("call" if rng.random() < 0.6 else "note")
            return pattern
        n = max(n, 2)
        with_note = n >= 3 and rng.random() < 0.12
        pattern = list(HISTORIC_BASE[: n - 1 if with_note else n])
        if pattern[-1] == "c_follow":
            pattern[-1] = "c_thanks"  # a conversation that got solved ends with thanks, not a question
        if with_note:
            pattern.insert(_ri(rng, 2, len(pattern)), "note")
        return pattern

    @staticmethod
    def _active_pattern(rng, status, channel):
        phone = channel == "phone"
        if status == "new":
            if phone:
                return ["callback_req"]
            return ["c_open"] if rng.random() < 0.75 else ["c_open", "c_nudge"]
        if status == "open":
            if phone:
                return ["call"] if rng.random() < 0.6 else ["call", "c_follow"]
            r = rng.random()
            if r < 0.15:
                return ["c_open"]  # picked up, not answered yet
            if r < 0.45:
                return ["c_open", "a_reply"]
            if r < 0.85:
                return ["c_open", "a_reply", "c_follow"]
            return ["c_open", "a_reply", "c_follow", "a_follow", "c_nudge"]
        if status == "pending":
            if phone:
                return ["call"] if rng.random() < 0.5 else ["call", "call"]
            return ["c_open", "a_reply"] if rng.random() < 0.6 else ["c_open", "a_reply", "c_follow", "a_follow"]
        # on_hold: waiting on someone else, the last word an internal note
        if phone:
            return ["call", "note"]
        return ["c_open", "a_reply", "note"] if rng.random() < 0.7 else ["c_open", "note"]

    def _historic_times(self, rng, created, pattern, channel):
        limit = self.plan.now - 10 * MIN
        times = [created]
        t = created
        rlo, rhi = REPLY_GAP[channel]
        clo, chi = CUSTOMER_GAP.get(channel, CUSTOMER_GAP_DEFAULT)
        for role in pattern[1:]:
            if role in CUSTOMER_ROLES:
                gap = _ri(rng, clo, chi)
            elif role == "note":
                gap = _ri(rng, 60, 2 * HOUR)
            elif role == "call":
                gap = _ri(rng, HOUR, 2 * DAY)
            else:
                gap = _ri(rng, rlo, rhi)
            t = max(t + 5, min(t + gap, limit))
            times.append(t)
        return times

    def _active_times(self, rng, pattern, has_reply, F, R, want):
        """created_at and message times for an active ticket whose SLA state (breached /
        at risk / ok) is drawn first, so most active tickets are fine and some are late."""
        now = self.plan.now
        D = R if has_reply else F  # the deadline that counts now
        state = want or ("breached" if (r := rng.random()) < 0.12 else "at_risk" if r < 0.22 else "ok")
        if state == "ok" and D <= 62 * MIN:
            state = "at_risk"  # a 15-minute first-response target is never comfortably "ok"
        if state == "breached":
            off = -_ri(rng, 5 * MIN, 36 * HOUR)
        elif state == "at_risk":
            off = _ri(rng, MIN, max(MIN, min(59 * MIN, D - 2 * MIN)))
        else:
            off = _ri(rng, 61 * MIN, D - (20 * MIN if has_reply else MIN))
        created = now + off - D
        end = now - 30
        n = len(pattern)
        if not has_reply:
            rest = sorted(_ri(rng, created + 1, max(created + 2, end)) for _ in range(n - 1))
            return created, _strictly_increasing([created, *rest])
        a1 = next(i for i, r in enumerate(pattern) if r in AGENT_ROLES_PUBLIC)
        hi = max(61, min(int(F * 1.1), end - created - 10 * (n - a1)))
        if a1 == 0:  # a call: logged when it ends, a few minutes after the ticket was opened
            fr = created + _ri(rng, 30, max(31, min(10 * MIN, hi)))
            head = []
        else:
            fr = created + _ri(rng, 60, hi)
            head = [created, *sorted(_ri(rng, created + 1, max(created + 2, fr - 1)) for _ in range(a1 - 1))]
        after = sorted(_ri(rng, fr + 10, max(fr + 11, end)) for _ in range(n - a1 - 1))
        return created, _strictly_increasing([*head, fr, *after])

    def _vars(self, rng, s, j, k, lang, cname, number, created, sc, order, agent: _AgentInfo, team):
        return _Vars(rng, self.plan, s, j, k, cname, number, created, sc, order, agent, team)


class _Vars(dict):
    """The values message templates may use, each computed the first time a template asks."""

    def __init__(self, rng, plan, s, j, k, cname, number, created, sc, order, agent, team):
        super().__init__(name=cname, agent=agent.name, team=TEAM_NAME[team], team_en=TEAM_EN[team], number=number,
                         topic=sc.category)
        self.rng, self.plan, self.s, self.j, self.k, self.created, self.order = rng, plan, s, j, k, created, order

    def __missing__(self, key):
        rng, s, j = self.rng, self.s, self.j
        if key == "last4":
            v = f"{s.last4[j]:04d}" if s.last4[j] >= 0 else "1234"
        elif key in ("limit", "limit_en"):
            v = (_won if key == "limit" else _won_en)(s.limit[j] or 5_000_000)
        elif key == "used":
            v = _won(s.used[j])
        elif key in ("avail", "avail_en"):
            v = (_won if key == "avail" else _won_en)(max((s.limit[j] or 5_000_000) - s.used[j], 0))
        elif key in ("limit2", "limit2_en"):
            n = self.get("_limit2")
            if n is None:
                n = self["_limit2"] = (s.limit[j] or 5_000_000) + _pick(rng, (1, 2, 3, 5)) * 1_000_000
            v = (_won if key == "limit2" else _won_en)(n)
        elif key in ("amount", "amount_en"):
            n = self.get("_amount")
            if n is None:
                n = self["_amount"] = _pick(rng, (12_900, 35_000, 48_500, 89_000, 129_000, 250_000, 432_000, 1_190_000))
            v = (_won if key == "amount" else _won_en)(n)
        elif key == "loan":
            v = _won(s.loan[j] or 8_000_000)
        elif key == "order":
            o = self.order
            v = "ORD-0000" if o is None else f"ORD-{s.oyear[o]}-{self.k * ORDER_NUMBER_STRIDE + o - s.ooff[j] + 1:07d}"
        elif key == "item":
            v = "주문 상품" if self.order is None else CATALOG[s.oitem[self.order]][0]
        elif key in ("total", "total_en"):
            v = (_won if key == "total" else _won_en)(0 if self.order is None else s.ototal[self.order])
        elif key in ("date", "date_en"):
            # The order's date when there is one, else a few days before the ticket; in KST.
            ts = s.ots[self.order] if self.order is not None else self.created - _ri(rng, DAY, 10 * DAY)
            d = datetime(1970, 1, 1) + timedelta(seconds=ts + 9 * HOUR)
            self["date"] = f"{KO_MONTHS[d.month - 1]} {d.day}일"
            self["date_en"] = f"{EN_MONTHS[d.month - 1]} {d.day}"
            return self[key]
        elif key == "tracking":
            v = f"{_ri(rng, 100000, 999999)}{_ri(rng, 100000, 999999)}"
        elif key == "days":
            v = _ri(rng, 1, 3)
        elif key == "points":
            v = _pick(rng, (1200, 2500, 3000, 5400, 12000))
        elif key == "merchant":
            v = _pick(rng, MERCHANTS)
        elif key == "ref":
            v = str(_ri(rng, 1000, 9999))
        elif key == "phone":
            v = _fmt_mobile(_phone_digits(self.plan, self.k))
        else:
            raise KeyError(key)
        self[key] = v
        return v


_POSITIVE = {"친절하고 빠른 상담 감사합니다.", "설명이 이해하기 쉬웠어요.", "상담원분이 정말 친절하셨어요!",
             "Quick and friendly, thanks!", "Very clear explanation."}


def _strictly_increasing(times: list[int]) -> list[int]:
    """Messages sort by created_at; equal times would leave their order to the (random) ids."""
    out = [times[0]]
    for t in times[1:]:
        out.append(max(t, out[-1] + 1))
    return out


# =============================================================================
# Worker processes
# =============================================================================
# Plain subprocesses speaking pickle over pipes, not multiprocessing: they import only
# this module, never the caller's __main__ (a Qt app, pytest, a script on stdin).
class _Workers:
    """Runs batches in child processes, ``ahead`` per worker; results come back in batch order."""

    def __init__(self, plan: _Plan, stage: str, n: int, ahead: int = 2):
        root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [env.get("PYTHONPATH")])])
        cmd = [sys.executable, "-c", "from agentdesk.demo.generator import _worker_main; _worker_main()"]
        self.procs = [subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env) for _ in range(n)]
        self.ahead = ahead
        self.plan = plan
        assert plan.fts_shard is None or (stage == "tickets" and n == 1)
        try:
            blob = pickle.dumps((stage, plan), protocol=pickle.HIGHEST_PROTOCOL)
            for p in self.procs:
                _stdin(p).write(len(blob).to_bytes(8, "little"))
                _stdin(p).write(blob)
                _stdin(p).flush()
        except BaseException:
            self.close()
            raise

    def _send(self, b: int) -> None:
        p = self.procs[b % len(self.procs)]
        _stdin(p).write(b.to_bytes(8, "little", signed=True))
        _stdin(p).flush()

    def _receive(self, p: subprocess.Popen[bytes]):
        try:
            result = pickle.load(_stdout(p))
        except EOFError:
            raise RuntimeError(f"demo data worker exited with code {p.wait()} (see its error output above)") from None
        if isinstance(result, _WorkerError):
            if result.disk_full:
                raise OSError(errno.ENOSPC, result.message)  # generate() says "disk full" for it
            raise RuntimeError(f"demo data worker failed: {result.message}")
        return result

    def run(self, n_batches: int):
        sent = 0
        while sent < min(n_batches, len(self.procs) * self.ahead):
            self._send(sent)
            sent += 1
        for b in range(n_batches):
            p = self.procs[b % len(self.procs)]
            result = self._receive(p)
            if sent < n_batches:
                self._send(sent)
                sent += 1
            elif b == n_batches - 1:
                self._end()  # the last batch: a worker with a search index finishes it meanwhile
            yield result

    def _end(self, finish: bool = True) -> None:
        """Ends the workers' input: -1 after the last batch, or only the end of the stream
        when the load is over or failed. A worker with a search index file finishes it after
        -1 and deletes it at the end of the stream (unfinished or copied)."""
        for p in self.procs:
            try:
                if finish:
                    _stdin(p).write((-1).to_bytes(8, "little", signed=True))
                    _stdin(p).flush()
                if not finish or self.plan.fts_shard is None:
                    _stdin(p).close()
            except (OSError, ValueError):
                pass

    def wait_fts(self) -> str:
        """The search index file of the (only) worker, once it has finished it."""
        done = self._receive(self.procs[0])
        assert done == "fts done", done
        assert self.plan.fts_shard is not None
        return self.plan.fts_shard[0]

    def close(self) -> None:
        self._end(finish=False)
        for p in self.procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
            if p.stdout:
                p.stdout.close()


def _stdin(p: subprocess.Popen[bytes]) -> IO[bytes]:
    assert p.stdin is not None  # Popen(stdin=PIPE)
    return p.stdin


def _stdout(p: subprocess.Popen[bytes]) -> IO[bytes]:
    assert p.stdout is not None  # Popen(stdout=PIPE)
    return p.stdout


@dataclass
class _WorkerError:
    """A worker's failure, sent instead of a batch (its traceback went to stderr)."""

    message: str
    disk_full: bool


def _worker_main() -> None:
    """Child side of _Workers: read the plan, then batch numbers until -1; pickle results to stdout.

    With ``plan.fts_shard`` the worker keeps each batch's search index texts in that file
    (sending their count instead), and after -1 builds the index there and says "fts done".
    Then it waits for its input to close (the parent has copied the index, or died) and
    deletes the file and its folder: however the parent ends, nothing is left behind."""
    inp = sys.stdin.buffer
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints must not corrupt the result stream
    size = int.from_bytes(inp.read(8), "little")
    stage, plan = pickle.loads(inp.read(size))
    # The plan (at 1M, the 200,000 customers' summary) lives to the end, and a batch's rows
    # are tuples of plain values in lists: nothing here makes a reference cycle, so the
    # collector only walked them again and again (2-5% of the build's CPU at 200k tickets).
    gc.freeze()
    gc.disable()
    if stage == "tickets" and plan.fts_shard is None:
        try:
            os.nice(5)  # the writer (parent) is the bottleneck: let it have the CPU first
        except (AttributeError, OSError):
            pass
    gen = _TicketGen(plan) if stage == "tickets" else None
    shard = None
    try:
        if plan.fts_shard is not None:
            shard = FtsShard(*plan.fts_shard)
        blob = b""
        while True:
            started = time.perf_counter()
            out.write(blob)  # the previous batch: blocks until the parent takes it
            out.flush()
            raw = inp.read(8)  # and until it asks for another
            waited = time.perf_counter() - started
            b = int.from_bytes(raw, "little", signed=True) if len(raw) == 8 else -2
            if b < 0:
                break
            result = gen.batch(b) if gen else _customer_batch(plan, b)
            if shard is not None:
                shard.write(result["ticket_fts"])
                result["ticket_fts"] = len(result["ticket_fts"])
                if waited > shard.spec.idle_s:
                    # The parent was the busier: it is likely still busy for about as long.
                    shard.index_some(waited)
            blob = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        if shard is not None and b == -1:
            shard.finish()
            pickle.dump("fts done", out, protocol=pickle.HIGHEST_PROTOCOL)
            out.flush()
            inp.read()  # until the parent closes it
    except Exception as exc:
        import traceback

        traceback.print_exc()
        try:
            pickle.dump(_WorkerError(str(exc), _is_disk_full(exc)), out, protocol=pickle.HIGHEST_PROTOCOL)
            out.flush()
        except OSError:
            pass
        sys.exit(1)
    finally:
        if shard is not None:
            shard.close()
            assert plan.fts_shard is not None
            try:
                Path(plan.fts_shard[0]).unlink(missing_ok=True)
                os.rmdir(Path(plan.fts_shard[0]).parent)  # the parent's scratch folder, if it has not
            except OSError:
                pass  # the parent removes it (or had already)


def _run_batches(plan: _Plan, stage: str, n_batches: int, workers: int, serial_fn):
    """Yields batch results in order, generated here or by worker processes."""
    if workers <= 0 or n_batches <= 1:
        for b in range(n_batches):
            yield serial_fn(b)
        return
    pool = _Workers(plan, stage, min(workers, n_batches))
    try:
        yield from pool.run(n_batches)
    finally:
        pool.close()


# =============================================================================
# Small tables
# =============================================================================
def _small_tables(plan: _Plan, n_articles: int) -> dict[str, list[dict]]:
    rng = _rng(plan.seed, "small", 0)
    now = datetime.fromtimestamp(plan.now, UTC)
    U = lambda n: uuid.UUID(int=n)  # noqa: E731 - the ORM/Core path takes UUID objects
    team_name = dict(TEAMS)
    teams = [{"id": U(plan.team_uid[k]), "name": team_name[k], "updated_at": now - timedelta(days=400)} for k, _ in TEAMS]
    statuses = ("available", "available", "available", "after_contact_work", "break", "offline")
    agents = [
        {"id": U(a.uid), "login": a.login, "name": a.name, "email": f"{a.login}@agentdesk.example", "role": a.role,
         "status": "available" if i == plan.current else _pick(rng, statuses),
         "capacity": 30 if a.role == "agent" else 10, "language": a.language, "team_id": U(plan.team_uid[a.team]),
         "updated_at": now - timedelta(days=_ri(rng, 1, 300))}
        for i, a in enumerate(plan.agents)
    ]
    articles = []
    for n in range(n_articles):  # ARTICLES alternates Korean and English at first: a few still give both
        title, category, tags, language, body = ARTICLES[n % len(ARTICLES)]
        if n >= len(ARTICLES):
            title = f"{title} ({n // len(ARTICLES) + 1})"
        articles.append({
            "id": U(_uid(rng)), "external_id": f"KB-{n + 1:04d}", "title": title, "body": body, "category": category,
            "tags": list(tags), "language": language, "status": "published" if rng.random() < 0.95 else "draft",
            "helpful": _ri(rng, 0, 400), "not_helpful": _ri(rng, 0, 40),
            "updated_at": now - timedelta(days=_ri(rng, 1, 500)),
            "visibility": "internal" if ARTICLES[n % len(ARTICLES)][0] in INTERNAL_ARTICLES else "public",
        })
    team_for = {"ko": None, "en": U(plan.team_uid["en"])}
    templates = [
        {"id": U(_uid(rng)), "title": title, "body": body, "category": category, "language": language, "shortcut": shortcut,
         "scope": "team", "owner_agent_id": None, "team_id": team_for[language], "macro": dict(macro),
         "prompts": [dict(p) for p in prompts],
         "usage_count": _ri(rng, 0, 5000), "updated_at": now - timedelta(days=_ri(rng, 1, 200))}
        for title, shortcut, category, language, body, macro, prompts in TEMPLATES
    ]
    # One personal template for the signed-in agent.
    me = plan.agents[plan.current]
    templates.append({
        "id": U(_uid(rng)), "title": "내 서명", "body": "{{ agent.name }} 드림 | 카드상담팀 | 1588-0000", "category": "",
        "language": "ko", "shortcut": "/서명", "scope": "personal", "owner_agent_id": U(me.uid), "team_id": None,
        "macro": {}, "prompts": [], "usage_count": _ri(rng, 0, 300), "updated_at": now - timedelta(days=3),
    })
    # A Seoul contact centre: follow-ups from macros land in its working hours (services/followups.py).
    settings = [{"key": CURRENT_AGENT_KEY, "value": me.login}, {"key": TIME_ZONE_KEY, "value": "Asia/Seoul"},
                {"key": WORKING_HOURS_KEY, "value": "Mon-Fri 09:00-18:00"}]
    # Saved views (issue 12): two of the signed-in agent's own, one their team's lead shares.
    lead = next((a for a in plan.agents if a.role == "lead" and a.team == me.team), me)
    unsolved_calls = {"filters": {"channels": ["chat", "phone"], "priorities": ["urgent", "high"],
                                  "statuses": ["new", "open"]}, "sort": {"by": "sla"}}
    refunds = {"filters": {"tags": ["환불", "refund"], "created": {"within_hours": 168}}}
    breached = {"filters": {"sla": ["breached"], "team": "mine"}, "sort": {"by": "sla"}}
    views: list[tuple[_AgentInfo, str, uuid.UUID | None, str, dict]] = [
        (me, "personal", None, "내 긴급 채팅·전화", unsolved_calls), (me, "personal", None, "최근 7일 환불 문의", refunds),
        (lead, "team", U(plan.team_uid[me.team]), "팀 SLA 위반", breached)]
    saved_views = [
        {"id": U(_uid(rng)), "name": name, "scope": scope, "owner_agent_id": U(owner.uid), "team_id": team,
         "spec": {"v": 1, **spec}, "position": n, "created_at": now - timedelta(days=20), "updated_at": now - timedelta(days=2)}
        for n, (owner, scope, team, name, spec) in enumerate(views)
    ]
    return {"teams": teams, "agents": agents, "kb_articles": articles, "templates": templates, "workspace_settings": settings,
            "saved_views": saved_views}


SMALL_TABLES = {"teams": Team, "agents": Agent, "kb_articles": KnowledgeArticle, "templates": Template,
                "workspace_settings": WorkspaceSetting, "saved_views": SavedView}


# =============================================================================
# Public API
# =============================================================================
def _has_data(db: Database) -> bool:
    """Tickets, customers or agents already there; the admins `admin init-server` makes
    (no team) do not count, so a fresh team database takes demo data."""
    with db.engine.connect() as conn:
        for model in (Ticket, Customer):
            if conn.execute(select(model.id).limit(1)).first() is not None:
                return True
        staff = select(Agent.id).where((Agent.role != "admin") | Agent.team_id.is_not(None)).limit(1)
        return conn.execute(staff).first() is not None


def _write_all(writer: _Writer, plan: _Plan, articles: int, counts: dict[str, int], tell: Progress,
               workers: int, customer_workers: int, pools: list[_Workers],
               fts_shard: tuple[str, FtsSpec] | None = None) -> None:
    """Every row of the demo through ``writer`` (one transaction, committed by the caller).

    With ``fts_shard`` the (one) ticket worker writes the search index into that file; its
    pool is left open in ``pools`` for the caller to collect the file (and close it)."""
    # Small tables through the ORM's own types (UUID objects, aware datetimes, JSON).
    tell("setup", 0, 1)
    small = _small_tables(plan, articles)
    for name, model in SMALL_TABLES.items():
        writer.write_small(cast(Table, model.__table__), small[name])
        counts[name] = len(small[name])
    tell("setup", 1, 1)

    # Customers, their contacts, products and orders.
    n_cb = -(-plan.n_customers // plan.batch)
    summaries = []
    done = 0
    for rows, summary in _run_batches(plan, "customers", n_cb, customer_workers, lambda b: _customer_batch(plan, b)):
        for name in CUSTOMER_TABLES:
            writer.write(name, rows[name])
            counts[name] = counts.get(name, 0) + len(rows[name])
        writer.batch_done()
        summaries.append(summary)
        done += len(summary.ids)
        tell("customers", done, plan.n_customers)
    plan.summary = summaries

    # Tickets with their conversations, tags, search index, feedback and follow-ups.
    n_tb = -(-plan.n_tickets // plan.batch)
    done = 0
    for name in TICKET_TABLES:
        counts.setdefault(name, 0)
    if fts_shard is not None:
        plan.fts_shard = fts_shard  # the ticket worker's, not the customer workers'
        pools.append(_Workers(plan, "tickets", 1))
        batches = pools[-1].run(n_tb)
    else:
        gen = _TicketGen(plan) if workers <= 0 or n_tb <= 1 else None
        batches = _run_batches(plan, "tickets", n_tb, workers, lambda b: cast(_TicketGen, gen).batch(b))
    for rows in batches:
        for name in TICKET_TABLES:
            got = rows[name]
            if isinstance(got, int):  # the number of search index rows the worker wrote itself
                counts[name] += got
                continue
            writer.write(name, got)
            counts[name] += len(got)
        writer.batch_done()
        done += len(rows["tickets"])
        tell("tickets", done, plan.n_tickets)


def _is_disk_full(exc: BaseException) -> bool:
    """SQLITE_FULL (a full disk, or max_page_count), ENOSPC, or PostgreSQL's disk_full,
    however SQLAlchemy wrapped it."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, sqlite3.Error) and (getattr(e, "sqlite_errorcode", 0) & 0xFF) == sqlite3.SQLITE_FULL:
            return True
        if isinstance(e, OSError) and e.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            return True
        if getattr(e, "sqlstate", None) == "53100":  # psycopg.errors.DiskFull
            return True
        orig = getattr(e, "orig", None)  # sqlalchemy.exc.DBAPIError
        todo += [orig if isinstance(orig, BaseException) else None, e.__cause__, e.__context__]
    return False


def _where(db: Database) -> str:
    """The directory that filled up, for the one-line message."""
    url = db.engine.url
    if db.is_sqlite and url.database and url.database != ":memory:":
        return f"in {Path(url.database).resolve().parent}"
    return f"on the database server {url.render_as_string(hide_password=True)}"


def generate(
    db: Database,
    *,
    customers: int,
    tickets: int,
    seed: int = 1,
    agents: int = 12,
    articles: int = 40,
    now: datetime | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    before_commit: Callable[[Connection], object] | None = None,
    _writer: str | None = None,
    _batch: int = BATCH,
) -> dict:
    """Fills an empty workspace with demo data; returns {table: rows written}.

    Deterministic for the same (customers, tickets, seed, now) (and agents/articles).
    ``now`` (default: this minute, UTC) anchors every relative time: two years of
    solved history behind it, a few days of open work just before it. ``workers`` is
    the number of generator processes (default: one per spare core, at most two, from
    100,000 tickets on; none below): it changes the speed, never the rows.
    ``progress(stage, done, total)`` hears about stages setup, customers, tickets,
    indexes (large SQLite runs) and done. Raises ValueError if the workspace already
    has tickets, customers or agents.

    All or nothing: one transaction writes everything, so a crash, SIGKILL or full disk
    leaves the workspace empty and the same call can simply be made again. A full disk
    raises DiskFullError (a ValueError) with a one-line message naming the directory.
    ``before_commit(connection)`` runs last inside that transaction (the team server
    stamps the rows for sync there, so no run leaves unstamped rows behind).
    """
    if customers < 1:
        raise ValueError("customers must be at least 1")
    if tickets < 0:
        raise ValueError("tickets must not be negative")
    if agents < 1:
        raise ValueError("agents must be at least 1")
    if customers > 12_000_000:
        raise ValueError("at most 12,000,000 customers (order numbers have 8 digits)")
    if tickets >= (1 << 50):
        raise ValueError("too many tickets")
    if _has_data(db):
        raise ValueError("this workspace already has data")
    if now is None:
        now = datetime.now(UTC).replace(second=0, microsecond=0)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    now_ts = int(now.timestamp())  # whole seconds: stored times carry no sub-second part

    url = db.engine.url
    mode = _writer or ("raw" if db.is_sqlite else "copy" if url.get_driver_name() == "psycopg" else "core")
    if mode not in ("raw", "copy", "core"):
        raise ValueError(f"unknown writer '{mode}'")
    if (mode == "raw") != db.is_sqlite and mode != "core":
        raise ValueError(f"the {mode} writer is not for {url.get_backend_name()}")
    raw = mode == "raw"
    if workers is None:
        # One generator keeps up with the writer (the bottleneck); more only on big machines.
        workers = max(1, min(2, (os.cpu_count() or 1) - 1)) if tickets >= 100_000 else 0
        # The customer stage is the other way round: generating (23 s of CPU at 200,000
        # customers) outweighs writing (13 s), so two workers share the work even on 2 cores.
        customer_workers = max(2, workers) if customers >= 50_000 else 0
    else:
        customer_workers = workers
    plan = _make_plan(customers, tickets, seed, agents, now_ts, raw)
    plan.batch = _batch  # tests only: a different batch size gives different (still deterministic) data
    counts: dict[str, int] = {}

    def tell(stage: str, done: int, total: int) -> None:
        if progress:
            progress(stage, done, total)

    writer: _Writer | None = None
    pools: list[_Workers] = []
    scratch: str | None = None
    fts_shard: tuple[str, FtsSpec] | None = None
    try:
        if mode == "raw":
            bulk = tickets >= 100_000 or customers >= 50_000
            # One ticket worker (2-3 cores) builds the search index too, in a file next to
            # the workspace: the parent's SQLite work was the bottleneck (issue 16).
            folder = Path(url.database).resolve().parent if url.database and url.database != ":memory:" else None
            shard = workers == 1 and tickets > plan.batch and folder is not None  # (the writer: big loads only)
            writer = _RawSqliteWriter(db, bulk=bulk, tickets=tickets, fts_shard=shard)
            if writer.fts_shard is not None and folder is not None:
                scratch = tempfile.mkdtemp(prefix=".agentdesk-demo-", dir=folder)
                path = os.path.join(scratch, "ticket_fts.db")
                os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))  # private, as every file we make
                fts_shard = (path, writer.fts_shard)
        else:
            writer = _PgCopyWriter(db) if mode == "copy" else _CoreWriter(db)
        _write_all(writer, plan, articles, counts, tell, workers, customer_workers, pools, fts_shard)
        if pools and isinstance(writer, _RawSqliteWriter):
            writer.finish(progress, fts_shard=pools[0].wait_fts)
        else:
            writer.finish(progress)
        if before_commit is not None:
            before_commit(writer.sa)
        writer.commit()
    except Exception as exc:
        if _is_disk_full(exc):
            raise DiskFullError(f"disk full {_where(db)}: nothing was kept; free some space and run it again") from exc
        raise
    finally:
        try:
            if writer is not None:
                writer.close()  # detaches the search index file first
        finally:
            for pool in pools:
                pool.close()  # its worker deletes the search index file
            if scratch is not None:
                shutil.rmtree(scratch, ignore_errors=True)
    if not db.is_sqlite:
        counts.pop("ticket_fts", None)
    tell("done", 1, 1)
    return counts


def ensure_demo_workspace(db: Database, progress: Progress | None = None) -> bool:
    """On first start (no agents at all) fills the workspace with a small demo; True if it did."""
    with db.engine.connect() as conn:
        if conn.execute(select(Agent.id).limit(1)).first() is not None:
            return False
    generate(db, customers=DEMO_CUSTOMERS, tickets=DEMO_TICKETS, seed=1, progress=progress)
    return True
