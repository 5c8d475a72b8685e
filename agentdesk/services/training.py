"""Training sessions (issue 15): a sandbox workspace seeded from scenarios, and the bridge
between what a trainee does in the normal window and the simulation engine.

A sandbox is one SQLite file ``config.data_dir()/"training"/"<uuid>.db"`` (0600 in a 0700
directory), made by the normal migrations and seeded through the normal services: the
trainee (the only agent), each scenario's persona (customer, contacts, products, orders,
past inquiries), its knowledge articles and templates, and one ticket per scenario with the
customer's opening message, assigned to the trainee. It is never a team workspace: no
profile, no sync, and ``open_sandbox`` refuses anything outside the training directory.

``TrainingRun`` holds one engine Session per scenario. ``step(session, now_t)`` reads what
the trainee did since the last step (replies, notes, field changes, article and template
uses, follow-ups) from the sandbox, hands it to the engine at virtual time ``now_t``, then
writes the customer's messages that fell due into the tickets as inbound messages, so the
inbox, the ticket view and the SLA see them like real ones. It runs on the window's write
lane (one thread), so the engine sessions are only ever touched there.

Plain Python over SQLAlchemy: no Qt.
"""

from __future__ import annotations

import importlib
import json
import os
import sqlite3
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal, cast

from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from agentdesk import config, rules
from agentdesk.db import Database, open_database
from agentdesk.mail import threading as mail_threading
from agentdesk.models import (
    Agent,
    ArticleUse,
    AuditEntry,
    Customer,
    FollowUp,
    KnowledgeArticle,
    Message,
    Order,
    OrderItem,
    Product,
    TemplateUsage,
    Ticket,
    utcnow,
)
from agentdesk.services import intake, knowledge, templates, tickets
from agentdesk.services.common import CURRENT_AGENT_KEY, get_setting, set_setting

MANIFEST_KEY = "training.manifest"  # workspace_settings: what this sandbox holds (JSON)
RESULT_KEY = "training.result"  # workspace_settings: the finished session's records and scorecards
SANDBOX_SUFFIX = ".db"
MODES = ("practice", "certification")
# What a customer's simulated message is signed with (messages.external_id), so the bridge
# never takes one of them for the trainee's.
EXTERNAL_PREFIX = "sim:"


class SandboxRefused(ValueError):
    """A path or URL that is not a training sandbox: one line, nothing opened."""


def training_dir() -> Path:
    return config.data_dir() / "training"


# --- the sandbox ---------------------------------------------------------------------------
@dataclass
class Sandbox:
    """An open training workspace and what was seeded into it (scenario id → row ids)."""

    path: Path
    db: Database
    session_id: str
    mode: str
    trainee_login: str
    trainee_name: str
    started_at: datetime
    scenarios: list[Any]  # simulation.scenario.Scenario, in the order given
    trainee_id: uuid.UUID | None = None
    tickets: dict[str, uuid.UUID] = field(default_factory=dict)
    customers: dict[str, uuid.UUID] = field(default_factory=dict)
    articles: dict[str, dict[str, uuid.UUID]] = field(default_factory=dict)  # scenario → local id → row id
    templates: dict[str, dict[str, uuid.UUID]] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.db.url

    def scenario(self, scenario_id: str):
        return next(s for s in self.scenarios if s.id == scenario_id)

    def ticket_scenario(self, ticket_id: uuid.UUID) -> str | None:
        return next((sid for sid, tid in self.tickets.items() if tid == ticket_id), None)

    def manifest(self) -> dict:
        return {
            "session_id": self.session_id, "mode": self.mode, "trainee_login": self.trainee_login,
            "trainee_name": self.trainee_name, "started_at": self.started_at.isoformat(),
            "scenarios": [s.model_dump(mode="json") for s in self.scenarios],
            "tickets": {k: str(v) for k, v in self.tickets.items()},
            "customers": {k: str(v) for k, v in self.customers.items()},
            "articles": {k: {a: str(u) for a, u in v.items()} for k, v in self.articles.items()},
            "templates": {k: {a: str(u) for a, u in v.items()} for k, v in self.templates.items()},
        }

    def close(self) -> None:
        self.db.dispose()


