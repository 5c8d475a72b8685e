"""The shell: main window, theme, shortcuts, shared widgets, i18n, background tasks."""
