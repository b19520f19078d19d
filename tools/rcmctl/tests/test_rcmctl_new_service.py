"""`rcm new-service`: the generated service is in the one shape, passes its own tests, and runs on the stack.

It is generated into a temporary root (with a copy of the topic registry), so the repository is not touched.
"""

from __future__ import annotations

import importlib
import importlib.util
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
import rcm_schemas.topics
from rcm_platform.localstack.config import find_repo_root
from rcmctl.new_service.generator import REGISTRY, NewServiceError, generate, register

REPO = find_repo_root()
NAME = "statements"


@pytest.fixture
def generated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """services/statements generated under tmp_path and importable; registered in a copy of the registry."""
    registry = tmp_path / REGISTRY
    registry.parent.mkdir(parents=True)
    registry.write_text((REPO / REGISTRY).read_text())
    generate(tmp_path, NAME)
    assert register(tmp_path, NAME)
    assert f'    "{NAME}",\n)' in registry.read_text()
    # What the registration does for the running registry: the new service gets its DLQ.
    monkeypatch.setattr(
        rcm_schemas.topics, "CONSUMING_SERVICES", (*rcm_schemas.topics.CONSUMING_SERVICES, NAME)
    )
    folder = tmp_path / "services" / NAME
    monkeypatch.syspath_prepend(str(folder / "src"))
    yield folder
    for module in [m for m in sys.modules if m == f"rcm_{NAME}" or m.startswith(f"rcm_{NAME}.")]:
        del sys.modules[module]


def _module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generated_service_is_in_the_one_shape_and_lint_clean(generated: Path) -> None:
    shape = _module(REPO / "tests" / "architecture" / "test_service_shape.py", "service_shape_checks")
    shape.test_every_service_has_ports_and_pure_layers_import_no_io(generated)
    shape.test_no_topic_name_is_written_in_service_code(generated)
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--config", str(REPO / "pyproject.toml"), str(generated)],
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 0, lint.stdout
    app = importlib.import_module(f"rcm_{NAME}.app")
    service = app.build_app(app.default_settings())
    assert service.name == NAME
    assert service.consumer.topics == ["rcm.remittance.events"]
    assert service.consumer.dlq_topic_name == f"rcm.dlq.{NAME}"
    openapi = service.http.openapi()
    route = openapi["paths"]["/patient-balances/{claim_id}"]["get"]["responses"]["200"]
    assert "$ref" in str(route["content"]["application/json"]["schema"])


async def test_the_generated_unit_tests_pass(generated: Path) -> None:
    """Run in this process (a second interpreter costs seconds of `make unit`): every generated test, in order."""
    unit = _module(generated / "tests" / "unit" / f"test_{NAME}_use_cases.py", f"{NAME}_use_case_checks")
    tests = [getattr(unit, name) for name in dir(unit) if name.startswith("test_")]
    assert len(tests) == 4
    for test in tests:
        await test()


@pytest.mark.stack
async def test_the_generated_service_runs_on_the_stack(
    generated: Path, kafka_bootstrap: str, mongo_uri: str, unique_name: str
) -> None:
    stack_test = _module(
        generated / "tests" / "integration" / f"test_{NAME}_integration.py", f"{NAME}_integration_checks"
    )
    await stack_test.test_it_starts_answers_ready_and_consumes_from_kafka(
        kafka_bootstrap, mongo_uri, unique_name
    )


def test_a_bad_or_taken_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NewServiceError, match="lowercase"):
        generate(tmp_path, "Statements")
    generate(tmp_path, NAME)
    with pytest.raises(NewServiceError, match="already exists"):
        generate(tmp_path, NAME)
