"""@mentions (issue 12): the parser (agentdesk/mention_rules.py) and the service on SQLite
and PostgreSQL: a note that mentions a colleague stores a row for them, a public reply
does not, the Mentions view and its unread count, marking read and notified."""

from __future__ import annotations

import ast
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from agentdesk import mention_rules as mr
from agentdesk.models import Agent, Mention, utcnow
from agentdesk.services import mentions, tickets
from agentdesk.services.common import current_agent
from agentdesk.services.tickets import TicketQuery
from tests.factories import seed_small

LOGINS = {"kim.minji", "lee.junho", "park.lead", "o"}


def found(text: str, logins=LOGINS) -> list[str]:
    return [s.login for s in mr.find_mentions(text, logins)]


# --- the parser --------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("@lee.junho 확인 부탁드립니다", ["lee.junho"]),
    ("이준호님(@lee.junho) 환불 건 봐주세요", ["lee.junho"]),
    ("@lee.junho님 확인 부탁드려요", ["lee.junho"]),  # a particle right after the login
    ("확인@lee.junho 부탁", ["lee.junho"]),  # Hangul right before the @
    ("고객 요청으로 @kim.minji, @lee.junho 두 분께 공유합니다.", ["kim.minji", "lee.junho"]),
    ("끝에 마침표 @lee.junho.", ["lee.junho"]),  # punctuation after the login is not part of it
    ("@lee.junho! @kim.minji? @park.lead:", ["lee.junho", "kim.minji", "park.lead"]),
    ("@Lee.Junho 대문자로 써도", ["lee.junho"]),
    ("@lee.junho @lee.junho 두 번", ["lee.junho", "lee.junho"]),
    ("줄바꿈\n@park.lead\n다음 줄", ["park.lead"]),
    ("「@kim.minji」 괄호", ["kim.minji"]),
])
def test_mentions_are_found_in_korean_text_and_punctuation(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "메일은 lee.junho@example.com 으로",  # an email address
    "kim.minji@lee.junho",  # a handle-like address
    "@lee.junho@example.com 로 보내 주세요",  # an address written after an @
    "https://example.com/@lee.junho 링크",  # a path in a URL
    "mailto:@lee.junho",
    "@@lee.junho",
    "코드 `@lee.junho` 는 텍스트",  # inline code
    "```\n@lee.junho\nprint('x')\n```",  # a fenced block
    "@lee.junhoo 는 없는 사람",  # not an agent's login (no prefix match)
    "@unknown.agent",
    "user@o",  # a one-letter login glued to an address
    "@ 띄어쓰기",
])
def test_addresses_code_and_unknown_logins_are_not_mentions(text):
    assert found(text) == []


def test_spans_cover_the_at_sign_and_login_as_typed():
    text = "확인 @Lee.Junho님."
    (span,) = mr.find_mentions(text, LOGINS)
    assert text[span.start:span.end] == "@Lee.Junho" and span.login == "lee.junho"


def test_a_login_ending_in_a_dot_is_matched_whole_when_it_exists():
    assert found("@ab. 끝", {"ab.", "ab"}) == ["ab."]
    assert found("@ab. 끝", {"ab"}) == ["ab"]


def test_candidate_logins_are_all_the_parser_asks_about():
    text = "@lee.junho. and a@b.c and @kim.minji님 `@park.lead`"
    assert mr.candidate_logins(text) == {"lee.junho.", "lee.junho", "kim.minji"}
    assert mr.candidate_logins("") == set()


def test_who_is_stored_notes_only_visible_agents_not_the_author():
    team, other_team = uuid.uuid4(), uuid.uuid4()
    me, lee, park, bob, ada, gone = (uuid.uuid4() for _ in range(6))
    agents = [mr.Colleague(me, "kim.minji", team), mr.Colleague(lee, "lee.junho", team),
              mr.Colleague(park, "park.lead", team, "lead"), mr.Colleague(bob, "bob", other_team),
              mr.Colleague(ada, "ada", None, "admin"), mr.Colleague(gone, "gone", team, deleted=True)]
    body = "@kim.minji @lee.junho @park.lead @bob @ada @gone"
    stored = mr.mentions_to_store("note", body, me, team, agents)
    assert [a.login for a in stored] == ["lee.junho", "park.lead", "ada"]  # not me, not bob's team, not deleted
    assert [a.login for a in mr.mentions_to_store("call_log", body, me, team, agents)] == ["lee.junho", "park.lead", "ada"]
    assert mr.mentions_to_store("reply", body, me, team, agents) == []
    assert mr.mentions_to_store("system", body, me, team, agents) == []
    # A ticket without a team (a standalone workspace) is anyone's.
    assert [a.login for a in mr.mentions_to_store("note", "@bob", me, None, agents)] == ["bob"]


def test_mention_ids_are_derived_from_the_message_and_agent():
    message, agent = uuid.uuid4(), uuid.uuid4()
    assert mr.mention_id(message, agent) == mr.mention_id(message, agent)
    assert mr.mention_id(message, agent) != mr.mention_id(message, uuid.uuid4())


def test_the_mention_rules_are_pure():
    tree = ast.parse((Path(mr.__file__)).read_text(encoding="utf-8"))
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not {m for m in modules if m.split(".")[0] in ("sqlalchemy", "PySide6", "shiboken6", "agentdesk")}, modules


# --- the service, on SQLite and PostgreSQL ------------------------------------------------------
@pytest.fixture
def desk(any_db):
    ids = seed_small(any_db)
    return any_db, ids


def _agent_id(s, login):
    return s.scalar(select(Agent.id).where(Agent.login == login))


