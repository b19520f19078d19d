"""Changes a service makes by itself, found in what its aggregates publish: each audited event is one record.

An aggregate's outbox is the one place every decided change passes through, whether a person's command or an
upstream event caused it, so recording there covers automatic releases and corrections as well as commands.
Only facts that change money or the clinical record are audited (the rest are routing and status); the
person behind a command is in the HTTP record of that command, and `cause` links the two.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from rcm_schemas import TOPICS

from rcm_platform.audit.trail import AuditLog, AuditRecord, service_actor
from rcm_platform.ports import OutgoingRecord

AUDITED_CHANGES: dict[str, str] = {
    "EncounterRegistered": "register encounter",
    "EncounterCoded": "code encounter",
    "ClaimSubmitted": "release claim",
    "CorrectionRequested": "request correction",
    "AppealFiled": "file appeal",
    "DenialWrittenOff": "write off denial",
}
"""Event type -> the action an auditor reads. Postings are recorded by the remittance service itself."""

_KEY_NAMES = {event_type: topic.partition_key for topic in TOPICS for event_type in topic.event_types}


def change_records(service: str, outgoing: Sequence[OutgoingRecord]) -> list[AuditRecord]:
    """Keyed by the event id, so an outbox flushed again after a crash records nothing twice."""
    records = []
    for record in outgoing:
        event_type = record.headers.get("event_type", "")
        action = AUDITED_CHANGES.get(event_type)
        if action is None:
            continue
        cause = record.headers.get("causation_id") or None
        occurred = record.headers.get("occurred_at")
        records.append(
            AuditRecord(
                audit_id=record.event_id,
                at=datetime.fromisoformat(occurred) if occurred else datetime.now(UTC),
                actor=service_actor(service),
                role="system",
                action=action,
                why=f"{event_type} decided on event {cause}" if cause else f"{event_type} on request",
                outcome="applied",
                source="event",
                target={_KEY_NAMES.get(event_type, "key"): record.key},
                cause=cause,
            )
        )
    return records


async def record_changes(trail: AuditLog, service: str, outgoing: Sequence[OutgoingRecord]) -> None:
    """Each record in its tenant's chain (the envelope's tenant, mirrored in the headers)."""
    by_tenant: dict[str, list[OutgoingRecord]] = {}
    for record in outgoing:
        by_tenant.setdefault(record.headers.get("tenant_id", ""), []).append(record)
    for tenant_id, records in by_tenant.items():
        changes = change_records(service, records)
        if changes:
            await trail.record(tenant_id, changes)
