"""Importer for the CMS NCCI practitioner procedure-to-procedure (PTP) file.

Layout (tab-delimited, CRLF, notice and header lines first): Column 1 code, Column 2 code, "*" when the edit
existed before 1996, Effective Date YYYYMMDD, Deletion Date ("*" = none), Modifier indicator (0 never
allowed, 1 allowed with an NCCI-associated modifier, 9 not applicable), PTP Edit Rationale.
Real CMS files carry CPT content under the AMA licence, so the package ships only a synthetic sample.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

ModifierIndicator = Literal["0", "1", "9"]
_CODE = re.compile(r"^[0-9A-Z]{5}$")


@dataclass(frozen=True, slots=True)
class PtpEdit:
    column1: str
    column2: str
    effective: date
    deleted: date | None
    modifier_indicator: ModifierIndicator
    rationale: str = ""

    def in_force_on(self, day: date) -> bool:
        # The deletion date is read as the last day the edit applies (CMS quarter files end on it).
        return self.effective <= day and (self.deleted is None or day <= self.deleted)


def parse_yyyymmdd(text: str) -> date | None:
    text = text.strip()
    if not text or text == "*":
        return None
    return datetime.strptime(text, "%Y%m%d").date()


def parse_ptp_line(line: str) -> PtpEdit | None:
    """One data line, or None for notice/header lines (which never start with two codes)."""
    fields = [field.strip().strip('"') for field in line.rstrip("\r\n").split("\t")]
    if len(fields) < 6 or not (_CODE.match(fields[0]) and _CODE.match(fields[1])):
        return None
    indicator = fields[5][:1]
    if indicator not in ("0", "1", "9"):
        raise ValueError(f"NCCI PTP line {fields[0]}/{fields[1]}: modifier indicator {fields[5]!r}")
    effective = parse_yyyymmdd(fields[3])
    if effective is None:
        raise ValueError(f"NCCI PTP line {fields[0]}/{fields[1]}: missing effective date")
    return PtpEdit(
        column1=fields[0],
        column2=fields[1],
        effective=effective,
        deleted=parse_yyyymmdd(fields[4]),
        modifier_indicator=indicator,  # type: ignore[arg-type]  # checked just above
        rationale=fields[6] if len(fields) > 6 else "",
    )


class PtpTable:
    """PTP edits indexed by (column 1, column 2); a pair may have several rows over time."""

    def __init__(self, edits: Iterable[PtpEdit]) -> None:
        self._by_pair: dict[tuple[str, str], list[PtpEdit]] = {}
        for edit in edits:
            self._by_pair.setdefault((edit.column1, edit.column2), []).append(edit)

    def __len__(self) -> int:
        return sum(len(rows) for rows in self._by_pair.values())

    def edit_for(self, column1: str, column2: str, on: date) -> PtpEdit | None:
        """The edit in force on the date of service for this ordered pair, if any."""
        rows = self._by_pair.get((column1, column2), ())
        in_force = [row for row in rows if row.in_force_on(on)]
        return max(in_force, key=lambda row: row.effective, default=None)


def read_ptp_file(text: str) -> PtpTable:
    """Parse the whole file text (CRLF or LF); header and notice lines are skipped."""
    edits = (parse_ptp_line(line) for line in text.splitlines())
    return PtpTable(edit for edit in edits if edit is not None)
