# fieldcase — every target sets up what it needs first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run demo test lint screenshots bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/fieldcase

demo: $(STAMP)
	$(BIN)/fieldcase --demo

test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 --dist worksteal

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

screenshots: $(STAMP)
	$(BIN)/python -m fieldcase.tools.screenshots screenshots

bench: $(STAMP)
	$(BIN)/python -m fieldcase.tools.bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
