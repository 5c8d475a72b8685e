"""The training window (issue 15), driven as a trainee would: the real desk on a sandbox
under a TRAINING / 교육 banner, the virtual clock, and card-limit-inquiry handled to a
passing scorecard through the real composer, knowledge pane and ticket fields."""

from __future__ import annotations

import importlib.util
import time

import pytest
from PySide6.QtCore import Qt

from agentdesk.services import training
from agentdesk.ui import app as appmod
from agentdesk.ui import training as training_ui
from agentdesk.ui.training import TrainingWindow, training_settings
from agentdesk.views import simulation
from agentdesk.views.knowledge import HIT_ROLE
from agentdesk.views.simulation import ScenarioTableModel, StartTrainingDialog, TrainingChoice
from agentdesk.views.ticket import TicketPane
from tests.factories import seed_small
from tests.trainee_support import (
    CARD,
    CLOSING,
    FIGURES,
    GREET,
    IDENTITY_ANSWER,
    INSTALMENT,
    INSTALMENT_QUESTION,
    card_scenario,
    fingerprint,
)


@pytest.fixture
def desk(qtbot, sqlite_db):
    seed_small(sqlite_db)
    w = appmod.build_window(sqlite_db, appmod.load_agent(sqlite_db, None), appmod.settings())
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    yield w
    w.ctx.runner.wait()


@pytest.fixture
def window(qtbot, tmp_path):
    box = training.create_sandbox([card_scenario()], trainee_login="trainee", trainee_name="박연습")
    w = TrainingWindow(box, training.TrainingRun(box), training_settings())
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    with qtbot.waitSignal(w.ticket.loaded, timeout=5000):
        w.start()
    yield w
    w.training.stop()
    w.ctx.runner.wait()


def _taken(qtbot, w, before: int) -> None:
    """Waits until the bridge has given the engine what the trainee just did."""
    qtbot.waitUntil(lambda: w.training.actions_taken > before, timeout=5000)


def _send(qtbot, w, text: str) -> None:
    before = w.training.actions_taken
    w.ticket.reply_mode.setChecked(True)
    w.ticket.composer.setFocus()
    w.ticket.composer.moveCursor(w.ticket.composer.textCursor().MoveOperation.End)
    w.ticket.composer.insertPlainText(text)  # Hangul arrives by input method, not key codes
    with qtbot.waitSignal(w.ticket.messageSent, timeout=5000):
        qtbot.mouseClick(w.ticket.send_button, Qt.MouseButton.LeftButton)
    _taken(qtbot, w, before)


def _customer_says(qtbot, w, seconds: float, fragment: str) -> None:
    """Fast-forwards the virtual clock; the customer's answer shows in the open ticket."""
    w.training.skip(seconds)
    qtbot.waitUntil(lambda: fragment in w.ticket.timeline.toPlainText(), timeout=5000)


