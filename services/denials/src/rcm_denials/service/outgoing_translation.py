"""Domain -> wire: work items, correction requests, appeals and write-offs become the denials events.

A non-covered service is published with root cause "other" (its CARC still says which), as denials always
has; the shared vocabulary now has `non_covered`, but publishing it would change the events consumers read.
The domain's close_no_action is never published: a duplicate denial produces no event. Likewise an unrecognised
adjustment code is published as it was before it had a name of its own (root cause "other", action
correct_and_resubmit, the review rule's shape); its rule_id DEN-CARC-UNRECOGNISED tells consumers it is a review,
not a known denial.
"""

from __future__ import annotations

from typing import cast

from rcm_schemas.events import denials as wire
from rcm_schemas.events import fixes
from rcm_schemas.events.claim_details import AttachmentTransmission
from rcm_schemas.events.common import Coverage, PersonDemographics
from rcm_schemas.vocabulary import RootCause as RootCauseValue

from rcm_denials.domain.appeals import AppealFiledFact, DenialWrittenOffFact
from rcm_denials.domain.corrections import ClaimFix as DomainFix
from rcm_denials.domain.corrections import CorrectionRequest
from rcm_denials.domain.denial_facts import DenialSource, FixKind, RecommendedAction, RootCause
from rcm_denials.domain.work_items import WorkItem


class UnpublishableFix(ValueError):
    """A domain fix the wire cannot carry (a registration revision needs the data itself)."""


_PUBLISHED_AS_OTHER = frozenset({RootCause.NON_COVERED, RootCause.UNRECOGNISED_CODE})


def wire_root_cause(cause: RootCause) -> RootCauseValue:
    return cast(RootCauseValue, "other" if cause in _PUBLISHED_AS_OTHER else cause.value)


def wire_action(action: RecommendedAction) -> wire.RecommendedAction:
    if action is RecommendedAction.CLOSE_NO_ACTION:
        raise ValueError("close_no_action is never routed, so it is never published")
    if action in (RecommendedAction.REVIEW_ADJUSTMENT_CODE, RecommendedAction.ATTACH_DOCUMENTATION):
        return "correct_and_resubmit"
    return cast(wire.RecommendedAction, action.value)


def denial_routed(item: WorkItem, source: DenialSource) -> wire.DenialRouted:
    return wire.DenialRouted(
        claim_id=item.claim_id,
        denial_id=item.denial_id,
        work_item_id=item.work_item_id,
        payer_id=item.payer_id,
        source=source.value,
        root_cause=wire_root_cause(item.root_cause),
        recommended_action=wire_action(item.recommended_action),
        rule_id=item.rule_id,
        carc_codes=item.carc_codes,
        queue=item.queue.value,
        team=item.team.value,
        amount_at_risk=item.amount_at_risk,
        deadline=item.deadline,
    )


def wire_fix(fix: DomainFix) -> fixes.ClaimFix:
    line = fix.line_number
    match fix.kind:
        case FixKind.ADD_MODIFIER if line is not None:
            return fixes.AddModifier(line_number=line, modifier=fix.field("modifier") or "")
        case FixKind.REMOVE_MODIFIER if line is not None:
            return fixes.RemoveModifier(line_number=line, modifier=fix.field("modifier") or "")
        case FixKind.CHANGE_PLACE_OF_SERVICE:
            return fixes.ChangePlaceOfService(
                place_of_service=fix.field("place_of_service") or "", line_number=line
            )
        case FixKind.CHANGE_DIAGNOSIS_POINTERS if line is not None:
            pointers = tuple(int(p) for p in (fix.field("pointers") or "").split(",") if p)
            return fixes.ChangeDiagnosisPointers(line_number=line, diagnosis_pointers=pointers)
        case FixKind.REPLACE_DIAGNOSIS:
            position = int(fix.field("position") or 0)
            return fixes.ReplaceDiagnosis(position=position, diagnosis_code=fix.field("diagnosis_code") or "")
        case FixKind.SET_DIAGNOSES:
            return fixes.SetDiagnoses(diagnoses=tuple((fix.field("diagnoses") or "").split(",")))
        case FixKind.CHANGE_PROCEDURE_CODE if line is not None:
            return fixes.ChangeProcedureCode(
                line_number=line, procedure_code=fix.field("procedure_code") or ""
            )
        case FixKind.ADD_ATTACHMENT:
            return fixes.AddAttachment(
                report_type=fix.field("report_type") or "",
                transmission_code=cast(AttachmentTransmission, fix.field("transmission_code") or ""),
                control_number=fix.field("control_number"),
            )
        case FixKind.UPDATE_REGISTRATION_DATA if fix.field("coverage") or fix.field("patient"):
            coverage, patient = fix.field("coverage"), fix.field("patient")
            return fixes.UpdateRegistrationData(
                coverage=Coverage.model_validate_json(coverage) if coverage else None,
                patient=PersonDemographics.model_validate_json(patient) if patient else None,
            )
    raise UnpublishableFix(f"fix {fix.kind.value} cannot be sent as a correction")


