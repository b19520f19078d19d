"""Worklist commands are checked at the door against the stored case, with nothing published when refused,
and what becomes of an accepted command is visible at GET /commands/{command_id} (applied or refused)."""

from __future__ import annotations

import httpx
import pytest
from denials_stack_scenarios import (
    case_state,
    claim_denied,
    claim_id,
    denial_events,
    denied_line,
    message_of,
    send,
    wait_for,
    wait_for_case,
)
from rcm_denials.settings import DenialsSettings
from rcm_platform import Service
from rcm_platform.auth import Role
from rcm_platform.testing.auth import as_user
from rcm_platform.testing.kafka_reading import read_records
from rcm_schemas.events.denials import WriteOffDenial

pytestmark = pytest.mark.stack
TENANT = "clinic-door"
BILLER = as_user(Role.biller, TENANT, subject="biller.door")


async def _routed_case(denials: Service, settings: DenialsSettings, tag: str) -> tuple[str, str]:
    claim = claim_id(tag)
    await send(
        denials,
        message_of(claim_denied(claim, "CCPPO", denied_line(1, "97110", "CO", "96", "60.00")), TENANT),
    )
    routed = (await denial_events(settings, claim, "DenialRouted"))[0].payload
    await wait_for_case(denials, claim, "routed")
    return claim, routed.work_item_id  # type: ignore[attr-defined]


async def _commands_on_the_broker(settings: DenialsSettings) -> int:
    return len(
        await read_records(settings.kafka_bootstrap, settings.topic("rcm.denials.commands"), timeout_s=2)
    )


async def test_write_offs_the_case_cannot_take_are_refused_at_the_door_and_nothing_is_published(
    denials: Service, denials_settings: DenialsSettings, denials_http: httpx.AsyncClient
) -> None:
    claim, item = await _routed_case(denials, denials_settings, "door")
    before = await _commands_on_the_broker(denials_settings)

    async def write_off(
        amount: str | None, headers: dict[str, str] = BILLER, work_item: str = item
    ) -> httpx.Response:
        body = {"work_item_id": work_item, "reason": "small balance"} | (
            {} if amount is None else {"amount": amount}
        )
        return await denials_http.post(f"/denials/{claim}/write-offs", headers=headers, json=body)

    for amount, rule in (
        ("-5.00", "more than 0"),
        ("0", "more than 0"),
        ("60.01", "open balance"),
        ("1.005", "2"),
    ):
        answer = await write_off(amount)
        assert answer.status_code == 422, amount
        assert (
            answer.json()["detail"][0]["loc"] == ["body", "amount"]
            and rule in answer.json()["detail"][0]["msg"]
        )
    stranger = as_user(Role.biller, "clinic-elsewhere")
    assert (await write_off("5.00", headers=stranger)).status_code == 404
    not_current = item[:-1] + ("0" if item[-1] != "0" else "1")  # well-formed, but not the case's work item
    assert (await write_off("5.00", work_item=not_current)).status_code == 409
    assert await _commands_on_the_broker(denials_settings) == before

    accepted = await write_off(None)
    assert accepted.status_code == 202
    command_id = accepted.json()["command_id"]

    async def applied() -> bool:
        status = await denials_http.get(f"/commands/{command_id}", headers=BILLER)
        return status.status_code == 200 and status.json()["status"] == "applied"

    await wait_for(applied)
    again = await write_off("5.00")
    assert again.status_code == 409 and "written_off" in again.json()["detail"]
    assert (await denials_http.get(f"/commands/{command_id}", headers=stranger)).status_code == 404


async def test_a_command_refused_by_the_owner_after_the_door_shows_refused_with_its_reason(
    denials: Service, denials_settings: DenialsSettings, denials_http: httpx.AsyncClient
) -> None:
    """What the door cannot see: here the command is sent as a route sends it, but for a work item the case
    moved past between the check and the owner (sent straight through the service, as a race would)."""
    claim, _ = await _routed_case(denials, denials_settings, "later")
    stale = WriteOffDenial(
        claim_id=claim, work_item_id="wi-moved-on", amount=None, reason="late", requested_by="biller.door"
    )
    command_id = str(await denials.publish(stale, tenant_id=TENANT))
    assert (await denials_http.get(f"/commands/{command_id}", headers=BILLER)).json()["status"] in (
        "accepted",
        "refused",
    )

    async def refused() -> bool:
        status = (await denials_http.get(f"/commands/{command_id}", headers=BILLER)).json()
        return status.get("status") == "refused"

    await wait_for(refused)
    status = (await denials_http.get(f"/commands/{command_id}", headers=BILLER)).json()
    assert status["command"] == "WriteOffDenial" and status["aggregate_id"] == claim
    assert "not the current work item" in status["reason"] and status["settled_at"]
    state = await case_state(denials, claim)
    assert state is not None and state["case"]["status"] == "routed"


async def test_a_retried_write_off_with_its_idempotency_key_answers_as_the_first_time(
    denials: Service, denials_settings: DenialsSettings, denials_http: httpx.AsyncClient
) -> None:
    claim, item = await _routed_case(denials, denials_settings, "retry")
    headers = {**BILLER, "Idempotency-Key": "wo-retry-1"}
    body = {"work_item_id": item, "reason": "small balance"}
    first = await denials_http.post(f"/denials/{claim}/write-offs", headers=headers, json=body)
    assert first.status_code == 202
    await wait_for_case(denials, claim, "written_off")
    retried = await denials_http.post(f"/denials/{claim}/write-offs", headers=headers, json=body)
    assert retried.status_code == 202 and retried.json() == first.json()
    other_key = await denials_http.post(
        f"/denials/{claim}/write-offs", headers={**BILLER, "Idempotency-Key": "wo-retry-2"}, json=body
    )
    assert other_key.status_code == 409
