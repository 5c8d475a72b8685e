"""Simulation mode (issue 15): scenarios, a simulated customer on a virtual clock, scoring.

Plain Python: no Qt, no SQLAlchemy (tests/test_layers.py checks). The desk's training window,
the headless `agentdesk simulate` runner and the team server all call these modules, so the
scorecard of an attempt is the same wherever it is computed (see docs/scenarios.md).

- scenario.py   the scenario format (pydantic models), loading and one-line errors
- phrases.py    intents over Korean/English text (spacing, NFKC, simple negation)
- responses.py  the trainee's actions (JSON Lines for the headless runner)
- engine.py     a session on a virtual clock
- scoring.py    the scorecard
- runner.py     headless play and replay
"""
