"""Wire <-> domain <-> document for our submitted claims (the KnownClaim projection).

The projection lives in its own collection, one document per claim (_id = claim_id), written only by the
ClaimSubmitted subscriber (the claims topic is keyed by claim_id, so that subscriber is its single writer).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from rcm_schemas.events.claims import ClaimSubmitted, SelfPayClaimBilled
from rcm_schemas.money import from_cents, to_cents

from rcm_remittance.domain.known_claims import KnownClaim, KnownLine

KNOWN_CLAIMS = "known_claims"
LOOKUP_BATCH = 500  # keeps each $in query and its answer small, even for a 10,000-claim remittance
# FerretDB answers {_id: value} from its index but scans the collection for $in: a remittance with a few claims
# is cheaper as one lookup per claim, a big one as a few scans.
LOOKUPS_BY_ID_UP_TO = 100


def known_claim_from_event(event: ClaimSubmitted | SelfPayClaimBilled) -> KnownClaim:
    """A submitted claim or a self-pay bill as remittance keeps it (a self-pay bill replaces nothing)."""
    replacement = event if isinstance(event, ClaimSubmitted) else None
    lines = tuple(
        KnownLine(
            line_number=line.line_number,
            procedure_code=line.procedure_code,
            charge=line.charge_amount,
            modifiers=tuple(line.modifiers),
            units=Decimal(line.units),
            line_control_number=line.line_control_number,
        )
        for line in event.lines
    )
    return KnownClaim(
        claim_id=event.claim_id,
        lines=lines,
        encounter_id=event.encounter_id,
        patient_id=event.patient_id,
        date_of_service=event.date_of_service,
        place_of_service=event.place_of_service,
        billing_provider_npi=event.billing_provider_npi,
        rendering_provider_npi=event.rendering_provider_npi,
        original_claim_id=replacement.original_claim_id if replacement else None,
        frequency_code=replacement.frequency_code if replacement else "1",
        payer_id=replacement.payer_id if replacement else None,
        coverage_order=replacement.coverage_order if replacement else "primary",
        primary_claim_id=replacement.primary_claim_id if replacement else None,
        next_payer_id=replacement.next_payer_id if replacement else None,
    )


CLAIM_REPLACEMENTS = "claim_replacements"


def replacement_key(tenant_id: str, original_claim_id: str) -> str:
    return f"{tenant_id}|{original_claim_id}"


def known_claim_document(claim: KnownClaim, tenant_id: str, payer_id: str) -> dict[str, Any]:
    return {
        "_id": claim.claim_id,
        "tenant_id": tenant_id,
        "payer_id": payer_id,
        "encounter_id": claim.encounter_id,
        "patient_id": claim.patient_id,
        "date_of_service": claim.date_of_service.isoformat() if claim.date_of_service else None,
        "place_of_service": claim.place_of_service,
        "billing_provider_npi": claim.billing_provider_npi,
        "rendering_provider_npi": claim.rendering_provider_npi,
        "charges_cents": to_cents(claim.charges),
        "original_claim_id": claim.original_claim_id,
        "frequency_code": claim.frequency_code,
        "coverage_order": claim.coverage_order,
        "primary_claim_id": claim.primary_claim_id,
        "next_payer_id": claim.next_payer_id,
        "lines": [
            {
                "line_number": line.line_number,
                "procedure_code": line.procedure_code,
                "modifiers": list(line.modifiers),
                "units": str(line.units),
                "charge_cents": to_cents(line.charge),
                "line_control_number": line.line_control_number,
            }
            for line in claim.lines
        ],
    }


def known_claim_from_document(document: dict[str, Any]) -> KnownClaim:
    lines = tuple(
        KnownLine(
            line_number=line["line_number"],
            procedure_code=line["procedure_code"],
            charge=from_cents(line["charge_cents"]),
            modifiers=tuple(line["modifiers"]),
            units=Decimal(line["units"]),
            line_control_number=line["line_control_number"],
        )
        for line in document["lines"]
    )
    dos = document.get("date_of_service")
    return KnownClaim(
        claim_id=document["_id"],
        lines=lines,
        encounter_id=document.get("encounter_id"),
        patient_id=document.get("patient_id"),
        date_of_service=date.fromisoformat(dos) if dos else None,
        place_of_service=document.get("place_of_service"),
        billing_provider_npi=document.get("billing_provider_npi"),
        rendering_provider_npi=document.get("rendering_provider_npi"),
        original_claim_id=document.get("original_claim_id"),
        frequency_code=document.get("frequency_code") or "1",
        payer_id=document.get("payer_id"),
        coverage_order=document.get("coverage_order") or "primary",
        primary_claim_id=document.get("primary_claim_id"),
        next_payer_id=document.get("next_payer_id"),
    )


class KnownClaimRepository:
    def __init__(
        self, collection: AsyncCollection[dict[str, Any]], replacements: AsyncCollection[dict[str, Any]]
    ) -> None:
        self.collection = collection
        self.replacements = replacements

    async def remember(self, claim: KnownClaim, *, tenant_id: str, payer_id: str) -> None:
        # A full replace keyed by claim id: a redelivered ClaimSubmitted writes the same document again.
        document = known_claim_document(claim, tenant_id, payer_id)
        await self.collection.replace_one({"_id": claim.claim_id}, document, upsert=True)
        if claim.prior_version_id:
            # Keyed by the original (or the prior payer's claim), so finding the claim that follows it in the
            # same account is a lookup by _id, not a scan.
            marker = {
                "_id": replacement_key(tenant_id, claim.prior_version_id),
                "replaced_by": claim.claim_id,
            }
            await self.replacements.replace_one({"_id": marker["_id"]}, marker, upsert=True)

    async def replaced_by(self, claim_id: str, tenant_id: str) -> str | None:
        marker = await self.replacements.find_one({"_id": replacement_key(tenant_id, claim_id)})
        return None if marker is None else str(marker["replaced_by"])

    async def of_patient(self, patient_id: str, tenant_id: str) -> list[KnownClaim]:
        # A scan on FerretDB (only _id is indexed for lookups): a person paying at the desk, not the pipeline.
        cursor = self.collection.find({"tenant_id": tenant_id, "patient_id": patient_id})
        return [known_claim_from_document(document) async for document in cursor]

    async def of_tenant(self, tenant_id: str) -> list[KnownClaim]:
        # One scan for a whole statement cycle (a batch a biller starts), never run by the pipeline.
        cursor = self.collection.find({"tenant_id": tenant_id})
        return [known_claim_from_document(document) async for document in cursor]

    async def get(self, claim_id: str, tenant_id: str) -> KnownClaim | None:
        document = await self.collection.find_one({"_id": claim_id})
        if document is None or document.get("tenant_id") != tenant_id:
            return None
        return known_claim_from_document(document)

    async def find_many(self, claim_ids: Iterable[str], tenant_id: str) -> dict[str, KnownClaim]:
        wanted = sorted(set(claim_ids))
        found: dict[str, KnownClaim] = {}
        if len(wanted) <= LOOKUPS_BY_ID_UP_TO:
            for claim_id in wanted:
                claim = await self.get(claim_id, tenant_id)
                if claim is not None:
                    found[claim_id] = claim
            return found
        for start in range(0, len(wanted), LOOKUP_BATCH):
            batch = wanted[start : start + LOOKUP_BATCH]
            async for document in self.collection.find({"_id": {"$in": batch}}):
                if document.get("tenant_id") == tenant_id:  # a claim id of another clinic is not ours
                    found[document["_id"]] = known_claim_from_document(document)
        return found
