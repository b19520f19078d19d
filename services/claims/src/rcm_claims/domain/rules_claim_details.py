"""Rules for the 837P data some services or payers require: the clinic's CLIA number with a lab test, an NDC
with a drug code, a referring provider with a referral-only service, the accident's state and date, a delay
reason on a late claim. Which codes need what comes from rcm_codesets (the CLIA lab list, the payer
directory's claim_data), so a payer's list is changed in data, not here.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from rcm_codesets import claim_data_requirements, requires_clia

from rcm_claims.domain.claim import ProfessionalClaim
from rcm_claims.domain.rule_engine import Hit, ScrubContext, ScrubRule

AUTO_ACCIDENT, OTHER_ACCIDENT = "AA", "OA"


def _clia_missing(claim: ProfessionalClaim, _: ScrubContext) -> Iterator[Hit]:
    if claim.clia_number:
        return
    for line in claim.lines:
        if requires_clia(line.procedure_code):
            yield Hit(
                f"{line.procedure_code} is a lab test billed without the clinic's CLIA number",
                line.line_number,
            )


def _ndc_missing(claim: ProfessionalClaim, context: ScrubContext) -> Iterator[Hit]:
    required = claim_data_requirements(context.payer_for(claim))
    for line in claim.lines:
        if line.drug is None and required.requires_ndc(line.procedure_code):
            yield Hit(f"{line.procedure_code} is a drug code billed without its NDC", line.line_number)


def _referral_missing(claim: ProfessionalClaim, context: ScrubContext) -> Iterator[Hit]:
    if claim.referring_provider is not None:
        return
    found = context.payer_for(claim)
    required = claim_data_requirements(found)
    payer_name = found.name if found else claim.coverage.payer_id
    for line in claim.lines:
        # 2420F names the referral for this line alone, which is as good as a claim-level 2310A for it.
        if line.referring_provider is None and required.requires_referral(line.procedure_code):
            yield Hit(
                f"{payer_name} pays {line.procedure_code} only with a referring provider, and none is on the claim",
                line.line_number,
            )


def _accident_details_missing(claim: ProfessionalClaim, _: ScrubContext) -> Iterator[Hit]:
    causes = claim.related_causes
    if causes is None:
        return
    if AUTO_ACCIDENT in causes.codes and not causes.accident_state:
        yield Hit("an auto accident (CLM11 AA) needs the state it happened in (CLM11-4)")
    if {AUTO_ACCIDENT, OTHER_ACCIDENT} & set(causes.codes) and causes.accident_date is None:
        yield Hit("an accident (CLM11 AA or OA) needs its date (DTP*439)")


def _service_facility_zip_plus_4(claim: ProfessionalClaim, _: ScrubContext) -> Iterator[Hit]:
    site = claim.service_facility
    # Only a site the writer sends (away from the billing address) is the payer's business.
    if site is None or site.address == claim.billing_provider.address:
        return
    if not (len(site.address.postal_code) == 9 and site.address.postal_code.isdigit()):
        yield Hit("the service facility's ZIP code is not a 9-digit ZIP+4 (837P loop 2310C N403)")


def _delay_reason_missing(claim: ProfessionalClaim, context: ScrubContext) -> Iterator[Hit]:
    found = context.payer_for(claim)
    if found is None or found.timely_filing_days is None or claim.delay_reason_code:
        return
    if not claim_data_requirements(found).accepts_delay_reason:
        return  # payer.timely_filing alone says what to do: this payer does not consider delay reasons
    deadline = claim.first_date_of_service + timedelta(days=found.timely_filing_days)
    if deadline < context.submission_date:
        yield Hit(f"{found.name} considers a claim past its filing limit only with a delay reason (CLM20)")


CLAIM_DETAIL_RULES: tuple[ScrubRule, ...] = (
    ScrubRule(
        "data.clia_missing",
        "error",
        "Set the clinic's CLIA certificate number on the claim (POST /claims/{claim_id}/details: "
        "details.clia_number, e.g. 05D0987654) and in the clinic setup (clia_number) for the next claims; a lab "
        "test without it is denied (CO-16 / MA120).",
        _clia_missing,
    ),
    ScrubRule(
        "payer.ndc_missing",
        "error",
        "Set the NDC (11 digits, 5-4-2), quantity and unit of the drug given on the line (POST "
        "/claims/{claim_id}/details: details.line_drugs); the front desk enters it with the line's drug.",
        _ndc_missing,
    ),
    ScrubRule(
        "payer.referral_missing",
        "error",
        "Set the referring provider's name and NPI from the referral (POST /claims/{claim_id}/details: "
        "details.referring_provider), or get the referral from the patient's primary care provider first.",
        _referral_missing,
    ),
    ScrubRule(
        "data.accident_details_missing",
        "error",
        "Set the accident's state and date on the claim (POST /claims/{claim_id}/details: "
        "details.related_causes with accident_state and accident_date); the front desk enters them with the visit.",
        _accident_details_missing,
        waivable=False,  # the 837P writer refuses CLM11 AA without its state, and AA/OA without DTP*439
    ),
    # A warning: to our reading the guide wants ZIP+4 in 2310C as in 2010AA, not verified against the TR3 text.
    ScrubRule(
        "data.service_facility_zip_plus_4",
        "warning",
        "Enter the site's 9-digit ZIP+4 (clinic setup: sites[].site_address.postal_code).",
        _service_facility_zip_plus_4,
    ),
    # A warning: payer.timely_filing holds such a claim already; this finding adds the other way out.
    ScrubRule(
        "payer.delay_reason_missing",
        "warning",
        "If the delay was not the clinic's doing (eligibility unknown, another payer's late decision, ...), set "
        "the CLM20 delay reason (POST /claims/{claim_id}/details: details.delay_reason_code) and keep proof for "
        "the payer; otherwise see payer.timely_filing.",
        _delay_reason_missing,
    ),
)
