"""Use cases for what other services tell denials: a denial, a rejection, a payment, a submitted claim.

Each reads what its decision needs (the tenant's billing model, the payer's terms), then applies the decision
to the claim's case once per cause: the case and the events it produces are written together.
"""

from __future__ import annotations

from rcm_platform.ports import Decision, State
from rcm_schemas import EventMessage, to_cents
from rcm_schemas.events.claims import ClaimSubmitted
from rcm_schemas.events.denials import ReclassifyDenial, SettleCorrectedDenial

from rcm_denials.domain.analytics import month_of
from rcm_denials.domain.registration_corrections import corrected_circumstances
from rcm_denials.service import case_decisions
from rcm_denials.service.case_documents import case_of
from rcm_denials.service.case_writes import apply_to_case
from rcm_denials.service.denial_intake import DenialReceived, PaymentReceived, RejectionReceived
from rcm_denials.service.ports import BillingModels, ClaimLedger, CommandSender, DenialCases
from rcm_denials.service.reclassification import decide_reclassification
from rcm_denials.service.reference_data import payer_terms
from rcm_denials.service.registration_correction_workflow import CoverageCorrectionsOnFile
from rcm_denials.service.status_escalation_intake import EscalationReceived, decide_escalation
from rcm_denials.service.takeback_intake import TakebackReceived, decide_takeback
from rcm_denials.service.underpayment_intake import UnderpaymentReceived, decide_underpayment


