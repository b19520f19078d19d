"""Plain-text appeal letter from a template.

Only what the payer needs to find and reconsider the claim: claim and payer numbers, date of service,
procedure and denial codes. No patient name, birth date or member id: the payer matches on its own claim
number, and the letter may be stored and shown in worklists.
"""

from __future__ import annotations

from datetime import date
from string import Template

from pydantic import Field

from rcm_denials.domain.denial_facts import FrozenModel


class DenialReason(FrozenModel):
    carc: str
    description: str
    group_code: str | None = None


class AppealLetterFacts(FrozenModel):
    claim_id: str
    payer_name: str
    payer_claim_control_number: str | None = None
    provider_name: str
    date_of_service: date | None
    denial_date: date
    appeal_deadline: date
    procedure_codes: tuple[str, ...] = ()
    reasons: tuple[DenialReason, ...] = Field(min_length=1)
    level: int = 1
    argument: str | None = None
    """The biller's own paragraph; None gives the standard request for reconsideration."""


LETTER_TEMPLATE = Template(
    """$today

To: $payer_name, Appeals Department
Re: Level $level appeal of claim $claim_id (payer claim number $payer_claim_number)
Date of service: $date_of_service
Procedure codes: $procedure_codes
Denied on: $denial_date. Appeal deadline: $appeal_deadline.

Denial reasons:
$reasons

$argument

Please reconsider the claim and process it for payment.

Sincerely,
$provider_name
"""
)

STANDARD_ARGUMENT = (
    "We request reconsideration of this claim. The services were provided as billed and the enclosed "
    "documentation supports them."
)


def render_appeal_letter(facts: AppealLetterFacts, today: date) -> str:
    reasons = "\n".join(
        f"- {(reason.group_code + '-') if reason.group_code else ''}{reason.carc}: {reason.description}"
        for reason in facts.reasons
    )
    return LETTER_TEMPLATE.substitute(
        today=today.isoformat(),
        payer_name=facts.payer_name,
        level=facts.level,
        claim_id=facts.claim_id,
        payer_claim_number=facts.payer_claim_control_number or "not assigned",
        date_of_service=facts.date_of_service.isoformat() if facts.date_of_service else "see claim",
        procedure_codes=", ".join(facts.procedure_codes) or "see claim",
        denial_date=facts.denial_date.isoformat(),
        appeal_deadline=facts.appeal_deadline.isoformat(),
        reasons=reasons,
        argument=(facts.argument or STANDARD_ARGUMENT).strip(),
        provider_name=facts.provider_name,
    )
