"""Reversal of an earlier payment when a replacement claim (frequency 7) arrives for a paid claim.

Payers take the first payment back (CLP02 = 22, every amount negated) and pay the replacement on its own,
so one 835 carries both: the remittance service nets them.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from rcm_x12 import Adjustment, RemitClaim

REVERSAL_STATUS = "22"


def reversal_of(original: RemitClaim) -> RemitClaim:
    """Negate the original claim; line adjustments fold into claim-level CAS so the claim still balances."""
    totals: dict[tuple[str, str], Decimal] = {}
    for adjustment in (*original.adjustments, *(a for line in original.lines for a in line.adjustments)):
        key = (adjustment.group, adjustment.reason)
        totals[key] = totals.get(key, Decimal("0.00")) + adjustment.amount
    return replace(
        original,
        status=REVERSAL_STATUS,
        charge=-original.charge,
        paid=-original.paid,
        patient_responsibility=-original.patient_responsibility,
        adjustments=tuple(Adjustment(group, reason, -amount) for (group, reason), amount in totals.items()),
        lines=(),
    )
