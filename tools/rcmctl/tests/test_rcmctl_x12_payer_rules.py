"""`rcm x12 read` on an 837P also names what payers require beyond pyx12's structure (x12_payer_rules), found by
reading the file back: a hand-written payer-complete 837P passes, the same file stripped of the data payers
require fails on each missing datum, every problem at its claim's CLM segment."""

from __future__ import annotations

import json
from pathlib import Path

from rcm_x12.any_file import read_any
from rcmctl.cli import app
from rcmctl.x12_payer_rules import payer_rule_problems
from typer.testing import CliRunner

PAYER_COMPLETE = Path(__file__).parents[3] / "shared" / "x12" / "tests" / "data" / "payer_complete_837p.x12"


def _stripped(text: str) -> str:
    """The billing ZIP without its +4, the J code's NDC (LIN, CTP) and the lab line's CLIA (REF*X4) removed; the
    claim's own REF*X4 goes too, or it would cover the lab line. SE01 is kept right so pyx12 stays quiet."""
    segments = [s for s in text.replace("\n", "").split("~") if s]
    segments = ["N4*CHICAGO*IL*60601" if s == "N4*CHICAGO*IL*606011234" else s for s in segments]
    dropped = [s for s in segments if s.startswith(("LIN*", "CTP*", "REF*X4*"))]
    kept = [s for s in segments if s not in dropped]
    se = next(i for i, s in enumerate(kept) if s.startswith("SE*"))
    count = int(kept[se].split("*")[1]) - len(dropped)
    kept[se] = f"SE*{count}*{kept[se].split('*')[2]}"
    return "~".join(kept) + "~"


def test_the_hand_written_payer_complete_837p_meets_the_payer_rules() -> None:
    reading = read_any(PAYER_COMPLETE.read_text())
    assert reading.problems == [] and payer_rule_problems(reading) == []


def test_each_missing_datum_is_named_at_its_claim() -> None:
    text = _stripped(PAYER_COMPLETE.read_text())
    reading = read_any(text)
    assert reading.problems == []
    problems = payer_rule_problems(reading)
    clm = {s[1]: i for i, s in enumerate(reading.segments, start=1) if s[0] == "CLM"}
    assert {(p.element, p.segment_position, p.found_by) for p in problems} == {
        ("N403", clm["NS500"], "payer-rules"),
        ("LIN03", clm["NS500"], "payer-rules"),
        ("REF02", clm["NS500"], "payer-rules"),
        ("N403", clm["NS501"], "payer-rules"),  # one billing provider, both of its claims
    }
    assert any("J3301" in p.reason and "NDC" in p.reason for p in problems)
    assert any("85025" in p.reason and "CLIA" in p.reason for p in problems)


def test_rcm_x12_read_exits_1_and_lists_the_payer_rule_problems(tmp_path: Path) -> None:
    path = tmp_path / "stripped.x12"
    path.write_text(_stripped(PAYER_COMPLETE.read_text()))
    result = CliRunner().invoke(app, ["x12", "read", str(path)])
    assert result.exit_code == 1, result.output
    found = json.loads(result.output)
    assert found["valid"] is False
    assert {p["element"] for p in found["problems"] if p["found_by"] == "payer-rules"} == {
        "N403",
        "LIN03",
        "REF02",
    }
