"""What an 837P must carry beyond the guide's own rules, by code: the lab tests that need the clinic's CLIA
certificate (data/clia_lab_codes.csv), and, per payer in the payer directory (payers.json `claim_data`, else
the directory's `claim_data_defaults`), the codes that need an NDC or a referring provider.

A code list entry is a code (85025) or a prefix ending in * (J* = every HCPCS J code).
"""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict

from rcm_codesets._data import read_csv_rows

CLIA_LAB_CODES_FILE = "clia_lab_codes.csv"


def code_listed(code: str, entries: list[str] | tuple[str, ...] | frozenset[str]) -> bool:
    """True when `code` is an entry or starts with an entry's prefix (an entry ending in *)."""
    code = code.strip().upper()
    return any(code.startswith(entry[:-1]) if entry.endswith("*") else code == entry for entry in entries)


class ClaimDataRequirements(BaseModel):
    """A payer's own requirements on claim data (or the directory's defaults for every payer)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ndc_required_codes: list[str] = ["J*"]
    """Drug codes billed with an NDC (837P loop 2410); Medicaid must collect NDCs for physician-administered
    drugs (Deficit Reduction Act 2005), most commercial payers ask for them with every J code."""
    referral_required_codes: list[str] = []
    """Services billed only with a referring provider (837P loop 2310A), e.g. an HMO's specialist services."""
    accepts_delay_reason: bool = True
    """Whether the payer considers a claim past timely filing when CLM20 gives a delay reason."""

    def requires_ndc(self, code: str) -> bool:
        return code_listed(code, self.ndc_required_codes)

    def requires_referral(self, code: str) -> bool:
        return code_listed(code, self.referral_required_codes)


@cache
def clia_lab_codes() -> frozenset[str]:
    """Laboratory test codes billed under the clinic's CLIA certificate (837P REF*X4)."""
    return frozenset(row["code"] for row in read_csv_rows(CLIA_LAB_CODES_FILE))


def requires_clia(code: str) -> bool:
    return code.strip().upper() in clia_lab_codes()
