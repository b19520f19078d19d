"""What the coding use cases need from the outside world; adapters/ and the kit implement these."""

from __future__ import annotations

from typing import Protocol

from rcm_platform.ports import Aggregates

from rcm_coding.domain.models import Suggestion

CodingDocuments = Aggregates
"""The coding documents, one per encounter (_id = encounter_id): the kit's aggregate store honours this."""


class DiagnosisSuggester(Protocol):
    """Ranks ICD-10-CM codes for a note (the assistant's independent reading of the encounter)."""

    def suggest(self, note: str, limit: int = 10) -> list[Suggestion]: ...


class DiagnosisIndexSource(Protocol):
    async def get(self) -> DiagnosisSuggester:
        """The suggester, once it is built; callers arriving during the build wait for the same one."""
        ...


class WorkItemIndex(Protocol):
    """work item id -> encounter, so the coder queue finds an item's document by one key lookup."""

    async def record(self, work_item_id: str, *, encounter_id: str, tenant_id: str) -> None:
        """Idempotent: recording the same item again changes nothing."""
        ...
