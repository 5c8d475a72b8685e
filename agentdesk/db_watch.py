"""Has another process written to this embedded workspace? (issue 14: a gateway or
`agentdesk mail import` beside an open desk on the same SQLite file.)

SQLite's ``PRAGMA data_version`` on one connection changes when any other connection
commits to the file (the desk's own pooled connections count as others too: an extra
refresh after its own writes, never a missed one). One dedicated read-only connection,
asked on a timer (a microsecond's work: it reads a counter in the shared WAL index, no
page), tells the window to refresh its panes; a team desk needs none of this (its
pulls and the server's pokes say what moved). No Qt, no SQLAlchemy.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


class DataVersionWatch:
    """``changed()`` is True once after each commit by another connection."""

    def __init__(self, path: str | Path):
        self._conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False,
                                     timeout=1)
        self._lock = threading.Lock()  # asked on the GUI thread's timer and absorbed on the write lane
        self._last = self._version()

    def _version(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        with self._lock:
            try:
                now = self._version()
            except sqlite3.Error:
                return False  # busy or gone for a moment: asked again at the next tick
            moved, self._last = now != self._last, now
            return moved

    def absorb(self) -> None:
        """After this desk's own commit (on its write lane, right after it): that move is
        not news. Another process committing in the microseconds between is seen at its
        next commit; the desk's own panes already re-read after their own writes."""
        self.changed()

    def close(self) -> None:
        with self._lock:
            self._conn.close()
