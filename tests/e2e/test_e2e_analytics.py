"""The analytics read model after a real run (issue #22): its KPIs equal the ones worked out here from the raw
events, to the cent and to the count; its A/R is every open balance remittance's accounts hold plus the held
claims never sent, aged in buckets that add up to it; a rebuild from the topics gives the same numbers."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pytest
from rcm_analytics.domain.event_log import EventLog
from rcm_platform.auth import Role
from rcm_platform.testing.auth import as_user, headers_for_tenant
from rcm_platform.testing.phi_guard import remember_phi
from rcm_platform.testing.waiting import wait_for
from rcm_schemas import EventMessage
from rcmctl.workload.run import run_workload

pytestmark = pytest.mark.stack
ZERO = Decimal("0.00")


def _once(events: EventLog, event_type: str, tenant: str) -> list[Any]:
    """Each event once (a redelivery repeats its id), of one tenant, in topic order."""
    seen: dict[str, EventMessage] = {}
    for message in events.of(event_type):
        if message.envelope.tenant_id == tenant:
            seen.setdefault(str(message.envelope.event_id), message)
    return [m.payload for m in seen.values()]


def _independent(events: EventLog, tenant: str) -> dict[str, Any]:
    """The counts and sums the KPIs must show, worked out directly (not with rcm_analytics' books)."""
    of = lambda kind: _once(events, kind, tenant)  # noqa: E731
    submitted = of("ClaimSubmitted")
    originals = {
        c.claim_id
        for c in submitted
        if c.frequency_code == "1" and not c.original_claim_id and not c.primary_claim_id
    }
    held = {c.claim_id for c in of("ClaimHeld")}
    rejected = {c.claim_id for c in of("ClaimRejected")} & (originals | held)
    created = originals | held
    encounters = {e.encounter_id for e in of("EncounterRegistered")} | {
        e.encounter_id for e in of("RegistrationIncomplete")
    }
    # Charges: each encounter billed once, at the charge of its claim that no other replaces (a void: nothing).
    replaced = {c.original_claim_id for c in submitted if c.original_claim_id}
    charged: dict[str, Decimal] = {}
    for claim in submitted:
        if claim.claim_id not in replaced:
            charged[claim.encounter_id] = ZERO if claim.frequency_code == "8" else claim.total_charge
    for bill in of("SelfPayClaimBilled"):
        charged[bill.encounter_id] = bill.total_charge
    posted = of("PaymentPosted")
    entries = of("ClaimAccountPosted")
    return {
        "encounters": len(encounters),
        "claims_created": len(created),
        "claims_submitted": len(originals),
        "claims_held": len(held),
        "clean_claim_rate_cl1": round(len(originals - held - rejected) / len(created), 4) if created else 0.0,
        "claims_paid": len({e.claim_id for e in of("ClaimPaid")}),
        "claims_partially_paid": len({e.claim_id for e in of("ClaimPartiallyPaid")}),
        "denials_appealed": len({e.claim_id for e in of("AppealFiled")}),
        "denials_written_off": len({e.claim_id for e in of("DenialWrittenOff")}),
        "billed": sum(charged.values(), ZERO),
        "paid": sum((p.paid_amount for p in posted), ZERO),
        "interest": sum((p.interest_amount for p in posted), ZERO),
        "denial_write_off": sum((e.amount for e in of("DenialWrittenOff")), ZERO),
        "patient_payments": sum((e.amount for e in entries if e.entry_kind == "patient_payment"), ZERO),
        "remitted_835_total": sum((r.payment_amount for r in of("RemittanceReceived")), ZERO),
    }


async def _open_balances(remittance_url: str, events: EventLog, tenant: str) -> Decimal:
    """What remittance's accounts say is still owed (each account once: a replacement shares its original's),
    plus the charges of held claims, which were never sent and have no account."""
    claim_ids = {c.claim_id for c in _once(events, "ClaimSubmitted", tenant)} | {
        c.claim_id for c in _once(events, "SelfPayClaimBilled", tenant)
    }
    owed: dict[str, Decimal] = {}
    async with httpx.AsyncClient(base_url=remittance_url, timeout=30) as client:
        for claim_id in sorted(claim_ids):
            answer = await client.get(f"/claims/{claim_id}/balance", headers=headers_for_tenant(tenant))
            assert answer.status_code == 200, (claim_id, answer.text)
            account = answer.json()
            family = "/".join(sorted(account["claim_ids"]))
            owed[family] = max(Decimal(account["insurance_balance"]), ZERO) + max(
                Decimal(account["patient_balance"]), ZERO
            )
    held_encounters = {c.encounter_id: c.total_charge for c in _once(events, "ClaimHeld", tenant)}
    sent_encounters = {c.encounter_id for c in _once(events, "ClaimSubmitted", tenant)}
    unbilled = sum((v for e, v in held_encounters.items() if e not in sent_encounters), ZERO)
    return sum(owed.values(), ZERO) + unbilled


def _distinct(events: EventLog, tenant: str) -> int:
    return len({str(m.envelope.event_id) for m in events.messages() if m.envelope.tenant_id == tenant})


async def test_the_read_models_kpis_equal_the_raw_events_and_a_rebuild_gives_the_same(
    fleet_factory: object, kafka_bootstrap: str, unique_name: str
) -> None:
    fleet = fleet_factory()  # type: ignore[operator]
    await asyncio.to_thread(fleet.start)
    urls = {proc.name: proc.url for proc in fleet.processes}
    result = await run_workload(
        urls,
        kafka_bootstrap,
        encounters=30,
        seed=22,
        today=date.today(),
        remember_phi=remember_phi,
        topic_prefix=f"{unique_name}.",
        settle_timeout_s=300,
        patients_pay=True,
    )
    assert result.tracker is not None and result.settled
    events = result.tracker.events
    as_of = date.today()
    async with httpx.AsyncClient(base_url=urls["analytics"], timeout=120) as client:
        for tenant in result.tenants.values():
            headers = as_user(Role.biller, tenant)

            async def report(headers: dict[str, str] = headers) -> dict[str, Any]:
                answer = await client.get("/kpis", params={"as_of": as_of.isoformat()}, headers=headers)
                assert answer.status_code == 200, answer.text
                return dict(answer.json())

            expected_events = _distinct(events, tenant)

            async def caught_up(report: Any = report, expected_events: int = expected_events) -> bool:
                return (await report())["events"] >= expected_events

            await wait_for(caught_up, 120, what=f"the read model to store {tenant}'s events")
            shown = await report()
            assert shown["events"] == expected_events
            kpis = shown["kpis"]
            for name, value in _independent(events, tenant).items():
                got = Decimal(kpis[name]) if isinstance(value, Decimal) else kpis[name]
                assert got == value, (tenant, name, got, value)
            open_ar = await _open_balances(urls["remittance"], events, tenant)
            assert Decimal(kpis["ar_total"]) == open_ar, (tenant, kpis["ar_total"], open_ar)
            assert sum(Decimal(v) for v in kpis["open_ar_aging"].values()) == open_ar
            assert kpis["posting_reconciles"] and kpis["remittance_totals_reconcile"]

        tenant = next(iter(result.tenants.values()))
        before = (
            await client.get(
                "/kpis", params={"as_of": as_of.isoformat()}, headers=as_user(Role.biller, tenant)
            )
        ).json()
        rebuilt = await client.post("/read-model/rebuild", headers=as_user(Role.admin, tenant))
        assert rebuilt.status_code == 200, rebuilt.text
        assert rebuilt.json()["undecodable"] == 0 and rebuilt.json()["stored"] >= before["events"]
        after = (
            await client.get(
                "/kpis", params={"as_of": as_of.isoformat()}, headers=as_user(Role.biller, tenant)
            )
        ).json()
        assert after == before
        by_month: dict[str, int] = defaultdict(int)
        trend = (
            await client.get(
                "/kpis/monthly", params={"as_of": as_of.isoformat()}, headers=as_user(Role.biller, tenant)
            )
        ).json()
        for month in trend["months"]:
            by_month[month["month"]] += month["kpis"]["claims_submitted"]
        assert sum(by_month.values()) == before["kpis"]["claims_submitted"]
