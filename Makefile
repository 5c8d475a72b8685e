# The two commands a fresh machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test screenshots bench translations clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## Opens AgentDesk on the embedded workspace (demo data is created on first run).
run: $(STAMP)
	$(VENV)/bin/agentdesk

## Lint, types, then the whole test suite, offscreen, including the PostgreSQL tests.
test: $(STAMP)
	$(VENV)/bin/ruff check agentdesk tests benchmarks scripts
	$(VENV)/bin/mypy
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -n auto --dist worksteal

## Regenerates the README screenshots (docs/screenshots/*.png).
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) scripts/screenshots.py

## Speed figures on a 1,000,000-ticket workspace (see benchmarks/README.md).
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/bench_ui.py

## Extracts tr() strings from agentdesk/ into the Korean .ts (see docs/translations.md), then compiles the .qm;
## English needs only its plural forms (agentdesk_en.ts).
translations: $(STAMP)
	$(VENV)/bin/pyside6-lupdate $$(find agentdesk -name '*.py' | LC_ALL=C sort) -no-obsolete -locations relative \
		-source-language en -target-language ko_KR -ts resources/translations/agentdesk_ko.ts
	$(VENV)/bin/pyside6-lrelease resources/translations/agentdesk_ko.ts -qm resources/translations/agentdesk_ko.qm
	$(VENV)/bin/pyside6-lupdate $$(find agentdesk -name '*.py' | LC_ALL=C sort) -no-obsolete -locations relative \
		-pluralonly -source-language en -target-language en_US -ts resources/translations/agentdesk_en.ts
	$(PY) scripts/i18n/fill_en.py resources/translations/agentdesk_en.ts
	$(VENV)/bin/pyside6-lrelease resources/translations/agentdesk_en.ts -qm resources/translations/agentdesk_en.qm

clean:
	rm -rf $(VENV) build dist *.egg-info
