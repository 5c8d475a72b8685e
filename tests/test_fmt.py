"""How the window writes times: an SLA countdown must never read '-0:00' or an ambiguous '0:02'."""

from __future__ import annotations

from datetime import datetime, timedelta, UTC

import pytest

from agentdesk.ui.kit import fmt

NOW = datetime(2026, 3, 18, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize("delta, shown", [
    (timedelta(minutes=2), "2 min"),  # was '0:02': two minutes or two hours?
    (timedelta(seconds=30), "1 min"),  # time left rounds up: never 0 while some remains
    (timedelta(0), "0 min"),
    (timedelta(seconds=-20), "-1 min"),  # was '-0:00'
    (timedelta(minutes=-12, seconds=-30), "-12 min"),
    (timedelta(hours=2, minutes=5), "2h 5m"),
    (timedelta(hours=-1, minutes=-1), "-1h 1m"),
    (timedelta(days=3, hours=4, minutes=10), "3d 4h"),
    (timedelta(days=-1, hours=-1), "-1d 1h"),
])
def test_sla_countdown_in_words(qapp, delta, shown):
    assert fmt.countdown(NOW + delta, NOW) == shown


def test_sla_countdown_in_korean(qapp):
    from PySide6.QtCore import QCoreApplication, QTranslator

    from agentdesk.ui.app import resources_dir

    tr = QTranslator()
    assert tr.load(str(resources_dir() / "translations" / "agentdesk_ko.qm"))
    QCoreApplication.installTranslator(tr)
    try:
        assert fmt.countdown(NOW + timedelta(minutes=2), NOW) == "2분"
        assert fmt.countdown(NOW + timedelta(hours=2, minutes=5), NOW) == "2시간 5분"
        assert fmt.countdown(NOW - timedelta(days=1, hours=1), NOW) == "-1일 1시간"
        # contact labels were shown as stored ("mobile") in the Korean 360 pane
        assert [fmt.label(c) for c in ("mobile", "work", "personal", "kakao")] == ["휴대전화", "직장", "개인", "카카오톡"]
        assert fmt.label("회사 대표번호") == "회사 대표번호"  # a label an agent typed stays as typed
    finally:
        QCoreApplication.removeTranslator(tr)
