"""Patient statements on worked examples: what is billed, what waits for insurance, the dunning notice by age,
the minimum balance, a cycle run twice issuing nothing new, and the PDF carrying the same total."""

from __future__ import annotations

import re
import zlib
from datetime import date
from decimal import Decimal
from typing import Any

from rcm_platform.testing.auth import headers_for_tenant
from rcm_platform.testing.in_memory import InMemoryService
from rcm_remittance.domain.ledger import ClaimAccount
from rcm_remittance.domain.statements import VisitAccount, notice_for, statement_of

TENANT = "clinic-a"
D = Decimal
AS_OF = date(2026, 6, 30)


def _visit(claim_id: str, dos: date, account: ClaimAccount, share_since: date | None) -> VisitAccount:
    return VisitAccount(claim_id, dos, account, share_since)


def test_a_statement_bills_settled_visits_counts_pending_ones_and_ages_the_oldest_share() -> None:
    settled = ClaimAccount("V1", D("200.00"), payer_payments=D("120.00"), contractual=D("50.00"),
                           transferred_to_patient=D("30.00"), patient_payments=D("10.00"))  # fmt: skip
    later = ClaimAccount("V2", D("100.00"), payer_payments=D("60.00"), contractual=D("25.00"),
                         transferred_to_patient=D("15.00"))  # fmt: skip
    with_payer = ClaimAccount("V3", D("150.00"))
    statement = statement_of(
        "pat-1",
        [
            _visit("V2", date(2026, 5, 1), later, date(2026, 6, 1)),
            _visit("V1", date(2026, 3, 1), settled, date(2026, 4, 15)),
            _visit("V3", date(2026, 6, 20), with_payer, None),
        ],
        AS_OF,
    )
    # V1 owes 30.00 - 10.00 paid = 20.00; V2 owes 15.00; V3 is still with the payer: not billed, only counted
    assert [(line.claim_id, line.patient_owes) for line in statement.lines] == [
        ("V1", D("20.00")),
        ("V2", D("15.00")),
    ]
    assert statement.total_due == D("35.00") and statement.pending_with_insurance == 1
    # The oldest unpaid share arose 2026-04-15: 76 days before 2026-06-30 -> final notice (60 days or more)
    assert (statement.oldest_unpaid_days, statement.notice) == (76, "final notice")
    assert statement.lines[0].insurance_adjusted == D("50.00")


def test_dunning_notices_at_30_60_and_90_days() -> None:
    assert [notice_for(days) for days in (0, 29, 30, 59, 60, 89, 90, 400)] == [
        "statement", "statement", "second notice", "second notice", "final notice", "final notice",
        "collections", "collections",
    ]  # fmt: skip


async def test_a_cycle_issues_statements_above_the_minimum_once_and_the_pdf_carries_the_total(
    wired: InMemoryService, world: Any
) -> None:
    await world.patient_with_share("pat-a", "CA1", "42.50", TENANT)
    await world.patient_with_share("pat-b", "CB1", "3.00", TENANT)  # below the 5.00 minimum: no statement
    headers = headers_for_tenant(TENANT)
    async with wired.http() as http:
        first = await http.post("/statement-cycles", json={"cycle_id": "2024-03"}, headers=headers)
        await http.post(
            "/patients/pat-a/payments",
            json={"amount": "2.50", "method": "cash", "reference": "R-9"},
            headers=headers,
        )
        again = await http.post("/statement-cycles", json={"cycle_id": "2024-03"}, headers=headers)
        data = await http.get("/patients/pat-a/statement", headers=headers)
        pdf = await http.get("/patients/pat-a/statement.pdf", headers=headers)
        elsewhere = await http.get("/patients/pat-a/statement", headers=headers_for_tenant("clinic-b"))
    assert first.status_code == 201
    assert first.json()["statements"] == [
        {"patient_id": "pat-a", "total_due": "42.50", "amount_due_now": "42.50", "notice": "second notice"}
    ]
    assert again.status_code == 200 and again.json() == first.json()  # run twice: nothing new
    assert (
        data.json()["total_due"] == "40.00" and data.json()["notice"] == "second notice"
    )  # after the 2.50 paid
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and "Amount due: $40.00" in _pdf_text(pdf.content)
    assert elsewhere.status_code == 404


def _pdf_text(document: bytes) -> str:
    """The text drawn by the PDF's (Flate-compressed) content streams, enough to find a printed amount."""
    text = []
    for chunk in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", document, re.DOTALL):
        try:
            text.append(zlib.decompress(chunk).decode("latin-1"))
        except zlib.error:
            text.append(chunk.decode("latin-1"))
    return "".join(re.findall(r"\((.*?)\)\s*Tj", "".join(text)))
