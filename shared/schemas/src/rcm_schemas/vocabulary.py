"""Words every service shares, defined once: the events carry them and the services' domains use them."""

from __future__ import annotations

from typing import Literal

Sex = Literal["F", "M", "U"]
"""Administrative sex as X12 DMG03 carries it."""

TelehealthMode = Literal["audio_video", "audio_only"]

Severity = Literal["error", "warning", "info"]
"""Of a finding: an error stops the claim (or asks a person), a warning is shown, info is only recorded."""

RootCause = Literal[
    "eligibility_registration",
    "coding",
    "bundling",
    "authorization",
    "medical_necessity",
    "timely_filing",
    "duplicate",
    "coordination_of_benefits",
    "patient_responsibility",
    "non_covered",
    "other",
]
"""Why a claim was denied, grouped from its CARC/RARC codes: what decides the queue and the fix."""
