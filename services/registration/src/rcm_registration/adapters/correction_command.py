"""From the front desk's correction to the CorrectRegistration command on the wire (the CorrectionCommands port)."""

from __future__ import annotations

from rcm_platform import Service
from rcm_schemas.events import CorrectRegistration
from rcm_schemas.events import Coverage as WireCoverage

from rcm_registration.adapters.event_translation import wire_person
from rcm_registration.domain.correction import CorrectionFields
from rcm_registration.domain.coverage import CoverageDetails
from rcm_registration.domain.encounter import Encounter
from rcm_registration.domain.payer_lookup import payer_in_force


def wire_corrected_coverage(details: CoverageDetails, encounter: Encounter) -> WireCoverage:
    found = payer_in_force(details.payer_id, encounter.date_of_service)
    return WireCoverage(
        payer_id=details.payer_id,
        payer_name=found.name if found else details.payer_id,
        coverage_order=details.coverage_order,
        # Self-pay has no member id; the patient id stands in, as on EncounterRegistered.
        member_id=details.member_id or encounter.patient.patient_id,
        group_number=details.group_number,
        relationship_code=details.relationship_code,
        subscriber=None
        if details.patient_is_subscriber or details.subscriber is None
        else wire_person(details.subscriber),
    )


def correct_registration_command(
    fields: CorrectionFields,
    *,
    encounter: Encounter,
    coverage: CoverageDetails | None,
    requested_by: str,
) -> CorrectRegistration:
    """`coverage` is the request's own, or the stored coverage it named by coverage_id (already resolved)."""
    if encounter.work_item_id is None:
        raise ValueError("only an incomplete encounter (with its work item) is corrected")
    return CorrectRegistration(
        encounter_id=encounter.encounter_id,
        work_item_id=encounter.work_item_id,
        requested_by=requested_by,
        coverage=None if coverage is None else wire_corrected_coverage(coverage, encounter),
        patient=None if fields.patient is None else wire_person(fields.patient),
        date_of_service=fields.date_of_service,
        prior_authorization_number=fields.prior_authorization_number,
    )


class PublishedCorrections:
    """Publishes the command through the service; the encounter's writer (our own consumer) applies it."""

    def __init__(self, service: Service) -> None:
        self._service = service

    async def send(
        self,
        encounter: Encounter,
        fields: CorrectionFields,
        *,
        coverage: CoverageDetails | None,
        requested_by: str,
    ) -> str:
        command = correct_registration_command(
            fields, encounter=encounter, coverage=coverage, requested_by=requested_by
        )
        return str(await self._service.publish(command, tenant_id=encounter.tenant_id))
