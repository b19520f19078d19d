"""Reclassifying an unrecognised-code review: the domain decision, idempotency, and the contract's categories."""

from __future__ import annotations

from decimal import Decimal
from typing import get_args

import pytest
from denials_fakes import DenialsWorld
from denials_stack_scenarios import claim_denied, denied_line
from rcm_codesets.carc_categories import CARC_CATEGORIES
from rcm_denials.domain.classification import classify_denial
from rcm_denials.domain.denial_facts import ClaimCircumstances, DeniedLine, RootCause, WorkQueue
from rcm_denials.domain.reclassification import NotAnUnrecognisedCodeReview, reclassified_decision
from rcm_schemas.events.denials import (
    CarcCategory,
    DenialReclassified,
    DenialRouted,
    ReclassifiedAdjustment,
    ReclassifyDenial,
)

D = Decimal


def test_the_contracts_categories_are_the_code_sets() -> None:
    assert set(get_args(CarcCategory)) == CARC_CATEGORIES


def test_only_the_unrecognised_lines_take_the_reviewers_category() -> None:
    denied = [
        DeniedLine(line_number=1, group_code="CO", carc="Z9", amount=D("75.00")),
        DeniedLine(line_number=2, group_code="CO", carc="50", amount=D("20.00")),
    ]
    decision = classify_denial(denied, ClaimCircumstances())
    # The recognised CO-50 leads while the Z9 waits; so this claim is no review to reclassify.
    assert decision.leading.root_cause is RootCause.MEDICAL_NECESSITY
    with pytest.raises(NotAnUnrecognisedCodeReview):
        reclassified_decision(decision, "coding")

    review = classify_denial(denied[:1], ClaimCircumstances())
    assert review.leading.root_cause is RootCause.UNRECOGNISED_CODE
    coding = reclassified_decision(review, "coding")
    assert (coding.leading.rule_id, coding.leading.queue, coding.amount_at_risk) == (
        "DEN-CAT-CODING",
        WorkQueue.CODING,
        D("75.00"),
    )


async def test_a_repeated_reclassification_changes_nothing_and_is_not_dead_lettered() -> None:
    world = DenialsWorld()
    await world.send(claim_denied("CLM-RC1", "MCR01", denied_line(1, "99213", "CO", "Z9", "75.00")))
    review = await world.case("CLM-RC1")
    assert review.work_item is not None
    command = ReclassifyDenial(
        claim_id="CLM-RC1", work_item_id=review.work_item.work_item_id, category="coding", requested_by="b"
    )
    message = await world.send(command)
    await world.deliver(message)  # redelivered: the work item it names is gone, yet nothing is refused

    case = await world.case("CLM-RC1")
    assert [h.action for h in case.history].count("reclassify") == 1
    assert case.work_item is not None and case.work_item.rule_id == "DEN-CAT-CODING"
    assert world.dead_letters() == []
    assert [e.rule_id for e in world.published(DenialRouted)] == ["DEN-CARC-UNRECOGNISED", "DEN-CAT-CODING"]


async def test_an_applied_reclassification_publishes_the_codes_it_covers_once() -> None:
    world = DenialsWorld()
    lines = (denied_line(1, "99213", "CO", "Z9", "75.00"), denied_line(2, "99214", "CO", "Z9", "10.00"))
    await world.send(claim_denied("CLM-RC2", "MCR01", *lines))
    review = await world.case("CLM-RC2")
    assert review.work_item is not None
    command = ReclassifyDenial(
        claim_id="CLM-RC2",
        work_item_id=review.work_item.work_item_id,
        category="coding",
        requested_by="reviewer.ng",
    )
    message = await world.send(command)
    await world.deliver(message)  # redelivered: no second fact

    published = world.published(DenialReclassified)
    assert len(published) == 1
    fact = published[0]
    assert (fact.claim_id, fact.category, fact.reclassified_by) == ("CLM-RC2", "coding", "reviewer.ng")
    # Two lines under one code: the code once.
    assert fact.adjustments == (ReclassifiedAdjustment(group_code="CO", carc="Z9"),)
    assert fact.denial_id == world.published(DenialRouted)[-1].denial_id
