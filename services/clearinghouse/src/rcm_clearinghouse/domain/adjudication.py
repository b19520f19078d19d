"""Payer adjudication of one accepted claim: price, cost-share, deny, and produce a balanced 835 claim.

Every line balances by construction: charge = paid + CO-45 write-off + PR cost sharing (+ CO-253
sequestration), or charge = the denial adjustment. Denials come first from real claim defects, then from
the scenario's rates; each random decision has its own stream keyed by the claim id and frequency code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from rcm_codesets import Payer, PayerType
from rcm_codesets import payer as payer_in_directory
from rcm_x12 import Adjustment, Claim, RemitClaim, RemitServiceLine, ServiceLine

from rcm_clearinghouse.domain.claim_defects import CLAIM_LEVEL, ClaimDefect, find_claim_defects
from rcm_clearinghouse.domain.coordination import coordinated_line, prior_adjudication
from rcm_clearinghouse.domain.crossover import crossover_partner, flagged_as_forwarded
from rcm_clearinghouse.domain.days_to_pay import draw_days_to_pay
from rcm_clearinghouse.domain.denial_rules import DenialCodes, denial_codes
from rcm_clearinghouse.domain.pricing import (
    ZERO,
    allowed_amount,
    choose_plan,
    deductible_remaining,
    money,
    patient_share,
)
from rcm_clearinghouse.domain.scenario import DenialCause, Scenario
from rcm_clearinghouse.domain.seeded_draws import happens, stable_digits, stream, weighted_choice

# Causes a payer applies to one line rather than the whole claim when drawn at random.
LINE_LEVEL_CAUSES = frozenset({DenialCause.BUNDLING, DenialCause.MODIFIER})
# CLP06 claim filing indicator by payer type (835 code list; "CI" from the 837 is not valid in CLP06).
FILING_INDICATORS = {
    PayerType.MEDICARE: "MB",
    PayerType.MEDICARE_ADVANTAGE: "16",
    PayerType.MEDICAID: "MC",
}
# A payer without a published delay pays in a month (ASSUMPTION; §5d Medicare ceiling is 30 days).
DEFAULT_DAYS_TO_PAY = 30
STATUS_PRIMARY, STATUS_SECONDARY, STATUS_DENIED = "1", "2", "4"


@dataclass(frozen=True)
class AdjudicatedClaim:
    """A decided claim waiting for its payment date; `remit` is its 835 CLP loop."""

    payer_id: str
    payer_type: PayerType
    received_on: date
    payment_date: date
    remit: RemitClaim
    denial_causes: tuple[DenialCause, ...]
    claim: Claim
    # The original payment taken back in the same 835 when this replacement claim supersedes a paid one.
    reverses: RemitClaim | None = None
    # Lines the payer allowed below its contract (the underpayment scenario): (line index, amount short).
    underpaid_lines: tuple[tuple[int, Decimal], ...] = ()

    @property
    def denied(self) -> bool:
        return bool(self.denial_causes)


def _drawn_denial(claim: Claim, payer: Payer, scenario: Scenario) -> tuple[DenialCause, int] | None:
    """A rate-drawn denial (cause, line index or CLAIM_LEVEL), or None when the claim pays."""
    if claim.frequency_code == "7":
        rate = scenario.replacement_denial_rate
    else:
        rate = scenario.denial_rate(payer.payer_id, payer.payer_type, payer.first_pass_denial_rate)
    keys = (claim.claim_id, claim.frequency_code)
    if not happens(stream(scenario.seed, "deny", *keys), rate):
        return None
    cause = weighted_choice(stream(scenario.seed, "cause", *keys), scenario.cause_mix)
    if cause in LINE_LEVEL_CAUSES and len(claim.lines) > 1:
        return cause, len(claim.lines) - 1  # the secondary service is the one bundled or mis-modified
    return cause, CLAIM_LEVEL


def _denials_by_line(
    claim: Claim, payer: Payer, received_on: date, scenario: Scenario, duplicate: bool
) -> dict[int, DenialCodes]:
    defects: list[ClaimDefect] = []
    if duplicate:
        defects = [ClaimDefect(DenialCause.DUPLICATE, CLAIM_LEVEL, "claim already adjudicated")]
    elif scenario.deny_claim_defects:
        pos_10_required = payer.payer_id in scenario.pos_10_required_payers
        modifier_25_required = payer.payer_id in scenario.modifier_25_required_payers
        defects = find_claim_defects(claim, payer, received_on, pos_10_required, modifier_25_required)
    if not defects:
        drawn = _drawn_denial(claim, payer, scenario)
        if drawn is not None:
            defects = [ClaimDefect(drawn[0], drawn[1], "drawn from the scenario rate")]
    on = min(line.service_date for line in claim.lines)
    denials: dict[int, DenialCodes] = {}
    for defect in defects:
        draws = stream(scenario.seed, "variant", claim.claim_id, defect.cause.value)
        codes = denial_codes(defect.cause, on, payer.payer_type, bool(claim.prior_authorization), draws)
        targets = range(len(claim.lines)) if defect.line_index == CLAIM_LEVEL else [defect.line_index]
        for index in targets:
            denials.setdefault(index, codes)  # the first defect found on a line is the one reported
    return denials


def _denied_line(line: ServiceLine, codes: DenialCodes) -> RemitServiceLine:
    return RemitServiceLine(
        procedure_code=line.procedure_code,
        charge=line.charge,
        paid=ZERO,
        modifiers=line.modifiers,
        units=line.units,
        service_date=line.service_date,
        line_control_number=line.line_control_number,
        adjustments=(Adjustment(codes.group, codes.carc, line.charge),),
        remark_codes=codes.remarks,
    )


def adjudicate_claim(
    claim: Claim, payer: Payer, received_on: date, scenario: Scenario, duplicate: bool = False
) -> AdjudicatedClaim:
    """Decide one claim the way `payer` would on `received_on`; deterministic for the scenario seed."""
    keys = (claim.claim_id, claim.frequency_code)
    denials = _denials_by_line(claim, payer, received_on, scenario, duplicate)
    member_key = (payer.payer_id, claim.subscriber.member_id)
    plan = choose_plan(payer, stream(scenario.seed, "plan", *member_key))
    on = min(line.service_date for line in claim.lines)
    deductible_left = (
        deductible_remaining(plan, on, stream(scenario.seed, "deductible", *member_key, str(on.year)))
        if plan is not None
        else ZERO
    )
    copay_still_due = True
    underpaid: list[tuple[int, Decimal]] = []
    sequestration_rate = payer.sequestration_percent / 100
    lines: list[RemitServiceLine] = []
    for index, line in enumerate(claim.lines):
        if index in denials:
            lines.append(_denied_line(line, denials[index]))
            continue
        allowed = allowed_amount(
            payer,
            line.procedure_code,
            line.units,
            line.charge,
            claim.place_of_service,
            line.service_date,
            scenario.unknown_fee_fraction_of_charge,
        )
        prior = prior_adjudication(claim, line)
        if prior is not None:  # a secondary claim: the primary's answer decides what is left to pay
            lines.append(coordinated_line(line, allowed, prior))
            continue
        short = underpaid_by(scenario, payer.payer_id, line.procedure_code, allowed)
        if short:
            allowed -= short
            underpaid.append((index, short))
        share = patient_share(
            plan, line.procedure_code, allowed, line.service_date, copay_still_due, deductible_left
        )
        copay_still_due = copay_still_due and share.copay == ZERO
        deductible_left -= share.deductible
        sequestration = money((allowed - share.total) * sequestration_rate)
        adjustments = [
            Adjustment("CO", "45", line.charge - allowed),
            Adjustment("CO", "253", sequestration),
            Adjustment("PR", "1", share.deductible),
            Adjustment("PR", "2", share.coinsurance),
            Adjustment("PR", "3", share.copay),
        ]
        lines.append(
            RemitServiceLine(
                procedure_code=line.procedure_code,
                charge=line.charge,
                paid=allowed - share.total - sequestration,
                modifiers=line.modifiers,
                units=line.units,
                service_date=line.service_date,
                line_control_number=line.line_control_number,
                allowed=allowed,
                adjustments=tuple(adjustment for adjustment in adjustments if adjustment.amount != ZERO),
            )
        )
    all_denied = len(denials) == len(claim.lines)
    secondary = claim.subscriber.payer_responsibility == "S"
    status = STATUS_DENIED if all_denied else (STATUS_SECONDARY if secondary else STATUS_PRIMARY)
    partner = None if all_denied else crossover_partner(claim, payer, on, payer_in_directory)
    patient = claim.patient
    remit = RemitClaim(
        claim_id=claim.claim_id,
        status=status,
        charge=claim.total_charge,
        paid=sum((line.paid for line in lines), ZERO),
        patient_responsibility=sum(
            (a.amount for line in lines for a in line.adjustments if a.group == "PR"), ZERO
        ),
        filing_indicator=_filing_indicator(payer, plan_kind=plan.plan_kind if plan else ""),
        payer_claim_number=payer_claim_number(scenario.seed, payer.payer_id, claim),
        patient_last_name=patient.last_name if patient else claim.subscriber.last_name,
        patient_first_name=patient.first_name if patient else claim.subscriber.first_name,
        patient_member_id=claim.subscriber.member_id,
        facility_code=claim.place_of_service,
        frequency_code=claim.frequency_code,
        statement_date=on,
        lines=tuple(lines),
    )
    if partner is not None:  # Medicare forwards it to the partner itself (crossover)
        remit = flagged_as_forwarded(remit, partner)
    days = (
        draw_days_to_pay(payer.days_to_pay, stream(scenario.seed, "days", *keys))
        if payer.days_to_pay is not None
        else DEFAULT_DAYS_TO_PAY
    )
    if happens(stream(scenario.seed, "status delay", *keys), scenario.status_delay_rate):
        days += (
            scenario.status_delay_days
        )  # pended: only a claim status inquiry (276) learns why it is silent
    return AdjudicatedClaim(
        payer_id=payer.payer_id,
        payer_type=payer.payer_type,
        received_on=received_on,
        payment_date=received_on + timedelta(days=days),
        remit=remit,
        denial_causes=tuple(dict.fromkeys(codes.cause for codes in denials.values())),
        claim=claim,
        underpaid_lines=tuple(underpaid),
    )


def underpaid_by(scenario: Scenario, payer_id: str, code: str, allowed: Decimal) -> Decimal:
    """How much below its contract the payer allows this code (the underpayment scenario), else zero."""
    if code not in scenario.underpaid_codes.get(payer_id, frozenset()):
        return ZERO
    return money(allowed * scenario.underpayment_percent / 100)


def _filing_indicator(payer: Payer, plan_kind: str) -> str:
    if payer.payer_type in FILING_INDICATORS:
        return FILING_INDICATORS[payer.payer_type]
    return "HM" if plan_kind == "hmo" else "12"


def payer_claim_number(seed: int, payer_id: str, claim: Claim) -> str:
    """CLP07, the payer's internal control number: stable per claim and submission kind."""
    return payer_id[:3] + stable_digits(12, seed, "icn", payer_id, claim.claim_id, claim.frequency_code)
