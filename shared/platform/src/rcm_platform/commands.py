"""What became of a command sent over HTTP: `GET /commands/{command_id}` answers accepted, applied or refused.

A command route answers 202 once the command is on the broker; the service's consumer applies it later, in its
aggregate's order, and may still refuse it (the case moved on meanwhile, a rule only the owner can check).
The caller learns which from here instead of from a DLQ it cannot see.

One document per command in the service's own `command_status` collection, keyed by the command id:
- `Service.publish` inserts it as `accepted` before publishing (a retry with the same Idempotency-Key finds it
  and changes nothing);
- the consumer sets `applied` when the handler succeeded, or `refused` with the DLQ's reason.
Only commands this service consumes itself are tracked (its own `rcm.<service>.commands` topic), so every
status has exactly one writer after the insert. No PHI: ids, the command's type, the reason the DLQ records.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, datetime
from typing import Any, Literal

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from rcm_platform.http import TenantId

COMMAND_STATUS = "command_status"
CommandState = Literal["accepted", "applied", "refused"]


class CommandStatus(BaseModel):
    command_id: str
    command: str
    """The command's event type, e.g. WriteOffDenial."""
    aggregate_id: str
    status: CommandState
    reason: str | None = None
    """Why it was refused (the DLQ's reason: a rule, never a record's data)."""
    accepted_at: datetime
    settled_at: datetime | None = None


class CommandLog:
    def __init__(self, collection: AsyncCollection[dict[str, Any]] | None) -> None:
        """`collection` None: nothing is tracked (in-memory test services)."""
        self.collection = collection

    async def accepted(self, *, tenant_id: str, command_id: str, command: str, aggregate_id: str) -> None:
        if self.collection is None:
            return
        document = {
            "_id": command_id,
            "tenant_id": tenant_id,
            "command": command,
            "aggregate_id": aggregate_id,
            "status": "accepted",
            "accepted_at": datetime.now(UTC),
        }
        with suppress(DuplicateKeyError):  # the same Idempotency-Key again: the first one's status stands
            await self.collection.insert_one(document)

    async def settled(self, command_id: str, status: CommandState, reason: str | None = None) -> None:
        if self.collection is None:
            return
        # No upsert: commands from other producers (automation, another system) have no status to keep.
        await self.collection.update_one(
            {"_id": command_id, "status": "accepted"},
            {"$set": {"status": status, "reason": reason, "settled_at": datetime.now(UTC)}},
        )

    async def find(self, tenant_id: str, command_id: str) -> CommandStatus | None:
        if self.collection is None:
            return None
        found = await self.collection.find_one({"_id": command_id, "tenant_id": tenant_id})
        if found is None:
            return None
        return CommandStatus(
            command_id=found["_id"], **{k: v for k, v in found.items() if k not in ("_id", "tenant_id")}
        )


def command_router(log: CommandLog) -> APIRouter:
    router = APIRouter(tags=["commands"])

    @router.get("/commands/{command_id}", response_model=CommandStatus)
    async def command_status(command_id: str, tenant_id: TenantId) -> CommandStatus:
        """What became of a command this service answered 202 for (another tenant's: 404)."""
        found = await log.find(tenant_id, command_id[:100])
        if found is None:
            raise HTTPException(status_code=404, detail="no such command for this tenant")
        return found

    return router
