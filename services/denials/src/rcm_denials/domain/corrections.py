"""Correction requests for fixable denials, and the loop guard that stops a claim bouncing forever.

The guard refuses a request when the claim has used its attempt limit, or when any fix in it was already
sent for this claim: the payer denied the claim after that fix, so sending it again cannot help.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime

from pydantic import Field

from rcm_denials.domain.denial_facts import FixKind, FrozenModel

DEFAULT_ATTEMPT_LIMIT = 2


class ClaimFix(FrozenModel):
    """One change to the claim; `fields` are the values the claims service needs (e.g. modifier="25")."""

    kind: FixKind
    line_number: int | None = Field(default=None, ge=1, le=50)
    fields: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, kind: FixKind, line_number: int | None = None, **fields: str) -> ClaimFix:
        return cls(kind=kind, line_number=line_number, fields=tuple(sorted(fields.items())))

    def field(self, name: str) -> str | None:
        return dict(self.fields).get(name)

    @property
    def fingerprint(self) -> str:
        # A hash, not the values: registration fixes may name PHI, and the history keeps fingerprints.
        canonical = json.dumps([self.kind.value, self.line_number, list(self.fields)], separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()[:32]


class CorrectionAttempt(FrozenModel):
    correction_id: str
    denial_id: str
    attempt: int = Field(ge=1)
    fix_fingerprints: tuple[str, ...]
    requested_at: datetime
    automatic: bool


class CorrectionRequest(FrozenModel):
    """What the claims service turns into a replacement claim (frequency 7)."""

    claim_id: str
    denial_id: str
    correction_id: str
    attempt: int = Field(ge=1)
    reason_carc: str | None = None
    fixes: tuple[ClaimFix, ...] = Field(min_length=1)
    automatic: bool


class LoopGuardVerdict(FrozenModel):
    allowed: bool
    reason: str | None = None


def check_loop_guard(
    previous: Iterable[CorrectionAttempt],
    fixes: Iterable[ClaimFix],
    attempt_limit: int = DEFAULT_ATTEMPT_LIMIT,
) -> LoopGuardVerdict:
    history = list(previous)
    if len(history) >= attempt_limit:
        return LoopGuardVerdict(
            allowed=False, reason=f"attempt limit of {attempt_limit} reached for this claim"
        )
    sent_before = {fingerprint for attempt in history for fingerprint in attempt.fix_fingerprints}
    repeated = [fix.kind.value for fix in fixes if fix.fingerprint in sent_before]
    if repeated:
        return LoopGuardVerdict(allowed=False, reason=f"same fix already sent for this claim: {repeated}")
    return LoopGuardVerdict(allowed=True)


def attempt_of(request: CorrectionRequest, requested_at: datetime) -> CorrectionAttempt:
    return CorrectionAttempt(
        correction_id=request.correction_id,
        denial_id=request.denial_id,
        attempt=request.attempt,
        fix_fingerprints=tuple(fix.fingerprint for fix in request.fixes),
        requested_at=requested_at,
        automatic=request.automatic,
    )
