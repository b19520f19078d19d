"""Turn released claims into 835s: one payment (BPR/TRN) per payer, payee and payment day.

Trace numbers, payer TINs and control numbers are hashes of the scenario seed and the batch key, and claims
are ordered by claim id, so the same claims released on the same simulated day give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from rcm_codesets import payer
from rcm_x12 import (
    ControlNumbers,
    EnvelopeParties,
    Party,
    ProviderAdjustment,
    ProviderAdjustmentItem,
    RemitClaim,
    Remittance,
    write_835,
)

from rcm_clearinghouse.domain.adjudication import AdjudicatedClaim
from rcm_clearinghouse.domain.pricing import ZERO, money
from rcm_clearinghouse.domain.scenario import Scenario
from rcm_clearinghouse.domain.seeded_draws import happens, stable_digits, stream
from rcm_clearinghouse.service.outcomes import RemittanceDocument

# Prompt-pay interest paid with a late batch (PLB L6, negative = added to the payment): ASSUMPTION 1.25%.
INTEREST_SHARE = Decimal("0.0125")
# Overpayment recovered from an earlier remittance (PLB WO, positive = withheld): up to 30% of the batch.
RECOVERY_MAX_SHARE = 0.30

BatchKey = tuple[str, str, date]  # payer id, payee NPI, payment date


def batch_key(item: AdjudicatedClaim) -> BatchKey:
    return (item.payer_id, item.claim.billing_provider.npi, item.payment_date)


def _provider_adjustments(
    key: BatchKey, claims: Sequence[RemitClaim], scenario: Scenario
) -> tuple[ProviderAdjustment, ...]:
    total_paid = sum((claim.paid for claim in claims), ZERO)
    draws = stream(scenario.seed, "plb", *map(str, key))
    if total_paid <= 0 or not happens(draws, scenario.provider_adjustment_rate):
        return ()
    payer_id, npi, paid_on = key
    if draws.random() < 0.5:
        interest = max(money(total_paid * INTEREST_SHARE), Decimal("0.01"))
        item = ProviderAdjustmentItem("L6", -interest, claims[0].claim_id)
    else:
        share = Decimal(str(round(draws.uniform(0.05, RECOVERY_MAX_SHARE), 4)))
        recovered = max(money(total_paid * share), Decimal("0.01"))
        reference = payer_id[:3] + stable_digits(12, scenario.seed, "recovery", *map(str, key))
        item = ProviderAdjustmentItem("WO", recovered, reference)
    return (ProviderAdjustment(npi, date(paid_on.year, 12, 31), (item,)),)


def _remittance(
    key: BatchKey, items: Sequence[AdjudicatedClaim], scenario: Scenario, created: datetime
) -> Remittance:
    payer_id, npi, paid_on = key
    ordered = sorted(items, key=lambda item: (item.remit.claim_id, item.claim.frequency_code))
    claims: list[RemitClaim] = []
    for item in ordered:
        if item.reverses is not None:
            claims.append(item.reverses)
        claims.append(item.remit)
    plb = _provider_adjustments(key, claims, scenario)
    withheld = sum((entry.amount for adjustment in plb for entry in adjustment.items), ZERO)
    payment = sum((claim.paid for claim in claims), ZERO) - withheld
    if payment < 0:
        # A reversal larger than the day's payments: BPR02 cannot be negative, so the payer carries the
        # debit to a later remittance as a forwarding balance (PLB FB, negative here, positive there).
        carried = ProviderAdjustmentItem("FB", payment, trace_number(key, scenario.seed))
        plb = (*plb, ProviderAdjustment(npi, date(paid_on.year, 12, 31), (carried,)))
        payment = ZERO
    found = payer(payer_id, ordered[0].claim.lines[0].service_date)
    name = found.name if found is not None else ordered[0].claim.payer.name or payer_id
    address = scenario.payer_address
    provider = ordered[0].claim.billing_provider
    return Remittance(
        payer=Party(
            name=name[:60],
            line1=address.line1,
            city=address.city,
            state=address.state,
            postal_code=address.postal_code,
            additional_id=payer_id,
            contact_phone=address.contact_phone,
        ),
        payee=Party(
            name=provider.name,
            identifier=npi,
            line1=provider.address.line1,
            city=provider.address.city,
            state=provider.address.state,
            postal_code=provider.address.postal_code,
        ),
        trace_number=trace_number(key, scenario.seed),
        payer_tin="1" + stable_digits(9, scenario.seed, "tin", payer_id),
        payment_amount=payment,
        payment_method="CHK" if payment > 0 else "NON",
        payment_date=paid_on,
        production_date=created.date(),
        claims=tuple(claims),
        provider_adjustments=plb,
    )


def trace_number(key: BatchKey, seed: int) -> str:
    payer_id, npi, paid_on = key
    return (
        f"{payer_id[:5]}{paid_on:%Y%m%d}{stable_digits(8, seed, 'trn', payer_id, npi, paid_on.isoformat())}"
    )


def batch_remittances(
    released: Sequence[AdjudicatedClaim], scenario: Scenario, created: datetime
) -> list[RemittanceDocument]:
    """One 835 file per payer, payee and payment day, in a stable order."""
    batches: dict[BatchKey, list[AdjudicatedClaim]] = {}
    for item in released:
        batches.setdefault(batch_key(item), []).append(item)
    documents: list[RemittanceDocument] = []
    for key in sorted(batches, key=lambda key: (key[2], key[0], key[1])):
        remittance = _remittance(key, batches[key], scenario, created)
        control = int(stable_digits(9, scenario.seed, "isa", remittance.trace_number)) or 1
        parties = EnvelopeParties(sender_id=key[0], receiver_id=key[1])
        text = write_835([remittance], parties, ControlNumbers(control, control, 1), created)
        withheld = sum((item.amount for adj in remittance.provider_adjustments for item in adj.items), ZERO)
        documents.append(
            RemittanceDocument(
                trace_number=remittance.trace_number,
                payer_id=key[0],
                payer_name=remittance.payer.name,
                payment_amount=remittance.payment_amount,
                payment_method=remittance.payment_method,
                payment_date=remittance.payment_date,
                claim_count=len(remittance.claims),
                provider_adjustment_total=withheld,
                x12_835=text,
                claim_ids=tuple(claim.claim_id for claim in remittance.claims),
            )
        )
    return documents
