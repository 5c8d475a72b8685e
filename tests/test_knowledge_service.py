"""Knowledge search and sharing on SQLite (FTS5, Hangul bigrams) and PostgreSQL (ILIKE)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from agentdesk.models import ArticleUse, ArticleVote, AuditEntry, KnowledgeArticle, Message, Ticket
from agentdesk.services import knowledge as kb
from agentdesk.services.common import InvalidValue, NotFound, ServiceError, set_setting
from tests.factories import seed_small

# A small knowledge base with near neighbours: three limit articles, two refund ones.
ARTICLES = [
    {"external_id": "KB-LIMIT", "title": "카드 한도 조회 방법", "category": "카드 한도", "tags": ["한도", "카드"],
     "language": "ko",
     "body": "고객이 현재 카드 한도가 얼마인지, 사용 가능 한도가 얼마인지 문의하면 안내합니다.\n"
             "앱 또는 홈페이지에서 [카드 > 한도 조회] 메뉴를 선택하면 총 한도와 사용 가능 한도를 확인할 수 있습니다.\n"
             "상담 시에는 본인 확인 후 카드 끝자리 4자리로 카드를 특정합니다."},
    {"external_id": "KB-RAISE", "title": "일시 한도 상향 신청 안내", "category": "카드 한도", "tags": ["한도", "한도상향"],
     "language": "ko",
     "body": "해외여행, 경조사 등으로 일시적으로 한도가 더 필요한 경우 최대 30일간 상향을 신청할 수 있습니다.\n"
             "심사는 1~2영업일 소요되며 결과는 문자로 안내됩니다."},
    {"external_id": "KB-PERM", "title": "영구 한도 상향 심사 기준", "category": "카드 한도", "tags": ["한도상향"],
     "language": "ko",
     "body": "영구 상향은 소득 증빙 서류 제출 후 심사합니다. 신용점수와 최근 6개월 이용 실적을 평가합니다."},
    {"external_id": "KB-REFUND-KO", "title": "환불 절차 안내", "category": "환불/반품", "tags": ["환불"], "language": "ko",
     "body": "반품 접수 후 1~2영업일 내 회수합니다.\n검수 완료 후 3영업일 이내 결제 수단으로 환불됩니다.\n"
             "카드 취소 반영은 카드사에 따라 3~7영업일이 걸립니다."},
    {"external_id": "KB-REFUND-EN", "title": "Refund policy and timelines", "category": "환불/반품", "tags": ["refund"],
     "language": "en",
     "body": "Returns are collected within two business days.\nAfter inspection the refund is issued to the original "
             "payment method; card refunds take 3-5 business days to appear."},
    {"external_id": "KB-PASSWORD", "title": "How to reset your password", "category": "회원정보",
     "tags": ["password", "login"], "language": "en",
     "body": "On the login screen choose 'Forgot password'.\nOpen the link we send you within 30 minutes."},
    {"external_id": "KB-LOST", "title": "카드 분실·도난 신고 방법", "category": "분실/도난", "tags": ["분실", "카드"],
     "language": "ko",
     "body": "분실 신고는 24시간 가능하며 신고 즉시 카드 사용이 정지됩니다.\n재발급 카드는 3~5영업일 내 배송됩니다."},
    {"external_id": "KB-DELAY", "title": "배송 지연 시 응대 가이드", "category": "배송", "tags": ["배송지연", "배송"],
     "language": "ko",
     "body": "운송장 번호로 배송 상태를 확인합니다.\n3일 이상 이동이 없으면 택배사 추적을 요청하고 지연을 사과합니다.\n"
             "출고 전이면 즉시 취소·환불 가능함을 안내합니다."},
    {"external_id": "KB-SHIP-EN", "title": "Tracking a delayed delivery", "category": "배송", "tags": ["shipping"],
     "language": "en",
     "body": "Give the customer the tracking number. If tracking has not moved for 3 days, open a courier trace."},
    # Mentions the limit only in passing: must rank below articles about limits.
    {"external_id": "KB-POINTS", "title": "포인트 적립과 사용", "category": "포인트", "tags": ["포인트"], "language": "ko",
     "body": "구매 포인트는 배송 완료 7일 후 적립됩니다. 포인트 사용에는 한도가 없습니다."},
]

LIMIT_QUERIES = ["한도조회", "한도 조회", "한도를 조회하려면", "한도가 얼마인지"]


@pytest.fixture
def ws(any_db):
    ids = seed_small(any_db)
    with any_db.session() as s:
        kb.import_articles(s, ARTICLES)
    return any_db, ids


def ext_ids(hits):
    return [h.external_id for h in hits]


def article_id(db, ext):
    with db.session() as s:
        return s.scalar(select(KnowledgeArticle.id).where(KnowledgeArticle.external_id == ext))


@pytest.mark.parametrize("query", LIMIT_QUERIES)
def test_korean_variants_reach_the_limit_article_first(ws, query):
    db, _ = ws
    with db.session() as s:
        hits = kb.search(s, query)
    assert hits and hits[0].external_id == "KB-LIMIT", (query, ext_ids(hits))
    assert "«" in hits[0].snippet and "»" in hits[0].snippet


def test_english_stemming_and_snippet_marks(ws):
    db, _ = ws
    with db.session() as s:
        hits = kb.search(s, "refunds")
        assert hits[0].external_id == "KB-REFUND-EN"
        assert "«refund»" in hits[0].snippet.lower() or "«refunds»" in hits[0].snippet.lower()
        # Search as you type: a half-typed last word is a prefix.
        assert "KB-PASSWORD" in ext_ids(kb.search(s, "passw"))


def test_title_hits_outrank_body_hits(ws):
    db, _ = ws
    with db.session() as s:
        hits = ext_ids(kb.search(s, "환불"))
    # The refund article (title) before the delivery guide that mentions refunds in its body.
    assert hits.index("KB-REFUND-KO") < hits.index("KB-DELAY")


def test_filters_by_category_tag_and_language(ws):
    db, _ = ws
    with db.session() as s:
        assert set(ext_ids(kb.search(s, "한도", category="카드 한도"))) == {"KB-LIMIT", "KB-RAISE", "KB-PERM"}
        assert ext_ids(kb.search(s, "한도", tag="한도상향")) in (["KB-RAISE", "KB-PERM"], ["KB-PERM", "KB-RAISE"])
        assert ext_ids(kb.search(s, "refund 환불", language="en")) == ["KB-REFUND-EN"]
        assert kb.search(s, "한도", category="없는 분류") == []
        # No query but a filter: browse the filtered articles.
        assert set(ext_ids(kb.search(s, "", language="en"))) == {"KB-REFUND-EN", "KB-PASSWORD", "KB-SHIP-EN"}
        assert kb.search(s, "   ") == []
        opts = kb.filter_options(s)
    assert "카드 한도" in opts.categories and opts.languages == ["en", "ko"]
    assert opts.tags[0] in ("한도", "카드")  # the most used tags first (each on 2 articles)
    assert "한도상향" in opts.tags


HOSTILE = ['"', '""', "'", "*", "-", "--", "()", "(한도", "한도)", "NEAR", "NEAR(한도 조회)", "한도 AND", "OR",
           "NOT 환불", "title:한도", "^한도", "한도*", "'; DROP TABLE kb_articles; --", "1' OR '1'='1", "%", "_",
           "\\", "\x00한도", "\ud800", "한" * 10_000, "refund " * 2_000, "😀", "a", "{title body}: x"]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_any_query_is_safe(ws, query):
    db, _ = ws
    with db.session() as s:
        hits = kb.search(s, query, limit=5)
        assert isinstance(hits, list) and len(hits) <= 5
        assert s.scalar(select(func.count()).select_from(KnowledgeArticle)) == len(ARTICLES)


def test_hostile_queries_still_find_what_they_contain(ws):
    db, _ = ws
    with db.session() as s:
        assert ext_ids(kb.search(s, '"한도 조회" OR (NEAR*'))[0] == "KB-LIMIT"
        assert ext_ids(kb.search(s, "'; DROP TABLE kb_articles; -- refund"))[0] == "KB-REFUND-EN"
        assert kb.search(s, "*** ((( ---") == []


def test_import_updates_by_external_id_and_reindexes(ws):
    db, _ = ws
    changed = dict(ARTICLES[3], title="반품 및 환불 절차", body="새 절차: 앱에서 반품을 신청합니다. 환급은 영업일 3일.")
    with db.session() as s:
        assert kb.import_articles(s, [changed, {**ARTICLES[0]}, {"external_id": "KB-NEW", "title": "Gift cards",
                                                                 "body": "Gift cards never expire.", "language": "en"}]) \
            == (1, 1)  # ARTICLES[0] comes back as it is: not an update
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(KnowledgeArticle)) == len(ARTICLES) + 1
        hits = kb.search(s, "환급")
        assert ext_ids(hits) == ["KB-REFUND-KO"] and hits[0].title == "반품 및 환불 절차"
        assert "KB-REFUND-KO" not in ext_ids(kb.search(s, "검수"))  # the old text left the index
        assert ext_ids(kb.search(s, "gift"))[0] == "KB-NEW"
        if db.is_sqlite:  # one index row per article, old entries really deleted
            assert s.execute(text("SELECT count(*) FROM kb_fts_docsize")).scalar() == len(ARTICLES) + 1
            s.execute(text("INSERT INTO kb_fts(kb_fts) VALUES ('integrity-check')"))


def test_reimporting_the_same_file_changes_nothing(ws):
    """A nightly re-import of the same file used to rewrite every article: updated_at moved
    (every desk pulled the whole knowledge base again) and the index dropped and re-added
    each row. Only what really changed is written now."""
    db, _ = ws
    with db.session() as s:
        before = dict(s.execute(select(KnowledgeArticle.external_id, KnowledgeArticle.updated_at)).all())
    edited = dict(ARTICLES[1], body=ARTICLES[1]["body"] + "\n상향 결과는 앱에서도 볼 수 있습니다.")
    with db.session() as s:
        assert kb.import_articles(s, [*ARTICLES[:1], edited, *ARTICLES[2:]]) == (0, 1)
    with db.session() as s:
        after = dict(s.execute(select(KnowledgeArticle.external_id, KnowledgeArticle.updated_at)).all())
        assert {ext for ext in after if after[ext] != before[ext]} == {"KB-RAISE"}
        assert ext_ids(kb.search(s, "한도조회"))[0] == "KB-LIMIT"  # the unchanged ones are still found
        assert ext_ids(kb.search(s, "앱에서도"))[0] == "KB-RAISE"
        if db.is_sqlite:
            assert s.execute(text("SELECT count(*) FROM kb_fts_docsize")).scalar() == len(ARTICLES)
            s.execute(text("INSERT INTO kb_fts(kb_fts) VALUES ('integrity-check')"))
    with db.session() as s:  # the file naming a visibility the article lacks is a change
        assert kb.import_articles(s, [dict(ARTICLES[0], visibility="internal")]) == (0, 1)


def test_the_same_article_twice_in_one_import(ws):
    db, _ = ws
    with db.session() as s:
        first = {"external_id": "KB-TWICE", "title": "수박 상자", "body": "수박 상자 안내", "language": "ko"}
        second = dict(first, title="포도 상자", body="포도 상자 안내")
        assert kb.import_articles(s, [first, second]) == (1, 1)
    with db.session() as s:
        assert ext_ids(kb.search(s, "포도")) == ["KB-TWICE"] and kb.search(s, "수박") == []
        if db.is_sqlite:
            s.execute(text("INSERT INTO kb_fts(kb_fts) VALUES ('integrity-check')"))


@pytest.mark.parametrize("bad, message", [
    ({"external_id": "X", "title": "", "body": "b"}, "title must not be empty"),
    ({"external_id": "X", "title": "t", "body": "b", "language": "jp"}, "invalid language 'jp'"),
    ({"external_id": "X", "title": "t", "body": "b", "tags": "a b", "category": 3}, "category must be text"),
    ({"title": "t", "body": "b"}, "external_id must not be empty"),
    (["not", "an", "object"], "expected a JSON object"),
])
def test_malformed_import_imports_nothing(ws, bad, message):
    db, _ = ws
    good = {"external_id": "KB-OK", "title": "좋은 글", "body": "본문"}
    with pytest.raises(InvalidValue, match=f"article 2: .*{message}"):
        with db.session() as s:
            kb.import_articles(s, [good, bad, good])
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(KnowledgeArticle)) == len(ARTICLES)
        assert kb.search(s, "좋은 글") == []


def test_get_article_url_excerpt_and_use(ws):
    db, ids = ws
    aid = article_id(db, "KB-LIMIT")
    with db.session() as s:
        d = kb.get_article(s, aid)
        assert d.title == "카드 한도 조회 방법" and d.url == "https://help.agentdesk.example/kb/KB-LIMIT"
        assert kb.get_article(s, "KB-LIMIT").id == aid
        set_setting(s, kb.KB_BASE_URL_KEY, "https://faq.example.com/a")
        assert kb.article_url(s, d) == "https://faq.example.com/a/KB-LIMIT"
        with pytest.raises(NotFound):
            kb.get_article(s, uuid.uuid4())
    ex = kb.excerpt(d, "앱에서 한도 조회 메뉴가 어디 있나요")
    assert ex.startswith("앱 또는 홈페이지에서") and len(ex) <= 600
    assert kb.excerpt(d, None, max_chars=30).endswith("…") and len(kb.excerpt(d, None, max_chars=30)) <= 30
    assert kb.excerpt(d, None, max_chars=60).startswith("고객이 현재") and "\n" not in kb.excerpt(d, None, max_chars=60)
    with db.session() as s:
        use_id = kb.record_use(s, aid, ids["t1"], "kim.minji", "excerpt")
        with pytest.raises(InvalidValue):
            kb.record_use(s, aid, ids["t1"], "kim.minji", "copy")
    with db.session() as s:
        use = s.get(ArticleUse, use_id)
        assert use.kind == "excerpt" and use.article_id == aid and use.agent_id == ids["me"]
        assert s.get(Ticket, use.ticket_id).number == ids["t1"]


def test_votes_one_per_agent_and_changing_moves_counters(ws):
    db, ids = ws
    aid = article_id(db, "KB-LIMIT")
    with db.session() as s:
        assert kb.vote(s, aid, "kim.minji", True) == kb.VoteResult(aid, 1, 0, True)
        assert kb.vote(s, aid, "kim.minji", True) == kb.VoteResult(aid, 1, 0, True)  # same vote: no change
        assert kb.vote(s, aid, "lee.junho", True, ticket_id=ids["t1"]).helpful == 2
        assert kb.vote(s, aid, "kim.minji", False) == kb.VoteResult(aid, 1, 1, False)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(ArticleVote)) == 2
        d = kb.get_article(s, aid, agent="kim.minji")
        assert (d.helpful, d.not_helpful, d.my_vote) == (1, 1, False)
        assert kb.get_article(s, aid, agent="park.lead").my_vote is None


def test_proposals_publish_and_reject_with_permissions(ws):
    db, ids = ws
    limit_id = article_id(db, "KB-LIMIT")
    with db.session() as s:
        new = kb.propose(s, "kim.minji", "해외 결제 차단 해제", "앱 [카드 > 해외 결제]에서 해제합니다.",
                         category="해외", tags=["해외결제"])
        edit = kb.propose(s, "kim.minji", "카드 한도 조회 방법",
                         "앱 [카드 > 한도]에서 사용 가능 한도를 바로 봅니다. 한도변경도 가능합니다.",
                          proposal_of=limit_id)
        other = kb.propose(s, "lee.junho", "포인트 소멸", "포인트는 24개월 후 소멸됩니다.")
        assert new.status == "proposed" and edit.proposal_of_id == limit_id and edit.tags == ["한도", "카드"]
    with db.session() as s:
        # Proposals are not searchable; agents see their own, leads the queue.
        assert "해외" not in " ".join(h.title for h in kb.search(s, "해외 결제 차단"))
        assert {p.id for p in kb.list_proposals(s, "kim.minji")} == {new.id, edit.id}
        queue = kb.list_proposals(s, "park.lead")
        assert [p.id for p in queue] == [new.id, edit.id, other.id]
        assert queue[1].proposal_of_title == "카드 한도 조회 방법" and "끝자리" in queue[1].original_body
        with pytest.raises(kb.NotAllowed):
            kb.publish(s, "kim.minji", new.id)
        with pytest.raises(ServiceError):
            kb.reject(s, "lee.junho", other.id, "no")
    with db.session() as s:
        published = kb.publish(s, "park.lead", new.id)
        assert published.status == "published" and published.published_at is not None
        updated = kb.publish(s, "park.lead", edit.id)
        assert updated.id == limit_id and "한도변경" in updated.body
        with pytest.raises(InvalidValue, match="note must not be empty"):
            kb.reject(s, "park.lead", other.id, "  ")
        rejected = kb.reject(s, "park.lead", other.id, "이미 있는 글과 겹칩니다")
        assert rejected.status == "rejected" and rejected.review_note == "이미 있는 글과 겹칩니다"
        with pytest.raises(InvalidValue, match="not a proposal"):
            kb.publish(s, "park.lead", other.id)
    with db.session() as s:
        assert ext_ids(kb.search(s, "해외 결제 차단"))[0] is None  # proposals have no external id
        assert kb.search(s, "해외 결제 차단")[0].title == "해외 결제 차단 해제"
        assert ext_ids(kb.search(s, "한도변경"))[0] == "KB-LIMIT"
        assert "KB-LIMIT" not in ext_ids(kb.search(s, "끝자리"))  # the old body left the index
        assert s.scalar(select(func.count()).select_from(KnowledgeArticle).where(
            KnowledgeArticle.title == "카드 한도 조회 방법")) == 2  # the original and its applied proposal
        assert {p.status for p in kb.list_proposals(s, "kim.minji")} == {"published", "applied"}
        assert {p.status for p in kb.list_proposals(s, "lee.junho")} == {"rejected"}
        assert kb.list_proposals(s, "park.lead") == []
        actions = s.execute(select(AuditEntry.action, AuditEntry.entity_id).where(
            AuditEntry.entity == "kb_article", AuditEntry.action.in_(("publish", "reject")))).all()
        assert sorted(a for a, _ in actions) == ["publish", "publish", "reject"]
        assert (("publish", limit_id) in actions) and (("reject", other.id) in actions)
        if db.is_sqlite:
            s.execute(text("INSERT INTO kb_fts(kb_fts) VALUES ('integrity-check')"))


def test_suggestions_follow_the_latest_inbound_message(ws):
    db, ids = ws
    with db.session() as s:
        sug = kb.suggest_for_ticket(s, ids["t1"])  # "제 카드 한도가 얼마인지 알고 싶어요."
        assert sug.ticket_number == ids["t1"] and sug.hits[0].external_id == "KB-LIMIT"
        assert len(sug.hits) <= 5
    with db.session() as s:
        t = s.scalar(select(Ticket).where(Ticket.number == ids["t1"]))
        # The customer writes again about something else: the newest inbound message counts.
        s.add(Message(ticket_id=t.id, direction="inbound", channel="phone", body="카드를 잃어버렸어요. 분실 신고 해주세요.",
                      created_at=t.created_at + timedelta(hours=1), author_name="최영희"))
    with db.session() as s:
        assert kb.suggest_for_ticket(s, ids["t1"]).hits[0].external_id == "KB-LOST"
        assert kb.suggest_for_ticket(s, ids["t3"]).hits[0].external_id == "KB-PASSWORD"  # "I cannot log in…"
        with pytest.raises(NotFound):
            kb.suggest_for_ticket(s, 999999)


def test_ensure_index_indexes_only_published_articles_once(sqlite_db):
    seed_small(sqlite_db)
    with sqlite_db.session() as s:
        s.add_all([KnowledgeArticle(external_id="A", title="카드 한도 조회", body="한도 조회 방법", status="published"),
                   KnowledgeArticle(external_id="B", title="카드 한도 초안", body="초안", status="draft")])
    with sqlite_db.session() as s:
        before = s.scalar(select(KnowledgeArticle.updated_at).where(KnowledgeArticle.external_id == "A"))
        assert kb.search(s, "한도 조회") == []
        assert kb.ensure_index(s) == 1
        assert kb.ensure_index(s) == 0
    with sqlite_db.session() as s:
        a = s.scalar(select(KnowledgeArticle).where(KnowledgeArticle.external_id == "A"))
        assert a.search_key == 1 and a.updated_at == before  # local bookkeeping is not an edit
        assert ext_ids(kb.search(s, "한도 조회")) == ["A"]
        assert kb.rebuild_index(s) == 1
        assert ext_ids(kb.search(s, "한도 조회")) == ["A"]


def test_ensure_index_is_a_no_op_on_postgresql(pg_db):
    seed_small(pg_db)
    with pg_db.session() as s:
        s.add(KnowledgeArticle(external_id="A", title="카드 한도 조회", body="한도 조회 방법"))
    with pg_db.session() as s:
        assert kb.ensure_index(s) == 0
        assert ext_ids(kb.search(s, "한도조회")) == ["A"]
