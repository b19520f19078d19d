"""ClaimFix (wire, shared by UpdateHeldClaim and CorrectionRequested) -> Correction (domain), one to one."""

from __future__ import annotations

from collections.abc import Iterable

from rcm_schemas.events import fixes as wire

from rcm_claims.adapters.encounter_translation import coverage_from_wire, person_from_wire
from rcm_claims.domain import corrections as domain
from rcm_claims.domain.claim_details import Attachment


def correction_from_fix(fix: wire.ClaimFix) -> domain.Correction:
    match fix:
        case wire.AddModifier(line_number=number, modifier=modifier):
            return domain.AddModifier(line_number=number, modifier=modifier)
        case wire.RemoveModifier(line_number=number, modifier=modifier):
            return domain.RemoveModifier(line_number=number, modifier=modifier)
        case wire.ChangePlaceOfService(place_of_service=place, line_number=number):
            return domain.ChangePlaceOfService(place_of_service=place, line_number=number)
        case wire.ChangeDiagnosisPointers(line_number=number, diagnosis_pointers=pointers):
            return domain.ChangeDiagnosisPointers(line_number=number, diagnosis_pointers=pointers)
        case wire.ChangeUnits(line_number=number, units=units):
            return domain.ChangeUnits(line_number=number, units=units)
        case wire.ReplaceDiagnosis(position=position, diagnosis_code=code):
            return domain.ReplaceDiagnosis(position=position, diagnosis_code=code)
        case wire.SetDiagnoses(diagnoses=codes):
            return domain.SetDiagnoses(diagnoses=codes)
        case wire.ChangeProcedureCode(line_number=number, procedure_code=code):
            return domain.ChangeProcedureCode(
                line_number=number, procedure_code=code
            )  # priced by the workflow
        case wire.AddAttachment(report_type=report, transmission_code=transmission, control_number=control):
            return domain.AddAttachment(
                attachment=Attachment(
                    report_type=report, transmission_code=transmission, control_number=control or ""
                )
            )
        case wire.SetPriorAuthorization(prior_authorization_number=number):
            return domain.SetPriorAuthorization(prior_authorization_number=number)
        case wire.UpdateRegistrationData(coverage=coverage, patient=patient):
            return domain.UpdateRegistrationData(
                coverage=coverage_from_wire(coverage) if coverage is not None else None,
                patient=person_from_wire(patient) if patient is not None else None,
            )
    raise ValueError(f"unknown claim fix kind {getattr(fix, 'kind', '?')!r}")


def corrections_from_fixes(fixes: Iterable[wire.ClaimFix]) -> tuple[domain.Correction, ...]:
    return tuple(correction_from_fix(fix) for fix in fixes)
