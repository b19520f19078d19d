"""Rewrite the golden messages. Run ONLY when a contract change is intended and reviewed:

    uv run python shared/schemas/tests/regenerate_golden.py

Existing files are never overwritten unless --force is given: a v1 golden file records what v1 producers sent,
so changing it would hide exactly the breakage the golden test exists to catch. New classes get new files.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from rcm_schemas.export import write_golden_samples

GOLDEN_DIR = Path(__file__).parent / "golden"


def main(argv: list[str]) -> int:
    force = "--force" in argv
    with tempfile.TemporaryDirectory() as scratch:
        for fresh in write_golden_samples(Path(scratch)):
            target = GOLDEN_DIR / fresh.name
            if target.exists() and not force:
                print(f"kept     {target.name}")
                continue
            GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
            target.write_text(fresh.read_text(encoding="utf-8"), encoding="utf-8")
            print(f"written  {target.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
