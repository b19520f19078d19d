"""What the HTTP API shows of a coding document: the decision, findings, audit and the work item."""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException
from pymongo.asynchronous.database import AsyncDatabase

CODING_COLLECTION = "encounter_coding"
WORK_ITEM_INDEX = "work_item_index"
Doc = dict[str, Any]


async def load_coding(db: AsyncDatabase[Doc], tenant_id: str, encounter_id: str) -> Doc:
    doc = await db[CODING_COLLECTION].find_one({"_id": encounter_id}, {"state": 1, "tenant_id": 1})
    # Another tenant's encounter answers like a missing one: its existence is not the caller's business.
    if doc is None or doc.get("tenant_id") != tenant_id:
        raise HTTPException(404, f"no coding for encounter {encounter_id}")
    return dict(doc["state"])


async def load_work_item_owner(db: AsyncDatabase[Doc], tenant_id: str, work_item_id: str) -> Doc:
    """The coding document that holds a work item, found by the _id lookup of the work item index."""
    entry = await db[WORK_ITEM_INDEX].find_one({"_id": work_item_id})
    if entry is None or entry.get("tenant_id") != tenant_id:
        raise HTTPException(404, f"no work item {work_item_id}")
    state = await load_coding(db, tenant_id, entry["encounter_id"])
    if (state.get("work_item") or {}).get("work_item_id") != work_item_id:
        raise HTTPException(404, f"work item {work_item_id} was replaced by a newer registration")
    return state


def work_item_view(state: Doc, *, with_note: bool = False) -> Doc:
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


def coding_view(state: Doc) -> Doc:
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
