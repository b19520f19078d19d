"""The kit's guarantees, each shown on the real Kafka and FerretDB with the probe service."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from probe_service import ProbeSettings, build_probe
from pymongo import AsyncMongoClient
from rcm_platform.testing.auth import headers_for_tenant
from rcm_platform.testing.kafka_reading import read_events, read_records
from rcm_platform.testing.waiting import wait_for
from rcm_schemas import encode, new_message
from rcm_schemas.events.denials import WriteOffDenial
from rcm_schemas.events.remittance import ClaimDenied
from rcm_schemas.samples import sample_events

pytestmark = pytest.mark.stack


def write_off(claim_id: str, work_item_id: str, amount: str = "25.00") -> bytes:
    command = WriteOffDenial(
        claim_id=claim_id,
        work_item_id=work_item_id,
        amount=Decimal(amount),
        reason="past timely filing",
        requested_by="biller-1",
    )
    return encode(new_message(command, producer="tests", tenant_id="clinic-a"))


async def send(settings: ProbeSettings, service: Any, value: bytes, key: str) -> None:
    await service.publisher.send_raw(
        settings.topic("rcm.denials.commands"), value, key=key.encode(), headers={}
    )


async def state_of(service: Any, claim_id: str) -> dict[str, Any] | None:
    return await service.store("write_offs").load(claim_id)


async def test_the_same_event_twice_changes_state_once_and_publishes_once(
    probe_settings: ProbeSettings,
) -> None:
    service = build_probe(probe_settings)
    await service.start()
    try:
        message = write_off("clm-dup", "wi-dup")
        await send(probe_settings, service, message, "clm-dup")
        await send(probe_settings, service, message, "clm-dup")
        await send(probe_settings, service, write_off("clm-dup", "wi-after"), "clm-dup")  # marks the end

        async def both_seen() -> bool:
            state = await state_of(service, "clm-dup")
            return state is not None and len(state["entries"]) >= 2

        await wait_for(both_seen)
    finally:
        await service.stop()
    checker = build_probe(probe_settings)  # the service's client is closed: read through a fresh one
    state = await checker.store("write_offs").load("clm-dup")
    assert state is not None and [e["work_item_id"] for e in state["entries"]] == ["wi-dup", "wi-after"]
    events = await read_events(
        probe_settings.kafka_bootstrap, probe_settings.topic("rcm.denials.events"), at_least=2
    )
    assert sorted(e.payload.denial_id for e in events) == ["wi-after", "wi-dup"]  # type: ignore[attr-defined]
    await checker.mongo.close()


async def test_transient_failures_are_retried_with_backoff_and_processed_once(
    probe_settings: ProbeSettings,
) -> None:
    service = build_probe(probe_settings, transient_failures={"wi-flaky": 2})
    await service.start()
    try:
        started = time.monotonic()
        await send(probe_settings, service, write_off("clm-flaky", "wi-flaky"), "clm-flaky")

        async def applied() -> bool:
            return await state_of(service, "clm-flaky") is not None

        await wait_for(applied)
        elapsed = time.monotonic() - started
        state = await state_of(service, "clm-flaky")
        failures = service.metrics.failed.labels(
            probe_settings.topic("rcm.denials.commands"), "TransientError"
        )._value.get()
    finally:
        await service.stop()
    assert state is not None and len(state["entries"]) == 1
    assert failures == 2
    assert elapsed >= 0.05 + 0.10, "two backoffs (0.05 s, then 0.10 s) come before the success"


async def test_malformed_and_invalid_events_go_to_the_dlq_and_the_partition_keeps_flowing(
    probe_settings: ProbeSettings,
) -> None:
    service = build_probe(probe_settings)
    await service.db["approval_limits"].insert_one({"_id": "write_off", "cents": 10_000})
    await service.start()
    try:
        await send(probe_settings, service, b"{this is not json", "clm-dlq")
        invalid = write_off("clm-dlq", "wi-invalid").replace(b'"reason":"past timely filing",', b"")
        await send(probe_settings, service, invalid, "clm-dlq")
        too_large = write_off("clm-dlq", "wi-large", amount="500.00")
        await send(probe_settings, service, too_large, "clm-dlq")
        await send(probe_settings, service, write_off("clm-dlq", "wi-valid"), "clm-dlq")

        async def valid_applied() -> bool:
            state = await state_of(service, "clm-dlq")
            return state is not None and len(state["entries"]) == 1

        await wait_for(valid_applied)
        letters = await read_records(
            probe_settings.kafka_bootstrap, probe_settings.topic("rcm.dlq.denials"), at_least=3
        )
        headers = [{k: v.decode() for k, v in r.headers} for r in letters]  # type: ignore[attr-defined]
        kinds = sorted(h["dlq.reason_kind"] for h in headers)
        assert kinds == ["contract", "permanent", "schema"]
        schema_letter = next(h for h in headers if h["dlq.reason_kind"] == "schema")
        assert "reason" in schema_letter["dlq.reason"] and "Field required" in schema_letter["dlq.reason"]
        assert all(h["dlq.original_topic"] == probe_settings.topic("rcm.denials.commands") for h in headers)
        permanent = next(h for h in headers if h["dlq.reason_kind"] == "permanent")

        # The cause is fixed (the approval limit raised); `rcm dlq replay` re-delivers the dead letter.
        await service.db["approval_limits"].update_one({"_id": "write_off"}, {"$set": {"cents": 100_000}})
        replay = subprocess.run(
            [
                sys.executable,
                "-m",
                "rcmctl.cli",
                "dlq",
                "replay",
                "--service",
                "denials",
                "--id",
                permanent["dlq.event_id"],
                "--bootstrap",
                probe_settings.kafka_bootstrap,
                "--topic-prefix",
                probe_settings.topic_prefix,
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "COLUMNS": "200"},
        )
        assert replay.returncode == 0, replay.stdout + replay.stderr
        assert "Replayed 1" in replay.stdout

        async def replayed_applied() -> bool:
            state = await state_of(service, "clm-dlq")
            return state is not None and len(state["entries"]) == 2

        await wait_for(replayed_applied)
        state = await state_of(service, "clm-dlq")
    finally:
        await service.stop()
    assert [e["work_item_id"] for e in state["entries"]] == ["wi-valid", "wi-large"]  # type: ignore[index]


async def test_racing_http_commands_on_one_aggregate_are_all_applied_in_order(
    probe_settings: ProbeSettings,
) -> None:
    service = build_probe(probe_settings)
    await service.start()
    try:
        transport = httpx.ASGITransport(app=service.http)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://probe", headers=headers_for_tenant("clinic-a")
        ) as client:
            responses = await asyncio.gather(
                *(
                    client.post(
                        "/claims/clm-race/write-offs",
                        json={"work_item_id": f"wi-{i}", "amount": "1.00", "reason": "small balance"},
                    )
                    for i in range(10)
                )
            )
        assert all(r.status_code == 202 and r.json()["command_id"] for r in responses)

        async def all_applied() -> bool:
            state = await state_of(service, "clm-race")
            return state is not None and len(state["entries"]) == 10

        await wait_for(all_applied)
        state = await state_of(service, "clm-race")
    finally:
        await service.stop()
    commands = await read_events(
        probe_settings.kafka_bootstrap, probe_settings.topic("rcm.denials.commands"), at_least=10
    )
    partition_order = [c.payload.work_item_id for c in commands]  # type: ignore[attr-defined]
    assert [e["work_item_id"] for e in state["entries"]] == partition_order  # type: ignore[index]
    assert sorted(partition_order) == sorted(f"wi-{i}" for i in range(10))


def _start_probe(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    script = Path(__file__).parent / "probe_service.py"
    handle = log.open("ab")
    return subprocess.Popen(
        [sys.executable, str(script)], env={**os.environ, **env}, stdout=handle, stderr=subprocess.STDOUT
    )


async def test_a_process_killed_between_write_and_publish_publishes_after_restart(
    probe_settings: ProbeSettings, probe_env: dict[str, str], tmp_path: Path
) -> None:
    events_topic = probe_settings.topic("rcm.denials.events")
    crashing = _start_probe({**probe_env, "RCM_PROBE_CRASH_AFTER_WRITES": "1"}, tmp_path / "probe.log")
    sender = build_probe(probe_settings)
    await sender.broker.connect()
    await send(probe_settings, sender, write_off("clm-crash", "wi-crash"), "clm-crash")
    returncode = await asyncio.to_thread(crashing.wait, 90)
    assert returncode == -9, (tmp_path / "probe.log").read_text()

    raw = await sender.db["write_offs"].find_one({"_id": "clm-crash"})
    assert raw is not None and len(raw["_outbox"]) == 1, "the state was written with its outbox"
    assert await read_records(probe_settings.kafka_bootstrap, events_topic, timeout_s=1) == []

    restarted = _start_probe(probe_env, tmp_path / "probe.log")
    try:
        events = await read_events(probe_settings.kafka_bootstrap, events_topic, at_least=1, timeout_s=60)
    finally:
        restarted.terminate()
        await asyncio.to_thread(restarted.wait, 30)
    assert len({e.envelope.event_id for e in events}) == 1
    raw = await sender.db["write_offs"].find_one({"_id": "clm-crash"})
    assert raw is not None and raw["_outbox"] == [] and len(raw["state"]["entries"]) == 1
    await sender.broker.stop()
    await sender.mongo.close()


def denied(claim_id: str) -> bytes:
    sample = next(e for e in sample_events() if isinstance(e, ClaimDenied))
    return encode(
        new_message(sample.model_copy(update={"claim_id": claim_id}), producer="tests", tenant_id="clinic-a")
    )


def batch_sizes(service: Any) -> tuple[float, float]:
    """(batches taken, records in them) from the consumer's histogram."""
    count = service.metrics.registry.get_sample_value("rcm_consumer_batch_records_count") or 0.0
    total = service.metrics.registry.get_sample_value("rcm_consumer_batch_records_sum") or 0.0
    return count, total


