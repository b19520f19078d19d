"""UnderpaymentFound (a paid line allowed below the clinic's contract) -> one case in the appeals queue; its
appeal letter quotes the contract and the difference per line; in no denial KPI; the corrected payment
resolves it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from denials_fakes import DenialsWorld
from rcm_denials.domain import analytics as kpi
from rcm_denials.domain.denial_facts import DenialSource, RecommendedAction, RootCause, WorkQueue
from rcm_denials.domain.underpayment_analytics import underpaid_by_payer_and_code
from rcm_denials.service.analytics_report import denial_record
from rcm_denials.service.case_documents import CaseContext
from rcm_schemas.events.denials import AppealFiled, DenialRouted, FileAppeal
from rcm_schemas.events.remittance import ClaimPaid, UnderpaidLine, UnderpaymentFound

D = Decimal
DOS = date(2025, 3, 4)
CONTRACT = "NWHP1 for every clinic: 115% (E/M) / 130% (other procedures) of Medicare, from 2025-01-01 (row 5)"


def underpaid(claim: str, trace: str = "EFT-1") -> UnderpaymentFound:
    return UnderpaymentFound(
        claim_id=claim,
        payer_id="NWHP1",
        trace_number=trace,
        payer_claim_control_number="NWH-ICN-9",
        date_of_service=DOS,
        paid_amount=D("104.55"),
        contract=CONTRACT,
        lines=(
            UnderpaidLine(
                line_number=1,
                procedure_code="99214",
                allowed_amount=D("139.40"),
                expected_amount=D("146.74"),
                underpaid_amount=D("7.34"),
            ),
        ),
        underpaid_amount=D("7.34"),
    )


async def test_an_underpayment_is_routed_to_appeals_once_and_published_as_no_denial() -> None:
    world = DenialsWorld()
    await world.send(underpaid("CLM-U1"), producer="remittance")
    await world.send(underpaid("CLM-U1"), producer="remittance")  # the same finding under a new event id

    case = await world.case("CLM-U1")
    item = case.work_item
    assert item is not None
    assert (item.queue, item.root_cause, item.recommended_action, item.rule_id) == (
        WorkQueue.APPEALS,
        RootCause.UNDERPAID,
        RecommendedAction.APPEAL,
        "DEN-UNDERPAID-CONTRACT",
    )
    assert item.amount_at_risk == D("7.34") and item.carc_codes == ("45",)
    assert [entry.action for entry in case.history] == ["denied", "route"]
    assert case.decision.source is DenialSource.UNDERPAYMENT
    assert world.published(DenialRouted) == []
    record = denial_record(case, CaseContext())
    assert kpi.denials_by([record], lambda r: r.root_cause.value) == {}


async def test_the_appeal_letter_quotes_the_contract_and_the_difference() -> None:
    world = DenialsWorld()
    await world.send(underpaid("CLM-U2"), producer="remittance")
    item = (await world.case("CLM-U2")).work_item
    assert item is not None
    await world.send(
        FileAppeal(claim_id="CLM-U2", work_item_id=item.work_item_id, requested_by="appeals.kim")
    )

    (filed,) = world.published(AppealFiled)
    assert (filed.amount_appealed, filed.carc_codes) == (D("7.34"), ("45",))
    letter = await world.letters.get(filed.letter_document_id)
    assert letter is not None
    text = str(letter["text"])
    assert CONTRACT in text and "NWH-ICN-9" in text
    assert "line 1 (99214): allowed $139.40, contracted $146.74, underpaid $7.34" in text
    assert "CO-45" in text


async def test_the_corrected_payment_resolves_the_underpayment() -> None:
    world = DenialsWorld()
    await world.send(underpaid("CLM-U3"), producer="remittance")
    paid = ClaimPaid(
        claim_id="CLM-U3",
        payer_id="NWHP1",
        trace_number="EFT-APPEAL-1",
        claim_status_code="1",
        date_of_service=DOS,
        payment_date=date(2025, 5, 25),
        charge_amount=D("270.00"),
        paid_amount=D("111.89"),
    )
    await world.send(paid, producer="remittance")
    assert (await world.case("CLM-U3")).status.value == "resolved"


async def test_underpaid_dollars_by_payer_and_code_found_and_recovered() -> None:
    world = DenialsWorld()
    await world.send(underpaid("CLM-U4"), producer="remittance")
    await world.send(underpaid("CLM-U5"), producer="remittance")
    paid = ClaimPaid(
        claim_id="CLM-U4",
        payer_id="NWHP1",
        trace_number="EFT-APPEAL-2",
        claim_status_code="1",
        charge_amount=D("270.00"),
        paid_amount=D("111.89"),
    )
    await world.send(paid, producer="remittance")
    report = underpaid_by_payer_and_code([await world.case("CLM-U4"), await world.case("CLM-U5")])
    assert report["by_payer"]["NWHP1"] == {
        "claims": 2,
        "found": "14.68",
        "recovered": "7.34",
        "written_off": "0.00",
        "open": "7.34",
    }
    assert report["by_code"]["99214"]["recovered"] == "7.34"
