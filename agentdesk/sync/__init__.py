"""Replica sync with the team server (issue 4). Plain Python: never imports Qt."""
