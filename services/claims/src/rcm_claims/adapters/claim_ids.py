"""Deterministic claim ids: a redelivered or replayed event always lands on the same claim aggregate.

CLM01 comes back as CLP01 (X12 maximum 38 characters, rcm_schemas.codes.ClaimId), so ids are short hashes:
"C" + 20 hex digits for an original built from an encounter, "R" + 20 for a replacement built by a
correction ("S" + 20 for the claim to the next payer: rcm_claims.domain.coordination). The tenant is part
of the hash because encounter ids are only unique within a tenant.
"""

from __future__ import annotations

import hashlib

HASH_DIGITS = 20


def _short_hash(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:HASH_DIGITS].upper()


def claim_id_for_encounter(tenant_id: str, encounter_id: str) -> str:
    return "C" + _short_hash(tenant_id, encounter_id)


def replacement_claim_id(original_claim_id: str, correction_id: str) -> str:
    return "R" + _short_hash(original_claim_id, correction_id)


def work_item_id_for(claim_id: str) -> str:
    return f"WI-{claim_id}"
