"""How a secondary payer adjudicates a line the primary already decided (coordination of benefits).

The secondary reads the primary's answer from the claim (837P loop 2430: SVD paid, CAS with the patient's share)
and pays up to its own allowed amount minus what the primary paid, never more than the primary left to the
patient ("non-duplication" COB; NAIC COB Model Regulation, the secondary's benefit reduced by the primary's).
What it does not pay stays the patient's, under the primary's reason codes; it pays the coinsurance (PR-2) and
copay (PR-3) first and the deductible (PR-1) last, as a Medigap plan that does not cover the Part B deductible
would (ASSUMPTION). The rest of the line is OA-23, the impact of the prior payer's adjudication, so the line
balances: charge = paid + OA-23 + PR.
"""

from __future__ import annotations

from decimal import Decimal

from rcm_x12 import Adjustment, Claim, LineAdjudication, RemitServiceLine, ServiceLine

ZERO = Decimal("0.00")
PRIOR_PAYER_IMPACT = "23"
_PAID_FIRST = ("2", "3")  # coinsurance, copay; then any other PR reason, the deductible (1) last


def prior_adjudication(claim: Claim, line: ServiceLine) -> LineAdjudication | None:
    """The earlier payer's 2430 for this line, on a claim sent to a later payer (SBR01 S or T)."""
    if claim.subscriber.payer_responsibility not in ("S", "T") or not line.adjudications:
        return None
    return line.adjudications[-1]


def _left_to_patient(prior: LineAdjudication) -> dict[str, Decimal]:
    shares: dict[str, Decimal] = {}
    for adjustment in prior.adjustments:
        if adjustment.group == "PR":
            shares[adjustment.reason] = shares.get(adjustment.reason, ZERO) + adjustment.amount
    return shares


def _remaining_after(paid: Decimal, shares: dict[str, Decimal]) -> dict[str, Decimal]:
    order = [reason for reason in _PAID_FIRST if reason in shares]
    order += sorted(reason for reason in shares if reason not in _PAID_FIRST and reason != "1")
    order += ["1"] if "1" in shares else []
    remaining: dict[str, Decimal] = {}
    still_to_pay = paid
    for reason in order:
        covered = min(still_to_pay, shares[reason])
        still_to_pay -= covered
        remaining[reason] = shares[reason] - covered
    return remaining


def coordinated_line(line: ServiceLine, allowed: Decimal, prior: LineAdjudication) -> RemitServiceLine:
    """The secondary's 835 line for `line`, given its own allowed amount and the primary's decision."""
    shares = _left_to_patient(prior)
    left = sum(shares.values(), ZERO)
    paid = max(ZERO, min(left, allowed - prior.paid))
    remaining = _remaining_after(paid, shares)
    patient = sum(remaining.values(), ZERO)
    adjustments = [
        Adjustment("OA", PRIOR_PAYER_IMPACT, line.charge - paid - patient),
        *(Adjustment("PR", reason, amount) for reason, amount in remaining.items()),
    ]
    return RemitServiceLine(
        procedure_code=line.procedure_code,
        charge=line.charge,
        paid=paid,
        modifiers=line.modifiers,
        units=line.units,
        service_date=line.service_date,
        line_control_number=line.line_control_number,
        allowed=allowed,
        adjustments=tuple(adjustment for adjustment in adjustments if adjustment.amount != ZERO),
    )