def test_a_trainee_handles_card_limit_inquiry_to_a_passing_scorecard(qtbot, desk, monkeypatch):
    desk.ctx.runner.wait()
    workspace = fingerprint(desk.ctx.db.engine.url.database)
    monkeypatch.setattr(TicketPane, "ask_send_stale", staticmethod(lambda *_a: True))
    asked = []
    monkeypatch.setattr(training_ui.TrainingLauncher, "ask",
                        staticmethod(lambda _p, scenarios, _problems=(), mode="practice", assigned=None:
                                     asked.append([s.id for s in scenarios])
                                     or TrainingChoice([s for s in scenarios if s.id == CARD], "practice")))
    # The desk's Training menu starts it.
    menu = next(a.menu() for a in desk.menuBar().actions() if a.text() == "Training")
    next(a for a in menu.actions() if a.text() == "Start a training session…").trigger()
    qtbot.waitUntil(lambda: getattr(desk, "_training_launcher", None) is not None
                    and desk._training_launcher.window is not None, timeout=10000)
    assert CARD in asked[0]
    w = desk._training_launcher.window
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.ticket.detail is not None, timeout=5000)
    assert w.ctx.sync is None and w.sync_label is None and w.ctx.db.url != desk.ctx.db.url
    assert w.banner.text().startswith("TRAINING / 교육") and w.banner.isVisible()
    assert w.windowTitle().startswith("[Training]")
    w.training.set_paused(True)  # the trainee's typing takes no virtual time; the clock is moved on below
    assert w.ticket.detail.subject == "카드 한도가 얼마인가요?"

    _send(qtbot, w, GREET)
    _customer_says(qtbot, w, 16, IDENTITY_ANSWER)
    # The knowledge pane: search, open the article, insert its excerpt into the reply.
    w.knowledge_search()
    w.knowledge.search("한도 조회")
    results = w.knowledge.results

    def first_hit():
        model = results.model()
        return model.index(0, 0).data(HIT_ROLE) if model.rowCount() else None

    # The search's answer (not the ticket's suggestions, which may arrive first).
    qtbot.waitUntil(lambda: w.knowledge._query == "한도 조회" and first_hit() is not None, timeout=5000)
    assert first_hit().title == "카드 한도 조회 방법"
    results.setCurrentIndex(results.model().index(0, 0))
    qtbot.waitUntil(lambda: w.knowledge._detail is not None and w.knowledge._detail.title == "카드 한도 조회 방법"
                    and w.knowledge.excerpt_button.isEnabled(), timeout=5000)
    before = w.training.actions_taken
    qtbot.mouseClick(w.knowledge.excerpt_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "한도 조회" in w.ticket.composer.toPlainText(), timeout=5000)
    _taken(qtbot, w, before)  # the article's use
    _send(qtbot, w, "\n" + FIGURES)
    _customer_says(qtbot, w, 21, INSTALMENT_QUESTION)
    _send(qtbot, w, INSTALMENT)
    _customer_says(qtbot, w, 16, "이해했어요")
    # The ticket's fields: category, then status.
    before = w.training.actions_taken
    w.ticket.category.setText("card")
    w.ticket.category.editingFinished.emit()
    qtbot.waitUntil(lambda: w.ticket.detail.category == "card", timeout=5000)
    w.ticket.status.setCurrentIndex(w.ticket.status.findData("solved"))
    qtbot.waitUntil(lambda: w.ticket.detail.status == "solved", timeout=5000)
    _taken(qtbot, w, before + 1)
    _send(qtbot, w, CLOSING)
    _customer_says(qtbot, w, 11, "수고하세요")
    assert w.training.mood_chips[CARD].property("mood") == "calm"

    qtbot.mouseClick(w.training.end_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(w, "scorecard", None) is not None and w.scorecard.isVisible(), timeout=10000)
    card = w.scorecard
    view = card.views[0]
    assert card.passed, card.cards[0]
    assert "Passed" in view.result.text()
    assert view.items.rowCount() == len(card.cards[0]["items"]) >= 5
    assert not view.auto_fail.isVisible()
    assert "김서연" in view.timeline.toPlainText() or IDENTITY_ANSWER in view.timeline.toPlainText()
    (scorecard, record), = w.results
    assert [a["do"] for a in record["actions"]][:3] == ["reply", "reply", "article"] or \
        "article" in [a["do"] for a in record["actions"]]
    # The attempt goes to the trainer's records in the agent's own workspace, where they exist.
    recorded = importlib.util.find_spec("agentdesk.services.training_records") is not None
    if recorded:
        qtbot.waitUntil(lambda: card.saved.isVisible(), timeout=5000)
        assert "Recorded" in card.saved.text(), card.saved.text()
    w.grab().save("/tmp/training-window.png")
    card.grab().save("/tmp/training-scorecard.png")
    # Closing the scorecard returns to the desk; its workspace was never written.
    card.close()
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=5000)
    desk.ctx.runner.wait()
    after = fingerprint(desk.ctx.db.engine.url.database)
    # Only the attempt's record, where the trainer's records exist (services/training_records.py).
    assert {t for t in after if after[t] != workspace.get(t)} == ({"training_attempts"} if recorded else set())
    assert desk.isVisible()


