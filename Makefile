# Two commands for a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: run test bench lint clean

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -e .
	@touch $@

# The test install is a superset of the run install: one resolve and one editable build serve both.
$(VENV)/.installed-test: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -e '.[test]'
	@touch $(VENV)/.installed $@

## Start the simulator, the loaders and the dashboards on the embedded defaults; prints the URL.
run: $(VENV)/.installed
	@exec $(PY) -m dashboards.launch

## Install what the tests need (including Debian chromium for the browser tests) and run them all.
test: $(VENV)/.installed-test
	$(PY) -m ruff check .
	$(PY) -m pytest -q

## Seed-scale benchmark: prints a table and writes bench/results.json (not a test).
bench: $(VENV)/.installed-test
	$(PY) -m bench.run

lint: $(VENV)/.installed-test
	$(PY) -m ruff check .

clean:
	rm -rf data test-artifacts .pytest_cache
