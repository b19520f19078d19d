"""835 (005010X221A1) writer; refuses to write a remittance that does not balance."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rcm_x12.envelope import ControlNumbers, EnvelopeParties, build_interchange, wrap_transaction
from rcm_x12.errors import X12BuildError
from rcm_x12.remit835 import Adjustment, Party, RemitClaim, RemitServiceLine, Remittance, balance_problems
from rcm_x12.segments import (
    DEFAULT_SEPARATORS,
    Segment,
    Separators,
    composite,
    format_amount,
    format_date,
    format_quantity,
    serialize,
)

IMPLEMENTATION_835 = "005010X221A1"
CAS_TRIPLES_PER_SEGMENT = 6
PLB_PAIRS_PER_SEGMENT = 6


def cas_segments(adjustments: Sequence[Adjustment]) -> list[Segment]:
    """Group adjustments by group code (first-seen order), six triples per CAS segment."""
    by_group: dict[str, list[Adjustment]] = {}
    for adjustment in adjustments:
        by_group.setdefault(adjustment.group, []).append(adjustment)
    segments: list[Segment] = []
    for group, items in by_group.items():
        for start in range(0, len(items), CAS_TRIPLES_PER_SEGMENT):
            segment = ["CAS", group]
            for item in items[start : start + CAS_TRIPLES_PER_SEGMENT]:
                quantity = "" if item.quantity is None else format_quantity(item.quantity)
                segment.extend([item.reason, format_amount(item.amount), quantity])
            segments.append(segment)
    return segments


def _party(code: str, party: Party, id_qualifier: str) -> list[Segment]:
    segments: list[Segment] = [
        ["N1", code, party.name, id_qualifier if party.identifier else "", party.identifier]
    ]
    if party.line1:
        segments.append(["N3", party.line1])
    if party.city:
        segments.append(["N4", party.city, party.state, party.postal_code])
    return segments


def _line(line: RemitServiceLine, separators: Separators) -> list[Segment]:
    procedure = composite(["HC", line.procedure_code, *line.modifiers], separators)
    original = (
        composite(["HC", line.original_procedure_code, *line.original_modifiers], separators)
        if line.original_procedure_code
        else ""
    )
    units = "" if line.units is None else format_quantity(line.units)
    segments: list[Segment] = [
        ["SVC", procedure, format_amount(line.charge), format_amount(line.paid), "", units, original]
    ]
    if line.service_date is not None:
        segments.append(["DTM", "472", format_date(line.service_date)])
    segments.extend(cas_segments(line.adjustments))
    if line.line_control_number:
        segments.append(["REF", "6R", line.line_control_number])
    if line.allowed is not None:
        segments.append(["AMT", "B6", format_amount(line.allowed)])
    segments.extend(["LQ", "HE", remark] for remark in line.remark_codes)
    return segments


def _claim(claim: RemitClaim, separators: Separators) -> list[Segment]:
    segments: list[Segment] = [
        [
            "CLP",
            claim.claim_id,
            claim.status,
            format_amount(claim.charge),
            format_amount(claim.paid),
            format_amount(claim.patient_responsibility),
            claim.filing_indicator,
            claim.payer_claim_number,
            claim.facility_code,
            claim.frequency_code,
        ]
    ]
    segments.extend(cas_segments(claim.adjustments))
    id_qualifier = "MI" if claim.patient_member_id else ""
    segments.append(
        [
            "NM1",
            "QC",
            "1",
            claim.patient_last_name,
            claim.patient_first_name,
            "",
            "",
            "",
            id_qualifier,
            claim.patient_member_id,
        ]
    )
    if claim.crossover_payer_name:
        # 2100 NM1*TT (crossover carrier) follows the patient's NM1*QC: who the payer forwarded the claim to.
        qualifier = "PI" if claim.crossover_payer_id else ""
        segments.append(
            [
                "NM1",
                "TT",
                "2",
                claim.crossover_payer_name,
                "",
                "",
                "",
                "",
                qualifier,
                claim.crossover_payer_id,
            ]
        )
    if claim.covered_days is not None or claim.inpatient_remarks:
        days = format_quantity(claim.covered_days) if claim.covered_days is not None else "0"
        mia = ["MIA", days, "", "", "", *claim.inpatient_remarks[:1]]
        if len(claim.inpatient_remarks) > 1:
            mia.extend([""] * (20 - len(mia)))
            mia.extend(claim.inpatient_remarks[1:5])
        segments.append(mia)
    if claim.outpatient_remarks:
        segments.append(["MOA", "", "", *claim.outpatient_remarks[:5]])
    if claim.statement_date is not None:
        segments.append(["DTM", "232", format_date(claim.statement_date)])
    if claim.interest:
        segments.append(["AMT", "I", format_amount(claim.interest)])
    for line in claim.lines:
        segments.extend(_line(line, separators))
    return segments


def build_835_body(remittance: Remittance, separators: Separators = DEFAULT_SEPARATORS) -> list[Segment]:
    """BPR through PLB; raises X12BuildError when amounts do not balance."""
    problems = balance_problems(remittance)
    if problems:
        raise X12BuildError("unbalanced 835: " + "; ".join(problems))
    if remittance.payment_method not in ("CHK", "NON"):
        # ACH needs the DFI/account elements (BPR06-15) which this model does not carry yet.
        raise X12BuildError(f"payment method {remittance.payment_method!r} not supported (CHK or NON)")
    if not (remittance.payer.line1 and remittance.payer.city):
        raise X12BuildError("the payer address (N3/N4) is required in an 835")
    handling = "I" if remittance.payment_amount else "H"
    body: list[Segment] = [
        [
            "BPR",
            handling,
            format_amount(remittance.payment_amount),
            "C",
            remittance.payment_method,
            *[""] * 11,
            format_date(remittance.payment_date),
        ],
        ["TRN", "1", remittance.trace_number, remittance.payer_tin],
    ]
    if remittance.production_date is not None:
        body.append(["DTM", "405", format_date(remittance.production_date)])
    payer = remittance.payer
    body.extend(_party("PR", payer, "XV"))
    if payer.additional_id:
        body.append(["REF", "2U", payer.additional_id])
    # PER*BL (payer technical contact) is required in 1000A.
    body.append(["PER", "BL", "", "TE", payer.contact_phone or "0000000000"])
    body.extend(_party("PE", remittance.payee, "XX"))
    if remittance.claims:
        body.append(["LX", "1"])
    for claim in remittance.claims:
        body.extend(_claim(claim, separators))
    for adjustment in remittance.provider_adjustments:
        items = adjustment.items
        for start in range(0, len(items), PLB_PAIRS_PER_SEGMENT):
            segment = ["PLB", adjustment.provider_id, format_date(adjustment.fiscal_period_end)]
            for item in items[start : start + PLB_PAIRS_PER_SEGMENT]:
                segment.extend(
                    [composite([item.reason, item.reference], separators), format_amount(item.amount)]
                )
            body.append(segment)
    return body


def write_835(
    remittances: Sequence[Remittance],
    parties: EnvelopeParties,
    controls: ControlNumbers,
    created: datetime,
    separators: Separators = DEFAULT_SEPARATORS,
    line_breaks: bool = False,
) -> str:
    """One interchange and group; one ST per remittance numbered from controls.transaction_set upward."""
    if not remittances:
        raise X12BuildError("an 835 file needs at least one remittance")
    transactions = [
        # ST03 is "not used" in X221A1, unlike the 837P: the version lives in GS08 only.
        wrap_transaction("835", controls.transaction_set + offset, "", build_835_body(remittance, separators))
        for offset, remittance in enumerate(remittances)
    ]
    segments = build_interchange(
        parties, controls, "HP", IMPLEMENTATION_835, created, transactions, separators
    )
    return serialize(segments, separators, line_breaks)
