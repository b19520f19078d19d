"""Chaos: the whole pipeline under a workload while Kafka, the store and every service fail once.

On a stack of its own (free loopback ports, its own folder: the shared test stack is never touched), the six
services run as processes and a bench-style workload (RCM_CHAOS_ENCOUNTERS, default 1000 as `rcm bench -n 1000`;
the payers' days pass from the start, so every service is busy throughout) goes through them. Meanwhile, at
seeded random moments (RCM_CHAOS_SEED, printed): Kafka is restarted once, FerretDB once, and each service is
SIGKILLed once and started again. The workload's people retry as a careful client does (503 or no connection:
same Idempotency-Key).

Afterwards: every encounter is settled; posting reconciles per claim and the 835 totals equal what was posted
(to the cent); no cause produced the same effect twice under two event ids; every DLQ is empty. The summary is
printed and written to the test log folder (docs/reliability.md keeps a run's).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rcm_analytics.domain.event_log import EventLog
from rcm_analytics.domain.kpis import compute
from rcm_platform.localstack import LocalStack
from rcm_platform.testing.kafka_reading import create_registry_topics, read_records
from rcm_platform.testing.private_stack import private_stack
from rcm_schemas import CONSUMING_SERVICES
from rcmctl.processes import ServiceFleet, isolated_env
from rcmctl.stack_commands import provision_topics
from rcmctl.workload.run import run_workload, settled_encounters, unsettled_by_last_event

pytestmark = pytest.mark.stack

ENCOUNTERS = int(os.environ.get("RCM_CHAOS_ENCOUNTERS", "1000"))
SEED = int(os.environ.get("RCM_CHAOS_SEED", str(random.SystemRandom().randrange(1_000_000))))
EXPECTED_RATE = 4.0
"""Encounters per second the pipeline settles here with faults (two cores): spreads the faults over the run."""


@dataclass
class Fault:
    at_s: float
    kind: str
    target: str
    took_s: float = 0.0


@dataclass
class ChaosLog:
    faults: list[Fault] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)


def plan_faults(rng: random.Random, horizon_s: float) -> list[Fault]:
    targets = [
        ("restart", "kafka"),
        ("restart", "store"),
        *(("sigkill", name) for name in CONSUMING_SERVICES),
    ]
    moments = sorted(rng.uniform(8.0, horizon_s) for _ in targets)
    rng.shuffle(targets)
    return [Fault(at, kind, target) for at, (kind, target) in zip(moments, targets, strict=True)]


def inject(fault: Fault, stack: LocalStack, fleet: ServiceFleet) -> None:
    started = time.monotonic()
    if fault.target == "kafka":
        stack.stop_kafka()
        stack.up()
    elif fault.target == "store":
        stack.stop_store()
        stack.up()
    else:
        fleet.kill(fault.target)
        fleet.restart(fault.target)
    fault.took_s = time.monotonic() - started


async def run_faults(faults: list[Fault], stack: LocalStack, fleet: ServiceFleet, log: ChaosLog) -> None:
    for fault in faults:
        await asyncio.sleep(max(0.0, log.started + fault.at_s - time.monotonic()))
        await asyncio.to_thread(inject, fault, stack, fleet)
        log.faults.append(fault)


def effects_twice(messages: list[Any]) -> list[str]:
    """A cause whose handling produced the same event (type and content) under two event ids."""
    seen: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for message in messages:
        envelope = message.envelope
        if envelope.causation_id is None:
            continue
        content = json.dumps(message.payload.model_dump(mode="json"), sort_keys=True)
        seen[(envelope.event_type, str(envelope.causation_id), content)].add(str(envelope.event_id))
    return [f"{event_type} caused by {cause}" for (event_type, cause, _), ids in seen.items() if len(ids) > 1]


def delivered_once(messages: list[Any]) -> tuple[EventLog, int]:
    """The run's events as a consumer sees them: a message published again after a crash (same event id) once."""
    once = EventLog()
    seen: set[str] = set()
    for message in messages:
        event_id = str(message.envelope.event_id)
        if event_id not in seen:
            seen.add(event_id)
            once.by_type[message.envelope.event_type].append(message)
    return once, len(messages) - len(seen)


async def dead_letters(bootstrap: str, prefix: str) -> dict[str, int]:
    counts = {}
    for name in CONSUMING_SERVICES:
        counts[name] = len(await read_records(bootstrap, f"{prefix}rcm.dlq.{name}", timeout_s=2))
    return counts


