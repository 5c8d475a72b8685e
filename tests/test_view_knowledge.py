"""The knowledge pane on a real SQLite workspace: search, suggestions, inserting, votes, sharing."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from sqlalchemy import select

from agentdesk.models import ArticleUse, ArticleVote, KnowledgeArticle, Ticket
from agentdesk.services import knowledge
from agentdesk.views.knowledge import ArticleHitModel, KnowledgePane, ProposalDialog, ProposalsDialog, snippet_html
from tests.factories import seed_small
from tests.test_knowledge_service import ARTICLES
from tests.uihelpers import make_ctx


@pytest.fixture
def ws(sqlite_db):
    ids = seed_small(sqlite_db)
    with sqlite_db.session() as s:
        knowledge.import_articles(s, ARTICLES)
        ids["t1_id"] = s.scalar(select(Ticket.id).where(Ticket.number == ids["t1"]))
        ids["t3_id"] = s.scalar(select(Ticket.id).where(Ticket.number == ids["t3"]))
    return ids


def _pane(qtbot, db, login="kim.minji"):
    ctx = make_ctx(db, login)
    pane = KnowledgePane(ctx)
    qtbot.addWidget(pane)
    pane.resize(640, 900)
    pane.show()
    qtbot.waitExposed(pane)
    return pane


@pytest.fixture
def pane(qtbot, qapp, sqlite_db, ws):
    p = _pane(qtbot, sqlite_db)
    yield p
    p.ctx.runner.wait()


def _hits(pane):
    return pane.model.hits()


def _uses(db):
    with db.session() as s:
        return [(u.kind, u.ticket_id, u.agent_id) for u in s.scalars(select(ArticleUse).order_by(ArticleUse.at))]


def test_search_in_korean_and_insert_an_excerpt(qtbot, pane, sqlite_db, ws):
    pane.set_ticket(ws["t1_id"])
    with qtbot.waitSignal(pane.resultsShown, timeout=5000):
        pass  # the suggestions for the ticket
    with qtbot.waitSignal(pane.articleShown, timeout=5000):
        with qtbot.waitSignal(pane.resultsShown, timeout=5000, check_params_cb=lambda n: n > 0):
            for ch in "한도를 조회하려면":  # typed (QTest cannot key Hangul): one search after the pause
                pane.search_edit.insert(ch)
    assert _hits(pane)[0].external_id == "KB-LIMIT"
    n = len(_hits(pane))
    assert pane.context_label.text() == f"{n} article{'' if n == 1 else 's'}"
    assert pane.current_article().external_id == "KB-LIMIT"
    assert "<b" in pane.body_view.toHtml()  # the query's words are marked in the reader
    with qtbot.waitSignal(pane.useRecorded, timeout=5000):
        with qtbot.waitSignal(pane.insertRequested, timeout=5000) as inserted:
            pane.excerpt_button.click()
    text = inserted.args[0]
    assert text.startswith("앱 또는 홈페이지에서 [카드 > 한도 조회]") and "끝자리" not in text
    assert _uses(sqlite_db) == [("excerpt", ws["t1_id"], ws["me"])]
    with qtbot.waitSignal(pane.useRecorded, timeout=5000):
        with qtbot.waitSignal(pane.insertRequested, timeout=5000) as inserted:
            pane.link_button.click()
    assert inserted.args[0] == "카드 한도 조회 방법: https://help.agentdesk.example/kb/KB-LIMIT"
    assert [u[0] for u in _uses(sqlite_db)] == ["excerpt", "link"]


def test_suggestions_appear_without_typing_and_draft_the_best(qtbot, pane, sqlite_db, ws):
    assert pane.draft_best_suggestion() is False  # no ticket yet
    with qtbot.waitSignal(pane.resultsShown, timeout=5000):
        pane.set_ticket(ws["t1_id"])
    assert pane.context_label.text() == f"Suggested for #{ws['t1']}"
    assert _hits(pane)[0].external_id == "KB-LIMIT"
    with qtbot.waitSignal(pane.useRecorded, timeout=5000):
        with qtbot.waitSignal(pane.insertRequested, timeout=5000) as inserted:
            assert pane.draft_best_suggestion() is True
    assert inserted.args[0].endswith("\n\n카드 한도 조회 방법: https://help.agentdesk.example/kb/KB-LIMIT")
    assert "얼마인지" in inserted.args[0]
    assert _uses(sqlite_db) == [("draft", ws["t1_id"], ws["me"])]
    qtbot.waitUntil(lambda: pane.current_article() is not None, timeout=5000)
    with qtbot.waitSignal(pane.insertRequested, timeout=1) as again:  # the reader holds it: at once
        assert pane.draft_best_suggestion() is True
    assert again.args == inserted.args
    qtbot.waitUntil(lambda: len(_uses(sqlite_db)) == 2, timeout=5000)
    # Another ticket: its own suggestions; clearing the search box brings them back.
    with qtbot.waitSignal(pane.resultsShown, timeout=5000):
        pane.set_ticket(ws["t3_id"])
    assert pane.context_label.text() == f"Suggested for #{ws['t3']}" and _hits(pane)[0].external_id == "KB-PASSWORD"
    with qtbot.waitSignal(pane.resultsShown, timeout=5000):
        pane.search("환불")
    assert pane.context_label.text().endswith(("article", "articles"))
    with qtbot.waitSignal(pane.resultsShown, timeout=5000):
        pane.search_edit.clear()
    assert pane.context_label.text() == f"Suggested for #{ws['t3']}"


def test_without_a_ticket_nothing_is_inserted(qtbot, pane):
    with qtbot.waitSignal(pane.articleShown, timeout=5000):
        pane.search("refunds")
    assert _hits(pane)[0].external_id == "KB-REFUND-EN"
    assert not pane.excerpt_button.isEnabled() and not pane.link_button.isEnabled()
    assert pane.helpful_button.isEnabled()


def test_helpful_vote_moves_counters(qtbot, pane, sqlite_db, ws):
    with qtbot.waitSignal(pane.articleShown, timeout=5000):
        pane.search("한도 조회")
    with qtbot.waitSignal(pane.voted, timeout=5000):
        pane.helpful_button.click()
    assert pane.helpful_button.isChecked() and not pane.not_helpful_button.isChecked()
    assert pane.votes_label.text() == "1 found this helpful · 0 did not"
    assert _hits(pane)[0].helpful == 1
    with qtbot.waitSignal(pane.voted, timeout=5000):
        pane.not_helpful_button.click()
    assert pane.not_helpful_button.isChecked() and not pane.helpful_button.isChecked()
    with sqlite_db.session() as s:
        art = s.scalar(select(KnowledgeArticle).where(KnowledgeArticle.external_id == "KB-LIMIT"))
        assert (art.helpful, art.not_helpful) == (0, 1)
        assert s.scalar(select(ArticleVote.helpful)) is False


def test_no_results_and_hostile_input(qtbot, pane):
    for text in ('"', "NEAR(한도", "'; DROP TABLE kb_articles; --", "*", "한" * 400):
        with qtbot.waitSignal(pane.resultsShown, timeout=5000):
            pane.search(text)
    with qtbot.waitSignal(pane.resultsShown, timeout=5000) as shown:
        pane.search("존재하지않는검색어")
    assert shown.args == [0] and pane.list_stack.currentWidget() is pane.empty_label
    assert "존재하지않는검색어" in pane.empty_label.text()


def test_filters_narrow_the_results(qtbot, pane):
    qtbot.waitUntil(lambda: pane.category_box.count() > 1, timeout=5000)
    with qtbot.waitSignal(pane.resultsShown, timeout=5000):
        pane.search("한도")
    assert len(_hits(pane)) == 4  # the three limit articles and the points article
    with qtbot.waitSignal(pane.resultsShown, timeout=5000):
        pane.category_box.setCurrentIndex(pane.category_box.findData("카드 한도"))
    assert {h.external_id for h in _hits(pane)} == {"KB-LIMIT", "KB-RAISE", "KB-PERM"}
    with qtbot.waitSignal(pane.resultsShown, timeout=5000):
        pane.tag_box.setCurrentIndex(pane.tag_box.findData("한도상향"))
    assert {h.external_id for h in _hits(pane)} == {"KB-RAISE", "KB-PERM"}


def test_stale_results_never_replace_newer_ones(qtbot, pane):
    with qtbot.waitSignal(pane.resultsShown, timeout=5000):
        pane.search("refund")
        pane.search("비밀번호 password")
        pane.search("분실")
    from tests.uihelpers import settle

    settle(pane.ctx.runner)
    assert _hits(pane)[0].external_id == "KB-LOST"


def test_propose_an_article_and_an_edit_through_the_dialog_seam(qtbot, pane, sqlite_db, monkeypatch):
    monkeypatch.setattr(ProposalDialog, "ask", staticmethod(
        lambda parent, heading="", initial=None: {"title": "해외 결제 차단 해제", "body": "앱에서 해제합니다.",
                                                  "category": "해외", "tags": ["해외결제"], "language": "ko"}))
    with qtbot.waitSignal(pane.proposed, timeout=5000) as done:
        pane.propose_article()
    assert done.args[0].status == "proposed"
    with qtbot.waitSignal(pane.articleShown, timeout=5000):
        pane.search("한도 조회")
    seen = {}
    monkeypatch.setattr(ProposalDialog, "ask", staticmethod(
        lambda parent, heading="", initial=None: seen.update(initial) or dict(initial, body=initial["body"] + " 추가 안내.")))
    with qtbot.waitSignal(pane.proposed, timeout=5000) as done:
        pane.edit_button.click()
    assert seen["title"] == "카드 한도 조회 방법" and done.args[0].proposal_of_id == pane.current_article().id
    with sqlite_db.session() as s:
        assert s.scalar(select(KnowledgeArticle.status).where(KnowledgeArticle.title == "해외 결제 차단 해제")) == "proposed"


def test_lead_reviews_and_publishes(qtbot, qapp, sqlite_db, ws, monkeypatch):
    with sqlite_db.session() as s:
        a = knowledge.propose(s, "kim.minji", "해외 결제 차단 해제", "앱에서 해외 결제 차단을 해제합니다.")
        b = knowledge.propose(s, "kim.minji", "포인트 소멸", "포인트는 24개월 후 소멸됩니다.")
    lead = _pane(qtbot, sqlite_db, "park.lead")
    dlg = lead.show_proposals()
    qtbot.waitUntil(lambda: dlg.list.count() == 2, timeout=5000)
    assert dlg.publish_button.isVisible() and dlg.publish_button.isEnabled()
    with qtbot.waitSignal(dlg.reviewed, timeout=5000):
        dlg.publish_current()
    monkeypatch.setattr(ProposalsDialog, "ask_note", staticmethod(lambda parent: "중복입니다"))
    qtbot.waitUntil(lambda: dlg.list.count() == 1, timeout=5000)
    with qtbot.waitSignal(dlg.reviewed, timeout=5000):
        dlg.reject_current()
    qtbot.waitUntil(lambda: dlg.list.count() == 0, timeout=5000)
    with sqlite_db.session() as s:
        assert s.get(KnowledgeArticle, a.id).status == "published"
        assert (s.get(KnowledgeArticle, b.id).status, s.get(KnowledgeArticle, b.id).review_note) == ("rejected", "중복입니다")
    with qtbot.waitSignal(lead.resultsShown, timeout=5000):
        lead.search("해외 결제 차단")
    assert _hits(lead)[0].title == "해외 결제 차단 해제"
    dlg.close()
    lead.ctx.runner.wait()
    # The author sees the outcome in "My proposals", without review buttons.
    agent = _pane(qtbot, sqlite_db, "kim.minji")
    mine = agent.show_proposals()
    qtbot.waitUntil(lambda: mine.list.count() == 2, timeout=5000)
    assert not mine.publish_button.isVisible()
    mine.list.setCurrentRow([p.id for p in mine._rows].index(b.id))
    assert "중복입니다" in mine.detail.toPlainText()
    mine.close()
    agent.ctx.runner.wait()


def test_results_model_and_safe_snippets(qtmodeltester, qapp):
    model = ArticleHitModel()
    hit = knowledge.ArticleHit(id=None, external_id="X", title="<b>t</b>", category="c", tags=["a"], language="ko",
                               score=1.0, snippet="«<script>» & 한도")
    model.set_hits([hit, hit])
    qtmodeltester.check(model)
    assert snippet_html(hit.snippet) == '<b style="color:#1d4ed8">&lt;script&gt;</b> &amp; 한도'


def test_an_empty_title_keeps_the_dialog_open_with_the_text(qtbot):
    """The dialog closed on OK and the service then refused the empty title: the text was lost."""
    dlg = ProposalDialog(None, "Propose an article")
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.body_edit.setPlainText("앱 [카드 > 해외 결제]에서 해제합니다.")
    dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dlg.isVisible() and dlg.result() != QDialog.DialogCode.Accepted
    assert dlg.error.isVisible() and dlg.error.text()
    assert dlg.body_edit.toPlainText() == "앱 [카드 > 해외 결제]에서 해제합니다."
    dlg.title_edit.setText("해외 결제 차단 해제")
    dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dlg.result() == QDialog.DialogCode.Accepted


def test_a_refused_proposal_comes_back_with_its_text_and_why(qtbot, pane, monkeypatch):
    asked = []
    typed = {"title": "해외 결제", "body": "앱에서 해제합니다.", "category": "해" * 65, "tags": [], "language": "ko"}

    def ask(parent, heading="", initial=None, error=""):
        asked.append((initial, error))
        return dict(typed) if len(asked) == 1 else None  # the agent gives up the second time

    monkeypatch.setattr(ProposalDialog, "ask", staticmethod(ask))
    with qtbot.waitSignal(pane.failed, timeout=5000):
        pane.propose_article()
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=5000)
    initial, error = asked[1]
    assert initial == typed and error


def test_f8_drafts_the_tickets_suggestion_while_the_search_box_holds_text(qtbot, pane, sqlite_db, ws):
    """F8 said "no suggestion" whenever the agent had typed a search: suggestions were never loaded."""
    with qtbot.waitSignal(pane.resultsShown, timeout=5000):
        pane.search("환불")
    pane.set_ticket(ws["t1_id"])  # the search stays on screen
    with qtbot.waitSignal(pane.insertRequested, timeout=5000) as inserted:
        assert pane.draft_best_suggestion() is True
    assert "KB-LIMIT" in inserted.args[0]
    assert pane.context_label.text().endswith(("article", "articles"))  # the agent's search is still what the list shows
