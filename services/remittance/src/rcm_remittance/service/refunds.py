"""Use case: a credit balance is paid back, to the patient or to the payer that overpaid.

A refund is one ledger entry on the claim's current version, keyed by the refund id (from the Idempotency-Key):
a retry finds the entry and answers it again instead of refunding twice. It may not exceed the credit on the
side it is paid to, so a refund can never open a balance the patient or payer did not owe.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal

from rcm_remittance.domain.ledger import PATIENT, LedgerEntry, ledger_entry_id
from rcm_remittance.service.account_events import publish_account_entries
from rcm_remittance.service.ports import Clock, Ledger, SendCommand
from rcm_remittance.service.queries import RemittanceQueries

REFUND_SOURCE = "refund"


class NoSuchClaim(LookupError):
    pass


class MoreThanTheCredit(ValueError):
    pass


@dataclass(frozen=True)
class Refund:
    refund_id: str
    claim_id: str
    to: Literal["patient", "payer"]
    amount: Decimal
    method: Literal["check", "card", "ach"]
    reference: str


@dataclass
class Refunds:
    ledger: Ledger
    queries: RemittanceQueries
    clock: Clock
    send: SendCommand

    async def refund(self, refund: Refund, tenant_id: str) -> tuple[LedgerEntry, bool]:
        """The refund's entry, and whether it was booked now (False: a retry of a booked refund)."""
        key = f"{REFUND_SOURCE}:{refund.refund_id}"
        booked = await self.ledger.of_remittance(key, tenant_id)
        current = await self.queries.current_account(refund.claim_id, tenant_id)
        if current is None:
            raise NoSuchClaim("no such claim is known to remittance")
        if booked:
            entry, new = booked[0], False
        else:
            account = current.account
            credit = account.patient_credit if refund.to == "patient" else account.insurance_credit
            if refund.amount > credit:
                # The credit is not quoted: GET /claims/{id}/balance shows it to whoever may read it.
                raise MoreThanTheCredit(f"is more than the {refund.to}'s credit balance on this claim")
            payer = PATIENT if refund.to == "patient" else (current.payer_ids or ("PAYER",))[-1]
            entry = LedgerEntry(
                entry_id=ledger_entry_id(tenant_id, REFUND_SOURCE, refund.refund_id),
                remittance_key=key,
                payer_id=payer,
                trace_number=refund.reference,
                claim_id=current.claim.claim_id,
                line_number=None,
                amount=refund.amount,
                kind="refund",
                group_code=None,
                carc=None,
                posted_at=_as_stored(self.clock()),
                payment_method=refund.method,
            )
            await self.ledger.append([entry], tenant_id)
            new = True
        await publish_account_entries(
            self.send,
            [entry],
            patient_id=current.claim.patient_id,
            reference_id=refund.refund_id,
            tenant_id=tenant_id,
        )
        return entry, new


def _as_stored(moment: datetime) -> datetime:
    """To the millisecond, as the store keeps a date: a retry then answers the same time as the first request."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)
