"""Exceptions raised by the X12 codec."""

from __future__ import annotations


class X12Error(Exception):
    """Base class for every error raised by rcm_x12."""


class X12ParseError(X12Error):
    """A document could not be read.

    Carries the segment id, its 1-based index in the file and (when relevant) the element position, so an
    operator can open the file and jump straight to the offending data.
    """

    def __init__(
        self,
        reason: str,
        segment_id: str | None = None,
        segment_position: int | None = None,
        element_position: int | None = None,
    ) -> None:
        self.reason = reason
        self.segment_id = segment_id
        self.segment_position = segment_position
        self.element_position = element_position
        where: list[str] = []
        if segment_id is not None:
            where.append(f"segment {segment_id}")
        if segment_position is not None:
            where.append(f"at position {segment_position}")
        if element_position is not None:
            label = f"{segment_id}{element_position:02d}" if segment_id else f"{element_position:02d}"
            where.append(f"element {label}")
        super().__init__(f"{reason} ({', '.join(where)})" if where else reason)


class X12BuildError(X12Error, ValueError):
    """The model handed to a writer cannot produce a valid document (unbalanced amounts, an element value with a
    delimiter or a character outside the X12 extended set). Names the element (e.g. NM103), never its value."""
