"""Building the real window pieces on a real SQLite workspace for pytest-qt tests."""

from __future__ import annotations

from agentdesk.ui.kit.tasks import AppContext, Changes, TaskRunner


def make_ctx(db, login: str = "kim.minji") -> AppContext:
    from agentdesk.ui.app import load_agent

    return AppContext(db=db, agent=load_agent(db, login), runner=TaskRunner(db), changes=Changes())


def settle(*runners, rounds: int = 3) -> None:
    """Every job given to ``runners`` (TaskRunners, or anything with ``wait(msecs)``) has
    run and its result has reached the GUI thread, where it arrives as a queued signal:
    what an assertion that nothing more happens needs. A fixed qtbot.wait(N) only guesses
    how long a late delivery takes. A delivery may start another job: a few rounds."""
    from PySide6.QtCore import QCoreApplication

    for _ in range(rounds):
        for runner in runners:
            assert runner.wait(10000), f"{runner!r} still busy after 10 s"
        QCoreApplication.sendPostedEvents()
        QCoreApplication.processEvents()