def _inside_training_dir(path: Path) -> bool:
    root = training_dir().resolve()
    try:
        resolved = path.expanduser().resolve()
    except OSError:
        return False
    return resolved.parent == root and resolved.suffix == SANDBOX_SUFFIX


def sandbox_path(ref: str | Path) -> Path:
    """The sandbox file named by a path or an sqlite URL; SandboxRefused for anything else
    (another database, a team server's URL, a file outside the training directory)."""
    text = str(ref)
    if "://" in text:
        try:
            u = make_url(text)
        except Exception:  # noqa: BLE001 — any unparsable URL is simply not a sandbox
            raise SandboxRefused(f"not a training sandbox: {text.split('://', 1)[0]}:// is not a local file") from None
        if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
            raise SandboxRefused(f"not a training sandbox: a {u.get_backend_name()} database is never one "
                                 f"(sandboxes are files in {training_dir()})")
        path = Path(u.database)
    else:
        path = Path(text)
    if not _inside_training_dir(path):
        raise SandboxRefused(f"not a training sandbox: {path} is outside {training_dir()} "
                             "(a training session never opens an agent's or a team's workspace)")
    return path.expanduser().resolve()


def _scenario_from_json(data: dict):
    from agentdesk.simulation.scenario import Scenario

    return Scenario.model_validate(data)


def _read_manifest(session: Session) -> dict | None:
    raw = get_setting(session, MANIFEST_KEY)
    return json.loads(raw) if raw else None


def open_sandbox(ref: str | Path) -> Sandbox:
    """Opens an existing sandbox (to go on, or to replay a finished one); refuses anything
    that is not a sandbox file in the training directory."""
    path = sandbox_path(ref)
    if not path.is_file():
        raise SandboxRefused(f"no training sandbox at {path}")
    db = open_database("sqlite:///" + str(path))
    try:
        with db.session() as s:
            data = _read_manifest(s)
        if data is None:
            raise SandboxRefused(f"{path} holds no training session")
        return _from_manifest(path, db, data)
    except BaseException:
        db.dispose()
        raise


def _from_manifest(path: Path, db: Database, data: dict) -> Sandbox:
    def ids(m: dict) -> dict:
        return {k: uuid.UUID(v) for k, v in m.items()}

    with db.session() as s:
        trainee_id = s.scalar(select(Agent.id).where(Agent.login == data["trainee_login"]))
    return Sandbox(
        path=path, db=db, session_id=data["session_id"], mode=data["mode"], trainee_login=data["trainee_login"],
        trainee_name=data["trainee_name"], started_at=datetime.fromisoformat(data["started_at"]),
        scenarios=[_scenario_from_json(s) for s in data["scenarios"]], tickets=ids(data["tickets"]),
        customers=ids(data["customers"]), articles={k: ids(v) for k, v in data["articles"].items()},
        templates={k: ids(v) for k, v in data["templates"].items()}, trainee_id=trainee_id)


def create_sandbox(scenarios, *, trainee_login: str, trainee_name: str, mode: str = "practice",
                   now: datetime | None = None) -> Sandbox:
    """A fresh sandbox file seeded from ``scenarios`` (one ticket each, assigned to the trainee)."""
    scenarios = list(scenarios)
    if not scenarios:
        raise ValueError("a training session needs at least one scenario")
    if len({s.id for s in scenarios}) != len(scenarios):
        raise ValueError("a scenario can be in a training session only once")
    if mode not in MODES:
        raise ValueError(f"unknown training mode {mode!r} (practice or certification)")
    now = now or utcnow()
    config.ensure_dir(training_dir())
    session_id = str(uuid.uuid4())
    path = training_dir() / f"{session_id}{SANDBOX_SUFFIX}"
    db = open_database("sqlite:///" + str(path))  # creates the file 0600 (db.make_engine) and migrates it
    box = Sandbox(path=path, db=db, session_id=session_id, mode=mode, trainee_login=trainee_login,
                  trainee_name=trainee_name, started_at=now, scenarios=scenarios)
    try:
        with db.session() as s:
            trainee = Agent(id=uuid.uuid4(), login=trainee_login, name=trainee_name, role="agent", status="available",
                            language=scenarios[0].language)
            s.add(trainee)
            s.flush()
            box.trainee_id = trainee.id
            set_setting(s, CURRENT_AGENT_KEY, trainee_login)
            for sc in scenarios:
                _seed_scenario(s, box, sc, trainee, now)
            set_setting(s, MANIFEST_KEY, json.dumps(box.manifest(), ensure_ascii=False))
    except BaseException:
        db.dispose()
        discard_sandbox(path)
        raise
    return box


