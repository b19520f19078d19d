"""The broker holds each service principal to the registry's ACLs (real local stack, SASL/SCRAM + StandardAuthorizer).

Each test works in a world of its own (the registry's topics under a unique prefix, with the same ACLs as the demo's
and bench's worlds) and connects as a service principal of the local stack.
"""

from __future__ import annotations

import dataclasses

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.errors import (
    GroupAuthorizationFailedError,
    KafkaConnectionError,
    TopicAuthorizationFailedError,
)
from rcm_platform.kafka_access import KafkaAccess, kafka_client_options, tool_access
from rcm_platform.testing.kafka_reading import create_registry_topics, read_records


def _principal(kafka_bootstrap: str, name: str) -> KafkaAccess:
    access = tool_access(kafka_bootstrap, principal=name)
    assert access.username == name, "the local stack has no SCRAM principal for the service"
    return access


async def _producer(kafka_bootstrap: str, access: KafkaAccess) -> AIOKafkaProducer:
    producer = AIOKafkaProducer(
        **kafka_client_options(kafka_bootstrap, access),
        acks="all",
        enable_idempotence=True,
        request_timeout_ms=10000,
    )
    await producer.start()
    return producer


async def test_the_claims_principal_writes_its_own_topic_and_the_broker_refuses_registrations(
    kafka_bootstrap: str, unique_name: str
) -> None:
    world = f"{unique_name}."
    await create_registry_topics(kafka_bootstrap, world)
    producer = await _producer(kafka_bootstrap, _principal(kafka_bootstrap, "claims"))
    try:
        await producer.send_and_wait(f"{world}rcm.claims.events", b"own output", key=b"c-1")
        with pytest.raises(TopicAuthorizationFailedError):
            await producer.send_and_wait(f"{world}rcm.registration.events", b"forged", key=b"e-1")
    finally:
        await producer.stop()
    assert [
        r.value for r in await read_records(kafka_bootstrap, f"{world}rcm.claims.events", at_least=1)
    ] == [  # type: ignore[attr-defined]
        b"own output"
    ]
    assert await read_records(kafka_bootstrap, f"{world}rcm.registration.events", timeout_s=1) == []


async def _consume_once(kafka_bootstrap: str, access: KafkaAccess, topic: str, group: str) -> None:
    """Join `group` on `topic` the way a service's subscriber does, and fetch once."""
    consumer = AIOKafkaConsumer(
        topic, **kafka_client_options(kafka_bootstrap, access), group_id=group, auto_offset_reset="earliest"
    )
    try:
        await consumer.start()
        await consumer.getmany(timeout_ms=1000)
    finally:
        await consumer.stop()


async def test_a_service_principal_reads_only_the_topics_it_consumes_in_its_own_group(
    kafka_bootstrap: str, unique_name: str
) -> None:
    world = f"{unique_name}."
    await create_registry_topics(kafka_bootstrap, world)
    coding = _principal(kafka_bootstrap, "coding")

    await _consume_once(kafka_bootstrap, coding, f"{world}rcm.registration.events", f"{world}rcm.coding")
    with pytest.raises(TopicAuthorizationFailedError):
        await _consume_once(kafka_bootstrap, coding, f"{world}rcm.remittance.events", f"{world}rcm.coding")
    with pytest.raises(GroupAuthorizationFailedError):
        await _consume_once(kafka_bootstrap, coding, f"{world}rcm.registration.events", f"{world}rcm.claims")


async def test_a_wrong_password_is_refused(kafka_bootstrap: str) -> None:
    right = _principal(kafka_bootstrap, "claims")
    wrong = dataclasses.replace(right, password=right.password + "x")
    with pytest.raises(KafkaConnectionError):
        await _producer(kafka_bootstrap, wrong)
    producer = await _producer(kafka_bootstrap, right)  # the same principal with its password gets in
    await producer.stop()
