"""Coordination of benefits: the claim to the next payer, built from what the payer before it decided.

A visit covered twice (Medicare and a supplement, two employer plans) is billed in coverage order. When the
primary's 835 posts, what it left to the patient goes to the secondary on a claim of its own that repeats the
visit (same lines, same charges) and carries the primary's adjudication: loop 2320/2330A/2330B with the
claim-level CAS and AMT*D, and per line 2430 (SVD, CAS, DTP*573). The secondary then pays up to its allowed
amount minus what the primary paid; whatever it leaves is the patient's.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from rcm_claims.domain.claim import PriorAdjudication, ProfessionalClaim

ZERO = Decimal("0.00")
CROSSED_OVER = "19"
"""CLP02 19: processed as primary and forwarded by the payer itself to the next one (a Medicare crossover):
sending our own secondary claim would bill that payer twice."""


def next_payer_claim_id(prior_claim_id: str, next_payer_id: str) -> str:
    """ "S" + 20 hex digits: one claim per prior claim and next payer, so a redelivered 835 finds it built."""
    return "S" + hashlib.sha256(f"{prior_claim_id}|{next_payer_id}".encode()).hexdigest()[:20].upper()


class NextPayerNotBilled(Exception):
    """Why no claim goes to the next payer: said in the log and the claim's timeline, never silently."""


def next_payer_claim(
    claim: ProfessionalClaim, decision: PriorAdjudication, *, claim_status_code: str, next_claim_id: str
) -> ProfessionalClaim:
    """The claim to the payer after `claim`'s, carrying `decision`; raises NextPayerNotBilled when none is due.

    Every line must come back adjudicated on its own (matched to our line): a 2430 has to balance the line's
    charge with the prior payer's paid amount and adjustments, which a line the payer dropped or bundled into
    another cannot do. Such a claim goes to a person, not to the next payer with made-up numbers.
    """
    if not claim.other_coverages:
        raise NextPayerNotBilled("no further coverage")
    if claim_status_code == CROSSED_OVER:
        raise NextPayerNotBilled("the payer forwarded the claim to the next payer itself (crossover)")
    if decision.patient_responsibility <= ZERO:
        raise NextPayerNotBilled("the payer left nothing to the patient")
    for line in claim.lines:
        prior = decision.line(line.line_number)
        if prior is None:
            raise NextPayerNotBilled(f"line {line.line_number} has no adjudication of its own")
        if prior.paid + sum((a.amount for a in prior.adjustments), ZERO) != line.charge:
            raise NextPayerNotBilled(
                f"line {line.line_number}: paid and adjustments do not balance its charge"
            )
    next_coverage, *later = claim.other_coverages
    decision = decision.model_copy(update={"coverage": claim.coverage})
    return claim.model_copy(
        update={
            "claim_id": next_claim_id,
            "coverage": next_coverage,
            "other_coverages": tuple(later),
            "prior_adjudications": (*claim.prior_adjudications, decision),
            "frequency_code": "1",
            "original_claim_id": None,
            "payer_claim_control_number": "",
            "lines": tuple(
                line.model_copy(update={"line_control_number": f"{next_claim_id}-{line.line_number}"})
                for line in claim.lines
            ),
        }
    )
