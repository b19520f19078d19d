"""The front desk's new coverage for a REGISTERED encounter (a payer denied the claim for coverage, e.g. CO-27).

An incomplete encounter is fixed through its work item (domain.correction); a registered one keeps its status
and its documentation, and only its coverage of the corrected order and the payer's answer change.
"""

from __future__ import annotations

from rcm_registration.domain.coverage import Coverage, CoverageDetails, in_billing_order
from rcm_registration.domain.encounter import Encounter


def with_corrected_coverage(encounter: Encounter, details: CoverageDetails, *, command_id: str) -> Encounter:
    """The encounter with `details` in place of its coverage of the same order, awaiting a new 271.

    A replaced coverage keeps its id (the patient's record of it is the front desk's to update); a coverage of an
    order the encounter did not have gets an id from the command, so a redelivered command makes the same one.
    """
    replaced = next((c for c in encounter.coverages if c.coverage_order == details.coverage_order), None)
    corrected = Coverage(
        **dict(details),
        tenant_id=encounter.tenant_id,
        coverage_id=replaced.coverage_id if replaced else f"cov-{command_id}"[:64],
        patient_id=encounter.patient.patient_id,
    )
    others = tuple(c for c in encounter.coverages if c.coverage_order != details.coverage_order)
    changes = {
        "coverages": in_billing_order((*others, corrected)),
        "eligibility": None,
        "processed_command_ids": (*encounter.processed_command_ids, command_id),
    }
    # Re-validated whole, as every correction is: nothing the intake would refuse gets in this way.
    return Encounter.model_validate({**dict(encounter), **changes})
