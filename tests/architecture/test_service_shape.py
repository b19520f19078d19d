"""The one service shape, checked on the source: layers, subscriptions by class, one HTTP edge, one list.

These read files and build apps without connecting anything, so they run in `make unit`.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from rcm_schemas import CONSUMING_SERVICES

ROOT = Path(__file__).resolve().parents[2]
SERVICES_DIR = ROOT / "services"
SERVICE_FOLDERS = sorted(p for p in SERVICES_DIR.iterdir() if (p / "pyproject.toml").exists())

# What the pure layers may not reach: I/O libraries, the service's own adapters and the kit's moving parts.
# rcm_platform.ports (the Protocols) and rcm_platform.errors are allowed: they are the contract, not I/O.
FORBIDDEN_IN_PURE_LAYERS = (
    "pymongo",
    "motor",
    "faststream",
    "aiokafka",
    "fastapi",
    "starlette",
    "httpx",
    "uvicorn",
    "rcm_platform.aggregates",
    "rcm_platform.publisher",
    "rcm_platform.service",
    "rcm_platform.consumer",
    "rcm_platform.documents",
    "rcm_platform.testing",
)
KIT_NAMES_FORBIDDEN = {"AggregateStore", "EventPublisher", "Service", "EventConsumer"}
TOPIC_LITERAL = re.compile(r"^rcm\.(?:dlq\.)?[a-z_]+(?:\.(?:events|commands|remittances))?$")


def _shown(path: Path) -> str:
    """A path as the failure shows it: relative to the repository when it is in it (a generated one may not be)."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _package(folder: Path) -> Path:
    (package,) = (folder / "src").iterdir()
    return package


def _modules(root: Path) -> Iterator[Path]:
    yield from sorted(root.rglob("*.py"))


def _imports(path: Path) -> Iterator[tuple[str, list[str]]]:
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, [alias.name for alias in node.names]


def _string_constants(path: Path) -> Iterator[tuple[int, str]]:
    """String literals that are not docstrings (a docstring may name a topic or a header to explain it)."""
    tree = ast.parse(path.read_text(), str(path))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            docstrings.add(id(node.value))  # attribute docstrings
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


@pytest.mark.parametrize("folder", SERVICE_FOLDERS, ids=lambda p: p.name)
def test_every_service_has_ports_and_pure_layers_import_no_io(folder: Path) -> None:
    package = _package(folder)
    assert (package / "service" / "ports.py").is_file(), f"{folder.name} has no service/ports.py"
    own_adapters = f"{package.name}.adapters"
    offences = []
    for layer in ("domain", "service"):
        for path in _modules(package / layer):
            for module, names in _imports(path):
                bad = module == own_adapters or module.startswith(own_adapters + ".")
                bad = bad or any(module == f or module.startswith(f + ".") for f in FORBIDDEN_IN_PURE_LAYERS)
                bad = bad or (module == "rcm_platform" and bool(KIT_NAMES_FORBIDDEN & set(names)))
                if bad:
                    offences.append(f"{_shown(path)} imports {module} {names or ''}".strip())
    assert not offences, "\n".join(offences)


@pytest.mark.parametrize("folder", SERVICE_FOLDERS, ids=lambda p: p.name)
def test_no_topic_name_is_written_in_service_code(folder: Path) -> None:
    found = [
        f"{_shown(path)}:{line}: {text!r}"
        for path in _modules(folder / "src")
        for line, text in _string_constants(path)
        if TOPIC_LITERAL.match(text)
    ]
    assert not found, "subscribe with consumer.on(EventClass); the registry names the topic:\n" + "\n".join(
        found
    )


KIT_HTTP_EDGE = {
    ROOT / "shared/platform/src/rcm_platform/http.py",
    ROOT / "shared/platform/src/rcm_platform/auth/access.py",  # the tenant header is read where tokens are
}


def _source_files_outside_the_kit() -> Iterator[Path]:
    """Production code of every package except the kit's HTTP edge, which is where these live."""
    for top in ("services", "tools", "shared"):
        for path in _modules(ROOT / top):
            if "/src/" in str(path) and path not in KIT_HTTP_EDGE:
                yield path


