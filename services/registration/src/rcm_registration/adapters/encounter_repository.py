"""The encounter aggregate in Mongo: the document shape (money as integer cents) and tenant-scoped reads.

FerretDB has no Decimal128, so the 271's amounts are stored as whole cents (`copay_cents`, ...) and turned
back into Decimal when the aggregate is loaded; everything else is the model's JSON form.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from rcm_platform import AggregateStore, Outcome
from rcm_schemas import Event, from_cents, to_cents

from rcm_registration.domain.encounter import Encounter

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
    def __init__(self, store: AggregateStore) -> None:
        self.store = store

    async def get(self, encounter_id: str, *, tenant_id: str) -> Encounter | None:
        doc = await self.store.collection.find_one({"_id": encounter_id}, {"state": 1, "tenant_id": 1})
        if doc is None or doc.get("tenant_id") != tenant_id:
            return None
        return encounter_from_document(doc["state"])

    async def create(self, encounter: Encounter, events: Sequence[Event], *, marker: str) -> Outcome:
        """The encounter and its outcome event in one insert; the outbox publishes the event after it."""
        return await self.store.create(
            encounter.encounter_id,
            tenant_id=encounter.tenant_id,
            state=encounter_document(encounter),
            events=events,
            marker=marker,
        )

    async def incomplete(self, *, tenant_id: str, limit: int) -> list[Encounter]:
        """The front desk's open work items: this tenant's encounters waiting for a correction."""
        cursor = (
            self.store.collection.find({"tenant_id": tenant_id, "state.status": "incomplete"}, {"state": 1})
            .sort("_id", 1)
            .limit(limit)
        )
        return [encounter_from_document(doc["state"]) async for doc in cursor]
