"""One planned office visit for an e2e scenario: a hypertension follow-up at the family clinic, three days ago."""

from __future__ import annotations

from datetime import date, timedelta

from rcmctl.workload.encounters import PlannedEncounter, PlannedLine

HYPERTENSION_NOTE = (
    "Established patient seen for hypertension follow-up. Blood pressure 150/95. Essential hypertension."
)


def office_visit(
    payer_id: str, code: str = "99214", *, secondary_payer_id: str | None = None
) -> PlannedEncounter:
    return PlannedEncounter(
        clinic_key="family",
        index=0,
        payer_id=payer_id,
        secondary_payer_id=secondary_payer_id,
        patient_index=0,
        provider_index=0,
        date_of_service=date.today() - timedelta(days=3),
        place_of_service="11",
        telehealth=False,
        telehealth_mode=None,
        patient_location=None,
        note_text=HYPERTENSION_NOTE,
        diagnoses=("I10",),
        lines=(PlannedLine(code),),
    )
