"""Read side for the HTTP API: a remittance with its reconciliation, a claim's ledger and balance, the queue.

Money leaves as decimal strings ("70.00"): exact, and JSON numbers would invite float rounding in clients.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rcm_schemas.money import from_cents

from rcm_remittance.domain.known_claims import KnownClaim
from rcm_remittance.domain.ledger import (
    ZERO,
    ClaimAccount,
    LedgerEntry,
    PayerLeg,
    claim_account,
    family_account,
)
from rcm_remittance.domain.payer_adjudication import adjudication_view
from rcm_remittance.domain.reconciliation import payment_total, provider_adjustment_total
from rcm_remittance.service.ports import KnownClaims, Ledger, Remittances, UnmatchedQueue


def money(amount: Decimal) -> str:
    return f"{amount:.2f}"


def cents_as_money(document: dict[str, Any]) -> dict[str, Any]:
    """{"paid_cents": 7000} -> {"paid": "70.00"}; other fields unchanged."""
    return {
        (k[:-6] if k.endswith("_cents") else k): (money(from_cents(v)) if k.endswith("_cents") else v)
        for k, v in document.items()
    }


def _claim_view(document: dict[str, Any]) -> dict[str, Any]:
    """A posted claim's reconciliation line with the payer's MOA/MIA amounts (informational) made readable."""
    view = cents_as_money(document)
    for key in ("outpatient_adjudication", "inpatient_adjudication"):
        view[key] = adjudication_view(document.get(key))
    return view


def entry_view(entry: LedgerEntry) -> dict[str, Any]:
    return {
        "entry_id": entry.entry_id,
        "remittance_key": entry.remittance_key,
        "payer_id": entry.payer_id,
        "trace_number": entry.trace_number,
        "claim_id": entry.claim_id,
        "line_number": entry.line_number,
        "amount": money(entry.amount),
        "kind": entry.kind,
        "group_code": entry.group_code,
        "carc": entry.carc,
        "claim_status": entry.claim_status,
        "payer_claim_number": entry.payer_claim_number,
        "remit_line_index": entry.remit_line_index,
        "reverses_entry_id": entry.reverses_entry_id,
        "posted_at": entry.posted_at.isoformat(),
    }


def balance_view(account: ClaimAccount) -> dict[str, Any]:
    return {
        "claim_id": account.claim_id,
        "status": account.status,
        "charges": money(account.charges),
        "payer_payments": money(account.payer_payments),
        "contractual_adjustments": money(account.contractual),
        "transferred_to_patient": money(account.transferred_to_patient),
        "denied": money(account.denied),
        "denial_write_offs": money(account.denial_write_offs),
        "other_adjustments": money(account.other_adjustments),
        "patient_payments": money(account.patient_payments),
        "small_balance_write_offs": money(account.small_balance_write_offs),
        "refunds_to_patient": money(account.patient_refunds),
        "refunds_to_payer": money(account.payer_refunds),
        "interest": money(account.interest),
        "unclassified_under_review": money(account.unclassified),
        "held_for_next_payer": money(account.held_for_next_payer),
        "insurance_balance": money(account.insurance_balance),
        "denied_open": money(account.denied_open),
        "patient_balance": money(account.patient_balance),
        "balance": money(account.balance),
    }


@dataclass(frozen=True)
class Visit:
    claim: KnownClaim
    account: ClaimAccount
    entries: list[LedgerEntry]


@dataclass(frozen=True)
class CurrentAccount:
    """A claim's one account, seen from any of its versions: `claim` is the version owed now."""

    claim: KnownClaim
    account: ClaimAccount
    payer_ids: tuple[str, ...]
    """The payers whose payments the account holds, most recent last."""


def _family_account(family: list[KnownClaim], versions: list[tuple[str, list[LedgerEntry]]]) -> ClaimAccount:
    current = family[-1]
    # A later version sent as frequency 1 is a rebill (a new original claim, e.g. to the corrected payer), unless
    # it is the claim to the next payer (coordination of benefits), which continues the account instead.
    rebilled_as = frozenset(
        claim.claim_id
        for claim in family[1:]
        if claim.frequency_code == "1" and claim.primary_claim_id is None
    )
    legs = {
        claim.claim_id: PayerLeg(
            next_payer_id=claim.next_payer_id, follows_prior_payer=bool(claim.primary_claim_id)
        )
        for claim in family
        if claim.next_payer_id or claim.primary_claim_id
    }
    return family_account(
        versions,
        ZERO if current.frequency_code == "8" else current.charges,
        rebilled_as=rebilled_as,
        legs=legs,
    )  # a void owes 0


MAX_VERSIONS = 20
"""A claim corrected more often than this is not a claim any more; the walk stops there."""


