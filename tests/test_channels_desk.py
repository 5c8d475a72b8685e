"""What the desk shows of the channels' automatic work (issue 14): a change no agent made
(the gateway's automatic answer, a routing rule) is said to be AgentDesk's, in the window's
language, never "?"."""

from __future__ import annotations

import pytest

from agentdesk.ui.kit import errors


@pytest.mark.parametrize(("lang", "line"), [("en", "AgentDesk (automatic) changed status New → Pending"),
                                            ("ko", "AgentDesk(자동) 님이 상태 변경: 신규 → 대기")])
def test_a_change_no_agent_made_is_agentdesks(qapp, lang, line):
    from agentdesk.ui.app import install_language

    assert install_language(qapp, lang)
    try:
        assert errors.event("status", "", {"old": "new", "new": "pending"}) == line
    finally:
        install_language(qapp, "en")
