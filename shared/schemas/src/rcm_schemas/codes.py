"""Constrained code strings shared by every event.

These check the *shape* of a code only. Whether a code exists, is billable on a date, or has a valid check
digit is reference-data knowledge that lives in rcm_codesets and the owning services, never in the wire
contract.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, StringConstraints

from rcm_schemas import vocabulary


def _upper_stripped(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


def _icd10_normalised(value: Any) -> Any:
    # "e11.9 " and "E119" are the same code; X12 HI segments carry it without the dot, so that is our one
    # form.
    return value.strip().upper().replace(".", "") if isinstance(value, str) else value


Icd10Code = Annotated[
    str,
    BeforeValidator(_icd10_normalised),
    # Letter, digit, then alphanumerics (M1A, S72001A): 3 to 7 characters, no dot.
    StringConstraints(pattern=r"^[A-Z][0-9][0-9A-Z]{1,5}$"),
]
"""ICD-10-CM diagnosis code, uppercase, stored without the dot (E119 for E11.9)."""

ProcedureCode = Annotated[
    str,
    BeforeValidator(_upper_stripped),
    # CPT Category I (99213), CPT Category II/III (1234F, 0001T) or HCPCS Level II (G2012).
    StringConstraints(pattern=r"^([0-9]{5}|[0-9]{4}[A-Z]|[A-Z][0-9]{4})$"),
]
"""CPT or HCPCS Level II procedure code, five characters."""

ModifierCode = Annotated[str, BeforeValidator(_upper_stripped), StringConstraints(pattern=r"^[A-Z0-9]{2}$")]
"""Procedure modifier, two alphanumerics (25, 59, XU, 95)."""

PlaceOfServiceCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{2}$")]
"""CMS place-of-service code, two digits (11 office, 02 and 10 telehealth)."""

Npi = Annotated[str, StringConstraints(pattern=r"^[0-9]{10}$")]
"""National Provider Identifier, ten digits (the Luhn check digit is validated by registration)."""

TaxId = Annotated[str, StringConstraints(pattern=r"^[0-9]{9}$")]
"""Employer identification number or SSN of the billing provider, nine digits, no dash (X12 REF*EI)."""

CarcCode = Annotated[str, BeforeValidator(_upper_stripped), StringConstraints(pattern=r"^[A-Z0-9]{1,3}$")]
"""Claim Adjustment Reason Code (CAS02), e.g. 4, 45, 97, B7."""

RarcCode = Annotated[
    str, BeforeValidator(_upper_stripped), StringConstraints(pattern=r"^[A-Z]{1,2}[0-9]{1,4}$")
]
"""Remittance Advice Remark Code (LQ02, MOA), e.g. N130, M15, MA130."""

GroupCode = Literal["CO", "PR", "OA", "PI", "CR"]
"""Claim adjustment group: contractual, patient responsibility, other, payer initiated, correction/reversal.
"""

PAYER_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$"
PayerId = Annotated[str, StringConstraints(pattern=PAYER_ID_PATTERN)]
"""Payer identifier as in the payer directory and NM1*PR09 (X12 allows up to 80 characters)."""

TENANT_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
TenantId = Annotated[str, StringConstraints(pattern=TENANT_ID_PATTERN)]
"""The clinic or billing organisation that owns the data."""

ENTITY_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"
EntityId = Annotated[str, StringConstraints(pattern=ENTITY_ID_PATTERN)]
"""Our own identifiers (encounter, patient, work item, ...): a UUID or any short opaque token."""

CLAIM_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9-]{0,37}$"
ClaimId = Annotated[str, StringConstraints(pattern=CLAIM_ID_PATTERN)]
"""Our claim id. It is sent as CLM01 and comes back as CLP01, whose X12 maximum is 38 characters."""

ControlNumber = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,9}$")]
"""X12 interchange (ISA13), group (GS06) or transaction set (ST02) control number."""

ClaimFrequencyCode = Literal["1", "7", "8"]
"""CLM05-3: 1 original, 7 replacement of a prior claim, 8 void of a prior claim."""

Sex = vocabulary.Sex

CoverageOrder = Literal["primary", "secondary", "tertiary"]
