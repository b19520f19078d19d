"""The wiring without I/O: case documents in cents, wire mapping of domain values, decisions on the case."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import uuid4

import pytest
from rcm_denials.adapters.incoming_events import denial_received
from rcm_denials.domain.billing_models import BillingModel, TenantBillingConfig
from rcm_denials.domain.deadlines import PayerTerms
from rcm_denials.domain.denial_facts import RecommendedAction, RootCause
from rcm_denials.service.case_decisions import decide_denial, decide_payment
from rcm_denials.service.case_documents import CaseContext, case_of, case_state, context_of
from rcm_denials.service.command_decisions import decide_resolve
from rcm_denials.service.outgoing_translation import wire_action, wire_root_cause
from rcm_schemas import new_message
from rcm_schemas.events.common import Adjustment, Coverage, RemitLine
from rcm_schemas.events.denials import CorrectionRequested, ResolveDenial
from rcm_schemas.events.fixes import (
    ChangeProcedureCode,
    ReplaceDiagnosis,
    SetDiagnoses,
    UpdateRegistrationData,
)
from rcm_schemas.events.remittance import ClaimDenied

AT = datetime(2025, 3, 12, 9, 0, tzinfo=UTC)
CONFIG = TenantBillingConfig(tenant_id="clinic-u", billing_model=BillingModel.IN_HOUSE)
TERMS = PayerTerms(payer_id="MCR01", payer_name="Medicare", appeal_limit_days=120, timely_filing_days=365)


def denial(carc: str, trace: str = "EFT-1") -> ClaimDenied:
    line = RemitLine(
        line_number=1,
        procedure_code="99213",
        charge_amount=Decimal("95.10"),
        paid_amount=Decimal("0.00"),
        adjustments=(Adjustment(group_code="CO", carc=carc, amount=Decimal("95.10")),),
    )
    return ClaimDenied(
        claim_id="CLM-U1",
        payer_id="MCR01",
        trace_number=trace,
        claim_status_code="4",
        date_of_service=date(2025, 3, 1),
        payment_date=date(2025, 3, 12),
        charge_amount=Decimal("95.10"),
        paid_amount=Decimal("0.00"),
        denied_amount=Decimal("95.10"),
        lines=(line,),
    )


def decide(event: ClaimDenied, state: dict | None = None):  # type: ignore[no-untyped-def, type-arg]
    message = new_message(event, producer="tests", tenant_id="clinic-u", event_id=uuid4())
    return decide_denial(
        state,
        denial_received(event, message),
        config=CONFIG,
        terms=TERMS,
        at=AT,
        attempt_limit=2,
    )


def test_a_routed_case_is_stored_in_cents_and_reads_back_equal() -> None:
    decision = decide(denial("27"))
    assert decision is not None and [type(e).__name__ for e in decision.events] == ["DenialRouted"]
    stored = decision.state
    assert stored["case"]["open_amount_cents"] == 9510
    assert stored["case"]["work_item"]["amount_at_risk_cents"] == 9510
    assert stored["context"]["charge_amount_cents"] == 9510
    case = case_of(stored)
    assert case is not None and case.open_amount == Decimal("95.10")
    assert case_state(case, context_of(stored)) == stored


def test_the_same_835_denial_re_emitted_changes_nothing_but_a_new_remittance_reopens() -> None:
    first = decide(denial("27"))
    assert first is not None
    assert decide(denial("27"), first.state) is None
    assert decide(denial("27", trace="EFT-2"), first.state) is not None


def test_a_duplicate_claim_denial_is_closed_without_any_event() -> None:
    decision = decide(denial("18"))
    assert decision is not None and list(decision.events) == []
    assert decision.state["case"]["status"] == "resolved"


def test_a_payment_without_a_case_changes_nothing() -> None:
    assert decide_payment(None, event_id="e-1", paid_amount=Decimal("10.00"), at=AT) is None


def test_domain_values_map_to_the_schema_literals() -> None:
    assert wire_root_cause(RootCause.NON_COVERED) == "other"
    assert wire_root_cause(RootCause.MEDICAL_NECESSITY) == "medical_necessity"
    assert wire_action(RecommendedAction.APPEAL) == "appeal"
    with pytest.raises(ValueError, match="never published"):
        wire_action(RecommendedAction.CLOSE_NO_ACTION)
    assert context_of(None) == CaseContext()


def test_the_front_desks_corrected_coverage_travels_to_claims_and_is_not_kept_here() -> None:
    routed = decide(denial("27"))
    assert routed is not None
    work_item_id = routed.state["case"]["work_item"]["work_item_id"]
    coverage = Coverage(
        payer_id="CCPPO",
        payer_name="Contoso Commercial PPO",
        coverage_order="primary",
        member_id="CCP1234567801",
    )
    command = ResolveDenial(
        claim_id="CLM-U1",
        work_item_id=work_item_id,
        resolution="corrected",
        fixes=(UpdateRegistrationData(coverage=coverage),),
        requested_by="desk.ana",
    )
    decision = decide_resolve(routed.state, command, "cmd-1", "clinic-u", AT, 2)
    assert decision is not None
    (request,) = decision.events
    assert isinstance(request, CorrectionRequested)
    assert request.fixes == (UpdateRegistrationData(coverage=coverage),)
    assert "CCP1234567801" not in repr(decision.state)  # the case keeps the fix's fingerprint, not the PHI


def test_a_coders_code_changes_are_sent_to_claims_as_they_were_resolved() -> None:
    routed = decide(denial("11"))  # CO-11: the diagnosis is inconsistent with the procedure
    assert routed is not None
    code_changes = (
        ReplaceDiagnosis(position=1, diagnosis_code="M1711"),
        SetDiagnoses(diagnoses=("M1711", "I10")),
        ChangeProcedureCode(line_number=1, procedure_code="99214"),
    )
    command = ResolveDenial(
        claim_id="CLM-U1",
        work_item_id=routed.state["case"]["work_item"]["work_item_id"],
        resolution="corrected",
        fixes=code_changes,
        requested_by="coder.kim",
    )
    decision = decide_resolve(routed.state, command, "cmd-2", "clinic-u", AT, 2)
    assert decision is not None
    (request,) = decision.events
    assert isinstance(request, CorrectionRequested) and request.fixes == code_changes
