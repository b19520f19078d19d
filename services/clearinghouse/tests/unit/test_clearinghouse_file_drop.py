"""The file-drop adapter round-trips 837 out and 999/277CA/835 in through a temporary folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rcm_clearinghouse.adapters.file_drop_gateway import FileDropGateway
from rcm_clearinghouse.adapters.simulator_gateway import SimulatorGateway
from rcm_clearinghouse.domain.scenario import Scenario
from rcm_clearinghouse.domain.simulated_clock import SimulatedClock
from rcm_clearinghouse.service.payer_simulation import PayerSimulator
from rcm_x12 import Claim


async def test_file_drop_round_trip(
    tmp_path: Path,
    claim_factory: Callable[..., Claim],
    file_factory: Callable[..., str],
    scenario_factory: Callable[..., Scenario],
    clock: SimulatedClock,
) -> None:
    gateway = FileDropGateway(tmp_path)
    text = file_factory([claim_factory("FD1"), claim_factory("FD2", "NOPE9")])
    receipt = await gateway.submit("sub-0001", text)
    assert receipt.acknowledgment is None
    sent = tmp_path / "outbound" / "sub-0001.837"
    assert sent.read_text() == text
    assert (await gateway.submit("sub-0001", text)).file_name == sent.name  # replay writes nothing new

    # Play the remote clearinghouse: answer the outbound file into the inbound folder.
    remote = PayerSimulator(scenario_factory(), clock)
    answer = remote.submit(sent.read_text())
    inbound = tmp_path / "inbound"
    (inbound / "sub-0001.999").write_text(answer.file.x12_999)
    assert answer.x12_277ca is not None
    (inbound / "sub-0001.277").write_text(answer.x12_277ca)
    (remittance,) = remote.advance(90)
    (inbound / "era-0001.835").write_text(remittance.x12_835)
    (inbound / "junk.txt").write_text("not x12")
    (inbound / ".half-written.835.part").write_text("ISA")

    found = await gateway.poll()
    assert [ack.accepted for ack in found.file_acknowledgments] == [True]
    assert {(c.claim_id, c.accepted, c.payer_id) for c in found.claim_acknowledgments} == {
        ("FD1", True, "NWHP1"),
        ("FD2", False, "NOPE9"),
    }
    (document,) = found.remittances
    assert document.source == "file_drop" and document.file_name == "era-0001.835"
    assert (document.trace_number, document.payment_amount) == (
        remittance.trace_number,
        remittance.payment_amount,
    )
    assert document.claim_ids == ("FD1",) and document.payer_id == "NWHP1"
    assert found.unreadable_files == ("junk.txt",)
    assert [p.name for p in (inbound / "failed").iterdir()] == ["junk.txt"]
    assert found.files == ("era-0001.835", "sub-0001.277", "sub-0001.999")
    # Until the caller says they are done (published), the files stay and a poll returns them again.
    assert (await gateway.poll()).remittances == found.remittances
    await gateway.done(found.files)
    assert sorted(p.name for p in (inbound / "processed").iterdir()) == list(found.files)
    assert (await gateway.poll()).remittances == ()  # each file is delivered once done


async def test_simulator_gateway_answers_at_once_and_pays_later(
    claim_factory: Callable[..., Claim],
    file_factory: Callable[..., str],
    scenario_factory: Callable[..., Scenario],
    clock: SimulatedClock,
) -> None:
    gateway = SimulatorGateway(PayerSimulator(scenario_factory(), clock))
    receipt = await gateway.submit("sub-1", file_factory([claim_factory("SG1")]))
    assert receipt.acknowledgment is not None and receipt.acknowledgment.claims[0].accepted
    assert (await gateway.poll()).remittances == ()
    gateway.advance_clock(90)
    (document,) = (await gateway.poll()).remittances
    assert document.claim_ids == ("SG1",)
