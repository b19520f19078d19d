"""Benchmark: `python -m rcm_x12.bench [claims]` writes a big 835 and times read_835 against references.

References run over the same text in the same process: a bare str.split tokenizer (lower bound, builds no
model) and, when pyx12 is installed (dev dependency), pyx12's own segment reader.
Numbers are printed, not asserted.
"""

from __future__ import annotations

import io
import sys
import time
from collections.abc import Callable
from datetime import datetime

from rcm_x12.envelope import ControlNumbers, EnvelopeParties
from rcm_x12.reader835 import read_835
from rcm_x12.remit835 import verify_balance
from rcm_x12.sample835 import bulk_remittance
from rcm_x12.writer835 import write_835


def _best_of(runs: int, action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def _naive_split(text: str) -> int:
    return len([segment.split("*") for segment in text.split("~")])


def _pyx12_segments(text: str) -> int | None:
    try:
        import pyx12.x12file
    except ImportError:
        return None
    return sum(1 for _ in pyx12.x12file.X12Reader(io.StringIO(text)))


def main(argv: list[str]) -> None:
    claims = int(argv[0]) if argv else 10_000
    started = time.perf_counter()
    text = write_835(
        [bulk_remittance(claims)],
        EnvelopeParties("ACMEPAYER", "RCMCLINIC"),
        ControlNumbers(1, 1, 1),
        datetime(2024, 3, 19, 8, 0),
    )
    print(
        f"generated {claims} claims, {len(text) / 1e6:.1f} MB, {text.count('~')} segments "
        f"in {time.perf_counter() - started:.2f}s"
    )
    (remittance,) = read_835(text)
    assert len(remittance.claims) == claims and verify_balance(remittance)
    rows = [
        ("rcm_x12.read_835 (full model)", _best_of(3, lambda: read_835(text))),
        ("naive str.split (no model)", _best_of(3, lambda: _naive_split(text))),
    ]
    if _pyx12_segments(text[:200]) is not None:
        rows.append(("pyx12 X12Reader (segments only)", _best_of(1, lambda: _pyx12_segments(text))))
    else:
        print("pyx12 not installed: reference skipped")
    for label, seconds in rows:
        print(f"{label:34s} {seconds * 1000:9.1f} ms  {claims / seconds:12,.0f} claims/s")
    if len(rows) == 3:
        print(f"rcm_x12 reads the file {rows[2][1] / rows[0][1]:.1f}x faster than pyx12 tokenises it")


if __name__ == "__main__":
    main(sys.argv[1:])
