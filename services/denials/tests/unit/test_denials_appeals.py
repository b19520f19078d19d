from datetime import date
from decimal import Decimal

import pytest
from rcm_denials.domain.appeal_letter import AppealLetterFacts, DenialReason, render_appeal_letter
from rcm_denials.domain.appeals import (
    AppealDeadlinePassed,
    AppealStatus,
    decide_appeal,
    file_appeal,
    write_off,
)
from rcm_denials.domain.deadlines import PayerTerms, appeal_deadline, denial_deadlines
from rcm_denials.domain.denial_facts import RootCause
from rcm_denials.service.reference_data import denial_reason, payer_terms


def test_appeal_deadline_is_denial_date_plus_payer_limit():
    assert appeal_deadline(date(2025, 3, 10), 120) == date(2025, 7, 8)


def test_nearest_deadline_is_the_earlier_of_appeal_and_timely_filing():
    terms = PayerTerms(payer_id="NWHP1", appeal_limit_days=180, timely_filing_days=90)
    deadlines = denial_deadlines(date(2025, 3, 10), date(2025, 2, 1), terms)
    assert (deadlines.appeal_by, deadlines.resubmit_by) == (date(2025, 9, 6), date(2025, 5, 2))
    assert deadlines.nearest == date(2025, 5, 2)


def test_payer_terms_come_from_the_payer_directory():
    terms = payer_terms("MCR01", date(2025, 6, 1))
    assert (terms.appeal_limit_days, terms.timely_filing_days) == (120, 365)
    assert payer_terms("UNKNOWN", date(2025, 6, 1)).appeal_limit_days is None


def filed(today: date):
    return file_appeal(
        appeal_id="ap-1",
        claim_id="CLM-1",
        denial_id="den-1",
        payer_id="MCR01",
        denial_date=date(2025, 3, 10),
        appeal_limit_days=120,
        amount=Decimal("250"),
        carc_codes=("50",),
        letter_document_id="doc-1",
        filed_by="biller@co",
        today=today,
    )


def test_filing_an_appeal_yields_the_appeal_and_the_filed_fact():
    appeal, fact = filed(date(2025, 4, 1))
    assert (appeal.status, appeal.level, appeal.deadline) == (AppealStatus.FILED, 1, date(2025, 7, 8))
    assert (fact.appeal_deadline, fact.amount_appealed) == (date(2025, 7, 8), Decimal("250.00"))
    assert decide_appeal(appeal, AppealStatus.WON).status is AppealStatus.WON


def test_appeal_after_the_deadline_is_refused():
    with pytest.raises(AppealDeadlinePassed):
        filed(date(2025, 7, 9))
    filed(date(2025, 7, 8))  # the last day still counts


def test_letter_names_claim_reason_and_deadline_without_patient_data():
    letter = render_appeal_letter(
        AppealLetterFacts(
            claim_id="CLM-1",
            payer_name="Medicare Part B",
            payer_claim_control_number="PCN9",
            provider_name="Clinic A",
            date_of_service=date(2025, 2, 1),
            denial_date=date(2025, 3, 10),
            appeal_deadline=date(2025, 7, 8),
            procedure_codes=("99214",),
            reasons=(denial_reason("50", "CO"),),
        ),
        date(2025, 4, 1),
    )
    assert "claim CLM-1" in letter and "Appeal deadline: 2025-07-08" in letter
    assert "CO-50: Payer judges the service not medically necessary" in letter
    assert "Date of service: 2025-02-01" in letter


def test_write_off_of_the_whole_or_part_of_the_open_amount():
    whole = write_off(
        claim_id="C",
        denial_id="d",
        payer_id="P",
        open_amount=Decimal("80.00"),
        amount=None,
        root_cause=RootCause.TIMELY_FILING,
        carc_codes=("29",),
        reason="late",
        approved_by="mgr",
    )
    assert whole.amount == Decimal("80.00")
    with pytest.raises(ValueError, match=r"only 80\.00 is open"):
        write_off(
            claim_id="C",
            denial_id="d",
            payer_id="P",
            open_amount=Decimal("80.00"),
            amount=Decimal("90"),
            root_cause=RootCause.TIMELY_FILING,
            carc_codes=("29",),
            reason="late",
            approved_by="mgr",
        )


def test_unknown_carc_still_gets_a_reason_line():
    assert denial_reason("Z9").description == "see remittance"
    assert isinstance(denial_reason("4"), DenialReason)
