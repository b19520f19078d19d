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

CONTRACTUAL_CARCS = frozenset({"45", "253"})
"""CO adjustments that are the contract, not a denial: 45 (charge exceeds the fee schedule or maximum allowable)
and 253 (sequestration). They leave A/R when posted. Every other CO, OA or PI amount is a denial: it stays in A/R,
marked denied, until it is paid, written off or reversed (denials works it; remittance books it)."""
