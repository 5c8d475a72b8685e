"""Knowledge search: relevance on a Korean query set, and speed on 50,000 articles.

    .venv/bin/python benchmarks/bench_kb.py                    # relevance + 50,000 articles
    .venv/bin/python benchmarks/bench_kb.py --articles 5000    # quicker
    .venv/bin/python benchmarks/bench_kb.py --relevance-only

Relevance: benchmarks/kb_queries.json holds 40 articles (the demo knowledge base) and
agent queries, each with the one article that answers it. Recall@k (the answer is in
the first k) and MRR are printed for the app's search (Hangul bigrams + porter, OR
of terms, BM25 with a title boost, common terms dropped) and for plain FTS5
`unicode61` over the raw text, with its default AND and with OR; then again with
the 40 articles hidden among the 50,000 generated ones.

Speed: 50,000 generated articles (60% Korean, 40% English, deterministic) imported
through `agentdesk kb import`'s code path (the import rate), then search latency
(every query of the set, plus search-as-you-type prefixes, five rounds, each call in
its own session as the pane's worker does) and suggestions for 50 tickets. Nothing
here is a pass/fail test; it prints figures for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text  # noqa: E402

from agentdesk.db import open_database  # noqa: E402
from agentdesk.services import knowledge, tickets  # noqa: E402

QUERIES = Path(__file__).with_name("kb_queries.json")
# Colloquial paraphrases written from the articles alone, before any ranking change (see its "about").
PARAPHRASES = Path(__file__).with_name("kb_paraphrase_queries.json")

# --- generated articles ---------------------------------------------------------------------
KO_PRODUCTS = ["신용카드", "체크카드", "법인카드", "가족카드", "후불교통카드", "신용대출", "전세대출", "자동차 할부",
               "정기예금", "적금", "카드론", "현금서비스", "리볼빙", "연회비", "이용대금 명세서", "자동이체", "간편결제",
               "해외결제", "멤버십", "포인트", "상품권", "쿠폰", "가상계좌", "주문", "택배 배송", "반품", "교환",
               "회원 계정", "모바일 앱", "본인인증", "공동인증서", "선결제", "할부", "결제일", "통장", "보험료 납부"]
KO_ACTIONS = ["신청", "해지", "변경", "조회", "취소", "재발급", "등록", "해제", "납부", "연장", "전환", "발급", "정지",
              "복구", "확인", "이관", "환불", "이용"]
KO_SUFFIX = ["방법", "안내", "절차", "기준", "유의사항", "자주 묻는 질문", "처리 가이드", "응대 요령", "수수료 안내",
             "기간 안내", "예외 처리", "확인 사항"]
KO_QUALIFIER = ["", "", "", "모바일 앱에서 ", "영업점 방문 시 ", "해외 체류 중 ", "미성년자 ", "법인 고객 ", "외국인 고객 ",
                "고령 고객 ", "휴면 계좌 ", "명의 변경 후 "]
KO_CHANNELS = ["앱 [마이페이지]", "홈페이지", "고객센터 ARS", "가까운 영업점", "상담 채팅", "앱 [전체 메뉴]"]
KO_NOTIFY = ["문자", "앱 알림", "이메일", "알림톡", "우편"]
KO_AUTH = ["휴대폰 인증", "생년월일과 카드 끝자리", "공동인증서", "신분증 확인", "ARS 인증"]
KO_CONDS = ["연체 이력이 있는", "최근 3개월 내 변경 이력이 있는", "명의가 다른", "해외에 체류 중인", "만 19세 미만인",
            "사고 신고가 접수된", "가족카드를 함께 쓰는", "결제일이 임박한"]
KO_TEAMS = ["심사팀", "보상팀", "민원팀", "전문 상담팀", "영업점", "채권팀", "보안팀"]
KO_TIPS = ["고객의 요청 사항을 먼저 요약해 확인합니다", "처리 예정일을 구체적으로 안내합니다",
           "진행 상황을 문자로 받을 수 있음을 안내합니다", "관련 약관 조항을 함께 안내합니다",
           "처리 결과를 티켓 메모에 남깁니다", "고객이 불편을 겪은 점에 대해 먼저 사과합니다"]

EN_PRODUCTS = ["credit card", "debit card", "business card", "personal loan", "car loan", "savings account",
               "term deposit", "membership", "gift card", "reward points", "coupon", "order", "delivery", "return",
               "exchange", "online account", "mobile app", "statement", "autopay", "overseas payment", "annual fee",
               "instalment plan", "cash advance", "virtual account", "insurance premium"]
EN_ACTIONS = ["apply for", "cancel", "change", "check", "reissue", "register", "unlock", "pay", "extend", "activate",
              "close", "dispute", "transfer", "update", "suspend", "restore"]
EN_SUFFIX = ["how to", "policy", "timelines", "FAQ", "step by step", "agent guide", "fees", "exceptions",
             "eligibility", "troubleshooting"]
EN_CHANNELS = ["the app under My page", "the website", "the phone menu", "a branch", "live chat"]
EN_NOTIFY = ["text message", "push notification", "email", "letter"]
EN_AUTH = ["a one-time code sent to the customer's phone", "date of birth and the last four card digits",
           "an ID check", "a call-back to the registered number"]
EN_CONDS = ["has missed a payment recently", "changed details in the last three months", "is abroad",
            "is under 19", "has an open fraud case", "shares the account with a family member"]
EN_TEAMS = ["the review team", "the claims team", "the complaints team", "a specialist desk", "the fraud team"]


def _ko_article(rng: random.Random, n: int) -> dict:
    product, action = rng.choice(KO_PRODUCTS), rng.choice(KO_ACTIONS)
    title = f"{rng.choice(KO_QUALIFIER)}{product} {action} {rng.choice(KO_SUFFIX)}".strip()
    lo = rng.randint(1, 5)
    sentences = [
        f"{product} {action}은 {rng.choice(KO_CHANNELS)}에서 할 수 있으며 {rng.choice(KO_AUTH)}으로 본인 확인을 합니다.",
        f"처리에는 영업일 기준 {lo}~{lo + rng.randint(1, 5)}일이 걸리고 결과는 {rng.choice(KO_NOTIFY)}로 안내됩니다.",
        f"{rng.choice(KO_CONDS)} 경우 {action}이 제한되거나 {rng.choice(KO_TEAMS)} 확인이 필요합니다.",
        f"수수료는 {rng.choice(['없으며', '건당 1,000원이며', '금액의 0.5%이며', '최대 2만 원이며'])} "
        f"{rng.choice(['영업일 오후 4시', '결제일 3영업일 전', '매월 말일'])}까지 접수된 건은 당일 처리됩니다.",
        f"상담 시에는 {rng.choice(KO_TIPS)}.",
        f"같은 문의가 반복되면 {rng.choice(KO_TEAMS)}으로 이관합니다.",
        f"고객 문의 예: \"{product} {action} 어떻게 하나요?\", \"{product} {action}하면 언제 반영돼요?\"",
        f"{rng.choice(KO_PRODUCTS)} 관련 내용은 별도 문서를 참고합니다.",
    ]
    body = "\n".join(rng.sample(sentences, rng.randint(3, 7)))
    return {"external_id": f"GEN-{n:06d}", "title": title, "body": body, "tags": [product.replace(" ", ""), action],
            "category": product, "language": "ko"}


def _en_article(rng: random.Random, n: int) -> dict:
    product, action = rng.choice(EN_PRODUCTS), rng.choice(EN_ACTIONS)
    suffix = rng.choice(EN_SUFFIX)
    title = f"How to {action} a {product}" if suffix == "how to" else f"{product.capitalize()}: {action} ({suffix})"
    lo = rng.randint(1, 5)
    sentences = [
        f"Customers can {action} their {product} in {rng.choice(EN_CHANNELS)} after {rng.choice(EN_AUTH)}.",
        f"It takes {lo} to {lo + rng.randint(1, 5)} business days; the result is sent by {rng.choice(EN_NOTIFY)}.",
        f"If the customer {rng.choice(EN_CONDS)}, the request may be refused or passed to {rng.choice(EN_TEAMS)}.",
        f"There is {rng.choice(['no fee', 'a fee of 1,000 won', 'a fee of 0.5%', 'a fee of up to 20,000 won'])} "
        f"and requests received before {rng.choice(['4 pm', 'the billing date', 'month end'])} are handled the same day.",
        "Summarise the request back to the customer before you act on it.",
        f"Repeated contacts about the same {product} go to {rng.choice(EN_TEAMS)}.",
        f"Typical questions: \"How do I {action} my {product}?\", \"When will the {product} change show?\"",
    ]
    body = "\n".join(rng.sample(sentences, rng.randint(3, 6)))
    return {"external_id": f"GEN-{n:06d}", "title": title, "body": body, "tags": [product.replace(" ", "-"), action.split()[0]],
            "category": product, "language": "en"}


def generated_articles(n: int, seed: int = 3) -> list[dict]:
    rng = random.Random(seed)
    return [_ko_article(rng, i) if rng.random() < 0.6 else _en_article(rng, i) for i in range(n)]


# --- relevance --------------------------------------------------------------------------------
def _ranks(found: list[list[str]], wanted: list[str]) -> list[int | None]:
    return [(f.index(w) + 1 if w in f else None) for f, w in zip(found, wanted)]


def _report(name: str, ranks: list[int | None]) -> dict:
    n = len(ranks)
    r1 = sum(1 for r in ranks if r == 1) / n
    r3 = sum(1 for r in ranks if r and r <= 3) / n
    mrr = sum(1 / r for r in ranks if r) / n
    print(f"  {name:<52} recall@1 {r1:5.1%}  recall@3 {r3:5.1%}  MRR {mrr:.3f}")
    return {"r1": r1, "r3": r3, "mrr": mrr}


def _plain_table(db, articles_sql: str = "SELECT search_key, title, body, tags, category FROM kb_articles "
                                         "WHERE search_key IS NOT NULL") -> None:
    """The baseline: FTS5 `unicode61` over the raw title / body / tags (+category)."""
    with db.session() as s:
        s.execute(text("DROP TABLE IF EXISTS plain_fts"))
        s.execute(text("CREATE VIRTUAL TABLE plain_fts USING fts5(title, body, tags, tokenize='unicode61 remove_diacritics 2')"))
        s.execute(text("INSERT INTO plain_fts(rowid, title, body, tags) SELECT search_key, title, body, "
                       "(SELECT group_concat(value, ' ') FROM json_each(tags)) || ' ' || category "
                       "FROM kb_articles WHERE search_key IS NOT NULL"))


def _plain_search(db, query: str, op: str, k: int = 10) -> list[str]:
    words = [w for w in query.replace('"', " ").split() if any(ch.isalnum() for ch in w)]
    words = ["".join(ch for ch in w if ch.isalnum()) for w in words]
    if not words:
        return []
    match = f" {op} ".join(f'"{w}"' for w in words)
    w = ", ".join(str(x) for x in knowledge.BM25_WEIGHTS)
    with db.session() as s:
        rows = s.execute(text(
            f"SELECT a.external_id FROM (SELECT rowid AS k, bm25(plain_fts, {w}) AS sc FROM plain_fts "
            f"WHERE plain_fts MATCH :m ORDER BY sc LIMIT :k) AS f JOIN kb_articles AS a ON a.search_key = f.k ORDER BY f.sc"),
            {"m": match, "k": k}).all()
    return [r[0] for r in rows]


def _app_search(db, query: str, k: int = 10) -> list[str]:
    with db.session() as s:
        return [h.external_id for h in knowledge.search(s, query, limit=k)]


def _bigram_and_search(db, query: str, k: int = 10) -> list[str]:
    """Ticket search's matching (every word's bigrams required), ranked by the same BM25."""
    from agentdesk.services import textsearch

    match = textsearch.fts_query(query)
    if not match:
        return []
    w = ", ".join(str(x) for x in knowledge.BM25_WEIGHTS)
    with db.session() as s:
        rows = s.execute(text(
            f"SELECT a.external_id FROM (SELECT rowid AS k, bm25(kb_fts, {w}) AS sc FROM kb_fts "
            f"WHERE kb_fts MATCH :m ORDER BY sc LIMIT :k) AS f JOIN kb_articles AS a ON a.search_key = f.k ORDER BY f.sc"),
            {"m": match, "k": k}).all()
    return [r[0] for r in rows]


def relevance(db, label: str, ablations: bool) -> dict:
    spec = json.loads(QUERIES.read_text(encoding="utf-8"))
    out = {}
    for lang in ("ko", "en"):
        qs = [q for q in spec["queries"] if q["language"] == lang]
        wanted = [q["relevant"] for q in qs]
        print(f"{label}: {len(qs)} {'Korean' if lang == 'ko' else 'English'} queries")
        out[(lang, "app")] = _report("bigrams + porter, OR, BM25 title boost (the app)",
                                     _ranks([_app_search(db, q["query"]) for q in qs], wanted))
        out[(lang, "and")] = _report("FTS5 unicode61, AND of words (FTS5 default)",
                                     _ranks([_plain_search(db, q["query"], "AND") for q in qs], wanted))
        out[(lang, "or")] = _report("FTS5 unicode61, OR of words",
                                    _ranks([_plain_search(db, q["query"], "OR") for q in qs], wanted))
        if ablations:
            _report("bigrams, AND of words (ticket search's matching)",
                    _ranks([_bigram_and_search(db, q["query"]) for q in qs], wanted))
            saved = knowledge.BM25_WEIGHTS, knowledge.COMMON_TERM_SHARE
            knowledge.BM25_WEIGHTS = (1.0, 1.0, 1.0)
            _report("the app without the title boost (weights 1,1,1)",
                    _ranks([_app_search(db, q["query"]) for q in qs], wanted))
            knowledge.BM25_WEIGHTS, knowledge.COMMON_TERM_SHARE = saved[0], 1.0
            _report("the app keeping common terms", _ranks([_app_search(db, q["query"]) for q in qs], wanted))
            knowledge.BM25_WEIGHTS, knowledge.COMMON_TERM_SHARE = saved
            expand, knowledge.expand_query = knowledge.expand_query, lambda q, *_a: q
            _report("the app without its thesaurus", _ranks([_app_search(db, q["query"]) for q in qs], wanted))
            knowledge.expand_query = expand
    return out


def paraphrase_relevance(db, label: str) -> dict:
    """The paraphrase set: the app's search, all queries, then Korean and English apart."""
    spec = json.loads(PARAPHRASES.read_text(encoding="utf-8"))
    out = {}
    print(f"{label}: paraphrase set ({len(spec['queries'])} queries)")
    for lang, name in ((None, "all"), ("ko", "Korean"), ("en", "English")):
        qs = [q for q in spec["queries"] if lang is None or q["language"] == lang]
        out[lang or "all"] = _report(f"the app, {name} ({len(qs)})",
                                     _ranks([_app_search(db, q["query"]) for q in qs], [q["relevant"] for q in qs]))
    misses = [q["query"] for q in spec["queries"]
              if q["relevant"] not in _app_search(db, q["query"], 3)]
    print(f"  not in the top 3: {len(misses)}: " + " | ".join(misses))
    return out


