"""Scripted response templates (issue 3): rendering, the context, prompts, macros,
usage counts, the template library and its import/export. No Qt.

Jinja2's sandboxed environment: a template written by a colleague cannot reach Python
internals. Placeholders with no value are collected and rendered as a visible marker,
so the composer can refuse to send until they are filled: a customer never receives a
raw ``{{ … }}``. A syntax error comes back as a message with its line, never a traceback.
"""

from __future__ import annotations

import dataclasses
import json
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from agentdesk import rules
from agentdesk.catalogue import Phrase
from agentdesk.models import (
    Agent,
    ContactPoint,
    Customer,
    FollowUp,
    Order,
    OrderItem,
    Product,
    Team,
    Template,
    TemplateUsage,
    TicketTag,
    utcnow,
)
from agentdesk.services.common import InvalidValue, NotFound, audit, find_agent, parse_uuid
from agentdesk.services.template_schema import (  # noqa: F401 (the vocabularies: re-exported)
    EXPORT_FORMAT,
    EXPORT_VERSION,
    FOLLOW_UP_KEYS,
    FOLLOW_UP_KINDS,
    MACRO_KEYS,
    PROMPT_TYPES,
    parse_file,
    parse_macro,
    parse_prompts,
)

if TYPE_CHECKING:
    from agentdesk.services.template_budget import BudgetedSandbox, RenderBudget

# Jinja2 and the render budget built on it (template_budget.py) are imported when a
# template is first rendered or checked: this module is on the window's start path (the
# ticket pane's staged changes), and Jinja2 took 35-70 ms of the start-up.

MISSING_MARK = "⟦{name}⟧"  # what a missing placeholder looks like in the preview
SCOPES = ("team", "personal")
SORTS = ("mine", "usage", "title", "updated")

# What a reply must not contain when it is sent: a marker left by a missing value,
# or template syntax that was pasted instead of rendered.
_UNFILLED = re.compile(r"⟦[^⟧\n]*⟧|\{\{|\{%")
# A template is a reply, never a computation: at most this long when stored (the render
# budget, template_budget.py, bounds what it may do).
MAX_BODY_CHARS = 20_000
MAX_LITERAL = 10**18  # no amount, count or width a reply needs is larger


# =============================================================================
# Filters
# =============================================================================
def won(amount) -> str:
    """1234000 → '1,234,000원'."""
    from jinja2 import Undefined

    if isinstance(amount, Undefined):
        return str(amount)  # a missing value stays a visible, recorded marker
    try:
        return f"{int(amount):,}원"
    except (TypeError, ValueError):
        return str(amount)


def kdate(value) -> str:
    """A date as Koreans write it: '2026년 11월 23일' (datetimes in local time)."""
    from jinja2 import Undefined

    if isinstance(value, Undefined):
        return str(value)
    if isinstance(value, datetime):
        value = value.astimezone() if value.tzinfo else value
        value = value.date()
    if isinstance(value, date):
        return f"{value.year}년 {value.month}월 {value.day}일"
    return str(value)


def kdatetime(value) -> str:
    """'2026년 11월 23일 오후 3시 30분' (local time; '오후 3시' on the hour)."""
    from jinja2 import Undefined

    if isinstance(value, Undefined):
        return str(value)
    if not isinstance(value, datetime):
        return kdate(value)
    local = value.astimezone() if value.tzinfo else value
    half = "오전" if local.hour < 12 else "오후"
    hour = local.hour % 12 or 12
    clock = f"{half} {hour}시" + (f" {local.minute}분" if local.minute else "")
    return f"{kdate(local.date())} {clock}"


def krw(amount) -> str:
    """1234000 → '₩1,234,000' (for English replies)."""
    from jinja2 import Undefined

    if isinstance(amount, Undefined):
        return str(amount)
    try:
        return f"₩{int(amount):,}"
    except (TypeError, ValueError):
        return str(amount)


def localtime(value) -> str:
    """'2026-11-23 15:30' in local time (for English replies)."""
    from jinja2 import Undefined

    if isinstance(value, Undefined) or not isinstance(value, datetime):
        return str(value)
    return (value.astimezone() if value.tzinfo else value).strftime("%Y-%m-%d %H:%M")


def unfilled_placeholders(text: str) -> list[str]:
    """Markers of missing values and raw template syntax left in a reply, in order."""
    return _UNFILLED.findall(text or "")


# =============================================================================
# Rendering
# =============================================================================
@dataclass
class RenderResult:
    text: str
    missing: list[str] = field(default_factory=list)  # placeholders without a value, in order
    error: str | None = None  # a syntax or sandbox error, one line with its line number
    over_budget: bool = False  # the error is the render budget's (too large, too slow, too deep)

    @property
    def sendable(self) -> bool:
        return self.error is None and not self.missing


def _recording_undefined(missing: list[str]):
    from jinja2 import Undefined

    class Recording(Undefined):
        """Renders as a marker and remembers its name (``customer.nickname``)."""

        def _name(self) -> str:
            # 'customer.nickname' when the context object names itself (_template_name),
            # else the bare name: Jinja does not tell which variable an object came from.
            owner = getattr(self, "_undefined_obj", None)
            base = self._undefined_name or "?"
            label = getattr(owner, "_template_name", None) if not isinstance(owner, Undefined) else None
            return f"{label}.{base}" if label else base

        def __str__(self) -> str:
            name = self._name()
            if name not in missing:
                missing.append(name)
            return MISSING_MARK.format(name=name)

        def __getattr__(self, attr: str):
            if attr.startswith("__"):
                raise AttributeError(attr)
            # order.number when the ticket has no order: name the whole path
            return type(self)(name=f"{self._name()}.{attr}")

    return Recording


def _environment(undefined, budget: RenderBudget | None = None) -> BudgetedSandbox:
    from agentdesk.services.template_budget import BudgetedSandbox

    filters = {"won": won, "kdate": kdate, "kdatetime": kdatetime, "krw": krw, "localtime": localtime}
    return BudgetedSandbox(undefined=undefined, autoescape=False, keep_trailing_newline=True, budget=budget,
                           filters=filters)


