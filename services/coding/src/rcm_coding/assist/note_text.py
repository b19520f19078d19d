"""Turn note text and code descriptions into comparable terms.

The same normaliser runs on both sides, so a crude stemmer is enough: it only has to be consistent.
"""

from __future__ import annotations

import re
from collections import defaultdict

from rcm_coding.assist.clinical_synonyms import expand_clinical_terms

_WORD = re.compile(r"[a-z0-9]+")

# Words in descriptions that a note never states: the code-set's way of saying "nothing more specific".
DESCRIPTION_FILLER = frozenset(
    (  # noqa: SIM905 - a long word list reads better as text
        "unspecified other specified of and the in with to or by as due elsewhere classified nos site "
        "uncomplicated primary essential unknown"
    ).split()
)

# Words frequent in notes that carry no diagnostic meaning.
NOTE_STOPWORDS = frozenset(
    (  # noqa: SIM905 - a long word list reads better as text
        "a an the and or of to in on at for with is are was were be been has have had this that patient "
        "pt presents presenting reports reported here today visit follow up f u year years yo old female "
        "male man woman his her he she they their also since over about per x plan assessment hpi cc ros "
        "exam chief complaint history started noted states stated will continue return weeks week days "
        "day months month time minutes min recheck well good doing vitals bp hr temp mg daily bid prn "
        "new established medication medications refill discussed counseled advised normal stable"
    ).split()
)

_NEGATION = re.compile(r"\b(no|denies|denied|negative for|without|rules? out|ruled out|not)\b[^.;:\n]*")

# Section headers and how much their words count: the assessment names the diagnosis, the past history only
# mentions old problems.
_SECTION = re.compile(
    r"(?i)\b(assessment(?: and plan)?|impression|diagnos[ie]s|a/p|pmh|past medical history|hpi|cc|"
    r"chief complaint|plan|ros|exam)\s*:"
)
_SECTION_WEIGHT = {
    "assessment": 3.0,
    "assessment and plan": 3.0,
    "impression": 3.0,
    "diagnosis": 3.0,
    "diagnoses": 3.0,
    "a/p": 3.0,
    "pmh": 0.3,
    "past medical history": 0.3,
    "plan": 0.5,
}


def stem(word: str) -> str:
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "is", "us")):
        return word[:-1]
    return word


def description_terms(description: str) -> set[str]:
    """Terms a description asserts: filler words and negated clauses ('without complications') dropped."""
    lowered = re.sub(r"\b(without|not)\b[^,(]*", " ", description.lower())
    return {stem(word) for word in _WORD.findall(lowered) if word not in DESCRIPTION_FILLER}


def _sections(text: str) -> list[tuple[float, str]]:
    pieces: list[tuple[float, str]] = []
    weight, start = 1.0, 0
    for match in _SECTION.finditer(text):
        pieces.append((weight, text[start : match.start()]))
        weight, start = _SECTION_WEIGHT.get(match.group(1).lower(), 1.0), match.end()
    pieces.append((weight, text[start:]))
    return pieces


def note_terms(note: str) -> dict[str, float]:
    """Weighted terms of a note: section weight summed per term, negated phrases removed."""
    weights: dict[str, float] = defaultdict(float)
    for weight, section in _sections(note):
        expanded, _ = expand_clinical_terms(section.lower())
        affirmed = _NEGATION.sub(" ", expanded)
        for word in _WORD.findall(affirmed):
            if word not in NOTE_STOPWORDS:
                weights[stem(word)] += weight
    return dict(weights)
