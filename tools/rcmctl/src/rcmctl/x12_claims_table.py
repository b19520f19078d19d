"""`rcm x12 read --table` for an 837P: one row per claim and per service line with every value the reader
understood (nested parts flattened to `referring_provider.npi=...`), so the situational loops (2310A/C/D,
2410, 2420A-F, PWK, CLM11, a secondary claim's 2320/2330B and 2430...) show up without a column per field.
Subscriber, patient and another plan's subscriber (2330A) stay out: they are PHI, and the JSON form carries them
for whoever needs the whole reading."""

from __future__ import annotations

from typing import Any

from rich.table import Table

_CLAIM_CONTEXT = ("billing_provider", "subscriber", "patient", "payer", "lines")
_OTHER_SUBSCRIBER = ("subscriber_last_name", "subscriber_first_name", "member_id")
"""Loop 2330A names another plan's subscriber: PHI, kept out of the table like 2010BA."""


def claims_table(plain_files: list[dict[str, Any]]) -> Table:
    """The claims of every 837P transaction read (each item as `_plain` made it)."""
    table = Table(title="claims and service lines")
    for column in ("claim", "line", "what the reader understood"):
        table.add_column(column)
    for claim_file in plain_files:
        for claim in claim_file.get("claims", []):
            details = {key: value for key, value in claim.items() if key not in (*_CLAIM_CONTEXT, "claim_id")}
            details["payer"] = (claim.get("payer") or {}).get("payer_id", "")
            details["other_payers"] = [
                {key: value for key, value in other.items() if key not in _OTHER_SUBSCRIBER}
                for other in claim.get("other_payers", [])
            ]
            table.add_row(claim["claim_id"], "", ", ".join(flattened(details)))
            for number, line in enumerate(claim.get("lines", []), start=1):
                table.add_row(claim["claim_id"], str(number), ", ".join(flattened(line)))
    return table


def flattened(value: Any, prefix: str = "") -> list[str]:
    """`name=value` for every non-empty leaf, nested names joined by dots and list items numbered from 1."""
    if isinstance(value, dict):
        return [
            item
            for key, inner in value.items()
            for item in flattened(inner, f"{prefix}.{key}" if prefix else key)
        ]
    if isinstance(value, list):
        if value and all(not isinstance(item, dict | list) for item in value):
            return [f"{prefix}={'/'.join(str(item) for item in value)}"]
        return [
            item
            for number, inner in enumerate(value, start=1)
            for item in flattened(inner, f"{prefix}[{number}]")
        ]
    if value in ("", None):
        return []
    return [f"{prefix}={value}"]
