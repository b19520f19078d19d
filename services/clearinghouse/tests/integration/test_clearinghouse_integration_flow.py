"""ClaimSubmitted -> 999/277CA acknowledgment -> adjudication -> 835 on the simulated clock, real stack."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from clearinghouse_claims import build_claim, claim_submitted
from clearinghouse_running import acks, handled, http, remittances, running, submission_of, submit
from rcm_x12 import read_835, verify_balance
from rcm_x12.pyx12_validation import pyx12_problems

pytestmark = pytest.mark.stack


async def test_an_accepted_claim_is_acknowledged_then_paid_in_a_balanced_835(
    settings_for: Callable[..., Any],
) -> None:
    settings = await settings_for(provider_adjustment_rate=Decimal("1"))  # PLB in every 835: BPR02 nets it
    async with running(settings) as service:
        await submit(service, claim_submitted(build_claim("CLM-OK-1"), 101))
        (ack,) = await acks(settings, at_least=1)
        assert ack.envelope.event_type == "ClaimAcknowledged"
        assert ack.payload.claim_id == "CLM-OK-1" and ack.payload.ack_kind == "277CA"  # type: ignore[attr-defined]
        assert ack.payload.status_code == "A2:20"  # type: ignore[attr-defined]
        await handled(service, "CLM-OK-1")
        view = await submission_of(service, "CLM-OK-1")
        assert view is not None and view["adjudications"][0]["release"] == "pending"
        assert await remittances(settings, at_least=0, timeout_s=1) == []  # not before the payment date

        clock = (await http(service, "GET", "/simulator/clock")).json()
        assert clock == {"today": "2025-03-10"}
        advanced = (await http(service, "POST", "/simulator/advance", json={"days": 60})).json()
        assert advanced["today"] == "2025-05-09" and len(advanced["released"]) == 1
        (remittance,) = await remittances(settings, at_least=1)
        view = await submission_of(service, "CLM-OK-1")
        served = await http(service, "GET", f"/remittances/{advanced['released'][0]}")
        assert (await http(service, "POST", "/simulator/advance", json={"days": 0})).status_code == 422
    event = remittance.payload
    assert event.trace_number == advanced["released"][0]  # type: ignore[attr-defined]
    assert served.status_code == 200 and served.text == event.x12_835  # type: ignore[attr-defined]
    assert view is not None and view["adjudications"][0]["release"] == "remitted"
    assert pyx12_problems(event.x12_835) == []  # type: ignore[attr-defined]
    (parsed,) = read_835(event.x12_835)  # type: ignore[attr-defined]
    plb = sum((item.amount for adj in parsed.provider_adjustments for item in adj.items), Decimal("0"))
    assert plb != 0 and verify_balance(parsed)
    assert parsed.payment_amount == sum(c.paid for c in parsed.claims) - plb == event.payment_amount  # type: ignore[attr-defined]
    assert [c.claim_id for c in parsed.claims] == ["CLM-OK-1"]


async def test_unknown_payer_invalid_member_and_broken_segment_are_rejected_and_never_paid(
    settings_for: Callable[..., Any],
) -> None:
    settings = await settings_for()
    broken_claim = build_claim("CLM-BROKEN")
    broken = claim_submitted(broken_claim, 203)
    broken = broken.model_copy(update={"x12_837p": broken.x12_837p.replace("~CLM*", "~CLM**", 1)})
    async with running(settings) as service:
        await submit(service, claim_submitted(build_claim("CLM-NOPAYER", "ZZPAYER9"), 201))
        await submit(service, claim_submitted(build_claim("CLM-BADMEMBER", member_id="12"), 202))
        await submit(service, broken)
        events = await acks(settings, at_least=3)
        await handled(service, "CLM-NOPAYER", "CLM-BADMEMBER", "CLM-BROKEN")
        advanced = (await http(service, "POST", "/simulator/advance", json={"days": 120})).json()
    by_claim = {e.payload.claim_id: e for e in events}  # type: ignore[attr-defined]
    assert {e.envelope.event_type for e in events} == {"ClaimRejected"}
    no_payer = by_claim["CLM-NOPAYER"].payload
    assert no_payer.ack_kind == "277CA" and "unknown payer" in no_payer.reason  # type: ignore[attr-defined]
    bad_member = by_claim["CLM-BADMEMBER"].payload
    assert "member id" in bad_member.reason and bad_member.reason_code == "A7:164:IL"  # type: ignore[attr-defined]
    file_rejection = by_claim["CLM-BROKEN"].payload
    assert file_rejection.ack_kind == "999" and file_rejection.segment == "CLM"  # type: ignore[attr-defined]
    assert advanced["released"] == []
    assert await remittances(settings, at_least=0, timeout_s=1) == []


async def test_telehealth_without_the_payers_modifier_is_denied_co_4(
    settings_for: Callable[..., Any],
) -> None:
    settings = await settings_for()
    async with running(settings) as service:
        telehealth = build_claim("CLM-TELE", place_of_service="10", with_lab=False)  # no modifier 95
        await submit(service, claim_submitted(telehealth, 301))
        await handled(service, "CLM-TELE")
        view = await submission_of(service, "CLM-TELE")
        await http(service, "POST", "/simulator/advance", json={"days": 90})
        (remittance,) = await remittances(settings, at_least=1)
    assert view is not None and view["adjudications"][0]["denial_causes"] == ["modifier"]
    text = remittance.payload.x12_835  # type: ignore[attr-defined]
    assert pyx12_problems(text) == []
    (parsed,) = read_835(text)
    assert verify_balance(parsed)
    (claim,) = parsed.claims
    assert claim.status == "4" and claim.paid == 0
    assert {(a.group, a.reason) for line in claim.lines for a in line.adjustments} == {("CO", "4")}
