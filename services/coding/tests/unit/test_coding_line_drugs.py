"""A drug line's NDC, captured at registration, reaches EncounterCoded whoever coded the encounter."""

from __future__ import annotations

from decimal import Decimal

from coding_fakes import coding_world, message, office_visit
from rcm_schemas.events.claim_details import EncounterLine, LineDrug
from rcm_schemas.events.coding import (
    AssignCodingReview,
    CodingReviewRequired,
    CompleteCodingReview,
    EncounterCoded,
)
from rcm_schemas.events.common import SelectedLine

DRUG = LineDrug(ndc="00641037621", quantity=Decimal("1"), unit="ML")


async def test_a_coder_approving_a_drug_line_keeps_the_ndc_registration_captured() -> None:
    world = coding_world()
    visit = office_visit("enc-drug", diagnoses=("E11",))  # not billable: goes to a coder
    visit = visit.model_copy(
        update={
            "selected_lines": (
                *visit.selected_lines,
                EncounterLine(line_number=2, procedure_code="J1100", diagnosis_pointers=(1,), drug=DRUG),
            )
        }
    )
    await world.workflow.code_registered(visit, message(visit, "registration"))
    (review,) = world.published(CodingReviewRequired)
    take = AssignCodingReview(encounter_id="enc-drug", work_item_id=review.work_item_id, coder_id="coder.kim")
    await world.workflow.assign(take, message(take))

    # The coder re-enters the lines in another order; the NDC follows the procedure code, not the position.
    approve = CompleteCodingReview(
        encounter_id="enc-drug",
        work_item_id=review.work_item_id,
        coder_id="coder.kim",
        diagnoses=("I10",),
        lines=(
            SelectedLine(line_number=1, procedure_code="J1100", diagnosis_pointers=(1,)),
            SelectedLine(line_number=2, procedure_code="99213", diagnosis_pointers=(1,)),
        ),
    )
    await world.workflow.complete(approve, message(approve))

    (coded,) = world.published(EncounterCoded)
    assert [(line.procedure_code, line.drug) for line in coded.lines] == [("J1100", DRUG), ("99213", None)]
    assert coded.facts.clia_number == visit.facts.clia_number and coded.facts == visit.facts