def _sim_id(scenario_id: str, local: str) -> str:
    return f"{EXTERNAL_PREFIX}{scenario_id}:{local}"


def _seed_scenario(s: Session, box: Sandbox, sc, trainee: Agent, now: datetime) -> None:
    p = sc.persona
    customer_id = _seed_customer(s, sc, now)
    box.customers[sc.id] = customer_id
    for prod in p.products or ():
        s.add(Product(id=uuid.uuid4(), customer_id=customer_id, kind=prod.kind, name=prod.name,
                      account_last4=prod.account_last4 or "", status=prod.status or "active",
                      limit_amount=prod.limit_amount or 0, used_amount=prod.used_amount or 0,
                      opened_at=now - timedelta(days=400)))
    lifetime = 0
    for o in p.orders or ():
        number = o.number
        n = 2
        while s.scalar(select(Order.id).where(Order.number == number)) is not None:
            number, n = f"{o.number}-{n}", n + 1  # two scenarios of one session may share a number
        order = Order(id=uuid.uuid4(), number=number, customer_id=customer_id, status=o.status, total=o.total,
                      ordered_at=now - timedelta(days=o.days_ago))
        s.add(order)
        s.flush()
        for it in o.items or ():
            s.add(OrderItem(id=uuid.uuid4(), order_id=order.id, sku=it.sku, name=it.name, quantity=it.quantity,
                            unit_price=it.unit_price))
        if o.status not in ("cancelled", "refunded"):
            lifetime += o.total
    if lifetime:
        _get(s, Customer, customer_id).lifetime_value = lifetime
    for past in p.past_inquiries or ():
        when = now - timedelta(days=past.days_ago)
        made = intake.create_ticket(s, None, customer_id=customer_id, subject=past.subject, channel=past.channel,
                                    body=past.body, first_kind="inbound", author_name=p.name, now=when)
        if past.status and past.status != "new":
            tickets.update_ticket(s, made.id, trainee, status=past.status, now=when + timedelta(hours=2))
    if sc.knowledge:
        knowledge.import_articles(s, [
            {"external_id": _sim_id(sc.id, a.id), "title": a.title, "body": a.body, "category": a.category or "",
             "language": sc.language, "tags": []} for a in sc.knowledge])
        s.flush()
        found = {ext: aid for ext, aid in s.execute(select(KnowledgeArticle.external_id, KnowledgeArticle.id).where(
            KnowledgeArticle.external_id.in_([_sim_id(sc.id, a.id) for a in sc.knowledge])))}
        box.articles[sc.id] = {a.id: found[_sim_id(sc.id, a.id)] for a in sc.knowledge}
    if sc.templates:
        box.templates[sc.id] = {}
        for t in sc.templates:
            row = templates.save_template(s, trainee, title=t.title, body=t.body, category=sc.id, language=sc.language,
                                          shortcut="", scope="team", prompts=[], macro={})
            box.templates[sc.id][t.id] = row.id
    made = intake.create_ticket(s, None, customer_id=customer_id, subject=sc.opening.subject or sc.title,
                                channel=sc.channel, body=sc.opening.text, first_kind="inbound", author_name=p.name,
                                now=now)
    tickets.update_ticket(s, made.id, trainee, assignee=trainee.login, now=now)
    box.tickets[sc.id] = made.id


def _seed_customer(s: Session, sc, now: datetime) -> uuid.UUID:
    p = sc.persona
    try:
        made = intake.create_customer(s, None, name=p.name, phone=p.phone or None, email=p.email or None,
                                      language=sc.language, now=now)
    except intake.DuplicateContact:
        # Another scenario of this session has the same contact: this persona goes without it.
        made = intake.create_customer(s, None, name=p.name, language=sc.language, now=now)
    c = _get(s, Customer, made.id)
    c.vip_tier = p.tier or "standard"
    c.segment = p.segment or "retail"
    c.notes = p.notes or ""
    c.created_at = now - timedelta(days=400)
    return made.id


