"""The Korean catalogue: complete, compiled, in step with the code, and actually used.

How to fix a failure here: docs/translations.md (`make translations`, then translate).
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt, QTranslator

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "agentdesk_ko.ts"
QM = ROOT / "resources" / "translations" / "agentdesk_ko.qm"
LUPDATE = Path(sys.executable).parent / "pyside6-lupdate"

PLACEHOLDER = re.compile(r"%(?:\d+|n)|\{\w*\}")  # Qt's %1 / %n and str.format's {name}


def read_ts(path: Path) -> list[dict]:
    """One dict per <message>: context, source, comment, numerus, translations, type."""
    out = []
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.findtext("name")
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            numerus = msg.get("numerus") == "yes"
            forms = [f.text or "" for f in tr.iter("numerusform")] if numerus else [tr.text or ""]
            out.append({
                "context": name, "source": msg.findtext("source"), "comment": msg.findtext("comment") or "",
                "numerus": numerus, "translations": forms, "type": tr.get("type"),
            })
    return out


def keys(messages: list[dict]) -> set[tuple[str, str]]:
    return {(m["context"], m["source"]) for m in messages}


def describe(pairs) -> str:
    return "\n".join(f"  [{c}] {s!r}" for c, s in sorted(pairs))


def test_every_message_is_translated_and_compiled(qapp):
    messages = read_ts(TS)
    assert messages, f"{TS} holds no messages"
    unfinished = [(m["context"], m["source"]) for m in messages
                  if m["type"] is not None or not all(t.strip() for t in m["translations"])]
    assert not unfinished, "untranslated or unfinished in agentdesk_ko.ts:\n" + describe(unfinished)

    translator = QTranslator()
    assert translator.load(str(QM)), f"{QM} does not load; run `make translations`"
    stale = []
    for m in messages:
        n = 2 if m["numerus"] else -1
        got = translator.translate(m["context"], m["source"], m["comment"] or None, n)
        if got != m["translations"][0]:
            stale.append((m["context"], m["source"]))
    assert not stale, ("agentdesk_ko.qm differs from agentdesk_ko.ts; run `make translations` to recompile:\n"
                       + describe(stale))


def test_catalogue_is_up_to_date_with_the_code(tmp_path):
    if not LUPDATE.exists():
        pytest.skip(f"{LUPDATE} not installed")
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "agentdesk").rglob("*.py"))
    fresh = tmp_path / "fresh_ko.ts"
    run = subprocess.run([str(LUPDATE), *sources, "-no-obsolete", "-silent", "-ts", str(fresh)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and fresh.exists(), f"pyside6-lupdate failed:\n{run.stdout}\n{run.stderr}"
    in_code, in_ts = keys(read_ts(fresh)), keys(read_ts(TS))
    missing, obsolete = in_code - in_ts, in_ts - in_code
    problems = []
    if missing:
        problems.append("strings in the code but not in resources/translations/agentdesk_ko.ts "
                        "(run `make translations` and translate them):\n" + describe(missing))
    if obsolete:
        problems.append("strings in agentdesk_ko.ts that the code no longer has "
                        "(run `make translations` to drop them):\n" + describe(obsolete))
    assert not problems, "\n".join(problems)


def test_placeholders_survive_translation():
    wrong = []
    for m in read_ts(TS):
        expected = sorted(PLACEHOLDER.findall(m["source"]))
        for t in m["translations"]:
            if sorted(PLACEHOLDER.findall(t)) != expected:
                wrong.append((m["context"], f"{m['source']} → {t}"))
    assert not wrong, "placeholders (%1, %n, {name}) must be kept exactly:\n" + describe(wrong)


def test_installed_korean_reaches_the_widgets(qtbot):
    from PySide6.QtWidgets import QApplication

    from agentdesk.ui.kit import fmt
    from agentdesk.ui.app import install_language
    from agentdesk.ui.palette import ShortcutSheet
    from agentdesk.views.inbox import COLUMNS, TicketTableModel

    app = QApplication.instance()
    saved_locale = QLocale()
    try:
        assert install_language(app, "ko"), "agentdesk_ko.qm did not load"
        assert fmt.label("on_hold") == "보류"
        assert fmt.label("my_open") == "내 미해결"
        sheet = ShortcutSheet([])
        qtbot.addWidget(sheet)
        assert sheet.windowTitle() == "단축키"
        model = TicketTableModel(ctx=None)
        assert model.headerData(COLUMNS.index("subject"), Qt.Horizontal) == "제목"

        assert install_language(app, "en")
        assert fmt.label("on_hold") == "On hold"
        english = ShortcutSheet([])
        qtbot.addWidget(english)
        assert english.windowTitle() == "Keyboard shortcuts"
    finally:
        install_language(app, "en")
        QLocale.setDefault(saved_locale)


def test_english_plurals_read_as_english(qapp):
    """'41 ticket(s)' in the English UI: the source text's '(s)' was shown as it is."""
    from PySide6.QtCore import QCoreApplication

    from agentdesk.ui.app import install_language

    try:
        assert install_language(qapp, "en")
        tr = QCoreApplication.translate
        assert tr("InboxPane", "%n ticket(s)", None, 1) == "1 ticket"
        assert tr("InboxPane", "%n ticket(s)", None, 41) == "41 tickets"
        assert tr("ReminderCenter", "%n follow-ups are due", None, 1) == "1 follow-up is due"
    finally:
        install_language(qapp, "en")


def test_no_tr_call_hides_inside_an_f_string():
    """lupdate reads literal tr() calls only: one inside an f-string's braces is never
    extracted, so its text stays English in the Korean window (the call panel's
    "Recording notice", the About box and the reviews' empty states were)."""
    inside = re.compile(r"""f(["'])(?:(?!\1).)*\{[^}]*\.tr\(""")
    found = [f"{path.relative_to(ROOT)}:{n}" for path in sorted((ROOT / "agentdesk").rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if inside.search(line)]
    assert not found, found