def render(body: str, context: dict, seconds: float | None = None) -> RenderResult:
    """The template filled in, within a budget (template_budget.py): a template that would
    take too long or make too much text comes back as an error, never a hang. ``seconds``:
    the time budget, RENDER_SECONDS unless given."""
    from jinja2 import TemplateError, TemplateSyntaxError
    from jinja2.exceptions import SecurityError

    from agentdesk.services.template_budget import MAX_OUTPUT_CHARS, RENDER_SECONDS, RenderBudget, TemplateTooCostly

    missing: list[str] = []
    env = _environment(_recording_undefined(missing), RenderBudget(RENDER_SECONDS if seconds is None else seconds))
    try:
        parts: list[str] = []
        size = 0
        for chunk in env.from_string(body).generate(**context):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise TemplateTooCostly(code="budget.too_large", what=Phrase("budget.reply", most=f"{MAX_OUTPUT_CHARS:,}"))
            parts.append(chunk)
    except TemplateSyntaxError as exc:
        return RenderResult(text="", error=f"line {exc.lineno}: {exc.message}")
    except TemplateTooCostly as exc:
        return RenderResult(text="", error=str(exc), over_budget=True)
    except SecurityError as exc:
        return RenderResult(text="", error=f"not allowed in a template: {exc}")
    except RecursionError:
        return RenderResult(text="", error="template too deep: it nests too deeply to fill", over_budget=True)
    except MemoryError:
        return RenderResult(text="", error="template too large: it needs more memory than there is", over_budget=True)
    except (TemplateError, AttributeError, TypeError, ValueError, ArithmeticError, LookupError) as exc:
        # A filter given the wrong kind of value (wordwrap on a list …): the template's error.
        return RenderResult(text="", error=f"cannot fill the template: {exc}")
    return RenderResult(text="".join(parts), missing=missing)


def check_syntax(body: str) -> str | None:
    """The first syntax error with its line, or None (for the template editor). Also
    refuses what is costly on its face: a macro or block that calls itself, a huge number,
    a body too long to be a reply (checked first: the editor calls this as the agent types)."""
    if len(body) > MAX_BODY_CHARS:
        return f"the template is too long: {len(body):,} characters (at most {MAX_BODY_CHARS:,})"
    from jinja2 import StrictUndefined, TemplateSyntaxError, nodes

    from agentdesk.services.template_budget import recursion_in

    try:
        tree = _environment(StrictUndefined).parse(body)
    except TemplateSyntaxError as exc:
        return f"line {exc.lineno}: {exc.message}"
    except RecursionError:
        return "the template is nested too deeply"
    except ValueError:  # Python refuses to read an integer of over 4,300 digits
        return "a number in the template is far too long"
    loop = recursion_in(tree)
    if loop is not None:
        return f"line {loop[1]}: {loop[0]} calls itself (templates cannot recurse)"
    for const in tree.find_all(nodes.Const):
        if isinstance(const.value, int) and abs(const.value) > MAX_LITERAL:
            return f"line {const.lineno}: the number {str(const.value)[:12]}… is too large for a template"
    return None


# =============================================================================
# The context a template is rendered with
# =============================================================================
def _ns(_label: str, /, **attrs) -> SimpleNamespace:
    """A plain object that names itself; None values are left out, so they are flagged
    as missing ('customer.email') instead of printing 'None' to a customer."""
    return SimpleNamespace(_template_name=_label, **{k: v for k, v in attrs.items() if v is not None})


def _as_agent(session: Session, agent) -> Agent:
    if isinstance(agent, Agent):
        return agent
    if isinstance(agent, uuid.UUID):
        found = session.get(Agent, agent)
        if found is None:
            raise NotFound(code="agent.not_found", ref=agent)
        return found
    return find_agent(session, str(agent))


def _agent_ns(session: Session, agent: Agent) -> SimpleNamespace:
    team = session.get(Team, agent.team_id) if agent.team_id else None
    return _ns("agent", name=agent.name, login=agent.login, email=agent.email, team=team.name if team else None)


def _product_ns(p: Product, label: str = "product") -> SimpleNamespace:
    return _ns(label, name=p.name, kind=p.kind, account_last4=p.account_last4 or None, status=p.status,
               limit_amount=p.limit_amount, used_amount=p.used_amount, available_amount=p.available_amount,
               available_limit=p.available_amount)


def _item_ns(it: OrderItem, label: str = "item") -> SimpleNamespace:
    return _ns(label, name=it.name, sku=it.sku, quantity=it.quantity, unit_price=it.unit_price,
               price=it.unit_price * it.quantity)


