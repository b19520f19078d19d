"""The patients' part of a run: statement cycles a month apart, and patients who pay on time, late, on a plan, or
never, so statements, dunning, payment plans, small-balance write-offs and collections hand-offs all happen.

How patients behave (SOURCES.md, workload-params.md §6): about 35 % of billed patient balances is collected
(Kodiak: 34.46 % in 2024; "30-40 % within 120 days, the rest goes to bad debt"). The split of that collection
into on time, late and on a plan is an ASSUMPTION chosen to add up to it: 20 % pay the first statement, 8 % pay
after the second notice, 10 % agree to a three-month plan (of whom 60 % keep it and 40 % pay once and default),
62 % never pay and reach collections at 90 days. Expected share collected: 0.20 + 0.08 + 0.10 x (0.6 + 0.4 / 3)
= 35.3 %.

The cycles are dated today, +30, +60 and +90 days (statement dates may be set ahead); payments are made now, so
a "late" patient is one who pays only once the second notice comes.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_UP, Decimal
from typing import Any

import httpx
from rcm_platform.http import IDEMPOTENCY_HEADER

from rcmctl.workload import sign_in
from rcmctl.workload.patient_client import send_until_answered

BEHAVIOURS = (("on_time", 0.20), ("late", 0.08), ("plan", 0.10), ("never", 0.62))
KEEPS_THE_PLAN = 0.60
PLAN_INSTALMENTS = 3
CYCLE_OFFSETS_DAYS = (0, 30, 60, 90)
POLICY = {"minimum_statement_balance": "5.00", "small_balance_write_off_below": "5.00", "plan_grace_days": 15}
"""Statements from $5; an amount due below $5 is written off (the postage costs more); 15 days' grace."""


@dataclass
class PatientBillingResult:
    statements_by_notice: Counter[str] = field(default_factory=Counter)
    statements: int = 0
    payments: int = 0
    paid: Decimal = Decimal("0.00")
    plans_agreed: int = 0
    small_balances_written_off: int = 0
    collections_handoffs: int = 0
    """Patients whose last statement of the run was the collections notice."""
    failures: list[str] = field(default_factory=list)


@dataclass
class _Patient:
    behaviour: str
    keeps_plan: bool
    paid_once_on_plan: bool = False


async def bill_patients(
    client: httpx.AsyncClient, remittance_url: str, tenants: list[str], run_id: str, seed: int
) -> PatientBillingResult:
    result = PatientBillingResult()
    rng = random.Random(seed)
    today = datetime.now(UTC).date()
    for tenant in tenants:
        await _send(client, "PUT", f"{remittance_url}/tenants/{tenant}/patient-billing-policy", POLICY,
                    sign_in.practice_admin(tenant), result)  # fmt: skip
        patients: dict[str, _Patient] = {}
        last_notice: dict[str, str] = {}
        for step, offset in enumerate(CYCLE_OFFSETS_DAYS):
            statement_date = today + timedelta(days=offset)
            cycle = await _send(
                client,
                "POST",
                f"{remittance_url}/statement-cycles",
                {"cycle_id": f"{run_id}-{step + 1}", "statement_date": statement_date.isoformat()},
                sign_in.billing_manager(tenant),
                result,
            )
            if cycle is None:
                continue
            result.small_balances_written_off += len(cycle["small_balances_written_off"])
            for statement in cycle["statements"]:
                patient_id = statement["patient_id"]
                result.statements += 1
                result.statements_by_notice[statement["notice"]] += 1
                last_notice[patient_id] = statement["notice"]
                patient = patients.setdefault(patient_id, _draw(rng))
                await _respond(
                    client, remittance_url, tenant, patient_id, patient, statement, step, today, result
                )
        result.collections_handoffs += sum(1 for notice in last_notice.values() if notice == "collections")
    return result


def _draw(rng: random.Random) -> _Patient:
    pick, behaviour = rng.random(), BEHAVIOURS[-1][0]
    for name, share in BEHAVIOURS:
        if pick < share:
            behaviour = name
            break
        pick -= share
    return _Patient(behaviour, keeps_plan=rng.random() < KEEPS_THE_PLAN)


async def _respond(
    client: httpx.AsyncClient,
    url: str,
    tenant: str,
    patient_id: str,
    patient: _Patient,
    statement: dict[str, Any],
    step: int,
    today: date,
    result: PatientBillingResult,
) -> None:
    due_now = Decimal(statement["amount_due_now"])
    if patient.behaviour == "on_time" or (patient.behaviour == "late" and step == 1):
        await _pay(client, url, tenant, patient_id, due_now, result)
    elif patient.behaviour == "plan" and step == 0:
        instalment = (Decimal(statement["total_due"]) / PLAN_INSTALMENTS).quantize(Decimal("0.01"), ROUND_UP)
        body = {
            "plan_id": f"plan-{uuid.uuid4().hex[:8]}",
            "instalment_amount": str(instalment),
            "first_due_date": (today + timedelta(days=30)).isoformat(),
        }
        if await _send(client, "POST", f"{url}/patients/{patient_id}/payment-plans", body,
                       sign_in.front_desk(tenant), result) is not None:  # fmt: skip
            result.plans_agreed += 1
            await _pay(
                client, url, tenant, patient_id, instalment, result
            )  # the first instalment, at the desk
    elif patient.behaviour == "plan" and patient.keeps_plan and statement["notice"] == "payment plan":
        await _pay(client, url, tenant, patient_id, due_now, result)


async def _pay(
    client: httpx.AsyncClient,
    url: str,
    tenant: str,
    patient_id: str,
    amount: Decimal,
    result: PatientBillingResult,
) -> None:
    if amount <= 0:
        return
    body = {"amount": str(amount), "method": "card", "reference": f"TXN-{uuid.uuid4().hex[:10].upper()}"}
    if await _send(client, "POST", f"{url}/patients/{patient_id}/payments", body,
                   sign_in.front_desk(tenant), result) is not None:  # fmt: skip
        result.payments += 1
        result.paid += amount


async def _send(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    body: dict[str, Any],
    headers: dict[str, str],
    result: PatientBillingResult,
) -> dict[str, Any] | None:
    """The answer's JSON, or None (noted as a failure): one refusal must not stop the patients' part."""
    try:
        response = await send_until_answered(
            client, method, url, json=body, headers={**headers, IDEMPOTENCY_HEADER: uuid.uuid4().hex}
        )
    except httpx.HTTPError as error:
        result.failures.append(f"{method} {url.rsplit('/', 1)[-1]}: {type(error).__name__}")
        return None
    if response.status_code >= 400:
        result.failures.append(
            f"{method} {url.rsplit('/', 1)[-1]}: {response.status_code} {response.text[:200]}"
        )
        return None
    answer: dict[str, Any] = response.json()
    return answer