# --- learning from use (issue 16) ---------------------------------------------------------------
# The demo data's customer messages (agentdesk/demo/catalogue.py SCENARIOS, written long
# before this set by another hand), each scenario with the article an agent would insert.
SCENARIO_ARTICLE = {
    "card_limit": "Q-00", "limit_increase": "Q-04", "payment_cancel": "Q-08", "double_charge": "Q-10",
    "card_lost": "Q-12", "loan": "Q-18", "delivery_delay": "Q-22", "refund": "Q-02", "exchange": "Q-28",
    "address_change": "Q-29", "password_reset": "Q-30", "points": "Q-33", "subscription": "Q-34",
    "app_error": "Q-35", "card_limit_en": "Q-03", "billing_en": "Q-09", "refund_en": "Q-05",
    "delivery_en": "Q-07", "password_en": "Q-01", "subscription_en": "Q-11", "address_en": "Q-15",
}
LEARN_NOW = datetime(2026, 12, 1, tzinfo=UTC)
TEAM_KEY = "00000000-0000-4000-8000-00000000b0b0"


def scenario_uses() -> list[tuple[str, str]]:
    """(first customer message, article external_id): each scenario's subjects and opening
    messages, placeholders filled, as the demo data writes them."""
    from collections import defaultdict

    from agentdesk.demo import catalogue

    fill = defaultdict(lambda: "1234", merchant="하늘마트", item="운동화", order="20261201-0001")
    out = []
    for sc in catalogue.SCENARIOS_KO + catalogue.SCENARIOS_EN:
        ext = SCENARIO_ARTICLE.get(sc.key)
        if ext is None:
            continue
        for i, body in enumerate(sc.open):
            subject = sc.subjects[i % len(sc.subjects)]
            out.append((f"{subject.format_map(fill)}\n{body.format_map(fill)}", ext))
    return out


