"""rcm_x12: pure-Python X12 5010 codec (837P, 835, 999, 277CA) shared by claims, clearinghouse and remittance.

No I/O: writers return str, readers take str. Control numbers are always supplied by the caller.
"""

from rcm_x12.ack277ca import ClaimAcknowledgment, ClaimStatus, read_277ca, write_277ca
from rcm_x12.ack999 import (
    ElementError,
    FunctionalGroupAck,
    SegmentError,
    TransactionSetAck,
    read_999,
    write_999,
)
from rcm_x12.claim837 import (
    Address,
    Attachment,
    BillingProvider,
    Claim,
    ClaimFile,
    ClaimTransmission,
    DrugIdentification,
    LineAdjudication,
    NamedProvider,
    OtherPayer,
    Patient,
    Payer,
    Receiver,
    RelatedCauses,
    RenderingProvider,
    ServiceFacility,
    ServiceLine,
    Submitter,
    Subscriber,
)
from rcm_x12.claim_status276 import ClaimInquiry, ClaimStatusRequest, read_276, write_276
from rcm_x12.claim_status277 import ClaimStatusAnswer, ClaimStatusResponse, read_277, write_277
from rcm_x12.claim_status_codes import StatusGroup, status_group, status_label
from rcm_x12.envelope import ControlNumbers, EnvelopeParties
from rcm_x12.errors import X12BuildError, X12Error, X12ParseError
from rcm_x12.npi import npi_is_valid
from rcm_x12.reader835 import read_835
from rcm_x12.reader837p import read_837p
from rcm_x12.remit835 import (
    Adjustment,
    Party,
    ProviderAdjustment,
    ProviderAdjustmentItem,
    RemitClaim,
    RemitServiceLine,
    Remittance,
    balance_problems,
    claim_problems,
    payment_problems,
    verify_balance,
)
from rcm_x12.segments import Separators
from rcm_x12.writer835 import write_835
from rcm_x12.writer837p import group_claims_by_payer, write_837p, write_837p_per_payer

__all__ = [
    "Address",
    "Adjustment",
    "Attachment",
    "BillingProvider",
    "Claim",
    "ClaimAcknowledgment",
    "ClaimFile",
    "ClaimInquiry",
    "ClaimStatus",
    "ClaimStatusAnswer",
    "ClaimStatusRequest",
    "ClaimStatusResponse",
    "ClaimTransmission",
    "ControlNumbers",
    "DrugIdentification",
    "ElementError",
    "EnvelopeParties",
    "FunctionalGroupAck",
    "LineAdjudication",
    "NamedProvider",
    "OtherPayer",
    "Party",
    "Patient",
    "Payer",
    "ProviderAdjustment",
    "ProviderAdjustmentItem",
    "Receiver",
    "RelatedCauses",
    "RemitClaim",
    "RemitServiceLine",
    "Remittance",
    "RenderingProvider",
    "SegmentError",
    "Separators",
    "ServiceFacility",
    "ServiceLine",
    "StatusGroup",
    "Submitter",
    "Subscriber",
    "TransactionSetAck",
    "X12BuildError",
    "X12Error",
    "X12ParseError",
    "balance_problems",
    "claim_problems",
    "group_claims_by_payer",
    "npi_is_valid",
    "payment_problems",
    "read_276",
    "read_277",
    "read_277ca",
    "read_835",
    "read_837p",
    "read_999",
    "status_group",
    "status_label",
    "verify_balance",
    "write_276",
    "write_277",
    "write_277ca",
    "write_835",
    "write_837p",
    "write_837p_per_payer",
    "write_999",
]
