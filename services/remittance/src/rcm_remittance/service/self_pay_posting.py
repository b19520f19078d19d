"""Use case: book a self-pay visit (SelfPayClaimBilled) as owed by the patient from the start.

No payer is asked, so no 835 will ever come: the claim is remembered as a known claim (payer SELF, with its
patient, date of service and charge), which makes it one of the patient's visits for payments and statements, and
the whole charge is moved to the patient at once by one `patient_responsibility` entry (group PR, category
transfer_to_patient). The account then has an insurance balance of 0 and a patient balance of the charge, so the
next statement bills it. The entry id comes from the event id and its time is the event's, so a redelivered or
replayed event writes the same entry, which the ledger links only once.
"""

from __future__ import annotations

from dataclasses import dataclass

from rcm_schemas import EventMessage
from rcm_schemas.events.claims import SelfPayClaimBilled

from rcm_remittance.domain.known_claims import KnownClaim
from rcm_remittance.domain.ledger import LedgerEntry, ledger_entry_id
from rcm_remittance.service.ports import KnownClaims, Ledger

SELF_PAY = "SELF"
"""The payer id of the self-pay coverage (rcm_codesets payer directory): the patient is the one billed."""
SELF_PAY_SOURCE = "self-pay"
"""The remittance_key prefix of a self-pay entry: it came from no remittance, and no remittance total includes it."""
PATIENT_RESPONSIBILITY_GROUP = "PR"


def patient_share_entry(event: SelfPayClaimBilled, cause: EventMessage) -> LedgerEntry:
    """The whole charge transferred to the patient. No CARC: a CARC is a payer's reason for an adjustment, and no
    payer adjudicated this claim."""
    envelope = cause.envelope
    return LedgerEntry(
        entry_id=ledger_entry_id(envelope.tenant_id, SELF_PAY_SOURCE, envelope.event_id),
        remittance_key=f"{SELF_PAY_SOURCE}:{event.claim_id}",
        payer_id=SELF_PAY,
        trace_number="",
        claim_id=event.claim_id,
        line_number=None,
        amount=event.total_charge,
        kind="patient_responsibility",
        group_code=PATIENT_RESPONSIBILITY_GROUP,
        carc=None,
        posted_at=envelope.occurred_at,
    )


@dataclass
class SelfPayPosting:
    known_claims: KnownClaims
    ledger: Ledger

    async def post(self, claim: KnownClaim, event: SelfPayClaimBilled, cause: EventMessage) -> bool:
        """True when the patient's share was linked now; False for a duplicate. `claim` is the event as a known
        claim (the same projection ClaimSubmitted makes).

        The claim is remembered before its entry, so the share never sits on a claim no visit lookup finds; a crash
        in between is healed by the redelivery, which repeats both writes idempotently.
        """
        tenant_id = cause.envelope.tenant_id
        await self.known_claims.remember(claim, tenant_id=tenant_id, payer_id=SELF_PAY)
        linked = await self.ledger.append([patient_share_entry(event, cause)], tenant_id)
        return linked > 0
