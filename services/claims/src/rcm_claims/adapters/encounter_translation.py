"""EncounterCoded (wire) -> ProfessionalClaim (domain): the only place that knows both shapes."""

from __future__ import annotations

from datetime import date

from rcm_codesets import payer
from rcm_schemas.events import claim_details as wire_details
from rcm_schemas.events import common as wire
from rcm_schemas.events.coding import EncounterCoded
from rcm_schemas.events.registration import EncounterFacts

from rcm_claims.adapters.claim_ids import claim_id_for_encounter
from rcm_claims.adapters.fee_schedule import ClinicFeeSchedule
from rcm_claims.domain.claim import (
    Address,
    BillingProvider,
    Coverage,
    Person,
    ProfessionalClaim,
    RenderingProvider,
    ServiceLine,
)
from rcm_claims.domain.claim_details import (
    LineDrug,
    NamedClinician,
    RelatedCauses,
    ServiceFacility,
)


def address_from_wire(address: wire.PostalAddress) -> Address:
    return Address(
        line1=address.line1,
        line2=address.line2 or "",
        city=address.city,
        state=address.state,
        postal_code=address.postal_code,
    )


def person_from_wire(person: wire.PersonDemographics) -> Person:
    return Person(
        first_name=person.first_name,
        last_name=person.last_name,
        middle_name=person.middle_name or "",
        birth_date=person.birth_date,
        sex=person.sex,
        address=address_from_wire(person.address),
    )


def coverage_from_wire(coverage: wire.Coverage) -> Coverage:
    return Coverage(
        payer_id=coverage.payer_id,
        payer_name=coverage.payer_name,
        order=coverage.coverage_order,
        member_id=coverage.member_id,
        group_number=coverage.group_number or "",
        relationship=coverage.relationship_code,
        subscriber=person_from_wire(coverage.subscriber) if coverage.subscriber is not None else None,
    )


_ORDER_RANK = {"primary": 1, "secondary": 2, "tertiary": 3}


def next_coverages(facts: EncounterFacts) -> tuple[Coverage, ...]:
    """The coverages billed after the one on the claim, in order (the others are not this claim's business).

    The wire names a further coverage by payer and member id only: its subscriber is taken to be the patient
    (relationship 18), and its name comes from the payer directory in force on the date of service.
    """
    billed_rank = _ORDER_RANK[facts.coverage.coverage_order]
    later = sorted(
        (other for other in facts.other_coverages if _ORDER_RANK[other.coverage_order] > billed_rank),
        key=lambda other: _ORDER_RANK[other.coverage_order],
    )
    return tuple(
        Coverage(
            payer_id=other.payer_id,
            payer_name=_payer_name(other.payer_id, facts.date_of_service),
            order=other.coverage_order,
            member_id=other.member_id,
        )
        for other in later
    )


def _payer_name(payer_id: str, on: date) -> str:
    entry = payer(payer_id, on)
    return entry.name if entry is not None else payer_id


def claim_from_encounter(event: EncounterCoded, tenant_id: str, fees: ClinicFeeSchedule) -> ProfessionalClaim:
    facts = event.facts
    claim_id = claim_id_for_encounter(tenant_id, event.encounter_id)
    billing = facts.billing_provider
    rendering = facts.rendering_provider
    lines = tuple(
        ServiceLine(
            line_number=line.line_number,
            line_control_number=f"{claim_id}-{line.line_number}",
            procedure_code=line.procedure_code,
            modifiers=line.modifiers,
            units=line.units,
            charge=fees.line_charge(line.procedure_code, line.units, facts.date_of_service),
            diagnosis_pointers=line.diagnosis_pointers,
            date_of_service=facts.date_of_service,
            place_of_service=facts.place_of_service,
            drug=drug_from_wire(line.drug),
            rendering_provider=clinician_from_wire(line.rendering_provider),
            supervising_provider=clinician_from_wire(line.supervising_provider),
            ordering_provider=clinician_from_wire(line.ordering_provider),
            referring_provider=clinician_from_wire(line.referring_provider),
        )
        for line in event.lines
    )
    return ProfessionalClaim(
        claim_id=claim_id,
        tenant_id=tenant_id,
        encounter_id=event.encounter_id,
        patient_id=event.patient_id,
        billing_provider=BillingProvider(
            npi=billing.npi,
            tax_id=billing.tax_id,
            name=billing.organization_name,
            address=address_from_wire(billing.practice_address),
            taxonomy_code=billing.taxonomy_code or "",
        ),
        rendering_provider=RenderingProvider(
            npi=rendering.npi,
            last_name=rendering.provider_last_name,
            first_name=rendering.provider_first_name or "",
            taxonomy_code=rendering.taxonomy_code or "",
        ),
        patient=person_from_wire(facts.patient),
        coverage=coverage_from_wire(facts.coverage),
        other_coverages=next_coverages(facts),
        diagnoses=event.diagnoses,
        lines=lines,
        prior_authorization_number=facts.prior_authorization_number or "",
        telehealth=facts.telehealth,
        telehealth_mode=facts.telehealth_mode,
        **claim_details_from_facts(facts),
    )


def claim_details_from_facts(facts: EncounterFacts) -> dict[str, object]:
    """The optional 837P facts registration captured (EncounterFacts v2), as ProfessionalClaim fields."""
    site = facts.service_site
    causes = facts.related_causes
    return {
        "referring_provider": clinician_from_wire(facts.referring_provider),
        "supervising_provider": clinician_from_wire(facts.supervising_provider),
        "service_facility": None
        if site is None
        else ServiceFacility(
            name=site.site_name, address=address_from_wire(site.site_address), npi=site.npi or ""
        ),
        "clia_number": facts.clia_number or "",
        "delay_reason_code": facts.delay_reason_code or "",
        "related_causes": None
        if causes is None
        else RelatedCauses(
            codes=causes.codes, accident_state=causes.accident_state or "", accident_date=causes.accident_date
        ),
        "onset_date": facts.onset_date,
        "patient_paid": facts.amount_paid_at_visit,
    }


def clinician_from_wire(provider: wire_details.ProviderReference | None) -> NamedClinician | None:
    if provider is None:
        return None
    return NamedClinician(
        npi=provider.npi, last_name=provider.provider_last_name, first_name=provider.provider_first_name or ""
    )


def drug_from_wire(drug: wire_details.LineDrug | None) -> LineDrug | None:
    return None if drug is None else LineDrug(ndc=drug.ndc, quantity=drug.quantity, unit=drug.unit)
