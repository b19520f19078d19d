"""`rcm x12 read` knows the claim status pair: a 276 and a 277 (005010X212) are read and checked by pyx12."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from rcm_x12.claim_status276 import ClaimInquiry, ClaimStatusRequest, write_276
from rcm_x12.claim_status277 import ClaimStatusAnswer, ClaimStatusResponse, write_277
from rcm_x12.envelope import ControlNumbers, EnvelopeParties
from rcmctl.cli import app
from typer.testing import CliRunner

DOS, WHEN = date(2025, 3, 4), datetime(2025, 4, 9, 6, 0)
CLINIC = ("SPRINGFIELD FAMILY CLINIC", "1234567893")
INQUIRY = ClaimInquiry("CLM1", Decimal("270.00"), DOS, DOS, *CLINIC, "DOE", "JANE", "X1234567")


def _read(folder: Path, name: str, text: str) -> tuple[int, dict[str, object]]:
    path = folder / name
    path.write_text(text)
    result = CliRunner().invoke(app, ["x12", "read", str(path)])
    return result.exit_code, json.loads(result.stdout)


def test_a_276_and_its_277_are_read_clean(tmp_path: Path) -> None:
    request = ClaimStatusRequest("INQ1", "NORTHWIND", "NWHP1", *CLINIC, (INQUIRY,))
    answer = ClaimStatusAnswer(
        "CLM1", "P1", "20", WHEN.date(), Decimal("270"), DOS, DOS, *CLINIC, "DOE", "JANE", "X1"
    )
    response = ClaimStatusResponse("INQ1", "NORTHWIND", "NWHP1", *CLINIC, (answer,))
    sent = write_276([request], EnvelopeParties("RCMCH", "NWHP1"), ControlNumbers(5, 5, 1), WHEN)
    answered = write_277([response], EnvelopeParties("NWHP1", "RCMCH"), ControlNumbers(5, 5, 1), WHEN)

    code, report = _read(tmp_path, "inquiry.276", sent)
    assert (code, report["kind"], report["problems"]) == (0, "276", [])
    code, report = _read(tmp_path, "answer.277", answered)
    assert (code, report["kind"], report["problems"]) == (0, "277", [])
    [understood] = report["understood"]  # type: ignore[misc]
    assert understood["answers"][0]["category"] == "P1"


def test_a_276_with_a_bad_qualifier_is_named_by_pyx12_and_exits_1(tmp_path: Path) -> None:
    request = ClaimStatusRequest("INQ2", "NORTHWIND", "NWHP1", *CLINIC, (INQUIRY,))
    sent = write_276([request], EnvelopeParties("RCMCH", "NWHP1"), ControlNumbers(6, 6, 1), WHEN)
    code, report = _read(tmp_path, "broken.276", sent.replace("AMT*T3", "AMT*XX"))
    assert code == 1 and report["problems"]
    assert any(p["found_by"] == "pyx12" for p in report["problems"])  # type: ignore[attr-defined,index]
