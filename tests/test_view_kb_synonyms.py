"""The knowledge pane's Synonyms dialog (issue 16): a lead approves a learned proposal
(after editing its words), dismisses one, adds and removes their own; an agent sees the
list only; search in the pane uses what the team approved."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from agentdesk.models import KbSynonym
from agentdesk.services import kb_learning
from agentdesk.views.knowledge import KnowledgePane, SynonymsDialog
from tests.factories import seed_small
from tests.kb_learning_support import APP_ERROR, CRASHES, NOW, seed, use_on_new_ticket
from tests.uihelpers import make_ctx


@pytest.fixture
def ws(sqlite_db):
    seed_small(sqlite_db)
    with sqlite_db.session() as s:
        seed(s)
        for text in CRASHES:
            use_on_new_ticket(s, text, APP_ERROR, at=NOW)
        s.commit()
    return sqlite_db


def _dialog(qtbot, db, login):
    ctx = make_ctx(db, login)
    dlg = SynonymsDialog(ctx)
    qtbot.addWidget(dlg)
    with qtbot.waitSignal(dlg.loaded, timeout=10_000) as got:
        dlg.show()
    return dlg, got.args[0]


def _rows(db):
    with db.session() as s:
        return {r.phrase: (r.words, r.status, r.deleted) for r in s.scalars(select(KbSynonym))}


def test_a_lead_approves_dismisses_adds_and_removes(qtbot, qapp, ws, tmp_path):
    from agentdesk.ui.app import register_fonts

    register_fonts(qapp)  # Hangul in the screenshot below
    dlg, view = _dialog(qtbot, ws, "park.lead")
    dlg.grab().save(str(tmp_path / "proposals.png"))
    try:
        assert view.can_edit and view.proposals and view.team_name == "카드상담팀"
        assert dlg.approve_button.isVisible() and not dlg.approve_button.isEnabled()
        first = view.proposals[0]
        dlg.proposal_list.setCurrentRow(0)
        assert dlg.phrase_edit.text() == first.phrase and dlg.approve_button.isEnabled()
        dlg.words_edit.setText("앱 오류 재설치")
        with qtbot.waitSignal(dlg.loaded, timeout=10_000):
            dlg.approve_current()
        assert _rows(ws)[first.phrase] == ("앱 오류 재설치", "approved", False)
        assert dlg.synonym_list.count() == 1 and first.phrase not in {p.phrase for p in dlg._view.proposals}
        if dlg._view.proposals:
            second = dlg._view.proposals[0].phrase
            dlg.proposal_list.setCurrentRow(0)
            with qtbot.waitSignal(dlg.loaded, timeout=10_000):
                dlg.dismiss_current()
            assert _rows(ws)[second][1] == "dismissed"
        # A refused value shows its coded line and writes nothing.
        dlg.phrase_edit.setText("꺼")
        dlg.words_edit.setText("앱 오류")
        dlg.add_typed()
        qtbot.waitUntil(lambda: "2" in dlg.status.text(), timeout=10_000)
        assert "꺼" not in _rows(ws)
        dlg.phrase_edit.setText("폰이 이상")
        dlg.words_edit.setText("앱 오류")
        with qtbot.waitSignal(dlg.loaded, timeout=10_000):
            dlg.add_typed()
        assert _rows(ws)["폰이 이상"] == ("앱 오류", "approved", False)
        dlg.resize(720, 560)
        dlg.grab().save(str(tmp_path / "synonyms.png"))
        row = [r.phrase for r in dlg._view.synonyms].index("폰이 이상")
        dlg.synonym_list.setCurrentRow(row)
        asked = []
        dlg.ask_remove = lambda parent, phrase: asked.append(phrase) or True
        with qtbot.waitSignal(dlg.loaded, timeout=10_000):
            dlg.remove_current()
        assert asked == ["폰이 이상"] and _rows(ws)["폰이 이상"][2] is True
    finally:
        dlg.close()
        dlg.ctx.runner.wait()


def test_an_agent_sees_the_list_but_cannot_edit(qtbot, qapp, ws):
    with ws.session() as s:
        from tests.kb_learning_support import agent

        kb_learning.save_synonym(s, agent(s, "park.lead"), None, "폰이 이상", "앱 오류", now=NOW)
        s.commit()
    dlg, view = _dialog(qtbot, ws, "kim.minji")
    try:
        assert not view.can_edit and view.proposals == []
        assert dlg.synonym_list.count() == 1 and "폰이 이상" in dlg.synonym_list.item(0).text()
        for w in (dlg.approve_button, dlg.add_button, dlg.remove_button, dlg.phrase_edit, dlg.proposal_list):
            assert not w.isVisible()
    finally:
        dlg.close()
        dlg.ctx.runner.wait()


def test_the_panes_search_uses_the_teams_synonyms_and_opens_the_dialog(qtbot, qapp, ws):
    with ws.session() as s:
        from tests.kb_learning_support import agent

        kb_learning.save_synonym(s, agent(s, "park.lead"), None, "폰이 이상", "앱 오류", now=NOW)
        s.commit()
    ctx = make_ctx(ws, "kim.minji")
    pane = KnowledgePane(ctx)
    qtbot.addWidget(pane)
    pane.show()
    try:
        with qtbot.waitSignal(pane.resultsShown, timeout=10_000):
            pane.search_edit.setText("폰이 이상해요")
        assert pane.model.hits()[0].title == APP_ERROR
        dlg = pane.show_synonyms()
        qtbot.waitSignal(dlg.loaded, timeout=10_000).wait()
        assert dlg.windowTitle()
        dlg.close()
    finally:
        pane.close()
        ctx.runner.wait()
