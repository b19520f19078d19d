"""A remittance paying many claims keeps its document small: its events go out through outbox pages."""

from __future__ import annotations

import bson
import pytest
from rcm_platform import Service
from rcm_remittance.adapters.outbox_pages import PAGE_SIZE
from rcm_remittance.domain.remittance_identity import stored_key
from rcm_remittance.samples import cas, clp, file_of, remittance, svc
from rcm_remittance.settings import RemittanceSettings
from remittance_scenarios import (
    TENANT,
    claim_submitted,
    deliver_835,
    posted_remittance,
    remittance_events,
    submit_claims,
)

pytestmark = pytest.mark.stack
CLAIMS = 260  # 520 events: three pages


async def test_a_large_remittance_publishes_every_event_through_outbox_pages(
    remittance_service: Service, remittance_settings: RemittanceSettings
) -> None:
    ids = [f"CLM-BIG-{n:04d}" for n in range(CLAIMS)]
    await submit_claims(
        remittance_service,
        remittance_settings,
        *(claim_submitted(claim_id, [("99213", (), "100.00", "B1")]) for claim_id in ids),
    )
    claims = tuple(
        clp(claim_id, "1", (svc("99213", "100.00", "75.00", (cas("CO", "45", "25.00"),), control="B1"),))
        for claim_id in ids
    )
    [key] = await deliver_835(
        remittance_service, remittance_settings, file_of(remittance(claims, trace="CHK-BIG"))
    )

    view = await posted_remittance(remittance_service, key)
    events = await remittance_events(remittance_settings, at_least=2 * CLAIMS)

    assert view["outbox_pages"] == -(-2 * CLAIMS // PAGE_SIZE) == 3
    assert view["event_count"] == len(events) == 2 * CLAIMS
    assert len({e.envelope.event_id for e in events}) == 2 * CLAIMS
    assert view["reconciliation"]["posted_payment_total"] == f"{75 * CLAIMS}.00"
    assert view["reconciliation"]["balanced"] is True
    document = await remittance_service.db["remittances"].find_one({"_id": stored_key(TENANT, key)})
    assert document is not None and document["_outbox"] == []
    assert len(bson.encode(document)) < 200_000
    assert await remittance_service.db["remittance_outbox"].count_documents({}) == 0
