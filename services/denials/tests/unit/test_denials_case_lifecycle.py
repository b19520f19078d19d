from datetime import date, datetime
from decimal import Decimal

import pytest
from rcm_denials.domain.appeals import AppealStatus
from rcm_denials.domain.billing_models import TYPICAL_HYBRID_OWNERS, BillingModel, Team, TenantBillingConfig
from rcm_denials.domain.corrections import ClaimFix
from rcm_denials.domain.deadlines import PayerTerms
from rcm_denials.domain.denial_case import CaseOutcome, CaseStatus, InvalidCaseTransition
from rcm_denials.domain.denial_facts import DeniedLine, FixKind, WorkQueue
from rcm_denials.domain.fix_proposals import ClaimFactsForCorrection, ClaimLineFacts
from rcm_denials.service.denial_intake import (
    DenialReceived,
    GeneratedIds,
    RejectionReceived,
    on_claim_denied,
    on_claim_paid,
    on_claim_rejected,
)
from rcm_denials.service.reference_data import denial_reason
from rcm_denials.service.worklist_commands import (
    LoopGuardRefused,
    appeal,
    assign,
    request_correction,
    write_off_denial,
)

AT = datetime(2025, 3, 10, 9, 0)
HYBRID = TenantBillingConfig(
    tenant_id="clinic-c", billing_model=BillingModel.HYBRID, queue_owners=dict(TYPICAL_HYBRID_OWNERS)
)
TERMS = PayerTerms(
    payer_id="MCR01", payer_name="Medicare Part B", appeal_limit_days=120, timely_filing_days=365
)
EM_WITH_PROCEDURE = ClaimFactsForCorrection(
    lines=(
        ClaimLineFacts(line_number=1, procedure_code="99213", diagnosis_pointers=(1,)),
        ClaimLineFacts(line_number=2, procedure_code="11102", diagnosis_pointers=(1,)),
    ),
    diagnosis_count=1,
)


def denied(event_id: str, carc: str, *, facts: ClaimFactsForCorrection | None = None) -> DenialReceived:
    return DenialReceived(
        event_id=event_id,
        tenant_id="clinic-c",
        claim_id="CLM-1",
        payer_id="MCR01",
        denial_id=f"den-{event_id}",
        denial_date=date(2025, 3, 10),
        date_of_service=date(2025, 2, 1),
        lines=(
            DeniedLine(
                line_number=1, procedure_code="99213", group_code="CO", carc=carc, amount=Decimal("150")
            ),
        ),
        correction_facts=facts,
    )


def ids(event_id: str) -> GeneratedIds:
    return GeneratedIds(work_item_id=f"wi-{event_id}", correction_id=f"cor-{event_id}")


def intake(existing, event_id: str, carc: str, facts=None):
    return on_claim_denied(existing, denied(event_id, carc, facts=facts), HYBRID, TERMS, ids(event_id), AT)


def test_carc_4_is_corrected_automatically_and_paid_after_correction_resolves():
    result = intake(None, "e1", "4", EM_WITH_PROCEDURE)
    assert result.case.status is CaseStatus.CORRECTION_REQUESTED and result.routed is None
    assert result.correction is not None and result.correction.attempt == 1
    assert [(fix.kind, fix.field("modifier")) for fix in result.correction.fixes] == [
        (FixKind.ADD_MODIFIER, "25")
    ]
    paid = on_claim_paid(result.case, "pay-1", Decimal("95.00"), datetime(2025, 3, 30, 9, 0))
    assert paid is not None
    assert (paid.status, paid.outcome, paid.recovered_amount) == (
        CaseStatus.RESOLVED,
        CaseOutcome.AUTO_CORRECTED,
        Decimal("95.00"),
    )


def test_same_denial_event_twice_gives_one_work_item():
    first = intake(None, "e1", "50")
    again = intake(first.case, "e1", "50")
    assert first.routed is not None and again.routed is None and not again.changed
    assert again.case == first.case


def test_same_fix_after_a_new_denial_is_refused_and_routed_to_coders():
    corrected = intake(None, "e1", "4", EM_WITH_PROCEDURE).case
    second = intake(corrected, "e2", "4", EM_WITH_PROCEDURE)
    assert second.correction is None and second.loop_guard_refusal is not None
    assert second.routed is not None and second.routed.queue is WorkQueue.CODING
    assert second.routed.team is Team.CLINIC  # hybrid: the clinic codes


