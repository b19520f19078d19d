"""Claims that hear nothing: when we ask the payer (276), what the simulated payer answers (277), and when a
person must take over because the claim is still undecided near the payer's timely-filing limit.

Pure: dates and the payer's decision in, decisions out. A claim is silent while it has no 835 and no
rejection; the first inquiry goes out `status_inquiry_after_days` after submission, the next ones as many days
after the previous inquiry while the payer keeps it pending.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from rcm_codesets import Payer
from rcm_x12.claim_status_codes import StatusGroup, status_group

from rcm_clearinghouse.domain.adjudication import AdjudicatedClaim

# A claim this close to its filing limit with no decision goes to a person: a lost claim must be resubmitted
# (and a resubmission takes days to be acknowledged) before the limit, or it can never be paid.
ESCALATION_MARGIN_DAYS = 15
# The payer decides a claim a few days before the payment cycle that pays it (ASSUMPTION): until then a 277
# says pending, after it finalized.
ADJUDICATION_LEAD_DAYS = 3
PENDING_IN_PROCESS = ("P1", "20")  # pending, in process: accepted for processing
FINALIZED_PAYMENT = ("F1", "3")  # finalized, payment: adjudicated, awaiting the payment cycle
FINALIZED_DENIAL = ("F2", "1")  # finalized, denial: see the remittance advice


@dataclass(frozen=True)
class FollowUpRules:
    inquiry_after_days: int
    timely_filing_days: int | None
    escalation_margin_days: int = ESCALATION_MARGIN_DAYS

    @classmethod
    def of(cls, payer: Payer, escalation_margin_days: int = ESCALATION_MARGIN_DAYS) -> FollowUpRules:
        return cls(payer.status_inquiry_after_days, payer.timely_filing_days, escalation_margin_days)


def inquiry_due(submitted_on: date, last_inquiry_on: date | None, today: date, rules: FollowUpRules) -> bool:
    """N silent days since the submission, or since the last inquiry when the payer said it is pending."""
    since = last_inquiry_on or submitted_on
    return (today - since).days >= rules.inquiry_after_days


def filing_deadline(service_date: date, rules: FollowUpRules) -> date | None:
    """The last day the payer accepts the claim (counted from the date of service); None: no limit."""
    if rules.timely_filing_days is None:
        return None
    return service_date + timedelta(days=rules.timely_filing_days)


def escalation_due(
    service_date: date, today: date, rules: FollowUpRules, last_category: str | None, escalated: bool
) -> bool:
    """Undecided (no answer yet, pending, error or unknown) within the margin of the filing limit, once."""
    if escalated or (last_category is not None and status_group(last_category) is StatusGroup.FINALIZED):
        return False
    deadline = filing_deadline(service_date, rules)
    return deadline is not None and today >= deadline - timedelta(days=rules.escalation_margin_days)


@dataclass(frozen=True)
class PayerStatus:
    """What the payer's 277 says about one claim."""

    category: str
    status_code: str
    paid_amount: Decimal | None = None
    adjudication_date: date | None = None


def decided_on(decided: AdjudicatedClaim) -> date:
    return max(decided.received_on, decided.payment_date - timedelta(days=ADJUDICATION_LEAD_DAYS))


def simulated_status(decided: AdjudicatedClaim, today: date) -> PayerStatus:
    """The simulated payer's answer on `today` for a claim it has not paid yet (its 835 is still to come)."""
    decision_day = decided_on(decided)
    if today < decision_day:
        return PayerStatus(*PENDING_IN_PROCESS)
    category, code = FINALIZED_PAYMENT if decided.remit.paid > 0 else FINALIZED_DENIAL
    return PayerStatus(category, code, decided.remit.paid, decision_day)
