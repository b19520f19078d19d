"""Reading the event topics from their start, without a consumer group (nothing is committed): the rebuild's input.

The end of each partition is taken first; what is published after that, the live subscriber stores.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from pydantic import ValidationError
from rcm_platform.kafka_access import KafkaAccess, kafka_client_options
from rcm_platform.phi import PhiDecryptionError, WireCipher
from rcm_schemas import ContractError, EventMessage

BATCH = 2000
METADATA_TRIES = 20
METADATA_WAIT_S = 0.5


class ReplayUnavailable(RuntimeError):
    pass


class KafkaTopicReplay:
    def __init__(self, bootstrap: str, access: KafkaAccess, topics: Iterable[str], wire: WireCipher) -> None:
        self.options = kafka_client_options(bootstrap, access)
        self.topics = list(topics)
        self.wire = wire

    async def replay(
        self,
        handle: Callable[[list[EventMessage]], Awaitable[None]],
        before_reading: Callable[[], Awaitable[object]],
    ) -> tuple[int, int]:
        consumer = AIOKafkaConsumer(
            **self.options, enable_auto_commit=False, group_id=None, auto_offset_reset="earliest"
        )
        await consumer.start()
        try:
            partitions = await self._partitions(consumer)
            await (
                before_reading()
            )  # only once every topic's partitions are known: nothing is forgotten in vain
            consumer.assign(partitions)
            starts = await consumer.beginning_offsets(partitions)
            ends = await consumer.end_offsets(partitions)
            # Explicit positions: a lazy seek_to_beginning can lose to the assignment's own offset reset, and a
            # partition would then look read to its end before anything was read.
            for tp in partitions:
                consumer.seek(tp, starts[tp])
            remaining = {tp for tp in partitions if ends[tp] > starts[tp]}
            read = undecodable = 0
            while remaining:
                fetched = await consumer.getmany(*remaining, timeout_ms=1000, max_records=BATCH)
                batch: list[EventMessage] = []
                for tp, records in fetched.items():
                    for record in records:
                        if record.offset >= ends[tp]:
                            continue
                        decoded = self._decoded(record.value)
                        if decoded is None:
                            undecodable += 1
                        else:
                            batch.append(decoded)
                    if await consumer.position(tp) >= ends[tp]:
                        remaining.discard(tp)
                read += len(batch)
                await handle(batch)
            return read, undecodable
        finally:
            await consumer.stop()

    async def _partitions(self, consumer: AIOKafkaConsumer) -> list[TopicPartition]:
        """Every topic's partitions, asked of the broker for these topics (a consumer in no group tracks none), a
        few times while a topic's metadata is not in yet; a topic still unknown is an error, not an empty read."""
        await consumer._client.set_topics(self.topics)
        unknown = list(self.topics)
        for _ in range(METADATA_TRIES):
            await consumer._client.force_metadata_update()
            unknown = [topic for topic in self.topics if not consumer.partitions_for_topic(topic)]
            if not unknown:
                return [
                    TopicPartition(topic, partition)
                    for topic in self.topics
                    for partition in sorted(consumer.partitions_for_topic(topic) or [])
                ]
            await asyncio.sleep(METADATA_WAIT_S)
        raise ReplayUnavailable(f"the broker does not know the topics {', '.join(unknown)}")

    def _decoded(self, raw: Any) -> EventMessage | None:
        """A record the live subscriber dead-lettered (undecodable) is left out here too."""
        try:
            return self.wire.decode(raw)
        except (PhiDecryptionError, ContractError, ValidationError):
            return None