def template_context(session: Session, ticket_ref, agent, values: dict | None = None,
                     now: datetime | None = None) -> dict:
    """Plain objects for a template: customer, ticket, agent, order, product, input, now.

    ``product`` is the customer's most relevant product: the item of the ticket's linked
    order if there is one, else the first active credit card, else the first product.
    ``input`` holds the values the agent gave in the prompts form.
    """
    from agentdesk.services.tickets import resolve_ticket

    agent = _as_agent(session, agent)
    t = resolve_ticket(session, ticket_ref)
    now = now or utcnow()
    tags = list(session.scalars(select(TicketTag.tag).where(TicketTag.ticket_id == t.id, TicketTag.deleted.is_(False))
                                .order_by(TicketTag.tag)))
    ctx: dict = {
        "ticket": _ns("ticket", number=t.number, subject=t.subject, channel=t.channel, status=t.status,
                      priority=t.priority, category=t.category or None, created_at=t.created_at, tags=tags,
                      due_at=t.sla_next_due),
        "agent": _agent_ns(session, agent),
        "input": _ns("input", **(values or {})),
        "now": now,
        "today": now.astimezone().date(),
    }
    c = session.get(Customer, t.customer_id) if t.customer_id else None
    if c is not None and not c.deleted:
        contacts: dict[str, str] = {}
        for cp in session.scalars(select(ContactPoint).where(ContactPoint.customer_id == c.id, ContactPoint.deleted.is_(False))
                                  .order_by(ContactPoint.is_primary.desc(), ContactPoint.value)):
            contacts.setdefault(cp.kind, cp.value)
        ctx["customer"] = _ns("customer", name=c.name, language=c.language, vip_tier=c.vip_tier, segment=c.segment,
                              phone=contacts.get("phone"), email=contacts.get("email"), lifetime_value=c.lifetime_value)
    products = list(session.scalars(select(Product).where(Product.customer_id == t.customer_id, Product.deleted.is_(False))
                                    .order_by(Product.opened_at, Product.name))) if t.customer_id else []
    order = session.get(Order, t.order_id) if t.order_id else None
    if order is not None and not order.deleted:
        items = list(session.scalars(select(OrderItem).where(OrderItem.order_id == order.id, OrderItem.deleted.is_(False))
                                     .order_by(OrderItem.name)))
        first = items[0].name if items else None
        summary = f"{first} 외 {len(items) - 1}건" if len(items) > 1 else first
        ctx["order"] = _ns("order", number=order.number, status=order.status, total=order.total, ordered_at=order.ordered_at,
                           items=[_item_ns(it) for it in items], item_name=summary)
        if items:
            ctx["product"] = _item_ns(items[0], "product")
    cards = [p for p in products if p.kind in ("credit_card", "check_card") and p.status == "active"]
    credit = [p for p in cards if p.kind == "credit_card"]
    if "product" not in ctx and (credit or products):
        ctx["product"] = _product_ns((credit or products)[0])
    if cards:
        ctx["card"] = _product_ns((credit or cards)[0], "card")
    return ctx


def sample_context(agent_name: str = "김민지", values: dict | None = None, now: datetime | None = None) -> dict:
    """Made-up values for the editor's preview when no ticket is open (no database)."""
    now = now or utcnow()
    item = _ns("product", name="무선 이어폰", sku="SKU-1", quantity=1, unit_price=89_000, price=89_000)
    return {
        "customer": _ns("customer", name="홍길동", language="ko", vip_tier="gold", segment="retail",
                        phone="010-1234-5678", email="gildong@example.com", lifetime_value=1_250_000),
        "ticket": _ns("ticket", number=1042, subject="배송 지연 문의", channel="chat", status="open",
                      priority="normal", category="배송", created_at=now, tags=["배송"], due_at=now + timedelta(hours=4)),
        "agent": _ns("agent", name=agent_name, login="agent", team="카드상담팀"),
        "order": _ns("order", number="ORD-2026-0000123", status="shipped", total=89_000, ordered_at=now - timedelta(days=3),
                     items=[item], item_name="무선 이어폰"),
        "product": item,
        "card": _ns("card", name="플래티넘 카드", kind="credit_card", account_last4="1234", status="active",
                    limit_amount=5_000_000, used_amount=1_200_000, available_amount=3_800_000, available_limit=3_800_000),
        "input": _ns("input", **(values or {})),
        "now": now,
        "today": now.astimezone().date(),
    }


# =============================================================================
# Prompts: values asked of the agent on insert
# =============================================================================
def validate_prompts(prompts) -> list[dict]:
    """The prompts in their stored shape; InvalidValue names the first problem
    (template_schema.Prompt)."""
    if prompts in (None, ""):
        return []
    return parse_prompts(prompts)


def _parse_amount(raw) -> int:
    if isinstance(raw, bool):
        raise ValueError
    if isinstance(raw, (int, float)):
        value = int(raw)
    else:
        s = str(raw).strip().replace(",", "").replace("원", "").replace("₩", "").replace(" ", "")
        value = int(s)
    if value < 0:
        raise ValueError
    return value


def _parse_date(raw) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    s = re.sub(r"[./]", "-", str(raw).strip())
    if re.fullmatch(r"\d{8}", s):
        s = f"{s[:4]}-{s[4:6]}-{s[6:]}"
    return date.fromisoformat(s)


def _parse_datetime(raw) -> datetime:
    if isinstance(raw, datetime):
        value = raw
    else:
        value = datetime.fromisoformat(re.sub(r"[./]", "-", str(raw).strip()))
    # Typed without a zone: the agent's local time.
    return value if value.tzinfo else value.astimezone()


_PARSERS: dict[str, Callable[[Any], Any]] = {"amount": _parse_amount, "date": _parse_date, "datetime": _parse_datetime}
_EXPECTED = {"amount": "template.expect_amount", "date": "template.expect_date", "datetime": "template.expect_datetime"}


def coerce_values(prompts: list[dict], raw: dict | None) -> dict:
    """The agent's answers typed: amounts int, dates date, datetimes aware datetime.

    An empty optional answer is left out (the placeholder is then flagged as missing);
    an empty required one, or one that does not parse, raises InvalidValue."""
    raw = raw or {}
    out = {}
    for p in validate_prompts(prompts):
        name, kind, value = p["name"], p["type"], raw.get(p["name"])
        if value is None or (isinstance(value, str) and not value.strip()):
            if p["required"]:
                raise InvalidValue(code="template.prompt_required", label=p["label"])
            continue
        if kind == "text":
            out[name] = str(value).strip()
        elif kind == "choice":
            if value not in p["choices"]:
                raise InvalidValue(code="template.prompt_choose", label=p["label"], choices=", ".join(p["choices"]))
            out[name] = value
        else:
            try:
                out[name] = _PARSERS[kind](value)
            except (ValueError, TypeError):
                raise InvalidValue(code="template.prompt_expected", label=p["label"], expected=Phrase(_EXPECTED[kind]),
                                   value=value) from None
    return out


