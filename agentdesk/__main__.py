from agentdesk import pause_gc_for_start

# Until the window is up, or at once for any other command (agentdesk.resume_gc).
pause_gc_for_start()

from agentdesk.cli import main  # noqa: E402

raise SystemExit(main())
