"""Settings of the claims service (env prefix RCM_CLAIMS_): the kit's, our 837P envelope parties, and where the
scrubber's reference data comes from."""

from __future__ import annotations

from pydantic import Field, FilePath
from pydantic_settings import SettingsConfigDict
from rcm_platform import ServiceSettings


class ClaimsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="RCM_CLAIMS_", extra="ignore", frozen=True)

    service_name: str = "claims"
    # ISA/GS parties and loops 1000A/1000B: fixed by the clearinghouse enrolment, not by the claim.
    x12_sender_id: str = Field(default="RCMSUBMIT01", min_length=1, max_length=15)
    x12_receiver_id: str = Field(default="CLEARHOUSE", min_length=1, max_length=15)
    x12_usage_indicator: str = Field(default="P", pattern=r"^[PT]$")
    submitter_name: str = "RCM BILLING SERVICES"
    submitter_id: str = "RCM0001"
    submitter_contact_name: str = "EDI DESK"
    submitter_contact_phone: str = Field(default="2175550100", pattern=r"^[0-9]{10}$")
    receiver_name: str = "CLEARINGHOUSE INC"
    receiver_id: str = "CH12345"

    # Reference data of the scrubber and the charges. The real CMS files carry CPT content under the AMA
    # licence, so the operator downloads them and names them here; nothing is read from the package.
    ncci_ptp_file: FilePath | None = None
    """The CMS NCCI practitioner procedure-to-procedure file (tab-delimited, as CMS publishes it)."""
    mue_file: FilePath | None = None
    """The CMS MUE practitioner file (CSV, as CMS publishes it)."""
    fee_schedule_file: FilePath | None = None
    """The clinic's chargemaster for codes Medicare does not price: CSV `code,price` (a header line is allowed)."""
    synthetic_reference_data: bool = False
    """Use the synthetic NCCI/MUE/chargemaster samples shipped in the package (NOT CMS data) for any of the
    three files not named above: the demo and the tests turn this on; production never does."""
