"""Display formatting shared by every view: money, local times, translated vocabulary."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

# Marked where defined, translated where shown (context "vocab").
_VOCAB = {
    # channels
    "email": QT_TRANSLATE_NOOP("vocab", "Email"), "chat": QT_TRANSLATE_NOOP("vocab", "Chat"),
    "phone": QT_TRANSLATE_NOOP("vocab", "Phone"), "sms": QT_TRANSLATE_NOOP("vocab", "SMS"),
    "social": QT_TRANSLATE_NOOP("vocab", "Social"), "web": QT_TRANSLATE_NOOP("vocab", "Web"),
    # ticket statuses
    "new": QT_TRANSLATE_NOOP("vocab", "New"), "open": QT_TRANSLATE_NOOP("vocab", "Open"),
    "pending": QT_TRANSLATE_NOOP("vocab", "Pending"), "on_hold": QT_TRANSLATE_NOOP("vocab", "On hold"),
    "solved": QT_TRANSLATE_NOOP("vocab", "Solved"), "closed": QT_TRANSLATE_NOOP("vocab", "Closed"),
    # priorities
    "urgent": QT_TRANSLATE_NOOP("vocab", "Urgent"), "high": QT_TRANSLATE_NOOP("vocab", "High"),
    "normal": QT_TRANSLATE_NOOP("vocab", "Normal"), "low": QT_TRANSLATE_NOOP("vocab", "Low"),
    # saved views
    "my_open": QT_TRANSLATE_NOOP("vocab", "My open"), "unassigned": QT_TRANSLATE_NOOP("vocab", "Unassigned"),
    "sla_at_risk": QT_TRANSLATE_NOOP("vocab", "SLA at risk"), "all": QT_TRANSLATE_NOOP("vocab", "All"),
    "mentions": QT_TRANSLATE_NOOP("vocab", "Mentions"),
    # order statuses
    "paid": QT_TRANSLATE_NOOP("vocab", "Paid"), "shipped": QT_TRANSLATE_NOOP("vocab", "Shipped"),
    "delivered": QT_TRANSLATE_NOOP("vocab", "Delivered"), "cancelled": QT_TRANSLATE_NOOP("vocab", "Cancelled"),
    "returned": QT_TRANSLATE_NOOP("vocab", "Returned"), "exchanged": QT_TRANSLATE_NOOP("vocab", "Exchanged"),
    "refunded": QT_TRANSLATE_NOOP("vocab", "Refunded"),
    # products
    "credit_card": QT_TRANSLATE_NOOP("vocab", "Credit card"), "check_card": QT_TRANSLATE_NOOP("vocab", "Check card"),
    "loan": QT_TRANSLATE_NOOP("vocab", "Loan"), "deposit": QT_TRANSLATE_NOOP("vocab", "Deposit"),
    "subscription": QT_TRANSLATE_NOOP("vocab", "Subscription"),
    # agent statuses
    # agent states (agentdesk/agent_states.py; "on_contact" is derived, never chosen)
    "available": QT_TRANSLATE_NOOP("vocab", "Available"),
    "after_contact_work": QT_TRANSLATE_NOOP("vocab", "After-contact work"),
    "break": QT_TRANSLATE_NOOP("vocab", "Break"), "training": QT_TRANSLATE_NOOP("vocab", "Training"),
    "offline": QT_TRANSLATE_NOOP("vocab", "Offline"), "on_contact": QT_TRANSLATE_NOOP("vocab", "On a contact"),
    # agent-protection incidents (agentdesk/protection_rules.py)
    "warning_1": QT_TRANSLATE_NOOP("vocab", "First warning"), "warning_2": QT_TRANSLATE_NOOP("vocab", "Second warning"),
    "ended": QT_TRANSLATE_NOOP("vocab", "Contact ended"),
    # VIP tiers
    "standard": QT_TRANSLATE_NOOP("vocab", "Standard"), "silver": QT_TRANSLATE_NOOP("vocab", "Silver"),
    "gold": QT_TRANSLATE_NOOP("vocab", "Gold"), "vip": QT_TRANSLATE_NOOP("vocab", "VIP"),
    # message kinds
    "reply": QT_TRANSLATE_NOOP("vocab", "Reply"), "note": QT_TRANSLATE_NOOP("vocab", "Internal note"),
    "call_log": QT_TRANSLATE_NOOP("vocab", "Call log"), "system": QT_TRANSLATE_NOOP("vocab", "System"),
    "csat": QT_TRANSLATE_NOOP("vocab", "CSAT"), "nps": QT_TRANSLATE_NOOP("vocab", "NPS"),
    # contact point labels (free text: an unknown one is shown as typed)
    "mobile": QT_TRANSLATE_NOOP("vocab", "Mobile"), "work": QT_TRANSLATE_NOOP("vocab", "Work"),
    "home": QT_TRANSLATE_NOOP("vocab", "Home"), "personal": QT_TRANSLATE_NOOP("vocab", "Personal"),
    "kakao": QT_TRANSLATE_NOOP("vocab", "KakaoTalk"), "instagram": QT_TRANSLATE_NOOP("vocab", "Instagram"),
}


_source_only = False  # set by source_text(): labels in their English source text


def label(code: str | None) -> str:
    """The translated label of a stored code ('on_hold' → '보류')."""
    if not code:
        return ""
    source = _VOCAB.get(code)
    if source and _source_only:
        return source
    return QCoreApplication.translate("vocab", source) if source else code


def ticket_number(number: int | None) -> str:
    """'#1042'; '#…' for a ticket a team desk opened that the server has not numbered yet
    (a provisional number, below zero: sync/capture.py)."""
    if number is None:
        return ""
    return f"#{number}" if number > 0 else "#…"
@contextmanager
def source_text() -> Iterator[None]:
    """While it lasts (on the GUI thread), label() gives the English source text: the
    palette builds its commands once more this way, to match what the README and
    English-speaking colleagues call them ("Language", "Pending") in any UI language."""
    global _source_only
    _source_only = True
    try:
        yield
    finally:
        _source_only = False


def won(amount: int | None) -> str:
    """1234000 → '1,234,000원'."""
    if amount is None:
        return ""
    return f"{amount:,}원"


def local_time(dt: datetime | None, with_date: bool = True) -> str:
    """UTC in storage, the machine's local zone on screen."""
    if dt is None:
        return ""
    local = dt.astimezone()
    return local.strftime("%Y-%m-%d %H:%M" if with_date else "%H:%M")


