"""The topic registry: every Kafka topic, which event types it carries, its key, partitions and retention.

Rules: each service publishes its outcome events to rcm.<owner>.events; HTTP requests that change an existing
aggregate become command events on rcm.<owner>.commands keyed by the aggregate id (one writer per aggregate);
every consuming service has a DLQ rcm.dlq.<service>. Keys are encounter_id until a claim exists, then claim_id.
Only the owner writes a topic; `consumers` names the services that read it; Kafka's ACLs are derived from both
(rcm_platform.kafka_acls).
"""

from __future__ import annotations

from dataclasses import dataclass

from rcm_schemas.errors import UnknownEventType

DEFAULT_PARTITIONS = 6
DAY_MS = 24 * 60 * 60 * 1000
EVENT_RETENTION_MS = 7 * DAY_MS
DLQ_RETENTION_MS = 30 * DAY_MS  # longer: a poisoned message must survive until someone fixes and replays it

CONSUMING_SERVICES: tuple[str, ...] = (
    "registration",
    "coding",
    "claims",
    "clearinghouse",
    "remittance",
    "denials",
    "analytics",
)

DLQ_KEY = "original_key"
"""DLQ messages keep the key of the message that failed, so a replay lands on the original partition order."""


@dataclass(frozen=True)
class Topic:
    name: str
    event_types: tuple[str, ...]
    partition_key: str
    """Payload field whose value is the message key (for a DLQ: the original message's key)."""
    partitions: int = DEFAULT_PARTITIONS
    retention_ms: int = EVENT_RETENTION_MS
    consumers: tuple[str, ...] = ()
    """The services that subscribe to it (checked against their code by tests/architecture)."""

    @property
    def owner(self) -> str:
        """The one service that writes it: rcm.<owner>.<kind>, or the service of a DLQ rcm.dlq.<service>."""
        parts = self.name.split(".")
        return parts[2] if parts[1] == "dlq" else parts[1]


TOPICS: tuple[Topic, ...] = (
    Topic(
        "rcm.registration.events",
        ("EncounterRegistered", "RegistrationIncomplete", "EncounterCoverageCorrected"),
        "encounter_id",
        consumers=("coding", "denials", "analytics"),
    ),
    Topic(
        "rcm.registration.commands",
        ("CorrectRegistration", "CorrectCoverage"),
        "encounter_id",
        consumers=("registration",),
    ),
    Topic(
        "rcm.coding.events",
        ("EncounterCoded", "CodingReviewRequired"),
        "encounter_id",
        consumers=("claims", "analytics"),
    ),
    Topic(
        "rcm.coding.commands",
        ("AssignCodingReview", "CompleteCodingReview"),
        "encounter_id",
        consumers=("coding",),
    ),
    Topic(
        "rcm.claims.events",
        ("ClaimSubmitted", "SelfPayClaimBilled", "ClaimHeld"),
        "claim_id",
        consumers=("clearinghouse", "remittance", "denials", "analytics"),
    ),
    Topic(
        "rcm.claims.commands",
        ("UpdateHeldClaim", "ReleaseHeldClaim", "SetHeldClaimDetails"),
        "claim_id",
        consumers=("claims",),
    ),
    Topic(
        "rcm.clearinghouse.events",
        (
            "ClaimAcknowledged",
            "ClaimRejected",
            "ClaimStatusInquired",
            "ClaimStatusReported",
            "ClaimStatusEscalated",
        ),
        "claim_id",
        consumers=("claims", "denials", "analytics"),
    ),
    # One 835 file pays many claims, so it is keyed by its TRN02 trace number; remittance splits it per claim.
    Topic(
        "rcm.clearinghouse.remittances",
        ("RemittanceReceived",),
        "trace_number",
        consumers=("remittance", "analytics"),
    ),
    Topic(
        "rcm.remittance.events",
        (
            "PaymentPosted",
            "ClaimPaid",
            "ClaimPartiallyPaid",
            "ClaimDenied",
            "ClaimReversed",
            "ClaimAccountPosted",
            "PaymentTakenBack",
            "UnderpaymentFound",
        ),
        "claim_id",
        consumers=("claims", "denials", "analytics"),
    ),
    # Keyed like RemittanceReceived: the unmatched lines belong to the remittance that brought them.
    Topic("rcm.remittance.commands", ("MatchRemittanceLine",), "trace_number", consumers=("remittance",)),
    Topic(
        "rcm.denials.events",
        ("DenialRouted", "CorrectionRequested", "AppealFiled", "DenialWrittenOff", "DenialReclassified"),
        "claim_id",
        # remittance books DenialWrittenOff and DenialReclassified in the claim's account; the payer simulator
        # answers an appeal of an underpayment (AppealFiled); analytics stores every fact for the reports
        consumers=("claims", "remittance", "clearinghouse", "analytics"),
    ),
    # A denial case is one per claim, so its commands share the claim's key and order.
    Topic(
        "rcm.denials.commands",
        (
            "AssignWorkItem",
            "ResolveDenial",
            "FileAppeal",
            "WriteOffDenial",
            "SettleCorrectedDenial",
            "ReclassifyDenial",
        ),
        "claim_id",
        consumers=("denials",),
    ),
)

_BY_EVENT_TYPE: dict[str, Topic] = {event_type: topic for topic in TOPICS for event_type in topic.event_types}


def topic_for(event_type: str) -> Topic:
    """The one topic an event type is published to."""
    try:
        return _BY_EVENT_TYPE[event_type]
    except KeyError:
        raise UnknownEventType(f"no topic carries event type {event_type!r}") from None


def dlq_topic(service: str) -> Topic:
    """The dead-letter topic of a consuming service; it carries any event type, as it failed."""
    if service not in CONSUMING_SERVICES:
        raise ValueError(f"{service!r} is not a consuming service: {', '.join(CONSUMING_SERVICES)}")
    return Topic(f"rcm.dlq.{service}", (), DLQ_KEY, DEFAULT_PARTITIONS, DLQ_RETENTION_MS)


def all_topics() -> tuple[Topic, ...]:
    """Every topic to create: the event and command topics, then one DLQ per consuming service."""
    return TOPICS + tuple(dlq_topic(service) for service in CONSUMING_SERVICES)
