"""What the 837P writer refuses in the payer-complete fields (2310A/C/D, 2410, 2420A/D/E/F, CLIA, PWK, CLM11,
CLM20, AMT*F5): each refusal raises X12BuildError naming the model field and its element, never its value."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial
from typing import NoReturn

from rcm_x12.claim837 import Claim, NamedProvider, ServiceLine
from rcm_x12.errors import X12BuildError
from rcm_x12.npi import npi_is_valid
from rcm_x12.segments import unsafe_reason

MAX_ATTACHMENTS = 10  # the guide's repeat count for the 2300 PWK
# Codes from the 005010X222A1 element notes; anything else is a front-end rejection at the payer.
DRUG_UNITS = frozenset({"F2", "GR", "ME", "ML", "UN"})  # CTP05-1
ATTACHMENT_TRANSMISSIONS = frozenset({"AA", "BM", "EL", "EM", "FT", "FX"})  # PWK02
AVAILABLE_ON_REQUEST = "AA"  # PWK02: the paper stays at the provider's office, so there is no control number
ATTACHMENT_REPORT_TYPES = frozenset(
    {
        *("03", "04", "05", "06", "07", "08", "09", "10", "11", "13", "15", "21", "A3", "A4", "AM", "AS"),
        *("B2", "B3", "B4", "BR", "BS", "BT", "CB", "CK", "CT", "D2", "DA", "DB", "DG", "DJ", "DS", "EB"),
        *("HC", "HR", "I5", "IR", "LA", "M1", "MT", "NN", "OB", "OC", "OD", "OE", "OX", "OZ", "P4", "P5"),
        *("PE", "PN", "PO", "PQ", "PY", "PZ", "RB", "RR", "RT", "RX", "SG", "V5", "XP"),
    }
)  # PWK01
DELAY_REASONS = frozenset({"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "15"})  # CLM20 in 5010
RELATED_CAUSES = frozenset({"AA", "EM", "OA"})  # CLM11-1/-2
AUTO_ACCIDENT, OTHER_ACCIDENT = "AA", "OA"
_NDC = re.compile(r"[0-9]{11}")
_CLIA = re.compile(r"[0-9]{2}D[0-9]{7}")
_STATE = re.compile(r"[A-Z]{2}")
_Refusal = Callable[[str], NoReturn]
LINE_PROVIDER_FIELDS = (
    "rendering_provider",
    "supervising_provider",
    "ordering_provider",
    "referring_provider",
)


def refuse_bad_details(claim: Claim) -> None:
    """Raise X12BuildError for the first payer-complete field the guide (or a payer's front end) would reject."""
    refuse = partial(_refuse, claim)
    for field, element, value in _texts(claim):
        if (reason := unsafe_reason(value)) is not None:
            refuse(f"{field} ({element}) {reason}")
    for field, provider in _providers(claim):
        if not npi_is_valid(provider.npi):
            refuse(f"{field} NM109 is not a valid NPI (10 digits with the CMS check digit)")
    facility = claim.service_facility
    if facility is not None and facility.npi and not npi_is_valid(facility.npi):
        refuse("service_facility NM109 is not a valid NPI (10 digits with the CMS check digit)")
    if claim.clia_number and not _CLIA.fullmatch(claim.clia_number):
        refuse("clia_number (2300 REF*X4) must be 2 digits, D, 7 digits")
    if claim.delay_reason_code and claim.delay_reason_code not in DELAY_REASONS:
        refuse("delay_reason_code (CLM20) must be one of 1-11 or 15")
    if claim.patient_paid is not None and claim.patient_paid < 0:
        refuse("patient_paid (AMT*F5) must not be negative")
    _refuse_bad_related_causes(claim, refuse)
    _refuse_bad_attachments(claim, refuse)
    for number, line in enumerate(claim.lines, start=1):
        _refuse_bad_line(line, f"line {number}", refuse)


def _refuse_bad_related_causes(claim: Claim, refuse: _Refusal) -> None:
    causes = claim.related_causes
    if causes is None:
        return
    if not 1 <= len(causes.codes) <= 2 or len(set(causes.codes)) != len(causes.codes):
        refuse("related_causes.codes (CLM11-1/-2) must hold one or two different codes")
    if any(code not in RELATED_CAUSES for code in causes.codes):
        refuse("related_causes.codes (CLM11-1/-2) must be AA, EM or OA")
    if AUTO_ACCIDENT in causes.codes and not _STATE.fullmatch(causes.accident_state):
        refuse("related_causes.accident_state (CLM11-4) is required with AA: a two-letter state code")
    if {AUTO_ACCIDENT, OTHER_ACCIDENT} & set(causes.codes) and causes.accident_date is None:
        refuse("related_causes.accident_date (DTP*439) is required with AA or OA")


def _refuse_bad_attachments(claim: Claim, refuse: _Refusal) -> None:
    if len(claim.attachments) > MAX_ATTACHMENTS:
        refuse(f"attachments (PWK) may hold at most {MAX_ATTACHMENTS}")
    for number, attachment in enumerate(claim.attachments, start=1):
        where = f"attachments[{number}]"
        if attachment.report_type not in ATTACHMENT_REPORT_TYPES:
            refuse(f"{where}.report_type (PWK01) is not an attachment report type code")
        if attachment.transmission_code not in ATTACHMENT_TRANSMISSIONS:
            refuse(f"{where}.transmission_code (PWK02) must be one of AA, BM, EL, EM, FT, FX")
        if attachment.transmission_code != AVAILABLE_ON_REQUEST and not attachment.control_number:
            refuse(f"{where}.control_number (PWK06) is required unless PWK02 is AA")


def _refuse_bad_line(line: ServiceLine, where: str, refuse: _Refusal) -> None:
    if line.clia_number and not _CLIA.fullmatch(line.clia_number):
        refuse(f"{where} clia_number (2400 REF*X4) must be 2 digits, D, 7 digits")
    drug = line.drug
    if drug is None:
        return
    if not _NDC.fullmatch(drug.ndc):
        refuse(f"{where} drug.ndc (LIN03) must be an 11-digit NDC without hyphens")
    if drug.unit not in DRUG_UNITS:
        refuse(f"{where} drug.unit (CTP05-1) must be one of F2, GR, ME, ML, UN")
    if not drug.quantity.is_finite() or drug.quantity <= 0:
        refuse(f"{where} drug.quantity (CTP04) must be greater than 0")


def _providers(claim: Claim) -> Iterator[tuple[str, NamedProvider]]:
    """Every provider of the new loops, with the model field that holds it."""
    for field in ("referring_provider", "supervising_provider"):
        provider = getattr(claim, field)
        if provider is not None:
            yield field, provider
    for number, line in enumerate(claim.lines, start=1):
        for field in LINE_PROVIDER_FIELDS:
            provider = getattr(line, field)
            if provider is not None:
                yield f"line {number} {field}", provider


def _texts(claim: Claim) -> Iterator[tuple[str, str, str]]:
    """(field, element, value) for every free-text value the new loops write."""
    for field, provider in _providers(claim):
        yield f"{field}.last_name", "NM103", provider.last_name
        yield f"{field}.first_name", "NM104", provider.first_name
        yield f"{field}.middle_name", "NM105", provider.middle_name
    facility = claim.service_facility
    if facility is not None:
        yield "service_facility.name", "NM103", facility.name
        address = facility.address
        yield "service_facility.address.line1", "N301", address.line1
        yield "service_facility.address.line2", "N302", address.line2
        yield "service_facility.address.city", "N401", address.city
        yield "service_facility.address.state", "N402", address.state
        yield "service_facility.address.postal_code", "N403", address.postal_code
    for number, attachment in enumerate(claim.attachments, start=1):
        yield f"attachments[{number}].control_number", "PWK06", attachment.control_number
    for number, line in enumerate(claim.lines, start=1):
        if line.drug is not None:
            yield f"line {number} drug.prescription_number", "REF02", line.drug.prescription_number


def _refuse(claim: Claim, what: str) -> NoReturn:
    raise X12BuildError(f"claim {claim.claim_id}: {what}")