def _load_uses(db, pairs: list[tuple[str, str]], synonyms: bool) -> int:
    """Replaces what the team learned by these uses (spread over the last 90 days, so decay
    plays its part); with ``synonyms``, a lead approves every proposal. Returns how many
    synonyms were approved."""
    from sqlalchemy import delete

    from agentdesk import kb_learning_rules as kr
    from agentdesk.models import KbAssociation, KbSynonym
    from agentdesk.services import kb_learning

    rng = random.Random(11)
    with db.session() as s:
        ids = dict(s.execute(text("SELECT external_id, id FROM kb_articles WHERE external_id LIKE 'Q-%'")).all())
        s.execute(delete(KbAssociation))
        s.execute(delete(KbSynonym))
        pending: dict = {}
        for msg, ext in pairs:
            at = LEARN_NOW - timedelta(days=rng.uniform(0, 90))
            art = ids[ext] if isinstance(ids[ext], uuid.UUID) else uuid.UUID(str(ids[ext]))
            for term in kb_learning.learning_terms(msg):
                k = (TEAM_KEY, term, art)
                cur = pending.get(k)
                pending[k] = (1.0, at) if cur is None else kr.add_weight(cur[0], cur[1], 1.0, at)
        kb_learning._merge(s, pending)
        n = 0
        if synonyms:
            team = uuid.UUID(TEAM_KEY)
            for prop in kb_learning.proposals(s, _bench_team(s, team), now=LEARN_NOW):
                s.add(KbSynonym(id=kr.synonym_id(team, prop.phrase), team_id=team, phrase=prop.phrase,
                                words=prop.words, status=kr.APPROVED))
                n += 1
        s.commit()
    return n


