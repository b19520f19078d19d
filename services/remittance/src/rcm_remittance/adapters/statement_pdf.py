"""A patient statement as PDF (fpdf2): a table of the visits billed, the amount due, the notice, and on a current
payment plan the instalment to pay now."""

from __future__ import annotations

from decimal import Decimal

from fpdf import FPDF

from rcm_remittance.domain.statements import Statement

COLUMNS = (("Date of service", 30), ("Visit", 44), ("Charges", 22), ("Ins. paid", 22), ("Ins. adjusted", 24),
           ("You paid", 22), ("You owe", 22))  # fmt: skip


def _money(amount: Decimal) -> str:
    return f"${amount:,.2f}"


def statement_pdf(statement: Statement, clinic: str) -> bytes:
    pdf = FPDF(orientation="portrait", unit="mm", format="Letter")
    pdf.set_title(f"Statement {statement.patient_id} {statement.as_of.isoformat()}")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, f"{clinic}: patient statement", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(
        0,
        6,
        f"Account {statement.patient_id}   Statement date {statement.as_of.isoformat()}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.cell(0, 6, f"Notice: {statement.notice}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 9)
    for title, width in COLUMNS:
        pdf.cell(width, 7, title, border=1)
    pdf.ln()
    pdf.set_font("Helvetica", "", 9)
    for line in statement.lines:
        cells = (
            line.date_of_service.isoformat(),
            line.claim_id,
            _money(line.charges),
            _money(line.insurance_paid),
            _money(line.insurance_adjusted),
            _money(line.patient_paid),
            _money(line.patient_owes),
        )
        for (_, width), text in zip(COLUMNS, cells, strict=True):
            pdf.cell(width, 6, text, border=1)
        pdf.ln()
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 8, f"Amount due: {_money(statement.total_due)}", new_x="LMARGIN", new_y="NEXT")
    plan = statement.plan
    if plan is not None and plan.status == "current" and plan.next_due is not None:
        pdf.cell(
            0,
            8,
            f"Payment plan: please pay {_money(statement.amount_due_now)} by {plan.next_due.isoformat()}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    if statement.pending_with_insurance:
        pdf.set_font("Helvetica", "", 9)
        pdf.cell(
            0, 6, f"{statement.pending_with_insurance} visit(s) still with your insurance are not billed yet."
        )
    return bytes(pdf.output())
