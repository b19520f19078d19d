"""Claims that hear nothing: a 276 after the payer's N silent days, the simulated payer's 277, and the
escalation to a person near the timely-filing limit; on the in-memory clearinghouse and its simulated clock."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import httpx
from clearinghouse_claims import DOS, SUBMITTED_ON, TENANT, build_claim, claim_submitted, quiet_scenario
from clearinghouse_fakes import Clearinghouse
from rcm_clearinghouse.adapters.silent_claims import could_be_due, day_cause, silent_claims_of
from rcm_clearinghouse.domain.adjudication import adjudicate_claim
from rcm_clearinghouse.domain.claim_status_follow_up import (
    FollowUpRules,
    escalation_due,
    filing_deadline,
    inquiry_due,
)
from rcm_clearinghouse.domain.scenario import Scenario
from rcm_clearinghouse.entrypoints.access import ROUTE_ROLES
from rcm_clearinghouse.entrypoints.http_routes import add_routes
from rcm_clearinghouse.service.claim_status_follow_up import ClaimStatusFollowUp, Decide, SilentClaim
from rcm_clearinghouse.service.simulated_time import SimulatedTime
from rcm_codesets import payer
from rcm_platform.http import install_http_edge
from rcm_platform.ports import Outcome
from rcm_platform.testing.auth import headers_for_tenant, protected_app
from rcm_schemas.events.claim_status import ClaimStatusEscalated, ClaimStatusInquired, ClaimStatusReported
from rcm_x12.claim_status276 import read_276
from rcm_x12.claim_status277 import read_277
from rcm_x12.pyx12_validation import pyx12_problems

NWHP = FollowUpRules(inquiry_after_days=30, timely_filing_days=90)  # Northwind: 30 silent days, 90 to file


class SilentClaimsInMemory:
    """The adapter's selection and per-day marker over the in-memory ledger and submission store."""

    def __init__(self, world: Clearinghouse) -> None:
        self.world = world

    async def awaiting_payment_after(self, day: date) -> list[SilentClaim]:
        after = (day + timedelta(days=1)).isoformat()
        pointers = [p for key, p in self.world.ledger.pointers.items() if key >= after]
        scheduled = {p["entry_id"]: p["claim_id"] for p in pointers}
        documents = await self.world.ledger.claim_documents(sorted(set(scheduled.values())))
        return silent_claims_of(scheduled, documents)

    async def record(self, claim: SilentClaim, day: date, decide: Decide) -> bool:
        cause = day_cause(claim, day, "clearinghouse")
        return await self.world.submission_store.handle(claim.claim_id, cause, decide) is Outcome.APPLIED


def _world(scenario: Scenario) -> Clearinghouse:
    world = Clearinghouse(scenario)
    follow_up = ClaimStatusFollowUp(SilentClaimsInMemory(world), scenario)
    world.time = SimulatedTime(world.time.calendar, world.time.release, follow_up)
    return world


def delaying(**overrides: object) -> Scenario:
    """Every accepted claim is pended for 120 more days: silent long past the inquiry threshold."""
    return quiet_scenario(status_delay_rate=Decimal("1"), status_delay_days=120, **overrides)


def test_the_delay_scenario_pushes_the_payment_out_and_is_off_by_default() -> None:
    claim = build_claim("CLM-DELAY")
    northwind = payer("NWHP1", DOS)
    assert northwind is not None
    normal = adjudicate_claim(claim, northwind, SUBMITTED_ON, quiet_scenario())
    delayed = adjudicate_claim(claim, northwind, SUBMITTED_ON, delaying())
    assert delayed.payment_date - normal.payment_date == timedelta(days=120)
    assert delayed.remit == normal.remit  # the same decision, only later