# =============================================================================
# Macros: what applying a template also changes on the ticket
# =============================================================================
def validate_macro(macro, prompts: list[dict] | None = None, session: Session | None = None) -> dict:
    """The macro in its stored shape; InvalidValue names the first problem (template_schema.Macro).

    Given a session, an assignee login is checked to exist; given the prompts, a
    follow-up's at_prompt must name one of their date or datetime prompts."""
    if macro in (None, ""):
        return {}
    out = parse_macro(macro, prompts)
    who = out.get("assignee")
    if session is not None and who not in (None, "me", "none"):
        try:
            find_agent(session, who)
        except NotFound:
            raise InvalidValue(code="macro.no_assignee", login=who) from None
    return out


@dataclass(frozen=True)
class MacroChange:
    """One thing a macro changes: field ('status', 'priority', 'assignee', 'tags',
    'follow_up'), old and new as text; for a follow-up, when it is due."""

    field: str
    old: str | None
    new: str | None
    due_at: datetime | None = None
    row_id: uuid.UUID | None = dataclasses.field(default=None, compare=False)  # the follow-up created, once applied

    def __str__(self) -> str:
        return f"{self.field}: {self.old or '-'} → {self.new or '-'}"


def _follow_up_due(session: Session, fu: dict, values: dict, now: datetime) -> datetime:
    from agentdesk.services import followups

    at = values.get(fu.get("at_prompt")) if fu.get("at_prompt") else None
    if isinstance(at, datetime):
        return at if at.tzinfo else at.astimezone()
    if isinstance(at, date):
        # A date alone: 09:00 local that day, the start of the working day.
        return datetime.combine(at, time(9, 0)).astimezone()
    if "in_hours" in fu or "in_days" in fu:
        # "In 1 day" made at 02:02 is due when someone is at the desk, not at 02:02.
        return followups.next_working_time(now + timedelta(hours=fu.get("in_hours", 0), days=fu.get("in_days", 0)),
                                           followups.working_hours(session))
    raise InvalidValue(code="macro.follow_up_needs_date", title=fu["title"], prompt=fu.get("at_prompt"))


def _follow_up_title(session, fu: dict, ticket_ref, agent, values, now) -> str:
    if "{" not in fu["title"]:
        return fu["title"]
    result = render(fu["title"], template_context(session, ticket_ref, agent, values, now))
    if result.error:
        raise InvalidValue(code="macro.follow_up_title_unfilled", detail=result.error)
    return result.text.strip()[:200]


def preview_macro(session: Session, ticket_ref, agent, macro: dict, values: dict | None = None,
                  now: datetime | None = None) -> list[MacroChange]:
    """Exactly what apply_macro would change on the ticket now, without changing it."""
    from agentdesk.services.tickets import resolve_ticket

    agent = _as_agent(session, agent)
    macro = validate_macro(macro)
    values = values or {}
    now = now or utcnow()
    t = resolve_ticket(session, ticket_ref)
    out: list[MacroChange] = []
    if macro.get("status") and macro["status"] != t.status:
        out.append(MacroChange("status", t.status, macro["status"]))
    if macro.get("priority") and macro["priority"] != t.priority:
        out.append(MacroChange("priority", t.priority, macro["priority"]))
    if macro.get("assignee"):
        who = macro["assignee"]
        new = None if who == "none" else (agent if who == "me" else find_agent(session, who))
        if (new.id if new else None) != t.assignee_id:
            previous = session.get(Agent, t.assignee_id) if t.assignee_id else None
            old = previous.login if previous else None
            out.append(MacroChange("assignee", old, new.login if new else None))
    # The same normalisation as tickets.update_ticket, so the preview is what happens.
    current = set(session.scalars(select(TicketTag.tag).where(TicketTag.ticket_id == t.id, TicketTag.deleted.is_(False))))
    tags = set(current)
    # The same spelling update_ticket applies (agentdesk/rules.py), or the preview would
    # promise a removal the macro does not make.
    tags |= {rules.normalize_tag(tag) for tag in macro.get("add_tags", ()) if rules.normalize_tag(tag)}
    tags -= {rules.normalize_tag(tag) for tag in macro.get("remove_tags", ())}
    if tags != current:
        out.append(MacroChange("tags", " ".join(sorted(current)), " ".join(sorted(tags))))
    fu = macro.get("follow_up")
    if fu:
        due = _follow_up_due(session, fu, values, now)
        out.append(MacroChange("follow_up", None, _follow_up_title(session, fu, t.id, agent, values, now), due_at=due))
    return out


def _as_text(change: tuple) -> tuple[str | None, str | None]:
    old, new = change
    return (None if old is None else str(old)), (None if new is None else str(new))


def apply_macro(session: Session, ticket_ref, agent, macro: dict, now: datetime | None = None,
                values: dict | None = None) -> list[MacroChange]:
    """Sets the ticket's fields through tickets.update_ticket and schedules the follow-up;
    returns what changed (the same shape as preview_macro)."""
    from agentdesk.services import tickets

    agent = _as_agent(session, agent)
    macro = validate_macro(macro, session=session)
    values = values or {}
    now = now or utcnow()
    t = tickets.resolve_ticket(session, ticket_ref)
    who = macro.get("assignee")
    changes = tickets.update_ticket(
        session, t.id, agent, status=macro.get("status"), priority=macro.get("priority"),
        assignee=agent.login if who == "me" else who,
        add_tags=macro.get("add_tags", []), remove_tags=macro.get("remove_tags", []), now=now,
    )
    order = ("status", "priority", "assignee", "tags")
    out = [MacroChange(k, *_as_text(changes[k])) for k in order if k in changes]
    fu = macro.get("follow_up")
    if fu:
        out.append(_create_follow_up(session, agent, t, fu, values, now))
    return out


