"""Pure model and rules of the claims service: no I/O imports here."""

from rcm_claims.domain.claim import (
    Address,
    BillingProvider,
    Coverage,
    Person,
    ProfessionalClaim,
    RenderingProvider,
    ServiceLine,
)
from rcm_claims.domain.claim_record import ClaimRecord
from rcm_claims.domain.findings import AuditRecord, Finding
from rcm_claims.domain.lifecycle import ClaimEvent, ClaimState, ClaimStatus, apply_event
from rcm_claims.domain.rule_engine import ScrubContext, ScrubRule
from rcm_claims.domain.scrubber import DEFAULT_RULES, ScrubResult, scrub

__all__ = [
    "DEFAULT_RULES",
    "Address",
    "AuditRecord",
    "BillingProvider",
    "ClaimEvent",
    "ClaimRecord",
    "ClaimState",
    "ClaimStatus",
    "Coverage",
    "Finding",
    "Person",
    "ProfessionalClaim",
    "RenderingProvider",
    "ScrubContext",
    "ScrubResult",
    "ScrubRule",
    "ServiceLine",
    "apply_event",
    "scrub",
]
