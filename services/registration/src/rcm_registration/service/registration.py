"""Use cases: register an encounter, and correct an incomplete one. Pure apart from the EligibilityGateway.

Each returns a RegistrationDecision: the new aggregate state to store, and what to publish -
"registered" -> EncounterRegistered, "incomplete" -> RegistrationIncomplete + a work item, "unchanged" ->
nothing (a redelivered command, or one that no longer applies).
"""

from __future__ import annotations

from datetime import date

from rcm_registration.domain.correction import RegistrationCorrection, apply_correction
from rcm_registration.domain.eligibility import EligibilityResult
from rcm_registration.domain.encounter import Encounter
from rcm_registration.domain.payer_lookup import payer_in_force
from rcm_registration.domain.registration_decision import RegistrationDecision
from rcm_registration.domain.registration_rules import (
    data_problems,
    eligibility_problems,
    eligibility_request_for,
    needs_payer_verification,
)
from rcm_registration.service.ports import EligibilityGateway

__all__ = ["RegistrationDecision", "correct_registration", "decide_registration", "register_encounter"]


def decide_registration(
    encounter: Encounter, eligibility: EligibilityResult | None, *, work_item_id: str
) -> RegistrationDecision:
    """Pure: the encounter with its eligibility stored, registered if nothing is wrong, else incomplete.

    work_item_id is used only when the encounter becomes incomplete for the first time; an encounter that is
    incomplete again after a correction keeps its open work item.
    """
    problems = tuple(data_problems(encounter) + eligibility_problems(encounter, eligibility))
    if not problems:
        registered = encounter.model_copy(
            update={"status": "registered", "eligibility": eligibility, "problems": ()}
        )
        return RegistrationDecision(registered, "registered")
    incomplete = encounter.model_copy(
        update={
            "status": "incomplete",
            "eligibility": eligibility,
            "problems": problems,
            "work_item_id": encounter.work_item_id or work_item_id,
        }
    )
    return RegistrationDecision(incomplete, "incomplete", problems)


def self_pay_eligibility(encounter: Encounter, *, today: date) -> EligibilityResult:
    """No payer to ask: the patient pays, so the "coverage" is active by definition."""
    coverage = encounter.billing_coverage
    if coverage is None:
        raise ValueError("self-pay eligibility needs the encounter's self-pay billing coverage")
    return EligibilityResult(
        trace_number=encounter.encounter_id,
        payer_id=coverage.payer_id,
        checked_on=today,
        date_of_service=encounter.date_of_service,
        status="active",
        plan_name="Self-pay",
        message="self-pay: no eligibility inquiry sent",
    )


async def verify_eligibility(
    encounter: Encounter, gateway: EligibilityGateway, *, today: date
) -> EligibilityResult | None:
    """The 271 for the billing coverage; None when there is no coverage or the payer is unknown on the DOS."""
    coverage = encounter.billing_coverage
    if coverage is None or payer_in_force(coverage.payer_id, encounter.date_of_service) is None:
        return None
    if not needs_payer_verification(coverage, encounter.date_of_service):
        return self_pay_eligibility(encounter, today=today)
    return await gateway.verify(eligibility_request_for(encounter, coverage))


async def register_encounter(
    encounter: Encounter, gateway: EligibilityGateway, *, work_item_id: str, today: date
) -> RegistrationDecision:
    """Verify eligibility and decide. An encounter already registered is left alone (a replayed request)."""
    if encounter.status == "registered":
        return RegistrationDecision(encounter, "unchanged", reason="already registered")
    eligibility = await verify_eligibility(encounter, gateway, today=today)
    return decide_registration(encounter, eligibility, work_item_id=work_item_id)


async def correct_registration(
    encounter: Encounter, correction: RegistrationCorrection, gateway: EligibilityGateway, *, today: date
) -> RegistrationDecision:
    """Apply the front desk's fix, re-verify, decide. A repeated command changes nothing."""
    if correction.command_id in encounter.processed_command_ids:
        return RegistrationDecision(encounter, "unchanged", reason="command already applied")
    if encounter.status != "incomplete":
        return RegistrationDecision(
            encounter, "unchanged", reason=f"encounter is {encounter.status}, not incomplete"
        )
    if correction.work_item_id != encounter.work_item_id:
        return RegistrationDecision(encounter, "unchanged", reason="command names another work item")
    corrected = apply_correction(encounter, correction)
    eligibility = await verify_eligibility(corrected, gateway, today=today)
    if encounter.work_item_id is None:  # cannot happen: an incomplete encounter always has its work item
        raise ValueError("an incomplete encounter without a work item")
    return decide_registration(corrected, eligibility, work_item_id=encounter.work_item_id)
