"""The Korean command palette finds a command by its English name too (issue 12, defect
14): the README says to type "Language", and the Korean window's commands read "언어: …"."""

import pytest

from agentdesk.ui import app as appmod
from agentdesk.ui.palette import Command, command_score
from tests.factories import seed_small


@pytest.fixture
def korean_window(qtbot, qapp, sqlite_db):
    seed_small(sqlite_db)
    assert appmod.install_language(qapp, "ko")
    try:
        w = appmod.build_window(sqlite_db, appmod.load_agent(sqlite_db, None), appmod.settings())
        qtbot.addWidget(w)
        w.resize(1400, 900)
        w.show()
        yield w
        w.ctx.runner.wait()
    finally:
        appmod.install_language(qapp, "en")


def _found(qtbot, w, text):
    palette = w.show_palette()
    qtbot.addWidget(palette)
    palette.input.setText(text)
    titles = palette.visible_titles()
    palette.close()
    return titles


@pytest.mark.parametrize("typed", ["Language", "language", "언어", "Lang"])
def test_korean_palette_finds_the_language_commands(qtbot, korean_window, typed):
    titles = _found(qtbot, korean_window, typed)
    assert set(titles[:2]) == {"언어: 한국어", "언어: English"}, titles


def _by_source(w, source):
    return next(c for c in w.commands if c.source == source)


def test_korean_palette_matches_english_names_of_other_commands(qtbot, korean_window):
    w = korean_window
    pending = _by_source(w, "Ticket: Set status: Pending")  # the status label in English too
    assert pending.title != "Set status: Pending" and _found(qtbot, w, "Set status: Pending")[0] == pending.title
    assert _found(qtbot, w, "Pop out")[0] == _by_source(w, "Ticket: Pop out ticket").title
    # Every command keeps its English source (no Hangul but the language's own name), and
    # its Korean title still finds it.
    for c in w.commands:
        assert c.source and not any("가" <= ch <= "힣" for ch in c.source.replace("한국어", "")), c.source
        assert c.title in _found(qtbot, w, c.title), c.title


def test_command_score_takes_the_better_of_both():
    c = Command("언어: English", lambda: None, group="AgentDesk", source="AgentDesk: Language: English")
    assert command_score("Language", c) is not None and command_score("언어", c) is not None
    assert command_score("xyzzy", c) is None
    assert command_score("언어", Command("언어", lambda: None)) is not None  # no source: the title alone
