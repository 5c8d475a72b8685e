"""index_text, the tokeniser of every FTS document: its rules, and the fast version kept
equal to the plain loop it replaced."""

from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from agentdesk.services import textsearch
from agentdesk.services.textsearch import _CJK, index_text

_TOKEN = re.compile(rf"[{_CJK}]+|[^\W{_CJK}]+", re.UNICODE)
_IS_CJK = re.compile(rf"[{_CJK}]")


def _spec(text: str) -> str:
    """The original loop over match objects: the specification of index_text."""
    terms: list[str] = []
    prev = None
    for match in _TOKEN.finditer(text):
        word = match.group(0)
        cjk = bool(_IS_CJK.match(word))
        if cjk and prev is not None and prev[1] and not text[prev[0].end() : match.start()].strip():
            terms.append(prev[0].group(0)[-1] + word[0])
        if cjk:
            terms.extend([word] if len(word) == 1 else [word[i : i + 2] for i in range(len(word) - 1)])
        else:
            terms.append(word.lower())
        prev = (match, cjk)
    return " ".join(terms)


def test_bigrams_bridges_and_words():
    assert index_text("한도 조회") == "한도 도조 조회"
    assert index_text("한도, 조회") == "한도 조회"  # punctuation: no bridge
    assert index_text("카드 Limit 한도") == "카드 limit 한도"  # a Latin word between: no bridge
    assert index_text("환 불") == "환 환불 불"
    assert index_text("") == ""
    assert index_text("  ...  ") == ""
    assert index_text("ORD-2026-0000123 환불요청") == "ord 2026 0000123 환불 불요 요청"
    assert index_text("snake_case") == "snake_case"


ALPHABET = "가나다한도환불 \t\n\u3000\u00a0.,!?-_'\"()aZé1２Ä\u30fb\u3131ア漢"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=30) | st.text(max_size=30))
def test_index_text_is_the_plain_loop(text):
    assert index_text(text) == _spec(text)


def test_the_bigram_cache_is_bounded(monkeypatch):
    monkeypatch.setattr(textsearch, "_BIGRAMS_MAX", 5)
    textsearch._BIGRAMS.clear()
    words = ["가나다", "나다라", "다라마", "라마바", "마바사", "바사아", "사아자"]
    assert index_text(" ".join(words)) == _spec(" ".join(words))
    assert len(textsearch._BIGRAMS) <= 5
