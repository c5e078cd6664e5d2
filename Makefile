# The two commands of the README: `make run` and `make test` (plus `make lint` and `make bench`).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501
PYTEST_ARGS ?=

.PHONY: run lint test bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "crm-case needs Python 3.11 or newer, found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# the pinned dependencies, then this repository's packages (crm_case, ui) as an editable install, so that
# `python -m crm_case` works from any folder (pyproject.toml)
$(VENV)/.runtime: $(BIN)/python requirements.txt pyproject.toml
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

run: $(VENV)/.runtime  ## start the app at http://localhost:$(PORT), on this computer only (personal mode); ADDRESS=0.0.0.0 to serve a team (sign-in in .streamlit/secrets.toml, README "Serve a team")
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m streamlit run app.py --server.port $(PORT) --server.address $(or $(ADDRESS),127.0.0.1)

lint: $(VENV)/.dev  ## ruff's checks (rules in pyproject.toml); a finding fails
	$(BIN)/ruff check .

test: lint  ## ruff first, then the whole suite: unit, property, app and browser tests (worksteal: a worker done early takes over the other's queue, so the long browser tests do not end the run alone)
	$(BIN)/python -m pytest -n 2 --dist worksteal $(PYTEST_ARGS)

bench: $(VENV)/.dev  ## benchmarks: medians printed and written to bench/results/latest.json
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis artifacts bench/results
