"""What the denials domain knows about one denied or rejected claim, and the vocabulary of its decisions.

These models are our own, not the event contracts: the wiring step translates ClaimDenied/ClaimRejected into
them, so a change of wire format never reaches the rules.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator


class FrozenModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DenialSource(StrEnum):
    # Denials (835, adjudicated) and rejections (999/277CA, never adjudicated) are kept apart in the KPIs.
    REMITTANCE = "remittance"
    ACKNOWLEDGMENT = "acknowledgment"
    # Money the payer took back after paying (a reversal or recoupment nothing replaced): neither a denial nor a
    # rejection, so no denial or rejection KPI counts it.
    PAYER_TAKEBACK = "payer_takeback"
    # A claim the payer has not decided near its timely-filing limit (ClaimStatusEscalated): nothing was
    # denied or rejected, so no KPI counts it either.
    PAYER_SILENCE = "payer_silence"
    # A paid line the payer allowed below the clinic's contract (UnderpaymentFound): money is owed, but nothing
    # was denied, so no denial KPI counts it.
    UNDERPAYMENT = "underpayment"


class RootCause(StrEnum):
    ELIGIBILITY_REGISTRATION = "eligibility_registration"
    CODING = "coding"
    BUNDLING = "bundling"
    AUTHORIZATION = "authorization"
    MEDICAL_NECESSITY = "medical_necessity"
    TIMELY_FILING = "timely_filing"
    DUPLICATE = "duplicate"
    COORDINATION_OF_BENEFITS = "coordination_of_benefits"
    PATIENT_RESPONSIBILITY = "patient_responsibility"
    NON_COVERED = "non_covered"
    OTHER = "other"
    # A CARC with no category of ours (new, retired or mistyped): not known to be a denial, so a person reviews
    # it and the denial KPIs leave it out.
    UNRECOGNISED_CODE = "unrecognised_code"
    # Allowed below the payer's contract with the clinic: appealed with the contract and the difference.
    UNDERPAID = "underpaid_per_contract"
    # The payer reversed or recouped a payment and sent nothing in its place (PaymentTakenBack).
    PAYER_RECOUPMENT = "payer_recoupment"
    # The payer has not decided the claim and the timely-filing limit is near (ClaimStatusEscalated).
    NO_PAYER_DECISION = "no_payer_decision"


class RecommendedAction(StrEnum):
    CORRECT_AND_RESUBMIT = "correct_and_resubmit"
    APPEAL = "appeal"
    BILL_PATIENT = "bill_patient"
    BILL_SECONDARY = "bill_secondary"
    WRITE_OFF = "write_off"
    # A duplicate denial needs nobody's work: the original claim carries the money.
    CLOSE_NO_ACTION = "close_no_action"
    # Read the payer's adjustment code and remarks, then decide what the amount is.
    REVIEW_ADJUSTMENT_CODE = "review_adjustment_code"
    # Check the takeback against the payer's notice, then appeal the recoupment, or accept it and rebill.
    REVIEW_TAKEBACK = "review_takeback"
    # The payer wants paperwork (CO-16 with N706, CO-252): send it and resubmit the claim with its PWK.
    ATTACH_DOCUMENTATION = "attach_documentation_and_resubmit"
    # Call the payer about the silent claim (its 277 said pending), resubmit it if the payer has lost it, all
    # before the timely-filing limit.
    FOLLOW_UP_WITH_PAYER = "follow_up_with_payer"


class WorkQueue(StrEnum):
    FRONT_DESK = "front_desk"
    CODING = "coding"
    BILLING = "billing"
    APPEALS = "appeals"
    PATIENT_BILLING = "patient_billing"


class FixKind(StrEnum):
    """The changes denials can send claims. A rule's auto_fix_kinds name the ones the platform makes without a
    person; the code changes (a diagnosis, the diagnosis list, a procedure) only ever come from a coder's or
    biller's resolution, since choosing a code is a clinical documentation decision."""

    ADD_MODIFIER = "add_modifier"
    REMOVE_MODIFIER = "remove_modifier"
    CHANGE_PLACE_OF_SERVICE = "change_place_of_service"
    CHANGE_DIAGNOSIS_POINTERS = "change_diagnosis_pointers"
    UPDATE_REGISTRATION_DATA = "update_registration_data"
    REPLACE_DIAGNOSIS = "replace_diagnosis"
    SET_DIAGNOSES = "set_diagnoses"
    CHANGE_PROCEDURE_CODE = "change_procedure_code"
    ADD_ATTACHMENT = "add_attachment"


def quantize_cents(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"))


class DeniedLine(FrozenModel):
    """One denial adjustment on one line (or on the claim when line_number is None)."""

    line_number: int | None = Field(default=None, ge=1, le=50)
    procedure_code: str | None = None
    modifiers: tuple[str, ...] = ()
    group_code: str = Field(pattern=r"^(CO|PR|OA|PI)$")
    carc: str = Field(min_length=1, max_length=5)
    rarcs: tuple[str, ...] = ()
    amount: Decimal = Field(ge=0)

    @field_validator("amount")
    @classmethod
    def _cents(cls, value: Decimal) -> Decimal:
        return quantize_cents(value)

    @field_validator("carc")
    @classmethod
    def _carc_upper(cls, value: str) -> str:
        return value.strip().upper()


class ClaimCircumstances(FrozenModel):
    """Facts outside the remittance that change what a denial means (documents on file, other coverage)."""

    has_abn: bool = False
    """An advance beneficiary notice signed before service: the patient agreed to pay if not covered."""
    has_proof_of_timely_filing: bool = False
    """An accepted 999/277CA inside the filing limit: the one appealable kind of CARC 29."""
    has_secondary_coverage: bool = False
    authorization_on_file: bool = False
    registration_corrected_since: bool = False
    telehealth: bool = False
    specialty_claim: bool = False
    """Hybrid billing models may send specialty claims to the billing company whatever the queue."""


class LineClassification(FrozenModel):
    root_cause: RootCause
    action: RecommendedAction
    queue: WorkQueue
    rule_id: str
    auto_fix_kinds: tuple[FixKind, ...] = ()
    """Fixes worth trying automatically for this line; empty means a person decides."""


class ClassifiedLine(FrozenModel):
    line: DeniedLine
    classification: LineClassification


class ClaimDecision(FrozenModel):
    """The claim-level outcome of classifying every line: one work item per denial, led by one line."""

    source: DenialSource
    lines: tuple[ClassifiedLine, ...] = ()
    """Empty for a rejection: a 999/277CA names a segment, not lines with CARCs."""
    leading: LineClassification
    amount_at_risk: Decimal

    @property
    def carc_codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(item.line.carc for item in self.lines))

    @property
    def fully_auto_fixable(self) -> bool:
        return bool(self.lines) and all(item.classification.auto_fix_kinds for item in self.lines)
