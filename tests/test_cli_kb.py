"""`agentdesk kb import` and `agentdesk kb search`, through the real command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from agentdesk.cli import main
from agentdesk.models import KnowledgeArticle
from tests.factories import seed_small
from tests.test_knowledge_service import ARTICLES
from tests.test_security import server  # noqa: F401  (the fixture)


@pytest.fixture
def ws(sqlite_db, monkeypatch):
    seed_small(sqlite_db)
    monkeypatch.setenv("AGENTDESK_DB", sqlite_db.url)
    return sqlite_db


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write_jsonl(path, rows, extra_lines=()):
    lines = [json.dumps(r, ensure_ascii=False) for r in rows] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def count(db):
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(KnowledgeArticle))


def test_import_then_search_json_and_text(ws, tmp_path, capsys):
    f = write_jsonl(tmp_path / "kb.jsonl", ARTICLES, extra_lines=[""])  # a blank line is fine
    code, out, err = run(capsys, "kb", "import", f)
    assert code == 0 and out.strip() == f"imported {len(ARTICLES)} article(s): {len(ARTICLES)} created, 0 updated, 0 unchanged", err
    code, out, _ = run(capsys, "kb", "search", "한도가 얼마인지", "--limit", "3", "--json")
    rows = json.loads(out)
    assert code == 0 and 1 <= len(rows) <= 3
    assert rows[0]["external_id"] == "KB-LIMIT" and {"external_id", "title", "score", "snippet"} <= set(rows[0])
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    code, out, _ = run(capsys, "kb", "search", "refunds")
    assert code == 0 and out.splitlines()[0].startswith(" 1. [KB-REFUND-EN] Refund policy and timelines")
    code, out, _ = run(capsys, "kb", "search", "존재하지않는검색어")
    assert code == 1 and out.strip() == "no articles found"
    code, out, _ = run(capsys, "kb", "search", "존재하지않는검색어", "--json")
    assert code == 0 and json.loads(out) == []


def test_import_again_updates_by_external_id(ws, tmp_path, capsys):
    run(capsys, "kb", "import", write_jsonl(tmp_path / "a.jsonl", ARTICLES))
    changed = [dict(ARTICLES[0], title="카드 한도 확인하기"), {"external_id": "KB-X", "title": "Gift cards",
                                                              "body": "Gift cards never expire.", "language": "en"}]
    code, out, _ = run(capsys, "kb", "import", write_jsonl(tmp_path / "b.jsonl", changed))
    assert code == 0 and out.strip() == "imported 2 article(s): 1 created, 1 updated, 0 unchanged"
    code, out, _ = run(capsys, "kb", "import", write_jsonl(tmp_path / "b.jsonl", changed))  # the same file again
    assert code == 0 and out.strip() == "imported 2 article(s): 0 created, 0 updated, 2 unchanged"
    assert count(ws) == len(ARTICLES) + 1
    code, out, _ = run(capsys, "kb", "search", "한도조회", "--json")
    assert json.loads(out)[0]["title"] == "카드 한도 확인하기"


@pytest.mark.parametrize("bad_line, message", [
    ('{"external_id": "B", "title": "t", "body": ', "line 2: not valid JSON"),
    ('{"external_id": "B", "title": "t", "body": "b", "language": "fr"}', "line 2: invalid language 'fr'"),
    ('{"external_id": "B", "body": "b"}', "line 2: title must not be empty"),
    ('{"external_id": "B", "title": "t", "body": "b", "tags": [1, 2]}', "line 2: tags must be a list of text"),
    ('[1, 2]', "line 2: expected a JSON object"),
])
def test_malformed_line_names_the_line_and_imports_nothing(ws, tmp_path, capsys, bad_line, message):
    f = write_jsonl(tmp_path / "bad.jsonl", ARTICLES[:1], extra_lines=[bad_line, json.dumps(ARTICLES[1])])
    code, out, err = run(capsys, "kb", "import", f)
    assert code == 1 and out == ""
    assert err.startswith("agentdesk: error: ") and message in err and "nothing was imported" in err
    assert len(err.strip().splitlines()) == 1
    assert count(ws) == 0


def test_unreadable_file_and_bad_limit(ws, tmp_path, capsys):
    code, _, err = run(capsys, "kb", "import", str(tmp_path / "missing.jsonl"))
    assert code == 1 and "cannot read" in err
    (tmp_path / "latin1.jsonl").write_bytes(b'{"external_id": "A", "title": "caf\xe9", "body": "b"}\n')
    code, _, err = run(capsys, "kb", "import", str(tmp_path / "latin1.jsonl"))
    assert code == 1 and "line 1: not UTF-8" in err
    code, _, err = run(capsys, "kb", "search", "x", "--limit", "0")
    assert code == 1 and "--limit" in err


@pytest.mark.parametrize("query", ['"', "NEAR(", "*", "-한도", "'; DROP TABLE kb_articles; --", "x" * 10_000])
def test_hostile_queries_never_crash_the_command(ws, tmp_path, capsys, query):
    run(capsys, "kb", "import", write_jsonl(tmp_path / "kb.jsonl", ARTICLES))
    code, out, err = run(capsys, "kb", "search", "--json", "--", query)  # "--": a query may start with "-"
    assert code == 0 and isinstance(json.loads(out), list) and err == ""


def test_the_installed_entry_point(ws, tmp_path):
    """The real `agentdesk` process: stdin import, then a search."""
    env = {**os.environ, "AGENTDESK_DB": ws.url}
    data = "\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES).encode("utf-8")
    proc = subprocess.run([sys.executable, "-m", "agentdesk", "kb", "import", "-"], input=data, env=env,
                          capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    proc = subprocess.run([sys.executable, "-m", "agentdesk", "kb", "search", "한도를 조회하려면", "--json"], env=env,
                          capture_output=True, timeout=120)
    assert proc.returncode == 0 and json.loads(proc.stdout.decode("utf-8"))[0]["external_id"] == "KB-LIMIT"


def test_import_is_refused_in_a_team_workspace(server, tmp_path, capsys, monkeypatch):  # noqa: F811
    """README: importing articles is not possible from a team workspace (a replica's new
    article would never reach the server and would live in that one desk forever)."""
    from agentdesk.server.feed import stamp_unversioned

    stamp_unversioned(server.db.engine)
    code, _, err = run(capsys, "profile", "add", "lena", "--server", server.url, "--agent", server.login("lena"),
                       "--store-password", "ask")
    assert code == 0, err
    monkeypatch.setenv("AGENTDESK_PASSWORD", "pw-" + server.suffix)
    before = count(server.db)
    code, out, err = run(capsys, "--profile", "lena", "kb", "import", write_jsonl(tmp_path / "kb.jsonl", ARTICLES))
    assert code == 1 and out == ""
    assert "kb import is not possible in a team workspace" in err and "--db postgresql://" in err
    assert len(err.strip().splitlines()) <= 2  # the first sync's note, then the refusal
    assert count(server.db) == before
    from agentdesk import profiles
    from agentdesk.db import open_database

    replica = open_database(f"sqlite:///{profiles.get_profile('lena').replica_path}")
    try:
        assert count(replica) == before  # what the first sync brought, nothing more
    finally:
        replica.dispose()
