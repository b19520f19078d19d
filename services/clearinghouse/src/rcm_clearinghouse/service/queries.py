"""Read models: a claim's submission history with the release state of each adjudication, and 835 texts.

Another tenant's record answers exactly like a missing one (None), so its existence is not revealed.
"""

from __future__ import annotations

from dataclasses import dataclass

from rcm_platform.ports import State

from rcm_clearinghouse.service.ports import Document, PaymentLedger, Remittances, Submissions


@dataclass(frozen=True)
class SubmissionReport:
    claim_id: str
    state: State
    released: dict[str, Document]
    """The release record of each adjudication entry that went out (or was superseded), by entry id."""


class ClearinghouseQueries:
    def __init__(self, submissions: Submissions, ledger: PaymentLedger, remittances: Remittances) -> None:
        self.submissions, self.ledger, self.remittances = submissions, ledger, remittances

    async def submission(self, claim_id: str, tenant_id: str) -> SubmissionReport | None:
        state = await self.submissions.of_tenant(claim_id, tenant_id)
        if state is None:
            return None
        released = await self.ledger.released([entry["entry_id"] for entry in state["adjudications"]])
        return SubmissionReport(claim_id, state, released)

    async def remittance_835(self, trace_number: str, tenant_id: str) -> str | None:
        return await self.remittances.x12_835(trace_number, tenant_id)
