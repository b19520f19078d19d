"""Visit and line facts a payer-complete 837P needs beyond the basics: referring and supervising providers,
the service site, the clinic's CLIA certificate, accident and onset dates, what was paid at the visit, and the
NDC of a drug line. Captured at registration, forwarded unchanged by coding, mapped onto the 837P by claims.

Provider and site names are not patient data, so their field names avoid the PHI names on purpose (the site's
address is a PostalAddress all the same, whose parts are sealed like any address: harmless for a clinic's).
Accident and onset dates are the patient's health history: their names are PHI names.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from rcm_schemas.codes import ClaimId, EntityId, Npi
from rcm_schemas.envelope import Event
from rcm_schemas.events.common import PostalAddress, SelectedLine, Value
from rcm_schemas.registry import register
from rcm_schemas.x12_text import X12Text

CliaNumber = Annotated[str, StringConstraints(pattern=r"^[0-9]{2}D[0-9]{7}$")]
"""CLIA certificate number: two digits, the letter D, seven digits (05D0987654)."""

NationalDrugCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{11}$")]
"""NDC in the 11-digit 5-4-2 billing layout, no hyphens (00002-7510-01 is 00002751001)."""

RelatedCauseCode = Literal["AA", "EM", "OA"]
"""CLM11: AA auto accident, EM employment related, OA other accident."""

DrugUnit = Literal["F2", "GR", "ME", "ML", "UN"]
"""CTP05-1: F2 international unit, GR gram, ME milligram, ML millilitre, UN unit."""

DelayReasonCode = Literal["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "15"]
"""CLM20: why a claim goes out past timely filing (1 eligibility unknown, 7 third-party delay, 11 other...)."""


class ProviderReference(Value):
    """A clinician named on the claim besides the rendering one: referring (2310A/2420F), supervising
    (2310D/2420D) or ordering (2420E)."""

    npi: Npi
    provider_last_name: str = Field(min_length=1, max_length=60)
    provider_first_name: str | None = Field(default=None, max_length=35)


class ServiceSite(Value):
    """Loop 2310C: where the service was done when that is not the billing provider's address (a satellite
    site, a hospital outpatient department)."""

    site_name: str = Field(min_length=1, max_length=60)
    site_address: PostalAddress
    npi: Npi | None = None


class RelatedCauses(Value):
    """CLM11 with DTP*439: the visit follows an accident or is work related."""

    codes: tuple[RelatedCauseCode, ...] = Field(min_length=1, max_length=2)
    accident_state: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    """Required by the 837P with AA; the claims scrubber holds a claim without it."""
    accident_date: date | None = None
    """Required by the 837P with AA or OA; the claims scrubber holds a claim without it."""


class LineDrug(Value):
    """Loop 2410: the drug a line bills, by NDC and the quantity given."""

    ndc: NationalDrugCode
    quantity: Decimal = Field(gt=0, max_digits=10, decimal_places=3)
    unit: DrugUnit


class EncounterLine(SelectedLine):
    """A selected line with what registration knows about it beyond the code: the drug's NDC and the clinicians
    of this line when they differ from the claim's (2420A rendering, 2420D supervising, 2420E ordering, 2420F
    referring; e.g. the clinician who ordered a lab test)."""

    drug: LineDrug | None = None
    rendering_provider: ProviderReference | None = None
    supervising_provider: ProviderReference | None = None
    ordering_provider: ProviderReference | None = None
    referring_provider: ProviderReference | None = None


ATTACHMENT_REPORT_TYPES = frozenset(
    {
        *("03", "04", "05", "06", "07", "08", "09", "10", "11", "13", "15", "21", "A3", "A4", "AM", "AS"),
        *("B2", "B3", "B4", "BR", "BS", "BT", "CB", "CK", "CT", "D2", "DA", "DB", "DG", "DJ", "DS", "EB"),
        *("HC", "HR", "I5", "IR", "LA", "M1", "MT", "NN", "OB", "OC", "OD", "OE", "OX", "OZ", "P4", "P5"),
        *("PE", "PN", "PO", "PQ", "PY", "PZ", "RB", "RR", "RT", "RX", "SG", "V5", "XP"),
    }
)
"""PWK01 codes of the 005010X222A1 element notes, the list the 837P writer (rcm_x12.refusals837p) accepts:
checked at the door so a denial's attachment fix is refused with a 422, not by the writer after a resend."""

AttachmentTransmission = Literal["AA", "BM", "EL", "EM", "FT", "FX"]
"""PWK02: AA available on request at the provider, BM mail, EL electronic, EM e-mail, FT file transfer, FX fax."""


def attachment_report_type(value: str) -> str:
    if value not in ATTACHMENT_REPORT_TYPES:
        raise ValueError(
            "is not a PWK01 attachment report type code (03 justification, 09 progress report, ...)"
        )
    return value


class ClaimAttachment(Value):
    """2300 PWK: paperwork sent with the claim, matched by the payer through its control number (the answer to
    CO-16 N706 and CO-252)."""

    # The writer's checks (PWK01 list, X12 text): a biller's held-claim details are refused at the door too.
    report_type: Annotated[str, AfterValidator(attachment_report_type)] = Field(pattern=r"^[0-9A-Z]{2}$")
    """PWK01: 03 justification, 09 progress report, B3 physician order, OZ support data, ..."""
    transmission_code: Literal["AA", "BM", "EL", "EM", "FT", "FX"]
    """PWK02: AA available on request at the provider, BM mail, EL electronic, EM e-mail, FT file transfer, FX fax."""
    control_number: X12Text | None = Field(default=None, min_length=2, max_length=50)
    """PWK06: required unless the paper stays with the provider (AA)."""

    @model_validator(mode="after")
    def _control_number_unless_on_request(self) -> ClaimAttachment:
        if self.transmission_code != "AA" and self.control_number is None:
            raise ValueError("control_number is required unless transmission_code is AA")
        return self


class LineDrugSetting(Value):
    """The NDC of one line's drug, by our line number."""

    line_number: int = Field(ge=1, le=50)
    drug: LineDrug


class HeldClaimDetails(Value):
    """The 837P details a biller gives a held claim; a field left out (None) keeps the claim's value, and
    `attachments`, when given, replaces the claim's list."""

    referring_provider: ProviderReference | None = None
    supervising_provider: ProviderReference | None = None
    clia_number: CliaNumber | None = None
    delay_reason_code: DelayReasonCode | None = None
    related_causes: RelatedCauses | None = None
    onset_date: date | None = None
    attachments: tuple[ClaimAttachment, ...] | None = Field(default=None, max_length=10)
    line_drugs: tuple[LineDrugSetting, ...] = Field(default=(), max_length=50)

    @model_validator(mode="after")
    def _sets_something(self) -> HeldClaimDetails:
        if not self.model_dump(exclude_none=True, exclude={"line_drugs"}) and not self.line_drugs:
            raise ValueError("name at least one detail to set")
        return self


@register
class SetHeldClaimDetails(Event):
    """Command from the biller queue: give a held claim the 837P details a scrubber rule found missing
    (referring or supervising provider, CLIA, accident, onset, delay reason, PWK attachments, a line's NDC);
    claims re-scrubs it and submits it when clean.
    """

    EVENT_TYPE: ClassVar[str] = "SetHeldClaimDetails"
    PARTITION_KEY: ClassVar[str] = "claim_id"

    claim_id: ClaimId
    work_item_id: EntityId
    requested_by: str = Field(min_length=1, max_length=100)
    details: HeldClaimDetails
