"""Hostile templates in the Templates pane never stop the inbox loading (real SQLite, offscreen).

Before: previews rendered on the two shared read workers with no time limit, so two such
templates selected one after the other held both workers and the inbox's reads queued
behind them for good. Now a render has its own lane and ends within its budget."""

import threading

import pytest

from agentdesk.models import Template
from agentdesk.services import templates as tp
from agentdesk.views.inbox import InboxPane
from agentdesk.views.templates import TemplatesPane
from tests.factories import seed_small
from tests.uihelpers import make_ctx


def _slow_body(levels: int = 25) -> str:
    """Macros each calling the one below twice and writing nothing: 2**25 calls, within every
    size limit, so only the time budget ends it (no recursion, which is refused on save)."""
    macros = "{% macro m0() %}{% endmacro %}"
    macros += "".join(f"{{% macro m{i}() %}}{{{{ m{i - 1}() }}}}{{{{ m{i - 1}() }}}}{{% endmacro %}}"
                      for i in range(1, levels + 1))
    return macros + f"{{{{ m{levels}() }}}}"


@pytest.fixture
def hostile(sqlite_db):
    seed_small(sqlite_db)
    ids = []
    with sqlite_db.session() as s:
        # Stored directly, as an older client (or another replica) could have stored them.
        for title in ("느린 템플릿 1", "느린 템플릿 2"):
            t = Template(title=title, body=_slow_body(), scope="team", language="ko", usage_count=0)
            s.add(t)
            s.flush()
            ids.append(t.id)
    return sqlite_db, ids


def test_two_hostile_templates_selected_do_not_stop_the_inbox(qtbot, hostile, monkeypatch):
    db, ids = hostile
    started_renders, finished_renders = [], []
    inbox_loaded = threading.Event()
    gated: list[str] = []  # the body held until the inbox loads: the first hostile one
    real_render = tp.render

    def observed_render(body, context, *args, **kwargs):
        """The real render, its start and end noted. The first hostile render also holds its
        worker until the inbox has loaded (10 s at most), so the test is about order, not the
        clock: without a lane of its own the inbox's reads queue behind it and never run, and
        the wait below times out. (A 1.5 s budget alone flaked on a loaded CI machine.)"""
        started_renders.append(body)
        try:
            if body in gated[:1] and len(started_renders) == 1:
                inbox_loaded.wait(10)
            return real_render(body, context, seconds=1.5)
        finally:
            finished_renders.append(body)

    monkeypatch.setattr(tp, "render", observed_render)
    ctx = make_ctx(db)
    pane = TemplatesPane(ctx)
    qtbot.addWidget(pane)
    pane.show()
    qtbot.waitUntil(lambda: pane.list.topLevelItemCount() == 2, timeout=5000)
    # The empty editor's own preview first, so only the hostile ones are pending below.
    qtbot.waitUntil(lambda: pane.preview_title.text() != "", timeout=5000)
    inbox = InboxPane(ctx)
    qtbot.addWidget(inbox)
    inbox.resize(900, 600)
    inbox.show()  # rows are fetched as they are painted
    counts, pages = [], []
    inbox.countsUpdated.connect(counts.append)
    inbox.model.pageLoaded.connect(lambda first, last: pages.append((first, last)))
    ctx.runner.wait(5000)
    started_renders.clear()
    finished_renders.clear()
    previews = []
    pane.previewed.connect(previews.append)
    gated.append(_slow_body())

    try:
        assert pane.select_template(ids[0])
        # The first hostile render is running before the second is asked for, as when an
        # agent clicks through the list: without a lane of their own both would hold a read worker.
        qtbot.waitUntil(lambda: len(started_renders) == 1, timeout=3000)
        assert pane.select_template(ids[1])
        inbox.start("all")  # the inbox loading: its first page, counts and agents, all on read workers
        qtbot.waitUntil(lambda: bool(counts) and bool(pages), timeout=8000)
        # The inbox loaded while the first hostile render still held its worker.
        assert not finished_renders and not previews
    finally:
        inbox_loaded.set()

    # And the previews end within their budget, with one clear line.
    qtbot.waitUntil(lambda: bool(previews), timeout=10_000)
    assert previews[-1].error.startswith("template too slow") and pane.current.id == ids[1]
    assert pane.preview_status.text().endswith(previews[-1].error)
    ctx.runner.wait(10_000)
