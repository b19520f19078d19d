"""Reference data the use cases need, read from rcm_codesets (versioned by date of service)."""

from __future__ import annotations

from datetime import date

from rcm_codesets import carc, modifier_is_valid_on, payer

from rcm_denials.domain.appeal_letter import DenialReason
from rcm_denials.domain.deadlines import PayerTerms


def payer_terms(payer_id: str, date_of_service: date) -> PayerTerms:
    """The payer's limits on the date of service; an unknown payer has no known limits (no deadline)."""
    found = payer(payer_id, on=date_of_service)
    if found is None:
        return PayerTerms(payer_id=payer_id)
    return PayerTerms(
        payer_id=payer_id,
        payer_name=found.name,
        appeal_limit_days=found.appeal_limit_days,
        timely_filing_days=found.timely_filing_days,
    )


def denial_reason(carc_code: str, group_code: str | None = None) -> DenialReason:
    found = carc(carc_code)
    description = found.our_description if found is not None and found.our_description else "see remittance"
    return DenialReason(carc=carc_code, description=description, group_code=group_code)


def invalid_modifiers(modifiers: tuple[str, ...], date_of_service: date) -> tuple[str, ...]:
    return tuple(code for code in modifiers if not modifier_is_valid_on(code, date_of_service))
