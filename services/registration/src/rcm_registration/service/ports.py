"""What the registration use cases need from the outside world; the adapters implement these."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

from rcm_platform.ports import Outcome
from rcm_schemas import EventMessage

from rcm_registration.domain.correction import CorrectionFields
from rcm_registration.domain.coverage import Coverage, CoverageDetails
from rcm_registration.domain.eligibility import EligibilityRequest, EligibilityResult
from rcm_registration.domain.encounter import Encounter
from rcm_registration.domain.people import Patient
from rcm_registration.domain.providers import Clinic, Provider
from rcm_registration.domain.registration_decision import RegistrationDecision

Record = TypeVar("Record", covariant=True)
EncounterDecide = Callable[[Encounter | None], Awaitable[RegistrationDecision | None]]
"""Decides what a cause does to an encounter (None: nothing changes and nothing is published)."""


class EligibilityGateway(Protocol):
    """Sends a 270 to a payer (or clearinghouse) and returns its 271."""

    async def verify(self, request: EligibilityRequest) -> EligibilityResult: ...


class RecordReader(Protocol[Record]):
    async def get(self, record_id: str, *, tenant_id: str) -> Record | None:
        """The record of this tenant; another tenant's record is None, as a missing one."""
        ...


class ReferenceRecords(Protocol):
    """The records an encounter refers to."""

    @property
    def clinics(self) -> RecordReader[Clinic]: ...

    @property
    def providers(self) -> RecordReader[Provider]: ...

    @property
    def patients(self) -> RecordReader[Patient]: ...

    @property
    def coverages(self) -> RecordReader[Coverage]: ...


class EncounterStore(Protocol):
    """The encounter aggregates: one writer each, state and outcome event written together."""

    async def get(self, encounter_id: str, *, tenant_id: str) -> Encounter | None: ...

    async def create(self, decision: RegistrationDecision, *, marker: str) -> Outcome:
        """Store a new encounter with its outcome event, once per id (a DUPLICATE stores nothing)."""
        ...

    async def apply(self, encounter_id: str, cause: EventMessage, decide: EncounterDecide) -> Outcome:
        """Apply `decide` to the stored encounter once per cause; its outcome event is published after."""
        ...


class IncompleteEncounters(Protocol):
    async def incomplete(self, *, tenant_id: str, limit: int) -> list[Encounter]:
        """This tenant's encounters waiting for a correction (the open work items), oldest id first."""
        ...


class RecordIds(Protocol):
    def record_id(self, kind: str, *, tenant_id: str, idempotency_key: str | None) -> str:
        """The same tenant, kind and key always give the same id; without a key, a fresh one."""
        ...


class CorrectionCommands(Protocol):
    async def send(
        self,
        encounter: Encounter,
        fields: CorrectionFields,
        *,
        coverage: CoverageDetails | None,
        requested_by: str,
    ) -> str:
        """Send CorrectRegistration to the encounter's writer; returns the command id."""
        ...


class CoverageCommands(Protocol):
    async def send(
        self,
        encounter: Encounter,
        coverage: CoverageDetails,
        *,
        requested_by: str,
        idempotency_key: str | None,
    ) -> str:
        """Send CorrectCoverage to the encounter's writer; returns the command id (the same for a repeated key)."""
        ...
