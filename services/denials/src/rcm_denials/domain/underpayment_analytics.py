"""Underpaid dollars by payer and by procedure code: found, recovered, still open (issue #21's analytics).

From the underpayment cases (source underpayment): each line's shortfall is found when the case opens; a case
resolved by the payer's payment counts its shortfall recovered (the payer reprocessed the claim at the contract);
one written off counts it written off; the rest is open.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rcm_denials.domain.denial_case import CaseStatus, DenialCase
from rcm_denials.domain.denial_facts import DenialSource

ZERO = Decimal("0.00")


@dataclass
class UnderpaidTally:
    claims: set[str] = field(default_factory=set)
    found: Decimal = ZERO
    recovered: Decimal = ZERO
    written_off: Decimal = ZERO

    @property
    def open(self) -> Decimal:
        return self.found - self.recovered - self.written_off

    def view(self) -> dict[str, object]:
        return {
            "claims": len(self.claims),
            "found": f"{self.found:.2f}",
            "recovered": f"{self.recovered:.2f}",
            "written_off": f"{self.written_off:.2f}",
            "open": f"{self.open:.2f}",
        }


def underpaid_by_payer_and_code(cases: Iterable[DenialCase]) -> dict[str, Any]:
    total = UnderpaidTally()
    by_payer: dict[str, UnderpaidTally] = {}
    by_code: dict[str, UnderpaidTally] = {}
    for case in cases:
        if case.decision.source is not DenialSource.UNDERPAYMENT:
            continue
        recovered = case.status is CaseStatus.RESOLVED and case.recovered_amount > ZERO
        written_off = case.written_off_amount > ZERO
        for item in case.decision.lines:
            code = item.line.procedure_code or "unknown"
            for tally in (
                total,
                by_payer.setdefault(case.payer_id, UnderpaidTally()),
                by_code.setdefault(code, UnderpaidTally()),
            ):
                tally.claims.add(case.claim_id)
                tally.found += item.line.amount
                if recovered:
                    tally.recovered += item.line.amount
                elif written_off:
                    tally.written_off += item.line.amount
    return {
        "total": total.view(),
        "by_payer": {payer: tally.view() for payer, tally in sorted(by_payer.items())},
        "by_code": {code: tally.view() for code, tally in sorted(by_code.items())},
    }
