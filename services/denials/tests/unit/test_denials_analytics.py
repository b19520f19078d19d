from datetime import date
from decimal import Decimal

from rcm_denials.domain.analytics import (
    DenialRecord,
    Tally,
    average_days_to_resolve,
    denial_write_offs_pct_of_npsr_ar6,
    denials_by,
    denials_by_carc,
    dollars_recovered,
    initial_denial_rate_by_dollars,
    initial_denial_rate_by_volume,
    overturn_rate,
    remittance_denial_rate_ar5,
    resolution_mix,
    unrecognised_code_reviews,
)
from rcm_denials.domain.denial_case import CaseOutcome
from rcm_denials.domain.denial_facts import DenialSource, RootCause

REMIT, ACK = DenialSource.REMITTANCE, DenialSource.ACKNOWLEDGMENT


def record(claim, payer, source, cause, carcs, charge, denied, first, outcome=None, resolved=None, **money):
    return DenialRecord(
        claim_id=claim,
        payer_id=payer,
        source=source,
        root_cause=cause,
        carc_codes=carcs,
        charge_amount=Decimal(charge),
        denied_amount=Decimal(denied),
        first_denied_on=first,
        outcome=outcome,
        resolved_on=resolved,
        **{key: Decimal(value) for key, value in money.items()},
    )


RECORDS = [
    record(
        "C1",
        "MCR01",
        REMIT,
        RootCause.CODING,
        ("4",),
        "200",
        "150",
        date(2025, 3, 5),
        CaseOutcome.AUTO_CORRECTED,
        date(2025, 3, 25),
        recovered_amount="120",
    ),
    record(
        "C2",
        "NWHP1",
        REMIT,
        RootCause.MEDICAL_NECESSITY,
        ("50",),
        "500",
        "500",
        date(2025, 3, 10),
        CaseOutcome.APPEAL_WON,
        date(2025, 5, 9),
        recovered_amount="400",
    ),
    record(
        "C3",
        "NWHP1",
        REMIT,
        RootCause.TIMELY_FILING,
        ("29",),
        "100",
        "100",
        date(2025, 3, 15),
        CaseOutcome.WRITTEN_OFF,
        date(2025, 3, 20),
        written_off_amount="100",
    ),
    record("C4", "MCR01", REMIT, RootCause.PATIENT_RESPONSIBILITY, ("1",), "80", "30", date(2025, 3, 20)),
    # A rejection: kept apart from every denial KPI.
    record("C5", "MCR01", ACK, RootCause.OTHER, (), "300", "300", date(2025, 3, 2)),
    record("C6", "CCPPO", REMIT, RootCause.CODING, ("4", "97"), "250", "250", date(2025, 2, 20)),
]


def test_initial_denial_rate_uses_the_three_prior_months_average():
    submitted = {"2024-12": 30, "2025-01": 40, "2025-02": 50, "2025-03": 999}
    assert initial_denial_rate_by_volume(RECORDS, "2025-03", submitted) == Decimal("0.1000")
    charges = {"2024-12": Decimal("9000"), "2025-01": Decimal("8000"), "2025-02": Decimal("9400")}
    assert initial_denial_rate_by_dollars(RECORDS, "2025-03", charges) == Decimal("0.1000")
    assert initial_denial_rate_by_volume(RECORDS, "2025-03", {}) is None


def test_ar5_counts_actionable_denials_only():
    # C1, C2, C3 (C4 is patient responsibility, C5 a rejection, C6 in February) over 60 remitted claims.
    assert remittance_denial_rate_ar5(RECORDS, remitted_claims=60, month="2025-03") == Decimal("0.0500")


def test_ar6_write_offs_over_average_monthly_npsr():
    assert denial_write_offs_pct_of_npsr_ar6(RECORDS, "2025-03", Decimal("20000")) == Decimal("0.0050")


def test_denials_by_category_payer_and_carc():
    by_cause = denials_by(RECORDS, lambda r: r.root_cause.value)
    assert by_cause["coding"] == Tally(count=2, amount=Decimal("400"))
    assert "other" not in by_cause  # the rejection is not a denial
    by_payer = denials_by(RECORDS, lambda r: r.payer_id)
    assert by_payer == {
        "CCPPO": Tally(count=1, amount=Decimal("250")),
        "MCR01": Tally(count=2, amount=Decimal("180")),
        "NWHP1": Tally(count=2, amount=Decimal("600")),
    }
    by_carc = denials_by_carc(RECORDS)
    assert (by_carc["4"], by_carc["97"]) == (
        Tally(count=2, amount=Decimal("400")),
        Tally(count=1, amount=Decimal("250")),
    )


def test_resolution_mix_recovered_dollars_days_and_overturns():
    assert resolution_mix(RECORDS) == {
        "auto_resolved": Tally(count=1, amount=Decimal("150")),
        "open": Tally(count=2, amount=Decimal("280")),
        "worked": Tally(count=1, amount=Decimal("500")),
        "written_off": Tally(count=1, amount=Decimal("100")),
    }
    assert dollars_recovered(RECORDS) == {
        "auto_corrected": Decimal("120"),
        "appeal_won": Decimal("400"),
        "total": Decimal("520"),
    }
    assert average_days_to_resolve(RECORDS) == Decimal("28.3")  # (20 + 60 + 5) / 3
    assert overturn_rate(RECORDS) == Decimal("0.6667")


def test_an_unrecognised_code_is_counted_apart_and_in_no_denial_kpi():
    march = date(2025, 3, 10)
    real = record("U1", "MCR01", REMIT, RootCause.AUTHORIZATION, ("197",), "100", "100", march)
    review = record("U2", "MCR01", REMIT, RootCause.UNRECOGNISED_CODE, ("Z9",), "300", "300", march)
    records = [real, review]
    assert remittance_denial_rate_ar5(records, 10, "2025-03") == Decimal("0.1000")
    submitted = {"2024-12": 10, "2025-01": 10, "2025-02": 10}
    assert initial_denial_rate_by_volume(records, "2025-03", submitted) == Decimal("0.1000")
    assert set(denials_by(records, lambda r: r.root_cause.value)) == {"authorization"}
    assert set(denials_by_carc(records)) == {"197"}
    assert [r.claim_id for r in unrecognised_code_reviews(records, "2025-03")] == ["U2"]
