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

DOCKER_ANSWERS := docker info >/dev/null 2>&1
CONTAINERS_ENV := TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_CONNECTION_MODE=docker_host \
	TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
# testcontainers' reaper image comes from a registry these machines cannot reach; each fixture stops its own.

.PHONY: demo test unit bootstrap stack-up stack-down lint bench help images test-containers

help:
	@echo "make demo   - bring the stack up and run the demo, printing its report"
	@echo "make test   - every test, on the real Kafka + FerretDB stack"
	@echo "make unit   - the tests that need no stack (pure, in-memory fakes, architecture): seconds"
	@echo "make images - the service, Kafka and store images (deploy/docker), for docker-compose.yml"

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

# With a Docker engine the containers tests run too: the compose stack (tests/containers) and the e2e suite again
# on containers (RCM_TEST_STACK=containers). Without one they are left out, and the run says so at the end.
test: stack-up
	@$(UV) run --no-sync ruff check .
	@./deploy/browser/ensure.sh
	@if $(DOCKER_ANSWERS); then \
		$(MAKE) --no-print-directory images && $(CONTAINERS_ENV) $(UV) run --no-sync pytest && \
		$(MAKE) --no-print-directory test-containers; \
	else \
		$(UV) run --no-sync pytest -m "not containers" && \
		echo "NOTE: no Docker engine answers: the containers tests (tests/containers, RCM_TEST_STACK=containers)" \
			"did NOT run. deploy/docker/engine.sh start runs one (.ci/run does)."; \
	fi

images: bootstrap
	@./deploy/docker/build-images.sh

# The e2e suite once more, with Kafka and the store in containers of the project's images.
test-containers: bootstrap
	@RCM_TEST_STACK=containers $(CONTAINERS_ENV) $(UV) run --no-sync pytest tests/e2e -p no:cacheprovider

unit: bootstrap
	@$(UV) run --no-sync pytest -m "not stack and not containers" -q -p no:cacheprovider -n 2  # two workers: the machines here have 2 cores

lint: bootstrap
	@$(UV) run --no-sync ruff check .
	@$(UV) run --no-sync mypy shared services tools
