"""Tokenizer and serializer for X12 text: separators come from the ISA header, segments are lists of str."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from rcm_x12.errors import X12BuildError, X12ParseError

Segment = list[str]
CENTS = Decimal("0.01")


@dataclass(frozen=True)
class Separators:
    element: str = "*"
    component: str = ":"
    repetition: str = "^"
    segment: str = "~"


DEFAULT_SEPARATORS = Separators()


def detect_separators(text: str) -> Separators:
    """Read the separators from the ISA segment.

    The element separator is the 4th character; ISA16 (after the 16th element separator) is the component
    separator and the next character ends the segment. Counting separators instead of fixed offsets also
    accepts ISAs whose fixed-width fields were not padded.
    """
    start = text.find("ISA")
    if start < 0 or text[:start].strip():
        raise X12ParseError("document does not start with an ISA segment", "ISA", 1)
    if len(text) < start + 4:
        raise X12ParseError("unknown ISA layout: document too short", "ISA", 1)
    element = text[start + 3]
    if element.isalnum() or element.isspace():
        raise X12ParseError(f"unknown ISA layout: invalid element separator {element!r}", "ISA", 1)
    index = start
    for _ in range(16):
        index = text.find(element, index + 1)
        if index < 0:
            raise X12ParseError("unknown ISA layout: fewer than 16 elements", "ISA", 1)
    if len(text) < index + 3:
        raise X12ParseError("unknown ISA layout: missing segment terminator", "ISA", 1, 16)
    component, terminator = text[index + 1], text[index + 2]
    isa = text[start : index + 1].split(element)
    # ISA11 is the repetition separator in 5010 but a plain "U" standards id in 4010.
    repetition = isa[11] if len(isa[11]) == 1 and not isa[11].isalnum() else "^"
    if len({element, component, terminator}) != 3 or terminator.isalnum():
        raise X12ParseError("unknown ISA layout: separators are not distinct", "ISA", 1, 16)
    return Separators(element=element, component=component, repetition=repetition, segment=terminator)


def tokenize(text: str) -> tuple[Separators, list[Segment]]:
    """Split a document into segments (lists of elements, element 0 is the segment id).

    Whitespace around terminators (newlines, CRLF) is dropped; empty segments are skipped. Element values are
    kept verbatim (no stripping) except the trailing whitespace after the last terminator.
    """
    separators = detect_separators(text)
    element = separators.element
    raw = text.split(separators.segment)
    if "\n" in text or "\r" in text:
        stripped = [piece.strip("\r\n \t") for piece in raw]
        return separators, [piece.split(element) for piece in stripped if piece]
    # Fast path for the common single-line file: only the text after the last terminator may be blank.
    if not raw[-1].strip():
        raw.pop()
    return separators, [piece.split(element) for piece in raw if piece]


class Composite(str):
    """An element joined from components by `composite`: its component separators are structure, not data."""

    __slots__ = ()


SEPARATOR_ELEMENTS = {("ISA", 11), ("ISA", 16)}
"""ISA11 and ISA16 carry the repetition and component separators themselves."""


@lru_cache(maxsize=8)
def _unsafe_characters(separators: Separators, *, inside_composite: bool) -> re.Pattern[str]:
    """Characters no element value may hold: outside the 5010 extended set (printable ASCII, 0x20-0x7E) or a
    delimiter of this document; a composite may hold its component separator."""
    delimiters = {separators.element, separators.repetition, separators.segment}
    if not inside_composite:
        delimiters.add(separators.component)
    return re.compile("[^\x20-\x7e]|[" + "".join(re.escape(d) for d in sorted(delimiters)) + "]")


def unsafe_reason(value: str, separators: Separators = DEFAULT_SEPARATORS) -> str | None:
    """Why `value` cannot be an element value (without quoting it), or None when it can."""
    found = _unsafe_characters(separators, inside_composite=False).search(value)
    if found is None:
        return None
    character = found.group(0)
    if "\x20" <= character <= "\x7e":
        return f"holds the delimiter {character!r}"
    return "holds a character outside the X12 extended character set (control, non-ASCII)"


def _check_element(segment_id: str, position: int, value: str, separators: Separators) -> None:
    if (segment_id, position) in SEPARATOR_ELEMENTS:
        return
    pattern = _unsafe_characters(separators, inside_composite=isinstance(value, Composite))
    if pattern.search(value) is not None:
        reason = unsafe_reason(
            value.replace(separators.component, "") if isinstance(value, Composite) else value, separators
        )
        raise X12BuildError(f"element {segment_id}{position:02d} {reason or 'is not X12-safe'}")


def serialize(
    segments: Iterable[Sequence[str]], separators: Separators = DEFAULT_SEPARATORS, line_breaks: bool = False
) -> str:
    """Join segments into X12 text; trailing empty elements are dropped (X12 forbids them).

    Every element value is checked here, once for every writer: a value holding a delimiter or a character
    outside the extended character set raises X12BuildError naming the element (a name like `DOE~NM1*...`
    would otherwise become segments of its own).
    """
    terminator = separators.segment + ("\n" if line_breaks else "")
    element = separators.element
    parts: list[str] = []
    for segment in segments:
        end = len(segment)
        while end > 1 and segment[end - 1] == "":
            end -= 1
        segment_id = segment[0]
        for position in range(1, end):
            _check_element(segment_id, position, segment[position], separators)
        parts.append(element.join(segment[:end]))
    return terminator.join(parts) + terminator


def composite(values: Sequence[str], separators: Separators = DEFAULT_SEPARATORS) -> str:
    """Join composite components, dropping trailing empty ones; a component holding a delimiter is refused."""
    end = len(values)
    while end > 0 and values[end - 1] == "":
        end -= 1
    for index, value in enumerate(values[:end], start=1):
        if (reason := unsafe_reason(value, separators)) is not None:
            raise X12BuildError(f"component {index} of a composite element {reason}")
    return Composite(separators.component.join(values[:end]))


def element_at(segment: Segment, position: int) -> str:
    """Element by its X12 position (1-based); missing trailing elements read as ''."""
    return segment[position] if position < len(segment) else ""


def format_amount(amount: Decimal) -> str:
    """X12 R type: no trailing zeros beyond what is needed, no plus sign, no exponent."""
    quantized = amount.quantize(CENTS)
    text = f"{quantized:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_quantity(quantity: Decimal) -> str:
    text = f"{quantity.normalize():f}"
    return text


def format_date(value: date) -> str:
    return value.strftime("%Y%m%d")


def parse_amount(segment: Segment, position: int, segment_position: int) -> Decimal:
    raw = element_at(segment, position)
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise X12ParseError("non-numeric amount", segment[0], segment_position, position) from None
    if not value.is_finite():
        raise X12ParseError("non-numeric amount", segment[0], segment_position, position)
    return value.quantize(CENTS)


def parse_quantity(segment: Segment, position: int, segment_position: int) -> Decimal | None:
    raw = element_at(segment, position)
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise X12ParseError("non-numeric quantity", segment[0], segment_position, position) from None
    if not value.is_finite():
        raise X12ParseError("non-numeric quantity", segment[0], segment_position, position)
    return value


@lru_cache(maxsize=4096)
def _ccyymmdd(raw: str) -> date | None:
    # Cached: a remittance repeats a handful of dates thousands of times, and strptime is slow.
    if len(raw) != 8 or not raw.isdigit():
        return None
    try:
        return date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
    except ValueError:
        return None


def parse_date(segment: Segment, position: int, segment_position: int) -> date:
    raw = segment[position] if position < len(segment) else ""
    value = _ccyymmdd(raw)
    if value is not None:
        return value
    if len(raw) == 6 and raw.isdigit():  # YYMMDD, as in ISA09
        value = _ccyymmdd(("19" if raw[:2] > "50" else "20") + raw)
        if value is not None:
            return value
    raise X12ParseError("invalid date (CCYYMMDD expected)", segment[0], segment_position, position)


def parse_date_period(segment: Segment, position: int, segment_position: int) -> date:
    """D8 value or the start of an RD8 range (CCYYMMDD-CCYYMMDD)."""
    raw = element_at(segment, position)
    value = _ccyymmdd(raw.split("-", 1)[0])
    if value is None:
        raise X12ParseError("invalid date (CCYYMMDD expected)", segment[0], segment_position, position)
    return value
