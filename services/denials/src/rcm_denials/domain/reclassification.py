"""A person's category for a CARC we had none for: the review's lines are classified as codes of that category
(the same rule table, so they are routed as any denial of it) and the claim is decided again."""

from __future__ import annotations

from rcm_denials.domain.classification import classify_as, decide_claim
from rcm_denials.domain.denial_facts import (
    ClaimCircumstances,
    ClaimDecision,
    ClassifiedLine,
    RootCause,
)


class NotAnUnrecognisedCodeReview(ValueError):
    """Only a case led by an unrecognised CARC (DEN-CARC-UNRECOGNISED) waits for a person's category."""


def reclassified_decision(decision: ClaimDecision, category: str) -> ClaimDecision:
    """The decision with every unrecognised line classified as `category`; lines classified before keep theirs."""
    if decision.leading.root_cause is not RootCause.UNRECOGNISED_CODE:
        raise NotAnUnrecognisedCodeReview(
            f"only the review of an unrecognised adjustment code can be reclassified (rule {decision.leading.rule_id})"
        )
    # The 835's circumstances (ABN, authorisation on file ...) are not kept with the case: the rule that needs
    # none decides, as for a code first met without them.
    lines = [
        ClassifiedLine(line=item.line, classification=classify_as(item.line, ClaimCircumstances(), category))
        if item.classification.root_cause is RootCause.UNRECOGNISED_CODE
        else item
        for item in decision.lines
    ]
    return decide_claim(decision.source, lines)
