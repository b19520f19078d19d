"""One realistic, synthetic sample of every registered event class and version (no real person's data).

Used to write the golden files, and handy in other packages' tests. Pure: builds objects, writes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid5

from rcm_schemas.envelope import Event, EventMessage, new_message
from rcm_schemas.registry import all_event_classes
from rcm_schemas.samples.back import back_samples
from rcm_schemas.samples.claim_status import claim_status_samples
from rcm_schemas.samples.front import front_samples
from rcm_schemas.samples.parts import TENANT


def sample_events() -> list[Event]:
    """One instance per registered class (all versions), in registry order."""
    samples = front_samples() + back_samples() + claim_status_samples()
    order = {cls: index for index, cls in enumerate(all_event_classes())}
    return sorted(samples, key=lambda event: order[type(event)])


# The classes whose golden files were written with sequential ids (1, 2, ... in this order). A class added
# later gets an id derived from its name, so adding one never changes an earlier golden file.
NUMBERED_GOLDEN = (
    "AppealFiled.v1", "AssignCodingReview.v1", "AssignWorkItem.v1", "ClaimAcknowledged.v1", "ClaimDenied.v1",
    "ClaimDenied.v2", "ClaimHeld.v1", "ClaimPaid.v1", "ClaimPartiallyPaid.v1", "ClaimRejected.v1",
    "ClaimReversed.v1", "ClaimSubmitted.v1", "CodingReviewRequired.v1", "CompleteCodingReview.v1",
    "CorrectRegistration.v1", "CorrectionRequested.v1", "DenialRouted.v1", "DenialWrittenOff.v1",
    "EncounterCoded.v1", "EncounterRegistered.v1", "FileAppeal.v1", "MatchRemittanceLine.v1", "PaymentPosted.v1",
    "RegistrationIncomplete.v1", "ReleaseHeldClaim.v1", "RemittanceReceived.v1", "ResolveDenial.v1",
    "UpdateHeldClaim.v1", "WriteOffDenial.v1",
)  # fmt: skip
LATER_GOLDEN_IDS = UUID("0b6f3c1a-8e2d-4f5b-9a7c-3d1e2f4a5b6c")


def sample_event_id(event: Event) -> UUID:
    name = f"{event.EVENT_TYPE}.v{event.SCHEMA_VERSION}"
    if name in NUMBERED_GOLDEN:
        return UUID(int=NUMBERED_GOLDEN.index(name) + 1)
    return uuid5(LATER_GOLDEN_IDS, name)


def sample_messages() -> list[EventMessage]:
    """The samples in envelopes with fixed ids and times, so regenerated golden files are byte-stable."""
    return [
        new_message(
            event,
            producer="samples",
            tenant_id=TENANT,
            event_id=sample_event_id(event),
            correlation_id=UUID(int=1000),
            occurred_at=datetime(2025, 3, 12, 9, 0, tzinfo=UTC),
        )
        for event in sample_events()
    ]
