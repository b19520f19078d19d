"""Settings of the claims service (env prefix RCM_CLAIMS_): the kit's, plus our 837P envelope parties."""

from __future__ import annotations

from pydantic import Field
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
