"""HTTP entry points. The tenant comes from X-Tenant-Id; bad input answers 422 naming the field.

An upload is checked here with the same reader the subscriber uses (a malformed file is refused at once,
naming segment and position) and then published as RemittanceReceived: the subscriber posts it, so an upload
and a clearinghouse delivery share one code path and one writer per remittance. Changes to an existing
remittance (a manual match) are commands on rcm.remittance.commands, applied by the consumer owning the
trace number.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import NAMESPACE_URL, uuid5

from fastapi import Header, HTTPException, Request
from pydantic import BaseModel, Field, ValidationError
from rcm_platform import Service
from rcm_schemas import new_message
from rcm_schemas.events.remittance import MatchRemittanceLine
from starlette.datastructures import UploadFile

from rcm_remittance.adapters.received_event import received_from_upload
from rcm_remittance.domain.remittance_identity import key_of
from rcm_remittance.service.file_intake import RemittanceFileRejected, read_remittance_file
from rcm_remittance.workflows.remittance_posting import rejection_text
from rcm_remittance.workflows.remittance_queries import RemittanceQueries

Tenant = Annotated[str, Header(alias="X-Tenant-Id", min_length=1, max_length=64)]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]
_UPLOADS = uuid5(NAMESPACE_URL, "rcm:remittance:uploads")


class MatchRequest(BaseModel):
    claim_id: str = Field(min_length=1, max_length=38)
    line_number: int | None = Field(default=None, ge=1, le=50)
    requested_by: str = Field(default="biller", min_length=1, max_length=100)


def unprocessable(field: str, message: str, **extra: Any) -> HTTPException:
    return HTTPException(
        422, detail=[{"loc": ["body", field], "msg": message, "type": "value_error", **extra}]
    )


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")  # X12 basic/extended character sets fit in latin-1


async def read_upload(request: Request) -> tuple[str, str | None]:
    """The 835 text from a multipart form (field "file") or from a raw text body."""
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise unprocessable("file", "multipart upload needs a file field named 'file'")
        return _decode(await upload.read()), upload.filename
    return _decode(await request.body()), None


def register_routes(service: Service, queries: RemittanceQueries) -> None:
    http = service.http

    @http.post("/remittances", status_code=202)
    async def upload_remittance(
        request: Request, tenant_id: Tenant, idempotency_key: IdempotencyKey = None
    ) -> dict[str, Any]:
        text, file_name = await read_upload(request)
        if not text.strip():
            raise unprocessable("file", "the 835 file is empty")
        try:
            remittances = read_remittance_file(text)
        except RemittanceFileRejected as rejected:
            raise unprocessable(
                "file",
                rejection_text(rejected),
                segment=rejected.segment_id,
                position=rejected.segment_position,
            ) from None
        try:
            event = received_from_upload(remittances, text, file_name)
            event_id = uuid5(_UPLOADS, f"{tenant_id}/{idempotency_key}") if idempotency_key else None
            message = new_message(event, producer=service.name, tenant_id=tenant_id, event_id=event_id)
        except ValidationError as invalid:
            fields = ", ".join(".".join(str(p) for p in e["loc"]) for e in invalid.errors())
            raise unprocessable(
                "file", f"the 835 cannot be carried as RemittanceReceived: {fields}"
            ) from None
        await service.publisher.publish(message)
        return {
            "event_id": str(message.envelope.event_id),
            "remittance_keys": [key_of(remittance) for remittance in remittances],
        }

    @http.get("/remittances/{remittance_key}")
    async def get_remittance(remittance_key: str, tenant_id: Tenant) -> dict[str, Any]:
        view = await queries.remittance(remittance_key, tenant_id)
        if view is None:
            raise HTTPException(404, detail=f"no posted remittance {remittance_key}")
        return view

    @http.get("/claims/{claim_id}/ledger")
    async def get_claim_ledger(claim_id: str, tenant_id: Tenant) -> dict[str, Any]:
        view = await queries.claim_ledger(claim_id, tenant_id)
        if view is None:
            raise HTTPException(404, detail=f"no claim {claim_id} known to remittance")
        return view

    @http.get("/claims/{claim_id}/balance")
    async def get_claim_balance(claim_id: str, tenant_id: Tenant) -> dict[str, Any]:
        view = await queries.claim_ledger(claim_id, tenant_id)
        if view is None:
            raise HTTPException(404, detail=f"no claim {claim_id} known to remittance")
        return dict(view["balance"])

    @http.get("/unmatched")
    async def list_unmatched(tenant_id: Tenant) -> dict[str, Any]:
        return {"items": await queries.open_items(tenant_id)}

    @http.post("/unmatched/{item_id}/match", status_code=202)
    async def match_unmatched(item_id: str, body: MatchRequest, tenant_id: Tenant) -> dict[str, str]:
        found = await queries.unmatched.get(item_id, tenant_id)
        if found is None:
            raise HTTPException(404, detail=f"no unmatched item {item_id}")
        item, state = found
        if state["status"] != "open":
            raise HTTPException(409, detail=f"unmatched item {item_id} is already {state['status']}")
        known = await queries.known_claims.get(body.claim_id, tenant_id)
        if known is None:
            raise unprocessable("claim_id", f"claim {body.claim_id} is not known to remittance")
        if body.line_number is not None and known.line(body.line_number) is None:
            raise unprocessable("line_number", f"claim {body.claim_id} has no line {body.line_number}")
        try:
            command = MatchRemittanceLine(
                trace_number=item.trace_number,
                payer_id=item.payer_id,
                unmatched_item_id=item.item_id,
                claim_id=body.claim_id,
                line_number=body.line_number,
                requested_by=body.requested_by,
            )
        except ValidationError as invalid:
            field = str(invalid.errors()[0]["loc"][0]) if invalid.errors() else "body"
            raise unprocessable(field, "invalid match request") from None
        command_id = await service.publish(command, tenant_id=tenant_id)
        return {"command_id": str(command_id)}
