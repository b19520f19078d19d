"""Outages on a real stack of their own: Kafka and FerretDB stopped and started while a kit service serves.

The shared test stack is never touched: this module starts a second local stack on free ports in a temporary
run folder (its own secrets), and stops it at the end.
- Kafka stopped: a command answers 503 with Retry-After within the request deadline (not minutes), readiness
  says which dependency fails, and once Kafka is back the commands accepted before and after are applied once.
- FerretDB stopped: a request that needs the store answers 503 with Retry-After within the deadline.
- An outbox left by a failed publish is sent by the sweeper while the process lives on (no restart).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any

import httpx
import pytest
import pytest_asyncio
from probe_service import ProbeSettings, build_probe, written_off
from rcm_platform.auth import Role
from rcm_platform.kafka_access import tool_access
from rcm_platform.localstack import LocalStack
from rcm_platform.ports import OutgoingRecord, Publisher
from rcm_platform.service import Service
from rcm_platform.testing.auth import as_user, headers_for_tenant
from rcm_platform.testing.kafka_reading import create_registry_topics, read_events
from rcm_platform.testing.private_stack import private_stack
from rcm_platform.testing.waiting import wait_for

pytestmark = pytest.mark.stack

DEADLINE_S = 3.0
SLACK_S = 1.5
"""What a 503 may take past the deadline on a loaded two-core machine."""
TOPICS = {"rcm.denials.commands", "rcm.denials.events", "rcm.dlq.denials", "rcm.remittance.events"}


@pytest.fixture(scope="module")
def stack_of_its_own(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    with private_stack(tmp_path_factory.mktemp("outage-stack")) as stack:
        yield stack


@pytest_asyncio.fixture
async def settings(stack_of_its_own: LocalStack, unique_name: str) -> AsyncIterator[ProbeSettings]:
    bootstrap = stack_of_its_own.config.kafka_bootstrap
    prefix = f"{unique_name}."
    await create_registry_topics(bootstrap, prefix, only=TOPICS)
    yield ProbeSettings(
        kafka_bootstrap=bootstrap,
        mongo_uri=stack_of_its_own.config.mongo_uri,
        mongo_database=unique_name,
        topic_prefix=prefix,
        consumer_group=f"{prefix}denials",
        retry_base_delay_s=0.05,
        request_deadline_s=DEADLINE_S,
        outbox_sweep_interval_s=0.5,
        **tool_access(bootstrap).settings_values(),
    )


def _client(service: Service) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=service.http),
        base_url="http://probe",
        headers=headers_for_tenant("clinic-a"),
        timeout=60,
    )


async def _write_off(client: httpx.AsyncClient, claim_id: str) -> httpx.Response:
    return await client.post(
        f"/claims/{claim_id}/write-offs", json={"work_item_id": "wi-1", "amount": "5.00", "reason": "small"}
    )


async def _timed(request: Any) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    answer = await request
    return answer, time.monotonic() - started


async def _entries(service: Service, claim_id: str) -> int:
    doc = await service.db["write_offs"].find_one({"_id": claim_id})
    return 0 if doc is None else len(doc["state"]["entries"])


async def test_kafka_and_the_store_stopped_answer_503_fast_and_nothing_accepted_is_lost(
    stack_of_its_own: LocalStack, settings: ProbeSettings
) -> None:
    service = build_probe(settings)
    await service.start()
    try:
        async with _client(service) as client:
            assert (await _write_off(client, "clm-before")).status_code == 202

            await asyncio.to_thread(stack_of_its_own.stop_kafka)
            answer, took = await _timed(_write_off(client, "clm-during"))
            assert answer.status_code == 503 and answer.headers["Retry-After"].isdigit()
            assert took < DEADLINE_S + SLACK_S, f"503 after {took:.1f} s"
            ready = await client.get("/health/ready")
            assert ready.status_code == 503 and ready.json()["checks"]["kafka"] == "failing"

            await asyncio.to_thread(stack_of_its_own.up)

            async def accepted_after() -> bool:
                return (await _write_off(client, "clm-after")).status_code == 202

            await wait_for(accepted_after, timeout_s=90)

            async def both_applied() -> bool:
                return (
                    await _entries(service, "clm-before") == 1 and await _entries(service, "clm-after") >= 1
                )

            await wait_for(both_applied, timeout_s=90)

            await asyncio.to_thread(stack_of_its_own.stop_store)
            try:
                answer, took = await _timed(client.get("/audit", headers=as_user(Role.auditor, "clinic-a")))
                assert answer.status_code == 503 and answer.headers["Retry-After"].isdigit()
                assert took < DEADLINE_S + SLACK_S, f"503 after {took:.1f} s"
            finally:
                await asyncio.to_thread(stack_of_its_own.up)
            assert (await client.get("/health/ready")).status_code == 200
    finally:
        await service.stop()
    dead = await read_events(
        settings.kafka_bootstrap, settings.topic("rcm.dlq.denials"), at_least=0, timeout_s=3
    )
    assert dead == []


class _FailingFirstSends:
    """The real publisher, except that its first `failures` sends raise (the broker dropped the connection)."""

    def __init__(self, real: Publisher, failures: int) -> None:
        self.real, self.failures = real, failures

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    async def send(self, record: OutgoingRecord) -> None:
        if self.failures > 0:
            self.failures -= 1
            raise ConnectionError("broker connection lost")
        await self.real.send(record)

    async def send_many(self, records: Sequence[OutgoingRecord]) -> None:
        if self.failures > 0:
            self.failures -= 1
            raise ConnectionError("broker connection lost")
        await self.real.send_many(records)


async def test_an_outbox_left_by_a_failed_publish_is_sent_by_the_sweeper_without_a_restart(
    settings: ProbeSettings,
) -> None:
    service = Service(settings)
    service.publisher = _FailingFirstSends(service.publisher, failures=1)  # type: ignore[assignment]
    store = service.store("created_by_http")
    await service.start()
    try:
        with pytest.raises(ConnectionError):
            await store.create(
                "clm-swept", tenant_id="clinic-a", state={}, events=[written_off("clm-swept")], marker="m-1"
            )
        events = await read_events(
            settings.kafka_bootstrap, settings.topic("rcm.denials.events"), at_least=1, timeout_s=30
        )
    finally:
        await service.stop()
    assert [e.payload.claim_id for e in events] == ["clm-swept"]  # type: ignore[attr-defined]


async def test_a_service_started_while_kafka_is_down_waits_for_it_and_then_serves(
    stack_of_its_own: LocalStack, settings: ProbeSettings
) -> None:
    await asyncio.to_thread(stack_of_its_own.stop_kafka)
    service = build_probe(settings)
    starting = asyncio.create_task(service.start())
    try:
        await asyncio.sleep(4)
        assert not starting.done(), "the service gave up (or started) while Kafka was down"
        await asyncio.to_thread(stack_of_its_own.up)
        await asyncio.wait_for(starting, timeout=120)
        async with _client(service) as client:
            assert (await _write_off(client, "clm-late-start")).status_code == 202

            async def applied() -> bool:
                return await _entries(service, "clm-late-start") == 1

            await wait_for(applied, timeout_s=90)
    finally:
        await asyncio.to_thread(stack_of_its_own.up)
        if not starting.done():
            starting.cancel()
        await service.stop()


async def test_a_start_gives_up_after_its_wait_when_the_store_stays_away(
    stack_of_its_own: LocalStack, settings: ProbeSettings
) -> None:
    await asyncio.to_thread(stack_of_its_own.stop_store)
    try:
        service = build_probe(settings.model_copy(update={"startup_wait_s": 2.0}))
        started = time.monotonic()
        with pytest.raises(Exception) as raised:
            await service.start()
        assert time.monotonic() - started < 60
        assert "Connection" in type(raised.value).__name__ or "Timeout" in type(raised.value).__name__
    finally:
        await asyncio.to_thread(stack_of_its_own.up)
