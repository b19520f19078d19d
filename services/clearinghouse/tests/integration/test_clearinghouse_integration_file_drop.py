"""File-drop mode on the real stack: 837s go out as files, the remote's 999/277CA/835 files come back as events."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from clearinghouse_claims import SUBMITTED_ON, TENANT, build_claim, claim_submitted
from clearinghouse_running import acks, handled, remittances, running, submit
from rcm_clearinghouse.domain.simulated_clock import SimulatedClock
from rcm_clearinghouse.service.inbound_files import acknowledgment_event_id
from rcm_clearinghouse.service.payer_simulation import PayerSimulator
from rcm_platform.testing.waiting import wait_for

pytestmark = pytest.mark.stack


async def test_answers_dropped_by_the_remote_clearinghouse_become_events_once(
    settings_for: Callable[..., Any], tmp_path: Path
) -> None:
    settings = await settings_for(gateway="file_drop", file_drop_folder=tmp_path, file_drop_poll_seconds=0.2)
    outbound, inbound = tmp_path / "outbound", tmp_path / "inbound"
    async with running(settings) as service:
        await submit(service, claim_submitted(build_claim("CLM-FD-OK"), 301))
        await submit(service, claim_submitted(build_claim("CLM-FD-NOPAYER", "ZZPAYER9"), 302))
        await handled(service, "CLM-FD-OK", "CLM-FD-NOPAYER")

        async def both_sent() -> bool:
            return len(list(outbound.glob("*.837"))) == 2

        await wait_for(both_sent)
        assert await acks(settings, at_least=0) == []  # nothing is acknowledged before the remote answers

        # Play the remote clearinghouse: answer each outbound file into inbound/, then pay.
        remote = PayerSimulator(settings.scenario(), SimulatedClock(SUBMITTED_ON))
        for number, sent in enumerate(sorted(outbound.glob("*.837"))):
            answer = remote.submit(sent.read_text())
            assert answer.x12_277ca is not None
            (inbound / f"ack-{number}.999").write_text(answer.file.x12_999)
            (inbound / f"ack-{number}.277").write_text(answer.x12_277ca)
        (remittance,) = remote.advance(90)
        (inbound / "era-1.835").write_text(remittance.x12_835)
        (inbound / "not-x12.txt").write_text("hello")

        events = await acks(settings, at_least=2)
        (paid,) = await remittances(settings, at_least=1)

        async def all_filed() -> bool:
            return len(list((inbound / "processed").iterdir())) == 5

        await wait_for(all_filed)
        await asyncio.sleep(1.0)  # several more polls: nothing is published again
        again = await acks(settings, at_least=2)
        again_paid = await remittances(settings, at_least=1, timeout_s=1)

    by_claim = {e.payload.claim_id: e for e in events}  # type: ignore[attr-defined]
    assert by_claim["CLM-FD-OK"].envelope.event_type == "ClaimAcknowledged"
    assert by_claim["CLM-FD-NOPAYER"].envelope.event_type == "ClaimRejected"
    assert by_claim["CLM-FD-NOPAYER"].payload.ack_kind == "277CA"  # type: ignore[attr-defined]
    assert {e.envelope.tenant_id for e in events} == {TENANT}
    ok = by_claim["CLM-FD-OK"]
    interchange = ok.payload.interchange_control_number  # type: ignore[attr-defined]
    assert ok.envelope.event_id == acknowledgment_event_id("277CA", interchange, "CLM-FD-OK")
    assert paid.payload.trace_number == remittance.trace_number  # type: ignore[attr-defined]
    assert paid.payload.source == "file_drop" and paid.envelope.tenant_id == TENANT  # type: ignore[attr-defined]
    assert paid.payload.x12_835 == remittance.x12_835  # type: ignore[attr-defined]
    assert len(again) == 2 and len(again_paid) == 1
    assert [p.name for p in (inbound / "failed").iterdir()] == ["not-x12.txt"]
    assert sorted(p.name for p in inbound.iterdir() if p.is_file()) == []
