"""The whole revenue cycle, every service its own process, on the real Kafka and FerretDB."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from rcm_analytics.domain.event_log import EventLog
from rcm_analytics.domain.kpis import compute
from rcm_platform.testing.auth import headers_for_tenant
from rcm_platform.testing.phi_guard import remember_phi
from rcm_platform.testing.waiting import wait_for
from rcm_x12.any_file import read_any
from rcm_x12.pyx12_validation import pyx12_problems
from rcmctl.workload.run import WorkloadResult, run_workload, settled_encounters
from rcmctl.x12_payer_rules import payer_rule_problems

pytestmark = pytest.mark.stack


def _urls(fleet: object) -> dict[str, str]:
    return {proc.name: proc.url for proc in fleet.processes}  # type: ignore[attr-defined]


def _each_fact_once(events: EventLog, event_type: str, *keys: str) -> dict[str, int]:
    """Facts published under more than one event id: a redelivery repeats an id, a double effect does not."""
    ids: dict[str, set[str]] = defaultdict(set)
    for message in events.of(event_type):
        fact = "/".join(str(getattr(message.payload, key)) for key in keys or ("claim_id",))
        ids[fact].add(str(message.envelope.event_id))
    return {k: len(v) for k, v in ids.items() if len(v) > 1}


def _assert_reconciled(result: WorkloadResult) -> None:
    assert result.tracker is not None
    kpis = compute(result.tracker.events, as_of=date.today())
    assert kpis.posting_reconciles, "charge = paid + adjustments + patient responsibility + open, per claim"
    assert kpis.remittance_totals_reconcile, "835 totals = posted payments - PLB"
    assert kpis.claims_paid > 0 and kpis.paid > 0


NOT_MONEY = ("claim_id", "status", "claim_ids", "replaced_by")


@dataclass
class ClaimBook:
    """What the events say one claim's account must hold."""

    tenant_id: str
    charges: Decimal
    paid: Decimal = Decimal("0.00")
    written_off: Decimal = Decimal("0.00")
    patient_paid: Decimal = Decimal("0.00")
    """Patient payments, refunds and small-balance write-offs: ClaimAccountPosted."""
    refunded: Decimal = Decimal("0.00")
    small_balance_written_off: Decimal = Decimal("0.00")
    self_pay: bool = False
    """Billed to the patient from the start (SelfPayClaimBilled): no payer is asked."""


def _books_from_events(events: EventLog) -> dict[str, ClaimBook]:
    books: dict[str, ClaimBook] = {}
    for message in events.of("ClaimSubmitted"):
        claim = message.payload
        books[claim.claim_id] = ClaimBook(message.envelope.tenant_id, claim.total_charge)
    for message in events.of("SelfPayClaimBilled"):
        claim = message.payload
        books[claim.claim_id] = ClaimBook(message.envelope.tenant_id, claim.total_charge, self_pay=True)
    for message in events.of("PaymentPosted"):
        if (book := books.get(message.payload.claim_id)) is not None:
            book.paid += message.payload.paid_amount
    for message in events.of("DenialWrittenOff"):
        if (book := books.get(message.payload.claim_id)) is not None:
            book.written_off += message.payload.amount
    unique = {m.envelope.event_id: m.payload for m in events.of("ClaimAccountPosted")}  # a retry republishes
    for posted in unique.values():
        if (book := books.get(posted.claim_id)) is None:  # type: ignore[attr-defined]
            continue
        if posted.entry_kind == "patient_payment":  # type: ignore[attr-defined]
            book.patient_paid += posted.amount  # type: ignore[attr-defined]
        elif posted.entry_kind == "refund":  # type: ignore[attr-defined]
            book.refunded += posted.amount  # type: ignore[attr-defined]
        else:
            book.small_balance_written_off += posted.amount  # type: ignore[attr-defined]
    return books


