"""Where the scrubber's reference data comes from: named files, the synthetic samples on request, or nothing
(said at start, PTP/MUE edits off) - production never reads the samples by default."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from claims_builders import TENANT, claim_id_of, coded_encounter, line
from claims_fakes import claims_world
from rcm_claims.adapters.reference_files import load_reference_data
from rcm_claims.domain.lifecycle import ClaimStatus
from rcm_claims.rules_data import read_chargemaster
from rcm_claims.settings import ClaimsSettings
from rcm_schemas.events.claims import ClaimSubmitted
from rcm_schemas.events.coding import EncounterCoded
from structlog.testing import capture_logs

MISSING = ["RCM_CLAIMS_NCCI_PTP_FILE", "RCM_CLAIMS_MUE_FILE", "RCM_CLAIMS_FEE_SCHEDULE_FILE"]


def test_without_files_or_the_synthetic_setting_nothing_is_loaded_and_all_three_are_missing() -> None:
    reference = load_reference_data(ClaimsSettings())
    assert (len(reference.ptp), len(reference.mue), reference.chargemaster) == (0, 0, {})
    assert list(reference.missing) == MISSING and reference.synthetic == ()


def test_named_files_are_read_and_the_samples_fill_only_what_is_not_named(tmp_path: Path) -> None:
    ptp = tmp_path / "ptp.txt"
    ptp.write_text("Column 1\tColumn 2\n99213\t99211\t\t20200101\t*\t0\tsynthetic\n")
    fees = tmp_path / "fees.csv"
    fees.write_text("code,price\n90686,41.50\n")
    settings = ClaimsSettings(ncci_ptp_file=ptp, fee_schedule_file=fees, synthetic_reference_data=True)
    reference = load_reference_data(settings)
    assert len(reference.ptp) == 1 and reference.chargemaster == {"90686": Decimal("41.50")}
    assert len(reference.mue) > 0 and reference.synthetic == ("RCM_CLAIMS_MUE_FILE",)
    assert reference.missing == ()


def test_a_named_file_that_does_not_exist_is_a_settings_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="ncci_ptp_file"):
        ClaimsSettings(ncci_ptp_file=tmp_path / "absent.txt")


def test_a_chargemaster_price_that_is_not_money_is_refused() -> None:
    with pytest.raises(ValueError, match="90686"):
        read_chargemaster("90686,12.345\n")


async def test_a_service_without_reference_data_says_so_at_start_and_scrubs_without_ptp_and_mue() -> None:
    world = claims_world(ClaimsSettings())
    with capture_logs() as logs:
        for hook in world.service.on_started:
            await hook()
    (warning,) = [entry for entry in logs if entry.get("missing_settings")]
    assert warning["log_level"] == "warning" and warning["missing_settings"] == MISSING

    # The synthetic sample holds this claim (an NCCI indicator-0 pair, units above the MUE); without it, it goes.
    await world.deliver(held_by_the_samples("enc-1"), tenant_id=TENANT)
    record = await world.record(claim_id_of("enc-1"))
    assert record is not None and record.status is ClaimStatus.SUBMITTED
    assert [e.claim_id for e in world.published(ClaimSubmitted)] == [claim_id_of("enc-1")]


async def test_the_synthetic_samples_hold_the_same_claim() -> None:
    world = claims_world(ClaimsSettings(synthetic_reference_data=True))
    await world.deliver(held_by_the_samples("enc-1"), tenant_id=TENANT)
    record = await world.record(claim_id_of("enc-1"))
    assert record is not None and record.status is ClaimStatus.HELD
    assert {f.rule_id for f in record.findings} == {"ncci.ptp_never_allowed", "mue.units_exceeded"}


def held_by_the_samples(encounter_id: str) -> EncounterCoded:
    return coded_encounter(encounter_id, line(1, "99213", units=2), line(2, "99211"))
