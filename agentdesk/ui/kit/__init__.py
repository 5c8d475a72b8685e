"""The Qt toolkit the panes are built from: the worker runner and its read helper, timers
that die with their pane, formatting, icons and toasts.

It sits below both `agentdesk/views/` (the panes) and the shell (the rest of
`agentdesk/ui/`: app, main window, palette, reminders, connect dialog). The shell imports
panes; panes import only this kit, never the shell (tests/test_layers.py).
"""
