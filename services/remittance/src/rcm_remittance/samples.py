"""Builders for tests and the benchmark: balanced 835 files (rcm_x12 writer) and the claims we sent.

Deterministic, no randomness; amounts derive from lines and adjustments so every built file balances.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from rcm_x12 import (
    Adjustment,
    ControlNumbers,
    EnvelopeParties,
    Party,
    ProviderAdjustment,
    RemitClaim,
    RemitServiceLine,
    Remittance,
    write_835,
)
from rcm_x12.sample835 import PAYEE, PAYER

from rcm_remittance.domain.known_claims import KnownClaim, KnownLine

POSTED_AT = datetime(2024, 3, 21, 9, 30, tzinfo=UTC)
D = Decimal


def svc(
    code: str,
    charge: str,
    paid: str,
    adjustments: tuple[Adjustment, ...] = (),
    modifiers: tuple[str, ...] = (),
    control: str = "",
    remarks: tuple[str, ...] = (),
    original: str = "",
) -> RemitServiceLine:
    return RemitServiceLine(
        code,
        D(charge),
        D(paid),
        modifiers,
        D("1"),
        original_procedure_code=original,
        service_date=date(2024, 3, 4),
        line_control_number=control,
        adjustments=adjustments,
        remark_codes=remarks,
    )


def cas(group: str, reason: str, amount: str) -> Adjustment:
    return Adjustment(group, reason, D(amount))


def clp(
    claim_id: str,
    status: str,
    lines: tuple[RemitServiceLine, ...],
    claim_adjustments: tuple[Adjustment, ...] = (),
    payer_claim_number: str = "ICN1",
) -> RemitClaim:
    """A balanced CLP loop: charge, paid and PR derived from its lines and adjustments."""
    charge = sum((line.charge for line in lines), D("0.00")) if lines else D("0.00")
    if not lines:
        charge = sum((a.amount for a in claim_adjustments), D("0.00"))
    paid = (
        sum((line.paid for line in lines), D("0.00")) - sum((a.amount for a in claim_adjustments), D("0.00"))
        if lines
        else D("0.00")
    )
    patient = sum(
        (
            a.amount
            for a in (*claim_adjustments, *(a for ln in lines for a in ln.adjustments))
            if a.group == "PR"
        ),
        D("0.00"),
    )
    return RemitClaim(
        claim_id,
        status,
        charge,
        paid,
        patient,
        "12",
        payer_claim_number,
        patient_last_name="DOE",
        patient_first_name="JANE",
        patient_member_id="W123456789",
        adjustments=claim_adjustments,
        lines=lines,
    )


def remittance(
    claims: tuple[RemitClaim, ...],
    trace: str = "CHK1001",
    payer: Party = PAYER,
    plbs: tuple[ProviderAdjustment, ...] = (),
) -> Remittance:
    paid = sum((c.paid for c in claims), D("0.00"))
    plb_total = sum((i.amount for p in plbs for i in p.items), D("0.00"))
    return Remittance(
        payer, PAYEE, trace, "1371234567", paid - plb_total, "CHK", date(2024, 3, 20), None, claims, plbs
    )


def file_of(*remittances: Remittance) -> str:
    return write_835(
        list(remittances),
        EnvelopeParties("ACMEPAYER", "RCMCLINIC"),
        ControlNumbers(7, 7, 1),
        datetime(2024, 3, 19, 8, 0),
    )


def known_from(claim: RemitClaim, claim_id: str | None = None) -> KnownClaim:
    """Our claim as we sent it: the codes and modifiers as billed (SVC06 when the payer changed them)."""
    lines = tuple(
        KnownLine(
            line_number=number,
            procedure_code=line.original_procedure_code or line.procedure_code,
            modifiers=line.original_modifiers if line.original_procedure_code else line.modifiers,
            charge=line.charge,
            line_control_number=line.line_control_number,
        )
        for number, line in enumerate(claim.lines, start=1)
    )
    return KnownClaim(claim_id=claim_id or claim.claim_id, lines=lines, encounter_id="enc-1")