def test_the_clock_speeds_up_pauses_and_the_customer_gets_annoyed(qtbot, window):
    w = window
    clock = w.training
    qtbot.mouseClick(clock.speed_buttons[8], Qt.MouseButton.LeftButton)
    assert clock.speed == 8
    start, wall = clock.now, time.monotonic()
    qtbot.waitUntil(lambda: clock.now - start >= 4.0, timeout=5000)  # 0.5 s of wall time at 8×
    assert time.monotonic() - wall < 4.0  # not the wall clock at 1×
    qtbot.mouseClick(clock.pause_button, Qt.MouseButton.LeftButton)
    assert clock.paused and clock.pause_button.text() == "Resume"
    held = clock.now
    qtbot.wait(400)
    assert clock.now == held
    assert clock.clock.text() == simulation.clock_text(held)
    assert clock.mood_chips[CARD].property("mood") == "patient"
    # Kept waiting: the script's nudge at 90 s, then patience runs out (120 s later).
    with qtbot.waitSignal(clock.stepped, timeout=5000):
        clock.skip(215 - clock.now)
    qtbot.waitUntil(lambda: clock.mood_chips[CARD].property("mood") == "annoyed", timeout=5000)
    assert "annoyed" in clock.mood_chips[CARD].text()
    qtbot.waitUntil(lambda: "답답" in w.ticket.timeline.toPlainText() or "늦네요" in w.ticket.timeline.toPlainText()
                    or "확인 중" in w.ticket.timeline.toPlainText(), timeout=5000)
    # Hints: practice mode only.
    assert clock.hints_button.isVisibleTo(w)
    qtbot.mouseClick(clock.hints_button, Qt.MouseButton.LeftButton)
    assert clock.hints.isVisible() and "본인 확인" in clock.hints.text()


def test_certification_hides_the_hints(qtbot):
    box = training.create_sandbox([card_scenario()], trainee_login="trainee", trainee_name="박연습",
                                  mode="certification")
    w = TrainingWindow(box, training.TrainingRun(box), training_settings())
    qtbot.addWidget(w)
    w.show()
    assert not w.training.hints_button.isVisibleTo(w)
    assert "Certification" in w.banner.text()
    w.close()


def test_the_start_dialog_lists_scenarios_to_check_and_a_mode(qtbot, qtmodeltester):
    scenarios, problems = training.available_scenarios()
    assert CARD in [s.id for s in scenarios] and problems == []
    dialog = StartTrainingDialog(scenarios, problems)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    assert not dialog.start_button.isEnabled()
    row = [s.id for s in scenarios].index(CARD)
    dialog.model.toggle(row)
    assert dialog.start_button.isEnabled()
    assert dialog.model.data(dialog.model.index(row, 0), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert dialog.model.data(dialog.model.index(row, 2)) == "Beginner"
    dialog.certification.setChecked(True)
    choice = dialog.choice()
    assert [s.id for s in choice.scenarios] == [CARD] and choice.mode == "certification"
    assert isinstance(dialog.model, ScenarioTableModel)


def test_train_refuses_an_unknown_scenario_in_one_line(capsys):
    from agentdesk.cli import main

    assert main(["train", "no-such-scenario"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("agentdesk: error:") and err.count("\n") == 1


def test_at_the_time_limit_the_session_ends_with_its_scorecard(qtbot, window):
    w = window
    w.training.skip(w.sandbox.scenarios[0].time_limit + 5)
    qtbot.waitUntil(lambda: getattr(w, "scorecard", None) is not None and w.scorecard.isVisible(), timeout=10000)
    assert w.training.ended and not w.training.end_button.isEnabled()
    assert not w.scorecard.passed and "Not passed" in w.scorecard.views[0].result.text()
    w.scorecard.close()
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=5000)


def test_the_scorecard_shows_what_auto_failed_when_and_masks_card_numbers(qtbot):
    from agentdesk.simulation import runner
    from agentdesk.simulation.responses import Action

    card = runner.play(card_scenario(), [
        Action(at=30, do="reply", text="안녕하세요. 총 한도는 5,000,000원입니다. 카드번호 4111 1111 1111 1111 맞으시죠?"),
        Action(at=60, do="end"),
    ])
    dialog = simulation.ScorecardDialog([card])
    qtbot.addWidget(dialog)
    dialog.show()
    view = dialog.views[0]
    assert not dialog.passed and "Not passed" in view.result.text()
    assert view.auto_fail.isVisible()
    text = view.auto_fail.text()
    assert "00:30" in text and "Account details before the identity check" in text
    assert "4111 1111 1111 1111" not in text and "4111 1111 1111 1111" not in view.timeline.toPlainText()
