# CaseLens: `make run` serves the demo on 127.0.0.1:8000, `make test` runs the whole suite.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.setup-stamp
PYTHON ?= $(shell command -v python3.11 || command -v python3)
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: setup run test lint eval clean-data

setup: $(STAMP)

# Re-runs only when the project's dependency list or its pinned versions change.
$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@# torch first, pinned: this machine's CPU wheel, never a CUDA build pulled in by a range.
	$(PIP) install --quiet --disable-pip-version-check -c constraints.txt "torch==2.13.0"
	$(PIP) install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	@# Browser tests use Debian's chromium (Playwright cannot download its own browser here).
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
	  echo "chromium not installed: browser tests will be skipped"
	@touch $(STAMP)

run: setup
	$(VENV)/bin/caselens db upgrade
	$(VENV)/bin/caselens demo load
	$(VENV)/bin/caselens serve

test: setup
	$(VENV)/bin/ruff check service nlp evaluation tests notebooks
	$(VENV)/bin/pytest

lint: setup
	$(VENV)/bin/ruff check service nlp evaluation tests notebooks

# Every harness in turn (about 15 minutes here); each writes its JSON to evaluation/out/.
eval: setup
	$(PY) -m evaluation.redaction_eval
	$(PY) -m evaluation.risk_eval
	$(PY) -m evaluation.risk_eval --cv
	$(PY) -m evaluation.scoring_eval
	$(PY) -m evaluation.bench_analyze --notes 300
	$(PY) -m evaluation.bench_queries --clients 10000

clean-data:
	rm -rf var
