"""The PHI guard of a test run: every log line written during the run is checked for the PHI the tests used.

Tests register the names, birth dates and member ids they create (`remember_phi`); all logging of the pytest
process goes to a JSON-lines file, and service processes started by tests log to files in the same folder
(RCM_LOG_FILE). At the end of the session every file is searched; a hit fails the run, naming file and line.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

_REMEMBERED: set[str] = set()
MIN_LENGTH = 4  # shorter values ("Al", "M") would match innocent text


def remember_phi(*values: object) -> None:
    for value in values:
        text = str(value).strip()
        if len(text) >= MIN_LENGTH:
            _REMEMBERED.add(text)


def remembered_phi() -> frozenset[str]:
    return frozenset(_REMEMBERED)


def session_log_dir(root: Path) -> Path:
    folder = root / ".rcm" / "test-logs" / time.strftime("%Y%m%d-%H%M%S")
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["RCM_TEST_LOG_DIR"] = str(folder)
    return folder


def find_phi_in_logs(folder: Path, values: frozenset[str]) -> list[str]:
    """Lines naming their file and line number, with the value masked, for every PHI value found."""
    hits: list[str] = []
    for path in sorted(folder.glob("*.log*")):
        with path.open(errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                for value in values:
                    if value in line:
                        hits.append(f"{path.name}:{number}: contains a registered PHI value ({value[:1]}***)")
    return hits
