"""The web chat's rules (agentdesk/chat_rules.py): what a visitor may send, from which
pages, and the token kept only as its hash. Pure: no database, no server."""

from __future__ import annotations

import unicodedata

import pytest

from agentdesk import chat_rules as r


def test_text_is_cleaned_bounded_and_composed():
    # Jamo from a Mac's decomposed input become syllables; control characters go.
    decomposed = unicodedata.normalize("NFD", "한글 똠방각하")
    assert r.check_text(decomposed) == "한글 똠방각하"
    assert r.check_text("  첫 줄\r\n둘째\x00 줄\x1b  ") == "첫 줄\n둘째 줄"
    assert r.check_text("가" * r.MAX_TEXT) == "가" * r.MAX_TEXT
    for bad, kind in (("", "empty"), ("  \n\t ", "empty"), ("가" * (r.MAX_TEXT + 1), "too-long"),
                      (None, "invalid"), (["x"], "invalid"), (5, "invalid")):
        with pytest.raises(r.ChatRefused) as exc:
            r.check_text(bad)
        assert exc.value.kind == kind


def test_names_and_emails():
    assert r.check_name(None) == "" and r.check_name("  홍  길동 \n") == "홍 길동"
    with pytest.raises(r.ChatRefused):
        r.check_name("이" * (r.MAX_NAME + 1))
    assert r.check_email(" Hong.GilDong+card@Example.CO.KR ") == "Hong.GilDong+card@example.co.kr"
    for bad in ("", "hong", "hong@", "@example.com", "a@b", "a b@example.com", "<a@example.com>",
                "a@example.com, b@example.com", "x" * 250 + "@example.com", None):
        with pytest.raises(r.ChatRefused):
            r.check_email(bad)


def test_origins_are_normalised_and_only_the_listed_ones_and_our_own_pass():
    allowed = r.parse_origins("https://www.Example.co.kr, https://example.co.kr:443/ http://localhost:8080 "
                              "javascript:alert(1) ftp://example.com https://user:pw@evil.com")
    assert allowed == {"https://www.example.co.kr", "https://example.co.kr", "http://localhost:8080"}
    own = "https://desk.example.co.kr"
    assert r.origin_allowed("https://www.example.co.kr", allowed, own)
    assert r.origin_allowed("https://EXAMPLE.co.kr:443", allowed, own)
    assert r.origin_allowed(own, allowed, own)
    assert r.origin_allowed(None, allowed, own)  # not a browser's cross-site request
    for other in ("https://evil.example.com", "http://www.example.co.kr", "https://www.example.co.kr:8443",
                  "null", "", "https://www.example.co.kr.evil.com"):
        assert not r.origin_allowed(other, allowed, own), other


def test_the_token_is_random_and_only_its_hash_is_kept():
    tokens = {r.new_token() for _ in range(100)}
    assert len(tokens) == 100
    token, digest = tokens.pop()
    assert len(token) >= 43 and digest == r.token_hash(token) and token not in digest and len(digest) == 64