# --- the scenarios a trainee can choose ----------------------------------------------------
def available_scenarios() -> tuple[list[Any], list[str]]:
    """The bundled scenarios and the trainer's (config.data_dir()/"scenarios"), by id; a
    trainer's file that does not load is left out and its one-line reason returned."""
    from agentdesk.simulation import scenario as sim

    found = {s.id: s for s in sim.bundled_scenarios()}
    problems: list[str] = []
    folder = sim.trainer_dir()
    if folder.is_dir():
        for path in sorted([*folder.glob("*.toml"), *folder.glob("*.json")]):
            try:
                sc = sim.load_scenario(path)
            except (sim.ScenarioError, OSError) as exc:
                problems.append(str(exc))
                continue
            found.setdefault(sc.id, sc)
    return [found[k] for k in sorted(found)], problems


@dataclass(frozen=True)
class Assigned:
    """An open assignment of the trainee's (services/training_records.py): an attempt in its
    mode is recorded against it."""

    id: uuid.UUID
    mode: str
    due_at: datetime | None


def trainee_scenarios(session: Session | None, login: str) -> tuple[list[Any], list[str], dict[str, Assigned]]:
    """What a trainee can choose: ``available_scenarios`` and, in a workspace with training
    records (``session`` given), their team's own scenarios and their open assignments
    (scenario id → the newest assignment of it)."""
    scenarios, problems = available_scenarios()
    assigned: dict[str, Assigned] = {}
    if session is None:
        return scenarios, problems, assigned
    try:
        records = importlib.import_module("agentdesk.services.training_records")
    except ModuleNotFoundError as exc:
        if exc.name != "agentdesk.services.training_records":
            raise
        return scenarios, problems, assigned
    from agentdesk.services.common import ServiceError, current_agent

    agent = current_agent(session, login)
    known = {s.id for s in scenarios}
    wanted = [r.key for r in records.list_scenarios(session, agent) if not r.bundled]
    rows = records.list_assignments(session, agent)
    wanted += [r.scenario_key for r in rows]
    for key in dict.fromkeys(wanted):
        if key in known:
            continue
        try:
            scenarios.append(records.find_scenario(session, agent.team_id, key))
            known.add(key)
        except (ServiceError, ValueError) as exc:  # a team scenario this version cannot read
            problems.append(f"{key}: {exc}")
    for r in rows:  # newest first
        if r.scenario_key in known:
            assigned.setdefault(r.scenario_key, Assigned(r.id, r.mode, r.due_at))
    return sorted(scenarios, key=lambda s: (s.id not in assigned, s.id)), problems, assigned


def find_scenarios(refs) -> list[Any]:
    """Scenarios by bundled id, trainer id or file path (simulation.scenario.find_scenario)."""
    from agentdesk.simulation import scenario as sim

    return [sim.find_scenario(ref) for ref in refs]


def _get(s: Session, model, row_id):
    """A row this module just wrote (so it is there)."""
    row = s.get(model, row_id)
    assert row is not None, f"{model.__name__} {row_id} is gone"
    return row


# --- listing and discarding finished sessions ---------------------------------------------
@dataclass(frozen=True)
class SandboxInfo:
    path: Path
    session_id: str
    mode: str
    trainee_login: str
    started_at: datetime
    scenario_ids: tuple[str, ...]
    finished: bool


def list_sandboxes() -> list[SandboxInfo]:
    """The training sessions kept on this machine (newest first): a certification attempt
    can be replayed until the trainee discards it. Read without migrating or writing."""
    out: list[SandboxInfo] = []
    root = training_dir()
    if not root.is_dir():
        return out
    for path in root.glob("*" + SANDBOX_SUFFIX):
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                rows = dict(conn.execute("SELECT key, value FROM workspace_settings WHERE key IN (?, ?)",
                                         (MANIFEST_KEY, RESULT_KEY)).fetchall())
            finally:
                conn.close()
            data = json.loads(rows[MANIFEST_KEY])
        except (sqlite3.Error, KeyError, ValueError):
            continue  # not finished being made, or not ours: left alone
        out.append(SandboxInfo(path, data["session_id"], data["mode"], data["trainee_login"],
                               datetime.fromisoformat(data["started_at"]),
                               tuple(s["id"] for s in data["scenarios"]), RESULT_KEY in rows))
    out.sort(key=lambda i: i.started_at, reverse=True)
    return out


