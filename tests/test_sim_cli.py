"""`agentdesk simulate`: the list, the scorecard (byte-identical for the same inputs), and one
line on stderr with exit 1 for each kind of bad scenario or responses file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from agentdesk.cli import main
from tests.sim_support import TINY, TINY_GOOD

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A private AGENTDESK_HOME with the tiny scenario among the trainer's files."""
    monkeypatch.setenv("AGENTDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("AGENTDESK_PROFILE", raising=False)
    trainer = tmp_path / "home" / "data" / "scenarios"
    trainer.mkdir(parents=True)
    shutil.copy(TINY, trainer / "tiny-limit.toml")
    return trainer


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def _refused(capsys, *argv: str) -> str:
    code, out, err = _cli(capsys, *argv)
    assert code == 1 and out == ""
    assert err.count("\n") == 1, err
    return err.strip()


def _subprocess(*argv: str, env_home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "AGENTDESK_HOME": str(env_home), "PYTHONPATH": str(ROOT)}
    env.pop("AGENTDESK_PROFILE", None)
    return subprocess.run([sys.executable, "-m", "agentdesk", "simulate", *argv], capture_output=True, env=env, cwd=ROOT,
                          timeout=60, check=False)


def test_the_same_inputs_print_the_same_bytes(tmp_path):
    runs = [_subprocess("tiny-limit", "--responses", str(TINY_GOOD), "--json", "--scenarios-dir", str(TINY.parent),
                        env_home=tmp_path) for _ in range(2)]
    assert runs[0].returncode == 0 and runs[0].stderr == b""
    assert runs[0].stdout == runs[1].stdout
    card = json.loads(runs[0].stdout)
    assert list(card) == ["scenario", "title", "mode", "passed", "score", "auto_fail", "items", "timeline", "suggestions"]
    assert card["scenario"] == "tiny-limit" and card["passed"] is True
    texts = [_subprocess(str(TINY), "--responses", str(TINY_GOOD), env_home=tmp_path).stdout for _ in range(2)]
    assert texts[0] == texts[1] and "PASSED: score 100/100" in texts[0].decode()


def test_importing_the_command_is_light(tmp_path):
    code = ("import sys, agentdesk.commands.simulate; "
            "print(sorted(m for m in ('pydantic', 'sqlalchemy', 'PySide6') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout
    assert out.strip() == "[]"


def test_list_includes_the_trainers_files_and_skips_a_broken_one(home, capsys):
    (home / "broken.toml").write_text('format = 1\nid = "broken\n', encoding="utf-8")
    code, out, err = _cli(capsys, "simulate", "--list", "--json")
    assert code == 0
    rows = json.loads(out)
    assert {"id": "tiny-limit", "title": "작은 한도 조회", "language": "ko", "difficulty": "beginner"} in rows
    assert all(list(r) == ["id", "title", "language", "difficulty"] for r in rows)
    assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
    assert err.count("\n") == 1 and "broken.toml:2: not valid TOML" in err
    code, out, _ = _cli(capsys, "simulate", "--list")
    assert code == 0 and "tiny-limit" in out


def test_a_trainer_scenario_plays_by_id(home, capsys):
    code, out, err = _cli(capsys, "simulate", "tiny-limit", "--responses", str(TINY_GOOD), "--json", "--mode", "certification")
    assert code == 0 and err == ""
    card = json.loads(out)
    assert card["mode"] == "certification" and card["score"] == 100


def _responses(tmp_path, *lines: str) -> str:
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(("lines", "expected"), [
    (['{"at": 1, "do": "reply", "text": "hi"}', '{"at": 2, "do": "reply", "text": "hi"'], ":2: not valid JSON"),
    (['{"at": 1, "do": "dance"}'], ":1: unknown action \"dance\" (one of reply, note, set, article, template, followup, end)"),
    (['', '{"at": 1, "do": "reply"}'], ":2: reply needs 'text'"),
    (['{"do": "end"}'], ":1: missing 'at'"),
    (['{"at": 5, "do": "note", "text": "a"}', '{"at": 4, "do": "note", "text": "b"}'], ":2: 'at' goes back in time (4 after 5)"),
    (['{"at": "soon", "do": "end"}'], ":1: 'at' must be a number of seconds, not \"soon\""),
    (['{"at": 1, "do": "reply", "text": "x", "mood": "happy"}'], ":1: unknown key 'mood' for reply"),
    (['{"at": 1, "do": "set", "fields": {"status": "done"}}'], ":1: fields.status: unknown status 'done'"),
    (['{"at": 1, "do": "article", "id": "kb-nope"}'], ":1: no article 'kb-nope' in scenario tiny-limit (its articles: kb-card-limit)"),
    (['{"at": 1, "do": "end"}', '{"at": 2, "do": "note", "text": "x"}'], ":2: nothing may follow the end action (line 1)"),
    (['[1, 2]'], ":1: each line must be a JSON object"),
])
def test_bad_responses_are_refused_by_line(home, tmp_path, capsys, lines, expected):
    path = _responses(tmp_path, *lines)
    err = _refused(capsys, "simulate", "tiny-limit", "--responses", path)
    assert err.startswith(f"agentdesk: error: {path}{expected}"), err


def test_responses_budgets(home, tmp_path, capsys, monkeypatch):
    path = _responses(tmp_path, *(['{"at": 1, "do": "note", "text": "x"}'] * 10_001))
    assert _refused(capsys, "simulate", "tiny-limit", "--responses", path).endswith("more than 10000 lines; refused")
    path = _responses(tmp_path, '{"at": 1, "do": "note", "text": "' + "x" * 10_001 + '"}')
    assert _refused(capsys, "simulate", "tiny-limit", "--responses", path).endswith(":1: 'text' is longer than 10000 characters")
    big = tmp_path / "big.jsonl"
    with open(big, "wb") as f:
        f.truncate(5_000_001)
    assert _refused(capsys, "simulate", "tiny-limit", "--responses", str(big)).endswith("larger than 5 MB; refused")
    assert _refused(capsys, "simulate", "tiny-limit", "--responses", str(tmp_path / "none.jsonl")).endswith(
        "cannot read: No such file or directory")


def _scenario(tmp_path, text: str, suffix: str = ".toml") -> str:
    path = tmp_path / f"s{suffix}"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_bad_scenarios_are_refused_with_file_line_and_field(home, tmp_path, capsys):
    base = TINY.read_text(encoding="utf-8")
    good = str(TINY_GOOD)

    def refused(text: str, suffix: str = ".toml") -> str:
        return _refused(capsys, "simulate", _scenario(tmp_path, text, suffix), "--responses", good)

    path = str(tmp_path / "s.toml")
    assert refused(base.replace('title = "작은 한도 조회"', 'title = "작은 한도 조회')) == \
        f"agentdesk: error: {path}:{_line(base, 'title = ')}: not valid TOML: Illegal character '\\n'"
    text = base.replace("pass_score = 70", 'pass_score = "seventy"')
    assert refused(text) == (f"agentdesk: error: {path}:{_line(text, 'pass_score')}: pass_score: "
                             "Input should be a valid integer, unable to parse string as an integer (got 'seventy')")
    text = base.replace("weight = 30", "weight = -3")
    assert refused(text).startswith(f"agentdesk: error: {path}:{_line(text, 'weight = -3')}: rubric[1].weight: "
                                    "Input should be greater than or equal to 0")
    text = base.replace('id = "gives-identity"\n', "")
    assert refused(text) == f"agentdesk: error: {path}:{_line(text, '[[script]]')}: script[0].id: required field is missing"
    text = base.replace('after_step = "gives-identity"', 'after_step = "gives-id"')
    where = _line(text, 'after_step = "gives-id"')
    assert refused(text) == f"agentdesk: error: {path}:{where}: script[1].after_step: no step with id 'gives-id'"
    text = base.replace("format = 1", "format = 3")
    assert refused(text) == (f"agentdesk: error: {path}:2: format: format 3 is newer than this AgentDesk reads (format 1); "
                             "update AgentDesk")
    text = base.replace("[opening]\n", "[opening]\ntone = 'warm'\n")
    assert refused(text) == (f"agentdesk: error: {path}:{_line(text, 'tone =')}: opening.tone: unknown field "
                             "(not part of scenario format 1)")
    text = base.replace('when = { intent = "identity_check" }', 'when = { intent = "identity_check", idle = 30 }')
    assert refused(text) == (f"agentdesk: error: {path}:{_line(text, 'idle = 30')}: script[0].when: give exactly one trigger "
                             "(intent, keywords, idle, after, wrong, field, article, template, step); got intent, idle")
    text = base.replace('text = "안녕하세요, 제 카드 한도가 얼마인지 알고 싶어요."', 'text = "' + "가" * 10_001 + '"')
    assert refused(text).startswith(f"agentdesk: error: {path}:{_line(text, '가가가')}: opening.text: String should have at most 10000")
    steps = "".join(f'\n[[script]]\nid = "s{i}"\nwhen = {{ after = {i} }}\nsay = "x"\n' for i in range(201))
    text = base.replace("[expect]", steps + "\n[expect]")
    assert refused(text).startswith(f"agentdesk: error: {path}:{_line(text, '[[script]]')}: script: List should have at most 200 items")
    assert refused("x" * 1_000_001).endswith("s.toml: larger than 1 MB; refused")
    data = json.loads(json.dumps(__import__("tests.sim_support", fromlist=["tiny"]).tiny().model_dump(mode="json"), indent=2))
    data["mood"]["patience"] = "slow"
    text = json.dumps(data, ensure_ascii=False, indent=2)
    assert refused(text, ".json").startswith(f"agentdesk: error: {tmp_path / 's.json'}:{_line(text, 'slow')}: mood.patience: "
                                              "Input should be a valid number")


def test_an_unknown_scenario_and_usage(home, capsys):
    err = _refused(capsys, "simulate", "no-such-scenario", "--responses", str(TINY_GOOD))
    assert err.startswith("agentdesk: error: no-such-scenario: no such scenario: not a bundled id")
    code, out, err = _cli(capsys, "simulate", "tiny-limit")
    assert code == 2 and "give SCENARIO and --responses FILE" in err
