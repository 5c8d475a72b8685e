"""A trainee's assignment (helper TRAINER's services/training_records.py) in the training
window: the Start dialog offers the assigned scenario first, marked with its mode, and the
attempt played in that mode is recorded against the assignment. Skipped where the
training records are not part of this build."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from agentdesk.services.common import current_agent
from agentdesk.ui import app as appmod
from agentdesk.ui.training import TrainingLauncher
from agentdesk.views.simulation import StartTrainingDialog
from tests.factories import seed_small
from tests.trainee_support import CARD

records = pytest.importorskip("agentdesk.services.training_records")


def test_an_assigned_scenario_is_offered_first_and_its_attempt_recorded_against_it(qtbot, sqlite_db, monkeypatch):
    seed_small(sqlite_db)
    with sqlite_db.session() as s:
        (assignment,) = records.assign(s, current_agent(s, "park.lead"), CARD, ["kim.minji"], mode="certification")
    desk = appmod.build_window(sqlite_db, appmod.load_agent(sqlite_db, "kim.minji"), appmod.settings())
    qtbot.addWidget(desk)
    desk.show()
    offered = {}

    def ask(parent, scenarios, problems=(), mode="practice", assigned=None):
        dialog = StartTrainingDialog(scenarios, problems, None, assigned)
        qtbot.addWidget(dialog)
        offered["first"] = scenarios[0].id
        offered["column"] = dialog.model.data(dialog.model.index(0, 4))
        dialog.model.toggle(0)
        dialog.certification.setChecked(True)
        return dialog.choice()

    monkeypatch.setattr(TrainingLauncher, "ask", staticmethod(ask))
    desk.start_training()
    qtbot.waitUntil(lambda: getattr(desk, "_training_launcher", None) is not None
                    and desk._training_launcher.window is not None, timeout=10000)
    w = desk._training_launcher.window
    qtbot.addWidget(w)
    assert offered == {"first": CARD, "column": "Certification"}
    assert w.assignments == {CARD: assignment} and w.run.mode == "certification"
    qtbot.waitUntil(lambda: w.ticket.detail is not None, timeout=5000)
    qtbot.mouseClick(w.training.end_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(w, "scorecard", None) is not None and w.scorecard.saved.isVisible(), timeout=10000)
    assert "Recorded" in w.scorecard.saved.text(), w.scorecard.saved.text()
    with sqlite_db.session() as s:
        (row,) = [r for r in records.list_assignments(s, current_agent(s, "kim.minji")) if r.id == assignment]
        assert row.attempts == 1 and not row.passed
    w.scorecard.close()
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=5000)
    desk.ctx.runner.wait()
