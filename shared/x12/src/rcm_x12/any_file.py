"""Read any X12 file the project exchanges, saying what it is: 837P, 835, 999, 277CA, 276 or 277 (claim status),
chosen by ST01 (and GS08).

`read_any` returns what the reader understood, or the reader's problem with its segment and position; it never
raises for a bad file. `rcm x12 read` adds pyx12's findings, which name every problem, not only the first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rcm_x12.ack277ca import read_277ca
from rcm_x12.ack999 import read_999
from rcm_x12.claim_status276 import read_276
from rcm_x12.claim_status277 import read_277
from rcm_x12.errors import X12ParseError
from rcm_x12.reader835 import read_835
from rcm_x12.reader837p import read_837p
from rcm_x12.segments import Segment, tokenize

READERS: dict[str, Callable[[str], list[Any]]] = {
    "837P": read_837p,
    "835": read_835,
    "999": read_999,
    "277CA": read_277ca,
    "276": read_276,
    "277": read_277,
}


@dataclass(frozen=True)
class Problem:
    reason: str
    segment_id: str | None = None
    segment_position: int | None = None
    element: str | None = None
    found_by: str = "reader"

    def __str__(self) -> str:
        where = [
            f"segment {self.segment_id}" if self.segment_id else "",
            f"at position {self.segment_position}" if self.segment_position else "",
            f"element {self.element}" if self.element else "",
        ]
        located = ", ".join(part for part in where if part)
        return f"{self.reason} ({located})" if located else self.reason


@dataclass(frozen=True)
class FileReading:
    kind: str
    understood: list[Any] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)


def kind_of(segments: list[Segment]) -> str:
    """The transaction the first ST opens: 837P, 835, 999, 277CA, 276 or 277; the ST01 as given for any other."""
    version = next((s[8] for s in segments if s[0] == "GS" and len(s) > 8), "")
    transaction = next((s[1] for s in segments if s[0] == "ST" and len(s) > 1), "")
    if transaction == "837":
        return "837P" if "X222" in version else f"837 ({version or 'no GS08'})"
    if transaction == "277":
        if "X214" in version:
            return "277CA"
        return "277" if "X212" in version else f"277 ({version or 'no GS08'})"
    if transaction == "276":
        return "276" if "X212" in version else f"276 ({version or 'no GS08'})"
    return transaction or "no ST segment"


def read_any(text: str, kind: str | None = None) -> FileReading:
    try:
        _separators, segments = tokenize(text)
    except X12ParseError as error:
        return FileReading("unknown", problems=[problem_of(error)])
    chosen = kind or kind_of(segments)
    reader = READERS.get(chosen)
    if reader is None:
        known = ", ".join(READERS)
        return FileReading(
            chosen, problems=[Problem(f"not a file this reader knows ({known})")], segments=segments
        )
    try:
        return FileReading(chosen, understood=reader(text), segments=segments)
    except X12ParseError as error:
        return FileReading(chosen, problems=[problem_of(error)], segments=segments)


def problem_of(error: X12ParseError) -> Problem:
    element = None
    if error.element_position is not None:
        element = f"{error.segment_id or ''}{error.element_position:02d}"
    return Problem(error.reason, error.segment_id, error.segment_position, element)
