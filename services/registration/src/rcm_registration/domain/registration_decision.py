"""What a registration use case decided for one encounter: the new state and which outcome event it means."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rcm_registration.domain.encounter import Encounter, RegistrationProblem

RegistrationOutcome = Literal["registered", "incomplete", "coverage_corrected", "unchanged"]
"""registered -> EncounterRegistered, incomplete -> RegistrationIncomplete + a work item, coverage_corrected ->
EncounterCoverageCorrected (a registered encounter's new coverage), unchanged -> nothing."""


@dataclass(frozen=True, slots=True)
class RegistrationDecision:
    encounter: Encounter
    outcome: RegistrationOutcome
    problems: tuple[RegistrationProblem, ...] = ()
    reason: str = ""
    """Why nothing changed, for an "unchanged" decision (for logs; never contains PHI)."""
    correction_id: str = ""
    """For coverage_corrected: the command that corrected it (the event's correction_id)."""
    corrected_by: str = ""
    """For coverage_corrected: who corrected it (the command's requested_by)."""
