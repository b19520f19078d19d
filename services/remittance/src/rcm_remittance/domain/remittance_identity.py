"""Who paid and which payment: the idempotency key of one 835 transaction (TRN02 trace number + payer).

One file may carry several transactions (ST/SE) from several payers; each is posted once, however often the
file arrives, because the wiring stores a remittance document whose _id is this key before anything else.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rcm_x12 import RemitClaim, Remittance


def payer_id_of(remittance: Remittance) -> str:
    """N1*PR04 (payer id) when sent, else REF*2U (additional payer id), else TRN03 (1 + payer EIN).

    TRN03 is required by the implementation guide, so every valid transaction has some payer identity.
    """
    payer = remittance.payer
    return payer.identifier or payer.additional_id or remittance.payer_tin


def remittance_key(payer_id: str, trace_number: str) -> str:
    """Readable on purpose: operators search for a check number; ':' never occurs in either part's codes."""
    return f"835:{payer_id}:{trace_number}"


def stored_key(tenant_id: str, key: str) -> str:
    """Where the tenant's posting of `key` is stored: the same 835 under two tenants is two remittances.
    (Stored before this rule, a remittance's document id was the bare key; readers still find those.)"""
    return f"{tenant_id}|{key}"


def key_of(remittance: Remittance) -> str:
    return remittance_key(payer_id_of(remittance), remittance.trace_number)


def claims_with_occurrence(claims: Sequence[RemitClaim]) -> Iterator[tuple[RemitClaim, int]]:
    """Each claim with how often its CLP01 appeared before it in the same transaction (0 for the first).

    A payer reversing and re-adjudicating a claim in one remittance sends the same CLP01 twice; the
    occurrence keeps the two postings' entry ids apart while staying deterministic.
    """
    seen: dict[str, int] = {}
    for claim in claims:
        occurrence = seen.get(claim.claim_id, 0)
        seen[claim.claim_id] = occurrence + 1
        yield claim, occurrence
