"""Use case: a patient pays (card, cash or check at the desk, or by mail), and the payment reaches the books.

The payment is recorded first under its id (from the Idempotency-Key), with the allocation decided then; the
ledger entries follow, keyed by payment id and position, then one ClaimAccountPosted per visit paid. A retry finds
the recorded payment, appends the same entries (a second append links nothing) and publishes the same events, so a
payment is applied once even if balances moved in between.

A patient's visits are found among the claims remittance knows (ClaimSubmitted carries the patient id); each
visit's patient balance is its account's, a replaced claim counting under its replacement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from rcm_remittance.domain.ledger import PATIENT, LedgerEntry, ledger_entry_id
from rcm_remittance.domain.patient_payments import Allocation, PatientVisit, allocate
from rcm_remittance.service.account_events import publish_account_entries
from rcm_remittance.service.ports import Clock, Ledger, SendCommand
from rcm_remittance.service.queries import RemittanceQueries

PAYMENT_SOURCE = "patient-payment"


class NoSuchPatient(LookupError):
    pass


class NotThePatientsClaim(ValueError):
    pass


@dataclass(frozen=True)
class PatientPayment:
    payment_id: str
    patient_id: str
    amount: Decimal
    method: str
    reference: str
    apply_to_claim_id: str | None = None


class PaymentRecords(Protocol):
    async def record(
        self, payment: PatientPayment, allocation: Allocation, tenant_id: str, at: datetime
    ) -> bool:
        """False when this payment id is recorded already (a retry)."""
        ...

    async def get(self, payment_id: str, tenant_id: str) -> tuple[Allocation, datetime] | None: ...


def payment_entries(
    payment: PatientPayment, allocation: Allocation, tenant_id: str, at: datetime
) -> list[LedgerEntry]:
    return [
        LedgerEntry(
            entry_id=ledger_entry_id(tenant_id, PAYMENT_SOURCE, payment.payment_id, index),
            remittance_key=f"{PAYMENT_SOURCE}:{payment.payment_id}",
            payer_id=PATIENT,
            trace_number=payment.reference,
            claim_id=claim_id,
            line_number=None,
            amount=amount,
            kind="patient_payment",
            group_code=None,
            carc=None,
            posted_at=at,
            payment_method=payment.method,
        )
        for index, (claim_id, amount) in enumerate(allocation.applied)
    ]


@dataclass
class PatientPayments:
    ledger: Ledger
    queries: RemittanceQueries
    records: PaymentRecords
    clock: Clock
    send: SendCommand

    async def pay(self, payment: PatientPayment, tenant_id: str) -> tuple[Allocation, bool]:
        """The allocation, and whether it was recorded now (False: a retry of a recorded payment)."""
        recorded = await self.records.get(payment.payment_id, tenant_id)
        if recorded is not None:
            allocation, at = recorded
        else:
            allocation = allocate(
                payment.amount, await self._visits(payment, tenant_id), payment.apply_to_claim_id
            )
            at = self.clock()
            if not await self.records.record(payment, allocation, tenant_id, at):  # recorded meanwhile
                return await self.pay(payment, tenant_id)
        entries = payment_entries(payment, allocation, tenant_id, at)
        await self.ledger.append(entries, tenant_id)
        await publish_account_entries(
            self.send,
            entries,
            patient_id=payment.patient_id,
            reference_id=payment.payment_id,
            tenant_id=tenant_id,
        )
        return allocation, recorded is None

    async def _visits(self, payment: PatientPayment, tenant_id: str) -> list[PatientVisit]:
        visits = [
            PatientVisit(v.claim.claim_id, v.claim.date_of_service or date.min, v.account.patient_balance)
            for v in await self.queries.current_visits(payment.patient_id, tenant_id)
        ]
        if not visits:
            raise NoSuchPatient(f"no visit of patient {payment.patient_id} is known to remittance")
        if payment.apply_to_claim_id and payment.apply_to_claim_id not in {v.claim_id for v in visits}:
            raise NotThePatientsClaim("is not a current claim of this patient")  # the value is never echoed
        return visits
