"""The people behind the work queues, as the demo plays them: coders, billers and the front desk.

Each reacts to an event of the run through the owning service's HTTP API, as a person at a screen would.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from typing import Any

import httpx
from rcm_platform.http import IDEMPOTENCY_HEADER
from rcm_schemas import EventMessage

from rcmctl.workload import sign_in
from rcmctl.workload.encounters import PlannedEncounter
from rcmctl.workload.patient_client import send_until_answered

HYBRID_OWNERS = {
    "front_desk": "clinic",
    "coding": "clinic",
    "patient_billing": "clinic",
    "billing": "billing_company",
    "appeals": "billing_company",
}


UNDERPAYMENT_CASE_LOOKS = 40
"""Half-second looks for the case denials opens from an UnderpaymentFound (20 s)."""


class BackOffice:
    def __init__(self, client: httpx.AsyncClient, urls: dict[str, str]) -> None:
        self.client = client
        self.urls = urls
        self.actions: Counter[str] = Counter()
        self.failures: list[str] = []

    async def configure_billing_model(self, tenant_id: str, billing_model: str) -> None:
        body: dict[str, Any] = {"billing_model": billing_model}
        if billing_model == "hybrid":
            body["queue_owners"] = HYBRID_OWNERS
        response = await self.client.put(
            f"{self.urls['denials']}/tenants/{tenant_id}/billing-model",
            json=body,
            headers=sign_in.practice_admin(tenant_id),
        )
        response.raise_for_status()

    async def react(self, message: EventMessage, plan: PlannedEncounter | None = None) -> None:
        kind = message.envelope.event_type
        try:
            if kind == "DenialRouted":
                await self._work_denial(message)
            elif kind == "UnderpaymentFound":
                await self._appeal_underpayment(message)
            elif kind == "CodingReviewRequired":
                await self._code(message, plan)
        except httpx.HTTPError as error:
            self.failures.append(f"{kind}: {type(error).__name__}")

    async def _post(self, url: str, body: dict[str, Any], signed_in: dict[str, str]) -> httpx.Response:
        headers = {**signed_in, IDEMPOTENCY_HEADER: uuid.uuid4().hex}
        return await send_until_answered(self.client, "POST", url, json=body, headers=headers)

    async def _work_denial(self, message: EventMessage) -> None:
        routed: Any = message.payload
        tenant = message.envelope.tenant_id
        base = f"{self.urls['denials']}/denials/{routed.claim_id}"
        # A missing authorization is appealed with the retro-authorization the clinic obtains afterwards.
        if routed.recommended_action == "appeal" or routed.root_cause == "authorization":
            response = await self._post(
                f"{base}/appeals",
                {
                    "work_item_id": routed.work_item_id,
                    "argument": "The service was medically necessary as documented; records attached.",
                },
                sign_in.appeals_specialist(tenant),
            )
            self.actions["appeal filed" if response.status_code == 202 else "appeal refused"] += 1
        elif routed.recommended_action == "write_off":
            response = await self._post(
                f"{base}/write-offs",
                {
                    "work_item_id": routed.work_item_id,
                    "reason": f"not recoverable ({routed.root_cause})",
                },
                sign_in.billing_manager(tenant),
            )
            self.actions["written off" if response.status_code == 202 else "write-off refused"] += 1
        else:
            self.actions[f"left in {routed.queue} queue"] += 1

    async def _appeal_underpayment(self, message: EventMessage) -> None:
        """An appeals specialist appeals every underpayment with the letter denials drafts from the contract.

        Denials opens the case from the same event, in its own time: the specialist looks until it is there."""
        found: Any = message.payload
        tenant = message.envelope.tenant_id
        base = f"{self.urls['denials']}/denials/{found.claim_id}"
        signed_in = sign_in.appeals_specialist(tenant)
        for _ in range(UNDERPAYMENT_CASE_LOOKS):
            response = await self.client.get(base, headers=signed_in)
            item = response.json().get("work_item") if response.status_code == 200 else None
            if item and item.get("root_cause") == "underpaid_per_contract":
                appealed = await self._post(
                    f"{base}/appeals", {"work_item_id": item["work_item_id"]}, signed_in
                )
                self.actions[
                    "underpayment appealed" if appealed.status_code == 202 else "appeal refused"
                ] += 1
                return
            await asyncio.sleep(0.5)
        self.actions["underpayment case not found"] += 1

    async def _code(self, message: EventMessage, plan: PlannedEncounter | None) -> None:
        """The coder reads the note, takes the assistant's billable code for a category, keeps the lines."""
        review: Any = message.payload
        tenant = message.envelope.tenant_id
        base = f"{self.urls['coding']}/work-items/{review.work_item_id}"
        item: dict[str, Any] = {}
        for _ in range(10):  # the work item becomes readable a moment after its event is published
            response = await send_until_answered(self.client, "GET", base, headers=sign_in.coder(tenant))
            if response.status_code == 200:
                item = response.json()
                break
            await asyncio.sleep(0.5)
        diagnoses = list(item.get("diagnoses") or (plan.diagnoses if plan else []))
        suggested = [
            s["code"].replace(".", "") for s in item.get("suggestions", []) if s.get("kind") == "diagnosis"
        ]
        if suggested and (not diagnoses or len(diagnoses[0]) <= 3):
            diagnoses[:1] = suggested[:1]
        planned = [
            {
                "procedure_code": line.procedure_code,
                "modifiers": list(line.modifiers),
                "units": line.units,
                "diagnosis_pointers": list(line.diagnosis_pointers),
            }
            for line in (plan.lines if plan else ())
        ]
        lines = [
            {
                k: v
                for k, v in line.items()
                if k in {"procedure_code", "modifiers", "units", "diagnosis_pointers"}
            }
            for line in item.get("lines") or planned
        ]
        lines = [{**line, "line_number": number} for number, line in enumerate(lines, start=1)]
        await self._post(f"{base}/take", {}, sign_in.coder(tenant))
        response = await self._post(
            f"{base}/approve", {"diagnoses": diagnoses, "lines": lines}, sign_in.coder(tenant)
        )
        if response.status_code == 202:
            self.actions["coding approved"] += 1
        else:
            self.actions["coding left for review"] += 1
            self.failures.append(f"coder approval {response.status_code}: {response.text[:300]}")
