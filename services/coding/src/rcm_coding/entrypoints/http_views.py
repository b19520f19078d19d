"""What the HTTP API shows of a coding document: the decision, findings, audit and the work item.

The views pick fields of the stored state; the response models (http_responses.py) document and check them.
"""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException
from rcm_platform.ports import State

from rcm_coding.adapters.coding_queries import CodingQueries
from rcm_coding.domain.upcoding_signal import ProviderLevelProfile, UpcodingReport

Doc = dict[str, Any]


async def load_coding(queries: CodingQueries, tenant_id: str, encounter_id: str) -> State:
    state = await queries.coding(tenant_id, encounter_id)
    if state is None:
        raise HTTPException(404, f"no coding for encounter {encounter_id}")
    return state


async def load_work_item_owner(queries: CodingQueries, tenant_id: str, work_item_id: str) -> State:
    """The coding document that holds a work item, found by the _id lookup of the work item index."""
    encounter_id = await queries.encounter_of_work_item(tenant_id, work_item_id)
    if encounter_id is None:
        raise HTTPException(404, f"no work item {work_item_id}")
    state = await load_coding(queries, tenant_id, encounter_id)
    if (state.get("work_item") or {}).get("work_item_id") != work_item_id:
        raise HTTPException(404, f"work item {work_item_id} was replaced by a newer registration")
    return state


def work_item_view(state: State, *, with_note: bool = False) -> Doc:
    item = state["work_item"]
    view = {
        **{
            key: item[key]
            for key in (
                "work_item_id",
                "encounter_id",
                "status",
                "coder_id",
                "findings",
                "suggestions",
                "diagnoses",
                "lines",
                "audit",
            )
        },
        "clinic_id": state["clinic_id"],
        "provider_id": state["provider_id"],
        "date_of_service": state["facts"]["date_of_service"],
        "place_of_service": state["place_of_service"],
    }
    if with_note:
        view["note_text"] = state.get("note_text", "")  # the coder reads the note to decide
    return view


def coding_view(state: State) -> Doc:
    keys = (
        "encounter_id",
        "status",
        "source",
        "coded_by",
        "coder_id",
        "diagnoses",
        "lines",
        "place_of_service",
        "findings",
        "suggestions",
        "audit",
        "rejected_commands",
        "code_set_release",
        "decided_at",
    )
    view = {key: state.get(key) for key in keys}
    view["work_item"] = work_item_view(state) if state.get("work_item") else None
    return view


def upcoding_view(report: UpcodingReport) -> Doc:
    return {
        "clinic_id": report.clinic_id,
        "clinic_level_counts": report.clinic_level_counts,
        "providers": [profile_view(p) for p in report.providers],
        "flagged": [p.provider_id for p in report.flagged],
    }


def profile_view(profile: ProviderLevelProfile) -> Doc:
    return {
        "provider_id": profile.provider_id,
        "visits": profile.visits,
        "level_counts": profile.level_counts,
        "high_level_share": profile.high_level_share,
        "peer_high_level_share": profile.peer_high_level_share,
        "high_share_difference": profile.high_share_difference,
        "chi_square": profile.chi_square,
        "flagged": profile.flagged,
        "reasons": list(profile.reasons),
    }
