"""Data-completeness rules: what a payer's front-end edits reject before anyone looks at the codes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from rcm_codesets import icd10cm_is_billable, is_billable_on

from rcm_claims.domain.claim import MAX_DIAGNOSES, MAX_MODIFIERS, SELF_RELATIONSHIP, ProfessionalClaim
from rcm_claims.domain.rule_engine import Hit, ScrubContext, ScrubRule

_TAX_ID = re.compile(r"^[0-9]{9}$")
MAX_POINTERS = 4


def npi_is_valid(npi: str) -> bool:
    """10 digits with the Luhn check digit computed over the 80840 health-industry prefix (CMS NPI rule)."""
    if not re.fullmatch(r"[0-9]{10}", npi):
        return False
    digits = [int(char) for char in "80840" + npi[:9]]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        doubled = digit * 2 if position % 2 == 0 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return (10 - total % 10) % 10 == int(npi[9])


def _billing_npi(claim: ProfessionalClaim, _: ScrubContext) -> Iterator[Hit]:
    if not npi_is_valid(claim.billing_provider.npi):
        yield Hit(f"billing provider NPI {claim.billing_provider.npi!r} is not a valid NPI")
    if not _TAX_ID.match(claim.billing_provider.tax_id):
        yield Hit("billing provider tax id must be 9 digits")


def _rendering_npi(claim: ProfessionalClaim, _: ScrubContext) -> Iterator[Hit]:
    if not npi_is_valid(claim.rendering_provider.npi):
        yield Hit(f"rendering provider NPI {claim.rendering_provider.npi!r} is not a valid NPI")


def _payer_and_member(claim: ProfessionalClaim, context: ScrubContext) -> Iterator[Hit]:
    found = context.payer_for(claim)
    if found is None:
        yield Hit(f"payer {claim.coverage.payer_id!r} is not in the payer directory on the date of service")
        return
    member_id = claim.coverage.member_id.strip()
    if not member_id:
        yield Hit("member id is missing")
    elif not found.member_id_is_valid(member_id):
        yield Hit(f"member id does not match {found.name}'s member id format")


def _subscriber(claim: ProfessionalClaim, _: ScrubContext) -> Iterator[Hit]:
    if claim.coverage.relationship != SELF_RELATIONSHIP and claim.coverage.subscriber is None:
        yield Hit("patient is not the subscriber but the subscriber's demographics are missing")


def _diagnoses(claim: ProfessionalClaim, _: ScrubContext) -> Iterator[Hit]:
    if not 1 <= len(claim.diagnoses) <= MAX_DIAGNOSES:
        yield Hit(f"a claim needs 1 to {MAX_DIAGNOSES} diagnoses, it has {len(claim.diagnoses)}")
    for code in claim.diagnoses:
        if not icd10cm_is_billable(code):
            yield Hit(f"diagnosis {code} is not a billable ICD-10-CM code")


def _pointers(claim: ProfessionalClaim, _: ScrubContext) -> Iterator[Hit]:
    for line in claim.lines:
        pointers = line.diagnosis_pointers
        if not 1 <= len(pointers) <= MAX_POINTERS or any(
            not 1 <= pointer <= len(claim.diagnoses) for pointer in pointers
        ):
            yield Hit(
                f"line {line.line_number}: diagnosis pointers {pointers} do not point at diagnoses",
                line.line_number,
            )


def _lines(claim: ProfessionalClaim, _: ScrubContext) -> Iterator[Hit]:
    if not claim.lines:
        yield Hit("the claim has no service lines")
    for line in claim.lines:
        if not is_billable_on(line.procedure_code, line.date_of_service):
            yield Hit(
                f"line {line.line_number}: {line.procedure_code} is unknown or not valid on "
                f"{line.date_of_service}",
                line.line_number,
            )
        if len(line.modifiers) > MAX_MODIFIERS:
            yield Hit(f"line {line.line_number}: more than {MAX_MODIFIERS} modifiers", line.line_number)
    if len({line.place_of_service for line in claim.lines}) > 1:
        yield Hit("lines have different places of service; bill them on separate claims")


def _line_charges(claim: ProfessionalClaim, _: ScrubContext) -> Iterator[Hit]:
    # The fee schedule charges $0 for a code it cannot price; billed as is, the payer would pay nothing for a
    # service that was performed (and the 837P writer refuses SV102 = 0 anyway).
    for line in claim.lines:
        if line.charge <= 0:
            yield Hit(
                f"line {line.line_number}: {line.procedure_code} has no charge (not priced in the fee schedule)",
                line.line_number,
            )


def _replacement_reference(claim: ProfessionalClaim, _: ScrubContext) -> Iterator[Hit]:
    if claim.frequency_code in ("7", "8") and not claim.payer_claim_control_number:
        yield Hit("a replacement or void needs the payer's claim number of the original (REF*F8)")


COMPLETENESS_RULES: tuple[ScrubRule, ...] = (
    ScrubRule(
        "data.billing_provider", "error", "Fix the billing NPI / tax id in the clinic setup.", _billing_npi
    ),
    ScrubRule(
        "data.rendering_npi", "error", "Fix the clinician's NPI in the provider roster.", _rendering_npi
    ),
    ScrubRule(
        "data.payer_member", "error", "Check the insurance card and re-run registration.", _payer_and_member
    ),
    ScrubRule(
        "data.subscriber", "error", "Enter the subscriber's name, birth date and address.", _subscriber
    ),
    ScrubRule("data.diagnosis", "error", "Send back to coding for billable ICD-10-CM codes.", _diagnoses),
    ScrubRule(
        "data.diagnosis_pointer", "error", "Point each line at 1-4 of the claim's diagnoses.", _pointers
    ),
    ScrubRule("data.service_line", "error", "Correct the code, modifiers or place of service.", _lines),
    ScrubRule(
        "data.line_charge",
        "error",
        "Price the code in the clinic's chargemaster (fee schedule); a line is never billed at $0.",
        _line_charges,
        waivable=False,
    ),
    ScrubRule(
        "data.replacement_reference",
        "error",
        "Enter the payer's claim number from the 835 or 277CA.",
        _replacement_reference,
    ),
)
