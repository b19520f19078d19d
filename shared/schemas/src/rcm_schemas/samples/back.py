"""Samples of the back of the pipeline: remittance, posting, denials."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from rcm_schemas import events as ev
from rcm_schemas.envelope import Event
from rcm_schemas.events.denials import ReclassifyDenial
from rcm_schemas.events.remittance import PaymentTakenBack, UnderpaidLine, UnderpaymentFound
from rcm_schemas.samples.parts import (
    ADJUDICATED,
    CLAIM,
    DENIED,
    DENIED_LINE,
    FIX,
    PAID_LINE,
    PAYER,
    TRACE,
    WHO,
    D,
)

POSTED_SHARE = {
    "claim_id": CLAIM,
    "payer_id": PAYER,
    "trace_number": TRACE,
    "claim_status_code": "1",
    "charge_amount": D("180.00"),
    "paid_amount": D("107.50"),
    "contractual_adjustment": D("47.50"),
    "patient_responsibility": D("25.00"),
    "other_adjustment": D("0.00"),
    "open_balance": D("0.00"),
    "ledger_entry_count": 3,
}


def back_samples() -> list[Event]:
    """Remittance receipt to denial work."""
    return [
        ev.RemittanceReceived(
            trace_number=TRACE,
            payer_id=PAYER,
            payer_name="Aetna Demo",
            payment_amount=D("107.50"),
            payment_method="ACH",
            payment_date=date(2025, 3, 12),
            claim_count=1,
            source="simulator",
            x12_835="ISA*00*          *00*          *ZZ*AETNA01        *ZZ*SUNRISE        "
            "*250312*0900*^*00501*"
            "000000777*0*T*:~GS*HP*AETNA01*SUNRISE*20250312*0900*777*X*005010X221A1~ST*835*0001~"
            "BPR*I*107.50*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*888888888*DA*654321*20250312~"
            "TRN*1*EFT20250312001*1512345678~SE*4*0001~GE*1*777~IEA*1*000000777~",
        ),
        ev.PaymentPostedV1(**POSTED_SHARE),
        ev.PaymentPostedV2(
            **{
                **POSTED_SHARE,
                "paid_amount": D("60.00"),
                "contractual_adjustment": D("20.00"),
                "open_balance": D("75.00"),
                "ledger_entry_count": 4,
            },
            denied_amount=D("75.00"),
        ),
        ev.PaymentPosted(
            **{
                **POSTED_SHARE,
                "paid_amount": D("60.00"),
                "contractual_adjustment": D("20.00"),
                "open_balance": D("75.00"),
                "ledger_entry_count": 5,
            },
            denied_amount=D("75.00"),
            interest_amount=D("1.37"),
        ),
        ev.ClaimPaid(
            **ADJUDICATED,
            claim_status_code="1",
            paid_amount=D("107.50"),
            patient_responsibility=D("25.00"),
            lines=(PAID_LINE,),
        ),
        ev.ClaimPartiallyPaid(
            **{**ADJUDICATED, "charge_amount": D("360.00")},
            claim_status_code="1",
            paid_amount=D("107.50"),
            patient_responsibility=D("25.00"),
            lines=(PAID_LINE, DENIED_LINE.model_copy(update={"line_number": 2})),
        ),
        ev.ClaimDeniedV1(**DENIED),
        ev.ClaimDenied(**DENIED, claim_remark_codes=("MA130",)),
        ev.ClaimReversed(
            **{**ADJUDICATED, "charge_amount": D("-180.00")},
            claim_status_code="22",
            paid_amount=D("-107.50"),
            patient_responsibility=D("-25.00"),
            reversed_payer_claim_control_number="PCN7781",
        ),
        PaymentTakenBack(
            claim_id=CLAIM,
            encounter_id=ADJUDICATED["encounter_id"],
            payer_id=PAYER,
            trace_number=TRACE,
            takeback_kind="recoupment",
            amount=D("107.50"),
            payer_claim_control_number="PCN7781",
            recoupment_reasons=("WO",),
            taken_back_on=ADJUDICATED["payment_date"],
            date_of_service=ADJUDICATED["date_of_service"],
        ),
        UnderpaymentFound(
            claim_id=CLAIM,
            encounter_id=ADJUDICATED["encounter_id"],
            payer_id=PAYER,
            trace_number=TRACE,
            payer_claim_control_number="PCN7781",
            date_of_service=ADJUDICATED["date_of_service"],
            paid_amount=D("107.50"),
            contract=f"{PAYER} for every clinic: 115% (E/M) / 130% of Medicare, from 2025-01-01",
            lines=(
                UnderpaidLine(
                    line_number=1,
                    procedure_code="99214",
                    allowed_amount=D("139.40"),
                    expected_amount=D("146.74"),
                    underpaid_amount=D("7.34"),
                ),
            ),
            underpaid_amount=D("7.34"),
        ),
        ev.ClaimAccountPosted(
            claim_id=CLAIM,
            patient_id="pat-1",
            entry_kind="patient_payment",
            side="patient",
            amount=D("25.00"),
            reference_id="pay-1",
            method="card",
        ),
        ev.MatchRemittanceLine(
            trace_number=TRACE,
            payer_id=PAYER,
            unmatched_item_id="um-1",
            claim_id=CLAIM,
            line_number=1,
            requested_by=WHO,
        ),
        ev.DenialRouted(
            claim_id=CLAIM,
            denial_id="den-1",
            work_item_id="wi-den-1",
            payer_id=PAYER,
            source="remittance",
            root_cause="coding",
            recommended_action="correct_and_resubmit",
            rule_id="CARC-4-MODIFIER",
            carc_codes=("4",),
            queue="coding",
            team="clinic",
            amount_at_risk=D("180.00"),
            deadline=date(2025, 6, 10),
        ),
        ev.CorrectionRequestedV1(
            claim_id=CLAIM,
            denial_id="den-1",
            correction_id="cor-1",
            attempt=1,
            payer_claim_control_number="PCN7781",
            reason_carc="4",
            fixes=(FIX, ev.ChangePlaceOfService(place_of_service="10")),
        ),
        ev.CorrectionRequested(
            claim_id=CLAIM,
            denial_id="den-1",
            correction_id="cor-2",
            attempt=2,
            payer_claim_control_number="PCN7781",
            reason_carc="16",
            fixes=(
                ev.SetDiagnoses(diagnoses=("E119", "I10")),
                ev.ChangeProcedureCode(line_number=1, procedure_code="99213"),
            ),
        ),
        ev.AppealFiled(
            claim_id=CLAIM,
            denial_id="den-1",
            appeal_id="apl-1",
            payer_id=PAYER,
            appeal_deadline=date(2025, 9, 8),
            amount_appealed=D("180.00"),
            carc_codes=("50",),
            letter_document_id="doc-apl-1",
            filed_by=WHO,
        ),
        ev.DenialWrittenOff(
            claim_id=CLAIM,
            denial_id="den-1",
            payer_id=PAYER,
            amount=D("180.00"),
            root_cause="timely_filing",
            carc_codes=("29",),
            reason="Past timely filing limit",
            approved_by="manager.lee",
        ),
        ev.DenialReclassified(
            claim_id=CLAIM,
            denial_id="den-1",
            category="coding",
            adjustments=(ev.ReclassifiedAdjustment(group_code="CO", carc="Z9"),),
            reclassified_by="reviewer.ng",
        ),
        ev.AssignWorkItem(
            claim_id=CLAIM, work_item_id="wi-den-1", assignee="coder.kim", queue="coding", requested_by=WHO
        ),
        ev.ResolveDenialV1(
            claim_id=CLAIM, work_item_id="wi-den-1", resolution="corrected", fixes=(FIX,), requested_by=WHO
        ),
        ev.ResolveDenial(
            claim_id=CLAIM,
            work_item_id="wi-den-1",
            resolution="corrected",
            fixes=(ev.ReplaceDiagnosis(position=1, diagnosis_code="E1165"),),
            requested_by=WHO,
        ),
        ev.FileAppeal(
            claim_id=CLAIM,
            work_item_id="wi-den-1",
            requested_by=WHO,
            argument="The visit note documents medical necessity for the service.",
        ),
        ev.WriteOffDenial(claim_id=CLAIM, work_item_id="wi-den-1", reason="Small balance", requested_by=WHO),
        ReclassifyDenial(claim_id=CLAIM, work_item_id="wi-den-1", category="authorization", requested_by=WHO),
        ev.SettleCorrectedDenial(
            claim_id=CLAIM,
            replacement_claim_id="CLM000124",
            paid_amount=Decimal("96.00"),
            payment_event_id=UUID("3f2b8c1e-5d4a-4e6b-9c7d-1a2b3c4d5e6f"),
        ),
    ]
