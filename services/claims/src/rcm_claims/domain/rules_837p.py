"""Rules the 837P format (005010X222A1) itself sets on a claim's data, beyond what the payer decides.

They run only for claims sent to a payer (a self-pay claim never becomes an 837P). The writer in rcm_x12 refuses
the same data as a last line of defence; these rules find it first, so the claim waits for a person with a fix
hint instead of failing at submission.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rcm_claims.domain.claim import ProfessionalClaim
from rcm_claims.domain.rule_engine import Hit, ScrubContext, ScrubRule

_ZIP_PLUS_4 = re.compile(r"[0-9]{9}")


def _billing_zip_plus_4(claim: ProfessionalClaim, _: ScrubContext) -> Iterator[Hit]:
    # The guide requires ZIP+4 in the billing provider's N403; payers' front ends reject a 5-digit one. The value
    # is not repeated in the message: the hint says where to fix it.
    if not _ZIP_PLUS_4.fullmatch(claim.billing_provider.address.postal_code):
        yield Hit("billing provider ZIP code is not a 9-digit ZIP+4 (837P loop 2010AA N403)")


def _billing_taxonomy(claim: ProfessionalClaim, _: ScrubContext) -> Iterator[Hit]:
    # PRV*BI is situational in the guide ("when the payer needs it"), so a missing one is only a warning; most
    # payers do need it, which is why it is worth a biller's look.
    if not claim.billing_provider.taxonomy_code:
        yield Hit("billing provider has no taxonomy code; most payers need it (837P PRV*BI)")


SUBMISSION_FORMAT_RULES: tuple[ScrubRule, ...] = (
    ScrubRule(
        "data.billing_zip_plus_4",
        "error",
        "Enter the clinic's 9-digit ZIP+4 as the billing provider's practice address postal_code "
        "(billing_provider.practice_address.postal_code) in the clinic setup.",
        _billing_zip_plus_4,
        waivable=False,
    ),
    ScrubRule(
        "data.billing_taxonomy",
        "warning",
        "Enter the clinic's NUCC taxonomy code (billing_provider.taxonomy_code) in the clinic setup.",
        _billing_taxonomy,
    ),
)
