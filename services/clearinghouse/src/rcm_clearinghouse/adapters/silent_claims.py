"""The claims that have heard nothing, read from the payment calendar, and the follow-up's writes to their
submission documents through the kit's aggregate store (state, marker and outbox in one write).

A silent claim's latest adjudication still has its payment-calendar pointer in the future: no 835 yet. The
write's idempotency marker is the claim and the simulated day (a sweep has no incoming message): a synthetic
cause whose id derives from both, so a second sweep of the same day is a duplicate and only re-publishes.
"""

from __future__ import annotations

from datetime import UTC, date, timedelta
from uuid import UUID, uuid5

from pymongo.asynchronous.database import AsyncDatabase
from rcm_codesets import payer_directory
from rcm_platform.ports import Aggregates, Outcome
from rcm_schemas import Envelope, Event, EventMessage

from rcm_clearinghouse.adapters.payment_calendar import CALENDAR, PaymentCalendar
from rcm_clearinghouse.domain.simulated_clock import SimulatedClock
from rcm_clearinghouse.service.adjudication_record import adjudication_from, snapshot_in
from rcm_clearinghouse.service.claim_status_follow_up import Decide, SilentClaim
from rcm_clearinghouse.service.ports import Document

FOLLOW_UP_IDS = UUID("6c0f1d2e-5b7a-4c3e-9f21-276277000000")


def day_cause(claim: SilentClaim, day: date, producer: str) -> EventMessage:
    """The marker of one claim's follow-up on one simulated day (never published itself)."""
    event_id = uuid5(FOLLOW_UP_IDS, f"{claim.claim_id}|{day.isoformat()}")
    envelope = Envelope(
        event_id=event_id,
        event_type="ClaimStatusFollowUpDue",
        schema_version=1,
        occurred_at=SimulatedClock(day).now().replace(tzinfo=UTC),
        producer=producer,
        tenant_id=claim.tenant_id,
        correlation_id=event_id,
        partition_key=claim.claim_id,
    )
    return EventMessage(envelope=envelope, payload=Event())


# No payer asks sooner than this (payers.json): a claim received more recently is not read at all.
EARLIEST_INQUIRY_DAYS = min(p.status_inquiry_after_days for p in payer_directory().payers)


def could_be_due(pointer: Document, day: date) -> bool:
    """A pointer without its receipt day (scheduled before it was kept) is read to find out."""
    received = pointer.get("received_on")
    return received is None or (day - date.fromisoformat(received)).days >= EARLIEST_INQUIRY_DAYS


def silent_claims_of(scheduled: dict[str, str], documents: dict[str, Document]) -> list[SilentClaim]:
    """The claims whose latest adjudication entry is among the scheduled ones (entry id -> claim id)."""
    silent = []
    for claim_id, doc in sorted(documents.items()):
        entries = doc["state"].get("adjudications", [])
        latest = entries[-1] if entries else None
        if latest is None or latest["entry_id"] not in scheduled:
            continue  # its latest adjudication was paid, or a newer submission replaced it
        decided = adjudication_from(snapshot_in(latest))
        silent.append(SilentClaim(claim_id, doc["tenant_id"], latest["entry_id"], decided))
    return silent


class SilentClaimDocuments:
    def __init__(self, db: AsyncDatabase[Document], submissions: Aggregates, producer: str) -> None:
        self.db, self.submissions, self.producer = db, submissions, producer

    async def awaiting_payment_after(self, day: date) -> list[SilentClaim]:
        # Calendar _ids start with the ISO payment date, so "after day" is one range scan on _id.
        cursor = self.db[CALENDAR].find({"_id": {"$gte": (day + timedelta(days=1)).isoformat()}})
        pointers = [pointer async for pointer in cursor]
        scheduled = {p["entry_id"]: p["claim_id"] for p in pointers if could_be_due(p, day)}
        documents = await PaymentCalendar(self.db).claim_documents(sorted(set(scheduled.values())))
        return silent_claims_of(scheduled, documents)

    async def record(self, claim: SilentClaim, day: date, decide: Decide) -> bool:
        outcome = await self.submissions.handle(claim.claim_id, day_cause(claim, day, self.producer), decide)
        return outcome is Outcome.APPLIED
