"""NCCI PTP, MUE and chargemaster importers, and the synthetic sample tables shipped for the demo and tests."""

from rcm_claims.rules_data.chargemaster import read_chargemaster
from rcm_claims.rules_data.mue import MueEdit, MueTable, read_mue_file
from rcm_claims.rules_data.ncci import PtpEdit, PtpTable, read_ptp_file
from rcm_claims.rules_data.sample import sample_chargemaster, sample_mue_table, sample_ptp_table

__all__ = [
    "MueEdit",
    "MueTable",
    "PtpEdit",
    "PtpTable",
    "read_chargemaster",
    "read_mue_file",
    "read_ptp_file",
    "sample_chargemaster",
    "sample_mue_table",
    "sample_ptp_table",
]
