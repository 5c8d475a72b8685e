import gc

# Start-up runs with the cyclic garbage collector off: importing PySide6, SQLAlchemy and
# the models and building the window make objects by the hundred thousand, and the
# collector walked them over and over (8-10% of the start, benchmarks/README.md). It is
# back on once the window is up, or at once for any other command (agentdesk.resume_gc).
gc.disable()

from agentdesk.cli import main  # noqa: E402

raise SystemExit(main())
