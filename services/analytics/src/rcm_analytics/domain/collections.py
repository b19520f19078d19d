"""Collections by payer: what each payer paid (835 postings, interest apart) and what patients paid."""

from __future__ import annotations

from decimal import Decimal

from rcm_analytics.domain.event_log import EventLog

ZERO = Decimal("0.00")
PATIENTS = "patients"


def collections_by_payer(log: EventLog) -> dict[str, Decimal]:
    paid: dict[str, Decimal] = {}
    seen: set[str] = set()
    for message in log.of("PaymentPosted"):
        if str(message.envelope.event_id) in seen:
            continue
        seen.add(str(message.envelope.event_id))
        posted = message.payload
        payer = posted.payer_id  # type: ignore[attr-defined]
        paid[payer] = paid.get(payer, ZERO) + posted.paid_amount  # type: ignore[attr-defined]
    for message in log.of("ClaimAccountPosted"):
        entry = message.payload
        if entry.entry_kind == "patient_payment":  # type: ignore[attr-defined]
            paid[PATIENTS] = paid.get(PATIENTS, ZERO) + entry.amount  # type: ignore[attr-defined]
    return dict(sorted(paid.items()))
