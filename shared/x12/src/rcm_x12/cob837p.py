"""Coordination of benefits in the 837P (005010X222A1): the other payers of a claim and what they decided.

2300 ... 2310x, then per other payer: 2320 SBR, CAS (claim level), AMT*D (paid), AMT*EAF (remaining patient
liability), OI; 2330A NM1*IL (other subscriber); 2330B NM1*PR (other payer), DTP*573 when no line carries a 2430.
2400 ... 2420x, then per other payer that adjudicated the line: 2430 SVD, CAS, DTP*573.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rcm_x12.claim837 import Claim, LineAdjudication, OtherPayer, ServiceLine
from rcm_x12.errors import X12BuildError, X12ParseError
from rcm_x12.reader835 import cas_adjustments
from rcm_x12.segments import (
    Segment,
    Separators,
    composite,
    element_at,
    format_amount,
    format_date,
    format_quantity,
    parse_amount,
    parse_date,
    parse_quantity,
)
from rcm_x12.writer835 import cas_segments

MAX_OTHER_PAYERS = 10
ZERO = Decimal("0.00")


def refuse_bad_coordination(claim: Claim) -> None:
    """What a payer's COB edit would reject, refused before writing; messages name the element, not the value."""
    if len(claim.other_payers) > MAX_OTHER_PAYERS:
        raise X12BuildError(f"claim {claim.claim_id}: at most {MAX_OTHER_PAYERS} other payers (loop 2320)")
    seen: set[str] = set()
    for other in claim.other_payers:
        if other.payer_id == claim.payer.payer_id:
            raise X12BuildError(f"claim {claim.claim_id}: 2330B NM109 repeats the claim's own payer (2010BB)")
        if other.payer_id in seen:
            raise X12BuildError(f"claim {claim.claim_id}: 2330B NM109 names one payer twice")
        seen.add(other.payer_id)
    for line in claim.lines:
        for adjudication in line.adjudications:
            if adjudication.payer_id not in seen:
                raise X12BuildError(f"claim {claim.claim_id}: SVD01 names no payer of loop 2330B")
            accounted = adjudication.paid + sum((a.amount for a in adjudication.adjustments), ZERO)
            if accounted != line.charge:
                raise X12BuildError(
                    f"claim {claim.claim_id}: 2430 SVD02 and CAS do not balance SV102 (the line charge)"
                )
    for other in claim.other_payers:
        line_paid = [
            a.paid for line in claim.lines for a in line.adjudications if a.payer_id == other.payer_id
        ]
        if line_paid and other.paid is not None and sum(line_paid, ZERO) != other.paid:
            raise X12BuildError(f"claim {claim.claim_id}: 2320 AMT*D is not the sum of that payer's SVD02")


def other_payer_loops(claim: Claim) -> list[Segment]:
    """Loops 2320/2330A/2330B for every other payer, in the order given (the claim's payer order)."""
    segments: list[Segment] = []
    for other in claim.other_payers:
        segments.append(
            ["SBR", other.responsibility, other.relationship, other.group_number, "", "", "", "", "",
             other.claim_filing_indicator]
        )  # fmt: skip
        segments.extend(cas_segments(other.claim_adjustments))
        if other.paid is not None:
            segments.append(["AMT", "D", format_amount(other.paid)])
        if other.remaining_patient_liability is not None:
            segments.append(["AMT", "EAF", format_amount(other.remaining_patient_liability)])
        segments.append(["OI", "", "", "Y", "", "", "Y"])  # benefits assigned, release of information on file
        segments.append(
            ["NM1", "IL", "1", other.subscriber_last_name, other.subscriber_first_name, "", "", "", "MI",
             other.member_id]
        )  # fmt: skip
        segments.append(["NM1", "PR", "2", other.payer_name, "", "", "", "", "PI", other.payer_id])
        lines_adjudicated = any(
            a.payer_id == other.payer_id for line in claim.lines for a in line.adjudications
        )
        if other.adjudication_date is not None and not lines_adjudicated:
            segments.append(["DTP", "573", "D8", format_date(other.adjudication_date)])
    return segments


def line_adjudication_loops(line: ServiceLine, separators: Separators) -> list[Segment]:
    """Loop 2430 of one service line, per other payer that adjudicated it."""
    segments: list[Segment] = []
    for adjudication in line.adjudications:
        procedure = composite(["HC", adjudication.procedure_code, *adjudication.modifiers], separators)
        segments.append(
            ["SVD", adjudication.payer_id, format_amount(adjudication.paid), procedure, "",
             format_quantity(adjudication.units)]
        )  # fmt: skip
        segments.extend(cas_segments(adjudication.adjustments))
        segments.append(["DTP", "573", "D8", format_date(adjudication.adjudication_date)])
    return segments


