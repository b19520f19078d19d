"""The denials workflows on in-memory ports, through the real subscribers: routing, auto-correction,
write-off, appeal, settling a corrected claim, rejections and redeliveries. Milliseconds, no stack."""

from __future__ import annotations

from decimal import Decimal
from typing import get_args

from denials_fakes import TENANT, DenialsWorld, message
from denials_stack_scenarios import claim_denied, claim_id, claim_paid, claim_rejected, denied_line
from rcm_denials.domain.denial_case import CaseOutcome, CaseStatus
from rcm_denials.domain.denial_facts import RootCause
from rcm_schemas.events.claims import ClaimSubmitted
from rcm_schemas.events.denials import (
    AppealFiled,
    CorrectionRequested,
    DenialRouted,
    DenialWrittenOff,
    FileAppeal,
    SettleCorrectedDenial,
    WriteOffDenial,
)
from rcm_schemas.events.remittance import ClaimDenied
from rcm_schemas.samples import sample_events
from rcm_schemas.vocabulary import RootCause as SharedRootCause


def not_covered(claim: str) -> ClaimDenied:
    """Medicare, CO-50 on a therapy line: not medically necessary, worked by a person."""
    return claim_denied(claim, "MCR01", denied_line(1, "97110", "CO", "50", "240.00"))


def telehealth_without_modifier(claim: str) -> ClaimDenied:
    """Northwind wants modifier 95 on a video visit: CO-4 with N519, a fix the platform makes itself."""
    line = denied_line(1, "99214", "CO", "4", "180.00", remarks=("N519",))
    return claim_denied(claim, "NWHP1", line, telehealth=True, place_of_service="10")


async def _routed(world: DenialsWorld, claim: str) -> DenialRouted:
    await world.send(not_covered(claim), producer="remittance")
    (routed,) = [r for r in world.published(DenialRouted) if r.claim_id == claim]
    return routed


async def test_a_denial_is_classified_and_routed_to_a_work_queue_with_a_work_item() -> None:
    world = DenialsWorld()
    claim = claim_id("nc")
    routed = await _routed(world, claim)

    assert (routed.source, routed.root_cause, routed.recommended_action) == (
        "remittance",
        "medical_necessity",
        "appeal",
    )
    assert routed.carc_codes == ("50",) and routed.amount_at_risk == Decimal("240.00")
    assert routed.work_item_id.startswith("wi-") and routed.deadline is not None
    case = await world.case(claim)
    assert case.status is CaseStatus.ROUTED and case.tenant_id == TENANT
    assert case.work_item is not None and case.work_item.work_item_id == routed.work_item_id
    assert case.work_item.queue.value == routed.queue
    assert len(world.ledger.remitted) == 1
    assert world.published(CorrectionRequested) == [] and world.dead_letters() == []


async def test_a_redelivered_or_re_emitted_denial_is_applied_once() -> None:
    world = DenialsWorld()
    claim = claim_id("dup")
    denied = message(not_covered(claim), producer="remittance")
    await world.deliver(denied)
    await world.deliver(denied)  # Kafka redelivers the same message
    await world.send(not_covered(claim), producer="remittance")  # remittance re-emits it: a new event id

    assert len(world.published(DenialRouted)) == 1
    assert len(world.publisher.sent) == 1
    case = await world.case(claim)
    assert [entry.to_status for entry in case.history].count(CaseStatus.ROUTED) == 1


async def test_a_telehealth_modifier_denial_is_corrected_automatically() -> None:
    world = DenialsWorld()
    claim = claim_id("co4")
    await world.send(telehealth_without_modifier(claim), producer="remittance")

    (request,) = world.published(CorrectionRequested)
    assert (request.claim_id, request.attempt, request.reason_carc) == (claim, 1, "4")
    assert [fix.model_dump() for fix in request.fixes] == [
        {"kind": "add_modifier", "line_number": 1, "modifier": "95"}
    ]
    assert world.published(DenialRouted) == []
    case = await world.case(claim)
    assert case.status is CaseStatus.CORRECTION_REQUESTED and len(case.corrections) == 1


async def test_a_write_off_command_is_applied_once_when_redelivered() -> None:
    world = DenialsWorld()
    claim = claim_id("wo")
    routed = await _routed(world, claim)
    write_off = WriteOffDenial(
        claim_id=claim, work_item_id=routed.work_item_id, reason="no ABN on file", requested_by="biller-1"
    )
    command = message(write_off)
    await world.deliver(command)
    await world.deliver(command)  # redelivered

    (written_off,) = world.published(DenialWrittenOff)
    assert (written_off.amount, written_off.approved_by) == (Decimal("240.00"), "biller-1")
    assert written_off.root_cause == "medical_necessity" and written_off.carc_codes == ("50",)
    case = await world.case(claim)
    assert case.status is CaseStatus.WRITTEN_OFF and case.written_off_amount == Decimal("240.00")