def discard_sandbox(ref: str | Path) -> None:
    """Deletes a sandbox file (and SQLite's files beside it); refuses anything else."""
    path = sandbox_path(ref)
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(f"{path}{suffix}")
        except FileNotFoundError:
            pass


def saved_result(session: Session) -> dict | None:
    raw = get_setting(session, RESULT_KEY)
    return json.loads(raw) if raw else None


# --- the bridge -----------------------------------------------------------------------------
@dataclass(frozen=True)
class StepResult:
    """What one step did, for the window: the actions taken per scenario, the customer's
    new messages, each scenario's mood and whether its session has ended."""

    at: float
    actions: dict[str, list]  # scenario id → [simulation Action]
    messages: dict[str, list]  # scenario id → [CustomerMessage] written into its ticket
    moods: dict[str, str]
    ended: dict[str, bool]
    refused: tuple[str, ...] = ()  # actions the engine did not take (over the replay budget), one line each

    @property
    def wrote(self) -> bool:
        return any(self.messages.values())


@dataclass
class _Seen:
    messages: set[uuid.UUID] = field(default_factory=set)
    audits: set[uuid.UUID] = field(default_factory=set)
    article_uses: set[uuid.UUID] = field(default_factory=set)
    follow_ups: set[uuid.UUID] = field(default_factory=set)
    template_uses: dict[uuid.UUID, int] = field(default_factory=dict)


