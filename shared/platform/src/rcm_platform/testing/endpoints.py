"""Where tests find Kafka and a Mongo-wire store: the local stack, testcontainers, or external endpoints.

RCM_TEST_STACK=local (default) starts the real local stack once (left running if it already was),
`containers` starts the project's broker and store images with testcontainers (RCM_KAFKA_IMAGE, RCM_STORE_IMAGE;
`make images` builds them), `external` takes RCM_KAFKA_BOOTSTRAP and RCM_MONGO_URI as given.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rcm_platform.localstack.topics import TopicSpec

DEFAULT_KAFKA_IMAGE = "rcm-kafka:dev"
DEFAULT_STORE_IMAGE = "rcm-store:dev"
CONTAINER_READY_S = 90.0


STORE_DATA_IN_IMAGE = "/var/lib/ferretdb"
KAFKA_DATA_IN_IMAGE = "/var/lib/kafka/data"


@dataclass(frozen=True)
class StackEndpoints:
    kafka_bootstrap: str
    mongo_uri: str
    mode: str
    containers: tuple[str, str] = ("", "")
    """containers mode: the store's and the broker's container ids (their data is read by copying it out)."""

    def data_dirs(self, scratch: Path) -> tuple[Path, Path]:
        """The store's and the broker's data folders as files on this machine: the local stack's own folders,
        or a copy out of the containers into `scratch` (modes kept), taken now."""
        if self.mode == "local":
            from rcm_platform.localstack import StackConfig

            config = StackConfig.from_env()
            return config.ferretdb_run_dir / "data", config.kafka_run_dir / "data"
        if self.mode == "containers":
            import subprocess

            store, kafka = scratch / "store", scratch / "kafka"
            for container, inside, outside in (
                (self.containers[0], STORE_DATA_IN_IMAGE, store),
                (self.containers[1], KAFKA_DATA_IN_IMAGE, kafka),
            ):
                subprocess.run(["docker", "cp", f"{container}:{inside}", str(outside)], check=True)
            return store, kafka
        raise ValueError(f"RCM_TEST_STACK={self.mode}: the stack's data folders are not on this machine")


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
    """The broker and store images of deploy/docker as generic containers (testcontainers' Kafka and MongoDB
    modules expect Confluent images and a mongod log line FerretDB never prints)."""
    from testcontainers.core.container import DockerContainer

    from rcm_platform.localstack.processes import free_port

    # The containers' broker is a bare PLAINTEXT one: tools must not offer it the local stack's SCRAM principals.
    os.environ.setdefault("RCM_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")
    # The broker advertises the address clients reach it by: the same port inside the container and on the host.
    kafka_port = free_port()
    kafka = (
        DockerContainer(os.environ.get("RCM_KAFKA_IMAGE", DEFAULT_KAFKA_IMAGE))
        .with_env("KAFKA_EXTERNAL_PORT", str(kafka_port))
        .with_env("KAFKA_EXTERNAL_HOST", "127.0.0.1")
        .with_bind_ports(kafka_port, kafka_port)
    )
    store = DockerContainer(os.environ.get("RCM_STORE_IMAGE", DEFAULT_STORE_IMAGE)).with_exposed_ports(27017)
    with kafka, store:
        endpoints = StackEndpoints(
            f"127.0.0.1:{kafka_port}",
            f"mongodb://127.0.0.1:{store.get_exposed_port(27017)}/?directConnection=true",
            "containers",
            containers=(store.get_wrapped_container().id, kafka.get_wrapped_container().id),
        )
        _wait_for_containers(endpoints)
        yield endpoints


def _wait_for_containers(endpoints: StackEndpoints) -> None:
    """Both answer a real request (a broker's port opens before its controller is ready), then the topics."""
    import asyncio
    import time

    from pymongo import MongoClient

    from rcm_platform.localstack.topics import ensure_topics

    deadline = time.monotonic() + CONTAINER_READY_S
    while True:
        try:
            client: MongoClient[dict[str, object]] = MongoClient(
                endpoints.mongo_uri, serverSelectionTimeoutMS=2000
            )
            try:
                client.admin.command("ping")
            finally:
                client.close()
            asyncio.run(ensure_topics(endpoints.kafka_bootstrap, _registry_topics()))
            return
        except Exception as error:  # still starting (refused, timed out, not a leader yet): retry in bounds
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"the containers stack did not answer: {type(error).__name__}: {error}"
                ) from None
            time.sleep(1)


def _external_stack() -> StackEndpoints:
    try:
        return StackEndpoints(os.environ["RCM_KAFKA_BOOTSTRAP"], os.environ["RCM_MONGO_URI"], "external")
    except KeyError as missing:
        raise ValueError(f"RCM_TEST_STACK=external needs {missing.args[0]}") from None
