# `make help` lists the targets. make and .ci/run call the same bin/ scripts.
PYTHON ?= python3
VENV := .venv
# Two installs from the same locks: the server alone (make run), everything (make test and the tools).
SERVER_STAMP := $(VENV)/.installed-server
STAMP := $(VENV)/.installed-all
CATALOGUES := $(wildcard src/tipline/translations/*/LC_MESSAGES/*.po)
# Steps log their durations here; bin/tests prints them (install included) at its end, then removes it.
# Each make run sums up its own steps only: a log left by a run before it (an install made alone, whose
# 187 s `make check` once added to its own total) is dropped when make starts.
ifndef TIPLINE_STEP_LOG
export TIPLINE_STEP_LOG := $(CURDIR)/.step-log
$(shell rm -f "$(TIPLINE_STEP_LOG)")
endif

.DEFAULT_GOAL := help
.PHONY: help run test check test-model lint format typecheck lock system-deps bench docs clean check-strings soak desk-install

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(SERVER_STAMP): requirements/server.txt requirements/build.txt pyproject.toml setup.py $(CATALOGUES)
	PYTHON=$(PYTHON) bin/step install bin/install-venv server
	@touch $@

$(STAMP): requirements/server.txt requirements/s3.txt requirements/desk.txt requirements/guide.txt requirements/build.txt requirements/dev.txt pyproject.toml setup.py $(CATALOGUES)
	PYTHON=$(PYTHON) bin/step install bin/install-venv all
	@touch $@ $(SERVER_STAMP)

run: $(SERVER_STAMP) ## Install only the server (no desk NLP, no dev tools), set up on first run, serve
	bin/run

test: system-deps $(STAMP) test-model ## Install everything; lint, types, unit, functional, browser, serial, wheel (timed)
	bin/tests

check: $(STAMP) ## The fast loop (< 90 s): lint, types, unit tests on SQLite in parallel
	bin/check

test-model: ## Fetch the small real translation model the tests use, once (cached outside the repo)
	bin/step install bin/fetch-test-model

system-deps: ## Install the Debian packages the tests need (when root)
	bin/step install bin/install-system-deps

desk-install: ## A journalist's workstation: the desk and its Debian packages (bin/install-desk)
	bin/install-desk

lint: $(STAMP) ## ruff check and format check
	bin/lint

typecheck: $(STAMP) ## mypy --strict
	bin/types

format: $(STAMP) ## Reformat the code with ruff
	$(VENV)/bin/ruff format src tests benchmarks fuzz
	$(VENV)/bin/ruff check --fix src tests benchmarks fuzz

lock: ## Re-pin requirements/*.txt with hashes from requirements/*.in
	bin/lock

check-strings: $(STAMP) ## Update, compile and verify the message catalogues (all translated, none fuzzy)
	bin/check-strings

bench: $(STAMP) ## Run the benchmarks (prints ratios against in-run baselines)
	bin/bench

soak: $(STAMP) ## ≥ 10,000 generated cases on every form and API v1, then each atheris fuzzer 5 min (bin/soak)
	bin/soak

docs: $(STAMP) ## Regenerate docs/cli.md from the commands' own help
	bin/cli-docs

clean: ## Remove the virtualenv and caches (never the data folder)
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache build