async def test_a_poison_message_inside_a_batch_goes_to_the_dlq_alone_and_the_batch_is_published(
    probe_settings: ProbeSettings,
) -> None:
    """Five records on one partition, waiting before the consumer starts, are taken as one batch: the two bad
    ones are dead-lettered, the three good ones applied, and their events published once the batch ends."""
    service = build_probe(probe_settings)
    await service.broker.connect()
    for value in (
        write_off("clm-a", "wi-1"),
        b"{this is not json",
        write_off("clm-b", "wi-2"),
        write_off("clm-a", "wi-bad").replace(b'"reason":"past timely filing",', b""),
        write_off("clm-a", "wi-3"),
    ):
        await send(probe_settings, service, value, "one-partition")
    await service.start()
    try:

        async def applied() -> bool:
            a, b = await state_of(service, "clm-a"), await state_of(service, "clm-b")
            return a is not None and b is not None and len(a["entries"]) == 2 and len(b["entries"]) == 1

        await wait_for(applied)
        events = await read_events(
            probe_settings.kafka_bootstrap, probe_settings.topic("rcm.denials.events"), at_least=3
        )
        letters = await read_records(
            probe_settings.kafka_bootstrap, probe_settings.topic("rcm.dlq.denials"), at_least=2
        )
        assert batch_sizes(service) == (1.0, 5.0), "the five records were taken as one batch"
        raw = await service.db["write_offs"].find_one({"_id": "clm-a"})
    finally:
        await service.stop()
    assert sorted(e.payload.denial_id for e in events) == ["wi-1", "wi-2", "wi-3"]  # type: ignore[attr-defined]
    kinds = sorted(dict(r.headers)["dlq.reason_kind"].decode() for r in letters)  # type: ignore[attr-defined]
    assert kinds == ["contract", "schema"]
    assert raw is not None and raw["_outbox"] == [], "the published outbox was cleared"


