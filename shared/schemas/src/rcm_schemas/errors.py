"""Why a message could not be turned into a typed event. The service kit routes all of these to the DLQ at
once.
"""

from __future__ import annotations


class ContractError(Exception):
    """A message that breaks the event contract; `.reason`: short PHI-free text for DLQ headers and logs."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class MalformedMessage(ContractError):
    """Not JSON, not an object with an envelope and a payload, or an envelope that does not validate."""


class UnknownEventType(ContractError):
    """The envelope names an event type no class is registered for."""


class UnsupportedSchemaVersion(ContractError):
    """The event type is known but this version is newer than ours, or no upcaster chain reaches ours."""