@pytest.mark.parametrize(
    "literal",
    ["X-Tenant-Id", "Idempotency-Key"],
)
def test_the_http_edge_headers_are_declared_once_in_the_kit(literal: str) -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in _source_files_outside_the_kit()
        for line, text in _string_constants(path)
        if text.lower() == literal.lower()
    ]
    assert not found, f"use rcm_platform.http instead of declaring {literal} again:\n" + "\n".join(found)


def test_422_bodies_are_built_only_by_the_kit() -> None:
    """One 422 shape: routes raise rcm_platform.http.unprocessable(...), never build the body by hand."""
    pattern = re.compile(
        r"HTTPException\(\s*(?:status_code\s*=\s*)?422|status_code\s*=\s*422|RequestValidationError\("
    )
    found = [
        f"{path.relative_to(ROOT)}"
        for path in _source_files_outside_the_kit()
        if pattern.search(path.read_text())
    ]
    assert not found, "\n".join(found)


def _build(name: str) -> object:
    app_module = importlib.import_module(f"rcm_{name}.app")
    return app_module.build_app(app_module.default_settings())


@pytest.mark.parametrize("name", CONSUMING_SERVICES)
def test_every_route_documents_its_response(name: str) -> None:
    service = _build(name)
    openapi = service.http.openapi()  # type: ignore[attr-defined]
    missing = []
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            for status, response in operation.get("responses", {}).items():
                if not status.startswith("2") or status == "204":
                    continue
                content = response.get("content", {})
                json_schema = content.get("application/json", {}).get("schema")
                other_media = [media for media in content if media != "application/json"]
                if json_schema is None and other_media:
                    continue  # text/plain, application/pdf, application/edi-x12: documented by media type
                if not json_schema or not _names_a_model(json_schema):
                    missing.append(f"{method.upper()} {path} {status}")
    assert not missing, "routes without a response model:\n" + "\n".join(missing)


def _names_a_model(schema: dict[str, object]) -> bool:
    """A $ref to a component, or a list/union of them: not a bare dict or an empty schema."""
    text = repr(schema)
    return "$ref" in text


def test_every_build_app_has_the_one_signature() -> None:
    expected = ["settings", "stores", "publisher", "clock"]
    for name in CONSUMING_SERVICES:
        build_app = importlib.import_module(f"rcm_{name}.app").build_app
        parameters = inspect.signature(build_app).parameters
        assert list(parameters) == expected, f"rcm_{name}.app.build_app{inspect.signature(build_app)}"
        assert all(p.kind is p.KEYWORD_ONLY for p in list(parameters.values())[1:]), name


def test_the_services_are_one_list() -> None:
    """The registry's CONSUMING_SERVICES is the list: every folder is on it and every entry has a folder."""
    folders = {folder.name for folder in SERVICE_FOLDERS}
    assert folders == set(CONSUMING_SERVICES)
    names = set(CONSUMING_SERVICES)
    repeated = []
    for top in ("tools", "shared", "services", "tests"):
        for path in _modules(ROOT / top):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.Tuple | ast.List | ast.Set):
                    listed = {e.value for e in node.elts if isinstance(e, ast.Constant)} & names
                    if len(listed) >= 3 and path != ROOT / "shared/schemas/src/rcm_schemas/topics.py":
                        repeated.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not repeated, "derive the services from rcm_schemas.CONSUMING_SERVICES:\n" + "\n".join(repeated)


@pytest.mark.parametrize("name", CONSUMING_SERVICES)
def test_the_registry_names_exactly_the_topics_each_service_subscribes_to(name: str) -> None:
    """Kafka's ACLs are derived from Topic.consumers: a subscription missing there would be refused by the broker."""
    from rcm_schemas import all_topics

    service = _build(name)
    subscribed = set(service.consumer.topics)  # type: ignore[attr-defined]
    declared = {topic.name for topic in all_topics() if name in topic.consumers}
    assert subscribed == declared, (
        f"{name}: subscribes {sorted(subscribed)}, registry says {sorted(declared)}"
    )
