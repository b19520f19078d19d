"""Medicare crossover: Medicare forwards the claim to the patient's next payer itself (COBA).

When a Medicare claim lists a later payer (837P 2320 SBR01 S or T) that is one of Medicare's crossover trading
partners (payers.json `medicare_crossover`, e.g. a state Medicaid program), Medicare's 835 says CLP02 19
("processed as primary, forwarded to additional payer") with NM1*TT naming that payer, and Medicare sends it the
claim with its own adjudication. The provider sends nothing: the partner's 835 answers under the claim's own
patient control number (CLP01), as a secondary (CLP02 2).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from rcm_codesets import Payer, PayerType
from rcm_x12 import Claim, LineAdjudication, OtherPayer, RemitClaim

FORWARDED = "19"
PayerLookup = Callable[[str, date], Payer | None]


def crossover_partner(claim: Claim, primary: Payer, on: date, lookup: PayerLookup) -> OtherPayer | None:
    """The later payer of the claim Medicare forwards it to, or None."""
    if primary.payer_type is not PayerType.MEDICARE or claim.subscriber.payer_responsibility != "P":
        return None
    for other in claim.other_payers:
        found = lookup(other.payer_id, on)
        if other.paid is None and found is not None and found.medicare_crossover:
            return other
    return None


def partner_named(claim: Claim, remit: RemitClaim) -> OtherPayer | None:
    """The later payer a forwarded claim's 835 names (NM1*TT), as the claim listed it."""
    if remit.status != FORWARDED:
        return None
    return next((other for other in claim.other_payers if other.payer_id == remit.crossover_payer_id), None)


def flagged_as_forwarded(remit: RemitClaim, partner: OtherPayer) -> RemitClaim:
    return replace(
        remit, status=FORWARDED, crossover_payer_name=partner.payer_name, crossover_payer_id=partner.payer_id
    )


def forwarded_claim(claim: Claim, medicare: Payer, remit: RemitClaim, partner: OtherPayer, on: date) -> Claim:
    """The claim as the partner receives it from Medicare: the partner billed as secondary, Medicare's decision
    in 2320/2430 (as a provider's own secondary claim would carry it)."""
    lines = tuple(
        replace(
            line,
            adjudications=(
                LineAdjudication(
                    payer_id=medicare.payer_id,
                    paid=decided.paid,
                    procedure_code=decided.procedure_code,
                    units=decided.units or line.units,
                    adjudication_date=on,
                    modifiers=decided.modifiers,
                    adjustments=decided.adjustments,
                ),
            ),
        )
        for line, decided in zip(claim.lines, remit.lines, strict=True)
    )
    medicare_as_other = OtherPayer(
        responsibility="P",
        payer_name=medicare.name,
        payer_id=medicare.payer_id,
        subscriber_last_name=claim.subscriber.last_name,
        subscriber_first_name=claim.subscriber.first_name,
        member_id=claim.subscriber.member_id,
        claim_filing_indicator="MB",
        paid=remit.paid,
    )
    subscriber = replace(
        claim.subscriber,
        payer_responsibility="S",
        member_id=partner.member_id,
        group_number=partner.group_number,
        claim_filing_indicator=partner.claim_filing_indicator,
    )
    return replace(
        claim,
        subscriber=subscriber,
        payer=replace(claim.payer, name=partner.payer_name, payer_id=partner.payer_id),
        lines=lines,
        other_payers=(medicare_as_other,),
    )