def test_inquiry_is_due_after_n_silent_days_then_every_n_days_with_a_fake_clock() -> None:
    day = SUBMITTED_ON
    assert not inquiry_due(SUBMITTED_ON, None, day + timedelta(days=29), NWHP)
    assert inquiry_due(SUBMITTED_ON, None, day + timedelta(days=30), NWHP)
    last = day + timedelta(days=30)
    assert not inquiry_due(SUBMITTED_ON, last, last + timedelta(days=29), NWHP)
    assert inquiry_due(SUBMITTED_ON, last, last + timedelta(days=30), NWHP)


def test_the_sweep_reads_only_claims_old_enough_for_any_payer_to_ask_about() -> None:
    pointer = {"_id": "2025-06-01|CLM1", "entry_id": "CLM1", "claim_id": "CLM1", "received_on": "2025-03-10"}
    assert not could_be_due(pointer, date(2025, 3, 30))  # 20 days: Medicare, the quickest, asks after 21
    assert could_be_due(pointer, date(2025, 3, 31))
    assert could_be_due({k: v for k, v in pointer.items() if k != "received_on"}, date(2025, 3, 11))


def test_medicare_asks_after_21_days_and_the_others_after_30() -> None:
    medicare, northwind = payer("MCR01", DOS), payer("NWHP1", DOS)
    assert medicare is not None and northwind is not None
    assert FollowUpRules.of(medicare).inquiry_after_days == 21
    assert FollowUpRules.of(northwind).inquiry_after_days == 30


def test_escalation_is_due_within_15_days_of_the_filing_limit_unless_decided_or_done() -> None:
    deadline = filing_deadline(DOS, NWHP)
    assert deadline == DOS + timedelta(days=90)
    edge = deadline - timedelta(days=15)
    assert not escalation_due(DOS, edge - timedelta(days=1), NWHP, "P1", escalated=False)
    assert escalation_due(DOS, edge, NWHP, "P1", escalated=False)
    assert escalation_due(DOS, edge, NWHP, None, escalated=False)  # never answered: undecided too
    assert not escalation_due(DOS, edge, NWHP, "F1", escalated=False)  # decided: the 835 is coming
    assert not escalation_due(DOS, edge, NWHP, "P1", escalated=True)  # once
    assert not escalation_due(DOS, edge, FollowUpRules(30, None), "P1", escalated=False)  # no limit


async def test_a_delayed_claim_gets_a_276_and_a_pending_277_after_30_silent_days() -> None:
    world = _world(delaying())
    await world.deliver(claim_submitted(build_claim("CLM-SILENT"), 101))

    early = await world.time.advance(29)
    assert early.followed_up == [] and world.published(ClaimStatusInquired) == []
    due = await world.time.advance(1)
    assert due.followed_up == ["CLM-SILENT"]

    (inquired,) = world.published(ClaimStatusInquired)
    (reported,) = world.published(ClaimStatusReported)
    assert isinstance(inquired, ClaimStatusInquired) and isinstance(reported, ClaimStatusReported)
    assert (inquired.inquired_on, inquired.submitted_on) == (SUBMITTED_ON + timedelta(days=30), SUBMITTED_ON)
    assert (inquired.days_silent, inquired.inquiry_number) == (30, 1)
    assert (reported.category, reported.status_code, reported.group) == ("P1", "20", "pending")
    assert reported.label == "Pending: in process (20 accepted for processing)"
    assert pyx12_problems(inquired.x12_276) == [] and pyx12_problems(reported.x12_277) == []
    (request,) = read_276(inquired.x12_276)
    assert [i.claim_id for i in request.inquiries] == ["CLM-SILENT"]
    assert request.inquiries[0].total_charge == Decimal("270.00")
    (response,) = read_277(reported.x12_277)
    assert [(a.claim_id, a.category) for a in response.answers] == [("CLM-SILENT", "P1")]

    timeline = world.state_of("CLM-SILENT")["status_follow_up"]
    assert [(i["inquired_on"], i["category"]) for i in timeline["inquiries"]] == [("2025-04-09", "P1")]


