"""The encounter aggregate in the store: the document shape (money as integer cents) and tenant-scoped reads.

FerretDB has no Decimal128, so the 271's amounts are stored as whole cents (`copay_cents`, ...) and turned
back into Decimal when the aggregate is loaded; everything else is the model's JSON form. A decision's
outcome becomes its wire event here (EncounterRegistered or RegistrationIncomplete).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from rcm_platform.ports import Aggregates, Decision, Outcome, State
from rcm_schemas import EventMessage, from_cents, to_cents

from rcm_registration.adapters.event_translation import outcome_events
from rcm_registration.domain.encounter import Encounter
from rcm_registration.domain.registration_decision import RegistrationDecision
from rcm_registration.service.ports import EncounterDecide

MONEY_FIELDS = ("copay", "deductible_remaining", "out_of_pocket_remaining")


def encounter_document(encounter: Encounter) -> dict[str, Any]:
    state = encounter.model_dump(mode="json")
    eligibility = state.get("eligibility")
    if eligibility is not None:
        for name in MONEY_FIELDS:
            amount = eligibility.pop(name, None)
            eligibility[f"{name}_cents"] = None if amount is None else to_cents(Decimal(amount))
    return state


def encounter_from_document(state: dict[str, Any]) -> Encounter:
    restored = dict(state)
    eligibility = restored.get("eligibility")
    if eligibility is not None:
        eligibility = dict(eligibility)
        for name in MONEY_FIELDS:
            cents = eligibility.pop(f"{name}_cents", None)
            eligibility[name] = None if cents is None else from_cents(cents)
        restored["eligibility"] = eligibility
    return Encounter.model_validate(restored)


class EncounterRepository:
    """The EncounterStore port over the kit's aggregate store."""

    def __init__(self, store: Aggregates) -> None:
        self.store = store

    async def get(self, encounter_id: str, *, tenant_id: str) -> Encounter | None:
        state = await self.store.load(encounter_id)
        if state is None or state.get("tenant_id") != tenant_id:
            return None
        return encounter_from_document(state)

    async def create(self, decision: RegistrationDecision, *, marker: str) -> Outcome:
        """The encounter and its outcome event in one insert; the outbox publishes the event after it."""
        encounter = decision.encounter
        return await self.store.create(
            encounter.encounter_id,
            tenant_id=encounter.tenant_id,
            state=encounter_document(encounter),
            events=outcome_events(decision),
            marker=marker,
        )

    async def apply(self, encounter_id: str, cause: EventMessage, decide: EncounterDecide) -> Outcome:
        async def decide_on_state(state: State | None) -> Decision | None:
            decision = await decide(None if state is None else encounter_from_document(state))
            if decision is None:
                return None
            return Decision(encounter_document(decision.encounter), outcome_events(decision))

        return await self.store.handle(encounter_id, cause, decide_on_state)


class EncounterQueries:
    """The IncompleteEncounters port: a query on the encounters collection (no aggregate store offers one)."""

    def __init__(self, collection: AsyncCollection[dict[str, Any]]) -> None:
        self.collection = collection

    async def incomplete(self, *, tenant_id: str, limit: int) -> list[Encounter]:
        cursor = (
            self.collection.find({"tenant_id": tenant_id, "state.status": "incomplete"}, {"state": 1})
            .sort("_id", 1)
            .limit(limit)
        )
        return [encounter_from_document(doc["state"]) async for doc in cursor]
