"""999 and 277CA answers: broken files rejected naming the segment, front-end edits per claim."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rcm_clearinghouse.domain.scenario import Scenario
from rcm_clearinghouse.domain.simulated_clock import SimulatedClock
from rcm_clearinghouse.service.claim_acknowledgment import npi_is_valid
from rcm_clearinghouse.service.payer_simulation import PayerSimulator, acknowledge_submission
from rcm_x12 import Claim, RenderingProvider, read_277ca, read_999


def _simulator(scenario: Scenario, clock: SimulatedClock) -> PayerSimulator:
    return PayerSimulator(scenario, clock)


def test_broken_segment_gets_a_rejected_999_naming_it_and_no_remittance(
    claim_factory: Callable[..., Claim],
    file_factory: Callable[..., str],
    scenario_factory: Callable[..., Scenario],
    clock: SimulatedClock,
    pyx12_check: Callable[[str], list[str]],
) -> None:
    text = file_factory([claim_factory("BRK1")])
    broken = text.replace("SV1*HC:99214*250*", "SV1*HC:99214*2X0*")
    simulator = _simulator(scenario_factory(), clock)
    answer = simulator.submit(broken)
    assert not answer.file.accepted and answer.claims == () and answer.x12_277ca is None
    problem = answer.file.problem
    assert problem is not None and problem.segment == "SV1" and problem.element_position == 2
    segments = text.split("~")
    st_index = next(i for i, s in enumerate(segments) if s.startswith("ST*"))
    sv1_index = next(i for i, s in enumerate(segments) if s.startswith("SV1*HC:99214"))
    assert problem.segment_position == sv1_index - st_index + 1
    assert answer.file.claim_ids == ("BRK1",) and answer.file.interchange_control_number == "101"
    (group,) = read_999(answer.file.x12_999)
    assert group.status == "R"
    (error,) = group.transaction_sets[0].segment_errors
    assert (error.segment_id, error.position) == ("SV1", problem.segment_position)
    assert pyx12_check(answer.file.x12_999) == []
    assert simulator.pending == [] and simulator.advance(90) == []


def test_envelope_count_mismatch_is_rejected_naming_se(
    claim_factory: Callable[..., Claim],
    file_factory: Callable[..., str],
    scenario_factory: Callable[..., Scenario],
    clock: SimulatedClock,
) -> None:
    text = file_factory([claim_factory()])
    se = next(segment for segment in text.split("~") if segment.startswith("SE*"))
    answer = acknowledge_submission(text.replace(se, "SE*3*0001"), clock, scenario_factory())
    assert answer.file.problem is not None and answer.file.problem.segment == "SE"


def test_accepted_file_acknowledges_each_claim_with_a_reason(
    claim_factory: Callable[..., Claim],
    file_factory: Callable[..., str],
    scenario_factory: Callable[..., Scenario],
    clock: SimulatedClock,
    pyx12_check: Callable[[str], list[str]],
) -> None:
    good = claim_factory("OK1")
    unknown_payer = claim_factory("BAD1", "NOPE9")
    no_member = replace(claim_factory("BAD2"), subscriber=replace(good.subscriber, member_id=" "))
    wrong_format = replace(claim_factory("BAD3"), subscriber=replace(good.subscriber, member_id="ABC"))
    bad_npi = replace(
        claim_factory("BAD4"), rendering_provider=RenderingProvider("SMITH", "ANNA", "1234567890")
    )
    answer = acknowledge_submission(
        file_factory([good, unknown_payer, no_member, wrong_format, bad_npi]), clock, scenario_factory()
    )
    assert answer.file.accepted and pyx12_check(answer.file.x12_999) == []
    by_id = {outcome.claim_id: outcome for outcome in answer.claims}
    assert by_id["OK1"].accepted and by_id["OK1"].status_code == "A2:20"
    assert by_id["OK1"].payer_claim_control_number
    assert by_id["BAD1"].status_code == "A3:116:PR" and "NOPE9" in (by_id["BAD1"].reason or "")
    assert by_id["BAD2"].reason == "missing member id"
    assert by_id["BAD3"].status_code == "A7:164:IL"
    assert by_id["BAD4"].status_code == "A7:562:82"
    assert [claim.claim_id for claim in answer.accepted_claims] == ["OK1"]
    assert answer.x12_277ca is not None and pyx12_check(answer.x12_277ca) == []
    statuses = {s.claim_id: s for ack in read_277ca(answer.x12_277ca) for s in ack.claims}
    assert statuses["OK1"].accepted and not statuses["BAD4"].accepted


def test_npi_check_digit() -> None:
    assert npi_is_valid("1234567893") and not npi_is_valid("1234567890") and not npi_is_valid("12345")


def test_group_trailer_error_is_reported_in_ak9_and_the_999_is_valid(
    claim_factory: Callable[..., Claim],
    file_factory: Callable[..., str],
    scenario_factory: Callable[..., Scenario],
    clock: SimulatedClock,
    pyx12_check: Callable[[str], list[str]],
) -> None:
    text = file_factory([claim_factory()]).replace("GE*1*101", "GE*2*101")
    answer = acknowledge_submission(text, clock, scenario_factory())
    problem = answer.file.problem
    assert problem is not None and (problem.segment, problem.error_code) == ("GE", "5")
    (group,) = read_999(answer.file.x12_999)
    assert group.status == "R" and group.error_codes == ("5",)
    assert pyx12_check(answer.file.x12_999) == []
    unreadable = acknowledge_submission("not an x12 file", clock, scenario_factory())
    assert not unreadable.file.accepted and pyx12_check(unreadable.file.x12_999) == []
