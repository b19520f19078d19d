"""Planned encounters of one clinic: payer, visit codes, telehealth, note, and any injected defect. Seeded."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from rcm_coding.assist.synthetic_notes import LabelledNote, generate_labelled_notes

from rcmctl.workload.profiles import (
    DUAL_ELIGIBLE_SHARE,
    MEDICAID,
    MEDICARE,
    MEDICARE_SECONDARY_SHARE,
    MEDICARE_SUPPLEMENT,
    SELF_PAY,
    ClinicProfile,
    DefectRates,
)


@dataclass(frozen=True)
class PlannedLine:
    procedure_code: str
    modifiers: tuple[str, ...] = ()
    units: int = 1
    diagnosis_pointers: tuple[int, ...] = (1,)


@dataclass(frozen=True)
class PlannedEncounter:
    clinic_key: str
    index: int
    payer_id: str
    patient_index: int
    provider_index: int
    date_of_service: date
    place_of_service: str
    telehealth: bool
    telehealth_mode: str | None
    patient_location: str | None
    note_text: str
    diagnoses: tuple[str, ...]
    lines: tuple[PlannedLine, ...]
    defect: str | None = None  # registration | coding | bundling
    tags: tuple[str, ...] = field(default=())
    secondary_payer_id: str | None = None
    """A second coverage, billed after the primary's 835 (coordination of benefits)."""


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def plan_encounters(
    profile: ClinicProfile,
    count: int,
    *,
    seed: int,
    today: date,
    defects: DefectRates = DefectRates(),
    patients: int | None = None,
) -> list[PlannedEncounter]:
    rng = random.Random(f"{seed}:{profile.key}")
    notes = generate_labelled_notes(size=max(240, count), seed=seed)
    pool = patients or max(1, count * 2 // 3)
    planned = []
    for index in range(count):
        note = notes[rng.randrange(len(notes))]
        planned.append(_with_second_coverage(_one(profile, index, note, rng, today, defects, pool), seed))
    return planned


def _with_second_coverage(planned: PlannedEncounter, seed: int) -> PlannedEncounter:
    """Most Medicare patients also carry a supplement. Drawn per patient from a random source of its own, so a
    patient keeps it on every visit and every other planned value stays what it was without it."""
    if planned.payer_id != MEDICARE or planned.defect == "registration":
        return planned
    draw = random.Random(f"{seed}:{planned.clinic_key}:second coverage:{planned.patient_index}").random()
    if draw >= MEDICARE_SECONDARY_SHARE:
        return planned
    second = MEDICAID if draw < DUAL_ELIGIBLE_SHARE else MEDICARE_SUPPLEMENT
    return replace(planned, secondary_payer_id=second)


def _one(
    profile: ClinicProfile,
    index: int,
    note: LabelledNote,
    rng: random.Random,
    today: date,
    defects: DefectRates,
    pool: int,
) -> PlannedEncounter:
    payer = _pick(rng, profile.payer_mix)
    new_patient = rng.random() < profile.new_patient_share
    em = _pick(rng, profile.new_em_mix if new_patient else profile.established_em_mix)
    diagnosis = note.expected_diagnosis.replace(".", "")
    lines = [PlannedLine(em)]
    diagnoses = [diagnosis]
    telehealth = rng.random() < profile.telehealth_share
    mode = location = None
    place = "11"
    if telehealth:
        mode = "audio_only" if rng.random() < (0.2 if payer == "MCR01" else 0.1) else "audio_video"
        location = "home" if rng.random() < 0.9 else "other"
        place = "10" if location == "home" else "02"
    elif rng.random() < profile.procedure_share:
        # A same-day joint injection: the E/M needs modifier 25 (§2b).
        lines = [PlannedLine(em, ("25",)), PlannedLine("20610", ("RT",), 1, (2,))]
        diagnoses.append("M1711")
    elif rng.random() < profile.lab_share:
        lines += [PlannedLine("36415"), PlannedLine("85025")]
    defect = _defect(rng, defects, telehealth, len(lines))
    if defect == "registration" and payer == SELF_PAY:
        defect = None  # the defect is a lapsed insurance card; a self-pay patient has none to lapse
    if defect == "coding":
        diagnoses[0] = diagnosis[:3]  # a category code, not billable: the coder queue catches it
    if defect == "bundling":
        # Biopsy and destruction at one site: an NCCI pair (indicator 1) billed without 59/XS, held by the scrubber.
        lines = [
            PlannedLine(em, ("25",)),
            PlannedLine("11102", (), 1, (2,)),
            PlannedLine("17110", (), 1, (2,)),
        ]
        diagnoses[1:] = ["L821"]
    return PlannedEncounter(
        clinic_key=profile.key,
        index=index,
        payer_id=payer,
        patient_index=rng.randrange(pool),
        provider_index=rng.randrange(profile.providers),
        date_of_service=today - timedelta(days=rng.randint(1, 20)),
        place_of_service=place,
        telehealth=telehealth,
        telehealth_mode=mode,
        patient_location=location,
        note_text=note.text,
        diagnoses=tuple(diagnoses),
        lines=tuple(lines),
        defect=defect,
    )


def _defect(rng: random.Random, defects: DefectRates, telehealth: bool, line_count: int) -> str | None:
    draw = rng.random()
    if draw < defects.registration:
        return "registration"
    if draw < defects.registration + defects.coding:
        return "coding"
    if draw < defects.registration + defects.coding + defects.bundling and not telehealth:
        return "bundling"
    return None
