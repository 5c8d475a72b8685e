"""Coded refusals and timeline events in the window's language.

agentdesk/catalogue.py holds the English line of every code (what ``str()`` of a refusal
says in the CLI, the logs and on the server). This table marks the same templates for
Qt's translation tools (contexts "errors" and "events"), so the Korean catalogue has every
line; tests/test_error_catalogue.py keeps the two in step. A refusal without a code (or
with one this desk does not know) is shown as its English line. Every text a param holds
(a tag, a title, a value the agent typed) is PII-masked here, on its way to the screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from agentdesk.catalogue import fill
from agentdesk.services.pii import mask_pii
from agentdesk.ui.kit import fmt

# Params holding a stored vocabulary code ("phone", "pending"): shown as its label.
_VOCAB_PARAMS = frozenset({"channel", "status", "old_status", "new_status", "saw_status", "contact_kind"})
# Events whose old/new are vocabulary codes.
_VOCAB_EVENTS = frozenset({"status", "priority"})

_ERRORS = {
    "rule.invalid_choice": QT_TRANSLATE_NOOP("errors", "invalid {field} {value}: expected one of {allowed}"),
    "rule.nul_character": QT_TRANSLATE_NOOP("errors", "the {what} holds a NUL character"),
    "rule.subject_length": QT_TRANSLATE_NOOP("errors", "a subject needs 1 to {most} characters"),
    "rule.category_length": QT_TRANSLATE_NOOP("errors", "a category has at most {most} characters"),
    "rule.field_fixed": QT_TRANSLATE_NOOP("errors", "field {field} cannot be changed"),
    "rule.assignee_inactive": QT_TRANSLATE_NOOP("errors", "the assignee is not an active agent"),
    "rule.assignee_other_team": QT_TRANSLATE_NOOP("errors", "the assignee is not in the ticket's team"),
    "rule.tag_not_text": QT_TRANSLATE_NOOP("errors", "a tag is text"),
    "rule.tag_control": QT_TRANSLATE_NOOP("errors", "invalid tag {tag}: a tag cannot hold control characters"),
    "rule.tag_length": QT_TRANSLATE_NOOP("errors", "invalid tag {tag}: a tag needs 1 to {most} characters"),
    "rule.message_empty": QT_TRANSLATE_NOOP("errors", "the message is empty"),
    "rule.message_kind": QT_TRANSLATE_NOOP("errors", "invalid message kind {kind}: expected reply, note or call_log"),
    "rule.merged_reopen_target": QT_TRANSLATE_NOOP("errors", "ticket #{number} was merged into {target}; reopen that "
                                                             "one instead"),
    "rule.no_arrival_time": QT_TRANSLATE_NOOP("errors", "ticket #{number} has no arrival time to measure deadlines "
                                                        "from"),
    "rule.merged_reply_target": QT_TRANSLATE_NOOP("errors", "ticket #{number} was merged into {target}; reply there"),
    "rule.reply_undeliverable": QT_TRANSLATE_NOOP("errors", "ticket #{number} came in by {channel}, which cannot "
                                                            "deliver a reply; add a note or a call log instead"),
    "merge.into_itself": QT_TRANSLATE_NOOP("errors", "a ticket cannot be merged into itself"),
    "merge.already_merged": QT_TRANSLATE_NOOP("errors", "#{number} was already merged into {target}"),
    "merge.target_merged": QT_TRANSLATE_NOOP("errors", "#{number} was itself merged; merge into {target}"),
    "merge.unsaved": QT_TRANSLATE_NOOP("errors", "a ticket is merged once it is saved"),
    "merge.another_ticket": QT_TRANSLATE_NOOP("errors", "another ticket"),
    "merge.the_target_of_target": QT_TRANSLATE_NOOP("errors", "the ticket it was merged into"),
    "value.invalid_choice": QT_TRANSLATE_NOOP("errors", "invalid {field} '{value}': expected one of {allowed}"),
    "agent.no_login": QT_TRANSLATE_NOOP("errors", "no agent with login '{login}'"),
    "agent.none_yet": QT_TRANSLATE_NOOP("errors", "this workspace has no agents yet; run 'agentdesk demo-data' or "
                                                  "add one"),
    "agent.not_found": QT_TRANSLATE_NOOP("errors", "no agent '{ref}'"),
    "agent.gone": QT_TRANSLATE_NOOP("errors", "agent not found"),
    "customer.not_a_phone": QT_TRANSLATE_NOOP("errors", "'{value}' is not a phone number"),
    "customer.find_what": QT_TRANSLATE_NOOP("errors", "give a phone number, an email address or a name"),
    "customer.not_found": QT_TRANSLATE_NOOP("errors", "no customer '{ref}'"),
    "ticket.not_found": QT_TRANSLATE_NOOP("errors", "no ticket '{ref}'"),
    "ticket.unknown_view": QT_TRANSLATE_NOOP("errors", "unknown view '{view}': expected one of {allowed}"),
    "followup.unknown_zone": QT_TRANSLATE_NOOP("errors", "unknown time zone '{zone}'"),
    "followup.quick_picks_naive": QT_TRANSLATE_NOOP("errors", "quick picks need an aware local time"),
    "followup.snooze_choices_naive": QT_TRANSLATE_NOOP("errors", "snooze choices need an aware local time"),
    "followup.not_found": QT_TRANSLATE_NOOP("errors", "no such follow-up in your calendar"),
    "followup.title_empty": QT_TRANSLATE_NOOP("errors", "a follow-up needs a title"),
    "followup.title_too_long": QT_TRANSLATE_NOOP("errors", "title is longer than {most} characters"),
    "followup.due_naive": QT_TRANSLATE_NOOP("errors", "due time must be a time-zone-aware date and time"),
    "followup.due_outside": QT_TRANSLATE_NOOP("errors", "due time {date} is outside {first}–{last}"),
    "followup.snooze_not_open": QT_TRANSLATE_NOOP("errors", "only an open follow-up can be snoozed"),
    "followup.already_done": QT_TRANSLATE_NOOP("errors", "this follow-up is already done"),
    "followup.no_ticket": QT_TRANSLATE_NOOP("errors", "this follow-up is not linked to a ticket"),
    "rrule.one_rule": QT_TRANSLATE_NOOP("errors", "invalid repeat rule: give one RRULE such as FREQ=WEEKLY;BYDAY=MO"),
    "rrule.until_not_date": QT_TRANSLATE_NOOP("errors", "invalid repeat rule: UNTIL={until} is not a date"),
    "rrule.too_long": QT_TRANSLATE_NOOP("errors", "repeat rule is longer than {most} characters"),
    "rrule.part_range": QT_TRANSLATE_NOOP("errors", "invalid repeat rule '{rule}': {part} must be between {low} and "
                                                    "{high}"),
    "rrule.interval_range": QT_TRANSLATE_NOOP("errors", "invalid repeat rule '{rule}': INTERVAL must be between 1 "
                                                        "and {most}"),
    "rrule.count_positive": QT_TRANSLATE_NOOP("errors", "invalid repeat rule '{rule}': COUNT must be a positive "
                                                        "number"),
    "rrule.freq": QT_TRANSLATE_NOOP("errors", "invalid repeat rule '{rule}': FREQ must be one of {allowed}"),
    "rrule.invalid": QT_TRANSLATE_NOOP("errors", "invalid repeat rule '{rule}': {detail}"),
    "rrule.series_too_long": QT_TRANSLATE_NOOP("errors", "repeat rule '{rule}' repeats more than {most} times from "
                                                         "{start}: start it nearer today"),
    "rrule.never_occurs": QT_TRANSLATE_NOOP("errors", "repeat rule '{rule}' has no occurrence after the due time"),
    "ics.event": QT_TRANSLATE_NOOP("errors", "event {index}"),
    "ics.event_uid": QT_TRANSLATE_NOOP("errors", "event {index} (UID {uid})"),
    "ics.a_line": QT_TRANSLATE_NOOP("errors", "a line"),
    "ics.in_event": QT_TRANSLATE_NOOP("errors", "{where}: {error}"),
    "ics.missing_dtstart": QT_TRANSLATE_NOOP("errors", "{where}: missing DTSTART"),
    "ics.invalid_dtstart_detail": QT_TRANSLATE_NOOP("errors", "{where}: invalid DTSTART: {detail}"),
    "ics.dtstart_zone": QT_TRANSLATE_NOOP("errors", "{where}: unknown time zone '{zone}' in DTSTART"),
    "ics.invalid_dtstart": QT_TRANSLATE_NOOP("errors", "{where}: invalid DTSTART"),
    "ics.cannot_read": QT_TRANSLATE_NOOP("errors", "{where}: cannot read {line}: {detail}"),
    "ics.dtstart_outside_years": QT_TRANSLATE_NOOP("errors", "{where}: DTSTART is outside {first}–{last}"),
    "ics.dtstart_outside": QT_TRANSLATE_NOOP("errors", "{where}: DTSTART {date} is outside {first}–{last}"),
    "ics.many_rrules": QT_TRANSLATE_NOOP("errors", "{where}: more than one RRULE is not supported"),
    "ics.bad_ticket": QT_TRANSLATE_NOOP("errors", "{where}: X-AGENTDESK-TICKET '{value}' is not a ticket number"),
    "ics.too_big": QT_TRANSLATE_NOOP("errors", "the file is larger than {most} MB: a calendar of follow-ups is far "
                                               "smaller (split it or export a shorter range)"),
    "ics.too_many_events": QT_TRANSLATE_NOOP("errors", "the file holds {events} events: at most {most} can be "
                                                       "imported at once"),
    "ics.empty": QT_TRANSLATE_NOOP("errors", "the file is empty"),
    "ics.not_valid": QT_TRANSLATE_NOOP("errors", "not a valid iCalendar file: {detail}"),
    "ics.not_calendar": QT_TRANSLATE_NOOP("errors", "not an iCalendar file (it holds a {holds}, not a VCALENDAR)"),
    "ics.not_valid_line": QT_TRANSLATE_NOOP("errors", "not a valid iCalendar file: cannot read {line}: {detail}"),
    "ics.over_events": QT_TRANSLATE_NOOP("errors", "the file holds more than {most} events"),
    "ics.too_slow": QT_TRANSLATE_NOOP("errors", "checking the file took more than {seconds} s (at event {index}, UID "
                                                "{uid}): too many or too complex repeat rules"),
    "ics.no_events": QT_TRANSLATE_NOOP("errors", "the file contains no events"),
    "field.not_text": QT_TRANSLATE_NOOP("errors", "{field} must be text"),
    "field.empty": QT_TRANSLATE_NOOP("errors", "{field} must not be empty"),
    "field.too_long": QT_TRANSLATE_NOOP("errors", "{field} is longer than {most} characters"),
    "field.invalid": QT_TRANSLATE_NOOP("errors", "{field}: {detail}"),
    "kb.not_found": QT_TRANSLATE_NOOP("errors", "no knowledge article '{ref}'"),
    "kb.invalid_limit": QT_TRANSLATE_NOOP("errors", "invalid limit '{limit}': expected a number from 1 to {most}"),
    "kb.tags_not_list": QT_TRANSLATE_NOOP("errors", "tags must be a list of text"),
    "kb.tag_too_long": QT_TRANSLATE_NOOP("errors", "a tag is longer than {most} characters"),
    "kb.review_leads_only": QT_TRANSLATE_NOOP("errors", "only a lead or admin can review proposals ({login} is "
                                                        "{role})"),
    "kb.propose_unpublished": QT_TRANSLATE_NOOP("errors", "only a published article can be edited by a proposal"),
    "kb.not_a_proposal": QT_TRANSLATE_NOOP("errors", "'{title}' is not a proposal waiting for review (it is {status})"),
    "kb.original_unpublished": QT_TRANSLATE_NOOP("errors", "the article this edit was proposed for is no longer "
                                                           "published"),
    "kb.import_not_object": QT_TRANSLATE_NOOP("errors", "expected a JSON object with external_id, title and body"),
    "kb.import_tag_nul": QT_TRANSLATE_NOOP("errors", "a tag must not contain a NUL character (\\u0000)"),
    "kb.import_field_nul": QT_TRANSLATE_NOOP("errors", "{field} must not contain a NUL character (\\u0000)"),
    "kb.import_language": QT_TRANSLATE_NOOP("errors", "invalid language '{value}': expected one of {allowed}"),
    "kb.import_visibility": QT_TRANSLATE_NOOP("errors", "invalid visibility '{value}': expected one of {allowed}"),
    "kb.import_article": QT_TRANSLATE_NOOP("errors", "article {index}: {error}"),
    "template.prompt_required": QT_TRANSLATE_NOOP("errors", "'{label}' is required"),
    "template.prompt_choose": QT_TRANSLATE_NOOP("errors", "'{label}': choose one of {choices}"),
    "template.prompt_expected": QT_TRANSLATE_NOOP("errors", "'{label}': expected {expected}, got '{value}'"),
    "template.expect_amount": QT_TRANSLATE_NOOP("errors", "an amount in won, e.g. 12,000"),
    "template.expect_date": QT_TRANSLATE_NOOP("errors", "a date, e.g. 2026-11-23"),
    "template.expect_datetime": QT_TRANSLATE_NOOP("errors", "a date and time, e.g. 2026-11-23 15:30"),
    "template.unknown_sort": QT_TRANSLATE_NOOP("errors", "unknown sort '{sort}': expected one of {allowed}"),
    "template.not_found": QT_TRANSLATE_NOOP("errors", "no template '{ref}'"),
    "template.shortcut_word": QT_TRANSLATE_NOOP("errors", "shortcut '{shortcut}' must be one word of at most {most} "
                                                          "characters"),
    "template.title_empty": QT_TRANSLATE_NOOP("errors", "a template needs a title"),
    "template.body_empty": QT_TRANSLATE_NOOP("errors", "template '{title}' has no text"),
    "template.body_too_long": QT_TRANSLATE_NOOP("errors", "template '{title}' is too long: {size} characters (at "
                                                          "most {most})"),
    "template.in_template": QT_TRANSLATE_NOOP("errors", "template '{title}': {error}"),
    "template.invalid_scope": QT_TRANSLATE_NOOP("errors", "template '{title}': invalid scope '{scope}': expected "
                                                          "team or personal"),
    "template.invalid_language": QT_TRANSLATE_NOOP("errors", "template '{title}': invalid language '{language}' "
                                                             "(e.g. ko, en)"),
    "template.shortcut_taken": QT_TRANSLATE_NOOP("errors", "template '{title}': shortcut '{shortcut}' is already "
                                                           "used by '{other}'"),
    "template.in_file": QT_TRANSLATE_NOOP("errors", "template {index} in the file: {error}"),
    "template.id_of_another": QT_TRANSLATE_NOOP("errors", "template '{title}': its id belongs to another agent's "
                                                          "personal template"),
    "template.file_too_big": QT_TRANSLATE_NOOP("errors", "{path} is too big for a templates file (over {most} MB)"),
    "template.file_not_json": QT_TRANSLATE_NOOP("errors", "{path} is not a JSON templates file: {detail}"),
    "template.file_too_deep": QT_TRANSLATE_NOOP("errors", "{path} is not a templates file: its JSON is nested too "
                                                          "deeply"),
    "file.not_found": QT_TRANSLATE_NOOP("errors", "no such file: {path}"),
    "file.unreadable": QT_TRANSLATE_NOOP("errors", "cannot read {path}: {reason}"),
    "file.unwritable": QT_TRANSLATE_NOOP("errors", "cannot write {path}: {reason}"),
    "macro.no_assignee": QT_TRANSLATE_NOOP("errors", "macro: no agent '{login}' to assign to"),
    "macro.follow_up_needs_date": QT_TRANSLATE_NOOP("errors", "the follow-up '{title}' needs the date asked by "
                                                              "'{prompt}'"),
    "macro.follow_up_title_unfilled": QT_TRANSLATE_NOOP("errors", "the follow-up title cannot be filled: {detail}"),
    "macro.follow_up_title_long": QT_TRANSLATE_NOOP("errors", "macro follow_up: the title is too long for a title "
                                                              "(at most {most} characters)"),
    "macro.follow_up_title_error": QT_TRANSLATE_NOOP("errors", "macro follow_up: title: {detail}"),
    "macro.follow_up_number": QT_TRANSLATE_NOOP("errors", "macro follow_up: {field} must be a positive number of at "
                                                          "most {most}"),
    "macro.follow_up_title": QT_TRANSLATE_NOOP("errors", "macro follow_up needs a title"),
    "macro.follow_up_at_prompt": QT_TRANSLATE_NOOP("errors", "macro follow_up: at_prompt '{prompt}' is not a date or "
                                                             "datetime prompt of this template"),
    "macro.follow_up_kind": QT_TRANSLATE_NOOP("errors", "macro follow_up: invalid kind '{kind}': expected follow_up "
                                                        "or callback"),
    "macro.follow_up_when": QT_TRANSLATE_NOOP("errors", "macro follow_up needs in_hours, in_days or at_prompt (when "
                                                        "it is due)"),
    "macro.tags_list": QT_TRANSLATE_NOOP("errors", "macro {key} must be a list of tags"),
    "macro.invalid_status": QT_TRANSLATE_NOOP("errors", "macro: invalid status '{value}': expected one of {allowed}"),
    "macro.invalid_priority": QT_TRANSLATE_NOOP("errors", "macro: invalid priority '{value}': expected one of "
                                                          "{allowed}"),
    "macro.assignee_text": QT_TRANSLATE_NOOP("errors", "macro assignee must be 'me', 'none' or an agent's login"),
    "macro.follow_up_object": QT_TRANSLATE_NOOP("errors", "macro follow_up must be an object such as {\"in_hours\": "
                                                          "24, \"title\": \"…\"}"),
    "macro.not_object": QT_TRANSLATE_NOOP("errors", "a macro must be an object such as {\"status\": \"pending\"}"),
    "macro.unknown_action": QT_TRANSLATE_NOOP("errors", "unknown macro action '{key}': expected status, priority, "
                                                        "add_tags, remove_tags, assignee, follow_up"),
    "prompt.bad_name": QT_TRANSLATE_NOOP("errors", "{where}: name '{name}' must be letters, digits and _ (used as "
                                                   "input.{used})"),
    "prompt.bad_type": QT_TRANSLATE_NOOP("errors", "prompt '{name}': invalid type '{type}': expected one of {allowed}"),
    "prompt.no_choices": QT_TRANSLATE_NOOP("errors", "prompt '{name}': a choice needs a list of choices"),
    "prompt.choices_not_choice": QT_TRANSLATE_NOOP("errors", "prompt '{name}': only a choice prompt has choices"),
    "prompt.not_list": QT_TRANSLATE_NOOP("errors", "prompts must be a list of {name, label, type, required}"),
    "prompt.not_object": QT_TRANSLATE_NOOP("errors", "prompt {index} must be an object with name, label and type"),
    "prompt.name_twice": QT_TRANSLATE_NOOP("errors", "prompt {index}: the name '{name}' is used twice"),
    "schema.unknown_key": QT_TRANSLATE_NOOP("errors", "{where}: unknown key '{key}'"),
    "schema.field_problem": QT_TRANSLATE_NOOP("errors", "{where}: {field}: {detail}"),
    "schema.problem": QT_TRANSLATE_NOOP("errors", "{where}: {detail}"),
    "template.file_format": QT_TRANSLATE_NOOP("errors", "not an AgentDesk templates file (expected \"format\": "
                                                        "\"{format}\")"),
    "template.file_version": QT_TRANSLATE_NOOP("errors", "unsupported templates file version {version} (this "
                                                         "AgentDesk reads {reads})"),
    "template.file_no_list": QT_TRANSLATE_NOOP("errors", "the templates file has no \"templates\" list"),
    "template.file_item": QT_TRANSLATE_NOOP("errors", "template {index} in the file is not an object"),
    "sync.agent_not_here": QT_TRANSLATE_NOOP("errors", "agent '{login}' is not in this replica yet; sync first"),
    "sync.only_messages": QT_TRANSLATE_NOOP("errors", "only replies and notes can be written in a team workspace"),
    "sync.articles_on_server": QT_TRANSLATE_NOOP("errors", "articles are added on the team server (agentdesk kb "
                                                           "import --db …); from a team workspace you can propose "
                                                           "one"),
    "sync.needs_server": QT_TRANSLATE_NOOP("errors", "this change ({table}) cannot be made from a team workspace's "
                                                     "local copy yet; an admin or lead can make it on the server"),
    "sync.merge_fixed": QT_TRANSLATE_NOOP("errors", "a merged ticket cannot be moved or unmerged from a team "
                                                    "workspace"),
    "sync.merge_command": QT_TRANSLATE_NOOP("errors", "merging tickets goes through the merge command"),
    "followup.title_bounds": QT_TRANSLATE_NOOP("errors", "a follow-up needs a title of at most {most} characters"),
    "followup.naive_datetime": QT_TRANSLATE_NOOP("errors", "naive datetime given where a zone is required"),
    "server.mutation_not_object": QT_TRANSLATE_NOOP("errors", "a mutation must be an object"),
    "server.mutation_id": QT_TRANSLATE_NOOP("errors", "a mutation needs a valid mutation_id"),
    "server.mutation_id_used": QT_TRANSLATE_NOOP("errors", "this mutation id was already used"),
    "server.unknown_op": QT_TRANSLATE_NOOP("errors", "unknown operation {op}"),
    "server.invalid_entity": QT_TRANSLATE_NOOP("errors", "invalid entity"),
    "server.payload_not_object": QT_TRANSLATE_NOOP("errors", "a mutation's payload must be an object"),
    "server.entity_id": QT_TRANSLATE_NOOP("errors", "a mutation needs a valid entity_id"),
    "server.too_large": QT_TRANSLATE_NOOP("errors", "the change is larger than {most} KiB"),
    "server.unknown_agent": QT_TRANSLATE_NOOP("errors", "unknown agent '{login}'"),
    "server.agent_removed": QT_TRANSLATE_NOOP("errors", "your agent was removed"),
    "server.malformed": QT_TRANSLATE_NOOP("errors", "malformed {op} ({error})"),
    "server.not_allowed": QT_TRANSLATE_NOOP("errors", "not allowed for your role and team"),
    "server.does_not_fit": QT_TRANSLATE_NOOP("errors", "the change does not fit the server's data and was not applied"),
    "server.invalid_id": QT_TRANSLATE_NOOP("errors", "invalid {what} {value}"),
    "server.fields_shape": QT_TRANSLATE_NOOP("errors", "a change's fields are {name: [old, new]}"),
    "server.ticket_gone": QT_TRANSLATE_NOOP("errors", "the ticket no longer exists on the server"),
    "server.ticket_other_team": QT_TRANSLATE_NOOP("errors", "ticket #{number} belongs to another team"),
    "server.follow_up_owner": QT_TRANSLATE_NOOP("errors", "a follow-up belongs to the agent who makes it"),
    "server.follow_up_kind": QT_TRANSLATE_NOOP("errors", "invalid follow-up kind {kind}"),
    "server.follow_up_due": QT_TRANSLATE_NOOP("errors", "a follow-up needs a due time with a zone"),
    "server.no_customer": QT_TRANSLATE_NOOP("errors", "no such customer in your team's workspace"),
    "server.follow_up_empty": QT_TRANSLATE_NOOP("errors", "a follow-up's {field} cannot be empty"),
    "server.follow_up_invalid": QT_TRANSLATE_NOOP("errors", "invalid follow-up {field}"),
    "server.follow_up_too_long": QT_TRANSLATE_NOOP("errors", "the follow-up's {field} is too long"),
    "server.follow_up_status": QT_TRANSLATE_NOOP("errors", "invalid follow-up status {status}"),
    "server.row_gone": QT_TRANSLATE_NOOP("errors", "the {what} no longer exists on the server"),
    "server.follow_up_not_yours": QT_TRANSLATE_NOOP("errors", "a follow-up can only be changed by its owner"),
    "server.follow_up_field": QT_TRANSLATE_NOOP("errors", "field {field} of a follow-up cannot be changed"),
    "server.own_status_only": QT_TRANSLATE_NOOP("errors", "agents set only their own status"),
    "server.status_pair": QT_TRANSLATE_NOOP("errors", "a status change is [old, new]"),
    "server.agent_status": QT_TRANSLATE_NOOP("errors", "invalid agent status {status}"),
    "server.article_gone": QT_TRANSLATE_NOOP("errors", "the article no longer exists on the server"),
    "server.vote_shape": QT_TRANSLATE_NOOP("errors", "a vote is helpful or not helpful"),
    "server.article_use": QT_TRANSLATE_NOOP("errors", "invalid article use {kind}"),
    "server.proposal_fields": QT_TRANSLATE_NOOP("errors", "a proposal needs a title (at most 300 characters) and a "
                                                          "body"),
    "server.tags_words": QT_TRANSLATE_NOOP("errors", "tags must be a list of words"),
    "server.proposal_done": QT_TRANSLATE_NOOP("errors", "this proposal was already {status}"),
    "server.review_action": QT_TRANSLATE_NOOP("errors", "invalid review action {action}"),
    "server.template_personal": QT_TRANSLATE_NOOP("errors", "a personal template belongs to the agent who saved it"),
    "server.template_team": QT_TRANSLATE_NOOP("errors", "only a lead or admin can change the team's templates; save "
                                                        "it as a personal template"),
    "server.template_fields": QT_TRANSLATE_NOOP("errors", "unknown template fields"),
    "server.template_scope": QT_TRANSLATE_NOOP("errors", "invalid template scope {scope}"),
    "server.template_title": QT_TRANSLATE_NOOP("errors", "a template needs a title (at most 200 characters) and a "
                                                         "body"),
    "conflict.status_applied": QT_TRANSLATE_NOOP("errors", "#{number}: status {old_status} was changed to "
                                                           "{new_status} by {agent} (who saw {saw_status})"),
    "conflict.kept_as_note": QT_TRANSLATE_NOOP("errors", "#{number}: your {field} was kept as a note; “{current}” "
                                                         "stays"),
    "conflict.kept_server": QT_TRANSLATE_NOOP("errors", "#{number}: {field} had already been changed to {current}; "
                                                        "your {mine} was not applied"),
    "conflict.follow_up_kept": QT_TRANSLATE_NOOP("errors", "follow-up “{title}”: {field} had been changed meanwhile; "
                                                           "yours was not applied"),
    "server.rate_requests": QT_TRANSLATE_NOOP("errors", "too many requests: slow down"),
    "server.rate_changes": QT_TRANSLATE_NOOP("errors", "too many changes at once: slow down"),
    "server.presence_other_team": QT_TRANSLATE_NOOP("errors", "not a ticket of your team"),
    "server.presence_leads_only": QT_TRANSLATE_NOOP("errors", "only team leads and admins see where their agents are"),
    "auth.sign_in_first": QT_TRANSLATE_NOOP("errors", "sign in first"),
    "auth.rate": QT_TRANSLATE_NOOP("errors", "too many failed sign-ins: wait a minute"),
    "auth.password_short": QT_TRANSLATE_NOOP("errors", "a password needs at least {least} characters"),
    "auth.password_long": QT_TRANSLATE_NOOP("errors", "a password may have at most {most} characters"),
    "auth.wrong": QT_TRANSLATE_NOOP("errors", "wrong login or password"),
    "auth.again": QT_TRANSLATE_NOOP("errors", "sign in again"),
    "auth.expired": QT_TRANSLATE_NOOP("errors", "the sign-in expired: sign in again"),
    "budget.too_large": QT_TRANSLATE_NOOP("errors", "template too large: {what}"),
    "budget.too_slow": QT_TRANSLATE_NOOP("errors", "template too slow: {what}"),
    "budget.too_deep": QT_TRANSLATE_NOOP("errors", "template too deep: calls nested more than {most} deep (does a "
                                                   "macro call itself?)"),
    "budget.width_percent": QT_TRANSLATE_NOOP("errors", "a field width or precision over {most} in '%' formatting"),
    "budget.width_format": QT_TRANSLATE_NOOP("errors", "a field width or precision over {most} in format()"),
    "budget.formatted": QT_TRANSLATE_NOOP("errors", "the formatted text would be over {most} characters"),
    "budget.seconds": QT_TRANSLATE_NOOP("errors", "it took more than {seconds} s to fill"),
    "budget.loop_steps": QT_TRANSLATE_NOOP("errors", "loops are limited to {most} steps in a template"),
    "budget.written": QT_TRANSLATE_NOOP("errors", "it writes more than {most} characters"),
    "budget.list_items": QT_TRANSLATE_NOOP("errors", "a list of more than {most} items"),
    "budget.batch": QT_TRANSLATE_NOOP("errors", "batch() is limited to {most} items a batch"),
    "budget.slice": QT_TRANSLATE_NOOP("errors", "slice() is limited to {most} slices"),
    "budget.round": QT_TRANSLATE_NOOP("errors", "round() is limited to {most} digits"),
    "budget.tojson": QT_TRANSLATE_NOOP("errors", "tojson() indents by at most {most} spaces"),
    "budget.sum_numbers": QT_TRANSLATE_NOOP("errors", "sum() adds numbers only"),
    "budget.would_make": QT_TRANSLATE_NOOP("errors", "{what} would make {size} characters (at most {most})"),
    "budget.made": QT_TRANSLATE_NOOP("errors", "it makes more than {most} characters of text along the way"),
    "budget.int_bits": QT_TRANSLATE_NOOP("errors", "a number over {most} bits"),
    "budget.value_chars": QT_TRANSLATE_NOOP("errors", "a value of more than {most} characters"),
    "budget.lipsum": QT_TRANSLATE_NOOP("errors", "lipsum() is limited to {paragraphs} paragraphs of {words} words"),
    "budget.exponent": QT_TRANSLATE_NOOP("errors", "the exponent is too large"),
    "budget.reply": QT_TRANSLATE_NOOP("errors", "the reply would be over {most} characters"),
    "rule.contact_kind": QT_TRANSLATE_NOOP("errors", "invalid contact kind {kind}: expected phone or email"),
    "rule.contact_not_text": QT_TRANSLATE_NOOP("errors", "a {contact_kind} is text"),
    "rule.contact_length": QT_TRANSLATE_NOOP("errors", "a {contact_kind} needs 1 to {most} characters"),
    "rule.not_a_phone": QT_TRANSLATE_NOOP("errors", "{value} is not a phone number"),
    "rule.not_an_email": QT_TRANSLATE_NOOP("errors", "{value} is not an email address"),
    "rule.customer_name_not_text": QT_TRANSLATE_NOOP("errors", "a customer's name is text"),
    "rule.customer_name_length": QT_TRANSLATE_NOOP("errors", "a customer needs a name of 1 to {most} characters"),
    "rule.customer_name_control": QT_TRANSLATE_NOOP("errors", "a customer's name cannot hold control characters"),
    "rule.first_message_kind": QT_TRANSLATE_NOOP("errors", "invalid first message {kind}: expected one of {allowed}"),
    "rule.first_message_empty": QT_TRANSLATE_NOOP("errors", "the first message is empty"),
    "rule.first_reply_undeliverable": QT_TRANSLATE_NOOP("errors", "a {channel} ticket cannot start with a public "
                                                                  "reply; log the call or add a note"),
    "customer.no_contact_owner": QT_TRANSLATE_NOOP("errors", "no customer with the {contact_kind} {ref}"),
    "customer.contact_many_owners": QT_TRANSLATE_NOOP("errors", "the {contact_kind} {ref} belongs to {count} "
                                                                "customers; give the customer's id (agentdesk "
                                                                "customer find --{option} …)"),
    "customer.duplicate_contact": QT_TRANSLATE_NOOP("errors", "{value} already belongs to customer {name}; open that "
                                                              "customer instead of adding another"),
    "customer.contact_gone": QT_TRANSLATE_NOOP("errors", "that contact point no longer exists"),
    "customer.contact_theirs_already": QT_TRANSLATE_NOOP("errors", "{value} is already one of {name}'s contact points"),
    "customer.contact_shared": QT_TRANSLATE_NOOP("errors", "{value} already belongs to {owners}"),
    "customer.name_changed_meanwhile": QT_TRANSLATE_NOOP("errors", "the customer's name was changed by someone else "
                                                                   "while you were editing"),
    "customer.notes_changed_meanwhile": QT_TRANSLATE_NOOP("errors", "the customer's notes were changed by someone "
                                                                    "else while you were editing"),
    "customer.field_changed_meanwhile": QT_TRANSLATE_NOOP("errors", "the customer's {field} was changed by someone "
                                                                    "else while you were editing"),
    "customer.the_name": QT_TRANSLATE_NOOP("errors", "name"),
    "customer.the_notes": QT_TRANSLATE_NOOP("errors", "notes"),
    "customer.the_label": QT_TRANSLATE_NOOP("errors", "label"),
    "customer.control_character": QT_TRANSLATE_NOOP("errors", "the {what} holds a control character"),
    "customer.contact_control": QT_TRANSLATE_NOOP("errors", "the {contact_kind} holds a control character"),
    "customer.name_length": QT_TRANSLATE_NOOP("errors", "a customer's name needs 1 to {most} characters"),
    "customer.notes_not_text": QT_TRANSLATE_NOOP("errors", "notes are text"),
    "customer.notes_length": QT_TRANSLATE_NOOP("errors", "notes hold at most {most} characters ({count} given)"),
    "customer.field_fixed": QT_TRANSLATE_NOOP("errors", "field {field} of a customer cannot be changed"),
    "customer.tags_length": QT_TRANSLATE_NOOP("errors", "a customer's tags hold at most {most} characters; remove "
                                                        "one first"),
    "customer.label_not_text": QT_TRANSLATE_NOOP("errors", "a label is text"),
    "customer.label_length": QT_TRANSLATE_NOOP("errors", "a label has at most {most} characters"),
    "customer.contact_kind": QT_TRANSLATE_NOOP("errors", "invalid contact kind {kind}: expected one of {allowed}"),
    "customer.handle_spaces": QT_TRANSLATE_NOOP("errors", "{value}: a handle has no spaces"),
    "customer.other_team_named": QT_TRANSLATE_NOOP("errors", "the customer {name} is served by another team; only "
                                                             "that team or an admin can edit them"),
    "customer.other_team": QT_TRANSLATE_NOOP("errors", "the customer is served by another team; only that team or an "
                                                       "admin can edit them"),
    "attachment.a_program": QT_TRANSLATE_NOOP("errors", "a program"),
    "attachment.dangerous": QT_TRANSLATE_NOOP("errors", "'{name}' is not attached: program and script files ({ext}) "
                                                        "are not accepted"),
    "attachment.too_large": QT_TRANSLATE_NOOP("errors", "'{name}' is not attached: it is {size}, a file may be at "
                                                        "most {most}"),
    "attachment.empty": QT_TRANSLATE_NOOP("errors", "'{name}' is not attached: the file is empty"),
    "attachment.too_many": QT_TRANSLATE_NOOP("errors", "at most {most} files can go with one message"),
    "attachment.message_too_large": QT_TRANSLATE_NOOP("errors", "the files of one message may be at most {most} "
                                                                "together"),
    "attachment.bad_hash": QT_TRANSLATE_NOOP("errors", "an attachment names its content by a SHA-256 in hex"),
    "attachment.draft_file_gone": QT_TRANSLATE_NOOP("errors", "an attached file is no longer in this draft; attach "
                                                              "it again"),
    "attachment.not_found": QT_TRANSLATE_NOOP("errors", "no such attachment"),
    "attachment.not_on_desk": QT_TRANSLATE_NOOP("errors", "the content of '{name}' is not on this desk"),
    "attachment.content_mismatch": QT_TRANSLATE_NOOP("errors", "the content of '{name}' that arrived is not the file "
                                                               "that was sent"),
    "attachment.shape": QT_TRANSLATE_NOOP("errors", "an attachment is {id, filename, sha256}"),
    "attachment.invalid_id": QT_TRANSLATE_NOOP("errors", "invalid attachment id"),
    "attachment.not_uploaded": QT_TRANSLATE_NOOP("errors", "the content of '{name}' was not uploaded to the server"),
    "bulk.too_many": QT_TRANSLATE_NOOP("errors", "a bulk action changes at most {most} tickets at once; {count} are "
                                                 "selected"),
    "bulk.nothing_chosen": QT_TRANSLATE_NOOP("errors", "choose what to change"),
    "bulk.nothing_to_undo": QT_TRANSLATE_NOOP("errors", "there is nothing to undo"),
    "bulk.merge_no_sources": QT_TRANSLATE_NOOP("errors", "choose at least one other ticket to merge into the target"),
    "kb.visibility_leads_only": QT_TRANSLATE_NOOP("errors", "only a lead or admin can mark an article public or "
                                                            "internal (this agent is {role})"),
    "kb.invalid_visibility": QT_TRANSLATE_NOOP("errors", "invalid visibility '{value}': expected one of {allowed}"),
    "kb.proposal_visibility": QT_TRANSLATE_NOOP("errors", "a proposal is marked when it is published, not before"),
    "hours.invalid": QT_TRANSLATE_NOOP("errors", "invalid working hours '{text}': write them like 'Mon-Fri "
                                                 "09:00-18:00'"),
    "hours.time_range": QT_TRANSLATE_NOOP("errors", "invalid working hours '{text}': the times must be from 00:00 to "
                                                    "23:59"),
    "hours.start_end": QT_TRANSLATE_NOOP("errors", "working hours need a start before the end and at least one day"),
    "hours.due_needs_zone": QT_TRANSLATE_NOOP("errors", "a due time needs its time zone"),
    "template.staged_not_object": QT_TRANSLATE_NOOP("errors", "not an object"),
    "sync.mention_with_note": QT_TRANSLATE_NOOP("errors", "a mention is made by writing a note that mentions a "
                                                          "colleague"),
    "sync.contact_fixed": QT_TRANSLATE_NOOP("errors", "a contact point stays with its customer and kind; remove it "
                                                      "and add a new one"),
    "sync.attachment_with_message": QT_TRANSLATE_NOOP("errors", "files are attached to a new reply or note, with it"),
    "server.mention_read_own": QT_TRANSLATE_NOOP("errors", "only the agent who was mentioned can mark it read"),
    "server.record_list": QT_TRANSLATE_NOOP("errors", "a new record's {name} are a list of objects"),
    "server.ticket_first_message": QT_TRANSLATE_NOOP("errors", "a new ticket needs its first message"),
    "server.invalid_customer_id": QT_TRANSLATE_NOOP("errors", "invalid customer id"),
    "server.invalid_agent_id": QT_TRANSLATE_NOOP("errors", "invalid agent id"),
    "server.no_team_tickets": QT_TRANSLATE_NOOP("errors", "an agent without a team cannot open tickets"),
    "server.own_team_tickets": QT_TRANSLATE_NOOP("errors", "a ticket can only be opened in your own team"),
    "server.customer_tags_shape": QT_TRANSLATE_NOOP("errors", "a customer's tags change is {add: [...], remove: "
                                                              "[...]}"),
    "server.contact_fields": QT_TRANSLATE_NOOP("errors", "a contact point carries its customer, kind, value, label "
                                                         "and primary flag only"),
    "server.contact_fixed": QT_TRANSLATE_NOOP("errors", "a contact point stays with its customer and kind"),
    "server.contact_primary": QT_TRANSLATE_NOOP("errors", "a contact point is primary or not"),
    "conflict.contact_kept_both": QT_TRANSLATE_NOOP("errors", "{value} also belongs to customer {owner}; both "
                                                              "records were kept"),
    "conflict.customer_field_kept": QT_TRANSLATE_NOOP("errors", "{name}: the {field} had been changed by someone "
                                                                "else meanwhile; yours was not applied"),
    # --- saved views: what a view is and who may write it (services/view_spec.py)
    "view.spec_too_large": QT_TRANSLATE_NOOP("errors", "the view's filters are larger than {most} KiB"),
    "view.spec_not_json": QT_TRANSLATE_NOOP("errors", "the view's filters are not valid JSON"),
    "view.spec_not_object": QT_TRANSLATE_NOOP("errors", "the view's filters must be an object"),
    "view.spec_version": QT_TRANSLATE_NOOP("errors", "the view was saved by another version of AgentDesk (format {version})"),
    "view.spec_problem": QT_TRANSLATE_NOOP("errors", "{field}: {detail}"),
    "view.spec_problems": QT_TRANSLATE_NOOP("errors", "{field}: {detail} (and {more} more)"),
    "view.name_missing": QT_TRANSLATE_NOOP("errors", "a view needs a name"),
    "view.name_length": QT_TRANSLATE_NOOP("errors", "a view's name has at most {most} characters"),
    "view.name_control": QT_TRANSLATE_NOOP("errors", "the name cannot hold control characters"),
    "view.text_control": QT_TRANSLATE_NOOP("errors", "the text search cannot hold control characters"),
    "view.assignee_value": QT_TRANSLATE_NOOP("errors", "the assignee is 'me', 'none' or an id"),
    "view.team_value": QT_TRANSLATE_NOOP("errors", "the team is 'mine' or an id"),
    "view.too_many_conditions": QT_TRANSLATE_NOOP("errors", "a view has at most {most} conditions"),
    "view.time_needs_bound": QT_TRANSLATE_NOOP("errors", "a time filter needs within_hours or older_than_hours"),
    "view.time_matches_nothing": QT_TRANSLATE_NOOP("errors", "older_than_hours must be less than within_hours (nothing would match)"),
    "view.invalid_scope": QT_TRANSLATE_NOOP("errors", "invalid view scope {scope}: expected personal or team"),
    "view.personal_no_team": QT_TRANSLATE_NOOP("errors", "a personal view belongs to no team"),
    "view.personal_owner": QT_TRANSLATE_NOOP("errors", "a personal view belongs to the agent who saved it"),
    "view.share_leads_only": QT_TRANSLATE_NOOP("errors", "only a lead or admin can share views with a team; "
                                                           "duplicate it into your own views"),
    "view.team_needed": QT_TRANSLATE_NOOP("errors", "a team view needs the team it is shared with"),
    "view.own_team_only": QT_TRANSLATE_NOOP("errors", "a lead shares views with their own team only"),
    # --- saved views: the agent's lists (services/saved_views.py)
    "view.not_found": QT_TRANSLATE_NOOP("errors", "no saved view '{ref}'"),
    "view.unreadable": QT_TRANSLATE_NOOP("errors", "saved view {name} cannot be read"),
    "view.skipped": QT_TRANSLATE_NOOP("errors", "saved view {name} was skipped: {error}"),
    "view.unnamed": QT_TRANSLATE_NOOP("errors", "(unnamed)"),
    "view.unknown": QT_TRANSLATE_NOOP("errors", "unknown view '{ref}': expected one of {builtin}, or a saved view "
                                               "(yours and your team's: {names})"),
    "view.none_yet": QT_TRANSLATE_NOOP("errors", "none yet"),
    "view.name_taken_personal": QT_TRANSLATE_NOOP("errors", "your views already have one named “{name}”"),
    "view.name_taken_team": QT_TRANSLATE_NOOP("errors", "the team's views already have one named “{name}”"),
    "view.list_full": QT_TRANSLATE_NOOP("errors", "at most {most} views in one list; delete one first"),
    "metrics.unknown_zone": QT_TRANSLATE_NOOP("errors", "unknown time zone '{zone}'"),
    "metrics.unknown_team": QT_TRANSLATE_NOOP("errors", "no team is named '{team}' (teams: {known})"),
    "metrics.range": QT_TRANSLATE_NOOP("errors", "the period starts after it ends: {start} is after {end}"),
    "metrics.too_long": QT_TRANSLATE_NOOP("errors", "a period is at most {most} days"),
    "metrics.unknown_metric": QT_TRANSLATE_NOOP("errors", "unknown metric '{key}': expected one of {allowed}"),
    "metrics.hour": QT_TRANSLATE_NOOP("errors", "an hour of the day is 0 to 23, in a one-day period (got {hour})"),
    "metrics.days": QT_TRANSLATE_NOOP("errors", "a chart covers 1 to 366 days (got {days})"),
    "work.kind": QT_TRANSLATE_NOOP("errors", "invalid kind of work {kind}: expected one of {allowed}"),
    "work.seconds": QT_TRANSLATE_NOOP("errors", "recorded time is a whole number of seconds from 1 to {most}"),
    "work.start": QT_TRANSLATE_NOOP("errors", "the work's start time is not a valid time with a zone"),
    "work.future": QT_TRANSLATE_NOOP("errors", "the work's start time is in the future"),
    "work.other_team": QT_TRANSLATE_NOOP("errors", "ticket #{number} is another team's: time is recorded on your team's tickets"),
    "work.own_time": QT_TRANSLATE_NOOP("errors", "an agent records only their own time"),
    # --- the team server: saved views (server/handlers.py)
    "server.view_fields": QT_TRANSLATE_NOOP("errors", "unknown view fields"),
    "server.view_position": QT_TRANSLATE_NOOP("errors", "a view's position is a whole number from 0 to 10,000"),
    "server.view_list_full": QT_TRANSLATE_NOOP("errors", "at most {most} views in one list"),
    # --- staffing: Erlang C (erlang.py, services/staffing.py)
    "erlang.not_a_number": QT_TRANSLATE_NOOP("errors", "{field} must be a finite number, not {value}"),
    "erlang.negative": QT_TRANSLATE_NOOP("errors", "{field} must not be negative (got {value})"),
    "erlang.not_positive": QT_TRANSLATE_NOOP("errors", "{field} must be more than 0 (got {value})"),
    "erlang.target_range": QT_TRANSLATE_NOOP("errors", "the target service level must be more than 0 and less than 1 (got {value})"),
    "erlang.shrinkage_range": QT_TRANSLATE_NOOP("errors", "shrinkage must be at least 0 and less than 1 (got {value})"),
    "erlang.agents_range": QT_TRANSLATE_NOOP("errors", "agents must be a whole number up to {most} (got {value})"),
    "erlang.too_many_agents": QT_TRANSLATE_NOOP("errors", "{traffic} Erlangs need more than {most} agents to meet the target"),
    "staffing.period_order": QT_TRANSLATE_NOOP("errors", "the period ends ({end}) before it starts ({start})"),
    "staffing.period_too_long": QT_TRANSLATE_NOOP("errors", "a staffing period has at most {most} days ({days} given)"),
    "staffing.no_days": QT_TRANSLATE_NOOP("errors", "the period from {start} to {end} has no day on the chosen weekdays"),
    "staffing.no_channels": QT_TRANSLATE_NOOP("errors", "choose at least one channel"),
    "staffing.unknown_team": QT_TRANSLATE_NOOP("errors", "no team '{name}'"),
    # --- exports (services/export.py)
    "export.format": QT_TRANSLATE_NOOP("errors", "invalid export format '{value}': expected csv or xlsx"),
    "export.too_many_rows": QT_TRANSLATE_NOOP("errors", "an XLSX sheet holds at most {most} rows; export this list as CSV"),
    # --- quality reviews (agentdesk/review_rules.py, services/reviews.py, server/handlers.py)
    "review.label_missing": QT_TRANSLATE_NOOP("errors", "the {what} is missing"),
    "review.label_length": QT_TRANSLATE_NOOP("errors", "the {what} has at most {most} characters"),
    "review.label_control": QT_TRANSLATE_NOOP("errors", "the {what} cannot hold control characters"),
    "review.item_shape": QT_TRANSLATE_NOOP("errors", "a rubric item must be an object"),
    "review.item_fields": QT_TRANSLATE_NOOP("errors", "a rubric item has unknown fields: {fields}"),
    "review.item_key": QT_TRANSLATE_NOOP("errors", "invalid rubric item key {key}: use up to 32 lower-case "
                                                         "letters, digits or '_', starting with a letter"),
    "review.item_weight": QT_TRANSLATE_NOOP("errors", "the weight of {key} must be a number above 0 and at most {most}"),
    "review.item_points": QT_TRANSLATE_NOOP("errors", "the maximum points of {key} must be a whole number from 1 to {most}"),
    "review.item_auto_fail": QT_TRANSLATE_NOOP("errors", "auto_fail of {key} must be true or false"),
    "review.rubric_empty": QT_TRANSLATE_NOOP("errors", "a rubric needs at least one item"),
    "review.rubric_too_many": QT_TRANSLATE_NOOP("errors", "a rubric has at most {most} items"),
    "review.item_duplicate": QT_TRANSLATE_NOOP("errors", "the rubric has item {key} twice"),
    "review.rubric_leads_only": QT_TRANSLATE_NOOP("errors", "only a lead or admin can change a rubric"),
    "review.rubric_own_team": QT_TRANSLATE_NOOP("errors", "a lead changes their own team's rubric only"),
    "review.rubric_not_found": QT_TRANSLATE_NOOP("errors", "no rubric {ref}"),
    "review.rubric_in_use": QT_TRANSLATE_NOOP("errors", "the rubric {name} has reviews: save the change as a new rubric"),
    "review.no_rubric": QT_TRANSLATE_NOOP("errors", "no active rubric for this team: add one first"),
    "review.rubric_inactive": QT_TRANSLATE_NOOP("errors", "the rubric {name} is not in use"),
    "review.scores_shape": QT_TRANSLATE_NOOP("errors", "the scores must be an object of item: points"),
    "review.score_unknown_item": QT_TRANSLATE_NOOP("errors", "the rubric has no item {key}"),
    "review.score_missing": QT_TRANSLATE_NOOP("errors", "{key} is not scored"),
    "review.score_range": QT_TRANSLATE_NOOP("errors", "{key} takes whole points from 0 to {most}"),
    "review.score_arg": QT_TRANSLATE_NOOP("errors", "invalid score {value}: write key=points, e.g. greeting=4"),
    "review.comments_shape": QT_TRANSLATE_NOOP("errors", "the comments must be an object of item: text"),
    "review.comment_shape": QT_TRANSLATE_NOOP("errors", "the {what} comment must be text"),
    "review.comment_length": QT_TRANSLATE_NOOP("errors", "the {what} comment has at most {most} characters"),
    "review.leads_only": QT_TRANSLATE_NOOP("errors", "only a lead or admin can write a quality review"),
    "review.not_yourself": QT_TRANSLATE_NOOP("errors", "nobody reviews their own work"),
    "review.own_team_only": QT_TRANSLATE_NOOP("errors", "a lead reviews only the agents of their own team"),
    "review.not_handled": QT_TRANSLATE_NOOP("errors", "ticket #{number} is not handled yet: only a solved or closed ticket is reviewed"),
    "review.not_their_ticket": QT_TRANSLATE_NOOP("errors", "ticket #{number} was not handled by that agent"),
    "review.no_assignee": QT_TRANSLATE_NOOP("errors", "ticket #{number} has no assignee to review"),
    "review.protected_contact": QT_TRANSLATE_NOOP("errors", "ticket #{number} is an abusive contact: it is left out of quality reviews"),
    "review.already_reviewed": QT_TRANSLATE_NOOP("errors", "ticket #{number} has been reviewed already"),
    "review.not_visible": QT_TRANSLATE_NOOP("errors", "you may not see the reviews of {name}"),
    "review.sample_size": QT_TRANSLATE_NOOP("errors", "a sample holds 1 to {most} tickets"),
    "server.review_fields": QT_TRANSLATE_NOOP("errors", "unknown review fields"),
    "server.rubric_fields": QT_TRANSLATE_NOOP("errors", "unknown rubric fields"),
    "server.rubric_active": QT_TRANSLATE_NOOP("errors", "a rubric's active mark is true or false"),
    "review.team_not_found": QT_TRANSLATE_NOOP("errors", "no team '{ref}'"),
    # --- routing and priority rules (issue 13)
    "routing.mode": QT_TRANSLATE_NOOP("errors", "invalid routing mode {mode}: expected one of {allowed}"),
    "routing.rules_not_list": QT_TRANSLATE_NOOP("errors", "the priority rules must be a list"),
    "routing.too_many_rules": QT_TRANSLATE_NOOP("errors", "at most {most} priority rules"),
    "routing.age_twice": QT_TRANSLATE_NOOP("errors", "two age rules with the same minutes"),
    "routing.rule_not_object": QT_TRANSLATE_NOOP("errors", "priority rule {n} is not an object"),
    "routing.rule_kind": QT_TRANSLATE_NOOP("errors", "priority rule {n}: unknown kind {kind}: expected one of {allowed}"),
    "routing.rule_fields": QT_TRANSLATE_NOOP("errors", "priority rule {n}: unknown fields {fields}"),
    "routing.rule_list": QT_TRANSLATE_NOOP("errors", "priority rule {n}: {field} needs 1 to {most} entries"),
    "routing.rule_entry": QT_TRANSLATE_NOOP("errors", "priority rule {n}: each of {field} has 1 to {most} characters"),
    "routing.rule_value": QT_TRANSLATE_NOOP("errors", "priority rule {n}: invalid {field} {value}: expected one of {allowed}"),
    "routing.age_minutes": QT_TRANSLATE_NOOP("errors", "priority rule {n}: minutes must be a whole number from 1 to {most}"),
    "routing.skills_shape": QT_TRANSLATE_NOOP("errors", "skills must be an object with channels, languages and categories lists"),
    "routing.skills_list": QT_TRANSLATE_NOOP("errors", "the {field} of an agent's skills is a list of at most {most}"),
    "routing.skill_value": QT_TRANSLATE_NOOP("errors", "invalid skill {field} {value}"),
    "routing.capacity": QT_TRANSLATE_NOOP("errors", "capacity must be a whole number from 0 to {most}"),
    "routing.leads_only": QT_TRANSLATE_NOOP("errors", "only a lead of the team or an admin can change its routing"),
    "routing.profile_leads_only": QT_TRANSLATE_NOOP("errors", "only a lead of the agent's team or an admin can change "
                                                    "an agent's capacity and skills"),
    "routing.own_capacity_raise": QT_TRANSLATE_NOOP("errors", "you cannot raise your own capacity; ask your lead"),
    "routing.team_needed": QT_TRANSLATE_NOOP("errors", "which team? give --team (teams: {names})"),
    "routing.no_team": QT_TRANSLATE_NOOP("errors", "no team '{ref}'"),
    "server.routing_fields": QT_TRANSLATE_NOOP("errors", "unknown routing rule fields"),
    "server.routing_id": QT_TRANSLATE_NOOP("errors", "a team's routing rules have the id derived from the team"),
    "server.profile_fields": QT_TRANSLATE_NOOP("errors", "an agent profile change holds capacity or skills, nothing else"),
    # --- agent states and agent protection (issue 13)
    "agent_state.unknown": QT_TRANSLATE_NOOP("errors", "invalid agent status {status}: expected one of {allowed}"),
    "protection.kind": QT_TRANSLATE_NOOP("errors", "invalid incident kind {kind}: expected one of {allowed}"),
    "protection.level": QT_TRANSLATE_NOOP("errors", "a warning is level 1 or 2, not {level}"),
    "protection.reason_text": QT_TRANSLATE_NOOP("errors", "the reason is text"),
    "protection.reason_long": QT_TRANSLATE_NOOP("errors", "the reason has at most {most} characters"),
    "protection.reason_needed": QT_TRANSLATE_NOOP("errors", "ending a contact needs a reason"),
    "protection.own_only": QT_TRANSLATE_NOOP("errors", "agents record protection incidents only for themselves"),
    "protection.own_team": QT_TRANSLATE_NOOP("errors", "protection incidents are recorded on tickets of your own team"),
    "protection.no_message": QT_TRANSLATE_NOOP("errors", "only a warning names the script message it sent"),
    "protection.script_needed": QT_TRANSLATE_NOOP("errors", "a warning names the script message it sent"),
    "protection.script_mismatch": QT_TRANSLATE_NOOP("errors", "the warning's script is not your reply or call log on this ticket"),
    "protection.script_text": QT_TRANSLATE_NOOP("errors", "a warning script is text of 1 to {most} characters"),
    "server.incident_fields": QT_TRANSLATE_NOOP("errors", "a protection incident carries its ticket, kind, reason and script message only"),
    # --- channels (issue 14)
    "channel.too_large": QT_TRANSLATE_NOOP("errors", "the message is {size}, more than the {most} one inbound message "
                                                     "may be: nothing of it was stored"),
    "autoresponse.leads_only": QT_TRANSLATE_NOOP("errors", "only a lead of the team or an admin can change its automatic answers"),
    "autoresponse.channel": QT_TRANSLATE_NOOP("errors", "invalid channel {channel}: expected one of {allowed}"),
    "autoresponse.threshold": QT_TRANSLATE_NOOP("errors", "the confidence threshold is a number from {least} to {most}"),
    "autoresponse.categories": QT_TRANSLATE_NOOP("errors", "the categories are a list of at most {most}"),
    "autoresponse.category": QT_TRANSLATE_NOOP("errors", "each category has 1 to {most} characters"),
    "autoresponse.enabled": QT_TRANSLATE_NOOP("errors", "on or off is true or false"),
    "server.autoresponse_fields": QT_TRANSLATE_NOOP("errors", "unknown auto-response settings fields"),
    "server.autoresponse_id": QT_TRANSLATE_NOOP("errors", "a team's auto-response settings have the id derived from the team and channel"),
    "kb.synonym_leads_only": QT_TRANSLATE_NOOP("errors", "only a lead of the team or an admin can change its search synonyms"),
    "kb.synonym_phrase": QT_TRANSLATE_NOOP("errors", "a synonym's phrase has 2 to {most} characters"),
    "kb.synonym_words": QT_TRANSLATE_NOOP("errors", "a synonym's words have 1 to {most} characters"),
    "kb.synonym_same": QT_TRANSLATE_NOOP("errors", "a synonym's words must differ from its phrase"),
    "kb.synonym_status": QT_TRANSLATE_NOOP("errors", "a synonym is one of {allowed}"),
    "kb.synonym_deleted": QT_TRANSLATE_NOOP("errors", "deleted is true or false"),
    "kb.synonym_too_many": QT_TRANSLATE_NOOP("errors", "a team has at most {most} synonyms"),
    "server.kb_synonym_fields": QT_TRANSLATE_NOOP("errors", "unknown synonym fields"),
    "server.kb_synonym_id": QT_TRANSLATE_NOOP("errors", "a team's synonym has the id derived from the team and phrase"),
    # --- phone calls (issue 14)
    "call.disposition": QT_TRANSLATE_NOOP("errors", "invalid call disposition {disposition}: expected one of {allowed}"),
    "call.seconds": QT_TRANSLATE_NOOP("errors", "a call's talk, hold and after-call work are whole seconds from 0 to {most}"),
    "call.note_long": QT_TRANSLATE_NOOP("errors", "call notes have at most {most} characters"),
    "call.event_field": QT_TRANSLATE_NOOP("errors", "the call event's {field} is missing or not valid"),
    "call.event_time": QT_TRANSLATE_NOOP("errors", "the call event's {field} is not a time with a zone (ISO 8601)"),
    "call.too_many_events": QT_TRANSLATE_NOOP("errors", "call {call_id} has sent {most} events already: no more are taken"),
    # --- training (issue 15)
    "training.trainers_only": QT_TRANSLATE_NOOP("errors", "only a trainer of the team or an admin can write its training scenarios"),
    "training.assign_not_allowed": QT_TRANSLATE_NOOP(
        "errors", "only a trainer or lead of the trainee's team, or an admin, can assign training"),
    "training.own_attempts_only": QT_TRANSLATE_NOOP("errors", "a training attempt can only be recorded by the trainee who made it"),
    "training.mode": QT_TRANSLATE_NOOP("errors", "invalid training mode {mode}: expected practice or certification"),
    "training.format": QT_TRANSLATE_NOOP("errors", "invalid scenario format {format}: expected toml or json"),
    "training.note": QT_TRANSLATE_NOOP("errors", "an assignment note has at most {most} characters"),
    "training.source_empty": QT_TRANSLATE_NOOP("errors", "the scenario is empty"),
    "training.source_too_large": QT_TRANSLATE_NOOP("errors", "a scenario has at most {most} KB"),
    "training.scenario_invalid": QT_TRANSLATE_NOOP("errors", "the scenario is not valid: {problem}"),
    "training.bundled_id": QT_TRANSLATE_NOOP("errors", "{key} is a bundled scenario's id: give yours another id"),
    "training.actions_shape": QT_TRANSLATE_NOOP("errors", "an attempt's actions are a list of objects"),
    "training.too_many_actions": QT_TRANSLATE_NOOP("errors", "an attempt has at most {most} actions"),
    "training.actions_too_large": QT_TRANSLATE_NOOP("errors", "an attempt's actions are at most {most} MB"),
    "training.actions_invalid": QT_TRANSLATE_NOOP("errors", "the attempt's actions cannot be replayed: {problem}"),
    "training.clock_end": QT_TRANSLATE_NOOP("errors", "the session's end is a number of seconds from 0 to a week"),
    "training.sha_shape": QT_TRANSLATE_NOOP("errors", "the scenario's fingerprint is 64 hexadecimal characters"),
    "training.sha_mismatch": QT_TRANSLATE_NOOP(
        "errors", "the attempt was played on another version of scenario {key}: it cannot be scored"),
    "training.no_scenario": QT_TRANSLATE_NOOP("errors", "no scenario {key} in the bundled ones or the team's"),
    "training.no_trainee": QT_TRANSLATE_NOOP("errors", "no such trainee: {ref}"),
    "training.trainee_no_team": QT_TRANSLATE_NOOP("errors", "{name} is in no team: training is assigned within a team"),
    "training.no_assignment": QT_TRANSLATE_NOOP("errors", "no such assignment for this trainee: {ref}"),
    "training.assignment_mismatch": QT_TRANSLATE_NOOP("errors", "the attempt is not the scenario and mode assigned ({key}, {mode})"),
    "training.no_attempt": QT_TRANSLATE_NOOP("errors", "no such training attempt: {ref}"),
    "training.not_yours": QT_TRANSLATE_NOOP("errors", "you cannot see this trainee's training results"),
    "training.attempt_exists": QT_TRANSLATE_NOOP("errors", "this training attempt was recorded already"),
    "training.due_at": QT_TRANSLATE_NOOP("errors", "the due date is a time with a zone (ISO 8601)"),
    "training.started_at": QT_TRANSLATE_NOOP("errors", "the attempt's start is a time with a zone (ISO 8601), not in the future"),
    "server.training_fields": QT_TRANSLATE_NOOP("errors", "unknown training fields: {fields}"),
    "server.training_id": QT_TRANSLATE_NOOP("errors", "a team's scenario has the id derived from the team and scenario id"),
}
_EVENTS = {
    "status": QT_TRANSLATE_NOOP("events", "{actor} changed status {old} → {new}"),
    "priority": QT_TRANSLATE_NOOP("events", "{actor} changed priority {old} → {new}"),
    "assigned": QT_TRANSLATE_NOOP("events", "{actor} assigned it to {new}"),
    "took": QT_TRANSLATE_NOOP("events", "{actor} took the ticket"),
    "unassigned": QT_TRANSLATE_NOOP("events", "{actor} unassigned {old}"),
    "reassigned": QT_TRANSLATE_NOOP("events", "{actor} changed assignee {old} → {new}"),
    "tags_added": QT_TRANSLATE_NOOP("events", "{actor} added tags {tags}"),
    "tags_removed": QT_TRANSLATE_NOOP("events", "{actor} removed tags {tags}"),
    "merged": QT_TRANSLATE_NOOP("events", "{actor} merged #{source} into #{target}"),
}


def known(code: str | None) -> bool:
    return code is not None and code in _ERRORS


def phrase(code: str, params: Mapping[str, Any]) -> str:
    """The line for ``code`` in the window's language, its params filled in."""
    template = QCoreApplication.translate("errors", _ERRORS[code])
    return fill(template, {str(k): _shown(str(k), v) for k, v in params.items()})


