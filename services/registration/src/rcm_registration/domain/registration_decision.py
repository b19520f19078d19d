"""What a registration use case decided for one encounter: the new state and which outcome event it means."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rcm_registration.domain.encounter import Encounter, RegistrationProblem

RegistrationOutcome = Literal["registered", "incomplete", "unchanged"]
"""registered -> EncounterRegistered, incomplete -> RegistrationIncomplete + a work item, unchanged -> nothing."""


@dataclass(frozen=True, slots=True)
class RegistrationDecision:
    encounter: Encounter
    outcome: RegistrationOutcome
    problems: tuple[RegistrationProblem, ...] = ()
    reason: str = ""
    """Why nothing changed, for an "unchanged" decision (for logs; never contains PHI)."""
