"""Quality reviews on screen (issue 13), real widgets on a real SQLite workspace: a lead
scores a handled ticket in the review dialog (live total, auto-fail) and saves it; the
agent's own pane lists it with its trend and follows new reviews; an agent cannot score;
Korean labels. Screenshots: /tmp/reviews-ko.png, /tmp/reviews-pane-ko.png."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from agentdesk.models import ChangeKind, QualityReview, utcnow
from agentdesk.services import reviews, tickets
from agentdesk.services.common import current_agent
from agentdesk.views import reviews as ui
from tests.factories import seed_small, team_id
from tests.uihelpers import make_ctx, settle

FULL = {"greeting": 5, "compliance": 5, "accuracy": 5, "empathy": 5, "resolution": 5, "closing": 5}


@pytest.fixture
def world(sqlite_db):
    ids = seed_small(sqlite_db)
    with sqlite_db.session() as s:
        kim, lead = current_agent(s, "kim.minji"), current_agent(s, "park.lead")
        done = []
        for k in range(3):
            t = tickets.create_ticket(s, subject=f"카드 재발급 문의 {k}", body="카드를 잃어버렸어요. 4111 1111 1111 1111",
                                      channel="chat", customer_id=ids["customer"], assignee_id=kim.id, author_name="최영희",
                                      team_id=team_id(s), now=utcnow() - timedelta(days=2))
            s.flush()
            tickets.add_message(s, t.number, kim, "분실 신고 접수했습니다. 새 카드는 3일 안에 도착합니다.")
            tickets.update_ticket(s, t.number, lead, status="solved")
            done.append(t.number)
    ids["done"] = done
    return sqlite_db, ids


class _Korean(QTranslator):
    """The Korean of scripts/i18n (what the integrator compiles into the .qm), straight
    from its tables: the screenshots need no regenerated catalogue."""

    def __init__(self, parent):
        super().__init__(parent)
        import importlib.util
        from pathlib import Path

        self.table: dict = {}
        self.overrides: dict = {}
        folder = Path(__file__).resolve().parents[1] / "scripts" / "i18n"
        for name in ("ko_events", "ko_reviews"):
            spec = importlib.util.spec_from_file_location(name, folder / f"{name}.py")
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            self.table.update(module.KO)
            self.overrides.update(getattr(module, "OVERRIDES", {}))

    def translate(self, context, source, disambiguation=None, n=-1):
        # None (a null string): not ours, the next catalogue (Qt's own, the compiled one) answers.
        return self.overrides.get((context, source)) or self.table.get(source)

    def isEmpty(self) -> bool:
        return False


@pytest.fixture
def korean(qapp):
    from PySide6.QtCore import QLocale

    from agentdesk.ui.app import install_language, register_fonts

    font = qapp.font()
    register_fonts(qapp)  # Hangul in the screenshots, as the app starts
    install_language(qapp, "ko")  # the compiled catalogue (Qt's own strings), then ours on top
    ours = _Korean(qapp)
    qapp.installTranslator(ours)
    yield
    qapp.removeTranslator(ours)
    qapp.setFont(font)
    install_language(qapp, "en")
    assert QLocale().language() == QLocale.Language.English


def _dialog(qtbot, db, number, login="park.lead"):
    ctx = make_ctx(db, login)
    dlg = ui.ReviewDialog(ctx, number)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: bool(dlg.rows) or dlg.error.isVisible(), timeout=5000)
    settle(ctx.runner)
    return ctx, dlg


def _score(dlg, **points):
    for row in dlg.rows:
        row.points.setValue(points.get(row.item.key, FULL[row.item.key]))


def test_a_lead_scores_a_handled_ticket_and_saves_it(qtbot, world):
    db, ids = world
    number = ids["done"][0]
    ctx, dlg = _dialog(qtbot, db, number)
    assert [r.item.key for r in dlg.rows] == list(FULL)
    assert "4111 1111 1111 1111" not in dlg.timeline.toPlainText() and "분실 신고" in dlg.timeline.toPlainText()
    assert not dlg.save_button.isEnabled() and dlg.total.text() == "–"
    dlg.rows[0].points.setValue(4)
    assert not dlg.save_button.isEnabled() and "5" in dlg.total_note.text()  # five left
    _score(dlg, greeting=4, accuracy=3)
    assert dlg.total.text() == "88.0" and dlg.save_button.isEnabled()
    _score(dlg, compliance=0)  # asked for the full card number
    assert dlg.total.text() == "0.0" and "Identity check" in dlg.total_note.text()
    _score(dlg, greeting=4, accuracy=3)
    dlg.rows[2].comment.setText("한도 안내가 틀림")
    dlg.overall.setPlainText("친절했어요")
    heard = []
    ctx.changes.changed.connect(lambda kind, rid: heard.append((kind, rid)))
    with qtbot.waitSignal(dlg.saved, timeout=5000) as saved:
        dlg.save_button.click()
    row = saved.args[0]
    assert (row.score, row.comments, row.comment) == (88.0, {"accuracy": "한도 안내가 틀림"}, "친절했어요")
    assert heard == [(ChangeKind.QUALITY_REVIEW, row.id)] and dlg.result_row == row
    with db.session() as s:
        stored = s.scalar(select(QualityReview))
        assert (stored.score, stored.agent_id, stored.failed) == (88.0, ids["me"], False)
    ctx.runner.wait()


def test_an_agent_is_told_at_once_and_cannot_save(qtbot, world):
    db, ids = world
    ctx, dlg = _dialog(qtbot, db, ids["done"][0], login="lee.junho")
    assert dlg.error.isVisible() and "lead" in dlg.error.text()
    _score(dlg)
    assert not dlg.save_button.isEnabled() and not dlg.rows[0].points.isEnabled()
    ctx.runner.wait()


def test_a_refusal_on_save_is_shown_in_the_dialog(qtbot, world):
    db, ids = world
    number = ids["done"][0]
    ctx, dlg = _dialog(qtbot, db, number)
    with db.session() as s:  # another lead was faster
        reviews.save_review(s, "park.lead", number, FULL, {})
    _score(dlg)
    dlg.save_button.click()
    qtbot.waitUntil(dlg.error.isVisible, timeout=5000)
    assert str(number) in dlg.error.text() and dlg.result_row is None and dlg.isVisible()
    ctx.runner.wait()


def test_the_ask_seam(qtbot, world, monkeypatch):
    db, ids = world
    ctx = make_ctx(db, "park.lead")
    asked = []
    monkeypatch.setattr(ui.ReviewDialog, "ask", classmethod(lambda cls, parent, c, ref: asked.append(ref)))
    assert ui.review_ticket(None, ctx, ids["done"][1]) is None and asked == [ids["done"][1]]


def test_the_agents_pane_lists_the_reviews_and_the_trend(qtbot, qtmodeltester, world):
    db, ids = world
    now = utcnow()
    with db.session() as s:
        reviews.save_review(s, "park.lead", ids["done"][0], {**FULL, "empathy": 0}, {"empathy": "공감 부족"},
                            now - timedelta(weeks=3), comment="다음엔 더 잘해요")
        reviews.save_review(s, "park.lead", ids["done"][1], {**FULL, "compliance": 0}, {}, now)
    ctx = make_ctx(db, "kim.minji")
    pane = ui.MyReviewsPane(ctx)
    qtbot.addWidget(pane)
    pane.resize(820, 620)
    pane.show()
    qtbot.waitSignal(pane.loaded, timeout=5000).wait() if pane.model.rowCount() == 0 else None
    qtbot.waitUntil(lambda: pane.model.rowCount() == 2, timeout=5000)
    qtmodeltester.check(pane.model)
    m = pane.model
    assert [m.index(r, 2).data() for r in range(2)] == ["0.0 ✕", "85.0"]  # newest first; the failed one marked
    assert m.index(1, 4).data() == "다음엔 더 잘해요" and m.index(0, 3).data() == "박서연"
    weeks = pane.chart.weeks
    assert len(weeks) == 12 and weeks[-1].average == 0.0 and weeks[-4].average == 85.0
    assert sum(w.count for w in weeks) == 2 and "2" in pane.summary.text()
    pane.table.selectRow(1)
    assert "공감 부족" in pane.detail.toPlainText() and "Empathy" in pane.detail.toPlainText()
    # A review arriving (saved here or pulled by a sync) shows without reopening the pane.
    with db.session() as s:
        reviews.save_review(s, "park.lead", ids["done"][2], FULL, {}, now)
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        ctx.changes.changed.emit(ChangeKind.QUALITY_REVIEW, None)
    assert pane.model.rowCount() == 3 and pane.chart.weeks[-1].average == 50.0
    qtmodeltester.check(pane.model)
    settle(ctx.runner)


def test_a_colleague_cannot_open_someone_elses_reviews(qtbot, world):
    db, ids = world
    ctx = make_ctx(db, "lee.junho")
    pane = ui.MyReviewsPane(ctx, agent_id=ids["me"])
    qtbot.addWidget(pane)
    qtbot.waitUntil(lambda: "lee" in pane.summary.text().lower() or "may not" in pane.summary.text(), timeout=5000)
    assert pane.model.rowCount() == 0
    settle(ctx.runner)


def test_open_my_reviews_makes_a_window(qtbot, world):
    db, _ = world
    ctx = make_ctx(db, "kim.minji")
    dlg = ui.open_my_reviews(None, ctx)
    qtbot.addWidget(dlg)
    pane = dlg.findChild(ui.MyReviewsPane)
    qtbot.waitUntil(lambda: pane.summary.text() != "Loading…", timeout=5000)
    assert dlg.isVisible() and dlg.windowTitle() == "Quality reviews"
    settle(ctx.runner)


def test_korean_screens(qtbot, world, korean):
    db, ids = world
    with db.session() as s:
        reviews.save_review(s, "park.lead", ids["done"][1], {**FULL, "accuracy": 3}, {"accuracy": "한도 안내 오류"},
                            utcnow() - timedelta(weeks=2), comment="전반적으로 친절했습니다")
        reviews.save_review(s, "park.lead", ids["done"][2], {**FULL, "compliance": 0},
                            {"compliance": "본인확인 없이 카드번호 전체를 물어봄"}, utcnow())
    ctx, dlg = _dialog(qtbot, db, ids["done"][0])
    dlg.resize(1040, 640)
    _score(dlg, greeting=4, empathy=3)
    dlg.rows[3].comment.setText("고객 불만에 공감 표현 부족")
    assert dlg.windowTitle() == "품질 평가" and dlg.rows[1].item.label_ko == "본인확인·규정 준수"
    assert "인사" in [r.item.label("ko") for r in dlg.rows] and dlg.total_note.text() == "/ 100점"
    labels = [w.text() for w in dlg.items.findChildren(ui.QLabel)]
    assert "본인확인·규정 준수" in labels and "0점이면 불합격" in " ".join(labels)
    QApplication.processEvents()
    dlg.grab().save("/tmp/reviews-ko.png")
    kim = make_ctx(db, "kim.minji")
    pane = ui.MyReviewsPane(kim)
    qtbot.addWidget(pane)
    pane.resize(860, 620)
    pane.show()
    qtbot.waitUntil(lambda: pane.model.rowCount() == 2, timeout=5000)
    assert pane.title.text() == "내 품질 평가" and "평균" in pane.summary.text()
    assert pane.model.headerData(3, ui.Qt.Orientation.Horizontal) == "평가자"
    QApplication.processEvents()
    pane.grab().save("/tmp/reviews-pane-ko.png")
    settle(ctx.runner, kim.runner)
