"""The claim aggregate's state as stored in Mongo: the record plus flat fields the list queries filter on.

Money is stored as integer cents (the house rule: FerretDB has no Decimal128 and strings do not sum), so the
line charges are converted on the way in and out. The flat fields duplicate what the record holds because
FerretDB only indexes `_id` lookups well and nested tuples are awkward to filter; they are always derived
from the record here, never written on their own.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rcm_platform.ports import State
from rcm_schemas import from_cents, to_cents

from rcm_claims.domain.claim_record import ClaimRecord


def _lines_to_cents(record: dict[str, Any]) -> None:
    for line in record["claim"]["lines"]:
        line["charge_cents"] = to_cents(Decimal(line.pop("charge")))
    paid = record["claim"].pop("patient_paid", None)
    record["claim"]["patient_paid_cents"] = None if paid is None else to_cents(Decimal(paid))
    for prior in record["claim"].get("prior_adjudications", ()):
        _amounts_to_cents(prior, "paid", "patient_responsibility")
        for adjustment in prior["claim_adjustments"]:
            _amounts_to_cents(adjustment, "amount")
        for line in prior["lines"]:
            _amounts_to_cents(line, "paid")
            for adjustment in line["adjustments"]:
                _amounts_to_cents(adjustment, "amount")


def _amounts_to_cents(part: dict[str, Any], *names: str) -> None:
    for name in names:
        part[f"{name}_cents"] = to_cents(Decimal(part.pop(name)))


def _amounts_from_cents(part: dict[str, Any], *names: str) -> None:
    for name in names:
        part[name] = str(from_cents(int(part.pop(f"{name}_cents"))))


def _lines_from_cents(record: dict[str, Any]) -> None:
    for line in record["claim"]["lines"]:
        line["charge"] = str(from_cents(int(line.pop("charge_cents"))))
    paid_cents = record["claim"].pop("patient_paid_cents", None)  # absent in documents stored before AMT*F5
    record["claim"]["patient_paid"] = None if paid_cents is None else str(from_cents(int(paid_cents)))
    # Absent in documents stored before coordination of benefits.
    record["claim"]["prior_adjudications"] = [
        dict(prior) for prior in record["claim"].get("prior_adjudications", ())
    ]
    for prior in record["claim"]["prior_adjudications"]:
        _amounts_from_cents(prior, "paid", "patient_responsibility")
        prior["claim_adjustments"] = [dict(a) for a in prior["claim_adjustments"]]
        prior["lines"] = [dict(line) for line in prior["lines"]]
        for adjustment in prior["claim_adjustments"]:
            _amounts_from_cents(adjustment, "amount")
        for line in prior["lines"]:
            _amounts_from_cents(line, "paid")
            line["adjustments"] = [dict(a) for a in line["adjustments"]]
            for adjustment in line["adjustments"]:
                _amounts_from_cents(adjustment, "amount")


def record_to_state(record: ClaimRecord) -> State:
    claim = record.claim
    body = record.model_dump(mode="json")
    _lines_to_cents(body)
    item = record.work_item
    return {
        "claim_id": claim.claim_id,
        "tenant_id": claim.tenant_id,
        "encounter_id": claim.encounter_id,
        "status": str(record.status),
        "payer_id": claim.coverage.payer_id,
        "date_of_service": claim.first_date_of_service.isoformat(),
        "total_charge_cents": to_cents(claim.total_charge),
        "frequency_code": claim.frequency_code,
        "original_claim_id": claim.original_claim_id,
        "replaced_by_claim_id": record.replaced_by_claim_id,
        "work_item_id": item.work_item_id if item is not None else None,
        "work_item_status": item.status if item is not None else None,
        "rule_ids": sorted({finding.rule_id for finding in record.findings}),
        "record": body,
    }


def record_from_state(state: State) -> ClaimRecord:
    body = dict(state["record"])
    body["claim"] = dict(body["claim"])
    body["claim"]["lines"] = [dict(line) for line in body["claim"]["lines"]]
    _lines_from_cents(body)
    return ClaimRecord.model_validate(body)
