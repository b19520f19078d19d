"""Classify each denied or rejected line: a root cause, a recommended action and the rule that decided."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from rcm_codesets.carc_categories import carc_category

from rcm_denials.domain.denial_facts import (
    ClaimCircumstances,
    ClaimDecision,
    ClassifiedLine,
    DenialSource,
    DeniedLine,
    LineClassification,
    RecommendedAction,
    RootCause,
    WorkQueue,
)
from rcm_denials.domain.denial_rules import (
    CODING_SEGMENTS,
    DENIAL_RULES,
    NOT_A_DENIAL_CARCS,
    REGISTRATION_SEGMENTS,
)


def is_denial_adjustment(group_code: str, carc: str) -> bool:
    """Whether a CAS adjustment is a denial to work; contractual write-downs are the contract, not denials."""
    return not (group_code == "CO" and carc.strip().upper() in NOT_A_DENIAL_CARCS)


def classify_line(
    line: DeniedLine, facts: ClaimCircumstances, date_of_service: date | None = None
) -> LineClassification:
    """The first rule that matches decides; without a date the code's category ignores its X12 start date."""
    return classify_as(line, facts, carc_category(line.carc, on=date_of_service))


def classify_as(line: DeniedLine, facts: ClaimCircumstances, category: str) -> LineClassification:
    """The first rule that matches the line taken as a code of `category` decides."""
    # The table ends with a catch-all rule, so next() always finds one.
    rule = next(rule for rule in DENIAL_RULES if rule.matches(line, facts, category))
    return LineClassification(
        root_cause=rule.root_cause,
        action=rule.action,
        queue=rule.queue,
        rule_id=rule.rule_id,
        auto_fix_kinds=rule.auto_fix_kinds,
    )


def classify_rejection(segment: str | None) -> LineClassification:
    """A rejection was never adjudicated, so it has no appeal rights: it is always corrected and resent."""
    code = (segment or "").strip().upper()
    if code in REGISTRATION_SEGMENTS:
        cause, queue, rule_id = (
            RootCause.ELIGIBILITY_REGISTRATION,
            WorkQueue.FRONT_DESK,
            "DEN-REJ-REGISTRATION",
        )
    elif code in CODING_SEGMENTS:
        cause, queue, rule_id = RootCause.CODING, WorkQueue.CODING, "DEN-REJ-CODING"
    else:
        cause, queue, rule_id = RootCause.OTHER, WorkQueue.BILLING, "DEN-REJ-OTHER"
    return LineClassification(
        root_cause=cause, action=RecommendedAction.CORRECT_AND_RESUBMIT, queue=queue, rule_id=rule_id
    )


def _recognised(item: ClassifiedLine) -> bool:
    return item.classification.root_cause is not RootCause.UNRECOGNISED_CODE


def decide_claim(source: DenialSource, classified: Iterable[ClassifiedLine]) -> ClaimDecision:
    """One claim, one work item: the line with the most money at stake leads (ties: the first line).

    An unrecognised code leads only a claim with nothing else on it, so it never hides a real denial from the
    denial counts (its line is still in the case for the person who works it).
    """
    lines = tuple(classified)
    if not lines:
        raise ValueError("a denial needs at least one denied line")
    candidates = [item for item in lines if _recognised(item)] or lines
    leading = max(candidates, key=lambda item: item.line.amount)  # max() keeps the first of equal amounts
    at_risk = sum((item.line.amount for item in lines), Decimal("0.00"))
    return ClaimDecision(source=source, lines=lines, leading=leading.classification, amount_at_risk=at_risk)


def classify_denial(
    lines: Iterable[DeniedLine], facts: ClaimCircumstances, date_of_service: date | None = None
) -> ClaimDecision:
    """Classify every denial adjustment of a remitted claim (contractual CO-45/253 lines are skipped)."""
    classified = [
        ClassifiedLine(line=line, classification=classify_line(line, facts, date_of_service))
        for line in lines
        if is_denial_adjustment(line.group_code, line.carc)
    ]
    return decide_claim(DenialSource.REMITTANCE, classified)


def decide_rejection(segment: str | None, total_charge: Decimal | None) -> ClaimDecision:
    return ClaimDecision(
        source=DenialSource.ACKNOWLEDGMENT,
        leading=classify_rejection(segment),
        amount_at_risk=total_charge if total_charge is not None else Decimal("0.00"),
    )
