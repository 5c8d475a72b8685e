"""The notices file shipped with the app names every package it bundles (no drift)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _licenses_script():
    spec = importlib.util.spec_from_file_location("licenses", ROOT / "scripts" / "licenses.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_runtime_dependency_has_its_notice():
    lic = _licenses_script()
    text = lic.OUT.read_text(encoding="utf-8")
    missing = [d.metadata["Name"] for d in lic.runtime_distributions() if f"\n  {d.metadata['Name']} " not in text]
    assert not missing, f"run scripts/licenses.py: {missing} are not in {lic.OUT.name}"
    for name in ("SQLAlchemy", "PySide6_Essentials", "NanumGothic", "psycopg"):
        assert name in text
    assert (lic.OUT.parent / "LGPL-3.0.txt").read_text(encoding="utf-8").startswith("                   GNU LESSER")
