# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.kcheck-installed

.PHONY: install demo test check lint fit eval mixed claims.db bench bench-quick screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

# Rebuild claims.db from seeds/ (into a temporary file first, so a failure keeps the old one).
# The ingest time recorded is the last commit to seeds/ (SOURCE_DATE_EPOCH, the reproducible-builds
# convention), so an unchanged build gives the same bytes and `make demo` leaves git clean.
SOURCE_DATE_EPOCH ?= $(or $(shell git log -1 --format=%ct -- seeds 2>/dev/null),0)
claims.db: $(STAMP)
	rm -f claims.db.tmp claims.db.tmp-wal claims.db.tmp-shm
	SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) $(BIN)/kcheck ingest --quiet --db claims.db.tmp seeds/
	mv claims.db.tmp claims.db

demo: claims.db
	$(BIN)/kcheck report

test: $(STAMP)
	$(BIN)/python -m pytest $(ARGS)

# Lint, formatting and types: what CI checks before the tests.
lint: $(STAMP)
	$(BIN)/ruff check kcheck tests bench
	$(BIN)/ruff format --check kcheck tests bench
	$(BIN)/mypy

# The fast layer only: frames, rules, values and word lists, no spaCy (a few seconds).
check: $(STAMP)
	$(BIN)/python -m pytest -m "not slow" $(ARGS)

# Fit the pair scorer on every gold corpus (kcheck/data/scorer.json).
fit: $(STAMP)
	$(BIN)/python -m kcheck.fitting fit

# Leave one corpus out: for each gold corpus, fit on the others and score it.
eval: $(STAMP)
	$(BIN)/python -m kcheck.fitting eval

# every gold corpus in one database: groups that join two stories
mixed: $(STAMP)
	$(BIN)/python -m kcheck.fitting mixed

# The seeds' HTML report in headless Chromium at 1280 and 390 px, as README.md shows it.
screenshots: $(STAMP)
	mkdir -p docs && KCHECK_SCREENSHOTS=docs $(BIN)/python -m pytest -q tests/test_browser.py -k seeds

# Benchmarks (never part of `make test`): prints a table and writes bench/RESULTS.md.
bench: $(STAMP) claims.db
	$(BIN)/python bench/run.py $(ARGS)

# The ratios that catch a regression (about 3 minutes on 2 cores); run before stopping after a change to a hot path.
bench-quick: $(STAMP) claims.db
	$(BIN)/python bench/quick.py

clean:
	rm -rf .pytest_cache .hypothesis build dist *.egg-info claims.db.tmp*
