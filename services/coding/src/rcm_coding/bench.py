"""`python -m rcm_coding.bench`: accuracy and speed of the coding assistant on the synthetic note set.

Prints top-1 / top-5 accuracy for diagnoses and procedures and notes per second, next to a naive word-overlap
baseline measured in the same run, so a change to the assistant is judged against a fixed reference.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from rcm_codesets import format_icd10cm, icd10cm_release, iter_billable_icd10cm

from rcm_coding.assist.diagnosis_index import billable_diagnosis_index
from rcm_coding.assist.procedure_suggester import suggest_procedures
from rcm_coding.assist.synthetic_notes import (
    DEFAULT_SEED,
    DEFAULT_SIZE,
    LabelledNote,
    generate_labelled_notes,
)

Ranker = Callable[[str], list[str]]


@dataclass(frozen=True, slots=True)
class BenchResult:
    name: str
    top1: float
    top5: float
    notes_per_second: float


def measure(
    name: str, rank: Ranker, notes: list[LabelledNote], expected: Callable[[LabelledNote], str]
) -> BenchResult:
    top1 = top5 = 0
    started = time.perf_counter()
    for note in notes:
        ranked = rank(note.text)[:5]
        top1 += bool(ranked) and ranked[0] == expected(note)
        top5 += expected(note) in ranked
    elapsed = time.perf_counter() - started
    count = len(notes)
    return BenchResult(name, top1 / count, top5 / count, count / elapsed if elapsed else float("inf"))


class WordOverlapBaseline:
    """Reference: rank billable codes by how many description words occur in the note.

    Ties go to the shorter description.
    """

    def __init__(self) -> None:
        self._codes = [
            (format_icd10cm(code), frozenset(re.findall(r"[a-z]{4,}", text.lower())), len(text))
            for code, text in iter_billable_icd10cm()
        ]

    def rank(self, note: str) -> list[str]:
        words = set(re.findall(r"[a-z]{4,}", note.lower()))
        scored = [(len(terms & words), -length, code) for code, terms, length in self._codes if terms & words]
        scored.sort(reverse=True)
        return [code for _, _, code in scored[:5]]


def _most_common_visit(_: str) -> list[str]:
    # Procedure baseline: always the most billed office visit.
    return ["99213"]


def run(size: int = DEFAULT_SIZE, seed: int = DEFAULT_SEED) -> list[BenchResult]:
    notes = generate_labelled_notes(size, seed)
    started = time.perf_counter()
    index = billable_diagnosis_index()
    print(
        f"ICD-10-CM FY{icd10cm_release().fiscal_year}: {len(index)} billable codes indexed "
        f"in {time.perf_counter() - started:.1f} s"
    )
    print(f"synthetic notes: {len(notes)} (seed {seed})")
    baseline = WordOverlapBaseline()

    def assistant_dx(text: str) -> list[str]:
        return [found.code for found in index.suggest(text, 5)]

    def assistant_px(text: str) -> list[str]:
        return [found.code for found in suggest_procedures(text)]

    results = [
        measure("diagnosis  assistant", assistant_dx, notes, lambda note: note.expected_diagnosis),
        measure(
            "diagnosis  baseline (word overlap)", baseline.rank, notes, lambda note: note.expected_diagnosis
        ),
        measure("procedure  assistant", assistant_px, notes, lambda note: note.expected_procedure),
        measure(
            "procedure  baseline (always 99213)", _most_common_visit, notes, lambda n: n.expected_procedure
        ),
    ]
    print(f"{'':36} {'top-1':>7} {'top-5':>7} {'notes/s':>9}")
    for result in results:
        print(f"{result.name:36} {result.top1:7.3f} {result.top5:7.3f} {result.notes_per_second:9.0f}")
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    arguments = parser.parse_args(argv)
    run(arguments.size, arguments.seed)


if __name__ == "__main__":
    main()