class TrainingRun:
    """One engine Session per scenario ticket of a sandbox, fed from what the trainee does.

    Call ``step`` (or ``observe`` then ``tick``) with the virtual time from a single thread;
    the engine's outcome does not depend on how often it is called (the engine's determinism
    contract), only on the actions and their virtual times."""

    def __init__(self, sandbox: Sandbox, mode: str | None = None):
        from agentdesk.simulation.engine import Session as SimSession

        self.sandbox = sandbox
        self.mode = mode or sandbox.mode
        mode_ = cast(Literal["practice", "certification"], self.mode)
        self.sessions = {sc.id: SimSession(sc, mode_) for sc in sandbox.scenarios}
        for sim in self.sessions.values():
            sim.start()  # the opening message (t=0) is the ticket's first message already
        self._seen = _Seen()
        self._trainee_id: uuid.UUID | None = None
        self.now = 0.0
        self.scorecards: dict[str, Any] = {}
        self._sim_templates = {tid: sid for sid, m in sandbox.templates.items() for tid in m.values()}
        self._local_template = {tid: local for m in sandbox.templates.values() for local, tid in m.items()}
        self._local_article = {aid: (sid, local) for sid, m in sandbox.articles.items() for local, aid in m.items()}
        self._customer_scenario = {cid: sid for sid, cid in sandbox.customers.items()}
        with sandbox.db.session() as s:
            self._prime(s)

    # -- what the trainee did ------------------------------------------------------------
    def _trainee(self, s: Session) -> uuid.UUID:
        if self._trainee_id is None:
            self._trainee_id = s.scalar(select(Agent.id).where(Agent.login == self.sandbox.trainee_login))
        assert self._trainee_id is not None
        return self._trainee_id

    def _prime(self, s: Session) -> None:
        """What the seeding wrote (the trainee's audit entries for assigning the tickets, the
        past inquiries' status) is not the trainee's work: seen before the session starts."""
        me = self._trainee(s)
        self._seen.audits |= set(s.scalars(select(AuditEntry.id).where(AuditEntry.actor_agent_id == me)))
        self._seen.template_uses = {r.template_id: r.uses for r in
                                    s.scalars(select(TemplateUsage).where(TemplateUsage.agent_id == me))}

    def observe(self, s: Session, now_t: float) -> dict[str, list]:
        """The trainee's new activity since the last call as engine Actions at ``now_t``,
        by scenario, in the order it happened (not yet given to the engine)."""
        from agentdesk.simulation.responses import Action

        me = self._trainee(s)
        tids = list(self.sandbox.tickets.values())
        found: list[tuple[datetime, int, str, Any]] = []  # (when, order, scenario, action)

        def add(when: datetime, sid: str | None, action) -> None:
            if sid is not None and sid in self.sessions:
                found.append((when, len(found), sid, action))

        for m in s.scalars(select(Message).where(Message.ticket_id.in_(tids), Message.author_agent_id == me)
                           .order_by(Message.created_at)):
            if m.id in self._seen.messages:
                continue
            self._seen.messages.add(m.id)
            if m.kind not in ("reply", "note", "call_log"):
                continue  # a system line (a merge) is not something the trainee said
            # On the phone the call log is what the trainee said to the customer.
            do = "note" if m.kind == "note" else "reply"
            add(m.created_at, self.sandbox.ticket_scenario(m.ticket_id), Action(at=now_t, do=do, text=m.body))
        for a in s.scalars(select(AuditEntry).where(AuditEntry.entity_id.in_(tids), AuditEntry.action == "update",
                                                    AuditEntry.actor_agent_id == me).order_by(AuditEntry.at)):
            if a.id in self._seen.audits:
                continue
            self._seen.audits.add(a.id)
            fields = _set_fields(a.changes or {})
            if fields:
                add(a.at, self.sandbox.ticket_scenario(a.entity_id), Action(at=now_t, do="set", fields=fields))
        for u in s.scalars(select(ArticleUse).where(ArticleUse.agent_id == me).order_by(ArticleUse.at)):
            if u.id in self._seen.article_uses:
                continue
            self._seen.article_uses.add(u.id)
            owner = self._local_article.get(u.article_id)
            if owner is None:
                continue  # not one of the scenarios' articles
            sid = self.sandbox.ticket_scenario(u.ticket_id) if u.ticket_id else None
            if sid not in (None, owner[0]):
                continue  # another scenario's article on this ticket: not this customer's answer
            # Inserted into the composer, not sent: the reply the trainee then sends is its own action.
            add(u.at, owner[0], Action(at=now_t, do="article", id=owner[1], sent=False))
        for r in s.scalars(select(TemplateUsage).where(TemplateUsage.agent_id == me)):
            before = self._seen.template_uses.get(r.template_id, 0)
            self._seen.template_uses[r.template_id] = r.uses
            sid = self._sim_templates.get(r.template_id)
            for _ in range(max(0, r.uses - before)):
                add(r.last_used_at or utcnow(), sid, Action(at=now_t, do="template",
                                                            id=self._local_template[r.template_id], sent=False))
        cids = list(self.sandbox.customers.values())
        for f in s.scalars(select(FollowUp).where(FollowUp.agent_id == me, FollowUp.deleted.is_(False),
                                                  (FollowUp.ticket_id.in_(tids)) | (FollowUp.customer_id.in_(cids)))):
            if f.id in self._seen.follow_ups:
                continue
            self._seen.follow_ups.add(f.id)
            sid = (self.sandbox.ticket_scenario(f.ticket_id) if f.ticket_id else None) \
                or (self._customer_scenario.get(f.customer_id) if f.customer_id else None)
            due = max(0.0, (f.due_at - self.sandbox.started_at).total_seconds())
            add(f.updated_at or utcnow(), sid, Action(at=now_t, do="followup", due=due))
        found.sort(key=lambda x: (x[0], x[1]))
        out: dict[str, list] = {}
        for _when, _n, sid, action in found:
            out.setdefault(sid, []).append(action)
        return out

    # -- the customers -----------------------------------------------------------------------
    def step(self, s: Session, now_t: float) -> StepResult:
        """observe + the engine + the customers' due messages written, at virtual time ``now_t``."""
        now_t = max(now_t, self.now)
        from agentdesk.simulation.engine import BudgetExceeded

        actions = self.observe(s, now_t)
        due: dict[str, list] = {}
        refused: list[str] = []
        for sid, acts in actions.items():
            sim = self.sessions[sid]
            for action in acts:
                if sim.ended:
                    break  # ended (by the trainee, or at its time limit): what comes after is not scored
                try:
                    due.setdefault(sid, []).extend(sim.act(action))
                except BudgetExceeded as exc:  # not applied: the record stays one the server can replay
                    refused.append(str(exc).splitlines()[0])
        for sid, sim in self.sessions.items():
            due.setdefault(sid, []).extend(sim.advance(now_t))
            if sim.ended and sid not in self.scorecards:
                self.scorecards[sid] = sim.end(now_t)  # its time limit came
        self.now = now_t
        written = {sid: msgs for sid, msgs in due.items() if msgs}
        for sid, msgs in written.items():
            leaving = {st.id for st in self.sandbox.scenario(sid).script if st.ends}
            for msg in msgs:
                # A goodbye (a step that ends the conversation) after the trainee solved the
                # ticket does not reopen it, as a mail auto-reply would not.
                self._customer_says(s, sid, msg.text, goodbye=msg.step in leaving)
        return StepResult(now_t, actions, written, self.moods(), {sid: sim.ended for sid, sim in self.sessions.items()},
                          tuple(refused))

    def tick(self, s: Session, now_t: float) -> StepResult:
        """Advances the clock (what the trainee did is read too: the engine needs it first)."""
        return self.step(s, now_t)

    def moods(self) -> dict[str, str]:
        return {sid: sim.mood for sid, sim in self.sessions.items()}

    def _customer_says(self, s: Session, scenario_id: str, text: str, goodbye: bool = False) -> None:
        """A customer's message on their ticket, as the channel intake threads one
        (services/channels.py): the message, the ticket's status and SLA by the threading
        rules, the search index and the audit trail."""
        t: Ticket = _get(s, Ticket, self.sandbox.tickets[scenario_id])
        now = utcnow()
        state = rules.TicketState.of(t)
        values, _reopened = mail_threading.inbound_effects(state, auto_submitted=goodbye, now=now)
        persona = self.sandbox.scenario(scenario_id).persona
        s.add(Message(id=uuid.uuid4(), ticket_id=t.id, direction="inbound", kind="reply", channel=t.channel,
                      body=text, author_agent_id=None, author_name=persona.name, created_at=now, updated_at=now,
                      external_id=f"{EXTERNAL_PREFIX}{self.sandbox.session_id}:{uuid.uuid4()}"))
        for name, value in values.items():
            setattr(t, name, value)
        t.message_count = Ticket.message_count + 1
        if "status" in values and values["status"] != state.status:
            from agentdesk.services.common import audit

            audit(s, None, "ticket", t.id, "update", {"status": (state.status, values["status"])}, at=now)
        s.flush()
        seq = s.scalar(select(Ticket.message_count).where(Ticket.id == t.id)) or 0
        tickets.index_ticket_text(s, t.number, seq, text)

    # -- the end ---------------------------------------------------------------------------
    def finish(self, s: Session, now_t: float) -> list[tuple[Any, dict]]:
        """Ends every session; returns (Scorecard, Session.record()) per scenario, in the
        sandbox's order, and keeps them in the sandbox (replay, the trainer's records)."""
        from agentdesk.simulation.engine import BudgetExceeded
        from agentdesk.simulation.responses import Action

        self.step(s, now_t)
        t = max(now_t, self.now)
        for sid, sim in self.sessions.items():
            if not sim.ended:
                try:
                    sim.act(Action(at=t, do="end"))
                except BudgetExceeded:
                    pass  # the record ends at ended_at all the same
            self.scorecards[sid] = sim.end(t)
        out = [(self.scorecards[sc.id], self.sessions[sc.id].record()) for sc in self.sandbox.scenarios]
        set_setting(s, RESULT_KEY, json.dumps({"ended_at": t, "attempts": [
            {"record": rec, "scorecard": card.to_json()} for card, rec in out]}, ensure_ascii=False))
        return out


def _set_fields(changes: dict) -> dict:
    """An audit entry's field changes as the engine's ``set`` fields."""
    fields: dict = {}
    for name in ("status", "priority", "category"):
        if name in changes:
            fields[name] = changes[name][1]
    if "tags" in changes:
        fields["tags"] = str(changes["tags"][1] or "").split()
    return fields
