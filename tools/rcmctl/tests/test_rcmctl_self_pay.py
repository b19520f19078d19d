"""Self-pay visits in the workload and the report: planned as SELF (no longer folded into a commercial payer), settled
once billed to the patient, and booked as a charge the patient owes (patient A/R, not insurance, not unbilled)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any, cast

from rcm_analytics.domain.books import encounter_accounts, receivables
from rcm_analytics.domain.event_log import EventLog
from rcm_schemas import Event, new_message
from rcm_schemas.events.claims import ClaimSubmitted, SelfPayClaimBilled
from rcm_schemas.events.registration import EncounterRegistered
from rcm_schemas.samples import sample_events
from rcmctl.workload.encounters import plan_encounters
from rcmctl.workload.profiles import PROFILES, SELF_PAY, DefectRates
from rcmctl.workload.run import claims_backlog, settled_encounters
from rcmctl.workload.tracker import RunTracker

D = Decimal
TENANT = "clinic-a"


def _template(cls: type[Any]) -> Any:
    return next(e for e in sample_events() if type(e) is cls)


def _run(*events: Event) -> EventLog:
    run = EventLog()
    for event in events:
        run.by_type[event.EVENT_TYPE].append(new_message(event, producer="test", tenant_id=TENANT))
    return run


def _self_pay(claim_id: str, encounter: str, charge: str) -> Event:
    update = {"claim_id": claim_id, "encounter_id": encounter, "total_charge": D(charge)}
    return _template(SelfPayClaimBilled).model_copy(update=update)  # type: ignore[no-any-return]


def _submitted(claim_id: str, encounter: str, charge: str) -> Event:
    update = {"claim_id": claim_id, "encounter_id": encounter, "total_charge": D(charge)}
    return _template(ClaimSubmitted).model_copy(update=update)  # type: ignore[no-any-return]


def _tracker(run: EventLog) -> RunTracker:
    return cast(RunTracker, SimpleNamespace(events=run))


def test_the_workload_plans_self_pay_visits_as_self_pay() -> None:
    family = next(profile for profile in PROFILES if profile.key == "family")
    plans = plan_encounters(
        family, 300, seed=7, today=date(2026, 3, 31), defects=DefectRates(registration=0.5)
    )
    self_pay = [plan for plan in plans if plan.payer_id == SELF_PAY]
    assert self_pay, "the family clinic's mix has 6% self-pay"
    assert all(plan.defect != "registration" for plan in self_pay)  # no insurance card to have lapsed


def test_a_self_pay_visit_is_booked_as_owed_by_the_patient() -> None:
    run = _run(_self_pay("S1", "E1", "150.00"), _submitted("C2", "E2", "100.00"))
    accounts = encounter_accounts(lambda event_type: [m.payload for m in run.of(event_type)])
    self_pay = accounts["E1"]
    assert self_pay.billed and self_pay.charges == D("150.00")
    assert (self_pay.insurance_balance, self_pay.patient_balance) == (D("0.00"), D("150.00"))
    books = receivables(accounts.values())
    # E2 is with its payer: insurance A/R. E1 is the patient's at once; nothing is unbilled.
    assert (books.insurance, books.patient, books.unbilled) == (D("100.00"), D("150.00"), D("0.00"))


def test_a_visit_billed_to_the_patient_is_settled_and_out_of_the_claims_backlog() -> None:
    registered = _template(EncounterRegistered)
    run = _run(
        registered.model_copy(update={"encounter_id": "E1"}),
        registered.model_copy(update={"encounter_id": "E2"}),
        _self_pay("S1", "E1", "150.00"),
        _submitted("C2", "E2", "100.00"),
    )
    assert run.encounter_by_claim() == {"S1": "E1", "C2": "E2"}
    assert settled_encounters(_tracker(run)) == {"E1"}  # E2 waits for its payer
    assert claims_backlog(_tracker(run)) == 0
