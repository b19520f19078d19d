"""`rcm x12 read --table` for an 835: one row per claim (CLP) with its status, money, the claim-level remark codes
and the payer's MOA/MIA working (rates, DRG and outlier amounts, day counts), so what a payer said about a claim
besides its payment is readable at a glance. Patient name and member id stay out (PHI: the JSON has them)."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from rcmctl.x12_claims_table import flattened

_SHOWN = ("status", "charge", "paid", "patient_responsibility", "interest", "payer_claim_number")
_PAYER_WORKING = (
    "outpatient_remarks",
    "inpatient_remarks",
    "covered_days",
    "outpatient_adjudication",
    "inpatient_adjudication",
)


def remit_claims_table(plain_files: list[dict[str, Any]]) -> Table:
    """The claims of every 835 transaction read (each item as `_plain` made it)."""
    table = Table(title="claims: payment and the payer's MOA/MIA working")
    for column in ("claim", "what the reader understood", "MOA/MIA"):
        table.add_column(column)
    for remittance in plain_files:
        for claim in remittance.get("claims", []):
            money = flattened({key: claim.get(key) for key in _SHOWN})
            money.append(f"lines: {len(claim.get('lines', []))}")
            working = flattened({key: claim.get(key) for key in _PAYER_WORKING})
            table.add_row(claim["claim_id"], ", ".join(money), ", ".join(working))
    return table
