"""Acceptance of issue 9 on the real Kafka and FerretDB: what denials publishes for each denial."""

from __future__ import annotations

import httpx
import pytest
from denials_stack_scenarios import (
    DATE_OF_SERVICE,
    TODAY,
    case_state,
    claim_denied,
    claim_id,
    days_after,
    denial_events,
    denied_line,
    message_of,
    send,
    wait_for,
    wait_for_case,
)
from rcm_denials.settings import DenialsSettings
from rcm_platform import Service
from rcm_platform.testing.auth import headers_for_tenant

pytestmark = pytest.mark.stack
TENANT = "clinic-acceptance"


async def test_a_carc_4_modifier_denial_requests_a_correction_with_the_fix(
    denials: Service, denials_settings: DenialsSettings
) -> None:
    claim = claim_id("c4")
    # A telehealth visit billed without the payer's video modifier (Northwind wants 95).
    denial = claim_denied(
        claim,
        "NWHP1",
        denied_line(1, "99214", "CO", "4", "180.00", remarks=("N519",)),
        telehealth=True,
        place_of_service="10",
    )
    await send(denials, message_of(denial, TENANT))

    corrections = await denial_events(denials_settings, claim, "CorrectionRequested")
    assert len(corrections) == 1
    request = corrections[0].payload
    assert [fix.model_dump() for fix in request.fixes] == [  # type: ignore[attr-defined]
        {"kind": "add_modifier", "line_number": 1, "modifier": "95"}
    ]
    assert request.attempt == 1 and request.reason_carc == "4"  # type: ignore[attr-defined]
    assert request.payer_claim_control_number == denial.payer_claim_control_number  # type: ignore[attr-defined]
    assert await denial_events(denials_settings, claim, "DenialRouted", timeout_s=1) == []
    state = await wait_for_case(denials, claim, "correction_requested")
    assert state["case"]["corrections"][0]["automatic"] is True


async def test_carc_27_coverage_terminated_goes_to_the_front_desk_queue(
    denials: Service, denials_settings: DenialsSettings, denials_http: httpx.AsyncClient
) -> None:
    claim = claim_id("c27")
    await send(
        denials,
        message_of(claim_denied(claim, "MCR01", denied_line(1, "99213", "CO", "27", "95.00")), TENANT),
    )

    routed = (await denial_events(denials_settings, claim, "DenialRouted"))[0].payload
    assert (routed.queue, routed.team, routed.root_cause) == (  # type: ignore[attr-defined]
        "front_desk",
        "clinic",
        "eligibility_registration",
    )
    queue = (await denials_http.get("/work-queues/front_desk", headers=headers_for_tenant(TENANT))).json()
    assert [item["claim_id"] for item in queue["items"]] == [claim]


async def test_carc_50_goes_to_appeals_with_its_deadline_and_the_letter_names_claim_reason_and_deadline(
    denials: Service, denials_settings: DenialsSettings, denials_http: httpx.AsyncClient
) -> None:
    claim = claim_id("c50")
    await send(
        denials,
        message_of(claim_denied(claim, "MCR01", denied_line(1, "97110", "CO", "50", "240.00")), TENANT),
    )

    routed = (await denial_events(denials_settings, claim, "DenialRouted"))[0].payload
    appeal_by = days_after(TODAY, 120)  # Medicare redetermination: 120 days from the denial (remittance date)
    assert (routed.queue, routed.recommended_action, routed.deadline) == (  # type: ignore[attr-defined]
        "appeals",
        "appeal",
        appeal_by,
    )
    await wait_for_case(denials, claim, "routed")

    response = await denials_http.post(
        f"/denials/{claim}/appeals",
        headers={**headers_for_tenant(TENANT), "Idempotency-Key": "appeal-1"},
        json={"work_item_id": routed.work_item_id},
    )  # type: ignore[attr-defined]
    assert response.status_code == 202, response.text
    filed = (await denial_events(denials_settings, claim, "AppealFiled", at_least=2))[0].payload
    assert filed.appeal_deadline == appeal_by and filed.amount_appealed == 240  # type: ignore[attr-defined]

    letter = await denials_http.get(
        f"/appeals/{filed.appeal_id}/letter",  # type: ignore[attr-defined]
        headers=headers_for_tenant(TENANT),
    )
    assert letter.status_code == 200, letter.text
    text = letter.text
    assert claim in text
    assert "CO-50" in text and "medical" in text.lower()  # the denial reason, code and words
    assert appeal_by.isoformat() in text
    assert DATE_OF_SERVICE.isoformat() in text
    pdf = await denials_http.get(f"/appeals/{filed.appeal_id}/letter.pdf", headers=headers_for_tenant(TENANT))  # type: ignore[attr-defined]
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF-1.4")
    assert claim.encode() in pdf.content and pdf.content.rstrip().endswith(b"%%EOF")
    state = await wait_for_case(denials, claim, "appealed")
    assert state["case"]["appeals"][0]["letter_document_id"] == filed.letter_document_id  # type: ignore[attr-defined]


