"""Use cases: a patient's statement (data or PDF), and a statement cycle for the whole clinic.

A cycle is identified by its id: the first run decides which patients get a statement (amount due at least the
clinic's minimum balance) and which small balances it writes off (below the clinic's threshold), and records it;
running the same cycle again issues and writes off nothing new and answers the same lists. The statement date
may be given (a cycle prepared ahead, a statement previewed for a date): dunning age is counted to it, balances
are those of now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from rcm_remittance.domain.billing_policy import PatientBillingPolicy
from rcm_remittance.domain.ledger import PATIENT, ZERO, LedgerEntry, ledger_entry_id
from rcm_remittance.domain.payment_plans import PaymentPlan, PlanStanding, standing
from rcm_remittance.domain.statements import Statement, VisitAccount, statement_of
from rcm_remittance.service.account_events import publish_account_entries
from rcm_remittance.service.ports import Clock, Ledger, SendCommand
from rcm_remittance.service.queries import RemittanceQueries, Visit

SMALL_BALANCE_SOURCE = "small-balance"


@dataclass(frozen=True)
class IssuedStatement:
    patient_id: str
    total_due: Decimal
    notice: str
    amount_due_now: Decimal


@dataclass(frozen=True)
class WrittenOffBalance:
    patient_id: str
    amount: Decimal


@dataclass(frozen=True)
class CycleRun:
    statement_date: date
    issued: list[IssuedStatement]
    written_off: list[WrittenOffBalance]


class CycleRecords(Protocol):
    async def record(self, cycle_id: str, tenant_id: str, run: CycleRun) -> bool:
        """False when the cycle is recorded already."""
        ...

    async def get(self, cycle_id: str, tenant_id: str) -> CycleRun | None: ...


class PlanRecords(Protocol):
    async def current(self, patient_id: str, tenant_id: str) -> PaymentPlan | None:
        """The patient's latest plan (current, completed or defaulted), if any."""
        ...

    async def start(self, plan: PaymentPlan, tenant_id: str, replacing: str | None) -> bool:
        """Store the plan as the patient's; False when another plan than `replacing` is stored meanwhile."""
        ...


class PolicyRecords(Protocol):
    async def get(self, tenant_id: str) -> PatientBillingPolicy: ...

    async def put(self, tenant_id: str, policy: PatientBillingPolicy) -> None: ...


@dataclass
class PatientStatements:
    queries: RemittanceQueries
    cycles: CycleRecords
    plans: PlanRecords
    policies: PolicyRecords
    ledger: Ledger
    clock: Clock
    send: SendCommand

    async def of_patient(
        self, patient_id: str, tenant_id: str, as_of: date | None = None
    ) -> Statement | None:
        visits = await self.queries.current_visits(patient_id, tenant_id)
        if not visits:
            return None
        return await self._statement(patient_id, visits, tenant_id, as_of or self.clock().date())

    async def _statement(self, patient_id: str, visits: list[Visit], tenant_id: str, day: date) -> Statement:
        plan = await self.plans.current(patient_id, tenant_id)
        on_plan = None if plan is None else await self.standing_of(plan, visits, tenant_id, day)
        return statement_of(patient_id, [_billed(visit) for visit in visits], day, on_plan)

    async def standing_of(
        self, plan: PaymentPlan, visits: list[Visit], tenant_id: str, as_of: date
    ) -> PlanStanding:
        """Payments count towards the plan once beyond what the patient had paid when agreeing."""
        policy = await self.policies.get(tenant_id)
        paid = sum((visit.account.patient_payments for visit in visits), ZERO) - plan.paid_before
        return standing(plan, paid, as_of, policy.plan_grace_days)

    async def run_cycle(
        self,
        cycle_id: str,
        tenant_id: str,
        minimum_balance: Decimal | None = None,
        statement_date: date | None = None,
    ) -> tuple[CycleRun, bool]:
        """What the cycle issued and wrote off, and whether it ran now (False: it ran before)."""
        recorded = await self.cycles.get(cycle_id, tenant_id)
        if recorded is not None:
            return recorded, False
        policy = await self.policies.get(tenant_id)
        minimum = policy.minimum_statement_balance if minimum_balance is None else minimum_balance
        day = statement_date or self.clock().date()
        run = CycleRun(day, [], [])
        visits_by_patient = await self.queries.visits_by_patient(tenant_id)
        for patient_id in sorted(visits_by_patient):
            statement = await self._statement(patient_id, visits_by_patient[patient_id], tenant_id, day)
            if not statement.lines:
                continue
            if _small_enough_to_write_off(statement, policy):
                await self._write_off(statement, cycle_id, tenant_id)
                run.written_off.append(WrittenOffBalance(patient_id, statement.total_due))
            elif statement.total_due >= minimum and statement.amount_due_now > ZERO:
                run.issued.append(
                    IssuedStatement(
                        patient_id, statement.total_due, statement.notice, statement.amount_due_now
                    )
                )
        if not await self.cycles.record(cycle_id, tenant_id, run):
            return await self.run_cycle(cycle_id, tenant_id, minimum_balance, statement_date)
        return run, True

    async def _write_off(self, statement: Statement, cycle_id: str, tenant_id: str) -> None:
        """Entries keyed by cycle and claim: a cycle re-run after a crash writes the same ones."""
        entries = [
            LedgerEntry(
                entry_id=ledger_entry_id(tenant_id, SMALL_BALANCE_SOURCE, cycle_id, line.claim_id),
                remittance_key=f"{SMALL_BALANCE_SOURCE}:{cycle_id}",
                payer_id=PATIENT,
                trace_number=cycle_id,
                claim_id=line.claim_id,
                line_number=None,
                amount=line.patient_owes,
                kind="small_balance_write_off",
                group_code=None,
                carc=None,
                posted_at=self.clock(),
            )
            for line in statement.lines
            if line.patient_owes > ZERO
        ]
        await self.ledger.append(entries, tenant_id)
        await publish_account_entries(
            self.send, entries, patient_id=statement.patient_id, reference_id=cycle_id, tenant_id=tenant_id
        )


def _small_enough_to_write_off(statement: Statement, policy: PatientBillingPolicy) -> bool:
    """Below the clinic's threshold, not on a current plan, and no credit on any visit (a credit is refunded,
    not netted against a write-off)."""
    on_plan = statement.plan is not None and statement.plan.status == "current"
    return (
        ZERO < statement.total_due < policy.small_balance_write_off_below
        and not on_plan
        and all(line.patient_owes >= ZERO for line in statement.lines)
    )


def _billed(visit: Visit) -> VisitAccount:
    shares = [
        e.posted_at.date() for e in visit.entries if e.kind == "patient_responsibility" and e.amount > 0
    ]
    return VisitAccount(
        visit.claim.claim_id,
        visit.claim.date_of_service or date.min,
        visit.account,
        min(shares, default=None),
    )
