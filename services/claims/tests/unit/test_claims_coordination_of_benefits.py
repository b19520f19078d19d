"""The claim to the next payer (coordination of benefits), built from the prior payer's adjudication."""

from datetime import date
from decimal import Decimal

import pytest
from rcm_claims.domain.claim import Coverage, PriorAdjudication, PriorAdjustment, PriorLine, ProfessionalClaim
from rcm_claims.domain.coordination import (
    NextPayerNotBilled,
    next_payer_claim,
    next_payer_claim_id,
)
from rcm_claims.sample_claims import NORTHWIND, sample_claim, sample_line

D = Decimal
MEDICAID = Coverage(
    payer_id="IL-MEDICAID", payer_name="ILLINOIS MEDICAID", order="secondary", member_id="M998877"
)


def _primary() -> ProfessionalClaim:
    lines = (sample_line(1, "99213"), sample_line(2, "36415"))
    return sample_claim(*lines, other_coverages=(MEDICAID,))


def _decision(claim: ProfessionalClaim, *, patient_share: Decimal = D("20.00")) -> PriorAdjudication:
    lines = []
    for line in claim.lines:
        share = patient_share if line.line_number == 1 else D("0.00")
        contractual = line.charge - D("50.00") if line.line_number == 1 else line.charge - D("3.00")
        paid = line.charge - contractual - share
        adjustments = [PriorAdjustment(group_code="CO", carc="45", amount=contractual)]
        if share:
            adjustments.append(PriorAdjustment(group_code="PR", carc="2", amount=share))
        lines.append(
            PriorLine(
                line_number=line.line_number,
                procedure_code=line.procedure_code,
                paid=paid,
                adjustments=tuple(adjustments),
            )
        )
    return PriorAdjudication(
        claim_id=claim.claim_id,
        paid=sum((line.paid for line in lines), D("0")),
        patient_responsibility=patient_share,
        adjudicated_on=date(2025, 3, 20),
        lines=tuple(lines),
    )


def test_the_secondary_claim_repeats_the_visit_for_the_next_payer_with_the_primarys_decision() -> None:
    primary = _primary()
    decision = _decision(primary)
    next_id = next_payer_claim_id(primary.claim_id, "IL-MEDICAID")

    secondary = next_payer_claim(primary, decision, claim_status_code="1", next_claim_id=next_id)

    assert secondary.claim_id == next_id and next_id.startswith("S") and len(next_id) == 21
    assert secondary.coverage == MEDICAID and secondary.other_coverages == ()
    assert [line.charge for line in secondary.lines] == [line.charge for line in primary.lines]
    assert [line.line_control_number for line in secondary.lines] == [f"{next_id}-1", f"{next_id}-2"]
    (carried,) = secondary.prior_adjudications
    assert carried.coverage == NORTHWIND and carried.paid == decision.paid
    assert secondary.frequency_code == "1" and secondary.original_claim_id is None


def test_the_next_claim_id_is_stable_per_prior_claim_and_payer() -> None:
    assert next_payer_claim_id("C1", "P2") == next_payer_claim_id("C1", "P2")
    assert next_payer_claim_id("C1", "P2") != next_payer_claim_id("C1", "P3")


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"other_coverages": ()}, "no further coverage"),
        ({"claim_status_code": "19"}, "crossover"),
        ({"patient_share": D("0.00")}, "nothing to the patient"),
    ],
)
def test_no_secondary_claim_when_none_is_due(change: dict[str, object], why: str) -> None:
    primary = _primary()
    share = change.get("patient_share", D("20.00"))
    assert isinstance(share, Decimal)
    decision = _decision(primary, patient_share=share)
    if "other_coverages" in change:
        primary = primary.model_copy(update={"other_coverages": ()})
    with pytest.raises(NextPayerNotBilled, match=why):
        next_payer_claim(
            primary, decision, claim_status_code=str(change.get("claim_status_code", "1")), next_claim_id="S1"
        )


def test_a_line_the_payer_did_not_adjudicate_on_its_own_stops_the_secondary() -> None:
    primary = _primary()
    decision = _decision(primary)
    only_first = decision.model_copy(update={"lines": decision.lines[:1]})
    with pytest.raises(NextPayerNotBilled, match="line 2 has no adjudication"):
        next_payer_claim(primary, only_first, claim_status_code="1", next_claim_id="S1")
    unbalanced_line = decision.lines[1].model_copy(update={"paid": decision.lines[1].paid + D("1.00")})
    unbalanced = decision.model_copy(update={"lines": (decision.lines[0], unbalanced_line)})
    with pytest.raises(NextPayerNotBilled, match="do not balance"):
        next_payer_claim(primary, unbalanced, claim_status_code="1", next_claim_id="S1")
