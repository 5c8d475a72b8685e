"""AgentDesk: a desktop workstation for customer-service agents."""

import time as _time

__version__ = "0.1.0"
STARTED_AT = _time.time()  # first import of the package: the start-up probe's zero


_start_paused = False  # __main__ paused the collector for the start-up (pause_gc_for_start)
# Set by the GUI's MainThreadGC (ui/kit/tasks.py): automatic collection stays off there and
# the GUI thread collects on a timer (a collection on a worker thread deadlocked with Qt).
gc_owned_by_gui = False


def pause_gc_for_start() -> None:
    """The start-up runs with the cyclic collector off: importing PySide6, SQLAlchemy and
    the models makes objects by the hundred thousand, and the collector walked them over
    and over (about 0.1 s of a 1.2-1.4 s start, benchmarks/README.md)."""
    import gc

    global _start_paused
    gc.disable()
    _start_paused = True


def resume_gc() -> None:
    """Ends the start-up's pause: once the window is up, before a first sync or the demo
    workspace, or at once for a command that is not the window. What the start-up made
    lives as long as the process, so it is frozen (later collections skip it). Automatic
    collection comes back on unless the GUI's MainThreadGC owns the collector."""
    import gc

    global _start_paused
    if not _start_paused:
        return
    _start_paused = False
    gc.freeze()
    if not gc_owned_by_gui:
        gc.enable()