def domain_fix(fix: fixes.ClaimFix) -> DomainFix:
    """A biller's fix from ResolveDenial, in the domain's terms (for the loop guard's fingerprints)."""
    match fix:
        case fixes.AddModifier():
            return DomainFix.of(FixKind.ADD_MODIFIER, fix.line_number, modifier=fix.modifier)
        case fixes.RemoveModifier():
            return DomainFix.of(FixKind.REMOVE_MODIFIER, fix.line_number, modifier=fix.modifier)
        case fixes.ChangePlaceOfService():
            return DomainFix.of(
                FixKind.CHANGE_PLACE_OF_SERVICE, fix.line_number, place_of_service=fix.place_of_service
            )
        case fixes.ChangeDiagnosisPointers():
            return DomainFix.of(
                FixKind.CHANGE_DIAGNOSIS_POINTERS,
                fix.line_number,
                pointers=",".join(map(str, fix.diagnosis_pointers)),
            )
        case fixes.ReplaceDiagnosis():
            return DomainFix.of(
                FixKind.REPLACE_DIAGNOSIS, None, position=str(fix.position), diagnosis_code=fix.diagnosis_code
            )
        case fixes.SetDiagnoses():
            return DomainFix.of(FixKind.SET_DIAGNOSES, None, diagnoses=",".join(fix.diagnoses))
        case fixes.ChangeProcedureCode():
            return DomainFix.of(
                FixKind.CHANGE_PROCEDURE_CODE, fix.line_number, procedure_code=fix.procedure_code
            )
        case fixes.AddAttachment():
            paperwork = {"report_type": fix.report_type, "transmission_code": fix.transmission_code}
            if fix.control_number is not None:
                paperwork["control_number"] = fix.control_number
            return DomainFix.of(FixKind.ADD_ATTACHMENT, None, **paperwork)
        case fixes.UpdateRegistrationData(coverage=coverage, patient=patient):
            # The front desk's corrected coverage (e.g. the right payer after a CO-27) travels on to claims; the
            # case keeps only the fix's fingerprint, so this PHI is never stored here.
            data: dict[str, str] = {}
            if coverage is not None:
                data["coverage"] = coverage.model_dump_json()
            if patient is not None:
                data["patient"] = patient.model_dump_json()
            return DomainFix.of(FixKind.UPDATE_REGISTRATION_DATA, None, **data)
    raise UnpublishableFix(f"fix {fix.kind} is applied by the biller in claims, not through a denial")


def correction_requested(
    request: CorrectionRequest, payer_claim_control_number: str | None
) -> wire.CorrectionRequested:
    return wire.CorrectionRequested(
        claim_id=request.claim_id,
        denial_id=request.denial_id,
        correction_id=request.correction_id,
        attempt=request.attempt,
        payer_claim_control_number=payer_claim_control_number,
        reason_carc=request.reason_carc,
        fixes=tuple(wire_fix(fix) for fix in request.fixes),
    )


def appeal_filed(fact: AppealFiledFact) -> wire.AppealFiled:
    return wire.AppealFiled(
        claim_id=fact.claim_id,
        denial_id=fact.denial_id,
        appeal_id=fact.appeal_id,
        payer_id=fact.payer_id,
        appeal_deadline=fact.appeal_deadline,
        amount_appealed=fact.amount_appealed,
        carc_codes=fact.carc_codes,
        letter_document_id=fact.letter_document_id,
        filed_by=fact.filed_by,
    )


def denial_written_off(fact: DenialWrittenOffFact) -> wire.DenialWrittenOff:
    return wire.DenialWrittenOff(
        claim_id=fact.claim_id,
        denial_id=fact.denial_id,
        payer_id=fact.payer_id,
        amount=fact.amount,
        root_cause=wire_root_cause(fact.root_cause),
        carc_codes=fact.carc_codes,
        reason=fact.reason,
        approved_by=fact.approved_by,
    )
