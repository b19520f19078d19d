"""The scrubber's and the fee schedule's reference data, from the files the settings name.

Each table comes from its file when one is named, else from the synthetic sample when
`synthetic_reference_data` is on (demo, tests), else it is empty: an empty NCCI PTP or MUE table turns those
edits off, an empty chargemaster leaves the codes Medicare does not price at $0 (held for a biller). What is
missing is reported, so the service can say so when it starts instead of failing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from rcm_claims.rules_data.chargemaster import read_chargemaster
from rcm_claims.rules_data.mue import MueTable, read_mue_file
from rcm_claims.rules_data.ncci import PtpTable, read_ptp_file
from rcm_claims.rules_data.sample import sample_chargemaster, sample_mue_table, sample_ptp_table
from rcm_claims.settings import ClaimsSettings

T = TypeVar("T")


@dataclass(frozen=True)
class ReferenceData:
    ptp: PtpTable
    mue: MueTable
    chargemaster: dict[str, Decimal]
    missing: tuple[str, ...] = ()
    """The environment variables of the files neither named nor replaced by the synthetic sample."""
    synthetic: tuple[str, ...] = ()
    """The environment variables whose file the synthetic sample stands in for."""


def load_reference_data(settings: ClaimsSettings) -> ReferenceData:
    prefix = str(settings.model_config.get("env_prefix", ""))
    missing: list[str] = []
    synthetic: list[str] = []

    def table(field: str, read: Callable[[str], T], sample: Callable[[], T], empty: T) -> T:
        path: Path | None = getattr(settings, field)
        if path is not None:
            # CMS files are Latin-1 compatible text; replacing the odd byte keeps a rationale readable.
            return read(path.read_text(encoding="utf-8", errors="replace"))
        variable = (prefix + field).upper()
        if settings.synthetic_reference_data:
            synthetic.append(variable)
            return sample()
        missing.append(variable)
        return empty

    return ReferenceData(
        ptp=table("ncci_ptp_file", read_ptp_file, sample_ptp_table, PtpTable(())),
        mue=table("mue_file", read_mue_file, sample_mue_table, MueTable(())),
        chargemaster=table("fee_schedule_file", read_chargemaster, sample_chargemaster, {}),
        missing=tuple(missing),
        synthetic=tuple(synthetic),
    )
