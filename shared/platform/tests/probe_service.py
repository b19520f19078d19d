"""A minimal service built from the kit, used to prove the kit's guarantees on the real stack.

It owns denial write-offs: WriteOffDenial commands (from its HTTP route) become DenialWrittenOff events, and a
ClaimDenied (from another topic) is noted on the same claim's aggregate. Run as a process (`python
probe_service.py`) for the crash-recovery tests; RCM_PROBE_CRASH_AFTER_WRITES=N makes it SIGKILL itself right
after its Nth state write, before the publish.
"""

from __future__ import annotations

import asyncio
import os
import signal
from decimal import Decimal
from typing import Any

from pydantic import BaseModel
from pydantic_settings import SettingsConfigDict
from rcm_platform import (
    AggregatesFor,
    Decision,
    PermanentError,
    Publisher,
    Service,
    ServiceSettings,
    TransientError,
)
from rcm_platform.auth import Role, roles
from rcm_schemas import EventMessage, from_cents
from rcm_schemas.events.denials import DenialWrittenOff, WriteOffDenial
from rcm_schemas.events.remittance import ClaimDenied


class ProbeSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="RCM_PROBE_", extra="ignore", frozen=True)
    service_name: str = "denials"


class WriteOffRequest(BaseModel):
    work_item_id: str
    amount: Decimal
    reason: str


def written_off(claim_id: str, amount: str = "25.00") -> DenialWrittenOff:
    return DenialWrittenOff(
        claim_id=claim_id,
        denial_id="wi-1",
        payer_id="MCR01",
        amount=Decimal(amount),
        root_cause="timely_filing",
        reason="past timely filing",
        approved_by="biller-1",
    )


def build_probe(
    settings: ProbeSettings,
    *,
    stores: AggregatesFor | None = None,
    publisher: Publisher | None = None,
    transient_failures: dict[str, int] | None = None,
) -> Service:
    service = Service(settings, stores=stores, publisher=publisher)
    write_offs = service.store("write_offs")
    failures = transient_failures if transient_failures is not None else {}

    @service.consumer.on(WriteOffDenial)
    async def on_write_off(command: WriteOffDenial, message: EventMessage) -> None:
        limit = await service.db["approval_limits"].find_one({"_id": "write_off"})
        if limit is not None and command.amount is not None and command.amount > from_cents(limit["cents"]):
            raise PermanentError("write-off above the approval limit")
        if failures.get(command.work_item_id, 0) > 0:
            failures[command.work_item_id] -= 1
            raise TransientError("simulated transient failure")

        def decide(state: dict[str, Any] | None) -> Decision:
            entries = [
                *(state or {}).get("entries", []),
                {"work_item_id": command.work_item_id, "amount": str(command.amount)},
            ]
            event = DenialWrittenOff(
                claim_id=command.claim_id,
                denial_id=command.work_item_id,
                payer_id="MCR01",
                amount=command.amount or Decimal("0"),
                root_cause="timely_filing",
                reason=command.reason,
                approved_by=command.requested_by,
            )
            return Decision({"entries": entries}, [event])

        await write_offs.handle(command.claim_id, message, decide)

    @service.consumer.on(ClaimDenied)
    async def on_denied(event: ClaimDenied, message: EventMessage) -> None:
        def note(state: dict[str, Any] | None) -> Decision:
            denied = {"work_item_id": f"denied:{message.envelope.event_id}", "amount": "0"}
            return Decision({"entries": [*(state or {}).get("entries", []), denied]}, [])

        await write_offs.handle(event.claim_id, message, note)

    @service.http.post("/claims/{claim_id}/write-offs", status_code=202)
    async def request_write_off(claim_id: str, body: WriteOffRequest) -> dict[str, str]:
        command = WriteOffDenial(
            claim_id=claim_id,
            work_item_id=body.work_item_id,
            amount=body.amount,
            reason=body.reason,
            requested_by="biller-1",
        )
        command_id = await service.publish(command, tenant_id="clinic-a")
        return {"command_id": str(command_id)}

    service.allow({"POST /claims/{claim_id}/write-offs": roles(Role.biller, Role.system)})
    return service


async def _run_forever() -> None:
    settings = ProbeSettings()
    service = build_probe(settings)
    crash_after = int(os.environ.get("RCM_PROBE_CRASH_AFTER_WRITES", "0"))
    if crash_after > 0:
        writes = 0

        async def crash(_: str) -> None:
            nonlocal writes
            writes += 1
            if writes >= crash_after:
                os.kill(os.getpid(), signal.SIGKILL)

        service.store("write_offs").after_write = crash
    await service.start()
    print("probe started", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await service.stop()


if __name__ == "__main__":
    asyncio.run(_run_forever())
