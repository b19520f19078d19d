"""The demo's X12 archive keeps the claim status inquiries (276) and answers (277) next to the 837Ps and 835s."""

from __future__ import annotations

from pathlib import Path

from rcm_analytics.domain.event_log import EventLog
from rcm_schemas.samples import sample_messages
from rcmctl.x12_archive import archive_x12


def test_the_archive_holds_each_276_and_277_named_by_kind_control_number_and_claim(tmp_path: Path) -> None:
    events = EventLog()
    for message in sample_messages():
        if message.envelope.event_type in ("ClaimStatusInquired", "ClaimStatusReported"):
            events.by_type[message.envelope.event_type].append(message)

    assert archive_x12(events, tmp_path) == 2
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == ["276-000000401-CLM000123.x12", "277-000000401-CLM000123.x12"]
    assert "ST*276*" in (tmp_path / names[0]).read_text()
    assert "ST*277*" in (tmp_path / names[1]).read_text()
