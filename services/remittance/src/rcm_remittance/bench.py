"""Benchmark: `python -m rcm_remittance.bench [claims]` posts a generated 835 and prints claims per second.

Same text, same process: parse only (rcm_x12.read_835), then the whole posting (parse, validate, match,
ledger entries, events, reconciliation), so the cost of posting shows next to the cost of reading.
Numbers are printed, not asserted.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import datetime

from rcm_x12 import ControlNumbers, EnvelopeParties, read_835, write_835
from rcm_x12.sample835 import bulk_remittance

from rcm_remittance.samples import POSTED_AT, known_from
from rcm_remittance.service.file_posting import post_remittance_file


def _best_of(runs: int, action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def main(argv: list[str]) -> None:
    claim_count = int(argv[0]) if argv else 10_000
    remittance = bulk_remittance(claim_count)
    text = write_835(
        [remittance],
        EnvelopeParties("ACMEPAYER", "RCMCLINIC"),
        ControlNumbers(1, 1, 1),
        datetime(2024, 3, 19, 8),
    )
    known = {claim.claim_id: known_from(claim) for claim in remittance.claims}
    posting = post_remittance_file(text, known, POSTED_AT)
    reconciliation = posting.remittances[0].reconciliation
    assert reconciliation is not None and reconciliation.balanced and not posting.unmatched
    print(
        f"{claim_count} claims, {text.count('~')} segments, {len(posting.entries)} ledger entries, "
        f"{len(posting.events)} events"
    )
    parse = _best_of(3, lambda: read_835(text))
    post = _best_of(3, lambda: post_remittance_file(text, known, POSTED_AT))
    print(f"{'parse only (read_835)':<40} {parse:8.3f}s {claim_count / parse:10,.0f} claims/s")
    print(f"{'full posting (parse + post + events)':<40} {post:8.3f}s {claim_count / post:10,.0f} claims/s")
    print(f"posting overhead over parsing: {post / parse:.1f}x")


if __name__ == "__main__":
    main(sys.argv[1:])
