"""`rcm x12 read`: JSON of what was understood, every problem named with segment and position, exit 1 on any."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from rcm_x12.ack277ca import ClaimAcknowledgment, ClaimStatus, write_277ca
from rcm_x12.envelope import ControlNumbers, EnvelopeParties
from rcm_x12.sample835 import mixed_remittance
from rcm_x12.writer835 import write_835
from rcmctl.cli import app
from typer.testing import CliRunner

PARTIES = EnvelopeParties("ACMEPAYER", "RCMCLINIC")
WHEN = datetime(2024, 3, 19, 8, 0)


def written(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def good_835() -> str:
    return write_835([mixed_remittance()], PARTIES, ControlNumbers(1, 1, 1), WHEN)


def with_two_problems(text: str) -> str:
    """CLP03 of the first claim is not a number, and the first service date is not a date."""
    segments = text.split("~")
    clp = next(i for i, s in enumerate(segments) if s.startswith("CLP*"))
    parts = segments[clp].split("*")
    parts[3] = "12.3X"
    segments[clp] = "*".join(parts)
    dtm = next(i for i, s in enumerate(segments) if s.startswith("DTM*472*"))
    segments[dtm] = "DTM*472*20241341"
    return "~".join(segments)


def test_a_good_835_prints_what_was_read_and_exits_0(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["x12", "read", str(written(tmp_path, "remit.835", good_835()))])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["kind"], report["valid"], report["problems"]) == ("835", True, [])
    [remittance] = report["understood"]
    assert remittance["trace_number"] == "CHK100200"
    assert [claim["claim_id"] for claim in remittance["claims"]][:2] == ["PCN1", "PCN2"]
    assert remittance["claims"][0]["charge"] == "235.50"


def test_a_277ca_is_recognised_by_its_gs08(tmp_path: Path) -> None:
    status = ClaimStatus(
        "PCN1001",
        "A2",
        "20",
        Decimal("235.50"),
        date(2024, 3, 4),
        "CLINIC",
        "1234567893",
        "DOE",
        "JOHN",
        "W1",
    )
    ack = ClaimAcknowledgment(
        "CH INC", "CH1", "RCM", "RCM1", "B301", date(2024, 3, 10), date(2024, 3, 11), (status,)
    )
    text = write_277ca([ack], PARTIES, ControlNumbers(3, 3, 3), WHEN)
    result = CliRunner().invoke(app, ["x12", "read", str(written(tmp_path, "ack.277", text))])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["kind"] == "277CA"


def test_a_file_with_two_problems_names_both_and_quotes_neither_value(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["x12", "read", str(written(tmp_path, "bad.835", with_two_problems(good_835())))]
    )
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    located = [(p["segment_id"], p["element"]) for p in report["problems"]]
    assert ("CLP", "CLP03") in located and ("DTM", "DTM02") in located, report["problems"]
    assert all(p["segment_position"] for p in report["problems"])
    assert "12.3X" not in result.stdout and "20241341" not in result.stdout


def test_the_table_names_the_problems_for_people(tmp_path: Path) -> None:
    path = written(tmp_path, "bad.835", with_two_problems(good_835()))
    result = CliRunner().invoke(app, ["x12", "read", str(path), "--table"])
    assert result.exit_code == 1
    assert "CLP03" in result.stdout and "DTM02" in result.stdout and "2 problem(s)" in result.stdout


def test_an_unknown_kind_is_refused_naming_the_option(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["x12", "read", str(written(tmp_path, "x", good_835())), "--kind", "820"]
    )
    assert result.exit_code == 2 and "--kind" in result.output


HAND_WRITTEN_837P = Path(__file__).parents[3] / "shared/x12/tests/data/payer_complete_837p.x12"


def test_an_837p_with_the_situational_loops_shows_them_in_the_json() -> None:
    result = CliRunner().invoke(app, ["x12", "read", str(HAND_WRITTEN_837P)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["kind"], report["valid"]) == ("837P", True)
    claim = report["understood"][0]["claims"][0]
    assert claim["referring_provider"]["npi"] == "1777777776"
    assert claim["service_facility"]["address"]["postal_code"] == "606105678"
    assert claim["supervising_provider"]["last_name"] == "LINDQVIST"
    assert (claim["clia_number"], claim["delay_reason_code"], claim["patient_paid"]) == (
        "05D0987654",
        "1",
        "12.34",
    )
    assert claim["related_causes"] == {
        "codes": ["AA", "OA"],
        "accident_state": "WI",
        "accident_date": "2024-03-18",
    }
    assert claim["onset_date"] == "2024-03-20"
    assert claim["attachments"][1] == {
        "report_type": "B3",
        "transmission_code": "EL",
        "control_number": "NS500-ORDER",
    }
    injection, lab = claim["lines"]
    assert injection["drug"] == {
        "ndc": "00003029320",
        "quantity": "40",
        "unit": "ME",
        "prescription_number": "",
    }
    assert injection["rendering_provider"]["taxonomy_code"] == "207X00000X"
    assert lab["clia_number"] == "05D1111111"
    assert lab["ordering_provider"]["npi"] == "1666666668"
    assert lab["referring_provider"]["npi"] == "1222222220"


def test_the_837p_table_lists_each_claim_and_line_with_the_situational_loops() -> None:
    result = CliRunner().invoke(
        app, ["x12", "read", str(HAND_WRITTEN_837P), "--table"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    for shown in (
        "referring_provider.npi=1777777776",
        "service_facility.name=NORTHSIDE URGENT CARE",
        "supervising_provider.npi=1888888884",
        "clia_number=05D0987654",
        "attachments[2].control_number=NS500-ORDER",
        "related_causes.codes=AA/OA",
        "related_causes.accident_state=WI",
        "delay_reason_code=1",
        "onset_date=2024-03-20",
        "patient_paid=12.34",
        "drug.ndc=00003029320",
        "rendering_provider.taxonomy_code=207X00000X",
        "clia_number=05D1111111",
        "ordering_provider.npi=1666666668",
    ):
        assert shown in result.stdout, shown
    assert "RIVERA" not in result.stdout  # the subscriber and patient are left to the JSON form