def _bench_team(s, team_id):
    from agentdesk.models import Team

    t = s.get(Team, team_id)
    if t is None:
        t = Team(id=team_id, name="bench team")
        s.add(t)
        s.flush()
    return t


def _learned_search(db, query: str, k: int = 10) -> list[str]:
    with db.session() as s:
        return [h.external_id for h in knowledge.search(s, query, limit=k, learn_for=TEAM_KEY, now=LEARN_NOW)]


def learning_relevance(db, label: str) -> dict:
    """Both sets with what the team learned: from the demo scenarios' messages; then, leaving
    each paraphrase out in turn, also from the other paraphrases (as if other customers had
    written them and an agent had inserted the article); each with and without the
    synonyms a lead approved from the proposals."""
    para = json.loads(PARAPHRASES.read_text(encoding="utf-8"))["queries"]
    orig = json.loads(QUERIES.read_text(encoding="utf-8"))["queries"]
    base = scenario_uses()
    out = {}
    print(f"{label}: learning from use ({len(base)} demo-scenario messages with their article)")
    with db.session() as s:
        _bench_team(s, uuid.UUID(TEAM_KEY))
        s.commit()
    _load_uses(db, [], False)
    out["cold"] = _report("cold start (nothing learned), paraphrases",
                          _ranks([_learned_search(db, q["query"]) for q in para], [q["relevant"] for q in para]))
    for syn in (False, True):
        n = _load_uses(db, base, syn)
        tag = f" + {n} approved synonyms" if syn else ""
        out[("scen", syn, "para")] = _report(f"scenarios{tag}, paraphrases", _ranks(
            [_learned_search(db, q["query"]) for q in para], [q["relevant"] for q in para]))
        for lang in ("ko", "en"):
            qs = [q for q in orig if q["language"] == lang]
            out[("scen", syn, lang)] = _report(f"scenarios{tag}, original {lang}", _ranks(
                [_learned_search(db, q["query"]) for q in qs], [q["relevant"] for q in qs]))
    for syn in (False, True):
        ranks, nsyn = [], []
        for i, q in enumerate(para):
            others = [(o["query"], o["relevant"]) for j, o in enumerate(para) if j != i]
            nsyn.append(_load_uses(db, base + others, syn))
            ranks += _ranks([_learned_search(db, q["query"])], [q["relevant"]])
        tag = f" + ~{statistics.mean(nsyn):.0f} approved synonyms" if syn else ""
        out[("loo", syn, "para")] = _report(f"scenarios + other paraphrases{tag}, paraphrases (leave one out)", ranks)
        missed = [q["query"] for q, r in zip(para, ranks) if not r or r > 3]
        print(f"    not in the top 3: {len(missed)}: " + " | ".join(missed))
    # In-sample: every paraphrase's own wording was seen once before (a customer wrote it, an
    # agent inserted the article): what learning does once wordings recur. An upper bound, not a
    # held-out figure.
    n = _load_uses(db, base + [(q["query"], q["relevant"]) for q in para], True)
    out[("in", "para")] = _report(f"in-sample: each paraphrase seen once before (+ {n} synonyms)", _ranks(
        [_learned_search(db, q["query"]) for q in para], [q["relevant"] for q in para]))
    # The original set with everything learned (all paraphrases + scenarios): does learning hurt it?
    for lang in ("ko", "en"):
        qs = [q for q in orig if q["language"] == lang]
        out[("all", lang)] = _report(f"everything learned + synonyms, original {lang}", _ranks(
            [_learned_search(db, q["query"]) for q in qs], [q["relevant"] for q in qs]))
    return out


