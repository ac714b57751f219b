# Two commands for a fresh machine: `make run` and `make test`. Both build .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PREFECT_HOME ?= $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export PREFECT_LOGGING_LEVEL ?= WARNING
export DO_NOT_TRACK ?= 1

.PHONY: run test lint setup clean-warehouse

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/newsetl ingest raw --warehouse warehouse
	$(BIN)/newsetl sql "SELECT speaker, count(*) AS quotes FROM quotes WHERE speaker IS NOT NULL GROUP BY speaker ORDER BY quotes DESC, speaker LIMIT 5" --warehouse warehouse

test: $(STAMP)
	$(BIN)/ruff check src flows tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest

clean-warehouse:
	find warehouse -mindepth 1 ! -name README.md ! -name .gitkeep -exec rm -rf {} +
