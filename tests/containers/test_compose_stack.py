"""The top-level docker-compose.yml end to end: claims scaled to 3, 200 encounters, every one settled.

The stack runs under a project name and host ports of its own, so a developer's own `docker compose up` is
never touched, and is torn down with its volumes whatever happens. Needs the images (`make images`) and a
Docker engine; `make test` runs it whenever one answers and says so when none does (.ci/run starts one).
"""

from __future__ import annotations

import asyncio
import os
import uuid
from datetime import date

import httpx
import pytest
from rcm_analytics.domain.kpis import compute
from rcm_platform.localstack.processes import free_port
from rcmctl.compose_commands import compose_stack
from rcmctl.compose_stack import ComposeStack, wait_until_healthy
from rcmctl.workload.run import run_workload, settled_encounters, unsettled_by_last_event

pytestmark = [pytest.mark.containers, pytest.mark.timeout(900)]

ENCOUNTERS = int(os.environ.get("RCM_COMPOSE_ENCOUNTERS", "200"))
CLAIMS_REPLICAS = 3


def records_handled(service_url: str) -> float:
    """Records this one replica's consumer took (its own /metrics: each replica counts only its own)."""
    metrics = httpx.get(f"{service_url}/metrics", timeout=10).text
    for line in metrics.splitlines():
        if line.startswith("rcm_consumer_batch_records_sum "):
            return float(line.split()[1])
    raise AssertionError(f"{service_url}/metrics has no rcm_consumer_batch_records_sum")


@pytest.fixture
def stack(monkeypatch: pytest.MonkeyPatch) -> ComposeStack:
    monkeypatch.setenv("COMPOSE_PROJECT_NAME", f"rcm_test_{uuid.uuid4().hex[:6]}")
    monkeypatch.setenv("KAFKA_HOST_PORT", str(free_port()))
    monkeypatch.setenv("STORE_HOST_PORT", str(free_port()))
    # The compose broker is PLAINTEXT: this process's Kafka clients must not offer it the local stack's SCRAM.
    monkeypatch.setenv("RCM_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")
    return compose_stack()


async def test_compose_stack_settles_every_encounter_with_claims_scaled_to_three(stack: ComposeStack) -> None:
    await asyncio.to_thread(stack.run, "up", "-d", "--scale", f"claims={CLAIMS_REPLICAS}")
    try:
        await asyncio.to_thread(wait_until_healthy, stack, 240)
        urls = await asyncio.to_thread(stack.service_urls)
        result = await run_workload(
            urls,
            stack.kafka_bootstrap(),
            encounters=ENCOUNTERS,
            seed=4242,
            today=date.today(),
            settle_timeout_s=600,
        )
        claims_replicas = await asyncio.to_thread(stack.replica_urls, "claims")
        handled = [records_handled(url) for url in claims_replicas]
    finally:
        await asyncio.to_thread(stack.run, "down", "--volumes", "--timeout", "20")
    assert result.tracker is not None
    settled = len(settled_encounters(result.tracker))
    unsettled = dict(unsettled_by_last_event(result.tracker))
    assert result.settled and settled == ENCOUNTERS, (
        f"{settled} of {ENCOUNTERS} settled; stopped at {unsettled}"
    )
    kpis = compute(result.tracker.events, as_of=date.today())
    assert kpis.posting_reconciles, "posting does not reconcile per claim"
    assert kpis.remittance_totals_reconcile, "835 totals differ from what was posted"
    assert len(handled) == CLAIMS_REPLICAS, f"claims replicas running: {claims_replicas}"
    assert all(count > 0 for count in handled), f"records handled per claims replica: {handled}"
