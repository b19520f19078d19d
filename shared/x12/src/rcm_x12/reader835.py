"""835 (005010X221A1) reader: fast, forgiving about optional segments, strict about amounts and envelopes.

Separators come from the ISA; newlines after terminators are fine; several ST/SE transactions, groups and
interchanges may share one file. Unknown or unused segments are skipped.
"""

from __future__ import annotations

import gc
from decimal import Decimal, InvalidOperation
from typing import Any

from rcm_x12.envelope import TransactionSlice, split_transactions
from rcm_x12.errors import X12ParseError
from rcm_x12.remit835 import (
    Adjustment,
    InpatientAdjudication,
    OutpatientAdjudication,
    Party,
    ProviderAdjustment,
    ProviderAdjustmentItem,
    RemitClaim,
    RemitServiceLine,
    Remittance,
)
from rcm_x12.segments import CENTS, Segment, parse_date, parse_quantity

CAS_TRIPLE_STARTS = (2, 5, 8, 11, 14, 17)
PLB_PAIR_STARTS = (3, 5, 7, 9, 11, 13)
# Element positions of the MOA/MIA amounts (money, quantized to cents), rates and day counts (kept as sent).
MOA_AMOUNTS = {2: "hcpcs_payable_amount", 8: "esrd_payment_amount", 9: "nonpayable_professional_component"}
MOA_RATES = {1: "reimbursement_rate"}
MIA_AMOUNTS = {
    2: "pps_operating_outlier_amount",
    4: "drg_amount",
    6: "disproportionate_share_amount",
    7: "msp_pass_through_amount",
    8: "pps_capital_amount",
    9: "pps_capital_fsp_drg_amount",
    10: "pps_capital_hsp_drg_amount",
    11: "pps_capital_dsh_drg_amount",
    12: "old_capital_amount",
    13: "pps_capital_ime_amount",
    14: "pps_operating_hospital_specific_drg_amount",
    16: "pps_operating_federal_specific_drg_amount",
    17: "pps_capital_outlier_amount",
    18: "indirect_teaching_amount",
    19: "nonpayable_professional_component",
    25: "pps_capital_exception_amount",
}
MIA_COUNTS = {3: "lifetime_psychiatric_days", 15: "cost_report_days"}


def _amount(seg: Segment, index: int, pos: int) -> Decimal:
    # Inlined instead of segments.parse_amount: this runs several times per segment on large files.
    raw = seg[index] if index < len(seg) else ""
    try:
        value = Decimal(raw)
        if value.is_finite():
            return value.quantize(CENTS)
    except InvalidOperation:
        pass
    raise X12ParseError("non-numeric amount", seg[0], pos, index)


def cas_adjustments(seg: Segment, pos: int) -> list[Adjustment]:
    """The reason/amount/quantity triples of one CAS segment (835 and 837P loops 2320/2430 alike)."""
    group = seg[1] if len(seg) > 1 else ""
    found: list[Adjustment] = []
    size = len(seg)
    for start in CAS_TRIPLE_STARTS:
        if start >= size or not seg[start]:
            break
        quantity = parse_quantity(seg, start + 2, pos) if start + 2 < size and seg[start + 2] else None
        found.append(Adjustment(group, seg[start], _amount(seg, start + 1, pos), quantity))
    return found


def _sent_values(
    seg: Segment, pos: int, amounts: dict[int, str], counts: dict[int, str]
) -> dict[str, Decimal]:
    """The MOA/MIA elements the payer filled in, by field name: amounts in cents, rates and counts as sent."""
    values = {name: _amount(seg, i, pos) for i, name in amounts.items() if i < len(seg) and seg[i]}
    for index, name in counts.items():
        value = parse_quantity(seg, index, pos) if index < len(seg) and seg[index] else None
        if value is not None:
            values[name] = value
    return values


def _plb(seg: Segment, pos: int, component: str) -> ProviderAdjustment:
    items: list[ProviderAdjustmentItem] = []
    for start in PLB_PAIR_STARTS:
        if start >= len(seg) or not seg[start]:
            break
        reason, _, reference = seg[start].partition(component)
        items.append(ProviderAdjustmentItem(reason, _amount(seg, start + 1, pos), reference))
    return ProviderAdjustment(seg[1] if len(seg) > 1 else "", parse_date(seg, 2, pos), tuple(items))


