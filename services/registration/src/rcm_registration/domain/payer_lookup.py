"""Payer directory lookups that tolerate dates before the directory's first version."""

from __future__ import annotations

from datetime import date

from rcm_codesets import Payer, payer, payer_directory


def payer_in_force(payer_id: str, on: date) -> Payer | None:
    """The payer's version in force on `on`; for a date before its first version, that first version.

    The directory's data starts at its first release (2025), but coverages and visits start earlier. Judging
    those by the oldest rules we know is better than calling a real payer unknown; a payer that has been
    terminated by `on` stays unknown.
    """
    found = payer(payer_id, on)
    if found is not None:
        return found
    versions = [
        entry
        for entry in payer_directory().payers
        if (entry.payer_id == payer_id or payer_id in entry.alternate_ids) and on < entry.effective_from
    ]
    return min(versions, key=lambda entry: entry.effective_from, default=None)
