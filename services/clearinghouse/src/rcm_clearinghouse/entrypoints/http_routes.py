"""HTTP: the simulated clock (read, advance) and read models of submissions and remittances."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Header, HTTPException
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field
from rcm_platform import AggregateStore
from rcm_schemas import from_cents

from rcm_clearinghouse.adapters.payment_calendar import PaymentCalendar
from rcm_clearinghouse.adapters.remittance_store import RemittanceStore
from rcm_clearinghouse.adapters.simulated_clock_store import ClockStore
from rcm_clearinghouse.service.remittance_release import RemittanceRelease

TenantHeader = Annotated[str, Header(alias="X-Tenant-Id", pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
MAX_ADVANCE_DAYS = 3650


class AdvanceRequest(BaseModel):
    days: int = Field(ge=1, le=MAX_ADVANCE_DAYS)


def _not_found(kind: str) -> HTTPException:
    # Another tenant's record is answered exactly like a missing one: its existence is not revealed.
    return HTTPException(status_code=404, detail=f"no such {kind} for this tenant")


def _adjudication_view(entry: dict[str, Any], release: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "entry_id": entry["entry_id"],
        "frequency_code": entry["frequency_code"],
        "received_on": entry["received_on"],
        "payment_date": entry["payment_date"],
        "claim_status": entry["claim_status"],
        "charge": str(from_cents(entry["charge_cents"])),
        "paid": str(from_cents(entry["paid_cents"])),
        "patient_responsibility": str(from_cents(entry["patient_responsibility_cents"])),
        "denial_causes": entry["denial_causes"],
        "adjustment_codes": entry["adjustment_codes"],
        "duplicate": entry["duplicate"],
        "replaces": entry["replaces"],
        "release": "pending" if release is None else release["outcome"],
        "trace_number": (release or {}).get("trace_number"),
    }


def add_routes(
    http: FastAPI,
    clock: ClockStore,
    release: RemittanceRelease,
    submissions: AggregateStore,
    calendar: PaymentCalendar,
    remittances: RemittanceStore,
) -> None:
    @http.get("/simulator/clock")
    async def read_clock() -> dict[str, str]:
        return {"today": (await clock.current()).today.isoformat()}

    @http.post("/simulator/advance")
    async def advance(body: AdvanceRequest) -> dict[str, Any]:
        today = (await clock.advance(body.days)).today
        return {"today": today.isoformat(), "released": await release.release_due(today)}

    @http.get("/submissions/{claim_id}")
    async def submission(claim_id: str, tenant_id: TenantHeader) -> dict[str, Any]:
        doc = await submissions.collection.find_one({"_id": claim_id}, {"state": 1, "tenant_id": 1})
        if doc is None or doc["tenant_id"] != tenant_id:
            raise _not_found("submission")
        state = doc["state"]
        released = await calendar.released([e["entry_id"] for e in state["adjudications"]])
        return {
            "claim_id": claim_id,
            "payer_id": state["payer_id"],
            "acknowledgments": state["acknowledgments"],
            "adjudications": [
                _adjudication_view(e, released.get(e["entry_id"])) for e in state["adjudications"]
            ],
        }

    @http.get("/remittances/{trace_number}", response_class=PlainTextResponse)
    async def remittance(trace_number: str, tenant_id: TenantHeader) -> PlainTextResponse:
        found = await remittances.find(trace_number)
        if found is None or found[0] != tenant_id:
            raise _not_found("remittance")
        return PlainTextResponse(found[1]["x12_835"], media_type="application/edi-x12")
