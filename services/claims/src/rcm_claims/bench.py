"""`python -m rcm_claims.bench [claims]`: 837P claims written per second, next to pyx12 validating the file.

Both numbers come from one run on one machine, so the ratio is meaningful even where absolute speed is not.
pyx12 is a dev dependency of the workspace; without it the reference is skipped.
"""

from __future__ import annotations

import io
import sys
import time
from collections.abc import Callable
from datetime import datetime

import rcm_x12

from rcm_claims.domain.claim import ProfessionalClaim
from rcm_claims.domain.to_x12 import to_x12_claim
from rcm_claims.sample_claims import sample_claim, sample_line

TRANSMISSION = rcm_x12.ClaimTransmission(
    parties=rcm_x12.EnvelopeParties(sender_id="RCMSUBMIT01", receiver_id="CLEARHOUSE"),
    submitter=rcm_x12.Submitter("RCM BILLING SERVICES", "RCM0001", "EDI DESK", "2175550100"),
    receiver=rcm_x12.Receiver("CLEARINGHOUSE INC", "CH12345"),
    created=datetime(2025, 3, 5, 9, 0),
)


def pyx12_validate(text: str) -> tuple[bool, str]:
    """pyx12's verdict and its 999 acknowledgement text (IK3/IK4 segments name each error)."""
    import pyx12.params
    import pyx12.x12n_document

    ack = io.StringIO()
    valid = pyx12.x12n_document.x12n_document(pyx12.params.params(), io.StringIO(text), ack, None)
    return valid, ack.getvalue()


def bench_claims(count: int) -> list[ProfessionalClaim]:
    """A mix of single- and multi-line claims, like an ordinary day of a primary-care clinic."""
    templates = [
        sample_claim(),
        sample_claim(
            sample_line(1, "99214", pointers=(1, 2)),
            sample_line(2, "36415", pointers=(2,)),
            sample_line(3, "80053", pointers=(2,)),
        ),
        sample_claim(
            sample_line(1, "20610"),
            sample_line(2, "99213", modifiers=("25",)),
            prior_authorization_number="PA1234",
        ),
    ]
    return [
        templates[number % len(templates)].model_copy(update={"claim_id": f"CLM{number:08d}"})
        for number in range(count)
    ]


def _best_of(runs: int, action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def main(argv: list[str]) -> None:
    # 5,000 claims keep pyx12's share of the run under a minute; the writer's rate is steady from ~1,000.
    count = int(argv[0]) if argv else 5_000
    claims = bench_claims(count)
    controls = rcm_x12.ControlNumbers(1, 1, 1)
    x12_claims = [to_x12_claim(claim) for claim in claims]
    text = rcm_x12.write_837p(TRANSMISSION, x12_claims, controls)
    print(f"{count} claims, {len(text) / 1e6:.1f} MB, {text.count('~')} segments")
    write_only = _best_of(3, lambda: rcm_x12.write_837p(TRANSMISSION, x12_claims, controls))
    with_translation = _best_of(
        3, lambda: rcm_x12.write_837p(TRANSMISSION, [to_x12_claim(claim) for claim in claims], controls)
    )
    print(f"{'rcm_x12.write_837p':40s} {write_only * 1000:9.1f} ms {count / write_only:12,.0f} claims/s")
    print(
        f"{'translate + write_837p':40s} {with_translation * 1000:9.1f} ms "
        f"{count / with_translation:12,.0f} claims/s"
    )
    try:
        import pyx12  # noqa: F401
    except ImportError:
        print("pyx12 not installed: reference skipped")
        return
    started = time.perf_counter()
    valid, _ = pyx12_validate(text)
    validating = time.perf_counter() - started
    print(
        f"{'pyx12 validation of the same file':40s} {validating * 1000:9.1f} ms {count / validating:12,.0f} "
        f"claims/s  valid={valid}"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
