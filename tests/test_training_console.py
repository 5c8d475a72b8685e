"""The Trainer console (views/trainer.py), offscreen on a real SQLite workspace: a trainer
assigns card-limit-inquiry to a trainee, the trainee's attempt is recorded (save_attempt:
the scorecard recomputed from the actions), and the trainer's Results tab shows it with
that score; replay walks its timeline; the CSV export; the raw editor's live validation
names the broken line; the preview plays the customer side."""

from __future__ import annotations

import csv

import pytest

from agentdesk.services import training_records as records
from agentdesk.services.common import current_agent
from agentdesk.views.trainer import ResultsPane, ScenariosPane, TrainerWindow, may_train
from tests.training_support import own_scenario, played, record, seed
from tests.uihelpers import make_ctx, settle


@pytest.fixture
def console(qtbot, sqlite_db):
    ids = seed(sqlite_db)
    ctx = make_ctx(sqlite_db, "choi.trainer")
    w = TrainerWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1280, 760)
    with qtbot.waitSignal(w.assignments.loaded, timeout=5000), qtbot.waitSignal(w.results.loaded, timeout=5000):
        w.show()
        w.start()
    yield w, ids, sqlite_db
    settle(ctx.runner)


def test_a_trainer_assigns_a_scenario_and_sees_the_result(qtbot, qtmodeltester, console, tmp_path):
    w, ids, db = console
    pane = w.assignments
    pane.check(["card-limit-inquiry"], [ids["me"]])
    pane.mode.setCurrentIndex(pane.mode.findData("certification"))
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.assign_button.click()
    assert "1" in pane.message.text()
    [a] = pane.model.rows
    assert (a.scenario_key, a.trainee, a.mode, a.attempts) == ("card-limit-inquiry", "김민지", "certification", 0)
    # The trainee plays it (SESSION's window ends a session with save_attempt(session, agent, record)).
    with db.session() as s:
        me = current_agent(s, "kim.minji")
        [mine] = records.list_assignments(s, me)
        records.save_attempt(s, me, {**record("card-limit-inquiry", "card-limit-inquiry.good", "certification"),
                                     "assignment_id": str(mine.id)})
        s.commit()
    expect = played("card-limit-inquiry", "card-limit-inquiry.good", "certification")
    w.tabs.setCurrentWidget(w.results)  # imports pyqtgraph, makes the chart
    with qtbot.waitSignal(w.results.loaded, timeout=5000):
        w.results.refresh()
    res = w.results
    [row] = res.attempts.rows
    assert (row.trainee, row.scenario_key, row.score, row.passed) == ("김민지", "card-limit-inquiry", expect["score"],
                                                                      True)
    [who] = res.trainees.rows
    assert (who.trainee, who.attempts, who.best, who.passed) == ("김민지", 1, expect["score"], 1)
    assert {i.item_id for i in res.items.rows} == {i["id"] for i in expect["items"]}
    assert res.chart is not None and res.chart.objectName() == "resultsChart"
    assert res.chart_choice.count() == 1 + len(expect["items"])  # scores by trainee, then each rubric item
    res.chart_choice.setCurrentIndex(res.chart_choice.findData("greeting"))
    [curve] = res.chart.getPlotItem().listDataItems()
    assert list(curve.getData()[1]) == [100.0 * next(i["points"] / i["max"] for i in expect["items"]
                                                     if i["id"] == "greeting")]
    res.chart_choice.setCurrentIndex(0)
    for model in (res.attempts, res.trainees, res.items, pane.model, w.scenarios.model):
        qtmodeltester.check(model)
    score_col = [c[0] for c in res.attempts.columns].index("Score")
    assert res.attempts.index(0, score_col).data() == str(expect["score"])
    # Replay: step by step through the re-derived timeline.
    shown = []
    ResultsPane.open_dialog = classmethod(lambda cls, dlg: shown.append(dlg))
    try:
        res.attempt_table.selectRow(0)
        with qtbot.waitCallback(timeout=5000) as done:
            res._reads.read("wait", lambda s: None, done)
        res.replay()
        qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    finally:
        del ResultsPane.open_dialog
    dlg = shown[0]
    qtbot.addWidget(dlg)
    assert dlg.steps.count() == 1 and dlg.replay.rederived and dlg.replay.score == expect["score"]
    dlg.next_step()
    assert dlg.steps.count() == 2
    dlg.show_all()
    assert dlg.steps.count() == len(expect["timeline"]) and not dlg.next_button.isEnabled()
    # Export CSV.
    path = tmp_path / "results.csv"
    ResultsPane.ask_path = classmethod(lambda cls, parent, title, suggested: str(path))
    try:
        with qtbot.waitSignal(res.exported, timeout=5000):
            res.export_button.click()
    finally:
        del ResultsPane.ask_path
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:3] == ["trainee", "login", "scenario"]
    assert rows[1][0] == "김민지" and rows[1][6] == str(expect["score"]) and rows[1][7] == "true"
    w.grab().save("/tmp/trainer-results.png")