def _create_follow_up(session: Session, agent: Agent, t, fu: dict, values: dict, now: datetime) -> MacroChange:
    """The macro's follow-up for ticket t, scheduled and audited; its MacroChange."""
    due = _follow_up_due(session, fu, values, now)
    title = _follow_up_title(session, fu, t.id, agent, values, now)
    row = FollowUp(agent_id=agent.id, ticket_id=t.id, customer_id=t.customer_id, title=title,
                   notes=fu.get("notes", ""), kind=fu.get("kind", "follow_up"), due_at=due, status="open")
    session.add(row)
    session.flush()
    audit(session, agent, "follow_up", row.id, "create",
          {"title": (None, title), "due_at": (None, due.isoformat()), "ticket": (None, t.number)})
    return MacroChange("follow_up", None, title, due_at=due, row_id=row.id)


# =============================================================================
# Staged changes: what a macro (or "Send and set status") changes when the reply is sent
# =============================================================================
def _tag_set(tags) -> frozenset[str]:
    return frozenset(rules.normalize_tag(tag) for tag in tags if rules.normalize_tag(tag))


@dataclass(frozen=True)
class StagedChanges:
    """Field changes waiting in the composer for the reply they go with (Zendesk's
    behaviour): nothing is written when a macro is inserted; send_with_changes writes them
    with the reply, and discarding the draft drops them. Plain data, held by the view."""

    status: str | None = None
    priority: str | None = None
    assignee: str | None = None  # a login, 'me' or 'none'
    add_tags: frozenset[str] = frozenset()
    remove_tags: frozenset[str] = frozenset()
    follow_ups: tuple[tuple[dict, dict], ...] = ()  # (the macro's follow_up, the typed prompt values)

    def with_macro(self, macro: dict, values: dict | None = None) -> StagedChanges:
        """These changes, then the macro's: a later macro's fields win; tags combine in order."""
        macro = validate_macro(macro)
        staged = self.with_fields(status=macro.get("status"), priority=macro.get("priority"),
                                  assignee=macro.get("assignee"))
        staged = staged.with_tags(add=macro.get("add_tags", ()), remove=macro.get("remove_tags", ()))
        if macro.get("follow_up"):
            staged = dataclasses.replace(staged, follow_ups=(*staged.follow_ups, (macro["follow_up"], dict(values or {}))))
        return staged

    def with_fields(self, *, status: str | None = None, priority: str | None = None,
                    assignee: str | None = None) -> StagedChanges:
        """Fields given (not None) replace what is staged for them."""
        return dataclasses.replace(self, status=status or self.status, priority=priority or self.priority,
                                   assignee=assignee or self.assignee)

    def with_tags(self, *, add=(), remove=()) -> StagedChanges:
        adding, removing = _tag_set(add), _tag_set(remove)
        return dataclasses.replace(self, add_tags=(self.add_tags - removing) | adding,
                                   remove_tags=(self.remove_tags - adding) | removing)

    def tags_after(self, current) -> list[str]:
        """The ticket's tags once these changes are written."""
        return sorted((_tag_set(current) | self.add_tags) - self.remove_tags)

    @property
    def empty(self) -> bool:
        return not (self.status or self.priority or self.assignee or self.add_tags or self.remove_tags
                    or self.follow_ups)

    def as_json(self) -> dict:
        """Plain JSON, kept with the draft (drafts.save_draft) so a restart keeps the changes."""
        return {"status": self.status, "priority": self.priority, "assignee": self.assignee,
                "add_tags": sorted(self.add_tags), "remove_tags": sorted(self.remove_tags),
                "follow_ups": [{"follow_up": fu, "values": {k: _value_as_json(v) for k, v in values.items()}}
                               for fu, values in self.follow_ups]}

    @classmethod
    def from_json(cls, data) -> StagedChanges | None:
        """The changes as_json wrote, checked again as a macro is (a draft row is only a
        file on disk); None for anything else, so a damaged row drops the changes, not the text."""
        try:
            if not isinstance(data, dict):
                raise InvalidValue(code="template.staged_not_object")
            macro: dict = {k: data[k] for k in ("status", "priority", "assignee") if data.get(k)}
            macro.update(add_tags=list(data.get("add_tags") or []), remove_tags=list(data.get("remove_tags") or []))
            staged = cls().with_macro({k: v for k, v in macro.items() if v})
            for item in data.get("follow_ups") or []:
                values = {str(k): _value_from_json(v) for k, v in dict(item.get("values") or {}).items()}
                staged = staged.with_macro({"follow_up": item["follow_up"]}, values)
        except (InvalidValue, TypeError, ValueError, KeyError, AttributeError):
            return None
        return None if staged.empty else staged


def _value_as_json(value):
    """A typed prompt answer (coerce_values) as JSON: dates and datetimes tagged."""
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    return value


def _value_from_json(value):
    if isinstance(value, dict) and "datetime" in value:
        return datetime.fromisoformat(value["datetime"])
    if isinstance(value, dict) and "date" in value:
        return date.fromisoformat(value["date"])
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise ValueError("not a prompt answer")


@dataclass(frozen=True)
class SentWithChanges:
    message: Any  # tickets.MessageRow
    changes: list[MacroChange]  # what changed with it (the same shape as apply_macro's)


def send_with_changes(session: Session, ticket_ref, agent, body: str, kind: str = "reply",
                      staged: StagedChanges | None = None, now: datetime | None = None,
                      attachments: Sequence = ()) -> SentWithChanges:
    """The reply (or note) and the changes staged with it, in the caller's one transaction:
    the message with its files (``attachments``: see tickets.add_message), the fields and
    tags (one update, one audit entry, through update_ticket and so agentdesk/rules.py), and
    the follow-ups. If any part is refused, nothing is written."""
    from agentdesk.services import tickets

    agent = _as_agent(session, agent)
    now = now or utcnow()
    t = tickets.resolve_ticket(session, ticket_ref)
    message = tickets.add_message(session, t.id, agent, body, kind=kind, now=now, attachments=attachments)
    out: list[MacroChange] = []
    if staged is not None and not staged.empty:
        if staged.assignee not in (None, "me", "none"):
            validate_macro({"assignee": staged.assignee}, session=session)  # the agent still exists
        assignee = agent.login if staged.assignee == "me" else staged.assignee
        changes = tickets.update_ticket(
            session, t.id, agent, status=staged.status, priority=staged.priority, assignee=assignee,
            add_tags=sorted(staged.add_tags), remove_tags=sorted(staged.remove_tags), now=now)
        out = [MacroChange(k, *_as_text(changes[k])) for k in ("status", "priority", "assignee", "tags") if k in changes]
        for fu, values in staged.follow_ups:
            out.append(_create_follow_up(session, agent, t, fu, values, now))
    return SentWithChanges(message, out)


