"""A compact table of the ICD-10-CM release: one line per code with its billable flag and description.

simple-icd-10-cm parses its XML into about 170 MB of Python objects, which a process never hands back to the
system. So the table is written once per release by a child process (whose memory goes when it exits) into the
user cache, and services load only the table: one dict of about 100,000 codes.
The writer is rcm_codesets.icd10cm_table_writer (run as a module).
"""

from __future__ import annotations

import os
import subprocess
import sys
from functools import cache
from pathlib import Path

TABLE_FORMAT = 1  # bump when the line layout changes: the cache file name carries it


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(os.environ.get("RCM_CACHE_DIR", Path(base) / "rcm")) / "codesets"


def table_path(tabular_file: str) -> Path:
    return cache_dir() / f"icd10cm-{tabular_file.removesuffix('.xml')}-table{TABLE_FORMAT}.tsv"


@cache
def load_table(tabular_file: str) -> dict[str, tuple[bool, str]]:
    """Dotless code -> (billable, description) for every code (no chapters or blocks) of the release."""
    path = table_path(tabular_file)
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "rcm_codesets.icd10cm_table_writer", str(path)], check=True)
    table: dict[str, tuple[bool, str]] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            code, billable, description = line.rstrip("\n").split("\t", 2)
            table[sys.intern(code)] = (billable == "1", description)
    return table
