"""A claim the simulated payer delays, on the real stack: after 30 silent days a 276 goes out and the payer's
277 answers "pending"; 15 days before the timely-filing limit the claim is escalated; all on Kafka and in the
claim's submission document."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from clearinghouse_claims import build_claim, claim_submitted
from clearinghouse_running import acks, handled, http, running, submission_of, submit
from rcm_x12.claim_status276 import read_276
from rcm_x12.claim_status277 import read_277
from rcm_x12.pyx12_validation import pyx12_problems

pytestmark = pytest.mark.stack


def _of(events: list[Any], event_type: str) -> list[Any]:
    return [e.payload for e in events if e.envelope.event_type == event_type]


async def test_a_delayed_claim_gets_a_276_a_pending_277_and_is_escalated_at_the_filing_edge(
    settings_for: Callable[..., Any],
) -> None:
    settings = await settings_for(status_delay_rate=Decimal("1"), status_delay_days=120)
    async with running(settings) as service:
        await submit(service, claim_submitted(build_claim("CLM-SILENT-1"), 401))
        await handled(service, "CLM-SILENT-1")
        first = (await http(service, "POST", "/simulator/advance", json={"days": 30})).json()
        events = await acks(settings, at_least=3)  # the 277CA acknowledgment, the 276 and the 277
        # Northwind files within 90 days of the 2025-03-04 service: the edge is 2025-05-18, 39 days on.
        edge = (await http(service, "POST", "/simulator/advance", json={"days": 39})).json()
        events = await acks(settings, at_least=6)
        view = await submission_of(service, "CLM-SILENT-1")

    assert (
        first["today"] == "2025-04-09"
        and first["released"] == []
        and first["followed_up"] == ["CLM-SILENT-1"]
    )
    assert edge["today"] == "2025-05-18" and edge["followed_up"] == ["CLM-SILENT-1"]
    inquired, reported = _of(events, "ClaimStatusInquired"), _of(events, "ClaimStatusReported")
    assert [i.inquiry_number for i in inquired] == [1, 2]
    assert [(r.category, r.group) for r in reported] == [("P1", "pending"), ("P1", "pending")]
    assert pyx12_problems(inquired[0].x12_276) == [] and pyx12_problems(reported[0].x12_277) == []
    (request,) = read_276(inquired[0].x12_276)
    (response,) = read_277(reported[0].x12_277)
    assert (
        [i.claim_id for i in request.inquiries] == [a.claim_id for a in response.answers] == ["CLM-SILENT-1"]
    )
    (escalated,) = _of(events, "ClaimStatusEscalated")
    assert (str(escalated.filing_deadline), escalated.days_left) == ("2025-06-02", 15)
    assert view is not None
    follow_up = view["status_follow_up"]
    assert [i["inquired_on"] for i in follow_up["inquiries"]] == ["2025-04-09", "2025-05-18"]
    assert follow_up["escalated_on"] == "2025-05-18"
    assert view["adjudications"][0]["release"] == "pending"