class DenialIntakeWorkflow:
    def __init__(
        self,
        cases: DenialCases,
        billing_models: BillingModels,
        ledger: ClaimLedger,
        commands: CommandSender,
        correction_attempt_limit: int,
        coverage_corrections: CoverageCorrectionsOnFile | None = None,
    ) -> None:
        self.cases = cases
        self.billing_models = billing_models
        self.ledger = ledger
        self.commands = commands
        self.correction_attempt_limit = correction_attempt_limit
        self.coverage_corrections = coverage_corrections

    async def denied(self, denial: DenialReceived, cause: EventMessage) -> None:
        """Classify the denial, then correct the claim automatically or route it to a work queue."""
        denial = await self._with_coverage_correction(denial)
        await self.ledger.record_remitted(
            tenant_id=denial.tenant_id, claim_id=denial.claim_id, month=month_of(denial.denial_date)
        )
        config = await self.billing_models.get(denial.tenant_id)
        terms = payer_terms(denial.payer_id, denial.date_of_service or denial.denial_date)
        await apply_to_case(
            self.cases,
            denial.claim_id,
            cause,
            lambda state: case_decisions.decide_denial(
                state,
                denial,
                config=config,
                terms=terms,
                at=cause.envelope.occurred_at,
                attempt_limit=self.correction_attempt_limit,
            ),
        )

    async def _with_coverage_correction(self, denial: DenialReceived) -> DenialReceived:
        """A coverage the front desk corrected before this denial came (EncounterCoverageCorrected is on another
        topic, so it may come first) makes a coverage denial auto-correctable with it."""
        if self.coverage_corrections is None or denial.encounter_id is None:
            return denial
        on_file = await self.coverage_corrections.on_file(
            tenant_id=denial.tenant_id, encounter_id=denial.encounter_id
        )
        if on_file is None:
            return denial
        circumstances, facts = corrected_circumstances(
            denial.circumstances, denial.correction_facts, on_file, denying_payer_id=denial.payer_id
        )
        return denial.model_copy(update={"circumstances": circumstances, "correction_facts": facts})

    async def rejected(self, rejection: RejectionReceived, cause: EventMessage) -> None:
        """A 999/277CA rejection is routed for correction."""
        config = await self.billing_models.get(rejection.tenant_id)
        terms = payer_terms(rejection.payer_id, rejection.date_of_service or rejection.rejected_on)
        await apply_to_case(
            self.cases,
            rejection.claim_id,
            cause,
            lambda state: case_decisions.decide_rejection(
                state, rejection, config=config, terms=terms, at=cause.envelope.occurred_at
            ),
        )

    async def paid(self, payment: PaymentReceived, cause: EventMessage) -> None:
        """A payment resolves the claim's case; a paid replacement also settles its original's case."""
        await self.ledger.record_remitted(
            tenant_id=payment.tenant_id, claim_id=payment.claim_id, month=month_of(payment.paid_on)
        )
        await apply_to_case(
            self.cases,
            payment.claim_id,
            cause,
            lambda state: case_decisions.decide_payment(
                state,
                event_id=str(payment.event_id),
                paid_amount=payment.paid_amount,
                at=cause.envelope.occurred_at,
            ),
        )
        original = await self.ledger.original_of(tenant_id=payment.tenant_id, claim_id=payment.claim_id)
        if original is not None and payment.paid_amount > 0:
            # The corrected claim's case is keyed by the original's id (maybe owned by another instance): tell
            # its owner. Sent before this handler returns, so a crash here redelivers the payment and resends.
            settle = SettleCorrectedDenial(
                claim_id=original,
                replacement_claim_id=payment.claim_id,
                paid_amount=payment.paid_amount,
                payment_event_id=payment.event_id,
            )
            await self.commands.publish(
                settle, tenant_id=payment.tenant_id, correlation_id=cause.envelope.correlation_id
            )

    async def taken_back(self, takeback: TakebackReceived, cause: EventMessage) -> None:
        """Money taken back with nothing in its place: a work item in the billing queue."""
        config = await self.billing_models.get(takeback.tenant_id)
        terms = payer_terms(takeback.payer_id, takeback.date_of_service or takeback.taken_back_on)
        await apply_to_case(
            self.cases,
            takeback.claim_id,
            cause,
            lambda state: decide_takeback(
                state, takeback, config=config, terms=terms, at=cause.envelope.occurred_at
            ),
        )

    async def escalated(self, escalation: EscalationReceived, cause: EventMessage) -> None:
        """A claim the payer has not decided near its filing limit: a work item in the billing queue."""
        config = await self.billing_models.get(escalation.tenant_id)
        terms = payer_terms(escalation.payer_id, escalation.date_of_service or escalation.escalated_on)
        await apply_to_case(
            self.cases,
            escalation.claim_id,
            cause,
            lambda state: decide_escalation(
                state, escalation, config=config, terms=terms, at=cause.envelope.occurred_at
            ),
        )

    async def underpaid(self, finding: UnderpaymentReceived, cause: EventMessage) -> None:
        """Paid below the clinic's contract: a work item in the appeals queue, with the contract for the letter."""
        config = await self.billing_models.get(finding.tenant_id)
        terms = payer_terms(finding.payer_id, finding.date_of_service or finding.found_on)
        await apply_to_case(
            self.cases,
            finding.claim_id,
            cause,
            lambda state: decide_underpayment(
                state, finding, config=config, terms=terms, at=cause.envelope.occurred_at
            ),
        )

    async def reclassify(self, command: ReclassifyDenial, cause: EventMessage) -> None:
        """A reviewer's category for an unrecognised CARC: the case is routed as a denial of that category."""
        tenant_id = cause.envelope.tenant_id
        config = await self.billing_models.get(tenant_id)

        def decide(state: State | None) -> Decision | None:
            case = case_of(state)
            # The payer's terms (appeal limits) are those in force for the case's claim; none without a case,
            # which the decision refuses anyway.
            on = (case.date_of_service or case.denial_date) if case else cause.envelope.occurred_at.date()
            terms = payer_terms(case.payer_id if case else "", on)
            event_id = str(cause.envelope.event_id)
            at = cause.envelope.occurred_at
            return decide_reclassification(
                state, command, event_id, tenant_id, at, config=config, terms=terms
            )

        await apply_to_case(self.cases, command.claim_id, cause, decide)

    async def settle_corrected(self, command: SettleCorrectedDenial, cause: EventMessage) -> None:
        """The replacement of a corrected claim was paid: the original's case is resolved (auto-corrected or
        corrected), with the replacement's payment as the amount recovered."""
        await apply_to_case(
            self.cases,
            command.claim_id,
            cause,
            lambda state: case_decisions.decide_payment(
                state,
                event_id=str(command.payment_event_id),
                paid_amount=command.paid_amount,
                at=cause.envelope.occurred_at,
            ),
        )

    async def submitted(self, event: ClaimSubmitted, cause: EventMessage) -> None:
        """Only counted: claims submitted per month are the denominator of the initial denial rate."""
        await self.ledger.record_submitted(
            tenant_id=cause.envelope.tenant_id,
            claim_id=event.claim_id,
            month=month_of(cause.envelope.occurred_at.date()),
            charge_cents=to_cents(event.total_charge),
            original_claim_id=event.original_claim_id,
        )
