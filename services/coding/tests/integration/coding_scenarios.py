"""Encounters the coding tests register: the rcm_schemas sample EncounterRegistered, adjusted per scenario.

Every name, birth date and member id used is registered with the PHI guard, so a log line carrying one
fails the run.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rcm_platform.testing.phi_guard import remember_phi
from rcm_schemas import encode, new_message
from rcm_schemas.events.claim_details import EncounterLine
from rcm_schemas.events.registration import EncounterRegistered
from rcm_schemas.samples import sample_events

TENANT = "clinic-sunrise"
HYPERTENSION_NOTE = (
    "CC: follow up blood pressure.\nHPI: 58 year old male, home readings 150s/90s.\n"
    "Assessment: essential hypertension, not at goal.\n"
    "Plan: increase lisinopril. Established patient visit. Total time 25 minutes."
)


def sample_registration() -> EncounterRegistered:
    return next(e for e in sample_events() if isinstance(e, EncounterRegistered))


def office_visit(
    encounter_id: str,
    *,
    diagnoses: tuple[str, ...] = ("I10",),
    procedure: str = "99213",
    date_of_service: date = date(2025, 3, 10),
    payer_id: str = "CCPPO",
    pointers: tuple[int, ...] = (1,),
    **fact_changes: Any,
) -> EncounterRegistered:
    """An in-person (POS 11) established-patient visit for hypertension, unless changed."""
    sample = sample_registration()
    facts = sample.facts.model_copy(
        update={
            "coverage": sample.facts.coverage.model_copy(update={"payer_id": payer_id}),
            "date_of_service": date_of_service,
            "place_of_service": "11",
            "telehealth": False,
            "telehealth_mode": None,
            "patient_location": None,
            **fact_changes,
        }
    )
    remember_phi(
        facts.patient.first_name,
        facts.patient.last_name,
        facts.patient.birth_date.isoformat(),
        facts.coverage.member_id,
        *(c.member_id for c in facts.other_coverages),
    )
    return sample.model_copy(
        update={
            "encounter_id": encounter_id,
            "facts": facts,
            "selected_diagnoses": diagnoses,
            "selected_lines": (
                EncounterLine(line_number=1, procedure_code=procedure, diagnosis_pointers=pointers),
            ),
            "note_text": HYPERTENSION_NOTE,
        }
    )


def home_video_visit(encounter_id: str, *, place_of_service: str = "02") -> EncounterRegistered:
    """A Medicare video visit with the patient at home: the right place of service is 10."""
    return office_visit(
        encounter_id,
        payer_id="MCR01",
        place_of_service=place_of_service,
        telehealth=True,
        telehealth_mode="audio_video",
        patient_location="home",
    )


def wire(event: EncounterRegistered) -> bytes:
    return encode(new_message(event, producer="registration", tenant_id=TENANT))
