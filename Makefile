# fieldcase — every target sets up what it needs first.
# run and demo install the app alone; test, lint, screenshots and bench add the
# development tools (the `dev` extra).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP_STAMP := $(VENV)/.installed-app
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run demo test lint screenshots bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(APP_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $(APP_STAMP)

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(APP_STAMP) $(DEV_STAMP)

run: $(APP_STAMP)
	$(BIN)/fieldcase

demo: $(APP_STAMP)
	$(BIN)/fieldcase --demo

test: $(DEV_STAMP)
	$(BIN)/python -m pytest -q -n 3 --dist worksteal

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

screenshots: $(DEV_STAMP)
	$(BIN)/python -m fieldcase.tools.screenshots screenshots

bench: $(DEV_STAMP)
	$(BIN)/python -m fieldcase.tools.bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
