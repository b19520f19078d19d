"""A failure between the ledger inserts and the remittance write, or between that write and the publish, is
retried by the consumer and still posts once and publishes each event once (same event ids)."""

from __future__ import annotations

from typing import Any

import pytest
from rcm_platform import Service
from rcm_remittance.samples import cas, clp, file_of, remittance, svc
from rcm_remittance.settings import RemittanceSettings
from remittance_scenarios import (
    claim_ledger,
    claim_submitted,
    deliver_835,
    posted_remittance,
    remittance_events,
    submit_claims,
)

pytestmark = pytest.mark.stack


def _file(trace: str) -> str:
    claim = clp(
        "CLM-RETRY", "1", (svc("99213", "100.00", "70.00", (cas("CO", "45", "30.00"),), control="C1"),)
    )
    return file_of(remittance((claim,), trace=trace))


def _fail_once(service: Service, where: str) -> list[str]:
    """Makes the first remittance write (or the moment right after it) raise, as a crash would."""
    store = service.stores["remittances"]
    failures: list[str] = []
    if where == "before_commit":
        original = store.handle

        async def failing_handle(*args: Any, **kwargs: Any) -> Any:
            if not failures:
                failures.append(where)
                raise RuntimeError("simulated crash before the remittance write")
            return await original(*args, **kwargs)

        store.handle = failing_handle  # type: ignore[method-assign]
    else:

        async def failing_after_write(_: str) -> None:
            if not failures:
                failures.append(where)
                raise RuntimeError("simulated crash between the remittance write and the publish")

        store.after_write = failing_after_write
    return failures


@pytest.mark.parametrize("where", ["before_commit", "after_commit"])
async def test_a_failed_attempt_is_retried_and_posts_and_publishes_once(
    remittance_service: Service, remittance_settings: RemittanceSettings, where: str
) -> None:
    await submit_claims(
        remittance_service, remittance_settings, claim_submitted("CLM-RETRY", [("99213", (), "100.00", "C1")])
    )
    failures = _fail_once(remittance_service, where)
    [key] = await deliver_835(remittance_service, remittance_settings, _file(f"CHK-{where}"))

    view = await posted_remittance(remittance_service, key)
    events = await remittance_events(remittance_settings, at_least=2, timeout_s=5)

    assert failures == [where]
    assert sorted(e.envelope.event_type for e in events) == ["ClaimPaid", "PaymentPosted"]
    ledger = await claim_ledger(remittance_service, "CLM-RETRY")
    assert sorted(e["amount"] for e in ledger["entries"]) == ["30.00", "70.00"]
    assert view["reconciliation"]["balanced"] is True
    assert await remittance_service.db["remittance_outbox"].count_documents({}) == 0
