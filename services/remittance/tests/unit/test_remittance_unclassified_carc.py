"""An amount adjusted under a CARC we have no category for (Z9, never issued by X12) is held in the books as
unclassified, under review: still owed by the payer (in the insurance balance and the open balance), but never
counted as denied, so denied amounts, denial KPIs built on them and A/R stay right. Hand-written 835."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import uuid4

from rcm_platform.testing.auth import headers_for_tenant
from rcm_platform.testing.in_memory import InMemoryService
from rcm_remittance.adapters.received_event import received_from_upload
from rcm_remittance.domain.ledger import category_of
from rcm_schemas.events.claims import ClaimLine, ClaimSubmitted
from rcm_schemas.events.denials import DenialReclassified, ReclassifiedAdjustment
from rcm_schemas.events.remittance import ClaimDenied, PaymentPosted
from rcm_schemas.samples import sample_events
from rcm_x12 import read_835

TENANT = "clinic-a"
HEADERS = headers_for_tenant(TENANT)
D = Decimal

# By hand. CLM-U1: 60.00 paid, 40.00 adjusted CO-Z9 (no category of ours). CLM-U2: nothing paid, the whole
# 100.00 adjusted CO-Z9. CLM-U3: nothing paid, 100.00 CO-197 (authorisation): a categorised denial.
# 13 segments from ST to SE.
FILE_835 = """\
ISA*00*          *00*          *ZZ*PAYERX         *ZZ*CLINICY        *250320*0900*^*00501*000000092*0*P*:~
GS*HP*PAYERX*CLINICY*20250320*0900*92*X*005010X221A1~
ST*835*0001~
BPR*I*60*C*CHK************20250320~
TRN*1*CHK-Z9*1512345678~
N1*PR*PRAIRIE MUTUAL*XV*PM001~
N1*PE*SPRINGFIELD FAMILY CLINIC*XX*1234567893~
LX*1~
CLP*CLM-U1*1*100*60**12*PMCNU1~
CAS*CO*Z9*40~
CLP*CLM-U2*4*100*0**12*PMCNU2~
CAS*CO*Z9*100~
CLP*CLM-U3*4*100*0**12*PMCNU3~
CAS*CO*197*100~
SE*13*0001~
GE*1*92~
IEA*1*000000092~
"""


def _submitted(claim_id: str) -> ClaimSubmitted:
    template = next(e for e in sample_events() if isinstance(e, ClaimSubmitted))
    line = ClaimLine(line_number=1, procedure_code="99213", charge_amount=D(100), line_control_number="U1")
    update = {
        "claim_id": claim_id,
        "encounter_id": f"enc-{claim_id}",
        "lines": (line,),
        "total_charge": D(100),
    }
    return template.model_copy(update=update)


async def _post(wired: InMemoryService) -> None:
    for claim_id in ("CLM-U1", "CLM-U2", "CLM-U3"):
        await wired.deliver(_submitted(claim_id), tenant_id=TENANT)
    received = received_from_upload(read_835(FILE_835), FILE_835, None).model_copy(
        update={"source": "simulator"}
    )
    await wired.deliver(received, tenant_id=TENANT)
    assert wired.dead_letters() == []


async def test_an_uncategorised_carc_is_held_under_review_not_denied(
    wired: InMemoryService, world: Any
) -> None:
    await _post(wired)
    posted = {event.claim_id: event for event in world.events(PaymentPosted)}

    # Not denied: the payer still owes it until a person decides what Z9 means.
    assert (posted["CLM-U1"].denied_amount, posted["CLM-U1"].open_balance) == (D("0.00"), D("40.00"))
    assert (posted["CLM-U2"].denied_amount, posted["CLM-U2"].open_balance) == (D("0.00"), D("100.00"))
    # A categorised denial is booked as before.
    assert (posted["CLM-U3"].denied_amount, posted["CLM-U3"].open_balance) == (D("100.00"), D("100.00"))
    z9_entries = [entry for _, entry in world.ledger.entries.values() if entry.carc == "Z9"]
    assert len(z9_entries) == 2 and {category_of(entry) for entry in z9_entries} == {"unclassified"}

    async with wired.http() as http:
        under_review = (await http.get("/claims/CLM-U2/balance", headers=HEADERS)).json()
        denied = (await http.get("/claims/CLM-U3/balance", headers=HEADERS)).json()
    assert (under_review["denied"], under_review["denied_open"]) == ("0.00", "0.00")
    assert under_review["unclassified_under_review"] == "100.00"
    assert (under_review["insurance_balance"], under_review["status"]) == ("100.00", "with_payer")
    assert (denied["denied_open"], denied["unclassified_under_review"], denied["status"]) == (
        "100.00",
        "0.00",
        "denied",
    )


async def test_the_claim_still_reaches_denials_for_its_review(wired: InMemoryService, world: Any) -> None:
    await _post(wired)
    # Denials routes a CARC without a category to a person (DEN-CARC-UNRECOGNISED): it must still hear of it.
    assert sorted(event.claim_id for event in world.events(ClaimDenied)) == ["CLM-U2", "CLM-U3"]


def _reclassified(claim_id: str, *codes: tuple[str, str]) -> DenialReclassified:
    return DenialReclassified(
        claim_id=claim_id,
        denial_id=f"den-{claim_id}",
        category="coding",
        adjustments=tuple(ReclassifiedAdjustment(group_code=group, carc=carc) for group, carc in codes),
        reclassified_by="reviewer.ng",
    )


async def test_a_reviewers_reclassification_moves_the_amount_under_review_to_denied_once(
    wired: InMemoryService, world: Any
) -> None:
    await _post(wired)
    before = {entry.entry_id for _, entry in world.ledger.entries.values()}
    event_id = uuid4()
    for _ in range(2):  # redelivered: booked once
        await wired.deliver(_reclassified("CLM-U1", ("CO", "Z9")), tenant_id=TENANT, event_id=event_id)
    # Another event naming the same code finds nothing left under review.
    await wired.deliver(_reclassified("CLM-U1", ("CO", "Z9")), tenant_id=TENANT, event_id=uuid4())
    # Codes the claim was not adjusted under move nothing.
    await wired.deliver(_reclassified("CLM-U2", ("OA", "Z9")), tenant_id=TENANT, event_id=uuid4())
    assert wired.dead_letters() == []

    moves = [entry for _, entry in world.ledger.entries.values() if entry.kind == "reclassification"]
    assert [(m.claim_id, m.amount, m.group_code, m.carc) for m in moves] == [
        ("CLM-U1", D("40.00"), "CO", "Z9")
    ]
    # Append-only: every earlier entry is still there, the move names the entry it moves.
    assert before <= {entry.entry_id for _, entry in world.ledger.entries.values()}
    assert moves[0].reverses_entry_id in before

    async with wired.http() as http:
        moved = (await http.get("/claims/CLM-U1/balance", headers=HEADERS)).json()
        untouched = (await http.get("/claims/CLM-U2/balance", headers=HEADERS)).json()
    assert (moved["unclassified_under_review"], moved["denied"], moved["denied_open"]) == (
        "0.00",
        "40.00",
        "40.00",
    )
    # Denied changes no balance: the payer still owes the 40.00, now as a denial to work.
    assert (moved["insurance_balance"], moved["status"]) == ("40.00", "denied")
    assert (untouched["unclassified_under_review"], untouched["denied"]) == ("100.00", "0.00")


def test_a_reclassification_entry_moves_unclassified_to_denied_in_the_account() -> None:
    from datetime import UTC, datetime

    from rcm_remittance.domain.ledger import LedgerEntry, claim_account

    common: dict[str, Any] = {
        "remittance_key": "r", "payer_id": "PM001", "trace_number": "T", "claim_id": "CLM-X", "line_number": None,
        "amount": D("25.00"), "group_code": "CO", "carc": "Z9", "posted_at": datetime(2025, 3, 20, tzinfo=UTC),
    }  # fmt: skip
    original = LedgerEntry(entry_id="e1", kind="adjustment", **common)
    move = LedgerEntry(entry_id="e2", kind="reclassification", reverses_entry_id="e1", **common)
    before = claim_account("CLM-X", D("100.00"), [original])
    after = claim_account("CLM-X", D("100.00"), [original, move])
    assert (before.unclassified, before.denied) == (D("25.00"), D("0.00"))
    assert (after.unclassified, after.denied, after.denied_open) == (D("0.00"), D("25.00"), D("25.00"))
    assert after.insurance_balance == before.insurance_balance == D("100.00")