async def test_one_aggregate_fed_from_two_topics_in_one_batch_keeps_each_topics_order(
    probe_settings: ProbeSettings,
) -> None:
    service = build_probe(probe_settings)
    await service.broker.connect()
    await send(probe_settings, service, write_off("clm-mix", "wi-1"), "clm-mix")
    await service.publisher.send_raw(
        probe_settings.topic("rcm.remittance.events"), denied("clm-mix"), key=b"clm-mix", headers={}
    )
    await send(probe_settings, service, write_off("clm-mix", "wi-2"), "clm-mix")
    await service.start()
    try:

        async def all_three() -> bool:
            state = await state_of(service, "clm-mix")
            return state is not None and len(state["entries"]) == 3

        await wait_for(all_three)
        raw = await service.db["write_offs"].find_one({"_id": "clm-mix"})
        events = await read_events(
            probe_settings.kafka_bootstrap, probe_settings.topic("rcm.denials.events"), at_least=2
        )
    finally:
        await service.stop()
    assert raw is not None
    items = [entry["work_item_id"] for entry in raw["state"]["entries"]]
    write_offs = [item for item in items if item.startswith("wi-")]
    assert write_offs == ["wi-1", "wi-2"], "a topic's records keep their order on the aggregate"
    assert len([item for item in items if item.startswith("denied:")]) == 1
    assert len(raw["_processed"]) == 3 and raw["_outbox"] == []
    assert sorted(e.payload.denial_id for e in events) == ["wi-1", "wi-2"]  # type: ignore[attr-defined]


