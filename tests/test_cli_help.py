"""Every option and subcommand of `agentdesk` says what it does (issue 12, defect 14): the
whole argparse tree is walked (agentdesk/cli.py and agentdesk/commands/*), and `--help`
reads well at every level."""

import argparse
import re
import subprocess
import sys

import pytest

from agentdesk.cli import build_parser, main


def _walk(parser: argparse.ArgumentParser, path: str = "agentdesk"):
    """(path, parser) for the parser and every subcommand under it."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help for a in action._choices_actions}
            for name, sub in action.choices.items():
                yield f"{path} {name}", ("subcommand", helps.get(name))
                yield from _walk(sub, f"{path} {name}")


def _entries():
    for path, item in _walk(build_parser()):
        if isinstance(item, tuple):
            yield path, item[1]
            continue
        for action in item._actions:
            if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
                continue
            name = action.option_strings[-1] if action.option_strings else action.dest
            yield f"{path} {name}", action.help


ENTRIES = list(_entries())


def test_the_tree_is_walked_whole():
    paths = [p for p, _ in ENTRIES]
    for expected in ("agentdesk --db", "agentdesk ticket list --assignee", "agentdesk kb search --category",
                     "agentdesk followups list --days", "agentdesk admin add-agent", "agentdesk sync once"):
        assert any(p == expected or p.startswith(expected + " ") for p in paths), expected
    assert len(ENTRIES) > 150


def test_every_option_and_subcommand_has_help():
    missing = [p for p, h in ENTRIES if not h]  # SUPPRESS (a hidden test option) is a choice, not a gap
    assert not missing, "no help text:\n" + "\n".join(missing)


# Misspellings seen in help texts and the usual ones of English UI writing.
TYPOS = re.compile(r"\b(teh|recieve\w*|seperat\w*|occured|untill|wich|adress\w*|accross|existant|occurence\w*|"
                   r"succesful\w*|depricated|langauge|defualt|paramter\w*|sucess\w*|arguement\w*|cancell?ed?ing)\b",
                   re.IGNORECASE)


def test_help_texts_are_proofread():
    problems = []
    for path, text in ENTRIES:
        if not text or text == argparse.SUPPRESS:
            continue
        if TYPOS.search(text):
            problems.append(f"{path}: typo in {text!r}")
        if text != text.strip() or "  " in text:
            problems.append(f"{path}: stray spaces in {text!r}")
        if text[0].isupper() and not re.match(r"[A-Z]{2,}|[A-Z][a-z]*[A-Z]|AgentDesk|JSON|PostgreSQL|SQLite|UUID|"
                                              r"ID\b|RRULE|URL|CSV", text):
            problems.append(f"{path}: starts with a capital (the house writes help in lower case): {text!r}")
        if text.endswith("."):
            problems.append(f"{path}: ends with a full stop: {text!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("argv", [[], ["ticket"], ["ticket", "list"], ["kb"], ["admin"], ["followups", "list"]])
def test_help_output_is_readable(capsys, argv):
    with pytest.raises(SystemExit) as done:
        main([*argv, "--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0
    assert out.startswith("usage: agentdesk")
    for line in out.splitlines():
        assert len(line) <= 100, line  # argparse wraps help at the terminal's width
    assert "None" not in out and "%(default)" not in out


def test_top_level_help_lists_every_command_with_a_line():
    proc = subprocess.run([sys.executable, "-m", "agentdesk", "--help"], capture_output=True, text=True,
                          env={"COLUMNS": "100", "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0
    names = [p.split()[-1] for p, _ in ENTRIES if p.count(" ") == 1 and not p.split()[-1].startswith("-")]
    assert "ticket" in names and "kb" in names
    for name in names:
        assert re.search(rf"^    {re.escape(name)}\s+[a-z]", proc.stdout, re.MULTILINE), name
    assert "show the version of AgentDesk and exit" in proc.stdout