# =============================================================================
# The template library
# =============================================================================
@dataclass(frozen=True)
class TemplateRow:
    id: uuid.UUID
    title: str
    body: str
    category: str
    language: str
    shortcut: str
    scope: str
    owner_agent_id: uuid.UUID | None
    team_id: uuid.UUID | None
    prompts: list
    macro: dict
    usage_count: int  # everyone's uses
    my_uses: int  # this agent's uses
    updated_at: datetime | None
    mine: bool  # a personal template of this agent


def _visible(agent: Agent):
    return (Template.deleted.is_(False),
            or_(Template.scope != "personal", Template.owner_agent_id == agent.id))


def _row(t: Template, my_uses: int, agent: Agent) -> TemplateRow:
    return TemplateRow(
        id=t.id, title=t.title, body=t.body, category=t.category or "", language=t.language or "",
        shortcut=t.shortcut or "", scope=t.scope, owner_agent_id=t.owner_agent_id, team_id=t.team_id,
        prompts=list(t.prompts or []), macro=dict(t.macro or {}), usage_count=t.usage_count or 0,
        my_uses=my_uses or 0, updated_at=t.updated_at, mine=t.scope == "personal" and t.owner_agent_id == agent.id,
    )


def list_templates(session: Session, agent, *, search: str = "", category: str | None = None,
                   language: str | None = None, sort: str = "mine") -> list[TemplateRow]:
    """Templates this agent may use: team ones and their own personal ones.

    Sorts: 'mine' (default: most used by me, then personal before team, then most used
    by everyone), 'usage' (everyone), 'title', 'updated' (newest first)."""
    agent = _as_agent(session, agent)
    if sort not in SORTS:
        raise InvalidValue(code="template.unknown_sort", sort=sort, allowed=", ".join(SORTS))
    mine = (select(TemplateUsage.template_id, TemplateUsage.uses)
            .where(TemplateUsage.agent_id == agent.id, TemplateUsage.deleted.is_(False)).subquery())
    stmt = select(Template, mine.c.uses).outerjoin(mine, mine.c.template_id == Template.id).where(*_visible(agent))
    if category:
        stmt = stmt.where(Template.category == category)
    if language:
        stmt = stmt.where(Template.language == language)
    for term in search.split():
        pat = "%" + term.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(or_(*(func.lower(col).like(pat, escape="\\")
                                for col in (Template.title, Template.body, Template.shortcut, Template.category))))
    uses = func.coalesce(mine.c.uses, 0)
    personal_first = (Template.scope == "personal").desc()
    stmt = stmt.order_by(*{
        "mine": (uses.desc(), personal_first, Template.usage_count.desc(), Template.title),
        "usage": (Template.usage_count.desc(), Template.title),
        "title": (Template.title, Template.language),
        "updated": (Template.updated_at.desc(), Template.title),
    }[sort], Template.id)
    return [_row(t, uses_, agent) for t, uses_ in session.execute(stmt)]


def template_facets(session: Session, agent) -> tuple[list[str], list[str]]:
    """(categories, languages) among the templates this agent sees, for the filters."""
    agent = _as_agent(session, agent)
    cats = session.scalars(select(Template.category).where(*_visible(agent), Template.category != "").distinct())
    langs = session.scalars(select(Template.language).where(*_visible(agent)).distinct())
    return sorted(set(cats)), sorted(set(langs))


def _load(session: Session, template_id, agent: Agent) -> Template:
    u = template_id if isinstance(template_id, uuid.UUID) else parse_uuid(str(template_id))
    t = session.get(Template, u) if u else None
    if t is None or t.deleted or (t.scope == "personal" and t.owner_agent_id != agent.id):
        raise NotFound(code="template.not_found", ref=template_id)
    return t


def get_template(session: Session, template_id, agent) -> TemplateRow:
    agent = _as_agent(session, agent)
    t = _load(session, template_id, agent)
    uses = session.scalar(select(TemplateUsage.uses).where(TemplateUsage.agent_id == agent.id,
                                                           TemplateUsage.template_id == t.id))
    return _row(t, uses or 0, agent)


def find_by_shortcut(session: Session, agent, word: str) -> TemplateRow | None:
    """The template whose shortcut is exactly this word (case-insensitive); the agent's
    own personal template wins over a team one with the same shortcut."""
    word = (word or "").strip().lower()
    if not word:
        return None
    matches = [r for r in list_templates(session, agent) if r.shortcut and r.shortcut.lower() == word]
    return next((r for r in matches if r.mine), matches[0] if matches else None)


def shortcut_map(session: Session, agent) -> dict[str, uuid.UUID]:
    """{lower-cased shortcut: template id} for the composer's Tab expansion."""
    out: dict[str, uuid.UUID] = {}
    rows = list_templates(session, agent)
    for row in sorted(rows, key=lambda r: not r.mine):  # the agent's own shortcut wins
        if row.shortcut:
            out.setdefault(row.shortcut.lower(), row.id)
    return out


def _check_shortcut(shortcut: str) -> str:
    shortcut = (shortcut or "").strip()
    if shortcut and (len(shortcut) > 32 or any(ch.isspace() for ch in shortcut)):
        raise InvalidValue(code="template.shortcut_word", shortcut=shortcut, most=32)
    return shortcut


