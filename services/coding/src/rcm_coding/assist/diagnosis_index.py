"""Ranked ICD-10-CM suggestions from note text: an inverted index over the billable code descriptions.

Scoring favours codes whose description the note explains completely (coverage of the description's IDF mass)
and that explain much of the note (matched mass), so a specific leaf the note fully supports beats both a
vaguer code and a longer one the note only half supports. Built once per process (about 3 s for 74k codes).
"""

from __future__ import annotations

import math
import time
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from rcm_codesets import format_icd10cm, iter_billable_icd10cm

from rcm_coding.assist.note_text import description_terms, note_terms
from rcm_coding.domain.models import Suggestion

# Terms on more codes than this only add to candidates found through rarer terms: "right", "pain" alone
# would otherwise drag thousands of codes into every note's scoring.
_COMMON_TERM_POSTINGS = 1500
# Matched IDF mass at which the "how much of the note is explained" factor is ~63 % of its maximum.
_MASS_SCALE = 6.0
# Coding convention: absent detail in the note means the 'unspecified' code; 'other' needs stated detail.
_UNSPECIFIED_BONUS = 0.005
_OTHER_PENALTY = 0.01


@dataclass(frozen=True, slots=True)
class _Entry:
    # The description's terms are not kept (74k sets would cost ~50 MB): they are recomputed for the few
    # suggestions returned.
    code: str
    description: str
    mass: float
    tie_break: float


class DiagnosisIndex:
    def __init__(self, codes: Iterable[tuple[str, str]]) -> None:
        started = time.perf_counter()
        listed = list(codes)
        # Two passes over the descriptions (terms computed twice) rather than 74k term sets held at once:
        # the process would keep that peak as resident memory.
        frequency: dict[str, int] = defaultdict(int)
        for _, description in listed:
            for term in description_terms(description):
                frequency[term] += 1
        self.idf = {term: math.log(1 + len(listed) / count) for term, count in frequency.items()}
        self._entries: list[_Entry] = []
        # Positions as 4-byte unsigned ints: a list of Python ints would take ~9 times the memory.
        self._postings: dict[str, array[int]] = defaultdict(lambda: array("I"))
        for code, description in listed:
            terms = description_terms(description)
            lowered = description.lower()
            tie_break = (_UNSPECIFIED_BONUS if "unspecified" in lowered else 0.0) - (
                _OTHER_PENALTY if lowered.startswith("other") or ", other" in lowered else 0.0
            )
            mass = sum(self.idf[term] for term in terms) or 1.0
            for term in terms:
                self._postings[term].append(len(self._entries))
            self._entries.append(_Entry(code, description, mass, tie_break))
        self.build_seconds = time.perf_counter() - started

    def __len__(self) -> int:
        return len(self._entries)

    def suggest(self, note: str, limit: int = 10) -> list[Suggestion]:
        weights = note_terms(note)
        # A term's note weight saturates at 3 (one assessment mention); PMH-only words count a tenth of that.
        strength = {term: min(weight, 3.0) / 3.0 for term, weight in weights.items() if term in self.idf}
        rare = [term for term in strength if len(self._postings[term]) <= _COMMON_TERM_POSTINGS]
        matched: dict[int, float] = defaultdict(float)
        for term in rare:
            contribution = self.idf[term] * strength[term]
            for position in self._postings[term]:
                matched[position] += contribution
        candidates = set(matched)
        for term in strength.keys() - set(rare):
            contribution = self.idf[term] * strength[term]
            for position in candidates.intersection(self._postings[term]):
                matched[position] += contribution
        scored = [(self._score(position, mass), position) for position, mass in matched.items()]
        scored.sort(key=lambda pair: (-pair[0], self._entries[pair[1]].code))
        return [self._suggestion(position, score, strength) for score, position in scored[:limit]]

    def _score(self, position: int, matched_mass: float) -> float:
        entry = self._entries[position]
        coverage = matched_mass / entry.mass
        raw = coverage**2 * (1 - math.exp(-matched_mass / _MASS_SCALE)) + entry.tie_break
        return max(0.0, min(1.0, raw))

    def _suggestion(self, position: int, score: float, strength: dict[str, float]) -> Suggestion:
        entry = self._entries[position]
        words = tuple(sorted(term for term in description_terms(entry.description) if term in strength))
        return Suggestion(format_icd10cm(entry.code), "diagnosis", round(score, 4), entry.description, words)


@cache
def billable_diagnosis_index() -> DiagnosisIndex:
    """The process-wide index over every billable ICD-10-CM code of the release rcm_codesets carries."""
    return DiagnosisIndex(iter_billable_icd10cm())
