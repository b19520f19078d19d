from dataclasses import replace
from datetime import date

from rcm_claims.domain.rule_engine import ScrubContext
from rcm_claims.domain.scrubber import scrub
from rcm_claims.sample_claims import sample_claim, sample_line


def test_clean_claim_passes(context: ScrubContext) -> None:
    result = scrub(sample_claim(), context)
    assert result.passed, result.findings
    assert result.findings == ()


def test_indicator_0_pair_is_held_with_rule_id(context: ScrubContext) -> None:
    claim = sample_claim(sample_line(1, "99213"), sample_line(2, "99211"))
    result = scrub(claim, context)
    assert not result.passed
    assert [(f.rule_id, f.line_number) for f in result.blocking] == [("ncci.ptp_never_allowed", 2)]


def test_indicator_0_pair_is_not_bypassed_by_a_modifier(context: ScrubContext) -> None:
    claim = sample_claim(sample_line(1, "99213"), sample_line(2, "99211", modifiers=("59",)))
    assert "ncci.ptp_never_allowed" in scrub(claim, context).rule_ids


def test_indicator_1_pair_without_modifier_is_held_and_not_auto_fixed(context: ScrubContext) -> None:
    claim = sample_claim(sample_line(1, "20610"), sample_line(2, "96372"), prior_authorization_number="PA1")
    result = scrub(claim, context)
    assert [f.rule_id for f in result.blocking] == ["ncci.ptp_modifier_required"]
    assert not result.blocking[0].auto_fixable and result.audit == ()


def test_indicator_1_pair_with_modifier_59_passes(context: ScrubContext) -> None:
    claim = sample_claim(
        sample_line(1, "20610"), sample_line(2, "96372", modifiers=("59",)), prior_authorization_number="PA1"
    )
    result = scrub(claim, context)
    assert result.passed, result.findings


def test_e_m_with_procedure_passes_with_modifier_25(context: ScrubContext) -> None:
    claim = sample_claim(
        sample_line(1, "20610"), sample_line(2, "99213", modifiers=("25",)), prior_authorization_number="PA1"
    )
    assert scrub(claim, context).passed


def test_indicator_9_pair_is_not_an_edit(context: ScrubContext) -> None:
    claim = sample_claim(sample_line(1, "90471"), sample_line(2, "96372"), diagnoses=("Z23",))
    assert "ncci" not in " ".join(scrub(claim, context).rule_ids)


def test_deleted_pair_applies_before_and_not_after_deletion(context: ScrubContext) -> None:
    after = sample_claim(sample_line(1, "93000"), sample_line(2, "36415"))
    assert scrub(after, context).passed
    before_day = date(2019, 6, 3)
    before = sample_claim(sample_line(1, "93000", on=before_day), sample_line(2, "36415", on=before_day))
    old_context = replace(context, submission_date=date(2019, 6, 5))
    assert "ncci.ptp_never_allowed" in scrub(before, old_context).rule_ids


def test_units_above_mue_per_day_are_held(context: ScrubContext) -> None:
    claim = sample_claim(sample_line(1, "99213"), sample_line(2, "36415", units=3))
    result = scrub(claim, context)
    assert [(f.rule_id, f.line_number) for f in result.blocking] == [("mue.units_exceeded", 2)]


def test_mue_per_day_sums_lines_of_the_same_code(context: ScrubContext) -> None:
    claim = sample_claim(sample_line(1, "36415"), sample_line(2, "36415", units=2))
    assert "mue.units_exceeded" in scrub(claim, context).rule_ids


def test_add_on_without_primary_is_held(context: ScrubContext) -> None:
    claim = sample_claim(sample_line(1, "11103"), diagnoses=("L82.1",))
    result = scrub(claim, context)
    assert [f.rule_id for f in result.blocking] == ["coding.add_on_without_primary"]


def test_add_on_with_primary_passes(context: ScrubContext) -> None:
    claim = sample_claim(sample_line(1, "11102"), sample_line(2, "11103"), diagnoses=("L82.1",))
    assert scrub(claim, context).passed
