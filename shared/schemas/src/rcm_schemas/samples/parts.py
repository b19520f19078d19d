"""Building blocks of the samples: one synthetic clinic, patient, payer and claim (no real person)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from rcm_schemas import events as ev

TENANT = "clinic-sunrise"
ENCOUNTER = "enc-000123"
PATIENT = "pat-004567"
CLAIM = "CLM000123"
TRACE = "EFT20250312001"
PAYER = "AETNA01"
DOS = date(2025, 3, 3)
D = Decimal

ADDRESS = ev.PostalAddress(line1="12 Test Lane", city="Springfield", state="IL", postal_code="62701")
PATIENT_DEMOGRAPHICS = ev.PersonDemographics(
    first_name="Jane", last_name="Testpatient", birth_date=date(1980, 6, 15), sex="F", address=ADDRESS
)
COVERAGE = ev.Coverage(
    payer_id=PAYER,
    payer_name="Aetna Demo",
    coverage_order="primary",
    member_id="W123456789",
    group_number="GRP100",
    plan_name="Open Access PPO",
)
FACTS_V1 = ev.EncounterFactsV1(
    clinic_id="clinic-sunrise-main",
    billing_provider=ev.BillingProvider(
        npi="1234567893",
        tax_id="123456789",
        organization_name="Sunrise Family Clinic",
        taxonomy_code="207Q00000X",
        practice_address=ev.PostalAddress(
            line1="1 Main St", city="Springfield", state="IL", postal_code="62704"
        ),
    ),
    rendering_provider=ev.RenderingProvider(
        npi="1245319599", provider_last_name="Welby", provider_first_name="Marcus", taxonomy_code="207Q00000X"
    ),
    coverage=COVERAGE,
    other_coverages=(
        ev.OtherCoverage(payer_id="IL-MEDICAID", coverage_order="secondary", member_id="M998877"),
    ),
    patient=PATIENT_DEMOGRAPHICS,
    date_of_service=DOS,
    place_of_service="10",
    telehealth=True,
    telehealth_mode="audio_video",
    patient_location="home",
    eligibility=ev.EligibilitySummary(
        active=True,
        checked_on=date(2025, 3, 1),
        plan_name="Open Access PPO",
        copay=D("25.00"),
        coinsurance_percent=20,
        deductible_remaining=D("350.00"),
        prior_auth_required_codes=("97110",),
    ),
)
FACTS = ev.EncounterFacts(
    **FACTS_V1.model_dump(),
    referring_provider=ev.ProviderReference(
        npi="1003000126", provider_last_name="Referrer", provider_first_name="Rita"
    ),
    supervising_provider=ev.ProviderReference(npi="1245319599", provider_last_name="Welby"),
    service_site=ev.ServiceSite(
        site_name="Sunrise Satellite Site",
        site_address=ev.PostalAddress(
            line1="40 Elm St", city="Springfield", state="IL", postal_code="627030040"
        ),
    ),
    clia_number="14D0987654",
    related_causes=ev.RelatedCauses(codes=("AA",), accident_state="IL", accident_date=date(2025, 2, 20)),
    onset_date=date(2025, 2, 20),
    amount_paid_at_visit=D("25.00"),
)
LINES = (
    ev.SelectedLine(line_number=1, procedure_code="99214", modifiers=("95",), diagnosis_pointers=(1, 2)),
    ev.SelectedLine(line_number=2, procedure_code="G2211", modifiers=("95",), diagnosis_pointers=(1,)),
)
ENCOUNTER_LINES = (
    *(ev.EncounterLine(**line.model_dump()) for line in LINES),
    ev.EncounterLine(
        line_number=3,
        procedure_code="J1100",
        units=1,
        diagnosis_pointers=(1,),
        drug=ev.LineDrug(ndc="00641037621", quantity=D("1"), unit="ML"),
    ),
)
FINDING = ev.Finding(
    rule_id="NCCI-PTP-0",
    severity="error",
    message="99214 and G2211 are an NCCI pair with indicator 0",
    fix_hint="Remove one of the two lines",
    line_number=2,
)
DENIED_LINE = ev.RemitLine(
    line_number=1,
    line_control_number="CLM000123-1",
    procedure_code="99214",
    charge_amount=D("180.00"),
    allowed_amount=D("0.00"),
    paid_amount=D("0.00"),
    adjustments=(ev.Adjustment(group_code="CO", carc="4", amount=D("180.00")),),
    remark_codes=("N519",),
)
PAID_LINE = ev.RemitLine(
    line_number=1,
    line_control_number="CLM000123-1",
    procedure_code="99214",
    modifiers=("95",),
    charge_amount=D("180.00"),
    allowed_amount=D("132.50"),
    paid_amount=D("107.50"),
    adjustments=(
        ev.Adjustment(group_code="CO", carc="45", amount=D("47.50")),
        ev.Adjustment(group_code="PR", carc="3", amount=D("25.00")),
    ),
)
ADJUDICATED = {
    "claim_id": CLAIM,
    "encounter_id": ENCOUNTER,
    "payer_id": PAYER,
    "trace_number": TRACE,
    "payer_claim_control_number": "PCN7781",
    "date_of_service": DOS,
    "payment_date": date(2025, 3, 12),
    "charge_amount": D("180.00"),
}
DENIED = {
    **ADJUDICATED,
    "claim_status_code": "4",
    "paid_amount": D("0.00"),
    "denied_amount": D("180.00"),
    "lines": (DENIED_LINE,),
    "place_of_service": "10",
    "telehealth": True,
    "billing_provider_npi": "1234567893",
    "rendering_provider_npi": "1245319599",
}
FIX = ev.AddModifier(line_number=1, modifier="95")
WHO = "biller.ann"
