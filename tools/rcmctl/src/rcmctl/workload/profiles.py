"""Three clinic profiles of the demo: who they are, how they bill, and the mix of their visits."""

from __future__ import annotations

from dataclasses import dataclass

# Payer ids of the reference payer directory (rcm_codesets payers.json).
MEDICARE, MEDICARE_ADVANTAGE, MEDICAID = "MCR01", "TSMA1", "MCD01"
COMMERCIAL = ("NWHP1", "CCPPO", "FBHMO")
SELF_PAY = "SELF"
MEDICARE_SUPPLEMENT = "CCPPO"
"""The plan a Medicare patient's Medigap or employer-retiree coverage is billed to, second (a commercial payer of
the directory stands in for a Medigap plan)."""
MEDICARE_SECONDARY_SHARE = 0.8
"""Medicare patients with a second coverage (workload-params §1: about 80% carry a Medigap, employer-retiree or
Medicaid crossover plan; ASSUMPTION, L). Billed as a secondary claim after Medicare's 835."""
DUAL_ELIGIBLE_SHARE = 0.15
"""Medicare patients also on Medicaid (ASSUMPTION: about one in six beneficiaries is dual eligible). Medicare
forwards their claims to Medicaid itself (crossover); the others' supplement is billed by the clinic."""


@dataclass(frozen=True)
class ClinicProfile:
    key: str
    name: str
    billing_model: str  # in_house | outsourced | hybrid
    providers: int
    share_of_encounters: float
    payer_mix: dict[str, float]  # §1b, "other" folded into commercial
    established_em_mix: dict[str, float]  # §2a
    new_em_mix: dict[str, float]  # §2a
    new_patient_share: float  # §2a ASSUMPTION
    procedure_share: float  # §2b: same-day minor procedure, E/M with modifier 25
    lab_share: float  # §2b ASSUMPTION
    telehealth_share: float  # §3
    charge_multiple: float  # §4e


PRIMARY_CARE_EST = {"99211": 0.03, "99212": 0.06, "99213": 0.47, "99214": 0.40, "99215": 0.04}
SPECIALTY_EST = {"99211": 0.01, "99212": 0.03, "99213": 0.30, "99214": 0.55, "99215": 0.11}
PRIMARY_CARE_NEW = {"99202": 0.03, "99203": 0.35, "99204": 0.53, "99205": 0.09}
SPECIALTY_NEW = {"99202": 0.01, "99203": 0.13, "99204": 0.63, "99205": 0.23}


def _mix(
    commercial: float, medicare: float, advantage: float, medicaid: float, self_pay: float, other: float
) -> dict[str, float]:
    per_commercial = (commercial + other) / len(COMMERCIAL)
    return {
        MEDICARE: medicare,
        MEDICARE_ADVANTAGE: advantage,
        MEDICAID: medicaid,
        SELF_PAY: self_pay,
        **{payer: per_commercial for payer in COMMERCIAL},
    }


PROFILES: tuple[ClinicProfile, ...] = (
    ClinicProfile(
        key="family",
        name="Maple Street Family Clinic",
        billing_model="outsourced",
        providers=3,
        share_of_encounters=0.25,
        payer_mix=_mix(42, 14, 17, 16, 6, 5),
        established_em_mix=PRIMARY_CARE_EST,
        new_em_mix=PRIMARY_CARE_NEW,
        new_patient_share=0.10,
        procedure_share=0.06,
        lab_share=0.25,
        telehealth_share=0.06,
        charge_multiple=2.0,
    ),
    ClinicProfile(
        key="multispecialty",
        name="Riverside Multi-Specialty Group",
        billing_model="hybrid",
        providers=8,
        share_of_encounters=0.35,
        payer_mix=_mix(35, 22, 26, 10, 3, 4),
        established_em_mix=SPECIALTY_EST,
        new_em_mix=SPECIALTY_NEW,
        new_patient_share=0.25,
        procedure_share=0.30,
        lab_share=0.15,
        telehealth_share=0.03,
        charge_multiple=2.5,
    ),
    ClinicProfile(
        key="hospital",
        name="Lakeside Hospital Outpatient Clinic",
        billing_model="in_house",
        providers=12,
        share_of_encounters=0.40,
        payer_mix=_mix(30, 12, 14, 30, 10, 4),
        established_em_mix=PRIMARY_CARE_EST,
        new_em_mix=PRIMARY_CARE_NEW,
        new_patient_share=0.10,
        procedure_share=0.10,
        lab_share=0.25,
        telehealth_share=0.10,
        charge_multiple=2.0,
    ),
)


@dataclass(frozen=True)
class DefectRates:
    """Share of encounters carrying a defect of each kind (§5a x §5b, DERIVED)."""

    registration: float = 0.04
    coding: float = 0.04
    bundling: float = 0.02
