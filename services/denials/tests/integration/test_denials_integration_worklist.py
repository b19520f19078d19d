"""The rest of the flow on the real stack: payment after correction, loop guard, worklist commands,
rejections kept apart from denials, analytics, and refusals (422 on bad input, DLQ on impossible commands)."""

from __future__ import annotations

import httpx
import pytest
from denials_stack_scenarios import (
    TODAY,
    case_state,
    claim_denied,
    claim_id,
    claim_paid,
    claim_rejected,
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
from rcm_platform.testing.auth import as_user, headers_for_tenant

pytestmark = pytest.mark.stack
TENANT = "clinic-worklist"
HEADERS = headers_for_tenant(TENANT)


async def test_a_payment_after_the_automatic_correction_resolves_the_case_and_counts_as_recovered(
    denials: Service, denials_settings: DenialsSettings, denials_http: httpx.AsyncClient
) -> None:
    claim = claim_id("paid")
    await send(
        denials,
        message_of(
            claim_denied(
                claim,
                "NWHP1",
                denied_line(1, "99214", "CO", "4", "180.00"),
                telehealth=True,
                place_of_service="10",
            ),
            TENANT,
        ),
    )
    await wait_for_case(denials, claim, "correction_requested")
    await send(denials, message_of(claim_paid(claim, "NWHP1", "132.50"), TENANT))

    state = await wait_for_case(denials, claim, "resolved")
    assert state["case"]["outcome"] == "auto_corrected" and state["case"]["recovered_amount_cents"] == 13250
    report = (await denials_http.get("/analytics", headers=HEADERS)).json()
    assert report["denials"]["dollars_recovered"]["auto_corrected"] == "132.50"
    assert report["inputs"]["claims_remitted_in_month"] == 1  # denied then paid in the same month: one claim


async def test_the_loop_guard_sends_a_second_denial_after_the_same_fix_to_a_person(
    denials: Service, denials_settings: DenialsSettings
) -> None:
    claim = claim_id("loop")
    first = claim_denied(
        claim,
        "NWHP1",
        denied_line(1, "99214", "CO", "4", "180.00"),
        telehealth=True,
        place_of_service="10",
        trace="EFT-1",
    )
    await send(denials, message_of(first, TENANT))
    await wait_for_case(denials, claim, "correction_requested")
    again = first.model_copy(update={"trace_number": "EFT-2"})  # the replacement was denied the same way
    await send(denials, message_of(again, TENANT))

    routed = (await denial_events(denials_settings, claim, "DenialRouted", at_least=2))[0].payload
    assert (routed.queue, routed.rule_id) == ("coding", "DEN-CARC-4-MODIFIER")  # type: ignore[attr-defined]
    assert len(await denial_events(denials_settings, claim, "CorrectionRequested")) == 1


async def test_assign_then_write_off_through_http_is_audited_and_publishes_denial_written_off(
    denials: Service, denials_settings: DenialsSettings, denials_http: httpx.AsyncClient
) -> None:
    claim = claim_id("wo")
    # CARC 96 without an ABN: non-covered, the clinic writes it off (published root cause: other).
    await send(
        denials,
        message_of(claim_denied(claim, "CCPPO", denied_line(1, "97110", "CO", "96", "60.00")), TENANT),
    )
    routed = (await denial_events(denials_settings, claim, "DenialRouted"))[0].payload
    assert (routed.root_cause, routed.recommended_action) == ("other", "write_off")  # type: ignore[attr-defined]
    await wait_for_case(denials, claim, "routed")
    item = routed.work_item_id  # type: ignore[attr-defined]

    assigned = await denials_http.post(
        f"/denials/{claim}/assignments",
        headers=as_user(Role.biller, TENANT, subject="lead"),
        json={"work_item_id": item, "assignee": "biller.bo"},
    )
    assert assigned.status_code == 202

    async def assignee_set() -> bool:
        state = await case_state(denials, claim)
        return state is not None and state["case"]["work_item"]["assignee"] == "biller.bo"

    await wait_for(assignee_set)
    written = await denials_http.post(
        f"/denials/{claim}/write-offs",
        headers=as_user(Role.biller, TENANT, subject="biller.bo"),
        json={"work_item_id": item, "reason": "not covered, no ABN"},
    )
    assert written.status_code == 202

    event = (await denial_events(denials_settings, claim, "DenialWrittenOff", at_least=2))[0].payload
    assert (event.amount, event.approved_by, event.root_cause) == (60, "biller.bo", "other")  # type: ignore[attr-defined]
    case = (await denials_http.get(f"/denials/{claim}", headers=HEADERS)).json()
    assert case["status"] == "written_off"
    assert [(h["action"], h["actor"]) for h in case["history"]] == [
        ("denied", "system"),
        ("route", "system"),
        ("assign", "lead"),
        ("write_off", "biller.bo"),
    ]


async def test_a_rejection_is_routed_from_the_acknowledgment_and_kept_apart_in_the_analytics(
    denials: Service, denials_settings: DenialsSettings, denials_http: httpx.AsyncClient
) -> None:
    tenant = "clinic-rejections"
    claim = claim_id("rej")
    await send(denials, message_of(claim_rejected(claim, "MCR01", "NM1"), tenant))
    routed = (await denial_events(denials_settings, claim, "DenialRouted"))[0].payload
    assert (routed.source, routed.queue) == ("acknowledgment", "front_desk")  # type: ignore[attr-defined]
    await wait_for_case(denials, claim, "routed")

    report = (
        await denials_http.get(
            "/analytics", params={"month": TODAY.strftime("%Y-%m")}, headers=headers_for_tenant(tenant)
        )
    ).json()
    assert report["rejections"]["count"] == 1
    assert report["denials"]["by_root_cause"] == {} and report["denials"]["by_month"] == {}


async def test_a_duplicate_claim_denial_closes_the_case_without_work(
    denials: Service, denials_settings: DenialsSettings
) -> None:
    claim = claim_id("c18")
    await send(
        denials,
        message_of(claim_denied(claim, "MCR01", denied_line(1, "99213", "CO", "18", "95.00")), TENANT),
    )
    state = await wait_for_case(denials, claim, "resolved")
    assert state["case"]["outcome"] == "duplicate_closed"
    assert await denial_events(denials_settings, claim, "DenialRouted", timeout_s=1) == []


async def test_bad_input_is_a_422_naming_the_field_and_a_command_without_a_case_is_a_404(
    denials: Service, denials_settings: DenialsSettings, denials_http: httpx.AsyncClient
) -> None:
    missing_reason = await denials_http.post(
        "/denials/CLM-X1/write-offs", headers=HEADERS, json={"work_item_id": "wi-1"}
    )
    assert missing_reason.status_code == 422 and "reason" in missing_reason.text
    anonymous = await denials_http.get("/work-queues/coding")
    assert anonymous.status_code == 401
    bad_hybrid = await denials_http.put(
        f"/tenants/{TENANT}/billing-model",
        headers=HEADERS,
        json={"billing_model": "hybrid", "queue_owners": {"coding": "clinic"}},
    )
    assert bad_hybrid.status_code == 422 and "queue_owners" in bad_hybrid.text
    default = (await denials_http.get(f"/tenants/{TENANT}/billing-model", headers=HEADERS)).json()
    assert default["billing_model"] == "in_house"

    sent = await denials_http.post(
        "/denials/CLM-NOCASE/appeals",
        headers=HEADERS,
        json={"work_item_id": "wi-none"},
    )
    # Refused before it is sent: the caller learns now, rather than the command dying in the DLQ.
    assert sent.status_code == 404 and "no denial case" in sent.text


async def test_an_idempotency_key_makes_a_retried_request_one_command(
    denials: Service, denials_settings: DenialsSettings, denials_http: httpx.AsyncClient
) -> None:
    claim = claim_id("idem")
    await send(
        denials,
        message_of(claim_denied(claim, "CCPPO", denied_line(1, "97110", "CO", "96", "60.00")), TENANT),
    )
    routed = (await denial_events(denials_settings, claim, "DenialRouted"))[0].payload
    await wait_for_case(denials, claim, "routed")
    body = {"work_item_id": routed.work_item_id, "assignee": "x"}  # type: ignore[attr-defined]
    headers = {**HEADERS, "Idempotency-Key": "k-1"}
    first = await denials_http.post(f"/denials/{claim}/assignments", headers=headers, json=body)
    second = await denials_http.post(f"/denials/{claim}/assignments", headers=headers, json=body)
    other = await denials_http.post(f"/denials/{claim}/assignments", headers=HEADERS, json=body)
    assert first.json()["command_id"] == second.json()["command_id"] != other.json()["command_id"]