def relative_time(dt: datetime | None, now: datetime) -> str:
    """Compact: today shows the time, earlier days the date (the tooltip has both)."""
    if dt is None:
        return ""
    local, today = dt.astimezone(), now.astimezone()
    if local.date() == today.date():
        return local.strftime("%H:%M")
    if local.year == today.year:
        return local.strftime("%m-%d")
    return local.strftime("%Y-%m-%d")


def countdown(due: datetime | None, now: datetime) -> str:
    """SLA time left in words that cannot be misread: '2분', '2시간 5분', '3일 4시간';
    '-12분' once breached. Time left is rounded up, so it never reads 0 while some remains,
    and a breach shows at least one minute late (never '-0')."""
    if due is None:
        return ""
    secs = int((due - now).total_seconds())
    sign = "-" if secs < 0 else ""
    if secs > 0:
        minutes_total = -(-secs // 60)  # rounded up
    else:
        minutes_total = max(1, -secs // 60) if secs else 0
    days, rem = divmod(minutes_total, 1440)
    hours, minutes = divmod(rem, 60)
    if days:
        text = QCoreApplication.translate("vocab", "%1d %2h").replace("%1", str(days)).replace("%2", str(hours))
    elif hours:
        text = QCoreApplication.translate("vocab", "%1h %2m").replace("%1", str(hours)).replace("%2", str(minutes))
    else:
        text = QCoreApplication.translate("vocab", "%1 min").replace("%1", str(minutes))
    return sign + text