async def test_an_appeal_is_filed_with_its_letter_stored_first() -> None:
    world = DenialsWorld()
    claim = claim_id("apl")
    routed = await _routed(world, claim)
    appeal = FileAppeal(
        claim_id=claim,
        work_item_id=routed.work_item_id,
        argument="Therapy notes show medical necessity.",
        requested_by="appeals-1",
    )
    command = message(appeal)
    await world.deliver(command)
    await world.deliver(command)  # redelivered: the same appeal, the same letter

    (filed,) = world.published(AppealFiled)
    assert (filed.claim_id, filed.filed_by, filed.amount_appealed) == (claim, "appeals-1", Decimal("240.00"))
    (letter,) = world.letters.saved.items()
    assert letter[0] == filed.letter_document_id and letter[1]["appeal_id"] == filed.appeal_id
    assert "Therapy notes show medical necessity." in letter[1]["text"]
    case = await world.case(claim)
    assert case.status is CaseStatus.APPEALED and len(case.appeals) == 1


async def test_a_paid_replacement_settles_the_corrected_original_case() -> None:
    world = DenialsWorld()
    original = claim_id("orig")
    await world.send(telehealth_without_modifier(original), producer="remittance")
    replacement = claim_id("repl")
    submitted = next(e for e in sample_events() if isinstance(e, ClaimSubmitted))
    await world.send(
        submitted.model_copy(
            update={"claim_id": replacement, "frequency_code": "7", "original_claim_id": original}
        ),
        producer="claims",
    )
    await world.send(claim_paid(replacement, "NWHP1", "180.00"), producer="remittance")

    (settle,) = world.published(SettleCorrectedDenial)
    assert (settle.claim_id, settle.replacement_claim_id, settle.paid_amount) == (
        original,
        replacement,
        Decimal("180.00"),
    )
    settle_message = next(
        m for m in world.publisher.messages if m.envelope.event_type == "SettleCorrectedDenial"
    )
    await world.deliver(settle_message)  # the original case's owner applies it
    await world.deliver(settle_message)  # and once only

    case = await world.case(original)
    assert case.status is CaseStatus.RESOLVED and case.outcome is CaseOutcome.AUTO_CORRECTED
    assert case.recovered_amount == Decimal("180.00")
    assert world.dead_letters() == []


async def test_a_rejection_is_routed_for_correction_as_an_acknowledgment() -> None:
    world = DenialsWorld()
    claim = claim_id("rej")
    # NM1 (the subscriber) is a registration segment: the front desk corrects it.
    rejected = message(claim_rejected(claim, "MCR01", "NM1"), producer="clearinghouse")
    await world.deliver(rejected)
    await world.deliver(rejected)  # redelivered

    (routed,) = world.published(DenialRouted)
    assert (routed.claim_id, routed.source, routed.root_cause) == (
        claim,
        "acknowledgment",
        "eligibility_registration",
    )
    assert (routed.queue, routed.recommended_action) == ("front_desk", "correct_and_resubmit")
    assert routed.carc_codes == ()
    case = await world.case(claim)
    assert case.status is CaseStatus.ROUTED and case.open_amount == Decimal("150.00")


async def test_a_command_for_a_claim_without_a_case_is_dead_lettered_not_retried() -> None:
    world = DenialsWorld()
    await world.send(WriteOffDenial(claim_id="CLM-NONE", work_item_id="wi-1", reason="x", requested_by="b"))

    (letter,) = world.dead_letters()
    assert letter["reason_kind"] == "permanent" and "has no denial case" in letter["reason"]
    assert world.published(DenialWrittenOff) == []


def test_the_domain_root_causes_are_the_shared_vocabulary() -> None:
    # unrecognised_code is the domain's own: it is published as "other" (outgoing_translation), no schema change.
    # payer_recoupment is never published: a takeback's work item produces no DenialRouted (takeback_intake).
    # no_payer_decision neither: an escalated silent claim's work item produces no DenialRouted either.
    # underpaid_per_contract neither: an underpayment's work item follows UnderpaymentFound, not a denial.
    domain_only = {
        RootCause.UNRECOGNISED_CODE.value,
        RootCause.PAYER_RECOUPMENT.value,
        RootCause.NO_PAYER_DECISION.value,
        RootCause.UNDERPAID.value,
    }
    assert {cause.value for cause in RootCause} - domain_only == set(get_args(SharedRootCause))
