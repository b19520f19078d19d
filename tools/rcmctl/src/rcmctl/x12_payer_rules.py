"""What a payer refuses in an 837P that pyx12 does not check: the project's payer-rule check of a written file.

pyx12 checks the implementation guide's structure; payers also require data the guide calls situational. This
check reads the file back (not the claim it was made from), so it is independent of the claims scrubber that
should have held such a claim: a problem here means a claim went out that a payer would deny or reject.
Requirements come from the payer directory in force on the claim's first date of service (rcm_codesets).
"""

from __future__ import annotations

from collections.abc import Iterator

from rcm_codesets import claim_data_requirements, payer, requires_clia
from rcm_x12 import Claim, ClaimFile, NamedProvider
from rcm_x12.any_file import FileReading, Problem
from rcm_x12.npi import npi_is_valid

FOUND_BY = "payer-rules"
ZIP_PLUS_FOUR_DIGITS = 9


def payer_rule_problems(reading: FileReading) -> list[Problem]:
    """Every payer-rule problem of every claim of an 837P reading (none for another kind of file)."""
    if reading.kind != "837P":
        return []
    positions = _claim_positions(reading)
    problems: list[Problem] = []
    for claim_file in reading.understood:
        if not isinstance(claim_file, ClaimFile):
            continue
        for claim in claim_file.claims:
            at = positions.get(claim.claim_id)
            problems += [
                Problem(f"claim {claim.claim_id}: {why}", "CLM", at, element, FOUND_BY)
                for why, element in _claim_problems(claim)
            ]
    return problems


def _claim_problems(claim: Claim) -> Iterator[tuple[str, str | None]]:
    postal_code = claim.billing_provider.address.postal_code
    if len(postal_code) != ZIP_PLUS_FOUR_DIGITS or not postal_code.isdigit():
        yield "the billing provider's ZIP code must have nine digits (ZIP+4) in 5010", "N403"
    for provider, loop in _named_providers(claim):
        if not npi_is_valid(provider.npi):
            yield f"loop {loop}: the NPI fails its check digit", "NM109"
    if claim.related_causes is not None:
        codes = claim.related_causes.codes
        if "AA" in codes and not claim.related_causes.accident_state:
            yield "an auto accident (CLM11 AA) needs the state it happened in", "CLM11"
        if {"AA", "OA"} & set(codes) and claim.related_causes.accident_date is None:
            yield "an accident (CLM11 AA or OA) needs its date (DTP*439)", "DTP03"
    first_service = min(line.service_date for line in claim.lines) if claim.lines else None
    wanted = claim_data_requirements(payer(claim.payer.payer_id, first_service) if first_service else None)
    has_referral = claim.referring_provider is not None
    for number, line in enumerate(claim.lines, start=1):
        code = line.procedure_code
        if line.charge <= 0:
            yield f"line {number} ({code}): a payer refuses a line with no charge", "SV102"
        if requires_clia(code) and not (line.clia_number or claim.clia_number):
            yield (
                f"line {number} ({code}): a laboratory test needs the clinic's CLIA number (REF*X4)",
                "REF02",
            )
        if wanted.requires_ndc(code) and line.drug is None:
            yield f"line {number} ({code}): this payer wants the drug's NDC (loop 2410)", "LIN03"
        if wanted.requires_referral(code) and not (has_referral or line.referring_provider is not None):
            yield (
                f"line {number} ({code}): this payer pays it only with a referring provider (loop 2310A)",
                "NM109",
            )


def _named_providers(claim: Claim) -> Iterator[tuple[NamedProvider, str]]:
    for provider, loop in (
        (claim.referring_provider, "2310A"),
        (claim.supervising_provider, "2310D"),
    ):
        if provider is not None:
            yield provider, loop
    for line in claim.lines:
        for provider, loop in (
            (line.rendering_provider, "2420A"),
            (line.supervising_provider, "2420D"),
            (line.ordering_provider, "2420E"),
            (line.referring_provider, "2420F"),
        ):
            if provider is not None:
                yield provider, loop


def _claim_positions(reading: FileReading) -> dict[str, int]:
    """Position (1-based, as pyx12 counts) of each claim's CLM segment, by CLM01."""
    return {
        segment[1]: position
        for position, segment in enumerate(reading.segments, start=1)
        if segment[0] == "CLM" and len(segment) > 1
    }
