"""Which claims a report covers: all of a tenant's, or those of one payer, one rendering provider or a span of
dates of service (kpi-definitions.md: A/R and denials are reported per payer, provider and period)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rcm_analytics.domain.event_log import EventLog

CLAIM_OPENERS = ("ClaimSubmitted", "ClaimHeld", "SelfPayClaimBilled")
"""The events that bring a claim into being, with its payer (none for self-pay) and date of service."""


@dataclass(frozen=True)
class ReportScope:
    payer_id: str | None = None
    rendering_provider_npi: str | None = None
    """Known from the submitted claim: a claim held before it went out has none and is outside a provider's scope."""
    served_from: date | None = None
    served_to: date | None = None

    @property
    def narrows(self) -> bool:
        return any((self.payer_id, self.rendering_provider_npi, self.served_from, self.served_to))

    def covers(self, opener: Any) -> bool:
        if self.payer_id and getattr(opener, "payer_id", None) != self.payer_id:
            return False
        if self.rendering_provider_npi and getattr(opener, "rendering_provider_npi", None) != (
            self.rendering_provider_npi
        ):
            return False
        if self.served_from and opener.date_of_service < self.served_from:
            return False
        return not (self.served_to and opener.date_of_service > self.served_to)


def within(log: EventLog, scope: ReportScope) -> EventLog:
    """The events of the claims in scope, and of those claims' encounters (registration, coding).

    An encounter that never became a claim has no payer, provider of record or claim to age: a narrowed scope
    leaves it out (the tenant's whole report counts it).
    """
    if not scope.narrows:
        return log
    claims: set[str] = set()
    encounters: set[str] = set()
    for event_type in CLAIM_OPENERS:
        for message in log.of(event_type):
            if scope.covers(message.payload):
                claims.add(message.payload.claim_id)  # type: ignore[attr-defined]
                encounters.add(message.payload.encounter_id)  # type: ignore[attr-defined]
    narrowed = EventLog()
    for event_type, messages in log.by_type.items():
        for message in messages:
            claim_id = getattr(message.payload, "claim_id", None)
            encounter_id = getattr(message.payload, "encounter_id", None)
            if (claim_id in claims) if claim_id is not None else (encounter_id in encounters):
                narrowed.by_type[event_type].append(message)
    return narrowed


def months_of_service(log: EventLog) -> list[str]:
    """The months (YYYY-MM) in which the log's claims were served, in order."""
    return sorted(
        {
            message.payload.date_of_service.strftime("%Y-%m")  # type: ignore[attr-defined]
            for event_type in CLAIM_OPENERS
            for message in log.of(event_type)
        }
    )
