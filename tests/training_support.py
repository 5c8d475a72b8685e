"""The world of the training tests (issue 15; no tests here): a workspace with a trainer,
trainees and a second team, and attempts made from the bundled scenarios' scripted
trainee runs (tests/sim_responses/*.jsonl, written with the scenarios)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from agentdesk import training_rules as tr
from agentdesk.models import Agent, Team
from tests.factories import seed_small

RESPONSES = Path(__file__).resolve().parent / "sim_responses"


def actions(name: str) -> list[dict]:
    """A scripted trainee run as the action list (one JSON object a line)."""
    return [json.loads(line) for line in (RESPONSES / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


def record(key: str, run: str, mode: str = "practice", sha: str | None = None) -> dict:
    """Session.record() of a scripted run on a bundled scenario."""
    acts = actions(run)
    scenario = tr.bundled(key)
    assert scenario is not None, key
    end = next((a["at"] for a in acts if a["do"] == "end"), None)
    return {"scenario": key, "scenario_sha256": sha or tr.scenario_sha256(scenario), "mode": mode, "actions": acts,
            "ended_at": end}


def played(key: str, run: str, mode: str = "practice") -> dict:
    """The scorecard the headless runner gives the same run: what a stored attempt must equal."""
    return tr.recompute(tr.bundled(key), record(key, run, mode))


def seed(db) -> dict:
    """seed_small (카드상담팀: kim.minji, lee.junho, lead park.lead) plus trainer choi.trainer,
    and 배송팀 with its trainer han.trainer and agent yoon.agent."""
    ids = seed_small(db)
    with db.session() as s:
        cards = s.scalar(select(Team.id).where(Team.name == "카드상담팀"))
        ship = Team(name="배송팀")
        s.add(ship)
        s.flush()
        made = {
            "trainer": Agent(login="choi.trainer", name="최트레이너", role="trainer", team_id=cards),
            "ship_trainer": Agent(login="han.trainer", name="한트레이너", role="trainer", team_id=ship.id),
            "ship_agent": Agent(login="yoon.agent", name="윤상담", role="agent", team_id=ship.id),
            "admin": Agent(login="root.admin", name="관리자", role="admin", team_id=None),
        }
        s.add_all(made.values())
        s.flush()
        ids |= {k: a.id for k, a in made.items()} | {"cards": cards, "shipping": ship.id}
        ids["lead"] = s.scalar(select(Agent.id).where(Agent.login == "park.lead"))
        s.commit()
    return ids


def own_scenario(key: str = "card-limit-copy", title: str | None = None) -> str:
    """The bundled card-limit-inquiry's TOML under another id (a trainer's own scenario)."""
    src = (Path(tr.__file__).resolve().parent / "simulation" / "scenarios" / "card-limit-inquiry.toml").read_text(
        encoding="utf-8")
    out = src.replace('id = "card-limit-inquiry"', f'id = "{key}"', 1)
    if title is not None:
        out = out.replace('title = "카드 한도 조회"', f'title = {json.dumps(title, ensure_ascii=False)}', 1)
    assert out != src or key == "card-limit-inquiry"
    return out
