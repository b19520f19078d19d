"""pytest plugin (entry point `rcm_stack`): real Kafka + Mongo-wire fixtures for every suite, and the PHI guard.

Tests are isolated by unique database names and unique topics or consumer groups, never by a shared state.
"""

from __future__ import annotations

import os
import re
import tempfile
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from rcm_platform.testing.endpoints import StackEndpoints, open_stack
from rcm_platform.testing.phi_guard import find_phi_in_logs, remembered_phi, session_log_dir

_LOG_FOLDER: list[Path] = []


def pytest_configure(config: pytest.Config) -> None:
    from rcm_platform.logging import configure_logging
    from rcm_platform.phi import KEYS_DIR_ENV
    from rcm_platform.testing.auth import trust_dev_key

    trust_dev_key()
    # PHI keys of this session only: services built here and the processes tests start (they inherit the env).
    os.environ.setdefault(KEYS_DIR_ENV, tempfile.mkdtemp(prefix="rcm-phi-keys-"))
    folder = session_log_dir(Path(str(config.rootpath)))
    _LOG_FOLDER.append(folder)
    stream = (folder / "pytest.log").open("a", buffering=1)
    configure_logging("tests", json=True, stream=stream)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that reaches the real stack through any fixture is a `stack` test: `make unit` runs the others."""
    for item in items:
        if "rcm_stack" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.stack)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not _LOG_FOLDER:
        return
    hits = find_phi_in_logs(_LOG_FOLDER[0], remembered_phi())
    if hits:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        lines = ["PHI found in the logs of this test run:", *hits[:50]]
        if reporter is not None:
            reporter.write_line("\n".join(lines), red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# "t_" marks a test's topic or database; the session part keeps two pytest sessions on one stack apart.
_SESSION_PREFIX = f"t_{uuid.uuid4().hex[:4]}_"


@pytest.fixture(scope="session")
def rcm_stack() -> Iterator[StackEndpoints]:
    import asyncio

    from rcm_platform.testing.kafka_reading import delete_test_topics

    with open_stack() as endpoints:
        try:
            yield endpoints
        finally:
            # Every test's topics start with this session's prefix (unique_name): a next run starts from a clean
            # broker, and a pytest session running beside this one on the same stack keeps its topics.
            asyncio.run(delete_test_topics(endpoints.kafka_bootstrap, prefix=_SESSION_PREFIX))
            _drop_test_databases(endpoints.mongo_uri)


def _drop_test_databases(mongo_uri: str) -> None:
    from pymongo import MongoClient

    client: MongoClient[dict[str, object]] = MongoClient(mongo_uri)
    try:
        for name in client.list_database_names():
            if name.startswith(_SESSION_PREFIX):
                client.drop_database(name)
    finally:
        client.close()


@pytest.fixture(scope="session")
def kafka_bootstrap(rcm_stack: StackEndpoints) -> str:
    return rcm_stack.kafka_bootstrap


@pytest.fixture(scope="session")
def mongo_uri(rcm_stack: StackEndpoints) -> str:
    return rcm_stack.mongo_uri


@pytest.fixture(scope="session")
def test_log_dir() -> Path:
    """Where service processes started by tests write their logs (checked for PHI at the end)."""
    return _LOG_FOLDER[0]


@pytest.fixture
def unique_name(request: pytest.FixtureRequest) -> str:
    """A short name unique to this test run, safe as a database, topic or group name."""
    stem = re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:24].strip("_")
    return f"{_SESSION_PREFIX}{stem}_{uuid.uuid4().hex[:8]}"


@pytest_asyncio.fixture
async def mongo_db(mongo_uri: str, unique_name: str) -> AsyncIterator[Any]:
    """A fresh database on the real store, dropped after the test."""
    from pymongo import AsyncMongoClient

    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(mongo_uri)
    database = client[unique_name]
    try:
        yield database
    finally:
        await client.drop_database(unique_name)
        await client.close()


@pytest_asyncio.fixture
async def make_topic(kafka_bootstrap: str, unique_name: str) -> Callable[..., Awaitable[str]]:
    """Create a uniquely named topic on the real broker: `await make_topic("claims", partitions=6)`."""
    from rcm_schemas import Topic

    from rcm_platform.localstack.topics import ensure_topics

    counter = iter(range(1000))

    async def create(purpose: str = "topic", partitions: int = 6) -> str:
        name = f"{unique_name}.{purpose}.{next(counter)}"
        await ensure_topics(kafka_bootstrap, [Topic(name, (), "", partitions, 3_600_000)])
        return name

    return create
