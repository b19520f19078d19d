"""The coverage corrections on file, one aggregate per encounter (_id = encounter_id) in the kit's store.

The coverage is kept as a document (not as JSON text), so the store's PHI cipher seals its member id and
subscriber by field name, as it does everywhere.
"""

from __future__ import annotations

import json
from typing import Any

from rcm_platform.ports import Aggregates, Decision, State
from rcm_schemas import EventMessage

from rcm_denials.domain.registration_corrections import CoverageCorrection

COVERAGE_CORRECTIONS = "coverage_corrections"


def correction_document(correction: CoverageCorrection) -> dict[str, Any]:
    fields = correction.model_dump(exclude={"coverage_json"})
    return {**fields, "coverage": json.loads(correction.coverage_json)}


def correction_from_document(document: dict[str, Any]) -> CoverageCorrection:
    fields = {k: v for k, v in document.items() if k != "coverage"}
    return CoverageCorrection(**fields, coverage_json=json.dumps(document["coverage"]))


class StoredCoverageCorrections:
    def __init__(self, store: Aggregates) -> None:
        self.store = store

    async def record(self, correction: CoverageCorrection, cause: EventMessage) -> None:
        tenant_id = cause.envelope.tenant_id

        def keep_latest(state: State | None) -> Decision:
            del state  # a later correction of the encounter replaces the earlier one
            return Decision({"tenant_id": tenant_id, "correction": correction_document(correction)}, [])

        await self.store.handle(correction.encounter_id, cause, keep_latest)

    async def on_file(self, *, tenant_id: str, encounter_id: str) -> CoverageCorrection | None:
        state = await self.store.load(encounter_id)
        # The store is not scoped by tenant: an encounter id of another tenant is, for this one, nothing on file.
        if state is None or "correction" not in state or state.get("tenant_id") != tenant_id:
            return None
        return correction_from_document(state["correction"])
