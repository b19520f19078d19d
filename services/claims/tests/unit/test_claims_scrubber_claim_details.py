"""The claim-detail rules: each holds its claim with its rule id and fix hint when the datum is missing, and
lets the claim through when it is there."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from rcm_claims.domain.claim import Address, Coverage, ServiceLine
from rcm_claims.domain.claim_details import LineDrug, NamedClinician, RelatedCauses, ServiceFacility
from rcm_claims.domain.rule_engine import ScrubContext
from rcm_claims.domain.scrubber import scrub
from rcm_claims.sample_claims import sample_claim, sample_line

CLIA = "14D0987654"
REFERRER = NamedClinician(npi="1003000126", last_name="REFERRER", first_name="RITA")
DRUG = LineDrug(ndc="00641037621", quantity=Decimal("1"), unit="ML")
MEDICAID = Coverage(payer_id="MCD01", payer_name="STATE MEDICAID", member_id="12345678A")
HMO = Coverage(payer_id="FBHMO", payer_name="FABRIKAM HMO", member_id="FBX12345678")


def _priced(line: ServiceLine, charge: str = "40.00") -> ServiceLine:
    # Drug and therapy codes the sample fee schedule may not price: a charge keeps the $0-line rule out of it.
    return line.model_copy(update={"charge": Decimal(charge)})


def test_a_lab_test_without_the_clinics_clia_is_held_with_the_hint(context: ScrubContext) -> None:
    claim = sample_claim(sample_line(1, "99213"), sample_line(2, "36415"), sample_line(3, "85025"))
    result = scrub(claim, context)
    (finding,) = [f for f in result.blocking if f.rule_id == "data.clia_missing"]
    assert finding.line_number == 3 and "85025" in finding.message  # 36415 is a draw, not a lab test
    assert finding.fix_hint is not None and "clia_number" in finding.fix_hint
    assert scrub(claim.model_copy(update={"clia_number": CLIA}), context).passed


def test_a_j_code_without_its_ndc_is_held_for_every_payer_by_default(context: ScrubContext) -> None:
    claim = sample_claim(sample_line(1, "99213"), _priced(sample_line(2, "J1100")))
    result = scrub(claim, context)
    assert [(f.rule_id, f.line_number) for f in result.blocking] == [("payer.ndc_missing", 2)]
    assert "NDC" in (result.blocking[0].fix_hint or "")
    with_ndc = claim.replace_line(claim.lines[1].model_copy(update={"drug": DRUG}))
    assert scrub(with_ndc, context).passed


def test_a_payer_lists_its_own_drug_codes(context: ScrubContext) -> None:
    claim = sample_claim(sample_line(1, "99213"), _priced(sample_line(2, "Q0138")), coverage=MEDICAID)
    assert [f.rule_id for f in scrub(claim, context).blocking] == ["payer.ndc_missing"]
    # Northwind keeps the directory's default (J codes only), so the same line goes out without an NDC.
    assert scrub(sample_claim(sample_line(1, "99213"), _priced(sample_line(2, "Q0138"))), context).passed


def test_a_referral_only_service_without_a_referring_provider_is_held(context: ScrubContext) -> None:
    claim = sample_claim(_priced(sample_line(1, "90791")), coverage=HMO)
    result = scrub(claim, context)
    assert [(f.rule_id, f.line_number) for f in result.blocking] == [("payer.referral_missing", 1)]
    assert "referring_provider" in (result.blocking[0].fix_hint or "")
    assert scrub(claim.model_copy(update={"referring_provider": REFERRER}), context).passed
    # The same service for a payer that does not ask for a referral goes out as it is.
    assert scrub(sample_claim(_priced(sample_line(1, "90791"))), context).passed


def test_an_auto_accident_without_state_or_date_is_held_and_not_waivable(context: ScrubContext) -> None:
    claim = sample_claim(related_causes=RelatedCauses(codes=("AA",)))
    result = scrub(claim, context)
    assert [f.rule_id for f in result.blocking] == ["data.accident_details_missing"] * 2
    complete = RelatedCauses(codes=("AA",), accident_state="IL", accident_date=date(2025, 2, 20))
    assert scrub(claim.model_copy(update={"related_causes": complete}), context).passed
    assert scrub(sample_claim(related_causes=RelatedCauses(codes=("EM",))), context).passed
    accepted = scrub(claim, context, accepted_rule_ids=frozenset({"data.accident_details_missing"}))
    assert not accepted.passed  # the 837P writer refuses it, so a biller's acceptance is not honoured


def test_a_late_claim_gets_the_delay_reason_way_out_and_goes_out_with_one(context: ScrubContext) -> None:
    late = replace(context, submission_date=date(2025, 7, 1))  # Northwind allows 90 days from 2025-03-03
    result = scrub(sample_claim(), late)
    assert [f.rule_id for f in result.blocking] == ["payer.timely_filing"]
    (hint,) = [f for f in result.findings if f.rule_id == "payer.delay_reason_missing"]
    assert hint.severity == "warning" and "CLM20" in (hint.fix_hint or "")
    assert scrub(sample_claim(delay_reason_code="7"), late).passed


def test_a_payer_that_takes_no_delay_reason_keeps_the_late_claim_held(context: ScrubContext) -> None:
    late = replace(context, submission_date=date(2025, 12, 1))  # Fabrikam allows 120 days
    claim = sample_claim(coverage=HMO, delay_reason_code="7")
    result = scrub(claim, late)
    assert [f.rule_id for f in result.blocking] == ["payer.timely_filing"]
    assert "payer.delay_reason_missing" not in result.rule_ids


def test_a_site_away_from_the_billing_address_with_a_five_digit_zip_is_a_warning(
    context: ScrubContext,
) -> None:
    site = ServiceFacility(name="NORTH SITE", address=Address(line1="40 ELM ST", city="SPRINGFIELD", state="IL",
                                                                postal_code="62703"))  # fmt: skip
    result = scrub(sample_claim(service_facility=site), context)
    assert result.passed and "data.service_facility_zip_plus_4" in result.rule_ids
    plus_four = site.model_copy(
        update={"address": site.address.model_copy(update={"postal_code": "627030040"})}
    )
    assert (
        "data.service_facility_zip_plus_4"
        not in scrub(sample_claim(service_facility=plus_four), context).rule_ids
    )
