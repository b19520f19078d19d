"""A labelled synthetic note set, generated deterministically (seeded) from the condition templates.

Each note gets an expected primary diagnosis and an expected procedure (office visit level by time and visit
type, or psychotherapy by minutes). About a third of notes mention an unrelated problem in the past history,
so the assistant must prefer the assessment over the history.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from rcm_coding.assist.note_conditions import CONDITIONS, ConditionTemplate

DEFAULT_SEED = 20250310
DEFAULT_SIZE = 240

_AGES = (8, 19, 27, 34, 45, 52, 61, 68, 74, 83)
_PMH_EXTRAS = ("hypothyroidism", "hyperlipidemia", "asthma", "GERD", "allergic rhinitis", "obesity")
_PLANS = (
    "Continue current medication and recheck in 3 months.",
    "Discussed diagnosis and treatment options; patient agrees with plan.",
    "Supportive care, return precautions reviewed.",
    "Start treatment as discussed; follow up if not improving.",
)
# Office visit minutes and the code each lands on (CPT 2024 thresholds), per visit type.
_NEW_VISITS = ((20, "99202"), (35, "99203"), (50, "99204"), (65, "99205"))
_ESTABLISHED_VISITS = ((15, "99212"), (25, "99213"), (32, "99214"), (45, "99215"))
_PSYCHOTHERAPY = ((30, "90832"), (45, "90834"), (60, "90837"))


@dataclass(frozen=True, slots=True)
class LabelledNote:
    note_id: str
    text: str
    expected_diagnosis: str
    expected_procedure: str


def _visit_paragraph(rng: random.Random, condition: ConditionTemplate) -> tuple[str, str]:
    if condition.behavioral and rng.random() < 0.6:
        minutes, code = rng.choice(_PSYCHOTHERAPY)
        modality = rng.choice(
            ("Individual psychotherapy", "Psychotherapy session", "CBT-based psychotherapy")
        )
        return f"{modality}, {minutes} minutes with patient.", code
    is_new = rng.random() < 0.35
    minutes, code = rng.choice(_NEW_VISITS if is_new else _ESTABLISHED_VISITS)
    kind = (
        rng.choice(("New patient visit", "New patient establishing care"))
        if is_new
        else rng.choice(
            (
                "Established patient follow-up",
                "Established patient visit",
                "Return visit, established patient",
            )
        )
    )
    setting = rng.choice(("", "", " via telehealth video", ""))
    return f"{kind}{setting}. Total time {minutes} minutes on the date of service.", code


def _note(rng: random.Random, index: int, condition: ConditionTemplate) -> LabelledNote:
    age = rng.choice(_AGES)
    sex = rng.choice(("female", "male"))
    visit, procedure = _visit_paragraph(rng, condition)
    pieces = [
        f"CC: {rng.choice(condition.complaints)}.",
        f"HPI: {age} year old {sex}. {rng.choice(condition.complaints).capitalize()}.",
        "Denies fever or chest pain.",
    ]
    if rng.random() < 0.35:
        pieces.append(f"PMH: {rng.choice(_PMH_EXTRAS)}.")
    pieces.append(f"Assessment: {rng.choice(condition.assessments)}.")
    pieces.append(f"Plan: {rng.choice(_PLANS)} {visit}")
    return LabelledNote(f"syn-{index:04d}", "\n".join(pieces), condition.code, procedure)


def generate_labelled_notes(size: int = DEFAULT_SIZE, seed: int = DEFAULT_SEED) -> list[LabelledNote]:
    """Same seed, same notes: conditions rotate so each gets an equal share, phrasing is drawn at random."""
    rng = random.Random(seed)
    return [_note(rng, index, CONDITIONS[index % len(CONDITIONS)]) for index in range(size)]
