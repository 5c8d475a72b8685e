"""Subcommands of `agentdesk` that belong to one feature each (kb, templates, followups, admin, profile, sync, server, views,
staffing, reviews, routing, metrics, gateway, simulate).

Each module defines NAME, ``add_parser(sub, common)`` and ``run(args) -> int``, and
imports nothing heavy at module level: building the parser must stay instant, and the
window must not wait for SQLAlchemy. Shared helpers (opening the database, printing
JSON, error handling) stay in agentdesk/cli.py.
"""

from __future__ import annotations

import importlib

FEATURES = ("kb", "templates", "followups", "admin", "profile", "sync", "server", "views", "staffing", "reviews", "routing",
            "metrics", "mail", "gateway", "simulate")


def feature_modules() -> list:
    """The feature command modules that exist (a feature may land before another)."""
    mods = []
    for name in FEATURES:
        try:
            mods.append(importlib.import_module(f"agentdesk.commands.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"agentdesk.commands.{name}":
                raise
    return mods
