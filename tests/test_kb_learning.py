"""Knowledge search that learns from use (issue 16): the rules (kb_learning_rules.py), the
services on SQLite and PostgreSQL (services/kb_learning.py, knowledge.search's learned
boost and synonyms), cold start, decay, per team; kb.synonym_save through the real team
server (a hostile desk), and through a lead's outbox to the team's desks."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from agentdesk import kb_learning_rules as kr
from agentdesk.models import AuditEntry, KbAssociation, KbLearned, KbSynonym, Team
from agentdesk.rules import RuleError
from agentdesk.services import kb_learning, knowledge
from agentdesk.services.common import InvalidValue, NotAllowed, current_agent
from agentdesk.sync import protocol as p
from tests.factories import seed_small
from tests.kb_learning_support import (
    APP_ERROR, CRASHES, NOW, TRACKING, WHERE, agent, article_id, seed, titles, use_on_new_ticket,
)
from tests.server_attack_support import T, World, m, module_database

QUERY = "계속 하얀 화면만 보여요"  # no word of the article's (nor the thesaurus's); customers said 하얀 화면 before


# --- the rules -------------------------------------------------------------------------------------
def test_decay_halves_every_half_life_and_adding_is_order_free():
    assert kr.decay(4.0, NOW, NOW) == 4.0
    assert kr.decay(4.0, NOW - timedelta(days=kr.HALF_LIFE_DAYS), NOW) == pytest.approx(2.0)
    assert kr.decay(4.0, NOW + timedelta(days=3), NOW) == 4.0  # a future time never grows it
    a, b, c = NOW - timedelta(days=40), NOW - timedelta(days=10), NOW
    w1 = kr.add_weight(*kr.add_weight(1.0, a, 1.0, b), 1.0, c)
    w2 = kr.add_weight(*kr.add_weight(1.0, c, 1.0, a), 1.0, b)
    assert w1[1] == w2[1] == c and w1[0] == pytest.approx(w2[0])
    assert w1[0] == pytest.approx(1 + 0.5 ** (10 / 30) + 0.5 ** (40 / 30))


def test_the_boost_is_bounded_and_nothing_learned_changes_nothing():
    a, b, c = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    text = {a: 10.0, b: 4.0}
    assert kr.boosted(text, {}) == text
    shares = kr.association_share({"꺼져": {b: 5.0}, "하얀": {b: 2.0}})
    assert shares == {b: 1.0}
    out = kr.boosted(text, shares | {c: 1.0})
    assert out[b] == 4.0 + kr.MAX_BOOST * 10.0 and out[c] == kr.MAX_BOOST * 10.0  # bounded by the best text score
    one_use = kr.association_share({"꺼져": {b: 1.0}})  # one use of one term: a hint
    assert one_use[b] == pytest.approx(0.25) and kr.boosted({a: 10.0}, one_use)[b] < 10.0
    split = kr.association_share({"카드": {a: 1.0, b: 1.0}, "하얀": {b: 2.0}})
    assert split == {a: pytest.approx(0.25), b: pytest.approx(0.75)}
    assert kr.association_share({}) == {}
    # A term the article's own text has is counted by its text score, not again by learning.
    gated = kr.association_share({"카드": {a: 1.0, b: 1.0}, "하얀": {b: 2.0}}, lambda term, art: term == "카드")
    assert gated == {b: pytest.approx(0.5)}


def test_synonym_rules():
    assert kr.check_synonym("  꺼져 ", "앱 오류") == kr.Synonym("꺼져", "앱 오류")
    for phrase, words, code in (("꺼", "앱 오류", "kb.synonym_phrase"), ("x" * 41, "a", "kb.synonym_phrase"),
                                ("꺼져", "", "kb.synonym_words"), ("꺼져", "꺼져", "kb.synonym_same"),
                                (3, "a", "kb.synonym_phrase"), ("a\x00b", "c", "kb.synonym_phrase")):
        with pytest.raises(RuleError) as e:
            kr.check_synonym(phrase, words)
        assert e.value.code == code
    team, other = uuid.uuid4(), uuid.uuid4()
    kr.check_synonym_write("lead", team, team)
    kr.check_synonym_write("admin", None, team)
    for role, mine, target in (("agent", team, team), ("lead", other, team), ("trainer", team, team),
                               ("admin", None, None)):
        with pytest.raises(RuleError):
            kr.check_synonym_write(role, mine, target)
    assert kr.synonym_id(team, "꺼져") == kr.synonym_id(team, " 꺼져 ") != kr.synonym_id(other, "꺼져")


# --- services on SQLite --------------------------------------------------------------------------------
@pytest.fixture
def ws(sqlite_db):
    seed_small(sqlite_db)
    with sqlite_db.session() as s:
        seed(s)
        s.commit()
    return sqlite_db


def _key(s, name="카드상담팀"):
    return kb_learning.team_key(s.scalar(select(Team.id).where(Team.name == name)))


def test_a_cold_start_ranks_exactly_as_the_text_alone(ws):
    queries = [QUERY, "카드 한도 조회", "택배 어디쯤", "refund", "비번", "ㅎ", "", "How do I reset my password?"]
    with ws.session() as s:
        key = _key(s)
        for q in queries:
            plain = [(h.id, h.score) for h in knowledge.search(s, q)]
            assert [(h.id, h.score) for h in knowledge.search(s, q, learn_for=key, now=NOW)] == plain, q
        # Something learned, but for other words: still the text ranking for these.
        use_on_new_ticket(s, WHERE[0], TRACKING)
        assert s.scalar(select(func.count()).select_from(KbAssociation)) > 0
        for q in ("카드 한도 조회", "refund", "How do I reset my password?"):
            assert [(h.id, h.score) for h in knowledge.search(s, q, learn_for=key, now=NOW)] == \
                   [(h.id, h.score) for h in knowledge.search(s, q)], q


def test_what_agents_inserted_for_customers_words_lifts_the_article(ws):
    with ws.session() as s:
        key = _key(s)
        assert APP_ERROR not in titles(knowledge.search(s, QUERY, learn_for=key, now=NOW)[:3])
        for i, text in enumerate(CRASHES):
            use_on_new_ticket(s, text, APP_ERROR, at=NOW - timedelta(days=i))
        hits = knowledge.search(s, QUERY, learn_for=key, now=NOW)
        assert titles(hits)[0] == APP_ERROR
        assert titles(knowledge.search(s, QUERY))[:1] != [APP_ERROR]  # without learning: as before
        # Another team learned nothing of it.
        other = Team(name="쇼핑몰CS팀")
        s.add(other)
        s.flush()
        assert titles(knowledge.search(s, QUERY, learn_for=kb_learning.team_key(other.id), now=NOW))[:1] != [APP_ERROR]
        # Filters still hold for an article only learning found.
        assert APP_ERROR not in titles(knowledge.search(s, QUERY, learn_for=key, now=NOW, language="en"))
        assert APP_ERROR not in titles(knowledge.search(s, QUERY, learn_for=key, now=NOW, category="카드 한도"))
        # Learning again is idempotent.
        before = s.execute(select(KbAssociation.term, KbAssociation.weight)).all()
        assert kb_learning.learn(s, NOW) == 0
        assert s.execute(select(KbAssociation.term, KbAssociation.weight)).all() == before


def test_old_uses_weigh_less_and_rebuild_gives_the_same(ws):
    with ws.session() as s:
        key = _key(s)
        use_on_new_ticket(s, WHERE[0], TRACKING, at=NOW - timedelta(days=90))
        aid = article_id(s, TRACKING)
        old = kb_learning.shares_for(s, key, ["어디"], NOW)[aid]
        fresh = kb_learning.shares_for(s, key, ["어디"], NOW - timedelta(days=90))[aid]
        assert (fresh, old) == (pytest.approx(0.25), pytest.approx(0.25 * 0.125))  # 90 days: three half-lives
        rows = sorted(s.execute(select(KbAssociation.term, KbAssociation.weight)).all())
        assert kb_learning.rebuild(s, NOW) == 1
        assert sorted(s.execute(select(KbAssociation.term, KbAssociation.weight)).all()) == rows
        assert s.scalar(select(func.count()).select_from(KbLearned)) == 1


def test_a_helpful_vote_on_a_ticket_teaches_too(ws):
    from agentdesk.services import tickets

    with ws.session() as s:
        key = _key(s)
        t = tickets.create_ticket(s, subject="택배", body=WHERE[1], channel="chat", customer_id=None,
                                  team_id=s.scalar(select(Team.id).where(Team.name == "카드상담팀")))
        knowledge.vote(s, article_id(s, TRACKING), agent(s, "kim.minji").id, False, ticket_id=t.id)
        assert kb_learning.shares_for(s, key, ["어디"], NOW) == {}  # not helpful: nothing learned
        knowledge.vote(s, article_id(s, TRACKING), agent(s, "kim.minji").id, True, ticket_id=t.id)
        assert article_id(s, TRACKING) in kb_learning.shares_for(s, key, ["어디"])


def test_proposals_approval_and_the_synonym_list(ws):
    with ws.session() as s:
        lead, me = agent(s, "park.lead"), agent(s, "kim.minji")
        for text in CRASHES:
            use_on_new_ticket(s, text, APP_ERROR, at=NOW)
        props = kb_learning.proposals(s, None, lead, NOW)
        by_phrase = {pr.phrase: pr for pr in props}
        assert "하얀" in by_phrase, props
        # Words the article has (앱) are not proposed; every proposal points at the article.
        assert "앱" not in by_phrase and {pr.article_title for pr in props} == {APP_ERROR}
        pick = props[0]
        with pytest.raises(NotAllowed) as e:
            kb_learning.save_synonym(s, me, None, pick.phrase, pick.words)
        assert e.value.code == "kb.synonym_leads_only"
        with pytest.raises(InvalidValue) as e:
            kb_learning.save_synonym(s, lead, None, "꺼", "앱 오류")
        assert e.value.code == "kb.synonym_phrase"
        row = kb_learning.save_synonym(s, lead, None, pick.phrase, "앱 오류", now=NOW)
        assert (row.phrase, row.words, row.status) == (pick.phrase, "앱 오류", "approved")
        assert pick.phrase not in {pr.phrase for pr in kb_learning.proposals(s, None, lead, NOW)}
        if len(props) > 1:
            kb_learning.save_synonym(s, lead, None, props[1].phrase, props[1].words, "dismissed", now=NOW)
            assert props[1].phrase not in {pr.phrase for pr in kb_learning.proposals(s, None, lead, NOW)}
        # A lead's own synonym widens the query as the thesaurus does, for the team only.
        kb_learning.save_synonym(s, lead, None, "폰이 이상", "앱 오류", now=NOW)
        assert kb_learning.synonyms_for(s, _key(s))["폰이 이상"] == "앱 오류"
        hits = knowledge.search(s, "폰이 이상해요", learn_for=_key(s), now=NOW)
        assert titles(hits)[0] == APP_ERROR
        assert APP_ERROR not in titles(knowledge.search(s, "폰이 이상해요"))
        view = kb_learning.synonyms_view(s, me.id)
        assert not view.can_edit and view.proposals == [] and "폰이 이상" in {r.phrase for r in view.synonyms}
        kb_learning.remove_synonym(s, lead, None, "폰이 이상", now=NOW)
        assert "폰이 이상" not in kb_learning.synonyms_for(s, _key(s))
        acts = s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "kb_synonyms")).all()
        assert acts.count("create") >= 2 and "delete" in acts
        with pytest.raises(NotAllowed):
            kb_learning.remove_synonym(s, me, None, pick.phrase)


def test_learning_terms_skip_endings_and_bridges():
    terms = kb_learning.learning_terms("앱이 자꾸 꺼져요 Refunds please")
    assert "꺼져" in terms and "앱이" in terms and "refund" in terms
    assert "져요" in terms or "어요" not in terms  # endings search drops are dropped here too
    assert "꾸꺼" not in terms and "please" in terms or "please" not in kb_learning.learning_terms("please")


# --- services on PostgreSQL (the term-match path) -------------------------------------------------------
def test_learning_and_synonyms_on_postgresql(pg_db):
    seed_small(pg_db)
    with pg_db.session() as s:
        seed(s)
        key = _key(s)
        plain = [(h.id, h.score) for h in knowledge.search(s, QUERY)]
        assert [(h.id, h.score) for h in knowledge.search(s, QUERY, learn_for=key, now=NOW)] == plain
        for text in CRASHES:
            use_on_new_ticket(s, text, APP_ERROR, at=NOW)
        assert titles(knowledge.search(s, QUERY, learn_for=key, now=NOW))[0] == APP_ERROR
        lead = agent(s, "park.lead")
        kb_learning.save_synonym(s, lead, None, "어디쯤", "운송장 조회", now=NOW)
        assert titles(knowledge.search(s, "어디쯤 오고 있나요", learn_for=key, now=NOW))[0] == TRACKING
        assert kb_learning.proposals(s, None, lead, NOW)
        s.commit()


# --- the team server: a hostile desk -----------------------------------------------------------------------
def test_agents_and_other_teams_leads_cannot_change_a_teams_synonyms():
    with module_database() as db:
        w = World(db)
        try:
            ids = w.ids

            def save(team, phrase="어디쯤", **over):
                payload = {"team_id": str(team), "phrase": phrase, "words": "운송장 조회", "status": "approved",
                           "deleted": False, **over}
                return m(p.Op.KB_SYNONYM_SAVE, "kb_synonym", kr.synonym_id(team, phrase), payload)

            refused = w.refused("alice", save(ids["cards"]), save(ids["shipping"]))  # an agent
            assert [r["code"] for r in refused] == ["kb.synonym_leads_only"] * 2
            refused = w.refused("sid", save(ids["cards"]), hidden_from=("alice", "lena"))  # Shipping's lead
            assert [r["code"] for r in refused] == ["kb.synonym_leads_only"]
            bad = save(ids["cards"])
            bad["entity_id"] = str(kr.synonym_id(ids["cards"], "다른 말"))
            refused = w.refused("lena", save(ids["cards"], phrase="꺼"), save(ids["cards"], sneaky=1), bad,
                                save(ids["cards"], status="live"), save(ids["cards"], words="x" * 500),
                                save(ids["cards"], deleted="yes"), save(ids["cards"], words="어디쯤"))
            assert [r["code"] for r in refused] == ["kb.synonym_phrase", "server.kb_synonym_fields",
                                                    "server.kb_synonym_id", "kb.synonym_status", "kb.synonym_words",
                                                    "kb.synonym_deleted", "kb.synonym_same"]
            with w.owner.connect() as c:
                assert c.execute(select(T["kb_synonyms"])).first() is None
            before = w.clock()
            r = w.push("lena", save(ids["cards"]))  # Cards' own lead
            assert r.json()["results"][0]["status"] == "applied", r.json()
            sid = str(kr.synonym_id(ids["cards"], "어디쯤"))
            assert sid in w.pulled(w.pull("alice", after=before), "kb_synonyms")
            assert sid not in w.pulled(w.pull("bob"), "kb_synonyms")  # another team's
            r = w.push("lena", save(ids["cards"], deleted=True))
            assert r.json()["results"][0]["status"] == "applied", r.json()
            with w.owner.connect() as c:
                row = c.execute(select(T["kb_synonyms"])).one()
                assert (row.phrase, row.words, row.deleted) == ("어디쯤", "운송장 조회", True)
                acts = [a.action for a in c.execute(select(T["audit_log"]).where(
                    T["audit_log"].c.entity == "kb_synonyms"))]
                assert sorted(acts) == ["create", "delete"]
        finally:
            w.close()
    assert KbSynonym.__tablename__ in p.PULL_TABLES


def test_a_leads_desk_saves_synonyms_through_the_outbox_and_the_team_pulls_them(pg_db, tmp_path):
    """The dialog's service on a lead's replica: kb.synonym_save is queued, the server
    applies it, the team's desks pull it and search with it; an agent's desk is refused
    before anything is queued."""
    from agentdesk.server.feed import stamp_unversioned
    from agentdesk.sync import capture
    from tests.test_sync_support import client, close, replica

    seed_small(pg_db)
    stamp_unversioned(pg_db.engine)
    lead, agent_desk = replica(tmp_path, "lead", "park.lead"), replica(tmp_path, "kim", "kim.minji")
    desks = [(lead, client(lead, pg_db)), (agent_desk, client(agent_desk, pg_db))]
    try:
        for rep, _c in desks:
            capture.install(rep.db, rep.agent_login)
        (_, cl), (_, ck) = desks
        with lead.db.session() as s:
            kb_learning.save_synonym(s, current_agent(s, "park.lead"), None, "어디쯤", "운송장 조회")
            s.commit()
        assert [e.op for e in lead.outbox(pending_only=True)] == ["kb.synonym_save"]
        pushed, _ = cl.sync_once()
        assert pushed.applied == 1 and pushed.rejected == 0, pushed
        with pg_db.session() as s:
            assert kb_learning.synonyms_for(s, _key(s)) == {"어디쯤": "운송장 조회"}
        ck.sync_once()
        with agent_desk.db.session() as s:
            me = current_agent(s, "kim.minji")
            assert kb_learning.synonyms_for(s, _key(s)) == {"어디쯤": "운송장 조회"}
            with pytest.raises(NotAllowed) as e:
                kb_learning.save_synonym(s, me, None, "꺼져요", "앱 오류")
            assert e.value.code == "kb.synonym_leads_only"
        assert agent_desk.outbox(pending_only=True) == []
        with lead.db.session() as s:
            kb_learning.remove_synonym(s, current_agent(s, "park.lead"), None, "어디쯤")
            s.commit()
        cl.sync_once()
        ck.sync_once()
        with agent_desk.db.session() as s:
            assert kb_learning.synonyms_for(s, _key(s)) == {}
    finally:
        for rep, c in desks:
            c.close()
            close(rep)


def test_the_learned_read_is_an_index_search(ws):
    """What a search reads of kb_associations goes through the primary key (team, term),
    never a scan: the table grows with every use."""
    from sqlalchemy import event

    seen: list[tuple[str, tuple]] = []

    def grab(conn, cursor, statement, params, context, executemany):
        if "kb_associations" in statement:
            seen.append((statement, params))

    with ws.session() as s:
        use_on_new_ticket(s, CRASHES[0], APP_ERROR, at=NOW)
        engine = s.get_bind()
        event.listen(engine, "before_cursor_execute", grab)
        try:
            kb_learning.shares_for(s, _key(s), kb_learning.learning_terms(QUERY), NOW)
        finally:
            event.remove(engine, "before_cursor_execute", grab)
        assert seen
        for statement, params in seen:
            plan = " | ".join(str(r[-1]) for r in s.connection().exec_driver_sql(
                "EXPLAIN QUERY PLAN " + statement, params).all())
            assert "SCAN" not in plan and "sqlite_autoindex_kb_associations_1" in plan, plan
