"""What a remote clearinghouse answered through the file-drop gateway (999, 277CA, 835), published as events.

The running service polls the gateway every few seconds. Nothing read is lost and nothing is published twice
under two ids:
- the gateway hands back a file (moves it to processed/) only after what it said is published; a crash before
  that means the next poll reads the file again;
- each acknowledgment event gets an id derived from what it acknowledges (kind, interchange, claim), so the
  repeated poll publishes the same ids and consumers drop the copies; a remittance is stored under its trace
  number (a unique insert) and its RemittanceReceived leaves through that document's outbox.
Acknowledgments are published as facts, not written into the claim's submission document: that document has one
writer, the consumer that owns the claim's partition.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import structlog

from rcm_clearinghouse.service.outcomes import (
    ClaimAcknowledgmentOutcome,
    FileAcknowledgment,
    RemittanceDocument,
)
from rcm_clearinghouse.service.ports import (
    AcknowledgmentFacts,
    ClearinghouseGateway,
    Remittances,
    Submissions,
)

log = structlog.get_logger("rcm.clearinghouse.inbound")
ACKNOWLEDGMENT_IDS = uuid.UUID("6c1f0a52-3c0b-4d6e-9a43-2f7d8e5b1c90")  # namespace of derived event ids


@dataclass
class PollSummary:
    acknowledged: int = 0
    rejected: int = 0
    remittances: int = 0
    not_ours: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)


def acknowledgment_event_id(kind: str, interchange: str, claim_id: str) -> uuid.UUID:
    return uuid.uuid5(ACKNOWLEDGMENT_IDS, f"{kind}:{interchange}:{claim_id}")


class InboundFiles:
    def __init__(
        self,
        gateway: ClearinghouseGateway,
        submissions: Submissions,
        facts: AcknowledgmentFacts,
        remittances: Remittances,
    ) -> None:
        self.gateway, self.submissions, self.facts, self.remittances = (
            gateway,
            submissions,
            facts,
            remittances,
        )

    async def poll_once(self) -> PollSummary:
        found = await self.gateway.poll()
        summary = PollSummary(unreadable=list(found.unreadable_files))
        for file in found.file_acknowledgments:
            if not file.accepted:  # an accepted 999 says nothing per claim: its 277CA does
                await self._file_rejected(file, summary)
        for outcome in found.claim_acknowledgments:
            await self._claim_outcome(outcome, summary)
        for document in found.remittances:
            await self._remittance(document, summary)
        await self.gateway.done(found.files)
        if found.files or found.unreadable_files:
            log.info(
                "inbound files handled",
                files=len(found.files),
                acknowledged=summary.acknowledged,
                rejected=summary.rejected,
                remittances=summary.remittances,
                not_ours=len(summary.not_ours),
                unreadable=summary.unreadable,
            )
        return summary

    async def _file_rejected(self, file: FileAcknowledgment, summary: PollSummary) -> None:
        for claim_id in file.claim_ids:
            sent = await self.submissions.sent_claim(claim_id)
            if sent is None:
                summary.not_ours.append(claim_id)
                continue
            interchange = file.interchange_control_number
            await self.facts.file_rejected(file, sent, acknowledgment_event_id("999", interchange, claim_id))
            summary.rejected += 1

    async def _claim_outcome(self, outcome: ClaimAcknowledgmentOutcome, summary: PollSummary) -> None:
        sent = await self.submissions.sent_claim(outcome.claim_id)
        if sent is None:
            summary.not_ours.append(outcome.claim_id)
            return
        event_id = acknowledgment_event_id("277CA", outcome.interchange_control_number, outcome.claim_id)
        await self.facts.claim_outcome(outcome, sent, event_id)
        if outcome.accepted:
            summary.acknowledged += 1
        else:
            summary.rejected += 1

    async def _remittance(self, document: RemittanceDocument, summary: PollSummary) -> None:
        # An 835 pays one provider's claims: the first claim we sent names the tenant.
        for claim_id in document.claim_ids:
            sent = await self.submissions.sent_claim(claim_id)
            if sent is not None:
                await self.remittances.record(document, sent.tenant_id, [])
                summary.remittances += 1
                return
        summary.not_ours.append(document.trace_number)
