"""Logs carry service, event and correlation ids, never PHI: the redactor runs before any sink."""

from __future__ import annotations

import io
import json
from pathlib import Path

import structlog
from rcm_platform.logging import REDACTED, configure_logging
from rcm_platform.testing.phi_guard import find_phi_in_logs, remember_phi
from rcm_schemas.events.registration import EncounterRegistered
from rcm_schemas.samples import sample_events


def _registered_sample() -> EncounterRegistered:
    return next(e for e in sample_events() if isinstance(e, EncounterRegistered))


def _phi_values(event: EncounterRegistered) -> list[str]:
    patient = event.facts.patient
    coverage = event.facts.coverage
    return [patient.last_name, patient.first_name, patient.birth_date.isoformat(), coverage.member_id]


def test_a_logged_payload_keeps_its_ids_and_loses_its_phi(test_log_dir: Path) -> None:
    event = _registered_sample()
    phi = _phi_values(event)
    remember_phi(*phi)  # the session-wide guard checks every log written during the run, too
    stream = io.StringIO()
    configure_logging("registration", json=True, stream=stream)
    try:
        structlog.get_logger().info("encounter registered", **event.model_dump(mode="json"))
    finally:
        configure_logging("tests", json=True, stream=(test_log_dir / "pytest.log").open("a", buffering=1))
    line = json.loads(stream.getvalue().splitlines()[0])
    assert line["service"] == "registration" and line["encounter_id"] == event.encounter_id
    assert line["facts"]["patient"] == REDACTED
    assert not any(value in stream.getvalue() for value in phi)


def test_the_guard_finds_a_leaked_value(tmp_path: Path) -> None:
    folder = tmp_path
    (folder / "claims.log").write_text('{"event": "oops", "member": "1EG4TE5MK73"}\n')
    hits = find_phi_in_logs(folder, frozenset({"1EG4TE5MK73"}))
    assert hits == ["claims.log:1: contains a registered PHI value (1***)"]
