"""The parts of a professional claim that a payer needs only for some visits: the referring and supervising
clinicians (2310A/2310D), the service site (2310C), paperwork sent with the claim (PWK), an accident (CLM11),
and a drug line's NDC (2410). Each is optional; the scrubber (rules_claim_details) says when one is required.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Address(_Frozen):
    """A postal address as the 837P writes it (N3/N4); here because the site needs one (claim.py re-exports)."""

    line1: str
    city: str
    state: str
    postal_code: str
    line2: str = ""


class NamedClinician(_Frozen):
    """A clinician named on the claim besides the rendering one (referring, supervising, ordering)."""

    npi: str
    last_name: str
    first_name: str = ""


class ServiceFacility(_Frozen):
    """Where the service was done when that is not the billing provider's address."""

    name: str
    address: Address
    npi: str = ""


class Attachment(_Frozen):
    """PWK: paperwork the payer matches to the claim by its control number (answers CO-16 N706, CO-252)."""

    report_type: str = Field(pattern=r"^[0-9A-Z]{2}$")
    """PWK01: 03 justification, 09 progress report, B3 physician order, OZ support data, ..."""
    transmission_code: str = Field(pattern=r"^(AA|BM|EL|EM|FT|FX)$")
    """PWK02: AA available on request at the provider, BM mail, EL electronic, EM e-mail, FT file transfer,
    FX fax."""
    control_number: str = Field(default="", max_length=50)
    """PWK06: what the payer matches the paper by; required unless the paper stays with us (AA)."""

    @model_validator(mode="after")
    def _control_number_unless_on_request(self) -> Attachment:
        if self.transmission_code != "AA" and len(self.control_number) < 2:
            raise ValueError("an attachment sent to the payer needs its control number (PWK06)")
        return self


class RelatedCauses(_Frozen):
    """CLM11: AA auto accident, EM employment, OA other accident; DTP*439 the accident date."""

    codes: tuple[str, ...] = Field(min_length=1, max_length=2)
    accident_state: str = ""
    accident_date: date | None = None


class LineDrug(_Frozen):
    """The drug a line bills: NDC (11 digits, 5-4-2), quantity and unit (CTP04/CTP05)."""

    ndc: str
    quantity: Decimal
    unit: str
