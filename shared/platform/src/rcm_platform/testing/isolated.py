"""One service in a test world of its own: topics under a unique prefix, its own database and consumer group.

Integration tests run every service in-process against the real stack; these helpers give each test settings
that cannot see another test's messages or documents, and start/stop the service around the test.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from pymongo import AsyncMongoClient

from rcm_platform.kafka_access import tool_access
from rcm_platform.kafka_acls import consumer_group
from rcm_platform.service import Service
from rcm_platform.settings import ServiceSettings
from rcm_platform.testing.kafka_reading import create_registry_topics

Settings = TypeVar("Settings", bound=ServiceSettings)


async def isolated_settings(
    settings_type: type[Settings],
    *,
    kafka_bootstrap: str,
    mongo_uri: str,
    name: str,
    topics: Iterable[str],
    **overrides: Any,
) -> Settings:
    """Settings on topics `<name>.<topic>` (created now, from the registry), database `name`, group of its own."""
    prefix = f"{name}."
    await create_registry_topics(kafka_bootstrap, prefix, only=set(topics))
    service_name = settings_type.model_fields["service_name"].default
    values: dict[str, Any] = {
        "kafka_bootstrap": kafka_bootstrap,
        "mongo_uri": mongo_uri,
        "mongo_database": name,
        "topic_prefix": prefix,
        "consumer_group": consumer_group(service_name, prefix),
        "retry_base_delay_s": 0.05,  # a test's transient failures retry at once
        # In-process test services connect as the stack's admin; service processes use their own principals.
        **tool_access(kafka_bootstrap).settings_values(),
        **overrides,
    }
    return settings_type(**values)


@asynccontextmanager
async def started(service: Service, *, drop_database: bool = True) -> AsyncIterator[Service]:
    """The service started for the block; stopped after it, its database dropped unless asked not to."""
    await service.start()
    try:
        yield service
    finally:
        await service.stop()  # first: a consumer still writing would bring the database back
        if drop_database:
            client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(service.settings.mongo_uri)
            try:
                await client.drop_database(service.settings.database_name)
            finally:
                await client.close()
