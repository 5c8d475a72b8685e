"""`agentdesk templates list | export | import` on a real SQLite workspace."""

import json

import pytest
from sqlalchemy import func, select

from agentdesk.cli import main
from agentdesk.models import Template
from agentdesk.services import templates as tp
from agentdesk.services.common import current_agent
from tests.factories import seed_small


@pytest.fixture
def ws(sqlite_db, monkeypatch):
    ids = seed_small(sqlite_db)
    monkeypatch.setenv("AGENTDESK_DB", sqlite_db.url)
    with sqlite_db.session() as s:
        me = current_agent(s)
        tp.save_template(s, me, title="환불 접수 안내", body="{{ customer.name }} 고객님, 환불 {{ input.amount | won }}",
                         shortcut="/환불", category="환불/반품",
                         prompts=[{"name": "amount", "label": "환불 금액", "type": "amount"}],
                         macro={"status": "pending", "add_tags": ["환불"]})
        tp.save_template(s, me, title="Refund confirmation", body="Hello {{ customer.name }}", shortcut=";refund",
                         language="en")
        tp.save_template(s, me, title="내 서명", body="{{ agent.name }} 드림", scope="personal", shortcut="/서명")
    return sqlite_db, ids


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _count(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Template).where(Template.deleted.is_(False)))


def test_list_json_and_text(ws, capsys):
    code, out, _ = run(capsys, "templates", "list", "--json")
    rows = json.loads(out)
    assert code == 0 and {r["title"] for r in rows} == {"환불 접수 안내", "Refund confirmation", "내 서명"}
    assert rows[0]["scope"] == "personal"  # most used by me / personal first
    code, out, _ = run(capsys, "templates", "list", "--language", "en")
    assert code == 0 and ";refund" in out and "환불 접수" not in out
    # Another agent does not see my personal template.
    code, out, _ = run(capsys, "templates", "list", "--json", "--agent", "lee.junho")
    assert "내 서명" not in {r["title"] for r in json.loads(out)}


def test_export_then_import_into_another_workspace(ws, capsys, tmp_path, monkeypatch):
    db, _ = ws
    path = tmp_path / "library.json"
    code, _, err = run(capsys, "templates", "export", str(path))
    assert code == 0 and "exported 2 templates" in err
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "agentdesk-templates" and data["version"] == 1
    assert {t["title"] for t in data["templates"]} == {"환불 접수 안내", "Refund confirmation"}
    code, out, _ = run(capsys, "templates", "export", "-", "--include-personal")
    assert len(json.loads(out)["templates"]) == 3

    from agentdesk.db import open_database

    other = open_database(f"sqlite:///{tmp_path / 'other.db'}")
    seed_small(other)
    code, out, _ = run(capsys, "templates", "import", str(path), "--db", other.url)
    assert code == 0 and "2 new, 0 updated" in out
    code, out, _ = run(capsys, "templates", "import", str(path), "--db", other.url)
    assert code == 0 and "0 new, 2 updated" in out
    with other.session() as s:
        row = tp.find_by_shortcut(s, current_agent(s), "/환불")
        assert row.prompts[0]["type"] == "amount" and row.macro == {"status": "pending", "add_tags": ["환불"]}
    assert _count(other) == 2
    other.dispose()


def test_broken_file_imports_nothing(ws, capsys, tmp_path):
    db, _ = ws
    before = _count(db)
    doc = {"format": "agentdesk-templates", "version": 1, "templates": [
        {"title": "새 템플릿", "body": "안녕하세요"},
        {"title": "깨진 본문", "body": "{{ customer.name"},
    ]}
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "templates", "import", str(path))
    assert code == 1 and "template 2 in the file: template '깨진 본문': line 1:" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert _count(db) == before

    doc["templates"][1] = {"title": "나쁜 매크로", "body": "x", "macro": {"status": "finished"}}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, _, err = run(capsys, "templates", "import", str(path))
    assert code == 1 and "'나쁜 매크로': macro: invalid status 'finished'" in err
    assert _count(db) == before


@pytest.mark.parametrize("content,message", [
    (None, "no such file"),
    ("not json", "is not a JSON templates file"),
    ('{"templates": []}', "not an AgentDesk templates file"),
])
def test_unreadable_files_are_one_clear_line(ws, capsys, tmp_path, content, message):
    path = tmp_path / "in.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "templates", "import", str(path))
    assert code == 1 and message in err and err.count("\n") == 1


def test_export_to_an_unwritable_place(ws, capsys, tmp_path):
    code, _, err = run(capsys, "templates", "export", str(tmp_path / "missing-dir" / "x.json"))
    assert code == 1 and "cannot write" in err


def test_deeply_nested_json_is_one_clear_line(ws, tmp_path):
    """json recurses once per level: 100,000 '[' used to end in a RecursionError traceback."""
    import os
    import subprocess
    import sys

    db, _ = ws
    path = tmp_path / "deep.json"
    path.write_text('{"format": "agentdesk-templates", "version": 1, "templates": ' + "[" * 100_000 + "]" * 100_000 + "}",
                    encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "agentdesk", "templates", "import", str(path)],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "AGENTDESK_DB": db.url})
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and "its JSON is nested too deeply" in proc.stderr
    assert _count(db) == 3


def test_an_oversized_file_is_refused_before_it_is_parsed(ws, capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(tp, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"format": "agentdesk-templates", "version": 1,
                                "templates": [{"title": "x", "body": "y" * 2000}]}), encoding="utf-8")
    code, _, err = run(capsys, "templates", "import", str(path))
    assert code == 1 and "is too big for a templates file" in err and err.count("\n") == 1