def summary_of(log: ChaosLog, settled: int, duplicates: list[str], dlq: dict[str, int], kpis: Any) -> str:
    lines = [
        f"chaos run: seed {SEED}, {ENCOUNTERS} encounters",
        "faults injected (seconds into the run, recovery time):",
        *(f"  {f.at_s:6.1f} s  {f.kind:8s} {f.target:14s} back in {f.took_s:5.1f} s" for f in log.faults),
        f"encounters settled: {settled} of {ENCOUNTERS}; lost: {ENCOUNTERS - settled}",
        f"same effect twice: {len(duplicates)}",
        f"dead letters: {sum(dlq.values())} ({', '.join(f'{k} {v}' for k, v in dlq.items())})",
        f"posting reconciles per claim: {kpis.posting_reconciles}; "
        f"835 totals = posted paid - PLB: {kpis.remittance_totals_reconcile}",
        f"paid {kpis.paid}, billed {kpis.billed}, 835 total {kpis.remitted_835_total}",
    ]
    return "\n".join(lines)


@pytest.mark.timeout(1800)
async def test_every_encounter_settles_once_through_restarts_and_kills(
    tmp_path: Path, test_log_dir: Path, unique_name: str
) -> None:
    rng = random.Random(SEED)
    print(f"chaos seed {SEED} (RCM_CHAOS_SEED={SEED} repeats the plan)")
    stack_context = private_stack(tmp_path)
    stack = await asyncio.to_thread(stack_context.__enter__)  # starting it waits with its own event loop
    try:
        bootstrap = stack.config.kafka_bootstrap
        await asyncio.to_thread(provision_topics, bootstrap)
        prefix = f"{unique_name}."
        await create_registry_topics(bootstrap, prefix, partitions=6)
        env = {
            **isolated_env(bootstrap, stack.config.service_mongo_uris(), unique_name),
            "RCM_CLEARINGHOUSE_SCENARIO_SEED": str(SEED),
        }
        fleet = ServiceFleet(log_dir=test_log_dir / f"chaos-{SEED}", env=env)
        await asyncio.to_thread(fleet.start)
        try:
            urls = {proc.name: proc.url for proc in fleet.processes}
            log = ChaosLog()
            faults = plan_faults(rng, horizon_s=max(30.0, 0.8 * ENCOUNTERS / EXPECTED_RATE))
            chaos = asyncio.create_task(run_faults(faults, stack, fleet, log))
            result = await run_workload(
                urls,
                bootstrap,
                encounters=ENCOUNTERS,
                seed=SEED,
                today=date.today(),
                topic_prefix=prefix,
                settle_timeout_s=900,
                payer_clock_from_start=True,
            )
            await chaos  # every fault was injected (the run may settle before the last one)
            assert result.tracker is not None
            events = result.tracker.events
            everything = [m for messages in events.by_type.values() for m in messages]
            duplicates = effects_twice(everything)
            dlq = await dead_letters(bootstrap, prefix)
            once, redelivered = delivered_once(everything)
            kpis = compute(once, as_of=date.today())
            summary = summary_of(log, len(settled_encounters(result.tracker)), duplicates, dlq, kpis)
            summary += f"\nmessages on the topics more than once (same event id, dropped by consumers): {redelivered}"
            # Where a lost encounter stopped, and what the workload's people could not do, name the cause.
            summary += f"\nunsettled, by their last event: {dict(unsettled_by_last_event(result.tracker))}"
            if (
                result.back_office is not None
            ):  # the payer clock's misses while a service is down are expected
                failed = [
                    text for text in result.back_office.failures if not text.startswith("clock advance")
                ]
                summary += "".join(f"\nworkload failure: {text}" for text in failed[:10])
        finally:
            await asyncio.to_thread(fleet.stop)
    finally:
        await asyncio.to_thread(stack_context.__exit__, None, None, None)
    print(summary)
    (test_log_dir / f"chaos-summary-{SEED}.txt").write_text(summary + "\n")
    assert len(log.faults) == len(CONSUMING_SERVICES) + 2
    assert result.settled, summary
    assert duplicates == [], summary
    assert sum(dlq.values()) == 0, summary
    assert kpis.posting_reconciles and kpis.remittance_totals_reconcile, summary