def _shortcut_taken(session: Session, shortcut: str, scope: str, owner_id, exclude_id) -> Template | None:
    """Another template that the same agents would reach with this shortcut."""
    if not shortcut:
        return None
    stmt = select(Template).where(Template.deleted.is_(False), func.lower(Template.shortcut) == shortcut.lower())
    if exclude_id is not None:
        stmt = stmt.where(Template.id != exclude_id)
    if scope == "personal":
        # A personal shortcut may not hide a team one, nor repeat one of the owner's own.
        stmt = stmt.where(or_(Template.scope != "personal", Template.owner_agent_id == owner_id))
    for other in session.scalars(stmt):
        # A team shortcut may repeat someone's personal one: theirs wins for them.
        if not (scope == "team" and other.scope == "personal"):
            return other
    return None


def _check_follow_up_title(macro: dict) -> None:
    """A follow-up's title is a template too, filled when the macro is applied on the
    write worker: held to the same static checks and dry run as the body."""
    title = macro.get("follow_up", {}).get("title", "")
    if "{" not in title:
        return
    if len(title) > 1000:
        raise InvalidValue(code="macro.follow_up_title_long", most="1,000")
    error = check_syntax(title) or _dry_run(title)
    if error:
        raise InvalidValue(code="macro.follow_up_title_error", detail=error)


def _dry_run(body: str) -> str | None:
    """The budget error of a render with the sample values, if any: a template that is
    too large or too slow with them is refused when it is saved or imported, not found
    out at every preview. (Other render errors depend on the ticket and are allowed.)"""
    result = render(body, sample_context())
    return result.error if result.over_budget else None


def _validated(fields: dict, session: Session | None = None) -> dict:
    """Every field of a template checked and normalised, or InvalidValue naming it."""
    title = str(fields.get("title") or "").strip()
    if not title:
        raise InvalidValue(code="template.title_empty")
    body = str(fields.get("body") or "")
    if not body.strip():
        raise InvalidValue(code="template.body_empty", title=title)
    if len(body) > MAX_BODY_CHARS:
        raise InvalidValue(code="template.body_too_long", title=title, size=f"{len(body):,}", most=f"{MAX_BODY_CHARS:,}")
    error = check_syntax(body) or _dry_run(body)
    if error:
        raise InvalidValue(code="template.in_template", title=title, error=error)
    scope = fields.get("scope") or "team"
    if scope not in SCOPES:
        raise InvalidValue(code="template.invalid_scope", title=title, scope=scope)
    language = str(fields.get("language") or "ko").strip().lower()
    if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{2,4})?", language):
        raise InvalidValue(code="template.invalid_language", title=title, language=language)
    try:
        prompts = validate_prompts(fields.get("prompts"))
        macro = validate_macro(fields.get("macro"), prompts, session)
        _check_follow_up_title(macro)
        shortcut = _check_shortcut(fields.get("shortcut", ""))
    except InvalidValue as exc:
        raise InvalidValue(code="template.in_template", title=title, error=exc) from None
    return {"title": title[:200], "body": body, "category": str(fields.get("category") or "").strip()[:64],
            "language": language, "shortcut": shortcut, "scope": scope, "prompts": prompts, "macro": macro}


def check_template(fields: dict) -> dict:
    """Every field of a template checked as on save, without the database (no assignee
    lookup): for a caller that stores templates itself, such as the team server."""
    return _validated(fields)


def _store(session: Session, agent: Agent, t: Template | None, clean: dict, new_id=None) -> Template:
    taken = _shortcut_taken(session, clean["shortcut"], clean["scope"], agent.id, t.id if t else None)
    if taken is not None:
        raise InvalidValue(code="template.shortcut_taken", title=clean["title"], shortcut=clean["shortcut"],
                           other=taken.title)
    created = t is None
    if t is None:
        t = Template(id=new_id or uuid.uuid4(), usage_count=0)
        session.add(t)
    before = {k: getattr(t, k) for k in clean} if not created else {}
    for k, v in clean.items():
        setattr(t, k, v)
    if clean["scope"] == "personal":
        t.owner_agent_id, t.team_id = agent.id, None
    else:
        t.owner_agent_id = None
        t.team_id = t.team_id or agent.team_id
    t.updated_at = utcnow()
    session.flush()
    changed = {k: (None if created else before[k], v) for k, v in clean.items() if created or before[k] != v}
    if changed:
        audit(session, agent, "template", t.id, "create" if created else "update", changed)
    return t


def save_template(session: Session, agent, *, template_id=None, **fields) -> TemplateRow:
    """Creates (no template_id) or updates a template; validates the body's syntax, the
    prompts, the macro and that the shortcut is free. Personal templates belong to the
    agent who saves them."""
    agent = _as_agent(session, agent)
    t = _load(session, template_id, agent) if template_id else None
    if t is not None:
        current = {k: getattr(t, k) for k in ("title", "body", "category", "language", "shortcut", "scope", "prompts", "macro")}
        fields = {**current, **fields}
    t = _store(session, agent, t, _validated(fields, session))
    return get_template(session, t.id, agent)


def delete_template(session: Session, agent, template_id) -> None:
    """Soft-delete: the row stays (usage history, sync), marked deleted."""
    agent = _as_agent(session, agent)
    t = _load(session, template_id, agent)
    t.deleted = True
    t.updated_at = utcnow()
    audit(session, agent, "template", t.id, "delete", {"deleted": (False, True)})


