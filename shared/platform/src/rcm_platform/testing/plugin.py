"""pytest plugin (entry point `rcm_stack`): real Kafka + Mongo-wire fixtures for every suite.

Tests are isolated by unique database names and unique topics or consumer groups, never by a shared state.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

import pytest
import pytest_asyncio

from rcm_platform.testing.endpoints import StackEndpoints, open_stack


@pytest.fixture(scope="session")
def rcm_stack() -> Iterator[StackEndpoints]:
    with open_stack() as endpoints:
        yield endpoints


@pytest.fixture(scope="session")
def kafka_bootstrap(rcm_stack: StackEndpoints) -> str:
    return rcm_stack.kafka_bootstrap


@pytest.fixture(scope="session")
def mongo_uri(rcm_stack: StackEndpoints) -> str:
    return rcm_stack.mongo_uri


@pytest.fixture
def unique_name(request: pytest.FixtureRequest) -> str:
    """A short name unique to this test run, safe as a database, topic or group name."""
    stem = re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:24].strip("_")
    return f"t_{stem}_{uuid.uuid4().hex[:8]}"


@pytest_asyncio.fixture
async def mongo_db(mongo_uri: str, unique_name: str) -> AsyncIterator[object]:
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
    from rcm_platform.localstack.topics import ensure_topics

    counter = iter(range(1000))

    class _Spec:
        def __init__(self, name: str, partitions: int) -> None:
            self.name, self.partitions, self.retention_ms = name, partitions, 3_600_000

    async def create(purpose: str = "topic", partitions: int = 6) -> str:
        name = f"{unique_name}.{purpose}.{next(counter)}"
        await ensure_topics(kafka_bootstrap, [_Spec(name, partitions)])
        return name

    return create
