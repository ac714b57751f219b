# Two commands for a fresh machine: `make run` and `make test`. Both build .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PREFECT_HOME ?= $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL ?= WARNING
export DO_NOT_TRACK ?= 1

.PHONY: run test lint setup clean-warehouse chromium train

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Installs, then migrates Prefect's database under PREFECT_HOME once, so the first run does not pay for it.
setup: $(STAMP)
	$(BIN)/newsetl setup

run: setup
	$(BIN)/newsetl ingest raw --warehouse warehouse
	$(BIN)/newsetl sql "SELECT speaker, count(*) AS quotes FROM quotes WHERE speaker IS NOT NULL GROUP BY speaker ORDER BY quotes DESC, speaker LIMIT 5" --warehouse warehouse

# The report test renders the HTML report in Debian's headless Chromium; install it when missing
# (as root, e.g. in CI). Without it, that one test skips outside CI and fails in CI.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian's chromium for the report test"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium not installed and not root: the report test will skip"; fi; }

test: $(STAMP) chromium
	$(BIN)/ruff check src flows tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -n auto

# Rebuild the packaged models from ../shared/corpus, in dependency order: the line-role model
# (src/newsetl/roles/line_roles.json.gz, which PARSER_VERSION follows), then the entity span
# re-labeller (src/newsetl/extract/relabel_model.json), then the speaker ranker
# (extract/speaker_weights.json), each of which sees the parse and entities of the step before.
# Deterministic (fixed seeds, one thread): the same corpus and code give the same files. Commit them;
# a fresh clone needs no training.
train: $(STAMP)
	$(BIN)/python -m newsetl.roles.train --corpus $(or $(NEWSETL_CORPUS),../shared/corpus)
	$(BIN)/python benchmarks/train_entities.py
	$(BIN)/python benchmarks/train_speakers.py

clean-warehouse:
	find warehouse -mindepth 1 ! -name README.md ! -name .gitkeep -exec rm -rf {} +
