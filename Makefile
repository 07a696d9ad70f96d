PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[cli,record,llm]"
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

demo: $(VENV)/.installed-run
	$(BIN)/omniarena demo

test: $(VENV)/.installed-dev
	$(BIN)/ruff check omniarena tests benchmarks
	$(BIN)/ruff format --check omniarena tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 -q

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix omniarena tests benchmarks
	$(BIN)/ruff format omniarena tests benchmarks

bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/memory.py

clean:
	rm -rf $(VENV) runs .pytest_cache
