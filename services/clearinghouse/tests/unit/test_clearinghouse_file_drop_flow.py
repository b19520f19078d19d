"""File-drop mode on in-memory ports: the 837 goes out as a file, the remote's answers come back as events once."""

from __future__ import annotations

from pathlib import Path

from clearinghouse_claims import SUBMITTED_ON, TENANT, build_claim, claim_submitted, quiet_scenario
from clearinghouse_fakes import Clearinghouse
from rcm_clearinghouse.adapters.file_drop_gateway import FileDropGateway
from rcm_clearinghouse.domain.simulated_clock import SimulatedClock
from rcm_clearinghouse.service.inbound_files import acknowledgment_event_id
from rcm_clearinghouse.service.payer_simulation import PayerSimulator
from rcm_schemas.events.clearinghouse import ClaimAcknowledged, ClaimRejected, RemittanceReceived


async def test_the_remote_clearinghouses_files_become_events_with_stable_ids(tmp_path: Path) -> None:
    world = Clearinghouse(quiet_scenario(), gateway=FileDropGateway(tmp_path))
    await world.deliver(claim_submitted(build_claim("CLM-FD-OK"), 301))
    await world.deliver(claim_submitted(build_claim("CLM-FD-NOPAYER", "ZZPAYER9"), 302))
    assert world.publisher.sent == []  # nothing is known until the remote answers
    assert [a["status"] for a in world.state_of("CLM-FD-OK")["acknowledgments"]] == ["sent"]

    remote = PayerSimulator(quiet_scenario(), SimulatedClock(SUBMITTED_ON))
    inbound = tmp_path / "inbound"
    for number, sent in enumerate(sorted((tmp_path / "outbound").glob("*.837"))):
        answer = remote.submit(sent.read_text())
        assert answer.x12_277ca is not None
        (inbound / f"ack-{number}.277").write_text(answer.x12_277ca)
    (remittance,) = remote.advance(90)
    (inbound / "era-1.835").write_text(remittance.x12_835)
    (inbound / "era-2.835").write_text(remittance.x12_835)  # the same 835 dropped twice

    summary = await world.inbound.poll_once()
    again = await world.inbound.poll_once()  # everything was filed: nothing more

    assert (summary.acknowledged, summary.rejected, summary.remittances) == (1, 1, 2)
    assert (again.acknowledged, again.rejected, again.remittances) == (0, 0, 0)
    messages = {m.payload.claim_id: m for m in world.publisher.messages if hasattr(m.payload, "claim_id")}
    ok, no_payer = messages["CLM-FD-OK"], messages["CLM-FD-NOPAYER"]
    assert isinstance(ok.payload, ClaimAcknowledged) and isinstance(no_payer.payload, ClaimRejected)
    interchange = ok.payload.interchange_control_number
    assert ok.envelope.event_id == acknowledgment_event_id("277CA", interchange, "CLM-FD-OK")
    assert {ok.envelope.tenant_id, no_payer.envelope.tenant_id} == {TENANT}
    (paid,) = world.published(RemittanceReceived)  # stored once under its trace number
    assert isinstance(paid, RemittanceReceived)
    assert (paid.trace_number, paid.source) == (remittance.trace_number, "file_drop")
