"""Internal knowledge in the window (issue 12): the 내부용/Internal badge in search results
and the reader, a lead's public/internal switch in the reader (not an agent's), and an
internal article put into a PUBLIC reply only after a question (into a note: none).
Real SQLite workspace and widgets (offscreen), at 1920x1080 and 1366x768."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from agentdesk.models import ArticleUse, KnowledgeArticle, Ticket
from agentdesk.services import knowledge
from agentdesk.ui import app as appmod
from agentdesk.views.knowledge import KnowledgePane
from tests.factories import seed_small
from tests.uihelpers import make_ctx, settle

ARTICLES = [
    {"external_id": "kb-escalate", "title": "고객 불만 에스컬레이션 기준", "body": "불만이 세 번째면 팀장에게 넘깁니다.",
     "tags": ["불만"], "visibility": "internal"},
    {"external_id": "kb-limit", "title": "카드 한도 조회 방법", "body": "앱에서 한도 조회 메뉴를 누르세요.", "tags": ["불만"]},
]


@pytest.fixture
def ws(sqlite_db):
    ids = seed_small(sqlite_db)
    with sqlite_db.session() as s:
        knowledge.import_articles(s, ARTICLES)
        ids["t1_id"] = s.scalar(select(Ticket.id).where(Ticket.number == ids["t1"]))
    return ids


def _pane(qtbot, db, login="kim.minji", size=(640, 900)):
    ctx = make_ctx(db, login)
    pane = KnowledgePane(ctx)
    qtbot.addWidget(pane)
    pane.resize(*size)
    pane.show()
    qtbot.waitExposed(pane)
    return pane


def _search(qtbot, pane, text, external_id):
    with qtbot.waitSignal(pane.resultsShown, timeout=5000, check_params_cb=lambda n: n > 0):
        pane.search(text)
    row = next(i for i, h in enumerate(pane.model.hits()) if h.external_id == external_id)
    with qtbot.waitSignal(pane.articleShown, timeout=5000):
        pane.results.setCurrentIndex(pane.model.index(row))
    return pane.model.hits()[row]


def test_internal_articles_carry_a_badge_in_the_list_and_the_reader(qtbot, sqlite_db, ws):
    pane = _pane(qtbot, sqlite_db)
    hit = _search(qtbot, pane, "불만", "kb-escalate")
    assert hit.visibility == "internal"
    assert "Internal" in pane.model.data(pane.model.index(0), 3)  # the row's tooltip
    assert "Internal" in pane.meta_label.text()
    assert not pane.visibility_box.isVisibleTo(pane)  # an agent sees the mark, does not set it
    public = _search(qtbot, pane, "불만", "kb-limit")
    assert public.visibility == "public" and "Internal" not in pane.meta_label.text()
    pane.grab().save("/tmp/small-kb-internal.png")
    pane.ctx.runner.wait()


@pytest.fixture
def reply_mode():
    return {"mode": "reply"}


def _asked(monkeypatch, answer: bool) -> list:
    asked: list = []

    def ask(parent, title):
        asked.append(title)
        return answer

    monkeypatch.setattr(KnowledgePane, "ask_insert_internal", staticmethod(ask))
    return asked


def test_an_internal_article_goes_into_a_public_reply_only_when_the_agent_says_so(qtbot, monkeypatch, sqlite_db, ws):
    pane = _pane(qtbot, sqlite_db)
    mode = {"now": "reply"}
    pane.composer_mode = lambda: mode["now"]
    pane.set_ticket(ws["t1_id"])
    _search(qtbot, pane, "불만", "kb-escalate")
    asked = _asked(monkeypatch, False)
    with qtbot.assertNotEmitted(pane.insertRequested, wait=200):
        pane.excerpt_button.click()
    assert asked == ["고객 불만 에스컬레이션 기준"]
    settle(pane.ctx.runner)
    with sqlite_db.session() as s:
        assert s.scalars(select(ArticleUse)).all() == []  # not inserted, not counted
    asked = _asked(monkeypatch, True)
    with qtbot.waitSignal(pane.useRecorded, timeout=5000), qtbot.waitSignal(pane.insertRequested, timeout=5000):
        pane.link_button.click()
    assert asked == ["고객 불만 에스컬레이션 기준"]
    # Into an internal note: no question.
    mode["now"] = "note"
    asked = _asked(monkeypatch, False)
    with qtbot.waitSignal(pane.insertRequested, timeout=5000):
        pane.excerpt_button.click()
    assert asked == []
    # A public article into a public reply: no question either.
    mode["now"] = "reply"
    _search(qtbot, pane, "불만", "kb-limit")
    with qtbot.waitSignal(pane.insertRequested, timeout=5000):
        pane.excerpt_button.click()
    assert asked == []
    pane.ctx.runner.wait()


def test_a_lead_marks_an_article_internal_in_the_reader(qtbot, sqlite_db, ws):
    pane = _pane(qtbot, sqlite_db, "park.lead")
    _search(qtbot, pane, "불만", "kb-limit")
    box = pane.visibility_box
    assert box.isVisibleTo(pane) and box.isEnabled() and box.currentData() == "public"
    with qtbot.waitSignal(pane.visibilityChanged, timeout=5000):
        box.setCurrentIndex(box.findData("internal"))
        box.activated.emit(box.currentIndex())
    assert "Internal" in pane.meta_label.text()
    with sqlite_db.session() as s:
        art = s.scalar(select(KnowledgeArticle).where(KnowledgeArticle.external_id == "kb-limit"))
        assert art.visibility == "internal"
    # The list follows (the change hook re-runs the search).
    qtbot.waitUntil(lambda: any(h.external_id == "kb-limit" and h.visibility == "internal"
                                for h in pane.model.hits()), timeout=5000)
    pane.ctx.runner.wait()


def test_the_main_window_asks_with_the_composer_in_reply_mode(qtbot, monkeypatch, sqlite_db, ws):
    w = appmod.build_window(sqlite_db, appmod.load_agent(sqlite_db, None), appmod.settings())
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    with qtbot.waitSignal(w.ticket.loaded, timeout=5000):
        w.open_ticket(str(ws["t2"]))  # an email ticket: a public reply can go
    w.show_side(w.knowledge)
    _search(qtbot, w.knowledge, "불만", "kb-escalate")
    asked = _asked(monkeypatch, False)
    w.ticket.start_reply()
    w.knowledge.excerpt_button.click()
    assert asked and w.ticket.composer.toPlainText() == ""
    w.ticket.start_note()
    w.knowledge.excerpt_button.click()
    assert len(asked) == 1 and "팀장" in w.ticket.composer.toPlainText()
    w.grab().save("/tmp/small-window-1366.png")
    w.ctx.runner.wait()