def record_use(session: Session, template_id, agent, now: datetime | None = None) -> int:
    """Counts one use by this agent (and one overall); returns the agent's count."""
    agent = _as_agent(session, agent)
    t = _load(session, template_id, agent)
    now = now or utcnow()
    # Incremented in SQL: two agents using the same template do not lose a count.
    session.execute(update(Template).where(Template.id == t.id)
                    .values(usage_count=Template.usage_count + 1).execution_options(synchronize_session=False))
    u = session.scalar(select(TemplateUsage).where(TemplateUsage.agent_id == agent.id, TemplateUsage.template_id == t.id))
    if u is None:
        u = TemplateUsage(agent_id=agent.id, template_id=t.id, uses=0)
        session.add(u)
    u.uses = (u.uses or 0) + 1
    u.last_used_at = now
    u.updated_at = now
    session.flush()
    session.expire(t, ["usage_count"])
    return u.uses


# =============================================================================
# Rendering for a ticket (what the composer inserts)
# =============================================================================
@dataclass(frozen=True)
class RenderedTemplate:
    template: TemplateRow
    result: RenderResult
    changes: list[MacroChange]  # what the macro would change now (empty without one)


def render_for_ticket(session: Session, template_id, ticket_ref, agent, values: dict | None = None,
                      now: datetime | None = None) -> RenderedTemplate:
    """The template filled in for the ticket with the agent's answers, and its macro's preview."""
    agent = _as_agent(session, agent)
    row = get_template(session, template_id, agent)
    typed = coerce_values(row.prompts, values)
    result = render(row.body, template_context(session, ticket_ref, agent, typed, now))
    changes = preview_macro(session, ticket_ref, agent, row.macro, typed, now) if row.macro else []
    return RenderedTemplate(row, result, changes)


def use_template(session: Session, template_id, ticket_ref, agent, values: dict | None = None,
                 apply: bool = True, now: datetime | None = None) -> list[MacroChange]:
    """After the text went into the composer: applies the macro (unless apply is False)
    and counts the use, in one transaction."""
    agent = _as_agent(session, agent)
    row = get_template(session, template_id, agent)
    typed = coerce_values(row.prompts, values)
    changes = apply_macro(session, ticket_ref, agent, row.macro, now, typed) if (apply and row.macro) else []
    record_use(session, row.id, agent, now)
    return changes


# =============================================================================
# Sharing libraries between teams: export / import
# =============================================================================
_EXPORT_FIELDS = ("title", "body", "category", "language", "shortcut", "scope", "prompts", "macro")


def export_templates(session: Session, agent, include_personal: bool = False) -> dict:
    """Team templates (and the agent's personal ones if asked) as a portable document."""
    agent = _as_agent(session, agent)
    out = []
    for row in list_templates(session, agent, sort="title"):
        if row.scope == "personal" and not include_personal:
            continue
        item = {"id": str(row.id), **{k: getattr(row, k) for k in _EXPORT_FIELDS}}
        out.append(item)
    return {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "exported_at": utcnow().isoformat(),
            "templates": out}


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    titles: list[str]


def import_templates(session: Session, agent, data) -> ImportResult:
    """Upserts every template of an exported document, by id when it names one that
    exists, else by (title, language) and scope. All or nothing: the first broken
    template (syntax error, invalid macro, taken shortcut …) raises InvalidValue naming
    it, and the caller's transaction rolls back."""
    agent = _as_agent(session, agent)
    items = parse_file(data)
    cleaned = []
    for n, item in enumerate(items, 1):
        try:
            cleaned.append((item.get("id"), _validated(item, session)))
        except InvalidValue as exc:
            raise InvalidValue(code="template.in_file", index=n, error=exc) from None
    created = updated = 0
    for raw_id, clean in cleaned:
        existing = None
        u = parse_uuid(raw_id) if raw_id else None
        if u is not None:
            existing = session.get(Template, u)
            if existing is not None and existing.scope == "personal" and existing.owner_agent_id != agent.id:
                raise InvalidValue(code="template.id_of_another", title=clean["title"])
        if existing is None:
            stmt = select(Template).where(Template.deleted.is_(False), Template.title == clean["title"],
                                          Template.language == clean["language"], Template.scope == clean["scope"])
            if clean["scope"] == "personal":
                stmt = stmt.where(Template.owner_agent_id == agent.id)
            existing = session.scalars(stmt.order_by(Template.updated_at.desc()).limit(1)).first()
        if existing is None:
            # Keeps the file's id, so importing the same file again updates in place.
            _store(session, agent, None, clean, new_id=u)
            created += 1
        else:
            existing.deleted = False
            _store(session, agent, existing, clean)
            updated += 1
    return ImportResult(created, updated, [c["title"] for _, c in cleaned])


MAX_FILE_BYTES = 20 * 1024 * 1024  # a library of a thousand long templates is about 5 MB


def load_export_file(path) -> dict:
    """Reads an export file; a file that is not JSON, too big or nested too deeply is one
    clear line, not a traceback."""
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InvalidValue(code="file.not_found", path=path) from None
    except OSError as exc:
        raise InvalidValue(code="file.unreadable", path=path, reason=exc.strerror) from None
    if len(raw) > MAX_FILE_BYTES:
        raise InvalidValue(code="template.file_too_big", path=path, most=MAX_FILE_BYTES // (1024 * 1024))
    try:
        return json.loads(raw.decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidValue(code="template.file_not_json", path=path, detail=str(exc)) from None
    except RecursionError:  # [[[[…]]]] thousands deep: json recurses once per level
        raise InvalidValue(code="template.file_too_deep", path=path) from None


__all__ = [
    "MISSING_MARK", "RenderResult", "render", "check_syntax", "won", "kdate", "kdatetime", "unfilled_placeholders",
    "template_context", "sample_context", "validate_prompts", "coerce_values", "validate_macro", "MacroChange",
    "preview_macro", "apply_macro", "TemplateRow", "list_templates", "template_facets", "get_template",
    "find_by_shortcut", "shortcut_map", "save_template", "delete_template", "record_use", "RenderedTemplate",
    "render_for_ticket", "use_template", "export_templates", "import_templates", "ImportResult", "load_export_file",
    "krw", "localtime", "check_template", "MAX_BODY_CHARS", "StagedChanges", "SentWithChanges", "send_with_changes",
]
