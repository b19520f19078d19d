"""On the real stack: a front-desk coverage correction (EncounterCoverageCorrected, PHI sealed on Kafka) rebills
a claim the old payer denied with CO-27, and the front desk's share of the worklist over HTTP (its own queue
only: listed, read and resolved; every other queue refused)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pytest
from denials_stack_scenarios import (
    claim_denied,
    claim_id,
    denial_events,
    denied_line,
    message_of,
    send,
    wait_for_case,
)
from rcm_denials.settings import DenialsSettings
from rcm_platform import Service
from rcm_platform.auth import Role
from rcm_platform.testing.auth import as_user, bearer, signer
from rcm_platform.testing.phi_guard import remember_phi
from rcm_schemas.events.common import Coverage, EligibilitySummary
from rcm_schemas.events.denials import CorrectionRequested
from rcm_schemas.events.fixes import UpdateRegistrationData
from rcm_schemas.events.registration import EncounterCoverageCorrected

pytestmark = pytest.mark.stack
TENANT = "clinic-coverage-fix"
MEMBER_ID = "FBH987654321"
FRONT_DESK = as_user(Role.front_desk, TENANT, subject="front-desk.ana")
NEW_COVERAGE = Coverage(
    payer_id="FBHMO", payer_name="Fabrikam HMO", coverage_order="primary", member_id=MEMBER_ID
)


def coverage_denial(claim: str, encounter: str, carc: str = "27") -> object:
    denied = claim_denied(claim, "NWHP1", denied_line(1, "99213", "CO", carc, "120.00"))
    return denied.model_copy(update={"encounter_id": encounter})


async def test_a_coverage_correction_rebills_the_claim_the_old_payer_denied(
    denials: Service, denials_settings: DenialsSettings, mongo_db: Any
) -> None:
    remember_phi(MEMBER_ID)
    claim, encounter = claim_id("cov"), f"enc-{claim_id('e').lower()}"
    await send(denials, message_of(coverage_denial(claim, encounter), TENANT))  # type: ignore[arg-type]
    routed = await wait_for_case(denials, claim, "routed")
    assert routed["case"]["work_item"]["queue"] == "front_desk"

    corrected = EncounterCoverageCorrected(
        encounter_id=encounter,
        correction_id="cmd-stack-1",
        corrected_by="front-desk.ana",
        coverage=NEW_COVERAGE,
        eligibility=EligibilitySummary(active=True, checked_on=date.today(), copay=Decimal("20.00")),
    )
    await send(denials, message_of(corrected, TENANT))

    state = await wait_for_case(denials, claim, "correction_requested")
    history = state["case"]["history"]
    assert history[-1]["actor"] == "front-desk.ana" and history[-1]["action"] == "request_correction"
    (request,) = await denial_events(denials_settings, claim, "CorrectionRequested")
    assert isinstance(request.payload, CorrectionRequested)
    assert request.payload.fixes == (UpdateRegistrationData(coverage=NEW_COVERAGE),)
    on_file = await mongo_db["coverage_corrections"].find_one({"_id": encounter})  # raw, not opened
    assert on_file is not None and on_file["state"]["correction"]["payer_id"] == "FBHMO"
    assert MEMBER_ID not in str(on_file)  # the member id is sealed at rest


async def test_the_front_desk_lists_reads_and_resolves_its_own_queue_only(
    denials: Service, denials_http: httpx.AsyncClient
) -> None:
    front, billing = claim_id("fd"), claim_id("bl")
    await send(denials, message_of(coverage_denial(front, "enc-fd-1"), TENANT))  # type: ignore[arg-type]
    await send(denials, message_of(coverage_denial(billing, "enc-bl-1", carc="16"), TENANT))  # type: ignore[arg-type]
    front_item = (await wait_for_case(denials, front, "routed"))["case"]["work_item"]
    billing_item = (await wait_for_case(denials, billing, "routed"))["case"]["work_item"]
    assert billing_item["queue"] == "billing"

    own_queue = await denials_http.get("/work-queues/front_desk", headers=FRONT_DESK)
    other_queue = await denials_http.get("/work-queues/billing", headers=FRONT_DESK)
    own_case = await denials_http.get(f"/denials/{front}", headers=FRONT_DESK)
    other_case = await denials_http.get(f"/denials/{billing}", headers=FRONT_DESK)
    other_resolution = await denials_http.post(
        f"/denials/{billing}/resolutions",
        json={"work_item_id": billing_item["work_item_id"], "resolution": "no_action"},
        headers=FRONT_DESK,
    )
    appeal = await denials_http.post(
        f"/denials/{front}/appeals", json={"work_item_id": front_item["work_item_id"]}, headers=FRONT_DESK
    )

    assert own_queue.status_code == 200
    assert [i["claim_id"] for i in own_queue.json()["items"]] == [front]
    assert other_queue.status_code == 403 and other_case.status_code == 403
    assert own_case.status_code == 200 and own_case.json()["claim_id"] == front
    assert other_resolution.status_code == 403 and appeal.status_code == 403
    # A biller at the front desk (both roles) still works every queue.
    both = bearer(
        signer().mint(subject="desk-biller", roles=[Role.front_desk, Role.biller], tenants=[TENANT])
    )
    assert (await denials_http.get("/work-queues/billing", headers=both)).status_code == 200

    own_resolution = await denials_http.post(
        f"/denials/{front}/resolutions",
        json={"work_item_id": front_item["work_item_id"], "resolution": "no_action"},
        headers=FRONT_DESK,
    )

    assert own_resolution.status_code == 202, own_resolution.text
    resolved = await wait_for_case(denials, front, "resolved")
    assert (
        resolved["case"]["outcome"] == "no_action"
        and resolved["case"]["history"][-1]["actor"] == "front-desk.ana"
    )
    assert (await wait_for_case(denials, billing, "routed"))["case"]["work_item"]["status"] == "open"
