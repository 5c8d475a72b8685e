"""The English behind every coded line: errors the agent can act on, the team server's
refusals, and the events a ticket's timeline shows.

A refusal raised anywhere (a service, a ticket rule, the replica, the team server) carries
a stable ``code`` ("ticket.merge_into_itself") and its ``params``; ``str()`` of it is the
English line made from the template here, so the CLI, the logs and the server speak as
before. The window translates the code instead (agentdesk/ui/kit/errors.py holds the
same templates marked for Qt's translation tools), so the Korean UI shows Korean, and an
error without a code falls back to its English line. Timeline events are stored as
(kind, params) and rendered the same way, never as stored English text.

Pure: no Qt, no database, no project imports (rules.py, the services, the replica and
the server all import it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_SLOT = re.compile(r"\{(\w+)\}")
WIRE_TEXT_LIMIT = 300  # characters of one param as it travels (a hostile megabyte is never echoed)


def fill(template: str, params: Mapping[str, Any]) -> str:
    """``template`` with each ``{name}`` replaced by its param (nested phrases and errors
    as their English). Braces that are not a slot stay as written ('{"status": …}')."""
    def slot(m: re.Match) -> str:
        name = m.group(1)
        return str(params[name]) if name in params else m.group(0)

    return _SLOT.sub(slot, template)


def english(code: str, params: Mapping[str, Any] | None = None) -> str:
    """The English line of a coded error or phrase; KeyError for an unknown code."""
    return fill(ERRORS[code], params or {})


class Phrase:
    """A coded piece of a message that is not an error itself ("event 3 (UID x)"): a param
    of another coded line, translated with it."""

    __slots__ = ("code", "params")

    def __init__(self, code: str, **params: Any):
        if code not in ERRORS:
            raise KeyError(f"unknown message code {code!r}")
        self.code = code
        self.params = params

    def __str__(self) -> str:
        return english(self.code, self.params)

    def __repr__(self) -> str:
        return f"Phrase({self.code!r}, {self.params!r})"


class CodedError(Exception):
    """An error the user can act on, with a stable code and params; ``str()`` is English.

    ``CodedError(code="ticket.not_found", ref="1042")`` makes its English line from the
    catalogue; ``CodedError("any text")`` is an uncoded line (shown as is everywhere).
    ``CodedError(text, code=…, **params)`` keeps a line already made (copying an error)."""

    def __init__(self, message: str | None = None, /, *, code: str | None = None, **params: Any):
        if code is not None:
            if code not in ERRORS:
                raise KeyError(f"unknown message code {code!r}")
            if message is None:
                message = english(code, params)
        super().__init__(message if message is not None else "")
        self.code = code
        self.params = params

    @classmethod
    def like(cls, error: BaseException, message: str | None = None):
        """This class of error saying what ``error`` says (its code and params kept)."""
        code = getattr(error, "code", None)
        params = dict(getattr(error, "params", None) or {}) if code is not None else {}
        return cls(message if message is not None else str(error), code=code, **params)


class CodedValueError(CodedError, ValueError):
    """A coded refusal where a ValueError is expected (pydantic validators)."""


def _wire_value(value: Any) -> Any:
    if isinstance(value, (Phrase, CodedError)) and getattr(value, "code", None):
        return {"code": value.code, "params": wire_params(value.params)}
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return value
    text = str(value)
    return text if len(text) <= WIRE_TEXT_LIMIT else text[:WIRE_TEXT_LIMIT] + "…"


def wire_params(params: Mapping[str, Any]) -> dict:
    """Params as JSON (nested phrases as {"code", "params"}), each text clipped."""
    return {str(k): _wire_value(v) for k, v in params.items()}


def to_wire(error: Any) -> dict:
    """{"code", "params"} of a coded error or phrase, {} of anything else: what a refusal
    carries over the wire next to its English "message"."""
    code = getattr(error, "code", None)
    if not code:
        return {}
    return {"code": code, "params": wire_params(getattr(error, "params", None) or {})}


def from_wire(data: Mapping[str, Any] | None) -> tuple[str, dict] | None:
    """(code, params) of a refusal that came over the wire, when it names a code we know
    (an older or newer server's unknown code: None, and the English line is shown)."""
    if not isinstance(data, Mapping):
        return None
    code, params = data.get("code"), data.get("params")
    if not isinstance(code, str) or code not in ERRORS or not isinstance(params, Mapping):
        return None
    return code, dict(params)


# --- the catalogue ------------------------------------------------------------------------
# code → English template. {name} is a param; literal braces that hold no single word
# ('{"status": "pending"}') are text. Keep codes stable: the window's translations and
# other desks' servers name them.
ERRORS: dict[str, str] = {
    # --- the ticket rules (agentdesk/rules.py)
    "rule.invalid_choice": "invalid {field} {value}: expected one of {allowed}",
    "rule.nul_character": "the {what} holds a NUL character",
    "rule.subject_length": "a subject needs 1 to {most} characters",
    "rule.category_length": "a category has at most {most} characters",
    "rule.field_fixed": "field {field} cannot be changed",
    "rule.assignee_inactive": "the assignee is not an active agent",
    "rule.assignee_other_team": "the assignee is not in the ticket's team",
    "rule.tag_not_text": "a tag is text",
    "rule.tag_control": "invalid tag {tag}: a tag cannot hold control characters",
    "rule.tag_length": "invalid tag {tag}: a tag needs 1 to {most} characters",
    "rule.message_empty": "the message is empty",
    "rule.message_kind": "invalid message kind {kind}: expected reply, note or call_log",
    "rule.merged_reopen_target": "ticket #{number} was merged into {target}; reopen that one instead",
    "rule.no_arrival_time": "ticket #{number} has no arrival time to measure deadlines from",
    "rule.merged_reply_target": "ticket #{number} was merged into {target}; reply there",
    "rule.reply_undeliverable": "ticket #{number} came in by {channel}, which cannot deliver a reply; "
                                "add a note or a call log instead",
    "merge.into_itself": "a ticket cannot be merged into itself",
    "merge.already_merged": "#{number} was already merged into {target}",
    "merge.target_merged": "#{number} was itself merged; merge into {target}",
    "merge.unsaved": "a ticket is merged once it is saved",
    "merge.another_ticket": "another ticket",
    "merge.the_target_of_target": "the ticket it was merged into",
    # --- services: shared (services/common.py)
    "value.invalid_choice": "invalid {field} '{value}': expected one of {allowed}",
    "agent.no_login": "no agent with login '{login}'",
    "agent.none_yet": "this workspace has no agents yet; run 'agentdesk demo-data' or add one",
    "agent.not_found": "no agent '{ref}'",
    "agent.gone": "agent not found",
    # --- customers and tickets
    "customer.not_a_phone": "'{value}' is not a phone number",
    "customer.find_what": "give a phone number, an email address or a name",
    "customer.not_found": "no customer '{ref}'",
    "ticket.not_found": "no ticket '{ref}'",
    "ticket.unknown_view": "unknown view '{view}': expected one of {allowed}",
    # --- follow-ups, repeat rules and .ics files (services/followups.py)
    "followup.unknown_zone": "unknown time zone '{zone}'",
    "followup.quick_picks_naive": "quick picks need an aware local time",
    "followup.snooze_choices_naive": "snooze choices need an aware local time",
    "followup.not_found": "no such follow-up in your calendar",
    "followup.title_empty": "a follow-up needs a title",
    "followup.title_too_long": "title is longer than {most} characters",
    "followup.due_naive": "due time must be a time-zone-aware date and time",
    "followup.due_outside": "due time {date} is outside {first}–{last}",
    "followup.snooze_not_open": "only an open follow-up can be snoozed",
    "followup.already_done": "this follow-up is already done",
    "followup.no_ticket": "this follow-up is not linked to a ticket",
    "rrule.one_rule": "invalid repeat rule: give one RRULE such as FREQ=WEEKLY;BYDAY=MO",
    "rrule.until_not_date": "invalid repeat rule: UNTIL={until} is not a date",
    "rrule.too_long": "repeat rule is longer than {most} characters",
    "rrule.part_range": "invalid repeat rule '{rule}': {part} must be between {low} and {high}",
    "rrule.interval_range": "invalid repeat rule '{rule}': INTERVAL must be between 1 and {most}",
    "rrule.count_positive": "invalid repeat rule '{rule}': COUNT must be a positive number",
    "rrule.freq": "invalid repeat rule '{rule}': FREQ must be one of {allowed}",
    "rrule.invalid": "invalid repeat rule '{rule}': {detail}",
    "rrule.series_too_long": "repeat rule '{rule}' repeats more than {most} times from {start}: start it nearer today",
    "rrule.never_occurs": "repeat rule '{rule}' has no occurrence after the due time",
    "ics.event": "event {index}",
    "ics.event_uid": "event {index} (UID {uid})",
    "ics.a_line": "a line",
    "ics.in_event": "{where}: {error}",
    "ics.missing_dtstart": "{where}: missing DTSTART",
    "ics.invalid_dtstart_detail": "{where}: invalid DTSTART: {detail}",
    "ics.dtstart_zone": "{where}: unknown time zone '{zone}' in DTSTART",
    "ics.invalid_dtstart": "{where}: invalid DTSTART",
    "ics.cannot_read": "{where}: cannot read {line}: {detail}",
    "ics.dtstart_outside_years": "{where}: DTSTART is outside {first}–{last}",
    "ics.dtstart_outside": "{where}: DTSTART {date} is outside {first}–{last}",
    "ics.many_rrules": "{where}: more than one RRULE is not supported",
    "ics.bad_ticket": "{where}: X-AGENTDESK-TICKET '{value}' is not a ticket number",
    "ics.too_big": "the file is larger than {most} MB: a calendar of follow-ups is far smaller "
                   "(split it or export a shorter range)",
    "ics.too_many_events": "the file holds {events} events: at most {most} can be imported at once",
    "ics.empty": "the file is empty",
    "ics.not_valid": "not a valid iCalendar file: {detail}",
    "ics.not_calendar": "not an iCalendar file (it holds a {holds}, not a VCALENDAR)",
    "ics.not_valid_line": "not a valid iCalendar file: cannot read {line}: {detail}",
    "ics.over_events": "the file holds more than {most} events",
    "ics.too_slow": "checking the file took more than {seconds} s (at event {index}, UID {uid}): "
                    "too many or too complex repeat rules",
    "ics.no_events": "the file contains no events",
    # --- fields of a form or a file
    "field.not_text": "{field} must be text",
    "field.empty": "{field} must not be empty",
    "field.too_long": "{field} is longer than {most} characters",
    "field.invalid": "{field}: {detail}",
    # --- knowledge (services/knowledge.py)
    "kb.not_found": "no knowledge article '{ref}'",
    "kb.invalid_limit": "invalid limit '{limit}': expected a number from 1 to {most}",
    "kb.tags_not_list": "tags must be a list of text",
    "kb.tag_too_long": "a tag is longer than {most} characters",
    "kb.review_leads_only": "only a lead or admin can review proposals ({login} is {role})",
    "kb.propose_unpublished": "only a published article can be edited by a proposal",
    "kb.not_a_proposal": "'{title}' is not a proposal waiting for review (it is {status})",
    "kb.original_unpublished": "the article this edit was proposed for is no longer published",
    "kb.import_not_object": "expected a JSON object with external_id, title and body",
    "kb.import_tag_nul": "a tag must not contain a NUL character (\\u0000)",
    "kb.import_field_nul": "{field} must not contain a NUL character (\\u0000)",
    "kb.import_language": "invalid language '{value}': expected one of {allowed}",
    "kb.import_visibility": "invalid visibility '{value}': expected one of {allowed}",
    "kb.import_article": "article {index}: {error}",
    # --- templates and macros (services/templates.py, template_schema.py)
    "template.prompt_required": "'{label}' is required",
    "template.prompt_choose": "'{label}': choose one of {choices}",
    "template.prompt_expected": "'{label}': expected {expected}, got '{value}'",
    "template.expect_amount": "an amount in won, e.g. 12,000",
    "template.expect_date": "a date, e.g. 2026-11-23",
    "template.expect_datetime": "a date and time, e.g. 2026-11-23 15:30",
    "template.unknown_sort": "unknown sort '{sort}': expected one of {allowed}",
    "template.not_found": "no template '{ref}'",
    "template.shortcut_word": "shortcut '{shortcut}' must be one word of at most {most} characters",
    "template.title_empty": "a template needs a title",
    "template.body_empty": "template '{title}' has no text",
    "template.body_too_long": "template '{title}' is too long: {size} characters (at most {most})",
    "template.in_template": "template '{title}': {error}",
    "template.invalid_scope": "template '{title}': invalid scope '{scope}': expected team or personal",
    "template.invalid_language": "template '{title}': invalid language '{language}' (e.g. ko, en)",
    "template.shortcut_taken": "template '{title}': shortcut '{shortcut}' is already used by '{other}'",
    "template.in_file": "template {index} in the file: {error}",
    "template.id_of_another": "template '{title}': its id belongs to another agent's personal template",
    "template.file_too_big": "{path} is too big for a templates file (over {most} MB)",
    "template.file_not_json": "{path} is not a JSON templates file: {detail}",
    "template.file_too_deep": "{path} is not a templates file: its JSON is nested too deeply",
    "file.not_found": "no such file: {path}",
    "file.unreadable": "cannot read {path}: {reason}",
    "file.unwritable": "cannot write {path}: {reason}",
    "macro.no_assignee": "macro: no agent '{login}' to assign to",
    "macro.follow_up_needs_date": "the follow-up '{title}' needs the date asked by '{prompt}'",
    "macro.follow_up_title_unfilled": "the follow-up title cannot be filled: {detail}",
    "macro.follow_up_title_long": "macro follow_up: the title is too long for a title (at most {most} characters)",
    "macro.follow_up_title_error": "macro follow_up: title: {detail}",
    "macro.follow_up_number": "macro follow_up: {field} must be a positive number of at most {most}",
    "macro.follow_up_title": "macro follow_up needs a title",
    "macro.follow_up_at_prompt": "macro follow_up: at_prompt '{prompt}' is not a date or datetime prompt of this template",
    "macro.follow_up_kind": "macro follow_up: invalid kind '{kind}': expected follow_up or callback",
    "macro.follow_up_when": "macro follow_up needs in_hours, in_days or at_prompt (when it is due)",
    "macro.tags_list": "macro {key} must be a list of tags",
    "macro.invalid_status": "macro: invalid status '{value}': expected one of {allowed}",
    "macro.invalid_priority": "macro: invalid priority '{value}': expected one of {allowed}",
    "macro.assignee_text": "macro assignee must be 'me', 'none' or an agent's login",
    "macro.follow_up_object": 'macro follow_up must be an object such as {"in_hours": 24, "title": "…"}',
    "macro.not_object": 'a macro must be an object such as {"status": "pending"}',
    "macro.unknown_action": "unknown macro action '{key}': expected status, priority, add_tags, remove_tags, "
                            "assignee, follow_up",
    "prompt.bad_name": "{where}: name '{name}' must be letters, digits and _ (used as input.{used})",
    "prompt.bad_type": "prompt '{name}': invalid type '{type}': expected one of {allowed}",
    "prompt.no_choices": "prompt '{name}': a choice needs a list of choices",
    "prompt.choices_not_choice": "prompt '{name}': only a choice prompt has choices",
    "prompt.not_list": "prompts must be a list of {name, label, type, required}",
    "prompt.not_object": "prompt {index} must be an object with name, label and type",
    "prompt.name_twice": "prompt {index}: the name '{name}' is used twice",
    "schema.unknown_key": "{where}: unknown key '{key}'",
    "schema.field_problem": "{where}: {field}: {detail}",
    "schema.problem": "{where}: {detail}",
    "template.file_format": 'not an AgentDesk templates file (expected "format": "{format}")',
    "template.file_version": "unsupported templates file version {version} (this AgentDesk reads {reads})",
    "template.file_no_list": 'the templates file has no "templates" list',
    "template.file_item": "template {index} in the file is not an object",
    # --- a team workspace's replica (sync/capture.py, sync/replica.py)
    "sync.agent_not_here": "agent '{login}' is not in this replica yet; sync first",
    "sync.only_messages": "only replies and notes can be written in a team workspace",
    "sync.articles_on_server": "articles are added on the team server (agentdesk kb import --db …); "
                               "from a team workspace you can propose one",
    "sync.needs_server": "this change ({table}) cannot be made from a team workspace's local copy yet; "
                         "an admin or lead can make it on the server",
    "sync.merge_fixed": "a merged ticket cannot be moved or unmerged from a team workspace",
    "sync.merge_command": "merging tickets goes through the merge command",
    "followup.title_bounds": "a follow-up needs a title of at most {most} characters",
    "followup.naive_datetime": "naive datetime given where a zone is required",
    # --- the team server's refusals (server/apply.py, server/handlers.py)
    "server.mutation_not_object": "a mutation must be an object",
    "server.mutation_id": "a mutation needs a valid mutation_id",
    "server.mutation_id_used": "this mutation id was already used",
    "server.unknown_op": "unknown operation {op}",
    "server.invalid_entity": "invalid entity",
    "server.payload_not_object": "a mutation's payload must be an object",
    "server.entity_id": "a mutation needs a valid entity_id",
    "server.too_large": "the change is larger than {most} KiB",
    "server.unknown_agent": "unknown agent '{login}'",
    "server.agent_removed": "your agent was removed",
    "server.malformed": "malformed {op} ({error})",
    "server.not_allowed": "not allowed for your role and team",
    "server.does_not_fit": "the change does not fit the server's data and was not applied",
    "server.invalid_id": "invalid {what} {value}",
    "server.fields_shape": "a change's fields are {name: [old, new]}",
    "server.ticket_gone": "the ticket no longer exists on the server",
    "server.ticket_other_team": "ticket #{number} belongs to another team",
    "server.follow_up_owner": "a follow-up belongs to the agent who makes it",
    "server.follow_up_kind": "invalid follow-up kind {kind}",
    "server.follow_up_due": "a follow-up needs a due time with a zone",
    "server.no_customer": "no such customer in your team's workspace",
    "server.follow_up_empty": "a follow-up's {field} cannot be empty",
    "server.follow_up_invalid": "invalid follow-up {field}",
    "server.follow_up_too_long": "the follow-up's {field} is too long",
    "server.follow_up_status": "invalid follow-up status {status}",
    "server.row_gone": "the {what} no longer exists on the server",
    "server.follow_up_not_yours": "a follow-up can only be changed by its owner",
    "server.follow_up_field": "field {field} of a follow-up cannot be changed",
    "server.own_status_only": "agents set only their own status",
    "server.status_pair": "a status change is [old, new]",
    "server.agent_status": "invalid agent status {status}",
    "server.article_gone": "the article no longer exists on the server",
    "server.vote_shape": "a vote is helpful or not helpful",
    "server.article_use": "invalid article use {kind}",
    "server.proposal_fields": "a proposal needs a title (at most 300 characters) and a body",
    "server.tags_words": "tags must be a list of words",
    "server.proposal_done": "this proposal was already {status}",
    "server.review_action": "invalid review action {action}",
    "server.template_personal": "a personal template belongs to the agent who saved it",
    "server.template_team": "only a lead or admin can change the team's templates; save it as a personal template",
    "server.template_fields": "unknown template fields",
    "server.template_scope": "invalid template scope {scope}",
    "server.template_title": "a template needs a title (at most 200 characters) and a body",
    # --- a write of this agent's that lost to another's (server/handlers.py)
    "conflict.status_applied": "#{number}: status {old_status} was changed to {new_status} by {agent} "
                                "(who saw {saw_status})",
    "conflict.kept_as_note": "#{number}: your {field} was kept as a note; “{current}” stays",
    "conflict.kept_server": "#{number}: {field} had already been changed to {current}; your {mine} was not applied",
    "conflict.follow_up_kept": "follow-up “{title}”: {field} had been changed meanwhile; yours was not applied",
    "server.rate_requests": "too many requests: slow down",
    "server.rate_changes": "too many changes at once: slow down",
    "server.presence_other_team": "not a ticket of your team",
    "server.presence_leads_only": "only team leads and admins see where their agents are",
    "auth.sign_in_first": "sign in first",
    "auth.rate": "too many failed sign-ins: wait a minute",
    "auth.password_short": "a password needs at least {least} characters",
    "auth.password_long": "a password may have at most {most} characters",
    "auth.wrong": "wrong login or password",
    "auth.again": "sign in again",
    "auth.expired": "the sign-in expired: sign in again",
    # --- a template's render budget (services/template_budget.py)
    "budget.too_large": "template too large: {what}",
    "budget.too_slow": "template too slow: {what}",
    "budget.too_deep": "template too deep: calls nested more than {most} deep (does a macro call itself?)",
    "budget.width_percent": "a field width or precision over {most} in '%' formatting",
    "budget.width_format": "a field width or precision over {most} in format()",
    "budget.formatted": "the formatted text would be over {most} characters",
    "budget.seconds": "it took more than {seconds} s to fill",
    "budget.loop_steps": "loops are limited to {most} steps in a template",
    "budget.written": "it writes more than {most} characters",
    "budget.list_items": "a list of more than {most} items",
    "budget.batch": "batch() is limited to {most} items a batch",
    "budget.slice": "slice() is limited to {most} slices",
    "budget.round": "round() is limited to {most} digits",
    "budget.tojson": "tojson() indents by at most {most} spaces",
    "budget.sum_numbers": "sum() adds numbers only",
    "budget.would_make": "{what} would make {size} characters (at most {most})",
    "budget.made": "it makes more than {most} characters of text along the way",
    "budget.int_bits": "a number over {most} bits",
    "budget.value_chars": "a value of more than {most} characters",
    "budget.lipsum": "lipsum() is limited to {paragraphs} paragraphs of {words} words",
    "budget.exponent": "the exponent is too large",
    "budget.reply": "the reply would be over {most} characters",
    # --- the ticket rules: new customers and tickets (rules.py)
    "rule.contact_kind": "invalid contact kind {kind}: expected phone or email",
    "rule.contact_not_text": "a {contact_kind} is text",
    "rule.contact_length": "a {contact_kind} needs 1 to {most} characters",
    "rule.not_a_phone": "{value} is not a phone number",
    "rule.not_an_email": "{value} is not an email address",
    "rule.customer_name_not_text": "a customer's name is text",
    "rule.customer_name_length": "a customer needs a name of 1 to {most} characters",
    "rule.customer_name_control": "a customer's name cannot hold control characters",
    "rule.first_message_kind": "invalid first message {kind}: expected one of {allowed}",
    "rule.first_message_empty": "the first message is empty",
    "rule.first_reply_undeliverable": "a {channel} ticket cannot start with a public reply; log the call or add a note",
    # --- customers: recording and editing them (services/intake.py, services/customers.py, customer_rules.py)
    "customer.no_contact_owner": "no customer with the {contact_kind} {ref}",
    "customer.contact_many_owners": "the {contact_kind} {ref} belongs to {count} customers; give the customer's id "
                                    "(agentdesk customer find --{option} …)",
    "customer.duplicate_contact": "{value} already belongs to customer {name}; open that customer instead of adding "
                                  "another",
    "customer.contact_gone": "that contact point no longer exists",
    "customer.contact_theirs_already": "{value} is already one of {name}'s contact points",
    "customer.contact_shared": "{value} already belongs to {owners}",
    "customer.name_changed_meanwhile": "the customer's name was changed by someone else while you were editing",
    "customer.notes_changed_meanwhile": "the customer's notes were changed by someone else while you were editing",
    "customer.field_changed_meanwhile": "the customer's {field} was changed by someone else while you were editing",
    "customer.the_name": "name",
    "customer.the_notes": "notes",
    "customer.the_label": "label",
    "customer.control_character": "the {what} holds a control character",
    "customer.contact_control": "the {contact_kind} holds a control character",
    "customer.name_length": "a customer's name needs 1 to {most} characters",
    "customer.notes_not_text": "notes are text",
    "customer.notes_length": "notes hold at most {most} characters ({count} given)",
    "customer.field_fixed": "field {field} of a customer cannot be changed",
    "customer.tags_length": "a customer's tags hold at most {most} characters; remove one first",
    "customer.label_not_text": "a label is text",
    "customer.label_length": "a label has at most {most} characters",
    "customer.contact_kind": "invalid contact kind {kind}: expected one of {allowed}",
    "customer.handle_spaces": "{value}: a handle has no spaces",
    "customer.other_team_named": "the customer {name} is served by another team; only that team or an admin can edit "
                                 "them",
    "customer.other_team": "the customer is served by another team; only that team or an admin can edit them",
    # --- attachments (services/attachments.py, server/blobs.py)
    "attachment.a_program": "a program",
    "attachment.dangerous": "'{name}' is not attached: program and script files ({ext}) are not accepted",
    "attachment.too_large": "'{name}' is not attached: it is {size}, a file may be at most {most}",
    "attachment.empty": "'{name}' is not attached: the file is empty",
    "attachment.too_many": "at most {most} files can go with one message",
    "attachment.message_too_large": "the files of one message may be at most {most} together",
    "attachment.bad_hash": "an attachment names its content by a SHA-256 in hex",
    "attachment.draft_file_gone": "an attached file is no longer in this draft; attach it again",
    "attachment.not_found": "no such attachment",
    "attachment.not_on_desk": "the content of '{name}' is not on this desk",
    "attachment.content_mismatch": "the content of '{name}' that arrived is not the file that was sent",
    "attachment.shape": "an attachment is {id, filename, sha256}",
    "attachment.invalid_id": "invalid attachment id",
    "attachment.not_uploaded": "the content of '{name}' was not uploaded to the server",
    # --- bulk actions (services/bulk.py)
    "bulk.too_many": "a bulk action changes at most {most} tickets at once; {count} are selected",
    "bulk.nothing_chosen": "choose what to change",
    "bulk.nothing_to_undo": "there is nothing to undo",
    "bulk.merge_no_sources": "choose at least one other ticket to merge into the target",
    # --- knowledge: public or internal (services/knowledge.py)
    "kb.visibility_leads_only": "only a lead or admin can mark an article public or internal (this agent is {role})",
    "kb.invalid_visibility": "invalid visibility '{value}': expected one of {allowed}",
    "kb.proposal_visibility": "a proposal is marked when it is published, not before",
    # --- working hours (services/followups.py)
    "hours.invalid": "invalid working hours '{text}': write them like 'Mon-Fri 09:00-18:00'",
    "hours.time_range": "invalid working hours '{text}': the times must be from 00:00 to 23:59",
    "hours.start_end": "working hours need a start before the end and at least one day",
    "hours.due_needs_zone": "a due time needs its time zone",
    # --- a macro's staged changes kept with a draft (services/templates.py)
    "template.staged_not_object": "not an object",
    # --- a team workspace's replica: issue 12's writes (sync/capture.py)
    "sync.mention_with_note": "a mention is made by writing a note that mentions a colleague",
    "sync.contact_fixed": "a contact point stays with its customer and kind; remove it and add a new one",
    "sync.attachment_with_message": "files are attached to a new reply or note, with it",
    # --- the team server: issue 12's writes (server/handlers.py)
    "server.mention_read_own": "only the agent who was mentioned can mark it read",
    "server.record_list": "a new record's {name} are a list of objects",
    "server.ticket_first_message": "a new ticket needs its first message",
    "server.invalid_customer_id": "invalid customer id",
    "server.invalid_agent_id": "invalid agent id",
    "server.no_team_tickets": "an agent without a team cannot open tickets",
    "server.own_team_tickets": "a ticket can only be opened in your own team",
    "server.customer_tags_shape": "a customer's tags change is {add: [...], remove: [...]}",
    "server.contact_fields": "a contact point carries its customer, kind, value, label and primary flag only",
    "server.contact_fixed": "a contact point stays with its customer and kind",
    "server.contact_primary": "a contact point is primary or not",
    "conflict.contact_kept_both": "{value} also belongs to customer {owner}; both records were kept",
    "conflict.customer_field_kept": "{name}: the {field} had been changed by someone else meanwhile; yours was not "
                                    "applied",
    # --- saved views: what a view is and who may write it (services/view_spec.py)
    "view.spec_too_large": "the view's filters are larger than {most} KiB",
    "view.spec_not_json": "the view's filters are not valid JSON",
    "view.spec_not_object": "the view's filters must be an object",
    "view.spec_version": "the view was saved by another version of AgentDesk (format {version})",
    "view.spec_problem": "{field}: {detail}",
    "view.spec_problems": "{field}: {detail} (and {more} more)",
    "view.name_missing": "a view needs a name",
    "view.name_length": "a view's name has at most {most} characters",
    "view.name_control": "the name cannot hold control characters",
    "view.text_control": "the text search cannot hold control characters",
    "view.assignee_value": "the assignee is 'me', 'none' or an id",
    "view.team_value": "the team is 'mine' or an id",
    "view.too_many_conditions": "a view has at most {most} conditions",
    "view.time_needs_bound": "a time filter needs within_hours or older_than_hours",
    "view.time_matches_nothing": "older_than_hours must be less than within_hours (nothing would match)",
    "view.invalid_scope": "invalid view scope {scope}: expected personal or team",
    "view.personal_no_team": "a personal view belongs to no team",
    "view.personal_owner": "a personal view belongs to the agent who saved it",
    "view.share_leads_only": "only a lead or admin can share views with a team; duplicate it into your own views",
    "view.team_needed": "a team view needs the team it is shared with",
    "view.own_team_only": "a lead shares views with their own team only",
    # --- saved views: the agent's lists (services/saved_views.py)
    "view.not_found": "no saved view '{ref}'",
    "view.unreadable": "saved view {name} cannot be read",
    "view.skipped": "saved view {name} was skipped: {error}",
    "view.unnamed": "(unnamed)",
    "view.unknown": "unknown view '{ref}': expected one of {builtin}, or a saved view (yours and your team's: {names})",
    "view.none_yet": "none yet",
    "view.name_taken_personal": "your views already have one named “{name}”",
    "view.name_taken_team": "the team's views already have one named “{name}”",
    "view.list_full": "at most {most} views in one list; delete one first",
    # supervisor metrics and work time (issue 13)
    "metrics.unknown_zone": "unknown time zone '{zone}'",
    "metrics.unknown_team": "no team is named '{team}' (teams: {known})",
    "metrics.range": "the period starts after it ends: {start} is after {end}",
    "metrics.too_long": "a period is at most {most} days",
    "metrics.unknown_metric": "unknown metric '{key}': expected one of {allowed}",
    "metrics.hour": "an hour of the day is 0 to 23, in a one-day period (got {hour})",
    "metrics.days": "a chart covers 1 to 366 days (got {days})",
    "work.kind": "invalid kind of work {kind}: expected one of {allowed}",
    "work.seconds": "recorded time is a whole number of seconds from 1 to {most}",
    "work.start": "the work's start time is not a valid time with a zone",
    "work.future": "the work's start time is in the future",
    "work.other_team": "ticket #{number} is another team's: time is recorded on your team's tickets",
    "work.own_time": "an agent records only their own time",
    # --- the team server: saved views (server/handlers.py)
    "server.view_fields": "unknown view fields",
    "server.view_position": "a view's position is a whole number from 0 to 10,000",
    "server.view_list_full": "at most {most} views in one list",
    # --- staffing: Erlang C (erlang.py, services/staffing.py)
    "erlang.not_a_number": "{field} must be a finite number, not {value}",
    "erlang.negative": "{field} must not be negative (got {value})",
    "erlang.not_positive": "{field} must be more than 0 (got {value})",
    "erlang.target_range": "the target service level must be more than 0 and less than 1 (got {value})",
    "erlang.shrinkage_range": "shrinkage must be at least 0 and less than 1 (got {value})",
    "erlang.agents_range": "agents must be a whole number up to {most} (got {value})",
    "erlang.too_many_agents": "{traffic} Erlangs need more than {most} agents to meet the target",
    "staffing.period_order": "the period ends ({end}) before it starts ({start})",
    "staffing.period_too_long": "a staffing period has at most {most} days ({days} given)",
    "staffing.no_days": "the period from {start} to {end} has no day on the chosen weekdays",
    "staffing.no_channels": "choose at least one channel",
    "staffing.unknown_team": "no team '{name}'",
    # --- exports (services/export.py)
    "export.format": "invalid export format '{value}': expected csv or xlsx",
    "export.too_many_rows": "an XLSX sheet holds at most {most} rows; export this list as CSV",
    # --- quality reviews (agentdesk/review_rules.py, services/reviews.py, server/handlers.py)
    "review.label_missing": "the {what} is missing",
    "review.label_length": "the {what} has at most {most} characters",
    "review.label_control": "the {what} cannot hold control characters",
    "review.item_shape": "a rubric item must be an object",
    "review.item_fields": "a rubric item has unknown fields: {fields}",
    "review.item_key": "invalid rubric item key {key}: use up to 32 lower-case letters, digits or '_', starting with a letter",
    "review.item_weight": "the weight of {key} must be a number above 0 and at most {most}",
    "review.item_points": "the maximum points of {key} must be a whole number from 1 to {most}",
    "review.item_auto_fail": "auto_fail of {key} must be true or false",
    "review.rubric_empty": "a rubric needs at least one item",
    "review.rubric_too_many": "a rubric has at most {most} items",
    "review.item_duplicate": "the rubric has item {key} twice",
    "review.rubric_leads_only": "only a lead or admin can change a rubric",
    "review.rubric_own_team": "a lead changes their own team's rubric only",
    "review.rubric_not_found": "no rubric {ref}",
    "review.rubric_in_use": "the rubric {name} has reviews: save the change as a new rubric",
    "review.no_rubric": "no active rubric for this team: add one first",
    "review.rubric_inactive": "the rubric {name} is not in use",
    "review.scores_shape": "the scores must be an object of item: points",
    "review.score_unknown_item": "the rubric has no item {key}",
    "review.score_missing": "{key} is not scored",
    "review.score_range": "{key} takes whole points from 0 to {most}",
    "review.score_arg": "invalid score {value}: write key=points, e.g. greeting=4",
    "review.comments_shape": "the comments must be an object of item: text",
    "review.comment_shape": "the {what} comment must be text",
    "review.comment_length": "the {what} comment has at most {most} characters",
    "review.leads_only": "only a lead or admin can write a quality review",
    "review.not_yourself": "nobody reviews their own work",
    "review.own_team_only": "a lead reviews only the agents of their own team",
    "review.not_handled": "ticket #{number} is not handled yet: only a solved or closed ticket is reviewed",
    "review.not_their_ticket": "ticket #{number} was not handled by that agent",
    "review.no_assignee": "ticket #{number} has no assignee to review",
    "review.protected_contact": "ticket #{number} is an abusive contact: it is left out of quality reviews",
    "review.already_reviewed": "ticket #{number} has been reviewed already",
    "review.not_visible": "you may not see the reviews of {name}",
    "review.sample_size": "a sample holds 1 to {most} tickets",
    "server.review_fields": "unknown review fields",
    "server.rubric_fields": "unknown rubric fields",
    "server.rubric_active": "a rubric's active mark is true or false",
    "review.team_not_found": "no team '{ref}'",
    # --- routing and priority rules (agentdesk/routing.py, services/routing.py, server/routing.py)
    "routing.mode": "invalid routing mode {mode}: expected one of {allowed}",
    "routing.rules_not_list": "the priority rules must be a list",
    "routing.too_many_rules": "at most {most} priority rules",
    "routing.age_twice": "two age rules with the same minutes",
    "routing.rule_not_object": "priority rule {n} is not an object",
    "routing.rule_kind": "priority rule {n}: unknown kind {kind}: expected one of {allowed}",
    "routing.rule_fields": "priority rule {n}: unknown fields {fields}",
    "routing.rule_list": "priority rule {n}: {field} needs 1 to {most} entries",
    "routing.rule_entry": "priority rule {n}: each of {field} has 1 to {most} characters",
    "routing.rule_value": "priority rule {n}: invalid {field} {value}: expected one of {allowed}",
    "routing.age_minutes": "priority rule {n}: minutes must be a whole number from 1 to {most}",
    "routing.skills_shape": "skills must be an object with channels, languages and categories lists",
    "routing.skills_list": "the {field} of an agent's skills is a list of at most {most}",
    "routing.skill_value": "invalid skill {field} {value}",
    "routing.capacity": "capacity must be a whole number from 0 to {most}",
    "routing.leads_only": "only a lead of the team or an admin can change its routing",
    "routing.profile_leads_only": "only a lead of the agent's team or an admin can change an agent's capacity and skills",
    "routing.own_capacity_raise": "you cannot raise your own capacity; ask your lead",
    "routing.team_needed": "which team? give --team (teams: {names})",
    "routing.no_team": "no team '{ref}'",
    "server.routing_fields": "unknown routing rule fields",
    "server.routing_id": "a team's routing rules have the id derived from the team",
    "server.profile_fields": "an agent profile change holds capacity or skills, nothing else",
    # --- agent states and agent protection (issue 13: agent_states.py, protection_rules.py)
    "agent_state.unknown": "invalid agent status {status}: expected one of {allowed}",
    "protection.kind": "invalid incident kind {kind}: expected one of {allowed}",
    "protection.level": "a warning is level 1 or 2, not {level}",
    "protection.reason_text": "the reason is text",
    "protection.reason_long": "the reason has at most {most} characters",
    "protection.reason_needed": "ending a contact needs a reason",
    "protection.own_only": "agents record protection incidents only for themselves",
    "protection.own_team": "protection incidents are recorded on tickets of your own team",
    "protection.no_message": "only a warning names the script message it sent",
    "protection.script_needed": "a warning names the script message it sent",
    "protection.script_mismatch": "the warning's script is not your reply or call log on this ticket",
    "protection.script_text": "a warning script is text of 1 to {most} characters",
    "server.incident_fields": "a protection incident carries its ticket, kind, reason and script message only",
    # --- channels (issue 14: services/channels.py, `agentdesk mail import`)
    "channel.too_large": "the message is {size}, more than the {most} one inbound message may be: nothing of it was stored",
    # --- FAQ auto-response (issue 14: autoresponse_rules.py, services/autoresponse.py, server/autoresponse.py)
    "autoresponse.leads_only": "only a lead of the team or an admin can change its automatic answers",
    "autoresponse.channel": "invalid channel {channel}: expected one of {allowed}",
    "autoresponse.threshold": "the confidence threshold is a number from {least} to {most}",
    "autoresponse.categories": "the categories are a list of at most {most}",
    "autoresponse.category": "each category has 1 to {most} characters",
    "autoresponse.enabled": "on or off is true or false",
    "server.autoresponse_fields": "unknown auto-response settings fields",
    "server.autoresponse_id": "a team's auto-response settings have the id derived from the team and channel",
    # --- knowledge search that learns (issue 16: kb_learning_rules.py, services/kb_learning.py, server/kb_learning.py)
    "kb.synonym_leads_only": "only a lead of the team or an admin can change its search synonyms",
    "kb.synonym_phrase": "a synonym's phrase has 2 to {most} characters",
    "kb.synonym_words": "a synonym's words have 1 to {most} characters",
    "kb.synonym_same": "a synonym's words must differ from its phrase",
    "kb.synonym_status": "a synonym is one of {allowed}",
    "kb.synonym_deleted": "deleted is true or false",
    "kb.synonym_too_many": "a team has at most {most} synonyms",
    "server.kb_synonym_fields": "unknown synonym fields",
    "server.kb_synonym_id": "a team's synonym has the id derived from the team and phrase",
    # --- phone calls (issue 14: call_rules.py, services/calls.py, gateway/phone_hooks.py)
    "call.disposition": "invalid call disposition {disposition}: expected one of {allowed}",
    "call.seconds": "a call's talk, hold and after-call work are whole seconds from 0 to {most}",
    "call.note_long": "call notes have at most {most} characters",
    "call.event_field": "the call event's {field} is missing or not valid",
    "call.event_time": "the call event's {field} is not a time with a zone (ISO 8601)",
    "call.too_many_events": "call {call_id} has sent {most} events already: no more are taken",
    # --- training (issue 15: training_rules.py, services/training_records.py, server/training.py)
    "training.trainers_only": "only a trainer of the team or an admin can write its training scenarios",
    "training.assign_not_allowed": "only a trainer or lead of the trainee's team, or an admin, can assign training",
    "training.own_attempts_only": "a training attempt can only be recorded by the trainee who made it",
    "training.mode": "invalid training mode {mode}: expected practice or certification",
    "training.format": "invalid scenario format {format}: expected toml or json",
    "training.note": "an assignment note has at most {most} characters",
    "training.source_empty": "the scenario is empty",
    "training.source_too_large": "a scenario has at most {most} KB",
    "training.scenario_invalid": "the scenario is not valid: {problem}",
    "training.bundled_id": "{key} is a bundled scenario's id: give yours another id",
    "training.actions_shape": "an attempt's actions are a list of objects",
    "training.too_many_actions": "an attempt has at most {most} actions",
    "training.actions_too_large": "an attempt's actions are at most {most} MB",
    "training.actions_invalid": "the attempt's actions cannot be replayed: {problem}",
    "training.clock_end": "the session's end is a number of seconds from 0 to a week",
    "training.sha_shape": "the scenario's fingerprint is 64 hexadecimal characters",
    "training.sha_mismatch": "the attempt was played on another version of scenario {key}: it cannot be scored",
    "training.no_scenario": "no scenario {key} in the bundled ones or the team's",
    "training.no_trainee": "no such trainee: {ref}",
    "training.trainee_no_team": "{name} is in no team: training is assigned within a team",
    "training.no_assignment": "no such assignment for this trainee: {ref}",
    "training.assignment_mismatch": "the attempt is not the scenario and mode assigned ({key}, {mode})",
    "training.no_attempt": "no such training attempt: {ref}",
    "training.not_yours": "you cannot see this trainee's training results",
    "training.attempt_exists": "this training attempt was recorded already",
    "training.due_at": "the due date is a time with a zone (ISO 8601)",
    "training.started_at": "the attempt's start is a time with a zone (ISO 8601), not in the future",
    "server.training_fields": "unknown training fields: {fields}",
    "server.training_id": "a team's scenario has the id derived from the team and scenario id",
}

# Timeline events: kind → English line ({actor} is who did it). Field changes come from
# the audit trail, merges from their system notes (services/tickets.py ticket_events).
EVENTS: dict[str, str] = {
    "status": "{actor} changed status {old} → {new}",
    "priority": "{actor} changed priority {old} → {new}",
    "assigned": "{actor} assigned it to {new}",
    "took": "{actor} took the ticket",
    "unassigned": "{actor} unassigned {old}",
    "reassigned": "{actor} changed assignee {old} → {new}",
    "tags_added": "{actor} added tags {tags}",
    "tags_removed": "{actor} removed tags {tags}",
    "merged": "{actor} merged #{source} into #{target}",
}


def event_english(kind: str, params: Mapping[str, Any]) -> str:
    return fill(EVENTS[kind], params)
