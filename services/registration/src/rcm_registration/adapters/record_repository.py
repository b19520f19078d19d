"""Repositories for the reference records (clinics, providers, patients, coverages) over the aggregate store.

Each record is one aggregate without events, created once per id so a repeated create with one
Idempotency-Key stores nothing twice. Reads are by id (the only indexed lookup on FerretDB) and answer None
for another tenant's record: every record's state names its tenant.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from pydantic import BaseModel
from rcm_platform.ports import Aggregates, AggregatesFor, Outcome

from rcm_registration.domain.coverage import Coverage
from rcm_registration.domain.people import Patient
from rcm_registration.domain.providers import Clinic, Provider

Record = TypeVar("Record", bound=BaseModel)


class RecordRepository(Generic[Record]):
    def __init__(self, store: Aggregates, model: type[Record]) -> None:
        self._store = store
        self._model = model

    async def get(self, record_id: str, *, tenant_id: str) -> Record | None:
        state = await self._store.load(record_id)
        if state is None or state.get("tenant_id") != tenant_id:
            return None
        return self._model.model_validate(state)

    async def create(self, record_id: str, *, tenant_id: str, build: Callable[[str], Record]) -> Record:
        """Store the record built for record_id, or return the one already stored under that id."""
        record = build(record_id)
        outcome = await self._store.create(
            record_id, tenant_id=tenant_id, state=record.model_dump(mode="json"), events=[], marker=record_id
        )
        if outcome is Outcome.APPLIED:
            return record
        # A retried or concurrent create with the same key got there first: answer with what is stored.
        stored = await self.get(record_id, tenant_id=tenant_id)
        return stored if stored is not None else record


class StoredReferenceRecords:
    """The four record kinds an encounter refers to, each in its own collection (the ReferenceRecords port)."""

    def __init__(self, store_for: AggregatesFor) -> None:
        self.clinics = RecordRepository(store_for("clinics"), Clinic)
        self.providers = RecordRepository(store_for("providers"), Provider)
        self.patients = RecordRepository(store_for("patients"), Patient)
        self.coverages = RecordRepository(store_for("coverages"), Coverage)
