from dataclasses import replace
from datetime import date

from rcm_claims.domain.rule_engine import ScrubContext
from rcm_claims.domain.scrubber import scrub
from rcm_claims.sample_claims import NORTHWIND, sample_claim, sample_line


def _submitted_on(day: date, context: ScrubContext) -> ScrubContext:
    return replace(context, submission_date=day)


def test_past_timely_filing_limit_is_held(context: ScrubContext) -> None:
    claim = sample_claim()  # DOS 2025-03-03; Northwind allows 90 days, so up to 2025-06-01
    result = scrub(claim, _submitted_on(date(2025, 7, 1), context))
    assert [f.rule_id for f in result.blocking] == ["payer.timely_filing"]


def test_on_the_last_timely_filing_day_passes(context: ScrubContext) -> None:
    assert scrub(sample_claim(), _submitted_on(date(2025, 6, 1), context)).passed
    assert not scrub(sample_claim(), _submitted_on(date(2025, 6, 2), context)).passed


def test_telehealth_modifier_is_added_automatically_with_an_audit_record(context: ScrubContext) -> None:
    claim = sample_claim(
        sample_line(1, "99213", place_of_service="10"), telehealth=True, telehealth_mode="audio_video"
    )
    result = scrub(claim, context)
    assert result.passed, result.findings
    assert result.claim.lines[0].modifiers == ("95",)
    (record,) = result.audit
    assert (record.rule_id, record.line_number, record.before, record.after) == (
        "payer.telehealth_modifier",
        1,
        "",
        "95",
    )
    assert record.at == context.scrubbed_at


def test_telehealth_wrong_modifier_is_replaced_for_the_payer(context: ScrubContext) -> None:
    medicaid = NORTHWIND.model_copy(update={"payer_id": "MCD01", "member_id": "12345678A"})
    claim = sample_claim(
        sample_line(1, "99213", modifiers=("95",), place_of_service="02"),
        coverage=medicaid,
        telehealth=True,
        telehealth_mode="audio_video",
    )
    result = scrub(claim, context)
    assert result.passed, result.findings
    assert result.claim.lines[0].modifiers == ("GT",)


def test_telehealth_place_of_service_is_not_auto_fixed(context: ScrubContext) -> None:
    claim = sample_claim(
        sample_line(1, "99213", modifiers=("95",)), telehealth=True, telehealth_mode="audio_video"
    )
    result = scrub(claim, context)
    assert [f.rule_id for f in result.blocking] == ["payer.telehealth_place_of_service"]


def test_prior_auth_required_and_missing_is_held(context: ScrubContext) -> None:
    claim = sample_claim(sample_line(1, "20610"), diagnoses=("M25.561",))
    result = scrub(claim, context)
    assert [(f.rule_id, f.line_number) for f in result.blocking] == [("payer.prior_auth_missing", 1)]
    assert scrub(claim.model_copy(update={"prior_authorization_number": "PA77"}), context).passed


def test_duplicate_of_a_submitted_claim_is_held(context: ScrubContext) -> None:
    first = sample_claim()
    again = sample_claim(claim_id="CLM2")
    seen = replace(context, prior_fingerprints=frozenset({first.duplicate_fingerprint()}))
    assert [f.rule_id for f in scrub(again, seen).blocking] == ["payer.duplicate_claim"]


def test_missing_member_id_and_bad_pointer_are_completeness_errors(context: ScrubContext) -> None:
    claim = sample_claim(
        sample_line(1, "99213", pointers=(3,)), coverage=NORTHWIND.model_copy(update={"member_id": ""})
    )
    rule_ids = {f.rule_id for f in scrub(claim, context).blocking}
    assert rule_ids == {"data.payer_member", "data.diagnosis_pointer"}


def test_biller_can_accept_a_finding_on_release(context: ScrubContext) -> None:
    claim = sample_claim(sample_line(1, "20610"), sample_line(2, "96372"), prior_authorization_number="PA1")
    result = scrub(claim, context, accepted_rule_ids={"ncci.ptp_modifier_required"})
    assert result.passed and result.findings
