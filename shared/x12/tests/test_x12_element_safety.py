"""No element value can break out of its element: delimiters and characters outside the extended set are refused.

The check sits where every writer joins elements (segments.serialize) and where components are joined
(segments.composite); the error names the element (NM103) and the rule, never the value (it may be PHI).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

import pytest
from rcm_x12.claim837 import Claim, ClaimTransmission
from rcm_x12.envelope import ControlNumbers, EnvelopeParties
from rcm_x12.errors import X12BuildError
from rcm_x12.sample835 import mixed_remittance
from rcm_x12.segments import Separators, composite, serialize, unsafe_reason
from rcm_x12.writer835 import write_835
from rcm_x12.writer837p import write_837p

HOSTILE = {
    "segment injection": "DOE~NM1*IL*1*EVIL*X~",
    "element separator": "DOE*SMITH",
    "component separator": "DOE:SMITH",
    "repetition separator": "DOE^SMITH",
    "NUL byte": "DOE\x00",
    "newline": "DOE\nSMITH",
    "emoji": "DOE \U0001f600",
    "non-ASCII letter": "MÜLLER",
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_hostile_subscriber_name_never_reaches_the_837p(
    kind: str, transmission: ClaimTransmission, sample_claims: list[Claim]
) -> None:
    claim = sample_claims[0]
    hostile = replace(claim, subscriber=replace(claim.subscriber, last_name=HOSTILE[kind]))
    with pytest.raises(X12BuildError) as raised:
        write_837p(transmission, [hostile], ControlNumbers(1, 1, 1))
    assert "NM103" in str(raised.value)
    assert HOSTILE[kind] not in str(raised.value)


def test_a_hostile_prior_authorization_is_named_by_its_element(
    transmission: ClaimTransmission, sample_claims: list[Claim]
) -> None:
    claim = next(c for c in sample_claims if c.prior_authorization)
    hostile = replace(claim, prior_authorization="AUTH~CLM*1")
    with pytest.raises(X12BuildError, match="REF02"):
        write_837p(transmission, [hostile], ControlNumbers(1, 1, 1))


def test_a_hostile_patient_name_never_reaches_the_835() -> None:
    remittance = mixed_remittance()
    first = replace(remittance.claims[0], patient_last_name="ROE~CLP*X")
    hostile = replace(remittance, claims=(first, *remittance.claims[1:]))
    with pytest.raises(X12BuildError, match="NM103"):
        write_835(
            [hostile],
            EnvelopeParties("ACMEPAYER", "RCMCLINIC"),
            ControlNumbers(1, 1, 1),
            datetime(2024, 3, 1),
        )


def test_a_component_with_a_delimiter_is_refused_and_legal_punctuation_passes() -> None:
    with pytest.raises(X12BuildError, match="component 2"):
        composite(["HC", "99213:25"])
    legal = "O'BRIEN-SMITH & SONS, (JR.) #2 / A+B=C; ? ! @ % [X] {Y} _ | < > $ \" a-z"
    assert unsafe_reason(legal) is None
    assert serialize([["NM1", "85", "2", legal]]) == f"NM1*85*2*{legal}~"


def test_the_rule_follows_the_document_separators() -> None:
    pipes = Separators(element="|", component=">", repetition="!", segment="\n")
    assert unsafe_reason("A*B:C^D~E", pipes) is None  # not delimiters in this document
    assert unsafe_reason("A|B", pipes) is not None and unsafe_reason("A>B", pipes) is not None


def test_unusual_but_legal_names_and_addresses_reach_the_837p_intact_and_valid(
    transmission: ClaimTransmission, sample_claims: list[Claim], pyx12_errors: Callable[[str], list[str]]
) -> None:
    claim = sample_claims[0]
    address = replace(claim.subscriber.address, line1="12 ST. JOHN'S RD #4 (REAR)")
    subscriber = replace(claim.subscriber, last_name="O'BRIEN-SMITH", first_name="MARY-KATE", address=address)
    text = write_837p(transmission, [replace(claim, subscriber=subscriber)], ControlNumbers(1, 1, 1))
    assert "NM1*IL*1*O'BRIEN-SMITH*MARY-KATE" in text and "N3*12 ST. JOHN'S RD #4 (REAR)" in text
    assert pyx12_errors(text) == []