async def _assert_every_claim_account_adds_up(result: WorkloadResult, remittance_url: str) -> None:
    """For every claim of the run: insurance balance + patient balance = charges - payments - adjustments -
    write-offs + refunds, to the cent, and the account agrees with the events (payer and patient payments,
    denial and small-balance write-offs, refunds)."""
    assert result.tracker is not None
    expected = _books_from_events(result.tracker.events)
    statuses: dict[str, str] = {}
    async with httpx.AsyncClient(base_url=remittance_url, timeout=30) as client:

        async def account(claim_id: str) -> dict[str, Any]:
            tenant = expected[claim_id].tenant_id
            answer = await client.get(f"/claims/{claim_id}/balance", headers=headers_for_tenant(tenant))
            assert answer.status_code == 200, (claim_id, answer.status_code)
            return answer.json()  # type: ignore[no-any-return]

        for claim_id in expected:

            async def agrees(claim_id: str = claim_id) -> bool:
                # A write-off reaches remittance a moment after the workload saw it: wait for it, bounded. An
                # account covers the claim and its versions (a replacement carries its original's balance).
                a = await account(claim_id)
                family = [expected[c] for c in a["claim_ids"]]
                pairs = (
                    ("payer_payments", [b.paid for b in family]),
                    ("denial_write_offs", [b.written_off for b in family]),
                    ("patient_payments", [b.patient_paid for b in family]),
                    ("small_balance_write_offs", [b.small_balance_written_off for b in family]),
                )
                refunds = Decimal(a["refunds_to_patient"]) + Decimal(a["refunds_to_payer"])
                return all(Decimal(a[key]) == sum(values, Decimal("0.00")) for key, values in pairs) and (
                    refunds == sum((b.refunded for b in family), Decimal("0.00"))
                )

            await wait_for(agrees, timeout_s=60, what=f"the account of {claim_id} to agree with the events")
            a = await account(claim_id)
            assert claim_id in a["claim_ids"]
            book = expected[a["claim_ids"][-1]]  # the version owed
            money = {key: Decimal(value) for key, value in a.items() if key not in NOT_MONEY}
            assert money["charges"] == book.charges, claim_id
            owed = (
                money["charges"]
                - money["payer_payments"]
                - money["patient_payments"]
                - money["contractual_adjustments"]
                - money["other_adjustments"]
                - money["denial_write_offs"]
                - money["small_balance_write_offs"]
                + money["refunds_to_patient"]
                + money["refunds_to_payer"]
            )
            assert money["insurance_balance"] + money["patient_balance"] == owed, (claim_id, a)
            assert Decimal("0.00") <= money["denied_open"] <= max(money["insurance_balance"], Decimal("0.00"))
            if book.self_pay:  # the patient owes the whole charge from the start (then pays some of it)
                assert (money["insurance_balance"], money["transferred_to_patient"]) == (
                    Decimal("0.00"),
                    book.charges,
                )
            statuses[claim_id] = a["status"]
    assert "settled" in statuses.values() or "patient_due" in statuses.values(), statuses


async def _assert_statements_bill_the_patient_balances(
    result: WorkloadResult, remittance_url: str, out_dir: Path
) -> int:
    """Every patient of the run: the statement's amount due is the sum of the patient balances of the visits
    settled with insurance (per the accounts; a self-pay visit is the patient's from the start), and its PDF is
    written. Returns how many PDFs were written."""
    assert result.tracker is not None
    patients: dict[tuple[str, str], set[str]] = defaultdict(set)
    events = result.tracker.events
    for message in events.of("ClaimSubmitted") + events.of("SelfPayClaimBilled"):
        claim = message.payload
        patients[(message.envelope.tenant_id, claim.patient_id)].add(claim.claim_id)
    written = 0
    async with httpx.AsyncClient(base_url=remittance_url, timeout=30) as client:
        for (tenant, patient_id), claim_ids in sorted(patients.items()):
            headers = headers_for_tenant(tenant)
            expected = Decimal("0.00")
            for claim_id in claim_ids:
                account = (await client.get(f"/claims/{claim_id}/balance", headers=headers)).json()
                if account["replaced_by"] is None and Decimal(account["insurance_balance"]) <= 0:
                    expected += Decimal(account["patient_balance"])
            statement = await client.get(f"/patients/{patient_id}/statement", headers=headers)
            assert statement.status_code == 200, statement.text
            assert Decimal(statement.json()["total_due"]) == expected, (patient_id, statement.json())
            if expected != 0:
                pdf = await client.get(f"/patients/{patient_id}/statement.pdf", headers=headers)
                assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
                (out_dir / f"statement-{patient_id}.pdf").write_bytes(pdf.content)
                written += 1
    return written


def _every_837p_is_payer_ready(events: EventLog) -> int:
    """Every 837P the run sent passes pyx12 and the project's payer-rule check of the file read back; returns how
    many were checked."""
    failures: dict[str, list[str]] = {}
    submitted = events.of("ClaimSubmitted")
    for message in submitted:
        text = message.payload.x12_837p  # type: ignore[attr-defined]
        reading = read_any(text)
        found = [*map(str, reading.problems), *map(str, payer_rule_problems(reading)), *pyx12_problems(text)]
        if found:
            failures[message.payload.claim_id] = found  # type: ignore[attr-defined]
    assert failures == {}, f"{len(failures)} of {len(submitted)} 837P files fail: {failures}"
    return len(submitted)