class OtherPayerReader:
    """Collects loops 2320/2330A/2330B of the claim being read: the reader hands it every segment of the claim
    before the first LX; from the first SBR on they are all other-payer loops (2320 follows 2310x in the guide)."""

    def __init__(self) -> None:
        self.payers: list[dict[str, Any]] = []

    def segment(self, seg: Segment, pos: int) -> bool:
        """True when the segment belongs to a 2320/2330 loop (consumed here)."""
        tag = seg[0]
        if tag == "SBR":
            self.payers.append(
                {
                    "responsibility": element_at(seg, 1),
                    "relationship": element_at(seg, 2),
                    "group": element_at(seg, 3),
                    "filing": element_at(seg, 9),
                    "adjustments": [],
                    "position": pos,
                }
            )
            return True
        if not self.payers:
            return False
        current = self.payers[-1]
        if tag == "CAS":
            current["adjustments"].extend(cas_adjustments(seg, pos))
        elif tag == "AMT" and element_at(seg, 1) == "D":
            current["paid"] = parse_amount(seg, 2, pos)
        elif tag == "AMT" and element_at(seg, 1) == "EAF":
            current["remaining"] = parse_amount(seg, 2, pos)
        elif tag == "NM1" and element_at(seg, 1) == "IL":
            current.update(last=element_at(seg, 3), first=element_at(seg, 4), member_id=element_at(seg, 9))
        elif tag == "NM1" and element_at(seg, 1) == "PR":
            current.update(payer_name=element_at(seg, 3), payer_id=element_at(seg, 9))
        elif tag == "DTP" and element_at(seg, 1) == "573":
            current["date"] = parse_date(seg, 3, pos)
        elif tag == "LX":
            return False  # the first service line: loop 2400 starts
        # Anything else up to the first LX is 2320/2330 too (OI, N3/N4, REF, the 2330C-G providers' NM1s...):
        # consumed here, so another payer's referring or rendering provider never becomes this claim's.
        return True

    def other_payers(self) -> tuple[OtherPayer, ...]:
        found: list[OtherPayer] = []
        for data in self.payers:
            if "payer_id" not in data:
                raise X12ParseError("loop 2320 without its 2330B payer (NM1*PR)", "SBR", data["position"])
            found.append(
                OtherPayer(
                    responsibility=data["responsibility"],
                    payer_name=data.get("payer_name", ""),
                    payer_id=data["payer_id"],
                    subscriber_last_name=data.get("last", ""),
                    subscriber_first_name=data.get("first", ""),
                    member_id=data.get("member_id", ""),
                    relationship=data["relationship"],
                    group_number=data["group"],
                    claim_filing_indicator=data["filing"],
                    paid=data.get("paid"),
                    claim_adjustments=tuple(data["adjustments"]),
                    remaining_patient_liability=data.get("remaining"),
                    adjudication_date=data.get("date"),
                )
            )
        return tuple(found)


def read_line_adjudication(seg: Segment, pos: int, line: dict[str, Any], component: str) -> bool:
    """SVD opens a 2430 in the line being read; its CAS and DTP*573 follow. True when consumed."""
    tag = seg[0]
    adjudications: list[dict[str, Any]] = line.setdefault("adjudications", [])
    if tag == "SVD":
        procedure = element_at(seg, 3).split(component)
        adjudications.append(
            {
                "payer_id": element_at(seg, 1),
                "paid": parse_amount(seg, 2, pos),
                "code": element_at(procedure, 1),
                "modifiers": tuple(m for m in procedure[2:] if m),
                "units": parse_quantity(seg, 5, pos) or Decimal(1),
                "adjustments": [],
                "position": pos,
            }
        )
        line["open_loop"] = "2430"
        return True
    if not adjudications or line.get("open_loop") != "2430":
        return False
    if tag == "CAS":
        adjudications[-1]["adjustments"].extend(cas_adjustments(seg, pos))
        return True
    if tag == "DTP" and element_at(seg, 1) == "573":
        adjudications[-1]["date"] = parse_date(seg, 3, pos)
        return True
    return tag in ("AMT",)  # 2430 AMT*EAF: remaining patient liability of the line, not kept


def line_adjudications(line: dict[str, Any]) -> tuple[LineAdjudication, ...]:
    found: list[LineAdjudication] = []
    for data in line.get("adjudications", []):
        if "date" not in data:
            raise X12ParseError("loop 2430 without DTP*573 (adjudication date)", "SVD", data["position"])
        found.append(
            LineAdjudication(
                payer_id=data["payer_id"],
                paid=data["paid"],
                procedure_code=data["code"],
                units=data["units"],
                adjudication_date=data["date"],
                modifiers=data["modifiers"],
                adjustments=tuple(data["adjustments"]),
            )
        )
    return tuple(found)
