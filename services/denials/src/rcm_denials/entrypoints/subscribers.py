"""Kafka subscribers: each translates its typed payload (adapters/incoming_events) and calls one use case."""

from __future__ import annotations

from rcm_platform.consumer import EventConsumer
from rcm_schemas import EventMessage
from rcm_schemas.events.claim_status import ClaimStatusEscalated
from rcm_schemas.events.claims import ClaimSubmitted
from rcm_schemas.events.clearinghouse import ClaimRejected
from rcm_schemas.events.denials import (
    AssignWorkItem,
    FileAppeal,
    ReclassifyDenial,
    ResolveDenial,
    SettleCorrectedDenial,
    WriteOffDenial,
)
from rcm_schemas.events.registration import EncounterCoverageCorrected
from rcm_schemas.events.remittance import (
    ClaimDenied,
    ClaimPaid,
    ClaimPartiallyPaid,
    PaymentTakenBack,
    UnderpaymentFound,
)

from rcm_denials.adapters.incoming_events import (
    denial_received,
    denied_part_of,
    escalation_received,
    payment_received,
    rejection_received,
    takeback_received,
    underpayment_received,
)
from rcm_denials.service.intake_workflow import DenialIntakeWorkflow
from rcm_denials.service.registration_correction_workflow import RegistrationCorrectionWorkflow
from rcm_denials.service.worklist_workflow import WorklistWorkflow


def register_subscribers(
    consumer: EventConsumer,
    intake: DenialIntakeWorkflow,
    worklist: WorklistWorkflow,
    registration: RegistrationCorrectionWorkflow,
) -> None:
    @consumer.on(ClaimDenied)
    async def on_claim_denied(event: ClaimDenied, message: EventMessage) -> None:
        await intake.denied(denial_received(event, message), message)

    @consumer.on(ClaimPaid, ClaimPartiallyPaid)
    async def on_claim_paid(event: ClaimPaid | ClaimPartiallyPaid, message: EventMessage) -> None:
        # A partial payment with denied lines is worked as a denial of those lines.
        denied = denied_part_of(event) if isinstance(event, ClaimPartiallyPaid) else None
        if denied is not None:
            await intake.denied(denial_received(denied, message), message)
        else:
            await intake.paid(payment_received(event, message), message)

    @consumer.on(PaymentTakenBack)
    async def on_payment_taken_back(event: PaymentTakenBack, message: EventMessage) -> None:
        await intake.taken_back(takeback_received(event, message), message)

    @consumer.on(ClaimRejected)
    async def on_claim_rejected(event: ClaimRejected, message: EventMessage) -> None:
        await intake.rejected(rejection_received(event, message), message)

    @consumer.on(ClaimStatusEscalated)
    async def on_claim_status_escalated(event: ClaimStatusEscalated, message: EventMessage) -> None:
        await intake.escalated(escalation_received(event, message), message)

    @consumer.on(UnderpaymentFound)
    async def on_underpayment_found(event: UnderpaymentFound, message: EventMessage) -> None:
        await intake.underpaid(underpayment_received(event, message), message)

    @consumer.on(ClaimSubmitted)
    async def on_claim_submitted(event: ClaimSubmitted, message: EventMessage) -> None:
        await intake.submitted(event, message)

    @consumer.on(EncounterCoverageCorrected)
    async def on_coverage_corrected(event: EncounterCoverageCorrected, message: EventMessage) -> None:
        await registration.coverage_corrected(event, message)

    @consumer.on(SettleCorrectedDenial)
    async def on_settle_corrected(command: SettleCorrectedDenial, message: EventMessage) -> None:
        await intake.settle_corrected(command, message)

    @consumer.on(ReclassifyDenial)
    async def on_reclassify(command: ReclassifyDenial, message: EventMessage) -> None:
        await intake.reclassify(command, message)

    @consumer.on(AssignWorkItem)
    async def on_assign(command: AssignWorkItem, message: EventMessage) -> None:
        await worklist.assign(command, message)

    @consumer.on(ResolveDenial)
    async def on_resolve(command: ResolveDenial, message: EventMessage) -> None:
        await worklist.resolve(command, message)

    @consumer.on(WriteOffDenial)
    async def on_write_off(command: WriteOffDenial, message: EventMessage) -> None:
        await worklist.write_off(command, message)

    @consumer.on(FileAppeal)
    async def on_file_appeal(command: FileAppeal, message: EventMessage) -> None:
        await worklist.file_appeal(command, message)
