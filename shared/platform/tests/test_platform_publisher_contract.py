"""One contract, two publishers: the Kafka publisher on the real broker and the recording twin.

What a consumer on the other side sees must be the same: the registry's topic under the prefix, the aggregate's
key, the envelope in the headers, the body decodable, per-key order kept, raw sends (dead letters) byte for byte.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import pytest
import pytest_asyncio
from probe_service import written_off
from rcm_platform.metrics import ServiceMetrics
from rcm_platform.ports import Publisher
from rcm_platform.publisher import EventPublisher, make_broker
from rcm_platform.testing.kafka_reading import create_registry_topics, read_records
from rcm_platform.testing.memory import RecordingPublisher
from rcm_schemas import decode, new_message


@dataclass(frozen=True)
class Seen:
    topic: str
    key: bytes | None
    value: bytes
    headers: dict[str, str]


@dataclass
class PublisherUnderTest:
    publisher: Publisher
    prefix: str
    seen_on: Callable[[str, int], Awaitable[list[Seen]]]


@pytest.fixture(params=[pytest.param("kafka", marks=pytest.mark.stack), "recording"])
def bootstrap(request: pytest.FixtureRequest) -> str | None:
    """The real broker for the Kafka variant (the stack starts only for it), None for the recording one."""
    return request.getfixturevalue("kafka_bootstrap") if request.param == "kafka" else None


@pytest_asyncio.fixture
async def under_test(bootstrap: str | None, unique_name: str) -> AsyncIterator[PublisherUnderTest]:
    if bootstrap is None:
        recording = RecordingPublisher("p.")

        async def recorded(topic: str, at_least: int) -> list[Seen]:
            return [Seen(r.topic, r.key, r.value, r.headers) for r in recording.sent if r.topic == topic]

        yield PublisherUnderTest(recording, "p.", recorded)
        return
    prefix = unique_name + "."
    await create_registry_topics(bootstrap, prefix, only={"rcm.denials.events", "rcm.dlq.denials"})
    broker = make_broker(bootstrap, client_id="contract")
    await broker.connect()
    metrics = ServiceMetrics(f"contract_{prefix.strip('.')}")

    async def on_kafka(topic: str, at_least: int) -> list[Seen]:
        records = await read_records(bootstrap, topic, at_least=at_least, timeout_s=20)
        return [
            Seen(
                r.topic,  # type: ignore[attr-defined]
                r.key,  # type: ignore[attr-defined]
                r.value,  # type: ignore[attr-defined]
                {k: v.decode() for k, v in r.headers},  # type: ignore[attr-defined]
            )
            for r in records
        ]

    try:
        yield PublisherUnderTest(EventPublisher(broker, metrics, prefix), prefix, on_kafka)
    finally:
        await broker.stop()


async def test_events_go_to_the_registry_topic_keyed_by_aggregate_in_order(
    under_test: PublisherUnderTest,
) -> None:
    messages = [
        new_message(written_off("clm-1", f"{n}.00"), producer="denials", tenant_id="clinic-a")
        for n in range(1, 4)
    ]
    for message in messages:
        await under_test.publisher.publish(message)
    topic = under_test.prefix + "rcm.denials.events"
    seen = await under_test.seen_on(topic, 3)
    assert [decode(s.value) for s in seen] == messages
    assert {s.key for s in seen} == {b"clm-1"}
    assert seen[0].headers["event_type"] == "DenialWrittenOff"
    assert seen[0].headers["event_id"] == str(messages[0].envelope.event_id)
    assert seen[0].headers["tenant_id"] == "clinic-a"


async def test_a_record_from_the_outbox_is_sent_as_the_message_would_be(
    under_test: PublisherUnderTest,
) -> None:
    message = new_message(written_off("clm-2", "9.99"), producer="denials", tenant_id="clinic-a")
    record = under_test.publisher.record_for(message)
    assert record.topic == under_test.prefix + "rcm.denials.events"
    assert (record.key, record.event_id) == ("clm-2", str(message.envelope.event_id))
    await under_test.publisher.send(record)
    (seen,) = await under_test.seen_on(record.topic, 1)
    assert decode(seen.value) == message
    assert seen.key == b"clm-2"


async def test_raw_bytes_are_sent_unchanged(under_test: PublisherUnderTest) -> None:
    topic = under_test.prefix + "rcm.dlq.denials"
    await under_test.publisher.send_raw(topic, b"\x00not json", key=b"k", headers={"reason_kind": "contract"})
    (seen,) = await under_test.seen_on(topic, 1)
    assert (seen.value, seen.key, seen.headers["reason_kind"]) == (b"\x00not json", b"k", "contract")
