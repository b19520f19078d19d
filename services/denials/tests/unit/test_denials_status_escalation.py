"""ClaimStatusEscalated (a silent claim near its timely-filing limit) -> one case in the billing queue with the
follow-up action and the filing limit as its deadline; published as nothing; in no denial KPI; a later
payment resolves it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from denials_fakes import DenialsWorld
from rcm_denials.domain import analytics as kpi
from rcm_denials.domain.denial_facts import DenialSource, RecommendedAction, RootCause, WorkQueue
from rcm_denials.service.analytics_report import denial_record
from rcm_denials.service.case_documents import CaseContext
from rcm_schemas.events.claim_status import ClaimStatusEscalated
from rcm_schemas.events.denials import DenialRouted, FileAppeal
from rcm_schemas.events.remittance import ClaimPaid

DOS = date(2025, 3, 4)
DEADLINE = date(2025, 6, 2)  # Northwind: 90 days from the date of service


def escalated(claim: str, on: date = date(2025, 5, 18)) -> ClaimStatusEscalated:
    return ClaimStatusEscalated(
        claim_id=claim,
        payer_id="NWHP1",
        escalated_on=on,
        date_of_service=DOS,
        filing_deadline=DEADLINE,
        total_charge=Decimal("270.00"),
        days_left=(DEADLINE - on).days,
        last_category="P1",
        reason="no payer decision 15 days before the timely filing limit (last status P1)",
    )


async def test_an_escalated_claim_is_routed_to_billing_once_with_the_filing_limit_as_deadline() -> None:
    world = DenialsWorld()
    await world.send(escalated("CLM-S1"), producer="clearinghouse")
    await world.send(escalated("CLM-S1"), producer="clearinghouse")  # re-emitted under a new event id

    case = await world.case("CLM-S1")
    item = case.work_item
    assert item is not None
    assert (item.queue, item.root_cause, item.recommended_action, item.rule_id) == (
        WorkQueue.BILLING,
        RootCause.NO_PAYER_DECISION,
        RecommendedAction.FOLLOW_UP_WITH_PAYER,
        "DEN-STATUS-FILING-EDGE",
    )
    assert (item.amount_at_risk, item.deadline) == (Decimal("270.00"), DEADLINE)
    assert [entry.action for entry in case.history] == ["denied", "route"]
    assert case.decision.source is DenialSource.PAYER_SILENCE
    assert world.published(DenialRouted) == []
    assert world.dead_letters() == []


async def test_an_escalation_is_in_no_denial_or_rejection_kpi() -> None:
    world = DenialsWorld()
    await world.send(escalated("CLM-S2"), producer="clearinghouse")
    record = denial_record(await world.case("CLM-S2"), CaseContext())
    assert kpi.denials_by([record], lambda r: r.root_cause.value) == {}
    assert kpi.unrecognised_code_reviews([record], "2025-05") == []


async def test_the_payment_that_finally_arrives_resolves_the_escalation() -> None:
    world = DenialsWorld()
    await world.send(escalated("CLM-S3"), producer="clearinghouse")
    paid = ClaimPaid(
        claim_id="CLM-S3",
        payer_id="NWHP1",
        trace_number="EFT-LATE-1",
        claim_status_code="1",
        date_of_service=DOS,
        payment_date=date(2025, 5, 25),
        charge_amount=Decimal("270.00"),
        paid_amount=Decimal("180.00"),
    )
    await world.send(paid, producer="remittance")
    case = await world.case("CLM-S3")
    assert case.status.value == "resolved"


async def test_an_escalation_is_not_appealed() -> None:
    world = DenialsWorld()
    await world.send(escalated("CLM-S4"), producer="clearinghouse")
    item = (await world.case("CLM-S4")).work_item
    assert item is not None
    await world.send(FileAppeal(claim_id="CLM-S4", work_item_id=item.work_item_id, requested_by="b"))
    [letter] = world.dead_letters()
    assert "has not decided the claim" in letter["reason"]
