# Two set-up commands on a fresh machine: `make demo` and `make test`. Both bootstrap what they need:
# uv (from PyPI, pinned), the Python environment, the Kafka jars (Maven Central), the FerretDB binary (Go proxy).
# Downloads and builds are cached under the user's cache folder, keyed by version, so a fresh clone reuses them.

UV_VERSION := 0.13.9
RCM_CACHE := $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/rcm
UV_HOME := $(RCM_CACHE)/uv-$(UV_VERSION)
UV := $(UV_HOME)/bin/uv
PYTHON ?= python3
export UV_PYTHON_DOWNLOADS := never
RCM := $(UV) run --no-sync rcm

.PHONY: demo test unit bootstrap stack-up stack-down lint bench help

help:
	@echo "make demo   - bring the stack up and run the demo, printing its report"
	@echo "make test   - every test, on the real Kafka + FerretDB stack"
	@echo "make unit   - the tests that need no stack (pure, in-memory fakes, architecture): seconds"

$(UV):
	@echo "Installing uv $(UV_VERSION) into $(UV_HOME) (once)..."
	@$(PYTHON) -m venv $(UV_HOME)
	@$(UV_HOME)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

bootstrap: $(UV)
	@$(UV) sync --all-packages --locked --quiet

stack-up: bootstrap
	@$(RCM) stack up

stack-down:
	@if [ -x $(UV) ] && [ -d .venv ]; then $(RCM) stack down; fi

demo: stack-up
	@$(RCM) demo

test: stack-up
	@$(UV) run --no-sync ruff check .
	@$(UV) run --no-sync pytest

unit: bootstrap
	@$(UV) run --no-sync pytest -m "not stack" -q -p no:cacheprovider -n 2  # two workers: the machines here have 2 cores

lint: bootstrap
	@$(UV) run --no-sync ruff check .
	@$(UV) run --no-sync mypy shared services tools