async def test_a_process_killed_in_the_middle_of_a_batch_gives_each_event_one_effect(
    probe_settings: ProbeSettings, probe_env: dict[str, str], tmp_path: Path
) -> None:
    """Six commands for three claims wait on one partition; the probe takes them as one batch and is killed
    right after its fourth write. Nothing of the batch was published (the outboxes wait for its end) and no
    offset was committed: the restarted probe applies the two commands left, finds the four others already
    processed, and publishes all six outboxes."""
    events_topic = probe_settings.topic("rcm.denials.events")
    sender = build_probe(probe_settings)
    await sender.broker.connect()
    commands = [(f"clm-k{i % 3}", f"wi-k{i}") for i in range(6)]
    for claim_id, work_item_id in commands:
        await send(probe_settings, sender, write_off(claim_id, work_item_id), "one-partition")
    crashing = _start_probe({**probe_env, "RCM_PROBE_CRASH_AFTER_WRITES": "4"}, tmp_path / "probe.log")
    returncode = await asyncio.to_thread(crashing.wait, 90)
    assert returncode == -9, (tmp_path / "probe.log").read_text()

    written = [doc async for doc in sender.db["write_offs"].find({})]
    assert sum(len(doc["state"]["entries"]) for doc in written) == 4
    assert await read_records(probe_settings.kafka_bootstrap, events_topic, timeout_s=1) == []

    restarted = _start_probe(probe_env, tmp_path / "probe.log")
    try:
        events = await read_events(probe_settings.kafka_bootstrap, events_topic, at_least=6, timeout_s=60)
    finally:
        restarted.terminate()
        await asyncio.to_thread(restarted.wait, 30)
    assert sorted({e.payload.denial_id for e in events}) == sorted(w for _, w in commands)  # type: ignore[attr-defined]
    for claim_id in {c for c, _ in commands}:
        raw = await sender.db["write_offs"].find_one({"_id": claim_id})
        assert raw is not None and raw["_outbox"] == []
        expected = [w for c, w in commands if c == claim_id]
        assert [e["work_item_id"] for e in raw["state"]["entries"]] == expected, "each command applied once"
    await sender.broker.stop()
    await sender.mongo.close()


async def test_a_batch_reads_each_aggregate_once(
    probe_settings: ProbeSettings,
) -> None:
    """Five commands on one claim in one batch: the duplicate check, the handler and the write of each share one
    read of the document (store commands counted by the service's own monitor), and every entry is applied."""
    service = build_probe(probe_settings)
    await service.broker.connect()
    for index in range(5):
        await send(probe_settings, service, write_off("clm-once", f"wi-{index}"), "clm-once")
    watcher: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(probe_settings.mongo_uri)  # not counted
    await service.start()
    try:

        async def all_five() -> bool:
            doc = await watcher[probe_settings.database_name]["write_offs"].find_one({"_id": "clm-once"})
            return doc is not None and len(doc["state"]["entries"]) == 5 and doc["_outbox"] == []

        await wait_for(all_five)
        assert batch_sizes(service) == (1.0, 5.0)
        registry = service.metrics.registry
        finds = registry.get_sample_value(
            "rcm_store_command_seconds_count",
            {"command": "find", "collection": "write_offs", "lookup": "by_id"},
        )
        doc = await watcher[probe_settings.database_name]["write_offs"].find_one({"_id": "clm-once"})
    finally:
        await service.stop()
        await watcher.close()
    assert finds == 1.0, "one read of the aggregate for the whole batch"
    assert doc is not None
    assert [e["work_item_id"] for e in doc["state"]["entries"]] == [f"wi-{i}" for i in range(5)]
    assert len(doc["_processed"]) == 5
