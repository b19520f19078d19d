"""Use cases: a patient's statement now (data or PDF), and a statement cycle for the whole clinic.

A cycle is identified by its id: the first run decides which patients get a statement (amount due at least the
minimum balance) and records it; running the same cycle again issues nothing new and answers the same list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from rcm_remittance.domain.statements import Statement, VisitAccount, statement_of
from rcm_remittance.service.ports import Clock, KnownClaims
from rcm_remittance.service.queries import RemittanceQueries, Visit

DEFAULT_MINIMUM_BALANCE = Decimal("5.00")


@dataclass(frozen=True)
class IssuedStatement:
    patient_id: str
    total_due: Decimal
    notice: str


class CycleRecords(Protocol):
    async def record(self, cycle_id: str, tenant_id: str, issued: list[IssuedStatement]) -> bool:
        """False when the cycle is recorded already."""
        ...

    async def get(self, cycle_id: str, tenant_id: str) -> list[IssuedStatement] | None: ...


@dataclass
class PatientStatements:
    known_claims: KnownClaims
    queries: RemittanceQueries
    cycles: CycleRecords
    clock: Clock

    async def of_patient(self, patient_id: str, tenant_id: str) -> Statement | None:
        visits = await self.queries.current_visits(patient_id, tenant_id)
        if not visits:
            return None
        return statement_of(patient_id, [_billed(visit) for visit in visits], self.clock().date())

    async def run_cycle(
        self, cycle_id: str, tenant_id: str, minimum_balance: Decimal = DEFAULT_MINIMUM_BALANCE
    ) -> tuple[list[IssuedStatement], bool]:
        """The statements of the cycle, and whether they were issued now (False: the cycle ran before)."""
        recorded = await self.cycles.get(cycle_id, tenant_id)
        if recorded is not None:
            return recorded, False
        issued: list[IssuedStatement] = []
        for patient_id in sorted(await self.known_claims.patient_ids(tenant_id)):
            statement = await self.of_patient(patient_id, tenant_id)
            if statement is not None and statement.lines and statement.total_due >= minimum_balance:
                issued.append(IssuedStatement(patient_id, statement.total_due, statement.notice))
        if not await self.cycles.record(cycle_id, tenant_id, issued):
            return await self.run_cycle(cycle_id, tenant_id, minimum_balance)
        return issued, True


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