@dataclass
class RemittanceQueries:
    remittances: Remittances
    known_claims: KnownClaims
    ledger: Ledger
    unmatched: UnmatchedQueue

    async def remittance(self, key: str, tenant_id: str) -> dict[str, Any] | None:
        summary = await self.remittances.summary(key, tenant_id)
        if summary is None:
            return None
        state = dict(summary)
        entries = await self.ledger.of_remittance(key, tenant_id)
        file_total = from_cents(state["file_total_cents"])
        posted = payment_total(entries)
        waiting = from_cents(await self.unmatched.open_paid_cents(key, tenant_id))
        plb = provider_adjustment_total(entries)
        difference = file_total - (posted + waiting - plb)
        current = {
            "file_total": money(file_total),
            "posted_payment_total": money(posted),
            "unmatched_payment_total": money(waiting),
            "provider_adjustment_total": money(plb),
            "difference": money(difference),
            "balanced": difference == ZERO,
        }
        at_posting = cents_as_money(state.pop("reconciliation_at_posting"))
        claims = [_claim_view(claim) for claim in state.pop("claims")]
        return {
            **cents_as_money(state),
            "reconciliation": current,
            "reconciliation_at_posting": at_posting,
            "claims": claims,
        }

    async def current_visits(self, patient_id: str, tenant_id: str) -> list[Visit]:
        """The patient's claims that are owed now (a replaced claim counts under its replacement), each with its
        account and its own ledger entries."""
        visits: list[Visit] = []
        for known in await self.known_claims.of_patient(patient_id, tenant_id):
            entries = await self.ledger.of_claim(known.claim_id, tenant_id)
            account, _, current_id = await self._account_of(known.claim_id, known, entries, tenant_id)
            if current_id == known.claim_id:
                visits.append(Visit(known, account, entries))
        return visits

    async def visits_by_patient(self, tenant_id: str) -> dict[str, list[Visit]]:
        """current_visits of every patient of the tenant, from one read of its claims and one of its ledger (a
        statement cycle: one read per patient would be a scan per patient on FerretDB)."""
        claims = {claim.claim_id: claim for claim in await self.known_claims.of_tenant(tenant_id)}
        entries = await self.ledger.of_claims_of_tenant(tenant_id)
        replaced = {claim.prior_version_id for claim in claims.values() if claim.prior_version_id}
        visits: dict[str, list[Visit]] = {}
        for claim in claims.values():
            if claim.claim_id in replaced or not claim.patient_id:
                continue  # only the version owed now is a visit
            family = [claim]
            while len(family) < MAX_VERSIONS:
                earlier = claims.get(family[0].prior_version_id or "")
                if earlier is None or earlier in family:
                    break
                family.insert(0, earlier)
            versions = [(version.claim_id, entries.get(version.claim_id, [])) for version in family]
            own = entries.get(claim.claim_id, [])
            visits.setdefault(claim.patient_id, []).append(
                Visit(claim, _family_account(family, versions), own)
            )
        return visits

    async def current_account(self, claim_id: str, tenant_id: str) -> CurrentAccount | None:
        """None for a claim remittance never saw submitted."""
        known = await self.known_claims.get(claim_id, tenant_id)
        if known is None:
            return None
        family, versions = await self._versions(known, claim_id, None, tenant_id)
        payers = [e.payer_id for _, entries in versions for e in entries if e.kind == "payment"]
        last_seen_order = tuple(dict.fromkeys(reversed(payers)))[::-1]
        return CurrentAccount(family[-1], _family_account(family, versions), last_seen_order)

    async def claim_ledger(self, claim_id: str, tenant_id: str) -> dict[str, Any] | None:
        known = await self.known_claims.get(claim_id, tenant_id)
        entries = await self.ledger.of_claim(claim_id, tenant_id)
        if known is None and not entries:
            return None
        account, family_ids, current_id = await self._account_of(claim_id, known, entries, tenant_id)
        return {
            "claim_id": claim_id,
            "known_claim": known is not None,
            "entries": [entry_view(entry) for entry in entries],
            "balance": {
                **balance_view(account),
                "claim_id": claim_id,
                "claim_ids": family_ids,
                "replaced_by": None if current_id == claim_id else current_id,
            },
        }

    async def _account_of(
        self, claim_id: str, known: KnownClaim | None, entries: list[LedgerEntry], tenant_id: str
    ) -> tuple[ClaimAccount, list[str], str]:
        if known is None:  # entries of a claim we never saw submitted (posted by hand): nothing is charged
            return claim_account(claim_id, ZERO, entries), [claim_id], claim_id
        family, versions = await self._versions(known, claim_id, entries, tenant_id)
        return _family_account(family, versions), [claim.claim_id for claim in family], family[-1].claim_id

    async def _versions(
        self, known: KnownClaim, asked: str, asked_entries: list[LedgerEntry] | None, tenant_id: str
    ) -> tuple[list[KnownClaim], list[tuple[str, list[LedgerEntry]]]]:
        """The claim's family oldest first, each version with its entries (the asked one's reused if read)."""
        family = await self._family(known, tenant_id)
        versions = [
            (
                claim.claim_id,
                asked_entries
                if claim.claim_id == asked and asked_entries is not None
                else await self.ledger.of_claim(claim.claim_id, tenant_id),
            )
            for claim in family
        ]
        return family, versions

    async def _family(self, known: KnownClaim, tenant_id: str) -> list[KnownClaim]:
        """The claim, the versions it replaced and the versions replacing it, oldest first (bounded walk)."""
        family = [known]
        while (earlier := family[0].prior_version_id) and len(family) < MAX_VERSIONS:
            found = await self.known_claims.get(earlier, tenant_id)
            if found is None or found in family:
                break
            family.insert(0, found)
        later = await self.known_claims.replaced_by(known.claim_id, tenant_id)
        while later and len(family) < MAX_VERSIONS:
            found = await self.known_claims.get(later, tenant_id)
            if found is None or found in family:
                break
            family.append(found)
            later = await self.known_claims.replaced_by(found.claim_id, tenant_id)
        return family

    async def open_items(self, tenant_id: str) -> list[dict[str, object]]:
        """Contains PHI (patient name, member id) for the biller's screen; never logged."""
        return [item.summary() for item in await self.unmatched.open_items(tenant_id)]
