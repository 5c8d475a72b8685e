"""@mentions between two desks of a team through a real team server (issue 12): agent A
(lee.junho) mentions agent B (kim.minji) in a note on A's desk; B's window, on its own
replica and signed in to the server, gets the mention by sync and shows a toast; opening
the ticket there marks it read on the server."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import text

from agentdesk.services import tickets
from agentdesk.services.common import current_agent
from agentdesk.sync import capture
from agentdesk.ui.kit.toasts import ToastStack
from tests.test_app_team import team_window  # noqa: F401 (the fixture: B's window on a live server)
from tests.test_sync_support import client, close, replica


def test_a_colleagues_mention_reaches_my_desk_as_a_toast_and_reading_it_reaches_the_server(
        qtbot, team_window, tmp_path):  # noqa: F811
    w = team_window
    qtbot.waitUntil(lambda: w.ctx.sync.listening, timeout=5000)
    other = replica(tmp_path, "lee", "lee.junho")
    co = client(other, w.server)
    capture.install(other.db, "lee.junho")
    with other.db.session() as s:  # on A's desk, as the composer sends a note
        tickets.add_message(s, w.ids["t3"], current_agent(s, "lee.junho"),
                            "@kim.minji 고객님 카드번호 4111 1111 1111 1111 재발급 건 확인 부탁드립니다", kind="note")
    pushed, _ = co.sync_once()
    assert pushed.applied == 1

    def mention_toasts():
        return [t for t in ToastStack.of(w).toasts() if t.property("mentionId")]

    qtbot.waitUntil(lambda: len(mention_toasts()) == 1, timeout=10000)  # the poke, the pull, the toast
    (toast,) = mention_toasts()
    assert toast.title.text() == f"이준호 mentioned you on #{w.ids['t3']}"
    assert "1111 1111 1111" not in toast.body.text() and "****" in toast.body.text()
    qtbot.waitUntil(lambda: _badge(w.inbox) == "Mentions  ● 1", timeout=5000)

    with qtbot.waitSignal(w.ticket.loaded, timeout=5000):
        qtbot.mouseClick(toast.findChild(QPushButton, "toastOpen"), Qt.MouseButton.LeftButton)

    def read_on_server():
        with w.server.engine.connect() as c:
            return c.execute(text("SELECT read_at IS NOT NULL FROM mentions")).scalar()

    qtbot.waitUntil(read_on_server, timeout=10000)
    qtbot.waitUntil(lambda: mention_toasts() == [], timeout=5000)
    co.pull_once()  # A's desk sees it was read
    with other.engine.connect() as c:
        assert c.execute(text("SELECT read_at IS NOT NULL FROM mentions")).scalar()
    co.close()
    close(other)


def _mentions_item(inbox):
    """The Mentions entry of the view list (its unread badge is drawn from COUNT_ROLE)."""
    from PySide6.QtCore import Qt

    return next(inbox.views.item(i) for i in range(inbox.views.count())
                if inbox.views.item(i).data(Qt.ItemDataRole.UserRole) == "mentions")


def _badge(inbox) -> str:
    from agentdesk.views.saved_views import COUNT_ROLE

    item = _mentions_item(inbox)
    return f"{item.text()}  {item.data(COUNT_ROLE) or ''}".strip()