def test_third_correction_attempt_is_refused_by_the_command():
    case = intake(None, "e1", "4", EM_WITH_PROCEDURE).case
    case = intake(case, "e2", "16").case
    case, request = request_correction(
        case,
        command_id="cmd-1",
        actor="coder@clinic",
        at=AT,
        correction_id="cor-2",
        fixes=(ClaimFix.of(FixKind.CHANGE_DIAGNOSIS_POINTERS, 1, pointers="2"),),
    )
    assert request is not None and request.attempt == 2
    case = intake(case, "e3", "16").case
    with pytest.raises(LoopGuardRefused, match="attempt limit"):
        request_correction(
            case,
            command_id="cmd-2",
            actor="coder@clinic",
            at=AT,
            correction_id="cor-3",
            fixes=(ClaimFix.of(FixKind.ADD_MODIFIER, 1, modifier="59"),),
        )


def test_carc_27_goes_to_front_desk_and_carc_50_to_the_billing_companys_appeals_with_deadline():
    front = intake(None, "e1", "27").routed
    assert front is not None and (front.queue, front.team) == (WorkQueue.FRONT_DESK, Team.CLINIC)
    appeals = intake(None, "e2", "50").routed
    assert appeals is not None and (appeals.queue, appeals.team) == (WorkQueue.APPEALS, Team.BILLING_COMPANY)
    assert appeals.deadline == date(2025, 7, 8)


def test_appeal_is_filed_with_letter_then_won_and_paid():
    case = intake(None, "e1", "50").case
    case = assign(case, command_id="cmd-a", actor="lead@co", assignee="appeals@co", at=AT)
    assert case.work_item is not None and case.work_item.assignee == "appeals@co"
    filed = appeal(
        case,
        command_id="cmd-b",
        actor="appeals@co",
        appeal_id="ap-1",
        letter_document_id="doc-1",
        terms=TERMS,
        provider_name="Clinic C",
        reasons=(denial_reason("50", "CO"),),
        procedure_codes=("99213",),
        argument=None,
        payer_claim_control_number="PCN1",
        today=date(2025, 3, 20),
        at=AT,
    )
    assert filed.fact is not None and filed.fact.appeal_deadline == date(2025, 7, 8)
    assert filed.letter is not None and "CLM-1" in filed.letter and "2025-07-08" in filed.letter
    won = filed.case.appeal_decided(event_id="dec-1", at=AT, appeal_id="ap-1", status=AppealStatus.WON)
    assert won.appeal_decided(event_id="dec-1", at=AT, appeal_id="ap-1", status=AppealStatus.WON) == won
    paid = on_claim_paid(won, "pay-1", Decimal("150.00"), AT)
    assert paid is not None and paid.outcome is CaseOutcome.APPEAL_WON
    assert [entry.action for entry in paid.history] == [
        "denied",
        "route",
        "assign",
        "file_appeal",
        "appeal_decided",
        "payment",
    ]


def test_timely_filing_write_off_yields_the_fact_and_closes_the_case():
    case = intake(None, "e1", "29").case
    closed, fact = write_off_denial(
        case, command_id="cmd-w", actor="manager@co", amount=None, reason="late", at=AT
    )
    assert fact is not None and fact.amount == Decimal("150.00")
    assert (closed.status, closed.outcome, closed.open_amount) == (
        CaseStatus.WRITTEN_OFF,
        CaseOutcome.WRITTEN_OFF,
        Decimal("0.00"),
    )
    assert (
        write_off_denial(closed, command_id="cmd-w", actor="manager@co", amount=None, reason="late", at=AT)[1]
        is None
    )
    with pytest.raises(InvalidCaseTransition):
        closed.assigned(event_id="cmd-x", at=AT, actor="x", assignee="y")


def test_duplicate_denial_closes_without_a_work_item():
    result = intake(None, "e1", "18")
    assert (result.case.status, result.case.outcome, result.routed) == (
        CaseStatus.RESOLVED,
        CaseOutcome.DUPLICATE_CLOSED,
        None,
    )


def test_rejection_is_routed_for_correction_by_segment():
    rejection = RejectionReceived(
        event_id="r1",
        tenant_id="clinic-c",
        claim_id="CLM-9",
        payer_id="MCR01",
        rejection_id="rej-1",
        rejected_on=date(2025, 3, 2),
        date_of_service=date(2025, 3, 1),
        segment="NM1",
        total_charge=Decimal("200"),
    )
    result = on_claim_rejected(None, rejection, HYBRID, TERMS, ids("r1"), AT)
    assert result.routed is not None and result.routed.queue is WorkQueue.FRONT_DESK
    assert result.routed.deadline == date(2026, 3, 1)  # timely filing only: a rejection has no appeal