def test_the_raw_editor_names_the_broken_line_and_a_fixed_scenario_is_saved(qtbot, console):
    w, _ids, db = console
    sc = w.scenarios
    qtbot.waitUntil(lambda: sc.scenario is not None, timeout=5000)  # the first scenario loaded and validated
    settle(w.ctx.runner)
    good = own_scenario("my-limit-drill")
    broken = good.replace("pass_score = 70", "pass_score = 700")
    line = broken.splitlines().index("pass_score = 700") + 1
    with qtbot.waitSignal(sc.validated, timeout=5000) as got:
        sc.raw.setPlainText(broken)  # validated once typing pauses (VALIDATE_AFTER_MS)
    assert got.args == [False]
    assert sc.error_line == line and f":{line}:" in sc.problem.text() and "pass_score" in sc.problem.text()
    assert len(sc.raw.extraSelections()) == 1 and not sc.save_button.isEnabled()
    assert sc.raw.extraSelections()[0].cursor.blockNumber() == line - 1
    with qtbot.waitSignal(sc.validated, timeout=5000) as got:
        sc.raw.setPlainText(good)
    assert got.args == [True] and sc.raw.extraSelections() == [] and sc.save_button.isEnabled()
    # The form writes the source.
    sc.f_title.setText("한도 안내 연습")
    sc.f_pass.setValue(80)
    with qtbot.waitSignal(sc.validated, timeout=5000) as got:
        sc.form_to_source()
    assert got.args == [True] and 'title = "한도 안내 연습"' in sc.raw.toPlainText() and sc.scenario.pass_score == 80
    w.tabs.setCurrentWidget(sc)
    w.grab().save("/tmp/trainer-scenarios.png")
    with qtbot.waitSignal(sc.saved, timeout=5000), qtbot.waitSignal(sc.loaded, timeout=5000):
        sc.save_button.click()
    assert "my-limit-drill" in {r.key for r in sc.model.rows if not r.bundled}
    with db.session() as s:
        assert [r.title for r in records.list_scenarios(s, current_agent(s, "choi.trainer"))
                if r.key == "my-limit-drill"] == ["한도 안내 연습"]


def test_the_preview_plays_the_customer_side_on_a_virtual_clock(qtbot, console):
    w, _ids, _db = console
    sc = w.scenarios
    qtbot.waitUntil(lambda: sc.scenario is not None, timeout=5000)
    sc.editors.setCurrentWidget(sc.preview)
    pv = sc.preview
    opening = pv.log.toPlainText()
    assert "[0:00]" in opening and str(sc.scenario.opening.text)[:10] in opening
    pv.input.setText("안녕하세요, 본인 확인을 위해 성함과 생년월일을 말씀해 주시겠어요?")
    pv.send()
    pv.wait(120)
    assert pv.log.toPlainText().count("\n") >= 2 and pv.session.now >= 120
    assert pv.clock.text() and pv.mood.text()
    sc.editors.setCurrentWidget(sc.preview)
    w.grab().save("/tmp/trainer-preview.png")


def test_the_console_is_for_trainers_leads_and_admins_and_leads_do_not_author(qtbot, sqlite_db):
    seed(sqlite_db)
    assert [r for r in ("agent", "trainer", "lead", "admin") if may_train(r)] == ["trainer", "lead", "admin"]
    ctx = make_ctx(sqlite_db, "park.lead")
    pane = ScenariosPane(ctx)
    qtbot.addWidget(pane)
    assert not pane.may_write and not pane.save_button.isEnabled() and not pane.new_button.isEnabled()
    settle(ctx.runner)