class _Claim:
    """Mutable accumulator for one CLP loop; frozen into RemitClaim when the next CLP/PLB/SE arrives."""

    __slots__ = ("adjustments", "fields", "line", "line_adjustments", "line_remarks", "lines")

    def __init__(self, fields: dict[str, Any]) -> None:
        self.fields = fields
        self.adjustments: list[Adjustment] = []
        self.lines: list[RemitServiceLine] = []
        self.line: dict[str, Any] | None = None
        self.line_adjustments: list[Adjustment] = []
        self.line_remarks: list[str] = []

    def close_line(self) -> None:
        if self.line is not None:
            self.lines.append(
                RemitServiceLine(
                    **self.line,
                    adjustments=tuple(self.line_adjustments),
                    remark_codes=tuple(self.line_remarks),
                )
            )
            self.line = None
            self.line_adjustments = []
            self.line_remarks = []

    def freeze(self) -> RemitClaim:
        self.close_line()
        return RemitClaim(**self.fields, adjustments=tuple(self.adjustments), lines=tuple(self.lines))


def _svc(seg: Segment, pos: int, component: str) -> dict[str, Any]:
    procedure = seg[1].split(component) if len(seg) > 1 else [""]
    original = seg[6].split(component) if len(seg) > 6 and seg[6] else []
    return {
        "procedure_code": procedure[1] if len(procedure) > 1 else procedure[0],
        "modifiers": tuple(m for m in procedure[2:6] if m),
        "charge": _amount(seg, 2, pos),
        "paid": _amount(seg, 3, pos),
        "units": parse_quantity(seg, 5, pos) if len(seg) > 5 and seg[5] else None,
        "original_procedure_code": original[1] if len(original) > 1 else "",
        "original_modifiers": tuple(m for m in original[2:6] if m),
    }


