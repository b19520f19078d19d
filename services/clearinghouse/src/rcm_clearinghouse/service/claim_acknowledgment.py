"""277CA for the claims of an accepted file: front-end edits a clearinghouse runs before the payer sees them.

A rejection is not a denial: the claim never reached adjudication, so it is fixed and sent again as an
original. STC01 uses the claim status category (A2 accepted, A3 returned, A7 invalid), status code and
entity: 116 wrong payer (PR), 164 member id (IL), 562 NPI (85 billing, 82 rendering).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from rcm_codesets import Payer, PayerType, payer
from rcm_x12 import Claim, ClaimAcknowledgment, ClaimStatus, ControlNumbers, EnvelopeParties, write_277ca

from rcm_clearinghouse.domain.adjudication import payer_claim_number
from rcm_clearinghouse.domain.scenario import Scenario
from rcm_clearinghouse.service.outcomes import ClaimAcknowledgmentOutcome

ACCEPTED = ("A2", "20", "")
# write_277ca always sends NM108 MI + NM109 (min length 2); a blank id is echoed as this marker instead.
MISSING_MEMBER_ID = "MISSING"
NPI_PREFIX = "80840"  # ISO card issuer prefix the NPI check digit is computed with (CMS NPI standard)
STATUS_REASONS = {
    "116": "payer id unknown or not accepting claims on the date of service",
    "164": "member id missing or not in the payer's format",
    "562": "NPI missing or fails the check digit",
    "20": "accepted for processing",
}


def npi_is_valid(npi: str) -> bool:
    """Ten digits whose last one is the Luhn check digit over 80840 + the first nine."""
    if len(npi) != 10 or not npi.isdigit():
        return False
    total = 0
    for index, digit in enumerate(reversed(NPI_PREFIX + npi)):
        value = int(digit)
        if index % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def front_end_edit(claim: Claim, found: Payer | None) -> tuple[tuple[str, str, str], str | None]:
    """(category, status, entity) and a reason; the first failing edit wins, like a real clearinghouse."""
    payer_id = claim.payer.payer_id
    if found is None or found.payer_type == PayerType.SELF_PAY:
        return ("A3", "116", "PR"), f"unknown payer id {payer_id!r}"
    member_id = claim.subscriber.member_id.strip()
    if not member_id:
        return ("A7", "164", "IL"), "missing member id"
    if not found.member_id_is_valid(member_id):
        return ("A7", "164", "IL"), f"member id does not match {found.name}'s format"
    if not npi_is_valid(claim.billing_provider.npi):
        return ("A7", "562", "85"), f"invalid billing provider NPI {claim.billing_provider.npi!r}"
    rendering = claim.rendering_provider
    if rendering is not None and not npi_is_valid(rendering.npi):
        return ("A7", "562", "82"), f"invalid rendering provider NPI {rendering.npi!r}"
    return ACCEPTED, None


def _status_text(stc: tuple[str, str, str]) -> str:
    return ":".join(part for part in stc if part)


def acknowledge_claims(
    claims: Sequence[Claim],
    interchange_control_number: str,
    received_on: date,
    created: datetime,
    scenario: Scenario,
    submitter: tuple[str, str],
) -> tuple[list[ClaimAcknowledgmentOutcome], str | None]:
    """Per-claim outcomes and one 277CA file (one ST per payer, so each names its payer in NM1*PR)."""
    outcomes: list[ClaimAcknowledgmentOutcome] = []
    by_payer: dict[str, list[ClaimStatus]] = {}
    for claim in claims:
        dos = min(line.service_date for line in claim.lines)
        found = payer(claim.payer.payer_id, dos)
        stc, reason = front_end_edit(claim, found)
        accepted = reason is None
        icn = payer_claim_number(scenario.seed, claim.payer.payer_id, claim) if accepted else None
        outcomes.append(
            ClaimAcknowledgmentOutcome(
                claim_id=claim.claim_id,
                payer_id=claim.payer.payer_id,
                accepted=accepted,
                status_code=_status_text(stc),
                interchange_control_number=interchange_control_number,
                reason=reason,
                payer_claim_control_number=icn,
                date_of_service=dos,
                total_charge=claim.total_charge,
            )
        )
        patient = claim.patient or claim.subscriber
        by_payer.setdefault(claim.payer.payer_id, []).append(
            ClaimStatus(
                claim_id=claim.claim_id,
                category=stc[0],
                status_code=stc[1],
                total_charge=claim.total_charge,
                service_date=dos,
                billing_provider_name=claim.billing_provider.name,
                billing_provider_npi=claim.billing_provider.npi,
                patient_last_name=patient.last_name,
                patient_first_name=patient.first_name,
                member_id=claim.subscriber.member_id.strip() or MISSING_MEMBER_ID,
                entity_code=stc[2],
                payer_claim_number=icn or "",
            )
        )
    if not by_payer:
        return outcomes, None
    names = {claim.payer.payer_id: claim.payer.name for claim in claims}
    acks = [
        ClaimAcknowledgment(
            source_name=names[payer_id] or payer_id,
            source_id=payer_id,
            receiver_name=submitter[0] or "SUBMITTER",
            receiver_id=submitter[1] or "UNKNOWN",
            reference_id=f"{interchange_control_number}-{index}",
            received_date=received_on,
            processed_date=received_on,
            claims=tuple(statuses),
        )
        for index, (payer_id, statuses) in enumerate(by_payer.items(), start=1)
    ]
    control = max(int(interchange_control_number), 1)
    parties = EnvelopeParties(sender_id=scenario.clearinghouse_id, receiver_id=submitter[1] or "UNKNOWN")
    return outcomes, write_277ca(acks, parties, ControlNumbers(control, control, 1), created)


def outcomes_from_277ca(
    acks: Sequence[ClaimAcknowledgment], interchange: str
) -> list[ClaimAcknowledgmentOutcome]:
    """Translate a 277CA read from a real clearinghouse (file drop) into the same outcomes."""
    outcomes: list[ClaimAcknowledgmentOutcome] = []
    for ack in acks:
        for status in ack.claims:
            stc = (status.category, status.status_code, status.entity_code)
            outcomes.append(
                ClaimAcknowledgmentOutcome(
                    claim_id=status.claim_id,
                    payer_id=ack.source_id,
                    accepted=status.accepted,
                    status_code=_status_text(stc),
                    interchange_control_number=interchange,
                    reason=None if status.accepted else STATUS_REASONS.get(status.status_code, "rejected"),
                    payer_claim_control_number=status.payer_claim_number or None,
                    date_of_service=status.service_date,
                    total_charge=status.total_charge,
                )
            )
    return outcomes
