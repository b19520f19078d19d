"""HeldClaimDetails (wire, in SetHeldClaimDetails) -> SetClaimDetails (domain correction)."""

from __future__ import annotations

from rcm_schemas.events.claim_details import HeldClaimDetails

from rcm_claims.adapters.encounter_translation import clinician_from_wire
from rcm_claims.domain.claim_details import Attachment, LineDrug, RelatedCauses
from rcm_claims.domain.detail_corrections import LineDrugSetting, SetClaimDetails


def details_correction(details: HeldClaimDetails) -> SetClaimDetails:
    causes = details.related_causes
    return SetClaimDetails(
        referring_provider=clinician_from_wire(details.referring_provider),
        supervising_provider=clinician_from_wire(details.supervising_provider),
        clia_number=details.clia_number,
        delay_reason_code=details.delay_reason_code,
        related_causes=None
        if causes is None
        else RelatedCauses(
            codes=causes.codes, accident_state=causes.accident_state or "", accident_date=causes.accident_date
        ),
        onset_date=details.onset_date,
        attachments=None
        if details.attachments is None
        else tuple(
            Attachment(
                report_type=item.report_type,
                transmission_code=item.transmission_code,
                control_number=item.control_number or "",
            )
            for item in details.attachments
        ),
        line_drugs=tuple(
            LineDrugSetting(
                line_number=setting.line_number,
                drug=LineDrug(ndc=setting.drug.ndc, quantity=setting.drug.quantity, unit=setting.drug.unit),
            )
            for setting in details.line_drugs
        ),
    )
