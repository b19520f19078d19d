"""AdjudicatedClaim <-> the document kept for it until its payment date.

The release rebuilds the exact 835 claim loop the payer decided, even if the scenario settings change in
between, so the whole decision is kept as an opaque JSON snapshot (decimals as exact text, never floats).
The fields an operator or a query reads (paid, patient responsibility, status) sit beside it in cents.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter
from rcm_schemas import to_cents

from rcm_clearinghouse.domain.adjudication import AdjudicatedClaim

_CODEC: TypeAdapter[AdjudicatedClaim] = TypeAdapter(AdjudicatedClaim)


SNAPSHOT = "claim_snapshot"
"""A PHI name (rcm_schemas.phi): the snapshot quotes the claim's patient, so the kit seals it at rest."""


def snapshot_of(decided: AdjudicatedClaim) -> str:
    return _CODEC.dump_json(decided).decode()


def adjudication_from(snapshot: str) -> AdjudicatedClaim:
    return _CODEC.validate_json(snapshot)


def snapshot_in(entry: dict[str, Any]) -> str:
    """The snapshot of a stored entry (entries written before PHI was sealed keep the older key)."""
    return str(entry[SNAPSHOT] if SNAPSHOT in entry else entry["snapshot"])


def adjudication_entry(
    entry_id: str, decided: AdjudicatedClaim, *, duplicate: bool, replaces: str | None
) -> dict[str, Any]:
    """The per-claim document's record of one adjudication (the only copy: this consumer is its writer)."""
    remit = decided.remit
    carcs = sorted(
        {f"{a.group}-{a.reason}" for line in remit.lines for a in line.adjustments}
        | {f"{a.group}-{a.reason}" for a in remit.adjustments}
    )
    return {
        "entry_id": entry_id,
        "payer_id": decided.payer_id,
        "frequency_code": decided.claim.frequency_code,
        "received_on": decided.received_on.isoformat(),
        "payment_date": decided.payment_date.isoformat(),
        "claim_status": remit.status,
        "charge_cents": to_cents(remit.charge),
        "paid_cents": to_cents(remit.paid),
        "patient_responsibility_cents": to_cents(remit.patient_responsibility),
        "denial_causes": [cause.value for cause in decided.denial_causes],
        "adjustment_codes": carcs,
        "duplicate": duplicate,
        "replaces": replaces,
        SNAPSHOT: snapshot_of(decided),
    }
