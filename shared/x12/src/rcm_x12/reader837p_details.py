"""Reading the payer-complete 837P parts back (the counterpart of loops837p): CLM11/CLM20, DTP*431/439, PWK,
AMT*F5, REF*X4, loops 2310A/C/D, 2410 and 2420A/D/E/F. The reader's claim and line dicts collect the values;
`claim_details` and `line_details` turn them into the model's fields when the claim or line closes."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rcm_x12.claim837 import (
    Address,
    Attachment,
    DrugIdentification,
    NamedProvider,
    RelatedCauses,
    ServiceFacility,
)
from rcm_x12.errors import X12ParseError
from rcm_x12.segments import Segment, element_at, parse_amount, parse_date, parse_quantity

FACILITY = "77"  # NM101 of loop 2310C, whose N3/N4 the reader collects like any other named entity's
CLAIM_PROVIDERS = {"DN": "referring", "DQ": "supervising"}  # 2310A, 2310D (2310B is the reader's own)
LINE_PROVIDERS = {"82": "rendering", "DQ": "supervising", "DK": "ordering", "DN": "referring"}  # 2420A/D/E/F


def clm_details(seg: Segment, component: str, claim: dict[str, Any]) -> None:
    """CLM11 related causes (codes in -1/-2, state in -4) and CLM20 delay reason."""
    causes = element_at(seg, 11).split(component) if element_at(seg, 11) else []
    if causes:
        claim["causes"] = tuple(code for code in causes[:2] if code)
        claim["accident_state"] = causes[3] if len(causes) > 3 else ""
    claim["delay_reason"] = element_at(seg, 20)


def named_provider(seg: Segment) -> NamedProvider:
    return NamedProvider(
        last_name=element_at(seg, 3),
        npi=element_at(seg, 9),
        first_name=element_at(seg, 4),
        middle_name=element_at(seg, 5),
    )


def line_provider_taxonomy(seg: Segment, line: dict[str, Any]) -> None:
    """PRV*PE right after a line's NM1*82 (loop 2420A)."""
    if line.get("open_loop") == "82" and element_at(seg, 1) == "PE":
        line["rendering"] = replace(line["rendering"], taxonomy_code=element_at(seg, 3))


def claim_segment(seg: Segment, pos: int, claim: dict[str, Any]) -> None:
    """2300 segments outside any line: DTP*431, DTP*439, PWK, AMT*F5."""
    tag = seg[0]
    if tag == "DTP" and element_at(seg, 1) == "431":
        claim["onset"] = parse_date(seg, 3, pos)
    elif tag == "DTP" and element_at(seg, 1) == "439":
        claim["accident_date"] = parse_date(seg, 3, pos)
        claim["accident_position"] = pos
    elif tag == "PWK":
        claim.setdefault("attachments", []).append(
            Attachment(element_at(seg, 1), element_at(seg, 2), element_at(seg, 6))
        )
    elif tag == "AMT" and element_at(seg, 1) == "F5":
        claim["patient_paid"] = parse_amount(seg, 2, pos)


def line_segment(seg: Segment, pos: int, line: dict[str, Any], component: str) -> None:
    """Loop 2410: LIN (NDC only) and CTP; REF*XZ comes through the reader's REF handling."""
    tag = seg[0]
    if tag == "LIN":
        if element_at(seg, 2) != "N4":
            raise X12ParseError("only an NDC (LIN02 N4) drug identification is read", "LIN", pos, 2)
        line["drug"] = {"ndc": element_at(seg, 3), "position": pos}
        line["open_loop"] = "2410"
    elif tag == "CTP" and "drug" in line:
        quantity = parse_quantity(seg, 4, pos)
        if quantity is None:
            raise X12ParseError("drug quantity missing", "CTP", pos, 4)
        line["drug"].update(quantity=quantity, unit=element_at(seg, 5).split(component)[0])


def claim_details(claim: dict[str, Any], facility: dict[str, Any] | None) -> dict[str, Any]:
    """The Claim keyword arguments of the payer-complete fields."""
    return {
        "referring_provider": claim.get("referring"),
        "service_facility": _facility(facility, claim["position"]),
        "supervising_provider": claim.get("supervising"),
        "clia_number": claim.get("clia", ""),
        "attachments": tuple(claim.get("attachments", ())),
        "delay_reason_code": claim.get("delay_reason", ""),
        "related_causes": _related_causes(claim),
        "onset_date": claim.get("onset"),
        "patient_paid": claim.get("patient_paid"),
    }


def line_details(line: dict[str, Any]) -> dict[str, Any]:
    """The ServiceLine keyword arguments of the payer-complete fields."""
    return {
        "drug": _drug(line.get("drug")),
        "clia_number": line.get("clia", ""),
        **{f"{role}_provider": line.get(role) for role in LINE_PROVIDERS.values()},
    }


def _drug(found: dict[str, Any] | None) -> DrugIdentification | None:
    if found is None:
        return None
    if "quantity" not in found:
        raise X12ParseError("drug identification without its CTP quantity", "LIN", found["position"])
    return DrugIdentification(found["ndc"], found["quantity"], found["unit"], found.get("prescription", ""))


def _related_causes(claim: dict[str, Any]) -> RelatedCauses | None:
    if "causes" not in claim:
        if "accident_date" in claim:
            raise X12ParseError(
                "accident date without CLM11 related causes", "DTP", claim["accident_position"]
            )
        return None
    return RelatedCauses(claim["causes"], claim["accident_state"], claim.get("accident_date"))


def _facility(found: dict[str, Any] | None, position: int) -> ServiceFacility | None:
    if found is None:
        return None
    if "line1" not in found or "city" not in found:
        raise X12ParseError("service facility has no N3/N4 address", "NM1", position)
    address = Address(found["line1"], found["city"], found["state"], found["postal_code"], found["line2"])
    return ServiceFacility(found["name"], address, found.get("id", ""))
