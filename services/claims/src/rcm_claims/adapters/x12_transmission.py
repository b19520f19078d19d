"""The 837P envelope (ISA/GS parties, loops 1000A/1000B) from the service's settings."""

from __future__ import annotations

from datetime import UTC, datetime

import rcm_x12

from rcm_claims.service.ports import TransmissionFor
from rcm_claims.settings import ClaimsSettings


def transmission_factory(settings: ClaimsSettings) -> TransmissionFor:
    parties = rcm_x12.EnvelopeParties(
        sender_id=settings.x12_sender_id,
        receiver_id=settings.x12_receiver_id,
        usage_indicator=settings.x12_usage_indicator,
    )
    submitter = rcm_x12.Submitter(
        settings.submitter_name,
        settings.submitter_id,
        settings.submitter_contact_name,
        settings.submitter_contact_phone,
    )
    receiver = rcm_x12.Receiver(settings.receiver_name, settings.receiver_id)

    def transmission_for(at: datetime) -> rcm_x12.ClaimTransmission:
        # ISA09/GS04 are written in UTC from the cause's time, so a retried submission writes the same file.
        created = at.astimezone(UTC).replace(tzinfo=None)
        return rcm_x12.ClaimTransmission(
            parties=parties, submitter=submitter, receiver=receiver, created=created
        )

    return transmission_for
