"""The supervisor's Auto-response tab (views/autoresponse.py), offscreen on a real SQLite
workspace: a lead picks the team and channel, turns it on, moves the threshold (the
measured precision follows), ticks categories and saves; a refusal is one line and the
form keeps what was chosen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from agentdesk import autoresponse_rules as ar
from agentdesk.services import autoresponse
from agentdesk.views.autoresponse import STEPS, AutoresponsePane
from tests.autoresponse_support import seed_articles
from tests.factories import seed_small
from tests.uihelpers import make_ctx, settle


@pytest.fixture
def pane(qtbot, sqlite_db):
    seed_small(sqlite_db)
    with sqlite_db.session() as s:
        seed_articles(s)
        s.commit()
    ctx = make_ctx(sqlite_db, "park.lead")
    p = AutoresponsePane(ctx)
    qtbot.addWidget(p)
    p.resize(1000, 560)
    with qtbot.waitSignal(p.loaded, timeout=5000):
        p.show()
    yield p
    settle(ctx.runner)


def test_a_lead_turns_it_on_for_a_channel_and_it_is_stored(qtbot, pane, sqlite_db):
    assert pane.team.currentText() == "카드상담팀" and pane.channel.currentData() == "email"
    assert not pane.enabled.isChecked() and pane.row is not None and not pane.row.stored
    assert pane.threshold.value() == round(ar.DEFAULT_THRESHOLD * STEPS)
    assert "97%" in pane.measured.text()  # the measured precision at the default
    cats = {pane.categories.item(i).text() for i in range(pane.categories.count())}
    assert "카드 한도" in cats and "응대 가이드" not in cats  # public articles' categories only
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.channel.setCurrentIndex(pane.channel.findData("chat"))
    pane.enabled.setChecked(True)
    pane.threshold.setValue(70)
    assert pane.threshold_value.text() == "0.70" and "100%" in pane.measured.text()
    for i in range(pane.categories.count()):
        if pane.categories.item(i).text() in ("카드 한도", "포인트"):
            pane.categories.item(i).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(pane.saved, timeout=5000):
        pane.save_button.click()
    with sqlite_db.session() as s:
        row = autoresponse.get_settings(s, "카드상담팀", "chat")
    assert (row.enabled, row.threshold, row.categories) == (True, 0.7, ("카드 한도", "포인트"))
    assert "2" in pane.status.text()
    # Reading another channel and back shows what is stored.
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.channel.setCurrentIndex(pane.channel.findData("email"))
    assert not pane.enabled.isChecked()
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.channel.setCurrentIndex(pane.channel.findData("chat"))
    assert pane.enabled.isChecked() and pane.chosen_categories() == ["카드 한도", "포인트"]


def test_a_refusal_is_one_line_and_the_form_keeps_the_choice(qtbot, sqlite_db):
    seed_small(sqlite_db)
    ctx = make_ctx(sqlite_db, "kim.minji")  # an agent: no team to edit, and a save is refused
    p = AutoresponsePane(ctx)
    qtbot.addWidget(p)
    p.show()
    qtbot.waitUntil(lambda: "lead" in p.status.text(), timeout=5000)
    with qtbot.waitSignal(p.loaded, timeout=5000):  # the team's settings read (anyone may read them)
        p.team.addItem("카드상담팀", _team_id(sqlite_db))
    p.enabled.setChecked(True)
    p.save_button.click()
    qtbot.waitUntil(lambda: p.save_button.isEnabled() and "only a lead" in p.status.text(), timeout=5000)
    assert p.enabled.isChecked()
    settle(ctx.runner)


def _team_id(db) -> str:
    from tests.autoresponse_support import team_id

    with db.session() as s:
        return str(team_id(s))
