# An Sinh: `make run` starts it with demo data on SQLite; `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint typecheck setup clean-venv

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	bash scripts/ensure-pdf-libs.sh
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

setup: $(STAMP)
	ANSINH_DEMO=$${ANSINH_DEMO:-1} $(BIN)/ansinh setup

run: setup
	ANSINH_DEMO=$${ANSINH_DEMO:-1} $(BIN)/ansinh serve

test: $(STAMP)
	bash scripts/test.sh

bench: $(STAMP)
	$(BIN)/python -m bench

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy ansinh config

clean-venv:
	rm -rf $(VENV)