# --- speed ------------------------------------------------------------------------------------
def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def _typing(query: str) -> list[str]:
    """What a debounced search box sends while a query is typed: every prefix ending a word, and halfway."""
    out = []
    for i in range(1, len(query) + 1):
        if i == len(query) or query[i] == " " or i == len(query) // 2:
            out.append(query[:i])
    return out


def speed(db, n_tickets: int = 50, rounds: int = 5) -> None:
    spec = json.loads(QUERIES.read_text(encoding="utf-8"))
    queries = [q["query"] for q in spec["queries"]]
    typed = [p for q in queries[::4] for p in _typing(q)]
    all_q = queries + typed
    for q in all_q:  # warm the page cache and each pooled connection's vocabulary table
        _app_search(db, q, 20)
    times, counts = [], []
    for _ in range(rounds):
        for q in all_q:
            t0 = time.perf_counter()
            with db.session() as s:
                counts.append(len(knowledge.search(s, q, limit=20)))
            times.append((time.perf_counter() - t0) * 1000)
    print(f"search, {len(all_q)} queries ({len(queries)} from the set, {len(typed)} typed prefixes) x {rounds}: "
          f"p50 {_pct(times, 50):.1f} ms  p95 {_pct(times, 95):.1f} ms  max {max(times):.1f} ms  "
          f"(mean {statistics.mean(counts):.1f} hits)")
    # The same without dropping common terms: what COMMON_TERM_SHARE buys.
    saved, knowledge.COMMON_TERM_SHARE = knowledge.COMMON_TERM_SHARE, 1.0
    slow = []
    for q in all_q:
        t0 = time.perf_counter()
        with db.session() as s:
            knowledge.search(s, q, limit=20)
        slow.append((time.perf_counter() - t0) * 1000)
    knowledge.COMMON_TERM_SHARE = saved
    print(f"  keeping common terms (one round): p50 {_pct(slow, 50):.1f} ms  p95 {_pct(slow, 95):.1f} ms  "
          f"max {max(slow):.1f} ms")
    ko = [q["query"] for q in spec["queries"] if q["language"] == "ko"]
    with db.session() as s:
        numbers = []
        for i in range(n_tickets):
            q = ko[i % len(ko)]
            body = f"안녕하세요. {q} 지난주에도 문의했는데 아직 해결이 안 됐습니다. 확인 부탁드립니다. 감사합니다."
            t = tickets.create_ticket(s, subject=q[:30], body=body, channel="email", customer_id=None)
            numbers.append(t.number)
    for n in numbers[:5]:
        with db.session() as s:
            knowledge.suggest_for_ticket(s, n)
    sug = []
    for _ in range(rounds):
        for n in numbers:
            t0 = time.perf_counter()
            with db.session() as s:
                knowledge.suggest_for_ticket(s, n)
            sug.append((time.perf_counter() - t0) * 1000)
    print(f"suggestions for a ticket, {len(numbers)} tickets x {rounds}: p50 {_pct(sug, 50):.1f} ms  "
          f"p95 {_pct(sug, 95):.1f} ms  max {max(sug):.1f} ms")


