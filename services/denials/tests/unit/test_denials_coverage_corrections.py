"""EncounterCoverageCorrected in denials (in memory, through the real consumer): a coverage denial's case is
resolved by the front desk's correction and the new coverage goes to claims; a correction that comes before
the denial makes it auto-correctable (DEN-CARC-27-REGISTRATION-CORRECTED); nothing else is touched."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from denials_fakes import DenialsWorld
from denials_stack_scenarios import claim_denied, denied_line
from rcm_denials.domain.denial_case import CaseOutcome, CaseStatus
from rcm_denials.domain.denial_facts import WorkQueue
from rcm_schemas import EventMessage
from rcm_schemas.events.common import Coverage, EligibilitySummary
from rcm_schemas.events.denials import CorrectionRequested, DenialRouted, ResolveDenial
from rcm_schemas.events.fixes import UpdateRegistrationData
from rcm_schemas.events.registration import EncounterCoverageCorrected
from rcm_schemas.events.remittance import ClaimDenied

OLD_PAYER = "NWHP1"
NEW_COVERAGE = Coverage(
    payer_id="FBHMO", payer_name="Fabrikam HMO", coverage_order="primary", member_id="FBH123456789"
)


def coverage_denial(claim: str, encounter: str, carc: str = "27", payer_id: str = OLD_PAYER) -> ClaimDenied:
    denied = claim_denied(claim, payer_id, denied_line(1, "99213", "CO", carc, "120.00"))
    return denied.model_copy(update={"encounter_id": encounter})


def corrected(encounter: str, correction_id: str = "cmd-1") -> EncounterCoverageCorrected:
    return EncounterCoverageCorrected(
        encounter_id=encounter,
        correction_id=correction_id,
        corrected_by="front-desk.ana",
        coverage=NEW_COVERAGE,
        eligibility=EligibilitySummary(active=True, checked_on=date(2025, 3, 10), copay=Decimal("20.00")),
    )


def resolutions(world: DenialsWorld) -> list[EventMessage]:
    return [m for m in world.publisher.messages if isinstance(m.payload, ResolveDenial)]


async def test_a_routed_coverage_denial_is_resolved_by_the_correction_and_rebilled_with_its_coverage() -> (
    None
):
    world = DenialsWorld()
    await world.send(coverage_denial("CLM-CC1", "enc-cc1"), producer="remittance")
    routed = await world.case("CLM-CC1")
    assert routed.status is CaseStatus.ROUTED and routed.work_item is not None
    assert routed.work_item.queue is WorkQueue.FRONT_DESK

    correction = await world.send(corrected("enc-cc1"), producer="registration")
    await world.deliver(correction)  # a redelivery sends the same command again, under the same id

    first, again = resolutions(world)
    assert first.envelope.event_id == again.envelope.event_id
    resolve = first.payload
    assert resolve.claim_id == "CLM-CC1" and resolve.work_item_id == routed.work_item.work_item_id
    assert resolve.resolution == "corrected" and resolve.requested_by == "front-desk.ana"
    assert resolve.fixes == (UpdateRegistrationData(coverage=NEW_COVERAGE),)

    await world.deliver(first)  # the case's owner applies it (once: the second is the same command)
    await world.deliver(again)

    (request,) = world.published(CorrectionRequested)
    assert request.claim_id == "CLM-CC1" and request.fixes == (UpdateRegistrationData(coverage=NEW_COVERAGE),)
    case = await world.case("CLM-CC1")
    assert case.status is CaseStatus.CORRECTION_REQUESTED and len(case.corrections) == 1
    assert world.dead_letters() == []


async def test_a_correction_before_the_denial_makes_it_auto_corrected_by_the_registration_rule() -> None:
    world = DenialsWorld()
    await world.send(corrected("enc-cc2"), producer="registration")
    assert resolutions(world) == []  # no case yet: the correction waits on file

    await world.send(coverage_denial("CLM-CC2", "enc-cc2"), producer="remittance")

    (request,) = world.published(CorrectionRequested)
    assert request.fixes == (UpdateRegistrationData(coverage=NEW_COVERAGE),)
    assert world.published(DenialRouted) == []
    case = await world.case("CLM-CC2")
    assert case.status is CaseStatus.CORRECTION_REQUESTED
    assert case.decision.leading.rule_id == "DEN-CARC-27-REGISTRATION-CORRECTED"
    assert case.corrections[0].automatic


async def test_the_corrected_payers_own_coverage_denial_is_worked_by_a_person_not_rebilled_again() -> None:
    world = DenialsWorld()
    await world.send(corrected("enc-cc3"), producer="registration")

    await world.send(coverage_denial("CLM-CC3", "enc-cc3", payer_id="FBHMO"), producer="remittance")

    assert world.published(CorrectionRequested) == []
    case = await world.case("CLM-CC3")
    assert (
        case.status is CaseStatus.ROUTED
        and case.decision.leading.rule_id != "DEN-CARC-27-REGISTRATION-CORRECTED"
    )


async def test_a_correction_leaves_other_encounters_and_non_coverage_cases_alone() -> None:
    world = DenialsWorld()
    await world.send(coverage_denial("CLM-CC4", "enc-cc4", carc="50"), producer="remittance")  # necessity
    await world.send(coverage_denial("CLM-CC5", "enc-other"), producer="remittance")
    await world.send(coverage_denial("CLM-CC6", "enc-cc4", carc="27"), producer="remittance")

    await world.send(corrected("enc-cc4"), producer="registration")

    assert [m.payload.claim_id for m in resolutions(world)] == ["CLM-CC6"]
    assert (await world.case("CLM-CC5")).status is CaseStatus.ROUTED


async def test_a_closed_case_is_not_resolved_again() -> None:
    world = DenialsWorld()
    await world.send(coverage_denial("CLM-CC7", "enc-cc7"), producer="remittance")
    item = (await world.case("CLM-CC7")).work_item
    assert item is not None
    await world.send(
        ResolveDenial(
            claim_id="CLM-CC7", work_item_id=item.work_item_id, resolution="no_action", requested_by="b"
        )
    )
    assert (await world.case("CLM-CC7")).outcome is CaseOutcome.NO_ACTION

    await world.send(corrected("enc-cc7"), producer="registration")

    assert resolutions(world)[1:] == []  # only the biller's own
    assert world.dead_letters() == []
