"""On the real stack: a CO-16 with N706 (missing documentation) is routed to billing to attach the paper and
resubmit; over HTTP an attachment the 837P writer would refuse is a 422 naming its field, and a biller's
`corrected` resolution with the attachment reaches claims as CorrectionRequested."""

from __future__ import annotations

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
from rcm_platform.testing.auth import as_user
from rcm_schemas.events.denials import CorrectionRequested, DenialRouted
from rcm_schemas.events.fixes import AddAttachment

pytestmark = pytest.mark.stack
TENANT = "clinic-pwk"
BILLER = as_user(Role.biller, TENANT, subject="biller.pwk")


async def test_a_request_for_documentation_is_answered_with_an_attachment(
    denials: Service, denials_settings: DenialsSettings, denials_http: httpx.AsyncClient
) -> None:
    claim = claim_id("pwk")
    line = denied_line(1, "99214", "CO", "16", "150.00", remarks=("N706", "M127"))
    await send(denials, message_of(claim_denied(claim, "CCPPO", line), TENANT))
    (routed,) = await denial_events(denials_settings, claim, "DenialRouted")
    assert isinstance(routed.payload, DenialRouted)
    assert (routed.payload.rule_id, routed.payload.queue) == ("DEN-CARC-16-N706-ATTACHMENT", "billing")
    item = (await wait_for_case(denials, claim, "routed"))["case"]["work_item"]
    assert item["recommended_action"] == "attach_documentation_and_resubmit"

    async def resolve(fix: dict[str, str]) -> httpx.Response:
        body = {"work_item_id": item["work_item_id"], "resolution": "corrected", "fixes": [fix]}
        return await denials_http.post(f"/denials/{claim}/resolutions", json=body, headers=BILLER)

    faxed = {"kind": "add_attachment", "report_type": "09", "transmission_code": "FX"}
    unknown_type = await resolve(faxed | {"report_type": "ZZ", "control_number": "ACN-7"})
    no_control_number = await resolve(faxed)
    assert unknown_type.status_code == 422 and no_control_number.status_code == 422
    assert unknown_type.json()["detail"][0]["loc"][-1] == "report_type"
    assert no_control_number.json()["detail"][0]["loc"][-1] == "control_number"

    accepted = await resolve(faxed | {"control_number": "ACN-7"})
    assert accepted.status_code == 202, accepted.text
    await wait_for_case(denials, claim, "correction_requested")
    (request,) = await denial_events(denials_settings, claim, "CorrectionRequested")
    assert isinstance(request.payload, CorrectionRequested)
    assert request.payload.fixes == (
        AddAttachment(report_type="09", transmission_code="FX", control_number="ACN-7"),
    )
    assert request.payload.reason_carc == "16"
