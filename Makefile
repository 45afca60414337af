# `make help` lists the targets. make and .ci/run call the same bin/ scripts.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed-stamp

.DEFAULT_GOAL := help
.PHONY: help run test test-model lint format typecheck lock system-deps bench docs clean check-strings soak

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): requirements/main.txt requirements/dev.txt pyproject.toml $(wildcard src/tipline/translations/*/LC_MESSAGES/*.po)
	PYTHON=$(PYTHON) bin/install-venv
	@touch $@

run: $(STAMP) ## Set up on first run (data folder, first admin) and serve both interfaces
	bin/run

test: system-deps $(STAMP) test-model ## Install what the tests need and run lint, types and the whole suite
	bin/tests

test-model: ## Fetch the small real translation model the tests use, once (cached outside the repo)
	bin/fetch-test-model

system-deps: ## Install the Debian packages the tests need (when root)
	bin/install-system-deps

lint: $(STAMP) ## ruff check and format check
	bin/lint

typecheck: $(STAMP) ## mypy --strict
	$(VENV)/bin/mypy

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
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