async def test_every_encounter_reaches_a_final_state_and_the_money_reconciles(
    fleet_factory: object, kafka_bootstrap: str, unique_name: str, test_log_dir: Path
) -> None:
    fleet = fleet_factory()  # type: ignore[operator]
    await asyncio.to_thread(fleet.start)
    result = await run_workload(
        _urls(fleet),
        kafka_bootstrap,
        encounters=60,
        seed=11,
        today=date.today(),
        remember_phi=remember_phi,
        topic_prefix=f"{unique_name}.",
        settle_timeout_s=240,
        patients_pay=True,
    )
    assert result.tracker is not None
    missing = set(result.registered_at) - settled_encounters(result.tracker)
    assert result.patients is not None and result.patients.failures == []
    assert result.patients.statements > 0 and result.patients.payments > 0
    assert result.tracker.events.count("ClaimAccountPosted") > 0, "patient payments reach the books as events"
    assert result.settled, f"{len(missing)} encounters never reached a final state"
    _assert_reconciled(result)
    await _assert_every_claim_account_adds_up(result, _urls(fleet)["remittance"])
    statements_dir = test_log_dir / "statements"
    statements_dir.mkdir(parents=True, exist_ok=True)
    assert (
        await _assert_statements_bill_the_patient_balances(result, _urls(fleet)["remittance"], statements_dir)
        > 0
    )
    assert _each_fact_once(result.tracker.events, "ClaimSubmitted") == {}
    assert _every_837p_is_payer_ready(result.tracker.events) > 0
    assert _each_fact_once(result.tracker.events, "SelfPayClaimBilled") == {}
    assert result.tracker.events.count("SelfPayClaimBilled") > 0, (
        "the run's self-pay visits are billed to the patient"
    )
    # One posting per claim and remittance (a replacement's 835 may also reverse the original: a second one).
    assert _each_fact_once(result.tracker.events, "PaymentPosted", "claim_id", "trace_number") == {}


async def test_a_service_killed_mid_run_loses_nothing_and_applies_nothing_twice(
    fleet_factory: object, kafka_bootstrap: str, unique_name: str
) -> None:
    fleet = fleet_factory()  # type: ignore[operator]
    await asyncio.to_thread(fleet.start)
    run = asyncio.create_task(
        run_workload(
            _urls(fleet),
            kafka_bootstrap,
            encounters=60,
            seed=12,
            today=date.today(),
            remember_phi=remember_phi,
            topic_prefix=f"{unique_name}.",
            settle_timeout_s=300,
        )
    )
    await asyncio.sleep(4)
    fleet.kill("claims")  # SIGKILL in the middle of the run
    await asyncio.sleep(1)
    await asyncio.to_thread(fleet.restart, "claims")
    result = await run
    assert result.tracker is not None and result.settled
    _assert_reconciled(result)
    assert _each_fact_once(result.tracker.events, "ClaimSubmitted") == {}
    assert _each_fact_once(result.tracker.events, "ClaimHeld") == {}


async def test_claims_scaled_to_two_instances_split_the_partitions_and_process_each_claim_once(
    fleet_factory: object, kafka_bootstrap: str, unique_name: str
) -> None:
    import httpx

    fleet = fleet_factory(scale={"claims": 2})  # type: ignore[operator]
    await asyncio.to_thread(fleet.start)
    result = await run_workload(
        _urls(fleet),
        kafka_bootstrap,
        encounters=60,
        seed=13,
        today=date.today(),
        remember_phi=remember_phi,
        topic_prefix=f"{unique_name}.",
        settle_timeout_s=240,
    )
    assert result.tracker is not None and result.settled
    assert _each_fact_once(result.tracker.events, "ClaimSubmitted") == {}
    consumed = []
    async with httpx.AsyncClient() as client:
        for instance in (0, 1):
            metrics = (await client.get(f"{fleet.find('claims', instance).url}/metrics")).text
            consumed.append(
                sum(
                    float(line.rsplit(" ", 1)[1])
                    for line in metrics.splitlines()
                    if line.startswith("rcm_events_consumed_total{") and "handled" in line
                )
            )
    assert all(count > 0 for count in consumed), f"both instances handle events: {consumed}"
