"""The ledger's by-claim projection on the real stack: built at start-up for a ledger written without it."""

from __future__ import annotations

import pytest
from rcm_platform.testing.isolated import started
from rcm_remittance.adapters.ledger_repository import LEDGER_BY_CLAIM
from rcm_remittance.app import build_app
from rcm_remittance.samples import cas, clp, file_of, remittance, svc
from rcm_remittance.settings import RemittanceSettings
from remittance_scenarios import claim_ledger, claim_submitted, deliver_835, posted_remittance, submit_claims

pytestmark = pytest.mark.stack


async def test_a_ledger_without_its_by_claim_documents_is_projected_before_consuming(
    remittance_settings: RemittanceSettings,
) -> None:
    async with started(build_app(remittance_settings), drop_database=False) as service:
        await submit_claims(
            service,
            remittance_settings,
            claim_submitted("CLM-P1", [("99213", (), "120.00", "L1")]),
            claim_submitted("CLM-P2", [("99214", (), "200.00", "L1")]),
        )
        paid = (
            clp("CLM-P1", "1", (svc("99213", "120.00", "90.00", (cas("CO", "45", "30.00"),), control="L1"),)),
            clp("CLM-P2", "1", (svc("99214", "200.00", "150.00", (cas("PR", "2", "50.00"),), control="L1"),)),
        )
        [key] = await deliver_835(service, remittance_settings, file_of(remittance(paid, trace="CHK-PROJ")))
        await posted_remittance(service, key)
        before = {claim: await claim_ledger(service, claim) for claim in ("CLM-P1", "CLM-P2")}
        # As a ledger written before the projection existed: the chain only.
        await service.chain_db.drop_collection(LEDGER_BY_CLAIM)
        assert (await claim_ledger(service, "CLM-P1"))["entries"] == []

    async with started(build_app(remittance_settings)) as service:
        after = {claim: await claim_ledger(service, claim) for claim in ("CLM-P1", "CLM-P2")}
        projected = await service.chain_db[LEDGER_BY_CLAIM].count_documents({})
    assert after == before and len(before["CLM-P1"]["entries"]) == 2
    assert projected == 3, "the two claims and the marker of a finished projection"
