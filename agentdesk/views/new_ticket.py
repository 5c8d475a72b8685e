"""New ticket, Log a call and New customer (issue 12): what an agent opens from the toolbar,
the palette (Ctrl+N, Ctrl+L) or a screen-pop for a number no customer has.

The dialogs check what the rules can check without the database (agentdesk/rules.py:
subject, channel, first message, contacts, tags) before anything is sent, and stay open
with every typed character when the write is refused (a known number, a service error):
nothing typed is lost. Writes run on the runner's write lane; the customer and the ticket
are created in one transaction, so a refused ticket leaves no orphan customer behind.
The window opens them non-modally (``open()``) and hears ``created``.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from agentdesk import rules
from agentdesk.models import CHANNELS, PRIORITIES, Channel
from agentdesk.services import intake
from agentdesk.services.common import current_agent, list_agents
from agentdesk.services.customers import CustomerSummary, find_customers
from agentdesk.services.pii import mask_pii
from agentdesk.ui.kit import errors, fmt
from agentdesk.ui.kit.reads import LatestReads
from agentdesk.ui.kit.tasks import AppContext
from agentdesk.ui.kit.timers import make_timer

SEARCH_DELAY_MS = 250
ERROR_STYLE = "color: #b91c1c;"
# What a first message can be, per channel: a phone ticket starts with its call log (a
# public reply cannot go down a phone line: rules.UNDELIVERABLE_CHANNELS).
FIRST_KINDS_BY_CHANNEL = {Channel.PHONE: ("call_log", "note")}
OTHER_FIRST_KINDS = ("inbound", "reply", "note")


def _split_tags(text: str) -> list[str]:
    return [t for t in text.replace(",", " ").split() if t]


def contact_kind(contact: str) -> str:
    return "email" if "@" in contact else "phone"


class CallFields(QWidget):
    """A call's direction and length; their words head the call log ("Inbound call · 4 min")."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.inbound = QRadioButton(self.tr("Inbound"), objectName="callInbound")
        self.outbound = QRadioButton(self.tr("Outbound"), objectName="callOutbound")
        self.inbound.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.inbound)
        group.addButton(self.outbound)
        self.minutes = QSpinBox(objectName="callMinutes")
        self.minutes.setRange(0, 24 * 60)
        self.minutes.setSpecialValueText(self.tr("length unknown"))
        self.minutes.setSuffix(self.tr(" min"))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.inbound)
        lay.addWidget(self.outbound)
        lay.addSpacing(12)
        lay.addWidget(self.minutes)
        lay.addStretch(1)

    def header(self) -> str:
        words = self.tr("Inbound call") if self.inbound.isChecked() else self.tr("Outbound call")
        if self.minutes.value():
            words += " · " + self.tr("%1 min").replace("%1", str(self.minutes.value()))
        return words


class NewCustomerFields(QWidget):
    """Name, phone, email of a customer to record, and the offer of the customer who
    already has that number (``useExisting``)."""

    useExisting = Signal(object)  # CustomerSummary

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.name = QLineEdit(objectName="newCustomerName")
        self.name.setPlaceholderText(self.tr("Name"))
        self.phone = QLineEdit(objectName="newCustomerPhone")
        self.phone.setPlaceholderText(self.tr("e.g. 010-1234-5678"))
        self.email = QLineEdit(objectName="newCustomerEmail")
        self.email.setPlaceholderText(self.tr("e.g. name@example.com"))
        self.existing: CustomerSummary | None = None
        self.duplicate = QLabel(objectName="duplicateCustomer", wordWrap=True)
        self.duplicate.setStyleSheet(ERROR_STYLE)
        self.use_existing = QPushButton(objectName="useExistingCustomer")
        self.use_existing.clicked.connect(self._use_existing)
        self.offer = QWidget(objectName="duplicateOffer")
        offer = QHBoxLayout(self.offer)
        offer.setContentsMargins(0, 0, 0, 0)
        offer.addWidget(self.duplicate, 1)
        offer.addWidget(self.use_existing)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("Email"), self.email)
        form.addRow(self.offer)
        self.show_duplicate(None)

    def prefill(self, contact: str) -> None:
        (self.email if contact_kind(contact) == "email" else self.phone).setText(contact)

    def values(self) -> tuple[str, str, str]:
        return self.name.text(), self.phone.text(), self.email.text()

    def check(self) -> str | None:
        """The rules' refusal of what is typed (None: it may be sent)."""
        name, phone, email = self.values()
        try:
            rules.check_new_customer(name, [("phone", phone), ("email", email)])
        except rules.RuleError as exc:
            return errors.message(exc)
        return None

    def show_duplicate(self, dup: intake.DuplicateContact | None) -> None:
        self.existing = dup.existing if dup is not None else None
        self.offer.setVisible(dup is not None)
        if dup is not None:
            self.duplicate.setText(self.tr("%1 already belongs to %2.").replace("%1", dup.contact.value)
                                   .replace("%2", mask_pii(dup.existing.name)))
            self.use_existing.setText(self.tr("Use %1").replace("%1", mask_pii(dup.existing.name)))

    @Slot()
    def _use_existing(self) -> None:
        if self.existing is not None:
            self.useExisting.emit(self.existing)


