"""A line's own clinicians (ordering, referring...), captured at registration, reach EncounterCoded on the line
with the same procedure code, whether the encounter was coded automatically or by a coder."""

from __future__ import annotations

from coding_fakes import coding_world, message, office_visit
from rcm_schemas.events.claim_details import EncounterLine, ProviderReference
from rcm_schemas.events.coding import (
    AssignCodingReview,
    CodingReviewRequired,
    CompleteCodingReview,
    EncounterCoded,
)
from rcm_schemas.events.common import SelectedLine
from rcm_schemas.events.registration import EncounterRegistered

ORDERING = ProviderReference(npi="1003000126", provider_last_name="Orderer", provider_first_name="Olga")
REFERRING = ProviderReference(npi="1245319599", provider_last_name="Referrer")


def _with_a_lab_line(visit: EncounterRegistered) -> EncounterRegistered:
    lab = EncounterLine(
        line_number=2,
        procedure_code="85025",
        diagnosis_pointers=(1,),
        ordering_provider=ORDERING,
        referring_provider=REFERRING,
    )
    return visit.model_copy(update={"selected_lines": (*visit.selected_lines, lab)})


async def test_a_lab_lines_ordering_provider_reaches_encounter_coded() -> None:
    world = coding_world()
    visit = _with_a_lab_line(office_visit("enc-lab"))
    await world.workflow.code_registered(visit, message(visit, "registration"))

    (coded,) = world.published(EncounterCoded)
    lab = next(line for line in coded.lines if line.procedure_code == "85025")
    assert (lab.ordering_provider, lab.referring_provider) == (ORDERING, REFERRING)
    assert lab.supervising_provider is None and lab.rendering_provider is None
    others = [line for line in coded.lines if line.procedure_code != "85025"]
    assert others and all(line.ordering_provider is None for line in others)


async def test_a_coder_renumbering_the_lines_keeps_the_clinicians_on_their_code() -> None:
    world = coding_world()
    visit = _with_a_lab_line(office_visit("enc-lab-2", diagnoses=("E11",)))  # not billable: goes to a coder
    await world.workflow.code_registered(visit, message(visit, "registration"))
    (review,) = world.published(CodingReviewRequired)
    take = AssignCodingReview(
        encounter_id="enc-lab-2", work_item_id=review.work_item_id, coder_id="coder.kim"
    )
    await world.workflow.assign(take, message(take))
    approve = CompleteCodingReview(
        encounter_id="enc-lab-2",
        work_item_id=review.work_item_id,
        coder_id="coder.kim",
        diagnoses=("I10",),
        lines=(
            SelectedLine(line_number=1, procedure_code="85025", diagnosis_pointers=(1,)),
            SelectedLine(line_number=2, procedure_code="99213", diagnosis_pointers=(1,)),
        ),
    )
    await world.workflow.complete(approve, message(approve))

    (coded,) = world.published(EncounterCoded)
    assert [(line.procedure_code, line.ordering_provider) for line in coded.lines] == [
        ("85025", ORDERING),
        ("99213", None),
    ]
