"""Building the real window pieces on a real SQLite workspace for pytest-qt tests."""

from __future__ import annotations

from agentdesk.ui.tasks import AppContext, Changes, TaskRunner


def make_ctx(db, login: str = "kim.minji") -> AppContext:
    from agentdesk.ui.app import load_agent

    return AppContext(db=db, agent=load_agent(db, login), runner=TaskRunner(db), changes=Changes())
