# Two entry points, both self-contained on a fresh machine (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# The main job needs the plots, hence the [analysis] extra.
demo: $(BIN)/activate
	$(BIN)/pip install -q -e '.[analysis]'
	$(BIN)/vakmanschap demo

# Every optional extra is installed so that no test skips for a missing package in CI.
test: $(BIN)/activate
	$(BIN)/pip install -q -e '.[test,analysis,parquet,server,excel]'
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