def _read_remittance(piece: TransactionSlice, component: str) -> Remittance:
    base = piece.first_position
    header: dict[str, Any] = {}
    parties: dict[str, dict[str, str]] = {"PR": {}, "PE": {}}
    party: dict[str, str] | None = None
    claims: list[RemitClaim] = []
    claim: _Claim | None = None
    plbs: list[ProviderAdjustment] = []
    for offset, seg in enumerate(piece.segments):
        tag = seg[0]
        pos = base + offset
        size = len(seg)
        if claim is not None:
            line = claim.line
            if tag == "CAS":
                (claim.adjustments if line is None else claim.line_adjustments).extend(
                    cas_adjustments(seg, pos)
                )
                continue
            if tag == "SVC":
                claim.close_line()
                claim.line = _svc(seg, pos, component)
                continue
            if tag == "DTM" and size > 2:
                if line is not None and seg[1] in ("472", "150"):
                    line["service_date"] = parse_date(seg, 2, pos)
                elif line is None and seg[1] == "232":
                    claim.fields["statement_date"] = parse_date(seg, 2, pos)
                continue
            if tag == "REF":
                if line is not None and size > 2 and seg[1] == "6R":
                    line["line_control_number"] = seg[2]
                continue
            if tag == "AMT":
                if line is not None and size > 2 and seg[1] == "B6":
                    line["allowed"] = _amount(seg, 2, pos)
                elif line is None and size > 2 and seg[1] == "I":
                    claim.fields["interest"] = _amount(seg, 2, pos)
                continue
            if tag == "LQ":
                if size > 2 and seg[1] == "HE":
                    claim.line_remarks.append(seg[2])
                continue
            if tag == "NM1":
                if size > 1 and seg[1] == "QC":
                    claim.fields.update(
                        patient_last_name=seg[3] if size > 3 else "",
                        patient_first_name=seg[4] if size > 4 else "",
                        patient_member_id=seg[9] if size > 9 else "",
                    )
                elif size > 1 and seg[1] == "TT":
                    claim.fields.update(
                        crossover_payer_name=seg[3] if size > 3 else "",
                        crossover_payer_id=seg[9] if size > 9 else "",
                    )
                continue
            if tag == "MOA":
                claim.fields["outpatient_remarks"] = tuple(r for r in seg[3:8] if r)
                outpatient = _sent_values(seg, pos, MOA_AMOUNTS, MOA_RATES)
                # None when only remarks were sent, so the model says "no amounts" one way only.
                claim.fields["outpatient_adjudication"] = (
                    OutpatientAdjudication(**outpatient) if outpatient else None
                )
                continue
            if tag == "MIA":
                claim.fields["covered_days"] = parse_quantity(seg, 1, pos)
                claim.fields["inpatient_remarks"] = tuple(r for r in [*seg[5:6], *seg[20:25]] if r)
                inpatient = _sent_values(seg, pos, MIA_AMOUNTS, MIA_COUNTS)
                claim.fields["inpatient_adjudication"] = (
                    InpatientAdjudication(**inpatient) if inpatient else None
                )
                continue
            if tag in ("CLP", "PLB", "LX", "SE"):
                claims.append(claim.freeze())
                claim = None
            else:
                continue  # other 2100/2110 segments (PER, QTY, other NM1 ...) are not modelled
        if tag == "CLP":
            if size < 5:
                raise X12ParseError("CLP needs at least 4 elements", "CLP", pos)
            claim = _Claim(
                {
                    "claim_id": seg[1],
                    "status": seg[2],
                    "charge": _amount(seg, 3, pos),
                    "paid": _amount(seg, 4, pos),
                    "patient_responsibility": _amount(seg, 5, pos)
                    if size > 5 and seg[5]
                    else Decimal("0.00"),
                    "filing_indicator": seg[6] if size > 6 else "",
                    "payer_claim_number": seg[7] if size > 7 else "",
                    "facility_code": seg[8] if size > 8 else "",
                    "frequency_code": seg[9] if size > 9 else "",
                }
            )
        elif tag == "PLB":
            plbs.append(_plb(seg, pos, component))
        elif tag == "BPR":
            header["payment_amount"] = _amount(seg, 2, pos)
            header["payment_method"] = seg[4] if size > 4 else ""
            header["payment_date"] = parse_date(seg, 16, pos)
        elif tag == "TRN":
            header["trace_number"] = seg[2] if size > 2 else ""
            header["payer_tin"] = seg[3] if size > 3 else ""
        elif tag == "DTM" and size > 2 and seg[1] == "405":
            header["production_date"] = parse_date(seg, 2, pos)
        elif tag == "N1" and size > 2:
            party = parties.setdefault(seg[1], {})
            party.update(name=seg[2], identifier=seg[4] if size > 4 else "")
        elif party is not None and tag == "N3" and size > 1:
            party["line1"] = seg[1]
        elif party is not None and tag == "N4" and size > 1:
            party.update(
                city=seg[1], state=seg[2] if size > 2 else "", postal_code=seg[3] if size > 3 else ""
            )
        elif party is not None and tag == "REF" and size > 2 and seg[1] == "2U":
            party["additional_id"] = seg[2]
        elif party is not None and tag == "PER" and size > 4 and seg[1] == "BL":
            party["contact_phone"] = seg[4]
    for required, tag in (("payment_amount", "BPR"), ("trace_number", "TRN")):
        if required not in header:
            raise X12ParseError(f"missing {tag} segment", "ST", base)
    return Remittance(
        payer=Party(**parties["PR"]) if parties["PR"] else Party(""),
        payee=Party(**parties["PE"]) if parties["PE"] else Party(""),
        claims=tuple(claims),
        provider_adjustments=tuple(plbs),
        **header,
    )


def read_835(text: str, pause_gc: bool = True) -> list[Remittance]:
    """Every 835 transaction set in the file, in file order.

    pause_gc: the reader allocates hundreds of thousands of acyclic lists and dataclasses; pausing the cyclic
    garbage collector while it runs cuts large-file parse time by roughly a third. It is re-enabled (if it was
    enabled) before returning or raising.
    """
    was_enabled = pause_gc and gc.isenabled()
    if was_enabled:
        gc.disable()
    try:
        separators, pieces = split_transactions(text, expected_id="835")
        return [_read_remittance(piece, separators.component) for piece in pieces]
    finally:
        if was_enabled:
            gc.enable()
