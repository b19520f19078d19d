"""Every event and command class; importing this package registers them all (decode() needs that)."""

from rcm_schemas.events.claims import (
    ClaimHeld,
    ClaimLine,
    ClaimSubmitted,
    ReleaseHeldClaim,
    SelfPayClaimBilled,
    UpdateHeldClaim,
)
from rcm_schemas.events.clearinghouse import ClaimAcknowledged, ClaimRejected, RemittanceReceived
from rcm_schemas.events.coding import (
    AssignCodingReview,
    CodeSuggestion,
    CodingReviewRequired,
    CompleteCodingReview,
    EncounterCoded,
)
from rcm_schemas.events.common import (
    Adjustment,
    BillingProvider,
    Coverage,
    EligibilitySummary,
    Finding,
    OtherCoverage,
    PersonDemographics,
    PostalAddress,
    RemitLine,
    RenderingProvider,
    SelectedLine,
)
from rcm_schemas.events.denials import (
    AppealFiled,
    AssignWorkItem,
    CorrectionRequested,
    DenialRouted,
    DenialWrittenOff,
    FileAppeal,
    ResolveDenial,
    SettleCorrectedDenial,
    WriteOffDenial,
)
from rcm_schemas.events.fixes import (
    AddModifier,
    ChangeDiagnosisPointers,
    ChangePlaceOfService,
    ChangeUnits,
    ClaimFix,
    RemoveModifier,
    SetPriorAuthorization,
    UpdateRegistrationData,
)
from rcm_schemas.events.registration import (
    CorrectRegistration,
    EncounterFacts,
    EncounterRegistered,
    RegistrationIncomplete,
    RegistrationProblem,
)
from rcm_schemas.events.remittance import (
    ClaimAccountPosted,
    ClaimDenied,
    ClaimDeniedV1,
    ClaimPaid,
    ClaimPartiallyPaid,
    ClaimReversed,
    MatchRemittanceLine,
    PaymentPosted,
    PaymentPostedV1,
    PaymentPostedV2,
)

__all__ = [
    "AddModifier", "Adjustment", "AppealFiled", "AssignCodingReview", "AssignWorkItem", "BillingProvider",
    "ChangeDiagnosisPointers", "ChangePlaceOfService", "ChangeUnits", "ClaimAccountPosted", "ClaimAcknowledged",
    "ClaimDenied",
    "ClaimDeniedV1", "ClaimFix", "ClaimHeld", "ClaimLine", "ClaimPaid", "ClaimPartiallyPaid", "ClaimRejected",
    "ClaimReversed", "ClaimSubmitted", "CodeSuggestion", "CodingReviewRequired", "CompleteCodingReview",
    "CorrectRegistration", "CorrectionRequested", "Coverage", "DenialRouted", "DenialWrittenOff",
    "EligibilitySummary", "EncounterCoded", "EncounterFacts", "EncounterRegistered", "FileAppeal", "Finding",
    "MatchRemittanceLine", "OtherCoverage", "PaymentPosted", "PaymentPostedV1", "PaymentPostedV2",
    "PersonDemographics", "PostalAddress",
    "RegistrationIncomplete", "RegistrationProblem", "ReleaseHeldClaim", "RemitLine", "RemittanceReceived",
    "RemoveModifier", "RenderingProvider", "ResolveDenial", "SelectedLine", "SelfPayClaimBilled",
    "SetPriorAuthorization", "SettleCorrectedDenial",
    "UpdateHeldClaim", "UpdateRegistrationData", "WriteOffDenial",
]  # fmt: skip
