"""Knowledge articles marked internal or public (issue 12): the field, who may set it, kb
import and export, search results and the article carry it. Services on SQLite and
PostgreSQL; the CLI round trip; the window's flows are in tests/test_view_knowledge_visibility.py."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from agentdesk.cli import main
from agentdesk.models import AuditEntry, KnowledgeArticle
from agentdesk.services import knowledge
from agentdesk.services.common import InvalidValue, NotAllowed, current_agent
from tests.factories import seed_small

ARTICLES = [
    {"external_id": "kb-limit", "title": "카드 한도 조회 방법", "body": "앱에서 한도 조회 메뉴를 누르세요.", "tags": ["한도"]},
    {"external_id": "kb-escalate", "title": "고객 불만 에스컬레이션 기준", "body": "불만 3회 이상이면 팀장에게 넘깁니다.",
     "tags": ["불만"], "visibility": "internal"},
]


@pytest.fixture
def kb(any_db):
    seed_small(any_db)
    with any_db.session() as s:
        assert knowledge.import_articles(s, ARTICLES) == (2, 0)
    return any_db


def _art(s, ext):
    return s.scalar(select(KnowledgeArticle).where(KnowledgeArticle.external_id == ext))


def test_new_articles_are_public_unless_marked_and_search_says_which(kb):
    with kb.session() as s:
        assert _art(s, "kb-limit").visibility == "public" and _art(s, "kb-escalate").visibility == "internal"
        hits = {h.external_id: h.visibility for h in knowledge.search(s, "한도")}
        hits.update({h.external_id: h.visibility for h in knowledge.search(s, "불만")})
        assert hits == {"kb-limit": "public", "kb-escalate": "internal"}
        assert knowledge.get_article(s, "kb-escalate").visibility == "internal"


def test_only_leads_mark_articles_and_it_is_audited(kb):
    with kb.session() as s:
        agent = current_agent(s, "kim.minji")
        with pytest.raises(NotAllowed, match="only a lead or admin"):
            knowledge.set_visibility(s, agent, "kb-limit", "internal")
    with kb.session() as s:
        lead = current_agent(s, "park.lead")
        with pytest.raises(InvalidValue, match="invalid visibility 'secret'"):
            knowledge.set_visibility(s, lead, "kb-limit", "secret")
        assert knowledge.set_visibility(s, lead, "kb-limit", "internal").visibility == "internal"
        knowledge.set_visibility(s, lead, "kb-limit", "internal")  # again: nothing to change, nothing audited
    with kb.session() as s:
        assert _art(s, "kb-limit").visibility == "internal"
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "visibility")).all()
        assert len(entries) == 1 and entries[0].changes["visibility"] == ["public", "internal"]


def test_check_visibility_change_is_the_one_rule():
    assert knowledge.check_visibility_change("lead", "internal") == "internal"
    assert knowledge.check_visibility_change("admin", "public") == "public"
    for role in ("agent", "trainer"):
        with pytest.raises(NotAllowed):
            knowledge.check_visibility_change(role, "public")
    with pytest.raises(InvalidValue):
        knowledge.check_visibility_change("lead", None)


def test_reimport_keeps_a_leads_mark_unless_the_file_sets_one(kb):
    with kb.session() as s:
        knowledge.set_visibility(s, current_agent(s, "park.lead"), "kb-limit", "internal")
    with kb.session() as s:
        knowledge.import_articles(s, [{**ARTICLES[0], "body": "새 본문"}])  # no visibility: kept
        assert _art(s, "kb-limit").visibility == "internal"
        knowledge.import_articles(s, [{**ARTICLES[1], "visibility": "public"}])  # the file says: public
        assert _art(s, "kb-escalate").visibility == "public"


@pytest.mark.parametrize("value", ["secret", 1, ["internal"]])
def test_a_bad_visibility_in_an_import_is_one_clear_line(kb, value):
    with kb.session() as s, pytest.raises(InvalidValue, match=r"^article 1: invalid visibility"):
        knowledge.import_articles(s, [{**ARTICLES[0], "visibility": value}])


def test_export_is_what_import_reads(kb):
    with kb.session() as s:
        knowledge.set_visibility(s, current_agent(s, "park.lead"), "kb-limit", "internal")
        exported = list(knowledge.export_articles(s))
    assert [(a["external_id"], a["visibility"]) for a in exported] == [("kb-escalate", "internal"), ("kb-limit", "internal")]
    assert set(exported[0]) == {"external_id", "title", "body", "tags", "category", "language", "visibility"}
    with kb.session() as s:
        assert knowledge.import_articles(s, exported) == (0, 0)  # the round trip changes nothing
        assert [a["visibility"] for a in knowledge.export_articles(s)] == ["internal", "internal"]


def test_an_article_without_external_id_comes_back_to_itself(kb):
    with kb.session() as s:
        me, lead = current_agent(s, "kim.minji"), current_agent(s, "park.lead")
        prop = knowledge.propose(s, me, "콜백 예약 처리 방법", "고객이 원하는 시간을 확인해 예약합니다.")
        with pytest.raises(InvalidValue, match="proposal"):
            knowledge.set_visibility(s, lead, prop.id, "internal")
        knowledge.publish(s, lead, prop.id)
        exported = [a for a in knowledge.export_articles(s) if a["title"] == "콜백 예약 처리 방법"]
        assert exported[0]["external_id"] == str(prop.id)
        assert knowledge.import_articles(s, [{**exported[0], "visibility": "internal"}]) == (0, 1)
        assert _art(s, str(prop.id)).id == prop.id and _art(s, str(prop.id)).visibility == "internal"


def test_kb_export_and_import_on_the_command_line(sqlite_db, tmp_path, monkeypatch, capsys):
    seed_small(sqlite_db)
    monkeypatch.setenv("AGENTDESK_DB", sqlite_db.url)
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES) + "\n", encoding="utf-8")
    assert main(["kb", "import", str(src)]) == 0
    assert main(["kb", "export", str(tmp_path / "out.jsonl")]) == 0
    assert "exported 2 article(s)" in capsys.readouterr().out
    lines = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {a["external_id"]: a["visibility"] for a in lines} == {"kb-limit": "public", "kb-escalate": "internal"}
    assert main(["kb", "export", "-"]) == 0
    assert [json.loads(x)["external_id"] for x in capsys.readouterr().out.splitlines()] == ["kb-escalate", "kb-limit"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({**ARTICLES[0], "visibility": "secret"}) + "\n", encoding="utf-8")
    assert main(["kb", "import", str(bad)]) != 0
    assert "line 1: invalid visibility 'secret'" in capsys.readouterr().err
    assert main(["kb", "export", str(tmp_path / "no" / "such" / "dir.jsonl")]) != 0
    assert "cannot write" in capsys.readouterr().err
