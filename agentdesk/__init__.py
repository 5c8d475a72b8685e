"""AgentDesk: a desktop workstation for customer-service agents."""

import time as _time

__version__ = "0.1.0"
STARTED_AT = _time.time()  # first import of the package: the start-up probe's zero


def resume_gc() -> None:
    """Turns the garbage collector back on after the start-up (``__main__`` turned it off):
    once the window is interactive, or when the command is not the window. What the
    start-up made lives as long as the process, so it is frozen first: later collections
    skip it. A no-op when the collector is on (the package imported by tests, the server)."""
    import gc

    if not gc.isenabled():
        gc.freeze()
        gc.enable()