async def test_a_hybrid_clinic_sends_coding_denials_to_its_coders_and_appeals_to_the_billing_company(
    denials: Service, denials_settings: DenialsSettings, denials_http: httpx.AsyncClient
) -> None:
    tenant = "clinic-hybrid"
    put = await denials_http.put(
        f"/tenants/{tenant}/billing-model",
        headers=headers_for_tenant(tenant),
        json={"billing_model": "hybrid"},
    )
    assert put.status_code == 200, put.text
    coding_claim, appeal_claim = claim_id("hyc"), claim_id("hya")
    # CARC 181: procedure code invalid on the date of service, a coder's call (no automatic fix).
    await send(
        denials,
        message_of(
            claim_denied(coding_claim, "CCPPO", denied_line(1, "99213", "CO", "181", "120.00")), tenant
        ),
    )
    await send(
        denials,
        message_of(
            claim_denied(appeal_claim, "CCPPO", denied_line(1, "97110", "CO", "50", "300.00")), tenant
        ),
    )

    coding = (await denial_events(denials_settings, coding_claim, "DenialRouted", at_least=2))[0].payload
    appeal = (await denial_events(denials_settings, appeal_claim, "DenialRouted", at_least=2))[0].payload
    assert (coding.queue, coding.team) == ("coding", "clinic")  # type: ignore[attr-defined]
    assert (appeal.queue, appeal.team) == ("appeals", "billing_company")  # type: ignore[attr-defined]

    clinic_coders = await denials_http.get(
        "/work-queues/coding", params={"team": "clinic"}, headers=headers_for_tenant(tenant)
    )
    company_appeals = await denials_http.get(
        "/work-queues/appeals", params={"team": "billing_company"}, headers=headers_for_tenant(tenant)
    )
    assert [i["claim_id"] for i in clinic_coders.json()["items"]] == [coding_claim]
    assert [i["claim_id"] for i in company_appeals.json()["items"]] == [appeal_claim]


async def test_the_same_denial_event_twice_makes_one_work_item(
    denials: Service, denials_settings: DenialsSettings, denials_http: httpx.AsyncClient
) -> None:
    tenant = "clinic-dupes"
    claim = claim_id("dup")
    denial = claim_denied(claim, "MCR01", denied_line(1, "99213", "CO", "27", "95.00"))
    message = message_of(denial, tenant)
    await send(denials, message)
    await send(denials, message)  # redelivered as is
    await send(denials, message_of(denial, tenant))  # re-emitted by remittance under a new event id
    handled = denials.metrics.consumed.labels(
        denials_settings.topic("rcm.remittance.events"), "ClaimDenied", "handled"
    )

    async def all_three_handled() -> bool:
        return handled._value.get() >= 3

    await wait_for(all_three_handled)
    routed = await denial_events(denials_settings, claim, "DenialRouted", at_least=1)
    assert len(routed) == 1
    queue = (await denials_http.get("/work-queues/front_desk", headers=headers_for_tenant(tenant))).json()
    assert [item["claim_id"] for item in queue["items"]] == [claim]
    state = await case_state(denials, claim)
    assert state is not None and len(state["case"]["history"]) == 2  # denied, routed: nothing more
