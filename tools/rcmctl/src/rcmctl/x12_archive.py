"""Every X12 file a run exchanged, kept for audit and debugging, named by type and control number."""

from __future__ import annotations

from pathlib import Path

from rcm_analytics.domain.event_log import EventLog


def archive_x12(events: EventLog, folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for message in events.of("ClaimSubmitted"):
        claim = message.payload
        # A claim to a later payer (coordination of benefits) says so in its name: 837P-secondary-...
        order = getattr(claim, "coverage_order", "primary")
        kind = "837P" if order == "primary" else f"837P-{order}"
        name = f"{kind}-{claim.interchange_control_number}-{claim.claim_id}.x12"  # type: ignore[attr-defined]
        (folder / name).write_text(claim.x12_837p)  # type: ignore[attr-defined]
        written += 1
    for message in events.of("RemittanceReceived"):
        remittance = message.payload
        (folder / f"835-{remittance.trace_number}.x12").write_text(remittance.x12_835)  # type: ignore[attr-defined]
        written += 1
    # Claim status inquiries (276) and the payers' answers (277), one interchange per claim and day.
    for event_type, kind, text_field in (
        ("ClaimStatusInquired", "276", "x12_276"),
        ("ClaimStatusReported", "277", "x12_277"),
    ):
        for message in events.of(event_type):
            status = message.payload
            control = status.interchange_control_number  # type: ignore[attr-defined]
            name = f"{kind}-{control}-{status.claim_id}.x12"  # type: ignore[attr-defined]
            (folder / name).write_text(getattr(status, text_field))
            written += 1
    return written
