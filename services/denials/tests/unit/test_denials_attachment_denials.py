"""A payer asking for paperwork (CO-252, or CO-16 with N706) is routed to billing to attach it and resubmit,
and the biller's `corrected` resolution carrying an add_attachment fix goes to claims as CorrectionRequested."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import uuid4

import pytest
from rcm_denials.adapters.incoming_events import denial_received
from rcm_denials.domain.billing_models import BillingModel, TenantBillingConfig
from rcm_denials.domain.classification import classify_line
from rcm_denials.domain.deadlines import PayerTerms
from rcm_denials.domain.denial_facts import (
    ClaimCircumstances,
    DeniedLine,
    RecommendedAction,
    RootCause,
    WorkQueue,
)
from rcm_denials.service.case_decisions import decide_denial
from rcm_denials.service.command_decisions import decide_resolve
from rcm_denials.service.outgoing_translation import wire_action
from rcm_denials.service.worklist_commands import LoopGuardRefused
from rcm_schemas import new_message
from rcm_schemas.events.common import Adjustment, RemitLine
from rcm_schemas.events.denials import CorrectionRequested, DenialRouted, ResolveDenial
from rcm_schemas.events.fixes import AddAttachment
from rcm_schemas.events.remittance import ClaimDenied

AT = datetime(2025, 3, 12, 9, 0, tzinfo=UTC)
CONFIG = TenantBillingConfig(tenant_id="clinic-pwk", billing_model=BillingModel.IN_HOUSE)
TERMS = PayerTerms(payer_id="CCPPO", payer_name="Contoso", appeal_limit_days=180, timely_filing_days=365)
NONE = ClaimCircumstances()
PROGRESS_NOTES = AddAttachment(report_type="09", transmission_code="FX", control_number="ACN-0042")


def _line(group: str, carc: str, *rarcs: str) -> DeniedLine:
    return DeniedLine(line_number=1, group_code=group, carc=carc, rarcs=rarcs, amount=Decimal("100.00"))


@pytest.mark.parametrize(
    ("denied", "rule_id"),
    [
        (_line("CO", "252"), "DEN-CARC-252-ATTACHMENT"),
        (_line("CO", "252", "N706"), "DEN-CARC-252-ATTACHMENT"),
        (_line("CO", "252", "M127"), "DEN-CARC-252-ATTACHMENT"),
        (_line("CO", "16", "N706"), "DEN-CARC-16-N706-ATTACHMENT"),
        # The simulator's "documentation requested" pair: N706 decides before M127's or any coding remark.
        (_line("CO", "16", "N706", "M127"), "DEN-CARC-16-N706-ATTACHMENT"),
        (_line("CO", "16", "M51", "N706"), "DEN-CARC-16-N706-ATTACHMENT"),
    ],
)
def test_a_request_for_paperwork_goes_to_billing_to_attach_and_resubmit(
    denied: DeniedLine, rule_id: str
) -> None:
    decided = classify_line(denied, NONE)
    assert (decided.rule_id, decided.queue, decided.action, decided.root_cause) == (
        rule_id,
        WorkQueue.BILLING,
        RecommendedAction.ATTACH_DOCUMENTATION,
        RootCause.OTHER,
    )
    assert decided.auto_fix_kinds == ()  # which paper, and its control number, only a person knows


def test_a_co_16_without_n706_keeps_its_rules() -> None:
    assert classify_line(_line("CO", "16"), NONE).rule_id == "DEN-CARC-16-MISSING-DATA"
    assert classify_line(_line("CO", "16", "M51"), NONE).rule_id == "DEN-CARC-16-CODING"


def _denied(carc: str, *rarcs: str) -> ClaimDenied:
    line = RemitLine(
        line_number=1,
        procedure_code="99213",
        charge_amount=Decimal("95.10"),
        paid_amount=Decimal("0.00"),
        adjustments=(Adjustment(group_code="CO", carc=carc, amount=Decimal("95.10")),),
        remark_codes=rarcs,
    )
    return ClaimDenied(
        claim_id="CLM-PWK1",
        payer_id="CCPPO",
        trace_number="EFT-PWK",
        claim_status_code="4",
        date_of_service=date(2025, 3, 1),
        payment_date=date(2025, 3, 12),
        charge_amount=Decimal("95.10"),
        paid_amount=Decimal("0.00"),
        denied_amount=Decimal("95.10"),
        lines=(line,),
    )


def test_the_routed_case_is_published_as_correct_and_resubmit_and_the_attachment_goes_to_claims() -> None:
    event = _denied("252")
    message = new_message(event, producer="tests", tenant_id="clinic-pwk", event_id=uuid4())
    routed = decide_denial(
        None, denial_received(event, message), config=CONFIG, terms=TERMS, at=AT, attempt_limit=2
    )
    assert routed is not None
    (published,) = routed.events
    assert isinstance(published, DenialRouted)
    assert (published.rule_id, published.queue, published.recommended_action) == (
        "DEN-CARC-252-ATTACHMENT",
        "billing",
        "correct_and_resubmit",  # the wire's action vocabulary; the rule id says which paper work it is
    )
    assert wire_action(RecommendedAction.ATTACH_DOCUMENTATION) == "correct_and_resubmit"

    command = ResolveDenial(
        claim_id="CLM-PWK1",
        work_item_id=published.work_item_id,
        resolution="corrected",
        fixes=(PROGRESS_NOTES,),
        requested_by="biller.lee",
    )
    decision = decide_resolve(routed.state, command, "cmd-pwk", "clinic-pwk", AT, 2)
    assert decision is not None
    (request,) = decision.events
    assert isinstance(request, CorrectionRequested)
    assert request.fixes == (PROGRESS_NOTES,) and request.reason_carc == "252"
    # The same paperwork again is refused by the loop guard: the payer denied the claim after seeing it.
    with pytest.raises(LoopGuardRefused, match="add_attachment"):
        decide_resolve(decision.state, command, "cmd-pwk-2", "clinic-pwk", AT, 2)


def test_paperwork_kept_at_the_office_travels_without_a_control_number() -> None:
    event = _denied("16", "N706")
    message = new_message(event, producer="tests", tenant_id="clinic-pwk", event_id=uuid4())
    routed = decide_denial(
        None, denial_received(event, message), config=CONFIG, terms=TERMS, at=AT, attempt_limit=2
    )
    assert routed is not None
    on_request = AddAttachment(report_type="B3", transmission_code="AA")
    command = ResolveDenial(
        claim_id="CLM-PWK1",
        work_item_id=routed.state["case"]["work_item"]["work_item_id"],
        resolution="corrected",
        fixes=(on_request,),
        requested_by="biller.lee",
    )
    decision = decide_resolve(routed.state, command, "cmd-aa", "clinic-pwk", AT, 2)
    assert decision is not None
    (request,) = decision.events
    assert isinstance(request, CorrectionRequested) and request.fixes == (on_request,)
