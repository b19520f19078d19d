"""Where tests find Kafka and a Mongo-wire store: the local stack, testcontainers, or external endpoints.

RCM_TEST_STACK=local (default) starts the real local stack once (left running if it already was),
`containers` starts official Kafka and MongoDB images with testcontainers (RCM_KAFKA_IMAGE, RCM_MONGO_IMAGE),
`external` takes RCM_KAFKA_BOOTSTRAP and RCM_MONGO_URI as given.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rcm_platform.localstack.topics import TopicSpec

DEFAULT_KAFKA_IMAGE = "apache/kafka:4.1.1"
DEFAULT_MONGO_IMAGE = "mongo:8.0"


@dataclass(frozen=True)
class StackEndpoints:
    kafka_bootstrap: str
    mongo_uri: str
    mode: str


@contextmanager
def open_stack(mode: str | None = None) -> Iterator[StackEndpoints]:
    chosen = (mode or os.environ.get("RCM_TEST_STACK", "local")).strip().lower()
    if chosen == "local":
        with _local_stack() as endpoints:
            yield endpoints
    elif chosen == "containers":
        with _containers_stack() as endpoints:
            yield endpoints
    elif chosen == "external":
        yield _external_stack()
    else:
        raise ValueError(f"RCM_TEST_STACK={chosen!r}: choose local, containers or external")


@contextmanager
def _local_stack() -> Iterator[StackEndpoints]:
    import asyncio

    from rcm_platform.kafka_acls import grant_registry_acls
    from rcm_platform.localstack import LocalStack, StackConfig
    from rcm_platform.localstack.topics import ensure_topics

    stack = LocalStack(StackConfig.from_env(), report=lambda line: print(line, flush=True))
    started = stack.up()

    async def provision() -> None:
        await ensure_topics(stack.config.kafka_bootstrap, _registry_topics())
        await grant_registry_acls(stack.config.kafka_bootstrap)

    asyncio.run(provision())
    try:
        yield StackEndpoints(stack.config.kafka_bootstrap, stack.config.mongo_uri, "local")
    finally:
        # Leave a stack that was already running to its owner; stop only the one started here.
        if started and not os.environ.get("RCM_KEEP_STACK"):
            stack.down()


def _registry_topics() -> list[TopicSpec]:
    try:
        from rcm_schemas.topics import all_topics
    except ImportError:  # the registry is optional for the platform's own smoke tests
        return []
    return list(all_topics())


@contextmanager
def _containers_stack() -> Iterator[StackEndpoints]:
    from testcontainers.kafka import KafkaContainer
    from testcontainers.mongodb import MongoDbContainer

    # The containers' broker is a bare PLAINTEXT one: tools must not offer it the local stack's SCRAM principals.
    os.environ.setdefault("RCM_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")
    kafka_image = os.environ.get("RCM_KAFKA_IMAGE", DEFAULT_KAFKA_IMAGE)
    mongo_image = os.environ.get("RCM_MONGO_IMAGE", DEFAULT_MONGO_IMAGE)
    with KafkaContainer(kafka_image).with_kraft() as kafka, MongoDbContainer(mongo_image) as mongo:
        yield StackEndpoints(kafka.get_bootstrap_server(), mongo.get_connection_url(), "containers")


def _external_stack() -> StackEndpoints:
    try:
        return StackEndpoints(os.environ["RCM_KAFKA_BOOTSTRAP"], os.environ["RCM_MONGO_URI"], "external")
    except KeyError as missing:
        raise ValueError(f"RCM_TEST_STACK=external needs {missing.args[0]}") from None
