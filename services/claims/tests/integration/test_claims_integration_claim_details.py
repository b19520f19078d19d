"""Acceptance on the real stack: an EncounterCoded carrying the 837P details (referring and supervising
provider, site, CLIA, accident, onset, amount paid, a drug line's NDC) becomes a submitted claim whose 837P
model carries every one of them; a lab test without the clinic's CLIA is held with its fix hint."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import rcm_x12
from claims_scenarios import (
    RECENT,
    claim_id_of,
    claims_events,
    coded_encounter,
    line,
    publish,
    pyx12_errors,
    wait_for_claim,
)
from rcm_claims.domain.lifecycle import ClaimStatus
from rcm_claims.domain.to_x12 import to_x12_claim
from rcm_claims.settings import ClaimsSettings
from rcm_platform import Service
from rcm_schemas import events as ev
from rcm_schemas.events.claims import ClaimHeld, ClaimSubmitted
from rcm_schemas.events.coding import EncounterCoded

pytestmark = pytest.mark.stack

CONTOSO = ev.Coverage(
    payer_id="CCPPO", payer_name="Contoso PPO", coverage_order="primary", member_id="CCP2048163501"
)
DRUG = ev.LineDrug(ndc="00003029320", quantity=Decimal("4"), unit="ML")


def _with_details(encounter: EncounterCoded) -> EncounterCoded:
    site_address = ev.PostalAddress(
        line1="40 Elm St", city="Springfield", state="IL", postal_code="627030040"
    )
    facts = encounter.facts.model_copy(
        update={
            "referring_provider": ev.ProviderReference(
                npi="1003000126", provider_last_name="Referrer", provider_first_name="Rita"
            ),
            "supervising_provider": ev.ProviderReference(npi="1245319599", provider_last_name="Welby"),
            "service_site": ev.ServiceSite(site_name="Sunrise North", site_address=site_address),
            "clia_number": "14D0987654",
            "related_causes": ev.RelatedCauses(
                codes=("AA",), accident_state="IL", accident_date=RECENT - timedelta(days=3)
            ),
            "onset_date": RECENT - timedelta(days=3),
            "amount_paid_at_visit": Decimal("25.00"),
        }
    )
    return encounter.model_copy(update={"facts": facts})


async def test_the_837p_details_of_an_encounter_reach_the_submitted_claim(
    claims_settings: ClaimsSettings, claims_service: Service
) -> None:
    encounter = _with_details(
        coded_encounter(
            "enc-details-1",
            line(1, "99213", modifiers=("25",)),
            line(2, "20610"),
            line(3, "J3301", units=4, drug=DRUG),
            line(4, "85025"),
            coverage=CONTOSO,  # Northwind wants a prior authorisation for the injection, Contoso does not
        )
    )
    await publish(claims_service, encounter)
    claim_id = claim_id_of("enc-details-1")

    record = await wait_for_claim(claims_service, claim_id, lambda r: r.status is ClaimStatus.SUBMITTED)
    model = to_x12_claim(record.claim)  # the claim as stored (through the PHI cipher and back)
    assert model.referring_provider == rcm_x12.NamedProvider("Referrer", "1003000126", "Rita")
    assert model.supervising_provider == rcm_x12.NamedProvider("Welby", "1245319599", "")
    assert model.service_facility is not None and model.service_facility.name == "Sunrise North"
    assert model.clia_number == "14D0987654"  # a lab line (85025) is on the claim
    assert model.related_causes == rcm_x12.RelatedCauses(("AA",), "IL", RECENT - timedelta(days=3))
    assert model.onset_date == RECENT - timedelta(days=3) and model.patient_paid == Decimal("25.00")
    assert [line.drug for line in model.lines] == [
        None,
        None,
        rcm_x12.DrugIdentification("00003029320", Decimal("4"), "ML"),
        None,
    ]

    (submitted,) = await claims_events(claims_settings, event_type="ClaimSubmitted")
    event = submitted.payload
    assert isinstance(event, ClaimSubmitted) and event.claim_id == claim_id
    assert pyx12_errors(event.x12_837p) == []
    for segment in ("NM1*DN*1*Referrer*Rita****XX*1003000126~", "REF*X4*14D0987654~", "LIN**N4*00003029320~"):
        assert segment in event.x12_837p, segment


async def test_a_lab_test_without_the_clinics_clia_is_held_with_the_fix_hint(
    claims_settings: ClaimsSettings, claims_service: Service
) -> None:
    encounter = coded_encounter("enc-details-2", line(1, "99213"), line(2, "36415"), line(3, "85025"))
    await publish(claims_service, encounter)
    claim_id = claim_id_of("enc-details-2")

    await wait_for_claim(claims_service, claim_id, lambda r: r.status is ClaimStatus.HELD)
    (held,) = await claims_events(claims_settings, event_type="ClaimHeld")
    event = held.payload
    assert isinstance(event, ClaimHeld) and event.claim_id == claim_id
    (finding,) = [f for f in event.findings if f.severity == "error"]
    assert (finding.rule_id, finding.line_number) == ("data.clia_missing", 3)
    assert finding.fix_hint is not None and "clia_number" in finding.fix_hint


async def test_a_biller_sets_the_missing_clia_on_the_held_claim_and_it_is_submitted(
    claims_settings: ClaimsSettings, claims_service: Service
) -> None:
    encounter = coded_encounter("enc-details-3", line(1, "99213"), line(2, "85025"))
    await publish(claims_service, encounter)
    claim_id = claim_id_of("enc-details-3")
    held = await wait_for_claim(claims_service, claim_id, lambda r: r.status is ClaimStatus.HELD)
    assert held.work_item is not None

    command = ev.SetHeldClaimDetails(
        claim_id=claim_id,
        work_item_id=held.work_item.work_item_id,
        requested_by="biller.ann",
        details=ev.HeldClaimDetails(clia_number="14D0987654"),
    )
    await publish(claims_service, command)

    record = await wait_for_claim(claims_service, claim_id, lambda r: r.status is ClaimStatus.SUBMITTED)
    assert record.claim.clia_number == "14D0987654"
    (submitted,) = await claims_events(claims_settings, event_type="ClaimSubmitted")
    assert "REF*X4*14D0987654~" in submitted.payload.x12_837p  # type: ignore[attr-defined]
