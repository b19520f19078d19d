"""Payer rules on single claims: pricing, cost sharing, caused denials, replacements, code choice by date."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal

from rcm_clearinghouse.domain.adjudication import adjudicate_claim
from rcm_clearinghouse.domain.denial_rules import denial_codes
from rcm_clearinghouse.domain.scenario import DenialCause, Scenario
from rcm_clearinghouse.domain.simulated_clock import SimulatedClock
from rcm_clearinghouse.service.payer_simulation import PayerSimulator
from rcm_codesets import PayerType, payer
from rcm_x12 import Claim, ServiceLine

DOS = date(2025, 3, 4)
RECEIVED = date(2025, 3, 10)


def _codes(remit_line: object) -> set[tuple[str, str]]:
    return {(a.group, a.reason) for a in remit_line.adjustments}  # type: ignore[attr-defined]


def test_clean_claim_pays_with_contractual_write_off_and_cost_sharing(
    claim_factory: Callable[..., Claim], scenario_factory: Callable[..., Scenario]
) -> None:
    claim = claim_factory()
    decided = adjudicate_claim(claim, payer("NWHP1", DOS), RECEIVED, scenario_factory())  # type: ignore[arg-type]
    remit = decided.remit
    assert not decided.denied and remit.status == "1"
    assert remit.claim_id == claim.claim_id and remit.charge == Decimal("270.00")
    for line in remit.lines:
        assert line.allowed is not None and Decimal("0") < line.allowed <= line.charge
        write_off = sum(a.amount for a in line.adjustments if (a.group, a.reason) == ("CO", "45"))
        assert write_off == line.charge - line.allowed
        patient = sum(a.amount for a in line.adjustments if a.group == "PR")
        assert line.paid == line.allowed - patient
        assert {a.reason for a in line.adjustments if a.group == "PR"} <= {"1", "2", "3"}
    assert remit.patient_responsibility == sum(
        a.amount for line in remit.lines for a in line.adjustments if a.group == "PR"
    )
    assert remit.patient_responsibility > 0
    assert remit.charge == remit.paid + sum(a.amount for line in remit.lines for a in line.adjustments)


def test_medicare_applies_deductible_or_coinsurance_and_sequestration(
    claim_factory: Callable[..., Claim], scenario_factory: Callable[..., Scenario]
) -> None:
    claim = claim_factory("CLM2001", "MCR01")
    decided = adjudicate_claim(claim, payer("MCR01", DOS), RECEIVED, scenario_factory())  # type: ignore[arg-type]
    visit, lab = decided.remit.lines
    assert _codes(visit) & {("PR", "1"), ("PR", "2")}
    assert not [a for a in lab.adjustments if a.group == "PR"]  # Medicare labs carry no cost sharing
    # 2% sequestration applies to whatever Medicare pays (§5c).
    assert ("CO", "253") in _codes(lab) and lab.paid > 0
    assert decided.remit.filing_indicator == "MB"


def test_unknown_fee_is_a_fraction_of_charge_never_above_it(
    claim_factory: Callable[..., Claim], scenario_factory: Callable[..., Scenario]
) -> None:
    line = ServiceLine("A9270", Decimal("80.00"), Decimal("1"), DOS, (1,), (), "X-1")
    claim = replace(claim_factory("CLM2002"), lines=(line,))
    decided = adjudicate_claim(claim, payer("NWHP1", DOS), RECEIVED, scenario_factory())  # type: ignore[arg-type]
    assert decided.remit.lines[0].allowed == Decimal("48.00")


def _telehealth(claim_factory: Callable[..., Claim], modifiers: tuple[str, ...], pos: str = "10") -> Claim:
    line = ServiceLine("99213", Decimal("180.00"), Decimal("1"), DOS, (1,), modifiers, "T-1")
    return replace(claim_factory("CLM3001"), place_of_service=pos, lines=(line,))


def test_telehealth_without_the_payers_modifier_is_denied_carc_4(
    claim_factory: Callable[..., Claim], scenario_factory: Callable[..., Scenario]
) -> None:
    northwind = payer("NWHP1", DOS)
    assert northwind is not None
    denied = adjudicate_claim(_telehealth(claim_factory, ()), northwind, RECEIVED, scenario_factory())
    assert denied.remit.status == "4" and denied.remit.paid == 0
    assert denied.denial_causes == (DenialCause.MODIFIER,)
    line = denied.remit.lines[0]
    assert [(a.group, a.reason, a.amount) for a in line.adjustments] == [("CO", "4", Decimal("180.00"))]
    assert line.remark_codes == ("N822",)
    paid = adjudicate_claim(_telehealth(claim_factory, ("95",)), northwind, RECEIVED, scenario_factory())
    assert paid.remit.status == "1" and paid.remit.paid > 0


def test_pos_02_denied_carc_5_when_the_payer_wants_pos_10(
    claim_factory: Callable[..., Claim], scenario_factory: Callable[..., Scenario]
) -> None:
    scenario = scenario_factory(pos_10_required_payers=frozenset({"NWHP1"}))
    claim = _telehealth(claim_factory, ("95",), pos="02")
    decided = adjudicate_claim(claim, payer("NWHP1", DOS), RECEIVED, scenario)  # type: ignore[arg-type]
    assert _codes(decided.remit.lines[0]) == {("CO", "5")}


def test_prior_auth_code_without_ref_g1_is_denied_197(
    claim_factory: Callable[..., Claim], scenario_factory: Callable[..., Scenario]
) -> None:
    visit = ServiceLine("99213", Decimal("180.00"), Decimal("1"), DOS, (1,), ("25",), "P-1")
    injection = ServiceLine("20610", Decimal("150.00"), Decimal("1"), DOS, (1,), ("RT",), "P-2")
    claim = replace(claim_factory("CLM4001", "FBHMO"), lines=(visit, injection))
    fabrikam = payer("FBHMO", DOS)
    assert fabrikam is not None
    decided = adjudicate_claim(claim, fabrikam, RECEIVED, scenario_factory())
    first, second = decided.remit.lines
    assert decided.remit.status == "1" and first.paid > 0  # only the procedure needing the auth is denied
    assert _codes(second) == {("CO", "197")} and second.paid == 0
    authorised = replace(claim, prior_authorization="AUTH123")
    assert not adjudicate_claim(authorised, fabrikam, RECEIVED, scenario_factory()).denied


def test_prior_auth_codes_follow_the_code_list_dates() -> None:
    draws = random.Random(1)
    before = denial_codes(
        DenialCause.PRIOR_AUTHORIZATION, date(2017, 6, 1), PayerType.COMMERCIAL, True, draws
    )
    after = denial_codes(DenialCause.PRIOR_AUTHORIZATION, date(2025, 6, 1), PayerType.COMMERCIAL, True, draws)
    assert (before.group, before.carc) == ("CO", "15")
    assert (after.group, after.carc, after.remarks) == ("CO", "197", ("N54",))


def test_each_cause_maps_to_its_carc() -> None:
    expected = {
        DenialCause.COVERAGE_TERMINATED: {"27"},
        DenialCause.MODIFIER: {"4"},
        DenialCause.BUNDLING: {"97", "236"},
        DenialCause.TIMELY_FILING: {"29"},
        DenialCause.NON_COVERED: {"96", "204"},
        DenialCause.PRIOR_AUTHORIZATION: {"197"},
        DenialCause.DUPLICATE: {"18"},
        DenialCause.MEDICAL_NECESSITY: {"50"},
    }
    for cause, carcs in expected.items():
        for payer_type in (PayerType.MEDICARE, PayerType.COMMERCIAL):
            codes = denial_codes(cause, DOS, payer_type, False, random.Random(7))
            assert codes.group == "CO" and codes.carc in carcs, cause
    medicare = denial_codes(DenialCause.BUNDLING, DOS, PayerType.MEDICARE, False, random.Random(7))
    assert medicare.carc == "236"


def test_late_claim_is_denied_timely_filing(
    claim_factory: Callable[..., Claim], scenario_factory: Callable[..., Scenario]
) -> None:
    decided = adjudicate_claim(
        claim_factory(),
        payer("NWHP1", DOS),
        date(2025, 7, 1),
        scenario_factory(),  # type: ignore[arg-type]
    )
    assert decided.denial_causes == (DenialCause.TIMELY_FILING,)
    assert all(_codes(line) == {("CO", "29")} for line in decided.remit.lines)


def test_duplicate_is_denied_and_a_fixed_replacement_pays(
    claim_factory: Callable[..., Claim],
    file_factory: Callable[..., str],
    scenario_factory: Callable[..., Scenario],
) -> None:
    simulator = PayerSimulator(scenario_factory(), SimulatedClock(RECEIVED))
    original = _telehealth(claim_factory, ())
    simulator.submit(file_factory([original], 201))
    assert simulator.pending[-1].denial_causes == (DenialCause.MODIFIER,)
    simulator.advance(60)
    simulator.submit(file_factory([original], 202))
    assert simulator.pending[-1].denial_causes == (DenialCause.DUPLICATE,)
    assert _codes(simulator.pending[-1].remit.lines[0]) == {("CO", "18")}
    fixed = replace(
        _telehealth(claim_factory, ("95",)),
        frequency_code="7",
        original_claim_number=simulator.history[("NWHP1", "CLM3001")].remit.payer_claim_number,
    )
    simulator.submit(file_factory([fixed], 203))
    replacement = simulator.pending[-1]
    assert not replacement.denied and replacement.remit.paid > 0 and replacement.remit.frequency_code == "7"
    assert replacement.reverses is None  # the original was denied: nothing to take back


def test_replacing_a_paid_claim_reverses_the_original(
    claim_factory: Callable[..., Claim],
    file_factory: Callable[..., str],
    scenario_factory: Callable[..., Scenario],
) -> None:
    simulator = PayerSimulator(scenario_factory(), SimulatedClock(RECEIVED))
    simulator.submit(file_factory([claim_factory("CLM5001")], 301))
    first = simulator.advance(60)
    assert len(first) == 1
    corrected = replace(claim_factory("CLM5001"), frequency_code="7", original_claim_number="NWH1")
    simulator.submit(file_factory([corrected], 302))
    reversal = simulator.pending[-1].reverses
    assert reversal is not None and reversal.status == "22" and reversal.paid < 0
    (second,) = simulator.advance(60)
    assert second.claim_count == 2
    assert "CLP*CLM5001*22*-270*" in second.x12_835