class NewTicketDialog(QDialog):
    """A ticket an agent opens: for a customer found by name, phone or email (or recorded
    here), on a channel, with its first message; priority, assignee (me), tags.
    ``call=True``: Log a call (phone, a call log with its direction and length)."""

    created = Signal(object)  # intake.NewTicket, after the write committed

    PAGE_PICK, PAGE_NEW = range(2)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, contact: str | None = None,
                 customer_id: uuid.UUID | None = None, call: bool = False):
        super().__init__(parent)
        self.ctx = ctx
        self.result_ticket: intake.NewTicket | None = None
        self.customer: CustomerSummary | None = None
        self._reads = LatestReads(self, ctx.runner)
        self._search_timer = make_timer(self, SEARCH_DELAY_MS, self._search, single_shot=True)
        self.setObjectName("newTicketDialog")
        self.setWindowTitle(self.tr("Log a call") if call else self.tr("New ticket"))
        self._build()
        by_phone = call or (contact is not None and contact_kind(contact) == "phone")
        self.channel.setCurrentIndex(self.channel.findData(Channel.PHONE if by_phone else Channel.EMAIL))
        if by_phone:
            self.first_kind.setCurrentIndex(max(0, self.first_kind.findData("call_log")))
        ctx.runner.read(list_agents, self._fill_agents)
        if customer_id is not None:
            self._reads.read("customer", _summary_of(customer_id), self._choose, self._failed)
        elif contact:
            self.search.setText(contact)
            self.new_customer.prefill(contact)
            # The number that rang: if a customer has it, they are offered; else a new one is prefilled.
            self._reads.read("search", _find(contact), self._popped, self._failed)
        (self.subject if customer_id is not None else self.search).setFocus(Qt.FocusReason.OtherFocusReason)

    # --- building -------------------------------------------------------------------------------
    def _build(self) -> None:
        self.search = QLineEdit(objectName="ticketCustomerSearch")
        self.search.setPlaceholderText(self.tr("Search customers by name, phone or email"))
        self.search.setClearButtonEnabled(True)
        self.search.textEdited.connect(self._search_edited)
        self.results = QListWidget(objectName="ticketCustomerResults")
        self.results.setMaximumHeight(110)
        self.results.itemActivated.connect(self._result_chosen)
        self.results.itemClicked.connect(self._result_chosen)
        self.results.hide()  # shown while it has something to offer
        self.chosen = QLabel(objectName="chosenCustomer", wordWrap=True)
        self.chosen.setTextFormat(Qt.TextFormat.PlainText)
        self.add_customer = QPushButton(self.tr("New customer…"), objectName="addCustomerInline")
        self.add_customer.clicked.connect(self._show_new_customer)
        pick = QWidget()
        pick_lay = QVBoxLayout(pick)
        pick_lay.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.add_customer)
        pick_lay.addLayout(row)
        pick_lay.addWidget(self.results)
        pick_lay.addWidget(self.chosen)
        self.new_customer = NewCustomerFields()
        self.new_customer.useExisting.connect(self._choose)
        self.back_to_search = QPushButton(self.tr("Search existing customers instead"), objectName="backToSearch")
        self.back_to_search.setFlat(True)
        self.back_to_search.clicked.connect(self._show_pick)
        new = QWidget()
        new_lay = QVBoxLayout(new)
        new_lay.setContentsMargins(0, 0, 0, 0)
        new_lay.addWidget(self.new_customer)
        new_lay.addWidget(self.back_to_search, 0, Qt.AlignmentFlag.AlignLeft)
        self.customer_stack = QStackedWidget(objectName="customerStack")
        self.customer_stack.addWidget(pick)
        self.customer_stack.addWidget(new)

        self.channel = QComboBox(objectName="ticketChannel")
        for code in CHANNELS:
            self.channel.addItem(fmt.label(code), code)
        self.channel.currentIndexChanged.connect(self._channel_changed)
        self.subject = QLineEdit(objectName="ticketSubject")
        self.subject.setMaxLength(rules.TEXT_LIMITS["subject"])
        self.subject.setPlaceholderText(self.tr("What is it about?"))
        self.first_kind = QComboBox(objectName="firstMessageKind")
        self.first_kind.currentIndexChanged.connect(self._kind_changed)
        self.call = CallFields()
        self.call.setObjectName("callFields")
        self.message = QPlainTextEdit(objectName="firstMessage")
        self.message.setTabChangesFocus(True)
        self.message.setMinimumHeight(110)
        self.priority = QComboBox(objectName="ticketPriority")
        for code in PRIORITIES:
            self.priority.addItem(fmt.label(code), code)
        self.priority.setCurrentIndex(self.priority.findData("normal"))
        self.assignee = QComboBox(objectName="ticketAssignee")
        self.assignee.addItem(self.ctx.agent.name, self.ctx.agent.login)
        self.tags = QLineEdit(objectName="ticketTags")
        self.tags.setPlaceholderText(self.tr("e.g. refund card-lost"))
        self.error = QLabel(objectName="newTicketError", wordWrap=True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setObjectName("createTicket")
        self.create_button.setText(self.tr("Create ticket"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        fields = QFrame()
        form = QFormLayout(fields)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Customer"), self.customer_stack)
        form.addRow(self.tr("Channel"), self.channel)
        form.addRow(self.tr("Subject"), self.subject)
        form.addRow(self.tr("First message"), self.first_kind)
        self.call_label = QLabel(self.tr("Call"))
        form.addRow(self.call_label, self.call)
        form.addRow(self.message)
        side = QHBoxLayout()
        side.addWidget(QLabel(self.tr("Priority")))
        side.addWidget(self.priority)
        side.addSpacing(12)
        side.addWidget(QLabel(self.tr("Assignee")))
        side.addWidget(self.assignee, 1)
        form.addRow(side)
        form.addRow(self.tr("Tags"), self.tags)
        lay = QVBoxLayout(self)
        lay.addWidget(fields, 1)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self._channel_changed()
        self._show_chosen()

    # --- the customer -----------------------------------------------------------------------------
    @Slot(str)
    def _search_edited(self, _text: str) -> None:
        self._search_timer.start()

    @Slot()
    def _search(self) -> None:
        text = self.search.text().strip()
        if len(text) < 2:
            self.results.clear()
            self.results.hide()
            return
        self._reads.read("search", _find(text), self._found, self._failed)

    @Slot(object)
    def _found(self, found: list[CustomerSummary]) -> None:
        self.results.clear()
        for c in found:
            item = QListWidgetItem(" · ".join(x for x in (mask_pii(c.name), c.phone, c.email) if x))
            item.setData(Qt.ItemDataRole.UserRole, c)
            self.results.addItem(item)
        if not found:
            item = QListWidgetItem(self.tr("No customer found: add a new one"))
            item.setData(Qt.ItemDataRole.UserRole, None)
            self.results.addItem(item)
        self.results.show()

    @Slot(object)
    def _popped(self, found: list[CustomerSummary]) -> None:
        """The screen-pop's number: its one customer is chosen; none → a new customer, prefilled."""
        if len(found) == 1:
            self._choose(found[0])
        elif found:
            self._found(found)
        else:
            self._show_new_customer()

    @Slot(object)
    def _result_chosen(self, item: QListWidgetItem) -> None:
        chosen = item.data(Qt.ItemDataRole.UserRole)
        if chosen is None:
            typed = self.search.text().strip()
            if any(ch.isdigit() or ch == "@" for ch in typed):
                self.new_customer.prefill(typed)
            else:
                self.new_customer.name.setText(typed)
            self._show_new_customer()
        else:
            self._choose(chosen)

    @Slot(object)
    def _choose(self, customer: CustomerSummary) -> None:
        self.customer = customer
        self.results.clear()
        self.results.hide()
        self.new_customer.show_duplicate(None)
        self._show_pick()
        self._show_chosen()
        if not self.subject.text():
            self.subject.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_chosen(self) -> None:
        c = self.customer
        self.chosen.setVisible(c is not None)
        if c is not None:
            self.chosen.setText("✓ " + " · ".join(x for x in (mask_pii(c.name), c.phone, c.email) if x))

    @Slot()
    def _show_new_customer(self) -> None:
        self.customer = None
        self._show_chosen()
        self.customer_stack.setCurrentIndex(self.PAGE_NEW)
        self.new_customer.name.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _show_pick(self) -> None:
        self.customer_stack.setCurrentIndex(self.PAGE_PICK)

    def creating_customer(self) -> bool:
        return self.customer_stack.currentIndex() == self.PAGE_NEW

    # --- channel and first message ------------------------------------------------------------------
    @Slot()
    def _channel_changed(self, *_args) -> None:
        kinds = FIRST_KINDS_BY_CHANNEL.get(self.channel.currentData(), OTHER_FIRST_KINDS)
        current = self.first_kind.currentData()
        self.first_kind.blockSignals(True)
        self.first_kind.clear()
        labels = {"inbound": self.tr("The customer's message"), "reply": self.tr("My first reply (sent)"),
                  "note": self.tr("Internal note"), "call_log": self.tr("Call log")}
        for kind in kinds:
            self.first_kind.addItem(labels[kind], kind)
        self.first_kind.setCurrentIndex(max(0, self.first_kind.findData(current)))
        self.first_kind.blockSignals(False)
        self._kind_changed()

    @Slot()
    def _kind_changed(self, *_args) -> None:
        kind = self.first_kind.currentData()
        is_call = kind == "call_log"
        self.call.setVisible(is_call)
        self.call_label.setVisible(is_call)
        self.message.setPlaceholderText({
            "call_log": self.tr("What the call was about and what you agreed"),
            "inbound": self.tr("The customer's message, as they wrote it"),
            "reply": self.tr("Your reply; it is sent to the customer"),
        }.get(kind, self.tr("A note for your team")))

    @Slot(object)
    def _fill_agents(self, agents) -> None:
        self.assignee.clear()
        self.assignee.addItem(self.tr("Unassigned"), "none")
        for _id, login, name in agents:
            self.assignee.addItem(name, login)
        self.assignee.setCurrentIndex(max(0, self.assignee.findData(self.ctx.agent.login)))

    # --- creating ---------------------------------------------------------------------------------
    def body(self) -> str:
        text = self.message.toPlainText()
        if self.first_kind.currentData() == "call_log":
            return intake.call_log_text(text, self.call.header())
        return text

    def check(self) -> tuple[str, QWidget | None]:
        """The first thing the rules refuse in what is typed, and where ('' when none)."""
        if self.creating_customer():
            refusal = self.new_customer.check()
            if refusal:
                return refusal, self.new_customer.name
        elif self.customer is None:
            return self.tr("Choose the customer, or add a new one."), self.search
        if not self.message.toPlainText().strip():
            return self.tr("Write the first message."), self.message
        try:
            rules.check_new_ticket(self.subject.text(), self.channel.currentData(), self.priority.currentData(),
                                   self.first_kind.currentData(), self.body())
            for tag in _split_tags(self.tags.text()):
                rules.check_tag(tag)
        except rules.RuleError as exc:
            widget = self.subject if "subject" in str(exc) else self.tags if "tag" in str(exc) else self.message
            return errors.message(exc), widget
        return "", None

    @Slot()
    def submit(self) -> None:
        """Checked here first (nothing leaves the dialog that the rules refuse), then
        written on the write lane; the dialog closes only once the ticket exists."""
        refusal, widget = self.check()
        if refusal:
            self.show_error(refusal)
            if widget is not None:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        login = self.ctx.agent.login
        new = self.new_customer.values() if self.creating_customer() else None
        customer_id = self.customer.id if self.customer is not None and new is None else None
        is_call = self.first_kind.currentData() == "call_log"
        fields = dict(subject=self.subject.text(), channel=self.channel.currentData(), body=self.body(),
                      first_kind=self.first_kind.currentData(), priority=self.priority.currentData(),
                      assignee=self.assignee.currentData(), tags=_split_tags(self.tags.text()),
                      talk_seconds=self.call.minutes.value() * 60 if is_call else 0)

        def write(session):
            agent = current_agent(session, login)
            cid = customer_id
            if new is not None:
                name, phone, email = new
                cid = intake.create_customer(session, agent, name=name, phone=phone, email=email).id
            return intake.create_ticket(session, agent, customer_id=cid, **fields)

        self.create_button.setEnabled(False)
        self.show_error("")
        self.ctx.runner.write(write, self._created, self._refused, on_bug=self._broken)

    @Slot(object)
    def _created(self, made: intake.NewTicket) -> None:
        self.result_ticket = made
        self.ctx.changes.changed.emit("ticket", made.id)
        if self.creating_customer():
            self.ctx.changes.changed.emit("customer", made.customer_id)
        self.created.emit(made)
        self.accept()

    @Slot(object)
    def _refused(self, exc) -> None:
        self.create_button.setEnabled(True)
        if isinstance(exc, intake.DuplicateContact):
            self.new_customer.show_duplicate(exc)
            self.show_error(self.tr("This customer is already known; use them or change the number."))
            return
        self.show_error(errors.message(exc))  # everything typed stays

    @Slot(object)
    def _broken(self, _exc) -> None:
        self.create_button.setEnabled(True)

    @Slot(object)
    def _failed(self, exc) -> None:
        self.show_error(errors.message(exc))

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))


class LogCallDialog(QDialog):
    """Log a call on the open ticket: its direction and length, and what was said."""

    logged = Signal(object)  # tickets.MessageRow

    def __init__(self, ctx: AppContext, ticket_id: uuid.UUID, ticket_number: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.ticket_id = ticket_id
        self.setObjectName("logCallDialog")
        self.setWindowTitle(self.tr("Log a call on %1").replace("%1", fmt.ticket_number(ticket_number)))
        self.call = CallFields()
        self.note = QPlainTextEdit(objectName="callNote")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(self.tr("What the call was about and what you agreed"))
        self.error = QLabel(objectName="logCallError", wordWrap=True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setObjectName("saveCallLog")
        self.save_button.setText(self.tr("Log call"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.call)
        lay.addWidget(self.note, 1)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.error.hide()
        self.setMinimumWidth(440)
        self.note.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def submit(self) -> None:
        if not self.note.toPlainText().strip():
            self._show_error(self.tr("Write what the call was about."))
            return
        login, ticket_id = self.ctx.agent.login, self.ticket_id
        note, header, talk = self.note.toPlainText(), self.call.header(), self.call.minutes.value() * 60

        def write(session):
            return intake.log_call(session, ticket_id, current_agent(session, login), note, header, talk_seconds=talk)

        self.save_button.setEnabled(False)
        self.ctx.runner.write(write, self._logged, self._refused, on_bug=self._broken)

    @Slot(object)
    def _logged(self, row) -> None:
        self.ctx.changes.changed.emit("ticket", self.ticket_id)
        self.logged.emit(row)
        self.accept()

    @Slot(object)
    def _refused(self, exc) -> None:
        self.save_button.setEnabled(True)
        self._show_error(errors.message(exc))

    @Slot(object)
    def _broken(self, _exc) -> None:
        self.save_button.setEnabled(True)

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))


class NewCustomerDialog(QDialog):
    """The screen-pop's "New customer": the number that rang, a name, an email; a known
    number offers its customer instead (``existingChosen``)."""

    created = Signal(object)  # CustomerSummary
    existingChosen = Signal(object)  # CustomerSummary

    def __init__(self, ctx: AppContext, contact: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("newCustomerDialog")
        self.setWindowTitle(self.tr("New customer"))
        self.fields = NewCustomerFields()
        self.fields.prefill(contact)
        self.fields.useExisting.connect(self._use_existing)
        self.error = QLabel(objectName="newCustomerError", wordWrap=True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setObjectName("saveCustomer")
        self.save_button.setText(self.tr("Add customer"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.fields)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.fields.name.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def submit(self) -> None:
        refusal = self.fields.check()
        if refusal:
            self.error.setText(refusal)
            self.error.show()
            self.fields.name.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        login = self.ctx.agent.login
        name, phone, email = self.fields.values()

        def write(session):
            return intake.create_customer(session, current_agent(session, login), name=name, phone=phone, email=email)

        self.save_button.setEnabled(False)
        self.ctx.runner.write(write, self._created, self._refused, on_bug=self._broken)

    @Slot(object)
    def _created(self, customer: CustomerSummary) -> None:
        self.ctx.changes.changed.emit("customer", customer.id)
        self.created.emit(customer)
        self.accept()

    @Slot(object)
    def _refused(self, exc) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, intake.DuplicateContact):
            self.fields.show_duplicate(exc)
            self.error.hide()
            return
        self.error.setText(errors.message(exc))
        self.error.show()

    @Slot(object)
    def _broken(self, _exc) -> None:
        self.save_button.setEnabled(True)

    @Slot(object)
    def _use_existing(self, customer: CustomerSummary) -> None:
        self.existingChosen.emit(customer)
        self.accept()


class _find:
    """A customer search for the read pool (a plain callable: no lambda captures)."""

    def __init__(self, text: str):
        self.text = text

    def __call__(self, session):
        return find_customers(session, query=self.text, limit=8)


class _summary_of:
    def __init__(self, customer_id: uuid.UUID):
        self.customer_id = customer_id

    def __call__(self, session):
        return intake.customer_summary(session, self.customer_id)
