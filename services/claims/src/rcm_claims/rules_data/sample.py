"""The synthetic NCCI PTP, MUE and chargemaster tables shipped for the demo and tests (see SOURCES.md: not CMS
data). Only the composition root reads them, and only when `synthetic_reference_data` says so."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from importlib.resources import files

from rcm_claims.rules_data.chargemaster import read_chargemaster
from rcm_claims.rules_data.mue import MueTable, read_mue_file
from rcm_claims.rules_data.ncci import PtpTable, read_ptp_file


def _text(name: str) -> str:
    # newline="" is not available on read_text; the parsers accept CRLF and LF alike.
    return files("rcm_claims.rules_data").joinpath(name).read_text(encoding="utf-8")


@cache
def sample_ptp_table() -> PtpTable:
    return read_ptp_file(_text("ncci_ptp_practitioner_sample.txt"))


@cache
def sample_mue_table() -> MueTable:
    return read_mue_file(_text("mue_practitioner_sample.csv"))


@cache
def sample_chargemaster() -> dict[str, Decimal]:
    return read_chargemaster(_text("chargemaster_sample.csv"))
