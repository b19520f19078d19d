"""The simulated clearinghouse + payers: acknowledge an 837, adjudicate what was accepted, pay on schedule.

`acknowledge_submission` is what the running service's gateway answers with (it keeps adjudications in the
claim's document and releases 835s through RemittanceRelease). `PayerSimulator` keeps pending payments and
the claim history in memory: a one-process stand-in for a remote clearinghouse (tests, file-drop rehearsals).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from rcm_codesets import payer
from rcm_x12 import Claim

from rcm_clearinghouse.domain.adjudication import AdjudicatedClaim, adjudicate_claim
from rcm_clearinghouse.domain.reversal import reversal_of
from rcm_clearinghouse.domain.scenario import Scenario
from rcm_clearinghouse.domain.simulated_clock import SimulatedClock
from rcm_clearinghouse.service.claim_acknowledgment import acknowledge_claims
from rcm_clearinghouse.service.file_acknowledgment import acknowledge_file
from rcm_clearinghouse.service.outcomes import RemittanceDocument, SubmissionAcknowledgment
from rcm_clearinghouse.service.remittance_batching import batch_remittances

REPLACEMENT, VOID = "7", "8"


def acknowledge_submission(
    x12_837p: str, clock: SimulatedClock, scenario: Scenario
) -> SubmissionAcknowledgment:
    """999 for the file, then 277CA for each claim of an accepted file (none for a rejected one)."""
    file_ack, claim_files = acknowledge_file(x12_837p, clock.now(), scenario.clearinghouse_id)
    if not file_ack.accepted:
        return SubmissionAcknowledgment(file=file_ack)
    claims = [claim for claim_file in claim_files for claim in claim_file.claims]
    submitter = claim_files[0].transmission.submitter
    outcomes, x12_277ca = acknowledge_claims(
        claims,
        file_ack.interchange_control_number,
        clock.today,
        clock.now(),
        scenario,
        (submitter.name, submitter.identifier),
    )
    accepted_ids = {outcome.claim_id for outcome in outcomes if outcome.accepted}
    return SubmissionAcknowledgment(
        file=file_ack,
        claims=tuple(outcomes),
        x12_277ca=x12_277ca,
        accepted_claims=tuple(claim for claim in claims if claim.claim_id in accepted_ids),
    )


@dataclass
class PayerSimulator:
    """Default clearinghouse: answers at once, pays when the simulated clock reaches each payment date."""

    scenario: Scenario
    clock: SimulatedClock
    pending: list[AdjudicatedClaim] = field(default_factory=list)
    history: dict[tuple[str, str], AdjudicatedClaim] = field(default_factory=dict)

    def submit(self, x12_837p: str) -> SubmissionAcknowledgment:
        acknowledgment = acknowledge_submission(x12_837p, self.clock, self.scenario)
        for claim in acknowledgment.accepted_claims:
            decided = self.adjudicate(claim, self.clock.today)
            if decided is not None:
                self.pending.append(decided)
        return acknowledgment

    def adjudicate(self, claim: Claim, received_on: date) -> AdjudicatedClaim | None:
        """Judge one accepted claim against the history.

        Duplicates deny (CO-18); a replacement supersedes an unpaid original or reverses a paid one.
        """
        found = payer(claim.payer.payer_id, min(line.service_date for line in claim.lines))
        if found is None:
            return None  # front-end edits already rejected it; nothing reaches a payer that does not exist
        key = (found.payer_id, claim.claim_id)
        earlier = self.history.get(key)
        if claim.frequency_code == VOID:
            # A void only cancels; the payer reverses a paid original in the next cycle (not simulated yet).
            return None
        duplicate = earlier is not None and claim.frequency_code != REPLACEMENT
        decided = adjudicate_claim(claim, found, received_on, self.scenario, duplicate=duplicate)
        if claim.frequency_code == REPLACEMENT and earlier is not None:
            if earlier in self.pending:
                # Not paid yet: the replacement simply supersedes the original before the payment cycle.
                self.pending.remove(earlier)
            elif earlier.remit.paid > 0:
                decided = replace(decided, reverses=reversal_of(earlier.remit))
        if not duplicate:
            self.history[key] = decided
        return decided

    def release_due(self) -> list[RemittanceDocument]:
        """835s for every pending claim whose payment date the clock has reached."""
        due = [item for item in self.pending if item.payment_date <= self.clock.today]
        if not due:
            return []
        self.pending = [item for item in self.pending if item.payment_date > self.clock.today]
        return batch_remittances(due, self.scenario, self.clock.now())

    def advance(self, days: int = 1) -> list[RemittanceDocument]:
        """Move the clock and release what is due, day by day, so each payment day gets its own 835."""
        released: list[RemittanceDocument] = []
        for _ in range(days):
            self.clock.advance(1)
            released.extend(self.release_due())
        return released
