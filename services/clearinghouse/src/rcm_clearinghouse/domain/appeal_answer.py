"""A payer's answer to an appeal of an underpayment: the claim reprocessed at the contracted amounts.

Only the underpayment scenario's payers answer (the lines they allowed below contract are on record); any
other appeal stays unanswered, as before. The answer is a new adjudication of the same claim that replaces
the underpaid one: the release takes the first payment back (CLP02 22) and pays the corrected claim in one
835, under a new payer claim number, some days after the appeal (appeal_answer_days). On each underpaid line
the allowed amount rises to the contract and the difference is paid; the CO-45 write-off shrinks by as much,
and the patient's share stays what it was.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from rcm_x12 import Adjustment, RemitServiceLine

from rcm_clearinghouse.domain.adjudication import AdjudicatedClaim

ZERO = Decimal("0.00")
CORRECTED_SUFFIX = "A"
"""Appended to the payer claim number of the reprocessed claim: payers number a reprocessing anew."""


def _corrected_line(line: RemitServiceLine, short: Decimal) -> RemitServiceLine:
    adjustments: list[Adjustment] = []
    for adjustment in line.adjustments:
        if (adjustment.group, adjustment.reason) == ("CO", "45"):
            adjustment = replace(adjustment, amount=adjustment.amount - short)
        if adjustment.amount != ZERO:
            adjustments.append(adjustment)
    return replace(
        line,
        allowed=(line.allowed or ZERO) + short,
        paid=line.paid + short,
        adjustments=tuple(adjustments),
    )


def underpayment_answer(
    decided: AdjudicatedClaim, appealed_on: date, answer_days: int
) -> AdjudicatedClaim | None:
    """The corrected adjudication, or None when the payer has nothing to correct on this claim."""
    if not decided.underpaid_lines or decided.remit.paid <= ZERO:
        return None
    lines = list(decided.remit.lines)
    extra = ZERO
    for index, short in decided.underpaid_lines:
        lines[index] = _corrected_line(lines[index], short)
        extra += short
    remit = replace(
        decided.remit,
        lines=tuple(lines),
        paid=decided.remit.paid + extra,
        payer_claim_number=(decided.remit.payer_claim_number + CORRECTED_SUFFIX)[-50:],
    )
    return replace(
        decided,
        received_on=appealed_on,
        payment_date=appealed_on + timedelta(days=answer_days),
        remit=remit,
        reverses=None,
        underpaid_lines=(),
    )
