"""A remittance is the tenant's own: the same 835 under two tenants is two postings, and a re-upload under one
tenant answers 200 "duplicate" with the original's keys and posts nothing again."""

from __future__ import annotations

import httpx
import pytest
from rcm_platform import Service
from rcm_platform.testing.auth import headers_for_tenant
from rcm_platform.testing.waiting import wait_for
from rcm_remittance.samples import cas, clp, file_of, remittance, svc
from rcm_remittance.settings import RemittanceSettings
from remittance_scenarios import TENANT, claim_ledger, claim_submitted, posted_remittance, submit_claims

pytestmark = pytest.mark.stack
OTHER_TENANT = "billing-co-b"


async def _upload(service: Service, text: str, tenant: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=service.http)
    async with httpx.AsyncClient(transport=transport, base_url="http://remittance") as http:
        return await http.post(
            "/remittances", content=text, headers={**headers_for_tenant(tenant), "Content-Type": "text/plain"}
        )


async def test_the_same_835_posts_for_each_tenant_and_a_re_upload_is_a_duplicate(
    remittance_service: Service, remittance_settings: RemittanceSettings
) -> None:
    await submit_claims(
        remittance_service, remittance_settings, claim_submitted("CLM-TWO", [("99213", (), "100.00", "T1")])
    )
    paid = clp("CLM-TWO", "1", (svc("99213", "100.00", "80.00", (cas("CO", "45", "20.00"),), control="T1"),))
    text = file_of(remittance((paid,), trace="CHK-TWO-TENANTS"))

    first_elsewhere = await _upload(remittance_service, text, OTHER_TENANT)
    assert first_elsewhere.status_code == 202
    [key] = first_elsewhere.json()["remittance_keys"]
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=remittance_service.http), base_url="http://remittance"
    ) as http:

        async def posted_elsewhere() -> bool:
            answer = await http.get(f"/remittances/{key}", headers=headers_for_tenant(OTHER_TENANT))
            return answer.status_code == 200

        await wait_for(posted_elsewhere, what="the other tenant's posting")

    owners = await _upload(remittance_service, text, TENANT)
    assert owners.status_code == 202 and owners.json()["remittance_keys"] == [key]
    view = await posted_remittance(remittance_service, key)
    assert view["reconciliation"]["posted_payment_total"] == "80.00"
    ledger = await claim_ledger(remittance_service, "CLM-TWO")
    entries = len(ledger["entries"])
    assert entries > 0 and ledger["balance"]["payer_payments"] == "80.00"

    again = await _upload(remittance_service, text, TENANT)
    assert again.status_code == 200
    assert again.json() == {"status": "duplicate", "remittance_keys": [key]}
    assert len((await claim_ledger(remittance_service, "CLM-TWO"))["entries"]) == entries
