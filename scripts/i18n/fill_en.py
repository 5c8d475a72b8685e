"""Fills the English plural forms of resources/translations/agentdesk_en.ts.

English is the source language, so only messages with %n need a catalogue: "%n ticket(s)"
becomes "1 ticket" / "41 tickets". `make translations` extracts them (lupdate -pluralonly)
and runs this. A "(s)" source needs no entry below; other sources are listed by hand.
Exits 1 naming any plural message it cannot fill.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET

# source → (one, many) where "(s)" alone does not say it
FORMS: dict[str, tuple[str, str]] = {
    "%n follow-ups are due": ("%n follow-up is due", "%n follow-ups are due"),
    "%n overdue follow-ups": ("%n overdue follow-up", "%n overdue follow-ups"),
    "%n new mentions": ("%n new mention", "%n new mentions"),
    "%n new protection incidents": ("%n new protection incident", "%n new protection incidents"),
    "Exported %n follow-ups": ("Exported %n follow-up", "Exported %n follow-ups"),
    "%n overdue": ("%n overdue", "%n overdue"),
    "%n queued": ("%n queued", "%n queued"),
    "%n sent, awaiting confirmation": ("%n sent, awaiting confirmation", "%n sent, awaiting confirmation"),
}


def forms(source: str) -> tuple[str, str] | None:
    if source in FORMS:
        return FORMS[source]
    if "(s)" in source:
        return re.sub(r"\(s\)", "", source), re.sub(r"\(s\)", "s", source)
    return None


def main(path: str) -> int:
    tree = ET.parse(path)
    missing = []
    for message in tree.iter("message"):
        if message.get("numerus") != "yes":
            continue
        source = message.findtext("source") or ""
        found = forms(source)
        if found is None:
            missing.append(source)
            continue
        translation = message.find("translation")
        assert translation is not None
        translation.attrib.pop("type", None)
        for child in list(translation):
            translation.remove(child)
        for text in found:
            ET.SubElement(translation, "numerusform").text = text
    tree.write(path, encoding="utf-8", xml_declaration=True)
    for source in missing:
        print(f"no English plural forms for {source!r}: add them to FORMS", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
