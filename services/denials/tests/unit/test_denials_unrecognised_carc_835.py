"""A hand-written 835 whose CAS carries a CARC we have no category for (Z9): the claim becomes a person's review
item in the billing queue, not a denial, and the denial KPIs leave it out. A categorised code on the same kind of
file (CO-197) is routed by its rule as before.

The 835 is read with rcm_x12 and turned into the ClaimDenied remittance would send (only the fields denials
reads), so the test starts from the segments themselves.
"""

from __future__ import annotations

from decimal import Decimal

from denials_fakes import DenialsWorld
from denials_stack_scenarios import claim_denied
from rcm_denials.domain.denial_facts import RecommendedAction, RootCause, WorkQueue
from rcm_denials.service.analytics_report import denial_record, denial_report
from rcm_denials.service.case_documents import CaseContext
from rcm_schemas.events.common import Adjustment, RemitLine
from rcm_schemas.events.denials import DenialRouted
from rcm_schemas.events.remittance import ClaimDenied
from rcm_x12 import RemitClaim, read_835

# By hand: two denied claims from one payer. CLM71 is denied under Z9, a code X12 never issued; CLM72 under CO-197.
FILE_835 = """\
ISA*00*          *00*          *ZZ*PAYERX         *ZZ*CLINICY        *250320*0900*^*00501*000000071*0*P*:~
GS*HP*PAYERX*CLINICY*20250320*0900*71*X*005010X221A1~
ST*835*0001~
BPR*I*0*C*NON************20250320~
TRN*1*EFT71*1512345678~
N1*PR*PRAIRIE MUTUAL*XV*PM001~
N1*PE*SPRINGFIELD FAMILY CLINIC*XX*1234567893~
LX*1~
CLP*CLM71*4*150*0**12*PMCN71~
SVC*HC:99213*150*0**1~
DTM*472*20250305~
CAS*CO*Z9*150~
CLP*CLM72*4*90*0**12*PMCN72~
SVC*HC:99212*90*0**1~
DTM*472*20250305~
CAS*CO*197*90~
SE*15*0001~
GE*1*71~
IEA*1*000000071~
"""


def _as_claim_denied(claim: RemitClaim, payer_id: str) -> ClaimDenied:
    lines = tuple(
        RemitLine(
            line_number=number,
            procedure_code=line.procedure_code,
            charge_amount=line.charge,
            allowed_amount=Decimal("0.00"),
            paid_amount=line.paid,
            adjustments=tuple(
                Adjustment(group_code=a.group, carc=a.reason, amount=a.amount) for a in line.adjustments
            ),
        )
        for number, line in enumerate(claim.lines, start=1)
    )
    return claim_denied(claim.claim_id, payer_id, *lines, trace="EFT71")


def _claims() -> dict[str, ClaimDenied]:
    (remittance,) = read_835(FILE_835)
    return {claim.claim_id: _as_claim_denied(claim, "MCR01") for claim in remittance.claims}


async def test_an_uncategorised_carc_on_an_835_becomes_a_review_item_not_a_denial() -> None:
    world = DenialsWorld()
    claims = _claims()
    assert claims["CLM71"].lines[0].adjustments[0].carc == "Z9"  # the CAS as written
    for event in claims.values():
        await world.send(event, producer="remittance")

    review = await world.case("CLM71")
    item = review.work_item
    assert item is not None
    assert (item.root_cause, item.recommended_action, item.queue, item.rule_id) == (
        RootCause.UNRECOGNISED_CODE,
        RecommendedAction.REVIEW_ADJUSTMENT_CODE,
        WorkQueue.BILLING,
        "DEN-CARC-UNRECOGNISED",
    )
    assert item.carc_codes == ("Z9",) and item.amount_at_risk == Decimal("150.00")
    routed = {event.claim_id: event for event in world.published(DenialRouted)}
    assert routed["CLM71"].rule_id == "DEN-CARC-UNRECOGNISED" and routed["CLM71"].queue == "billing"

    denial = (await world.case("CLM72")).work_item
    assert denial is not None and (denial.root_cause, denial.rule_id) == (
        RootCause.AUTHORIZATION,
        "DEN-CARC-197-NO-AUTH",
    )

    cases = [review, await world.case("CLM72")]
    records = [denial_record(case, CaseContext(charge_amount=Decimal("100.00"))) for case in cases]
    month = f"{records[0].first_denied_on:%Y-%m}"
    report = denial_report(
        records, month=month, remitted_claims=2, submitted_by_month={}, average_monthly_npsr=None
    )
    assert report["denials"]["remittance_denial_rate_ar5"] == "0.5000"  # CLM72 only
    assert set(report["denials"]["by_carc"]) == {"197"}
    assert report["unrecognised_codes"] == {"count": 1, "amount": "150.00", "by_carc": {"Z9": 1}}