def test_a_note_stores_a_mention_for_each_colleague_and_a_reply_none(desk):
    db, ids = desk
    with db.session() as s:
        me = current_agent(s, "kim.minji")
        note = tickets.add_message(s, ids["t2"], me, "@lee.junho @park.lead 환불 건 확인 부탁드립니다. @kim.minji", kind="note")
        tickets.add_message(s, ids["t2"], me, "고객님, @lee.junho 담당자가 연락드립니다.", kind="reply")
        tickets.add_message(s, ids["t3"], me, "메일 lee.junho@example.com 확인", kind="note")
    with db.session() as s:
        rows = s.scalars(select(Mention).order_by(Mention.created_at)).all()
        by_agent = {r.mentioned_agent_id: r for r in rows}
        assert set(by_agent) == {_agent_id(s, "lee.junho"), _agent_id(s, "park.lead")}  # not the author
        assert all(r.message_id == note.id and r.read_at is None and r.notified_at is None for r in rows)
        assert {r.id for r in rows} == {mr.mention_id(note.id, a) for a in by_agent}


def test_the_mentions_view_lists_my_tickets_and_counts_the_unread(desk):
    db, ids = desk
    now = utcnow()
    with db.session() as s:
        lee = current_agent(s, "lee.junho")
        tickets.add_message(s, ids["t1"], lee, "@kim.minji 통화 내용 확인해 주세요", kind="call_log", now=now)
        tickets.add_message(s, ids["t2"], lee, "@kim.minji 배송 건 부탁해요", kind="note", now=now + timedelta(seconds=1))
        tickets.add_message(s, ids["t2"], lee, "@kim.minji 한 번 더", kind="note", now=now + timedelta(seconds=2))
        tickets.add_message(s, ids["t3"], lee, "@park.lead 이건 팀장님께", kind="note", now=now)
    with db.session() as s:
        me = current_agent(s, "kim.minji").id
        q = TicketQuery(view="mentions")
        assert tickets.count_tickets(s, q, me) == 2
        page = tickets.fetch_page(s, q, me, 0, 50)
        assert [r.number for r in page] == [ids["t2"], ids["t1"]]  # newest first
        assert tickets.view_counts(s, me)["mentions"] == 2  # tickets with unread mentions
        assert mentions.unread_count(s, me) == 3
        assert mentions.unread_ticket_ids(s, me) == {tickets.resolve_ticket(s, ids["t1"]).id,
                                                     tickets.resolve_ticket(s, ids["t2"]).id}
        notices, total = mentions.unnotified(s, me)
        assert total == 3 and [n.ticket_number for n in notices] == [ids["t1"], ids["t2"], ids["t2"]]
        assert notices[0].author_name == "이준호" and notices[0].preview == "@kim.minji 통화 내용 확인해 주세요"
    with db.session() as s:
        t2 = tickets.resolve_ticket(s, ids["t2"]).id
        assert mentions.mark_read(s, me, t2, now) == 2
    with db.session() as s:
        assert tickets.view_counts(s, me)["mentions"] == 1
        assert tickets.count_tickets(s, TicketQuery(view="mentions"), me) == 2  # read ones stay in the view
        assert mentions.unread_count(s, me) == 1
        assert [n.ticket_number for n in mentions.unnotified(s, me)[0]] == [ids["t1"]]  # read: no toast either


def test_notified_mentions_are_not_toasted_again(desk):
    db, ids = desk
    with db.session() as s:
        lee = current_agent(s, "lee.junho")
        tickets.add_message(s, ids["t2"], lee, "@kim.minji 확인 부탁", kind="note")
    with db.session() as s:
        me = current_agent(s, "kim.minji").id
        (notice,), _ = mentions.unnotified(s, me)
        other = current_agent(s, "lee.junho").id
        mentions.mark_notified(s, other, [notice.id])  # someone else's marker changes nothing
    with db.session() as s:
        assert len(mentions.unnotified(s, me)[0]) == 1
        mentions.mark_notified(s, me, [notice.id])
    with db.session() as s:
        assert mentions.unnotified(s, me) == ([], 0)
        assert mentions.unread_count(s, me) == 1  # notified is not read


def test_a_deleted_agent_is_not_mentioned_and_the_directory_skips_them(desk):
    db, ids = desk
    with db.session() as s:
        s.scalar(select(Agent).where(Agent.login == "park.lead")).deleted = True
    with db.session() as s:
        me = current_agent(s, "kim.minji")
        tickets.add_message(s, ids["t2"], me, "@park.lead @lee.junho", kind="note")
        assert [a.login for a in mentions.agent_directory(s)] == ["kim.minji", "lee.junho"]  # by name: 김, 이
    with db.session() as s:
        assert {r.mentioned_agent_id for r in s.scalars(select(Mention))} == {_agent_id(s, "lee.junho")}


def test_the_cli_notes_mention_and_lists_the_mentions_view(sqlite_db, monkeypatch, capsys):
    import json

    from agentdesk.cli import main

    ids = seed_small(sqlite_db)
    monkeypatch.setenv("AGENTDESK_DB", sqlite_db.url)
    note = ["ticket", "note", str(ids["t3"]), "--body", "@kim.minji 재설정 메일 확인 부탁", "--agent", "lee.junho"]
    assert main(note) == 0
    capsys.readouterr()
    assert main(["ticket", "list", "--view", "mentions", "--agent", "kim.minji", "--json"]) == 0
    assert [r["number"] for r in json.loads(capsys.readouterr().out)] == [ids["t3"]]
    assert main(["ticket", "list", "--view", "mentions", "--agent", "lee.junho", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
