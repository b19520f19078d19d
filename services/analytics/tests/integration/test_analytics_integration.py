"""The analytics service on the real Kafka and store: it stores what the pipeline publishes, answers the reports
per tenant, shows a claim's timeline, and a rebuild from the topics gives the same numbers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import httpx
from rcm_analytics.app import build_app
from rcm_analytics.entrypoints.subscribers import reported_topics
from rcm_analytics.settings import AnalyticsSettings
from rcm_platform.auth import Role
from rcm_platform.testing.auth import as_user, headers_for_tenant
from rcm_platform.testing.isolated import isolated_settings, started
from rcm_platform.testing.waiting import wait_for
from rcm_schemas import dlq_topic, new_message
from rcm_schemas.events.claims import ClaimSubmitted
from rcm_schemas.events.common import Adjustment
from rcm_schemas.events.remittance import ClaimDenied
from rcm_schemas.samples import sample_events

TENANT, OTHER = "clinic-a", "clinic-b"
AS_OF = date(2026, 4, 30)


def _template(cls: type[Any]) -> Any:
    return next(e for e in sample_events() if type(e) is cls)


async def test_it_stores_the_published_events_reports_them_per_tenant_and_rebuilds_the_same(
    kafka_bootstrap: str, mongo_uri: str, unique_name: str
) -> None:
    settings = await isolated_settings(
        AnalyticsSettings,
        kafka_bootstrap=kafka_bootstrap,
        mongo_uri=mongo_uri,
        name=unique_name,
        topics=[*reported_topics(""), dlq_topic("analytics").name],
    )
    submitted = _template(ClaimSubmitted).model_copy(
        update={"claim_id": "CLM-1", "encounter_id": "ENC-1", "total_charge": Decimal("180.00")}
    )
    denied = _template(ClaimDenied).model_copy(
        update={
            "claim_id": "CLM-1",
            "encounter_id": "ENC-1",
            "trace_number": "TRN-1",
            "charge_amount": Decimal("180.00"),
            "paid_amount": Decimal("0.00"),
            "denied_amount": Decimal("180.00"),
            "claim_adjustments": (Adjustment(group_code="CO", carc="16", amount=Decimal("180.00")),),
            "lines": (),
        }
    )
    elsewhere = submitted.model_copy(update={"claim_id": "CLM-B", "encounter_id": "ENC-B"})
    async with started(build_app(settings)) as service:
        for event, tenant in ((submitted, TENANT), (denied, TENANT), (elsewhere, OTHER)):
            await service.publisher.publish(new_message(event, producer="test", tenant_id=tenant))
        transport = httpx.ASGITransport(app=service.http)
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
            biller = as_user(Role.biller, TENANT)

            async def kpis() -> dict[str, Any]:
                answer = await client.get("/kpis", params={"as_of": AS_OF.isoformat()}, headers=biller)
                assert answer.status_code == 200, answer.text
                return dict(answer.json())

            async def both_stored() -> bool:
                return (await kpis())["events"] == 2

            await wait_for(both_stored, 60, what="the clinic's two events stored")
            before = await kpis()
            assert before["tenants"] == [TENANT]  # the other clinic's claim is not in this clinic's numbers
            assert before["kpis"]["claims_submitted"] == 1 and before["kpis"]["claims_denied_initially"] == 1
            assert before["kpis"]["ar_insurance"] == "180.00" and before["kpis"]["billed"] == "180.00"

            timeline = await client.get("/claims/CLM-1/timeline", headers=biller)
            assert [e["event_type"] for e in timeline.json()["entries"]] == ["ClaimSubmitted", "ClaimDenied"]
            assert timeline.json()["entries"][0]["x12_kind"] == "837P"
            foreign = await client.get("/claims/CLM-B/timeline", headers=biller)
            assert foreign.status_code == 404  # another tenant's claim does not exist for this one

            denials = (await client.get("/denial-analytics", headers=biller)).json()
            assert denials["by_payer"][0]["denied_claims"] == 1 and denials["top_carcs"][0]["carc"] == "16"

            front_desk = as_user(Role.front_desk, TENANT)
            assert (await client.get("/kpis", headers=front_desk)).status_code == 403
            assert (await client.post("/read-model/rebuild", headers=biller)).status_code == 403

            rebuilt = await client.post(
                "/read-model/rebuild", headers=headers_for_tenant(TENANT), timeout=120
            )
            assert rebuilt.status_code == 200, rebuilt.text
            assert rebuilt.json()["forgotten"] == 3 and rebuilt.json()["stored"] == 3, rebuilt.json()
            assert await kpis() == before
