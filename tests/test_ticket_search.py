"""Inbox text search (SQLite FTS5 over bigrams): what a query matches, and how it is asked."""

from agentdesk.services import tickets
from agentdesk.services.common import current_agent
from agentdesk.services.textsearch import fts_query
from agentdesk.services.tickets import TicketQuery
from tests.factories import seed_small


def test_whole_bigrams_are_not_prefix_queries_but_a_lone_syllable_and_the_last_latin_word_are():
    """Index terms for Hangul are one or two syllables, so '"환불"*' matches what '"환불"'
    does and costs 2-3x as much at 1M tickets (issue 16)."""
    assert fts_query("환불") == '"환불"'
    assert fts_query("한도 조회") == '"한도" AND "조회"'
    assert fts_query("한도조회") == '"한도 도조 조회"'
    assert fts_query("환") == '"환"*'  # typed so far: 환불, 환전 …
    assert fts_query("카드 한") == '"카드" AND "한"*'
    assert fts_query("pass") == '"pass"*'
    assert fts_query("pass wo") == '"pass" AND "wo"*'
    assert fts_query('"*(NEAR') == '"near"*'  # syntax is data


def test_what_the_inbox_search_finds(sqlite_db):
    ids = seed_small(sqlite_db)
    with sqlite_db.session() as s:
        me = current_agent(s).id

        def numbers(text):
            q = TicketQuery(view="all", text=text, sort="number")
            return sorted(r.number for r in tickets.fetch_page(s, q, me, 0, 50))

        assert numbers("환불") == [ids["t2"]]  # in a message
        assert numbers("한도") == [ids["t1"]]  # '한도가' in the body, '한도' in the subject
        assert numbers("한도 조회") == numbers("한도조회") == [ids["t1"]]  # spacing either way
        assert numbers("환") == [ids["t2"]]  # a syllable as it is typed (환불)
        assert numbers("한") == [ids["t1"], ids["t2"]]  # 한도, and 가능한가요
        assert numbers("환불 한도") == []  # every word must occur
