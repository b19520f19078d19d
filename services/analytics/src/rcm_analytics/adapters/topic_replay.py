"""Reading the event topics from their start, without a consumer group (nothing is committed): the rebuild's input.

The end of each partition is taken first; what is published after that, the live subscriber stores.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from pydantic import ValidationError
from rcm_platform.kafka_access import KafkaAccess, kafka_client_options
from rcm_platform.phi import PhiDecryptionError, WireCipher
from rcm_schemas import ContractError, EventMessage

BATCH = 2000


class KafkaTopicReplay:
    def __init__(self, bootstrap: str, access: KafkaAccess, topics: Iterable[str], wire: WireCipher) -> None:
        self.options = kafka_client_options(bootstrap, access)
        self.topics = list(topics)
        self.wire = wire

    async def replay(self, handle: Callable[[list[EventMessage]], Awaitable[None]]) -> tuple[int, int]:
        consumer = AIOKafkaConsumer(**self.options, enable_auto_commit=False, group_id=None)
        await consumer.start()
        try:
            partitions = await self._partitions(consumer)
            if not partitions:
                return 0, 0
            consumer.assign(partitions)
            ends = await consumer.end_offsets(partitions)
            await consumer.seek_to_beginning(*partitions)
            remaining = {tp for tp in partitions if ends[tp] > await consumer.position(tp)}
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
        await consumer._client.force_metadata_update()  # the topics' partitions, before any assignment
        return [
            TopicPartition(topic, partition)
            for topic in self.topics
            for partition in sorted(consumer.partitions_for_topic(topic) or [])
        ]

    def _decoded(self, raw: Any) -> EventMessage | None:
        """A record the live subscriber dead-lettered (undecodable) is left out here too."""
        try:
            return self.wire.decode(raw)
        except (PhiDecryptionError, ContractError, ValidationError):
            return None
