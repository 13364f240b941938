# The two front-door commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VIGIE := .venv/bin/vigie
DEMO_PERSONS ?= 20000

.PHONY: run test setup lint typecheck demo-data serve clean bench

$(UV):
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "uv==$(UV_VERSION)"

## setup: create .venv from the lock file (runtime and dev dependencies), bytecode compiled
## ahead: every `vigie` process (a national registry load runs two) then imports its ~1.7 CPU-s of
## modules in ~0.6, even where PYTHONDONTWRITEBYTECODE stops Python writing the caches itself
setup: $(UV)
	UV_PYTHON_DOWNLOADS=never $(UV) sync --frozen --python python3 --compile-bytecode
	.venv/bin/python -m compileall -q -j 0 src > /dev/null

## run: install, migrate, generate and load a demo registry, serve on 127.0.0.1:8000
run: setup
	$(VIGIE) demo --persons $(DEMO_PERSONS)
	$(VIGIE) serve --host 127.0.0.1 --port 8000

## test: install everything the suite needs (PostgreSQL, Chromium), run gates and tests on both databases
test: setup
	bash scripts/test.sh

lint: setup
	.venv/bin/ruff format --check src tests bench scripts
	.venv/bin/ruff check src tests bench scripts

typecheck: setup
	.venv/bin/mypy src

bench: setup
	.venv/bin/python -m bench

clean:
	rm -rf .venv $(TOOLS) .pytest_cache .mypy_cache .ruff_cache
