"""Progress of a long command (demo-data, big imports) on stderr.

On a terminal: a tqdm bar per stage, redrawn in place. Anywhere else (a pipe, a log
file, CI): one plain line per stage when it ends, so logs read line by line and never
fill with carriage returns. Callers report ``(stage, done, total)`` as often as they
like; a new stage name closes the previous one.
"""

from __future__ import annotations

import sys
import time
from typing import IO, Any


class StageProgress:
    """A ``progress(stage, done, total)`` callable; use it as a context manager."""

    def __init__(self, stream: IO[str] | None = None, *, terminal: bool | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.terminal = _is_terminal(self.stream) if terminal is None else terminal
        self.stage: str | None = None
        self.done = 0
        self.total = 0
        self.started = time.monotonic()  # a stage runs from the end of the one before it
        self.finished = False  # the stage reached its total: later reports of it are ignored
        self.bar: Any = None  # tqdm, only on a terminal

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self._end_stage()
            self.stage, self.finished = stage, False
            if self.terminal:
                from tqdm import tqdm  # only a terminal needs it

                self.bar = tqdm(total=total, desc=stage, file=self.stream, unit="", leave=True)
                # Callers report a stage's first batch when it is done: count its time from
                # the end of the stage before, or the first rate shown is absurd.
                self.bar.start_t -= time.monotonic() - self.started
        if self.finished:
            return
        self.done, self.total = done, total
        if self.bar is not None:
            self.bar.total = total
            self.bar.update(done - self.bar.n)
        if done >= total:
            self._end_stage()

    def close(self) -> None:
        """Ends the current stage (its line is printed only if it finished)."""
        self._end_stage()

    def _end_stage(self) -> None:
        if self.stage is None or self.finished:
            return
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        elif self.done >= self.total:
            secs = time.monotonic() - self.started
            print(f"{self.stage}: {self.done:,}/{self.total:,} ({secs:.1f} s)", file=self.stream, flush=True)
        self.finished, self.started = True, time.monotonic()

    def __enter__(self) -> StageProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or already closed
        return False
