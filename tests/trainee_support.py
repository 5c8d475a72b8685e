"""Training sessions (issue 15): the bundled scenario a trainee practises on, and a
fingerprint of a workspace file to prove a session never wrote to it."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

CARD = "card-limit-inquiry"

# What a good trainee writes on card-limit-inquiry (tests/sim_responses/card-limit-inquiry.good.jsonl
# says the same): a greeting with the identity check, the figures after it, the instalment rule, a closing.
GREET = "안녕하세요, 김서연 고객님. 카드상담팀입니다. 한도 안내를 위해 먼저 본인 확인을 하겠습니다. 성함과 생년월일을 말씀해 주시겠어요?"
FIGURES = ("확인 감사합니다. 끝자리 1234 하나로 플래티넘 카드의 총 한도는 5,000,000원이고, 현재 1,250,000원을 사용하셔서 "
           "사용 가능한 한도는 3,750,000원입니다.")
INSTALMENT = ("할부로 결제하시면 총 결제 금액만큼 한도가 한꺼번에 차감되고, 매달 할부금을 납부하실 때마다 납부하신 만큼 "
              "다시 복원됩니다.")
CLOSING = "문의해 주셔서 감사합니다. 더 궁금하신 점이 있으시면 언제든지 연락 주세요. 좋은 하루 보내세요."
IDENTITY_ANSWER = "1990년 3월 2일생"  # what the customer answers to the identity check
INSTALMENT_QUESTION = "할부"


def card_scenario():
    from agentdesk.simulation.scenario import find_scenario

    return find_scenario(CARD)


def fingerprint(path: Path | str) -> dict:
    """Every table's row count and a hash of its rows, read through a separate read-only
    connection (the WAL included): equal before and after means nothing was written."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                              "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' ORDER BY name")]
        out = {}
        for table in tables:
            rows = conn.execute(f'SELECT * FROM "{table}"').fetchall()  # noqa: S608 (table names from sqlite_master)
            digest = hashlib.sha256(repr(sorted(map(repr, rows))).encode()).hexdigest()
            out[table] = (len(rows), digest)
        return out
    finally:
        conn.close()