def _shown(name: str, value: Any) -> str:
    code = value.get("code") if isinstance(value, Mapping) else getattr(value, "code", None)
    if known(code):  # a nested phrase or error ("event 3: …"), as an object or off the wire
        params = value.get("params") if isinstance(value, Mapping) else getattr(value, "params", None)
        return phrase(code, params if isinstance(params, Mapping) else {})
    if name in _VOCAB_PARAMS and isinstance(value, str):
        return fmt.label(value)
    return mask_pii(str(value))


def message(exc: BaseException) -> str:
    """What the agent is shown for a refusal: its coded line translated, else its own
    English line (PII-masked either way)."""
    code = getattr(exc, "code", None)
    if known(code):
        params = getattr(exc, "params", None)
        return phrase(code, params if isinstance(params, Mapping) else {})
    return mask_pii(str(exc))


def from_wire(data: Mapping[str, Any], fallback: str = "") -> str:
    """A refusal or conflict as the team server sent it ({"message", "code", "params"})."""
    code, params = data.get("code"), data.get("params")
    if known(code) and isinstance(params, Mapping):
        return phrase(code, params)
    return mask_pii(str(data.get("message") or fallback))


def event(kind: str, actor: str, params: Mapping[str, Any]) -> str:
    """A timeline event's line ("김민지 님이 상태 변경: 진행 중 → 대기"); plain text."""
    source = _EVENTS.get(kind)
    if source is None:
        return mask_pii(f"{actor}: {kind}")
    shown = {str(k): (fmt.label(v) if kind in _VOCAB_EVENTS and k in ("old", "new") and isinstance(v, str)
                      else mask_pii(str(v))) for k, v in params.items()}
    # No agent: the gateway (an automatic answer) or a routing rule changed it.
    who = mask_pii(actor) if actor else QCoreApplication.translate("events", "AgentDesk (automatic)")
    return fill(QCoreApplication.translate("events", source), {**shown, "actor": who})
