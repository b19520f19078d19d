"""Writes the compact ICD-10-CM table (see icd10cm_table) from simple-icd-10-cm; run in a child process.

`python -m rcm_codesets.icd10cm_table_writer <path>`: the package's 170 MB parse lives and dies with this process.
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path


def write_table(path: Path) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # the package uses deprecated importlib APIs
        import simple_icd_10_cm as icd

    staging = path.with_suffix(f".{os.getpid()}.tmp")
    written = 0
    with staging.open("w", encoding="utf-8") as out:
        for code in icd.get_all_codes(False):
            if icd.is_chapter_or_block(code):
                continue
            description = " ".join(str(icd.get_description(code)).split())  # no tabs or newlines inside
            out.write(f"{code}\t{1 if icd.is_leaf(code) else 0}\t{description}\n")
            written += 1
    staging.replace(path)  # atomic: services starting together never read a half-written table
    return written


if __name__ == "__main__":
    write_table(Path(sys.argv[1]))
