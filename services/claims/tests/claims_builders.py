"""Builders for both test suites: coded encounters (the schema sample moved to an office visit at Northwind, a
payer in the directory, with the lines a test needs) and the other services' facts about our claims."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from rcm_claims.adapters.claim_ids import claim_id_for_encounter
from rcm_schemas import Event
from rcm_schemas import events as ev
from rcm_schemas.events.coding import EncounterCoded
from rcm_schemas.samples import sample_events

TENANT = "clinic-sunrise"
RECENT = datetime.now(UTC).date() - timedelta(days=5)
NORTHWIND = ev.Coverage(
    payer_id="NWHP1",
    payer_name="Northwind Health Plan",
    coverage_order="primary",
    member_id="NWH204816357",
    group_number="GRP100",
)
SELF_PAY = ev.Coverage(
    payer_id="SELF",
    payer_name="Self-pay",
    coverage_order="primary",
    member_id="pat-004567",  # registration sends the patient id: a self-pay patient has no member id
)


DETAIL_FACTS = (
    "referring_provider",
    "supervising_provider",
    "service_site",
    "clia_number",
    "related_causes",
    "onset_date",
    "delay_reason_code",
    "amount_paid_at_visit",
)
"""EncounterFacts fields new in v2 (the 837P detail facts), all optional."""


def with_zip_plus_4(provider: ev.BillingProvider) -> ev.BillingProvider:
    """The 837P needs the billing provider's ZIP+4 (data.billing_zip_plus_4); the schema sample's clinic has a
    5-digit ZIP, so the builders complete it here and the scenarios stay independent of that sample's data."""
    address = provider.practice_address.model_copy(update={"postal_code": "627041234"})
    return provider.model_copy(update={"practice_address": address})


def sample_encounter_coded() -> EncounterCoded:
    return next(event for event in sample_events() if isinstance(event, EncounterCoded))


def coded_encounter(
    encounter_id: str,
    *lines: ev.EncounterLine,
    date_of_service: date = RECENT,
    coverage: ev.Coverage = NORTHWIND,
) -> EncounterCoded:
    """The sample EncounterCoded moved to an in-person office visit at Northwind (in the payer directory), or
    billed to another coverage (SELF_PAY: the patient pays), by a clinic with a ZIP+4."""
    sample = sample_encounter_coded()
    facts = sample.facts.model_copy(
        update={
            "billing_provider": with_zip_plus_4(sample.facts.billing_provider),
            "coverage": coverage,
            "other_coverages": (),
            "date_of_service": date_of_service,
            "place_of_service": "11",
            "telehealth": False,
            "telehealth_mode": None,
            "patient_location": None,
            # The sample's 837P detail facts (referral, accident, CLIA...) are off unless a test sets them.
            **dict.fromkeys(DETAIL_FACTS),
        }
    )
    return sample.model_copy(
        update={
            "encounter_id": encounter_id,
            "facts": facts,
            "diagnoses": ("J069", "I10"),
            "lines": lines or (line(1, "99213"),),
        }
    )


def line(
    number: int,
    code: str,
    *,
    modifiers: tuple[str, ...] = (),
    units: int = 1,
    drug: ev.LineDrug | None = None,
) -> ev.EncounterLine:
    return ev.EncounterLine(
        line_number=number, procedure_code=code, modifiers=modifiers, units=units, drug=drug
    )


def claim_id_of(encounter_id: str) -> str:
    return claim_id_for_encounter(TENANT, encounter_id)


def _sample(kind: type[Event]) -> Event:
    return next(event for event in sample_events() if type(event) is kind)


def _adjudicated(kind: type[Event], claim_id: str, payer_claim_control_number: str, **changes: Any) -> Event:
    """A remittance sample about our claim (lines dropped: they describe the sample's own claim)."""
    values = {
        **_sample(kind).model_dump(),
        "claim_id": claim_id,
        "encounter_id": None,
        "payer_id": "NWHP1",
        "payer_claim_control_number": payer_claim_control_number,
        "lines": (),
        **changes,
    }
    return kind.model_validate(values)


def acknowledged(claim_id: str, interchange: str, payer_claim_control_number: str) -> ev.ClaimAcknowledged:
    return ev.ClaimAcknowledged(
        claim_id=claim_id,
        payer_id="NWHP1",
        ack_kind="277CA",
        interchange_control_number=interchange,
        status_code="A1:20",
        payer_claim_control_number=payer_claim_control_number,
    )


def denied(claim_id: str, payer_claim_control_number: str, charge: Any) -> Event:
    return _adjudicated(
        ev.ClaimDenied,
        claim_id,
        payer_claim_control_number,
        charge_amount=charge,
        denied_amount=charge,
        paid_amount="0.00",
    )


def paid(claim_id: str, payer_claim_control_number: str, charge: Any, amount: str) -> Event:
    return _adjudicated(
        ev.ClaimPaid,
        claim_id,
        payer_claim_control_number,
        charge_amount=charge,
        paid_amount=amount,
        patient_responsibility="0.00",
    )


def correction_requested(
    claim_id: str, correction_id: str, payer_claim_control_number: str, *fixes: Any
) -> ev.CorrectionRequested:
    return ev.CorrectionRequested(
        claim_id=claim_id,
        denial_id=f"den-{correction_id}",
        correction_id=correction_id,
        attempt=1,
        payer_claim_control_number=payer_claim_control_number,
        reason_carc="4",
        fixes=fixes,
    )
