"""RemitClaim (the payer's CLP loop as read from the 835) <-> Mongo document, for the unmatched queue.

A queue item keeps the payer's claim whole, so a manual match later posts it exactly as an automatic match
would have. Money is stored as integer cents; quantities and units (not money) as decimal strings.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from rcm_schemas.money import from_cents, to_cents
from rcm_x12 import Adjustment, RemitClaim, RemitServiceLine

from rcm_remittance.domain.payer_adjudication import (
    adjudication_document,
    inpatient_from_document,
    outpatient_from_document,
)


def _decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _adjustments_document(adjustments: tuple[Adjustment, ...]) -> list[dict[str, Any]]:
    return [
        {
            "group": a.group,
            "reason": a.reason,
            "amount_cents": to_cents(a.amount),
            "quantity": _decimal_text(a.quantity),
        }
        for a in adjustments
    ]


def _adjustments(documents: list[dict[str, Any]]) -> tuple[Adjustment, ...]:
    return tuple(
        Adjustment(d["group"], d["reason"], from_cents(d["amount_cents"]), _decimal(d["quantity"]))
        for d in documents
    )


def _line_document(line: RemitServiceLine) -> dict[str, Any]:
    return {
        "procedure_code": line.procedure_code,
        "charge_cents": to_cents(line.charge),
        "paid_cents": to_cents(line.paid),
        "modifiers": list(line.modifiers),
        "units": _decimal_text(line.units),
        "original_procedure_code": line.original_procedure_code,
        "original_modifiers": list(line.original_modifiers),
        "service_date": line.service_date.isoformat() if line.service_date else None,
        "line_control_number": line.line_control_number,
        "allowed_cents": None if line.allowed is None else to_cents(line.allowed),
        "adjustments": _adjustments_document(line.adjustments),
        "remark_codes": list(line.remark_codes),
    }


def _line(d: dict[str, Any]) -> RemitServiceLine:
    return RemitServiceLine(
        procedure_code=d["procedure_code"],
        charge=from_cents(d["charge_cents"]),
        paid=from_cents(d["paid_cents"]),
        modifiers=tuple(d["modifiers"]),
        units=_decimal(d["units"]),
        original_procedure_code=d["original_procedure_code"],
        original_modifiers=tuple(d["original_modifiers"]),
        service_date=_day(d["service_date"]),
        line_control_number=d["line_control_number"],
        allowed=None if d["allowed_cents"] is None else from_cents(d["allowed_cents"]),
        adjustments=_adjustments(d["adjustments"]),
        remark_codes=tuple(d["remark_codes"]),
    )


def remit_claim_document(claim: RemitClaim) -> dict[str, Any]:
    """Contains PHI (patient name, member id): stored for the biller's screen, never logged."""
    return {
        "claim_id": claim.claim_id,
        "status": claim.status,
        "charge_cents": to_cents(claim.charge),
        "paid_cents": to_cents(claim.paid),
        "patient_responsibility_cents": to_cents(claim.patient_responsibility),
        "filing_indicator": claim.filing_indicator,
        "payer_claim_number": claim.payer_claim_number,
        "patient_last_name": claim.patient_last_name,
        "patient_first_name": claim.patient_first_name,
        "patient_member_id": claim.patient_member_id,
        "facility_code": claim.facility_code,
        "frequency_code": claim.frequency_code,
        "adjustments": _adjustments_document(claim.adjustments),
        "outpatient_remarks": list(claim.outpatient_remarks),
        "inpatient_remarks": list(claim.inpatient_remarks),
        "covered_days": _decimal_text(claim.covered_days),
        "outpatient_adjudication": adjudication_document(claim.outpatient_adjudication),
        "inpatient_adjudication": adjudication_document(claim.inpatient_adjudication),
        "statement_date": claim.statement_date.isoformat() if claim.statement_date else None,
        "lines": [_line_document(line) for line in claim.lines],
    }


def remit_claim_from_document(d: dict[str, Any]) -> RemitClaim:
    return RemitClaim(
        claim_id=d["claim_id"],
        status=d["status"],
        charge=from_cents(d["charge_cents"]),
        paid=from_cents(d["paid_cents"]),
        patient_responsibility=from_cents(d["patient_responsibility_cents"]),
        filing_indicator=d["filing_indicator"],
        payer_claim_number=d["payer_claim_number"],
        patient_last_name=d["patient_last_name"],
        patient_first_name=d["patient_first_name"],
        patient_member_id=d["patient_member_id"],
        facility_code=d["facility_code"],
        frequency_code=d["frequency_code"],
        adjustments=_adjustments(d["adjustments"]),
        outpatient_remarks=tuple(d["outpatient_remarks"]),
        inpatient_remarks=tuple(d["inpatient_remarks"]),
        covered_days=_decimal(d["covered_days"]),
        # Items queued before MOA/MIA amounts were read have neither key.
        outpatient_adjudication=outpatient_from_document(d.get("outpatient_adjudication")),
        inpatient_adjudication=inpatient_from_document(d.get("inpatient_adjudication")),
        statement_date=_day(d["statement_date"]),
        lines=tuple(_line(line) for line in d["lines"]),
    )
