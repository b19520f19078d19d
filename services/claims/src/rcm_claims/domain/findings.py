"""What the scrubber says about a claim, and the audit trail of what it changed by itself."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict
from rcm_schemas.vocabulary import Severity

__all__ = ["AuditRecord", "Finding", "Severity"]


class Finding(BaseModel):
    """One rule result. Errors hold the claim; warnings (and info) travel with it but do not stop it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule_id: str
    severity: Severity
    message: str
    fix_hint: str
    line_number: int | None = None
    auto_fixable: bool = False


class AuditRecord(BaseModel):
    """A change the scrubber made without a human, kept so a biller or auditor can see and undo it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule_id: str
    line_number: int | None
    field: str
    before: str
    after: str
    at: datetime
    actor: str = "scrubber"
