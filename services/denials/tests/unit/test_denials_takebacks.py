"""PaymentTakenBack -> one case in the billing queue per takeback, with its kind's rule and the takeback action;
published as nothing; kept out of the denial KPIs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from denials_fakes import DenialsWorld
from rcm_denials.domain import analytics as kpi
from rcm_denials.domain.denial_facts import DenialSource, RecommendedAction, RootCause, WorkQueue
from rcm_denials.service.analytics_report import denial_record
from rcm_denials.service.case_documents import CaseContext
from rcm_schemas.events.denials import DenialRouted, FileAppeal, ResolveDenial
from rcm_schemas.events.remittance import PaymentTakenBack


def recouped(claim: str, trace: str = "CHK-R1") -> PaymentTakenBack:
    return PaymentTakenBack(
        claim_id=claim,
        payer_id="MCR01",
        trace_number=trace,
        takeback_kind="recoupment",
        amount=Decimal("30.00"),
        recoupment_reasons=("WO",),
        taken_back_on=date(2025, 4, 1),
        date_of_service=date(2025, 3, 3),
    )


async def test_a_recoupment_is_routed_to_billing_once_and_published_as_nothing() -> None:
    world = DenialsWorld()
    await world.send(recouped("CLM-R1"), producer="remittance")
    await world.send(recouped("CLM-R1"), producer="remittance")  # re-emitted under a new event id

    case = await world.case("CLM-R1")
    item = case.work_item
    assert item is not None
    assert (item.queue, item.root_cause, item.recommended_action, item.rule_id) == (
        WorkQueue.BILLING,
        RootCause.PAYER_RECOUPMENT,
        RecommendedAction.REVIEW_TAKEBACK,
        "DEN-TAKEBACK-RECOUPMENT",
    )
    assert item.amount_at_risk == Decimal("30.00") and item.deadline is not None
    assert [entry.action for entry in case.history] == ["denied", "route"]
    assert case.decision.source is DenialSource.PAYER_TAKEBACK
    assert world.published(DenialRouted) == []
    assert world.dead_letters() == []


async def test_a_takeback_is_in_no_denial_kpi() -> None:
    world = DenialsWorld()
    await world.send(recouped("CLM-R2"), producer="remittance")
    record = denial_record(await world.case("CLM-R2"), CaseContext())
    assert kpi.denials_by([record], lambda r: r.root_cause.value) == {}
    assert kpi.unrecognised_code_reviews([record], "2025-04") == []


async def test_a_later_takeback_in_another_835_opens_the_case_again() -> None:
    world = DenialsWorld()
    await world.send(recouped("CLM-R3", trace="CHK-R1"), producer="remittance")
    await world.send(recouped("CLM-R3", trace="CHK-R2"), producer="remittance")
    case = await world.case("CLM-R3")
    assert [entry.action for entry in case.history] == ["denied", "route", "denied_again", "route"]


async def test_a_takeback_is_not_appealed_with_a_generated_letter_but_can_be_resolved() -> None:
    world = DenialsWorld()
    await world.send(recouped("CLM-R4"), producer="remittance")
    item = (await world.case("CLM-R4")).work_item
    assert item is not None
    await world.send(FileAppeal(claim_id="CLM-R4", work_item_id=item.work_item_id, requested_by="b"))
    [letter] = world.dead_letters()
    assert "a takeback has no denial codes" in letter["reason"]

    await world.send(
        ResolveDenial(
            claim_id="CLM-R4", work_item_id=item.work_item_id, resolution="no_action", requested_by="b"
        )
    )
    case = await world.case("CLM-R4")
    assert (
        case.status.value == "resolved"
        and case.work_item is not None
        and case.work_item.status.value == "done"
    )