async def test_the_same_day_twice_asks_once_and_the_next_inquiry_waits_another_30_days() -> None:
    world = _world(delaying())
    await world.deliver(claim_submitted(build_claim("CLM-AGAIN"), 101))
    await world.time.advance(30)
    follow_up = world.time.follow_up
    assert follow_up is not None
    assert await follow_up.sweep(SUBMITTED_ON + timedelta(days=30)) == []  # a rerun of the day: no-op
    await world.time.advance(29)
    assert len(world.published(ClaimStatusInquired)) == 1
    await world.time.advance(1)
    second = world.published(ClaimStatusInquired)[-1]
    assert isinstance(second, ClaimStatusInquired)
    assert (second.inquiry_number, second.days_silent) == (2, 30)


async def test_a_claim_still_pending_15_days_before_the_filing_limit_is_escalated_once() -> None:
    world = _world(delaying())
    await world.deliver(claim_submitted(build_claim("CLM-EDGE"), 101))
    deadline = DOS + timedelta(days=90)  # Northwind files within 90 days of service
    days_to_edge = (deadline - timedelta(days=15) - SUBMITTED_ON).days
    await world.time.advance(days_to_edge - 1)
    assert world.published(ClaimStatusEscalated) == []
    await world.time.advance(1)
    (escalated,) = world.published(ClaimStatusEscalated)
    assert isinstance(escalated, ClaimStatusEscalated)
    assert (escalated.filing_deadline, escalated.days_left, escalated.last_category) == (deadline, 15, "P1")
    await world.time.advance(5)
    assert len(world.published(ClaimStatusEscalated)) == 1
    assert world.state_of("CLM-EDGE")["status_follow_up"]["escalated_on"] == "2025-05-18"


async def test_a_claim_the_payer_decided_is_reported_finalized_with_its_payment_and_not_escalated() -> None:
    # Pended 25 days (paid ~40 days after submission); the clock jumps to the day before payment, when the
    # payer has decided and the 835 is on its way.
    world = _world(quiet_scenario(status_delay_rate=Decimal("1"), status_delay_days=25))
    await world.deliver(claim_submitted(build_claim("CLM-DECIDED", "MCR01"), 101))
    (entry,) = world.state_of("CLM-DECIDED")["adjudications"]
    payment_date = date.fromisoformat(entry["payment_date"])
    await world.time.advance((payment_date - SUBMITTED_ON).days - 1)
    reported = world.published(ClaimStatusReported)[-1]
    assert isinstance(reported, ClaimStatusReported)
    assert (reported.category, reported.group) == ("F1", "finalized")
    assert reported.paid_amount == Decimal(entry["paid_cents"]) / 100
    assert world.published(ClaimStatusEscalated) == []


async def test_a_claim_paid_on_time_is_never_asked_about() -> None:
    world = _world(quiet_scenario())
    await world.deliver(claim_submitted(build_claim("CLM-PAID"), 101))
    advanced = await world.time.advance(120)
    assert advanced.released and advanced.followed_up == []
    assert world.published(ClaimStatusInquired) == []


async def test_the_submission_route_shows_the_inquiries_and_the_escalation() -> None:
    world = _world(delaying())
    await world.deliver(claim_submitted(build_claim("CLM-VIEW"), 101))
    app = protected_app(ROUTE_ROLES)
    install_http_edge(app)
    add_routes(app, world.time, world.queries)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=headers_for_tenant(TENANT)
    ) as client:
        advanced = (await client.post("/simulator/advance", json={"days": 30})).json()
        view = (await client.get("/submissions/CLM-VIEW")).json()
    assert advanced["followed_up"] == ["CLM-VIEW"]
    (inquiry,) = view["status_follow_up"]["inquiries"]
    assert (inquiry["inquired_on"], inquiry["category"], inquiry["group"]) == ("2025-04-09", "P1", "pending")
    assert view["status_follow_up"]["escalated_on"] is None