def speed_learning(db, rounds: int = 5, uses: int = 20_000) -> None:
    """Search latency with learning on: the team's associations from ``uses`` simulated uses
    (a generated article's title and a typical question as the customer's message, that
    article inserted), plus its approved synonyms; the same queries as ``speed``."""
    from agentdesk import kb_learning_rules as kr
    from agentdesk.services import kb_learning

    spec = json.loads(QUERIES.read_text(encoding="utf-8"))
    para = json.loads(PARAPHRASES.read_text(encoding="utf-8"))["queries"]
    rng = random.Random(17)
    with db.session() as s:
        rows = s.execute(text("SELECT id, title FROM kb_articles WHERE external_id LIKE 'GEN-%' "
                              "ORDER BY external_id LIMIT 20000")).all()
        pending: dict = {}
        for _ in range(uses):
            art_id, title = rng.choice(rows)
            art = art_id if isinstance(art_id, uuid.UUID) else uuid.UUID(str(art_id))
            msg = f"{title} {rng.choice(['어떻게 하나요', '언제 되나요', '안 돼요', 'how do I', 'not working'])}"
            at = LEARN_NOW - timedelta(days=rng.uniform(0, 120))
            for term in kb_learning.learning_terms(msg):
                k = (TEAM_KEY, term, art)
                cur = pending.get(k)
                pending[k] = (1.0, at) if cur is None else kr.add_weight(cur[0], cur[1], 1.0, at)
        kb_learning._merge(s, pending)
        s.commit()
        n_rows = s.execute(text("SELECT count(*) FROM kb_associations")).scalar()
    # The same mix as ``speed`` (the set and typed prefixes), then the paraphrases; text only
    # and with learning interleaved, so both see the same load on a shared machine.
    for label, queries in (("original set + typed prefixes", [q["query"] for q in spec["queries"]]),
                           ("paraphrase set + typed prefixes", [q["query"] for q in para])):
        all_q = queries + [p for q in queries[::4] for p in _typing(q)]
        for q in all_q:
            _learned_search(db, q, 20)
        plain, learned = [], []
        for _ in range(rounds):
            for q in all_q:
                t0 = time.perf_counter()
                with db.session() as s:
                    knowledge.search(s, q, limit=20)
                plain.append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                with db.session() as s:
                    knowledge.search(s, q, limit=20, learn_for=TEAM_KEY, now=LEARN_NOW)
                learned.append((time.perf_counter() - t0) * 1000)
        print(f"{label}, {len(all_q)} queries x {rounds}, {n_rows:,} associations ({uses:,} simulated uses): "
              f"text only p50 {_pct(plain, 50):.1f} p95 {_pct(plain, 95):.1f} ms; with learning p50 "
              f"{_pct(learned, 50):.1f} p95 {_pct(learned, 95):.1f} max {max(learned):.1f} ms")

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=50_000)
    ap.add_argument("--relevance-only", action="store_true")
    ap.add_argument("--no-learning", action="store_true", help="skip the learning figures at scale")
    ap.add_argument("--rounds", type=int, default=5, help="speed rounds (fewer on a shared machine)")
    args = ap.parse_args()
    spec = json.loads(QUERIES.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        small = open_database(f"sqlite:///{tmp}/small.db")
        with small.session() as s:
            knowledge.import_articles(s, spec["articles"])
        _plain_table(small)
        relevance(small, f"{len(spec['articles'])} articles", ablations=True)
        paraphrase_relevance(small, f"{len(spec['articles'])} articles")
        learning_relevance(small, f"{len(spec['articles'])} articles")
        small.dispose()
        if args.relevance_only:
            return 0

        path = Path(tmp) / "kb.jsonl"
        rows = generated_articles(args.articles) + spec["articles"]
        random.Random(5).shuffle(rows)
        with path.open("w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        url = f"sqlite:///{tmp}/big.db"
        open_database(url).dispose()  # the schema first: the import is timed, not the migrations
        from agentdesk.cli import main as cli_main

        t0 = time.perf_counter()
        assert cli_main(["kb", "import", str(path), "--db", url]) == 0
        secs = time.perf_counter() - t0
        print(f"import of {len(rows):,} articles ({path.stat().st_size / 1e6:.1f} MB of JSON Lines) through "
              f"`agentdesk kb import`: {secs:.1f} s, {len(rows) / secs:,.0f} articles/s")
        big = open_database(url)
        t0 = time.perf_counter()
        with big.session() as s:
            s.execute(text("INSERT INTO kb_fts(kb_fts) VALUES ('optimize')"))
        print(f"  (FTS5 'optimize' afterwards: {time.perf_counter() - t0:.1f} s; not needed for correctness)")
        _plain_table(big)
        relevance(big, f"{len(rows):,} articles (the 40 among generated ones)", ablations=False)
        paraphrase_relevance(big, f"{len(rows):,} articles")
        if not args.no_learning:
            learning_relevance(big, f"{len(rows):,} articles")
        speed(big, rounds=args.rounds)
        if not args.no_learning:
            speed_learning(big, rounds=args.rounds)
        big.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
