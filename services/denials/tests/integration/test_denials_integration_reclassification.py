"""On the real stack, over HTTP: a reviewer gives the unrecognised CARC of a DEN-CARC-UNRECOGNISED case one of
our categories; the case is then routed like a denial of that category and counts in the denial KPIs. An
unknown category is a 422 naming the field; a case that is not such a review is a 409; a coder may not."""

from __future__ import annotations

import httpx
import pytest
from denials_stack_scenarios import (
    case_state,
    claim_denied,
    claim_id,
    denial_events,
    denied_line,
    message_of,
    send,
    wait_for_case,
)
from rcm_denials.settings import DenialsSettings
from rcm_platform import Service
from rcm_platform.auth import Role
from rcm_platform.testing.auth import as_user, headers_for_tenant
from rcm_platform.testing.waiting import wait_for
from rcm_schemas.events.denials import DenialReclassified

pytestmark = pytest.mark.stack
TENANT = "clinic-reclassify"
REVIEWER = as_user(Role.biller, TENANT, subject="biller.review")


async def _review(denials: Service, tag: str, carc: str = "Z9") -> tuple[str, str]:
    """A claim denied under a CARC (Z9: never issued by X12) we have no category for: a person's review."""
    claim = claim_id(tag)
    await send(
        denials,
        message_of(claim_denied(claim, "CCPPO", denied_line(1, "99213", "CO", carc, "75.00")), TENANT),
    )
    state = await wait_for_case(denials, claim, "routed")
    return claim, state["case"]["work_item"]["work_item_id"]


async def test_a_reclassified_review_is_routed_by_its_category_and_counts_as_a_denial(
    denials: Service, denials_settings: DenialsSettings, denials_http: httpx.AsyncClient
) -> None:
    claim, item = await _review(denials, "reclass")
    before = (await denials_http.get("/analytics", headers=REVIEWER)).json()
    assert before["unrecognised_codes"]["count"] == 1 and before["denials"]["by_root_cause"] == {}

    answer = await denials_http.post(
        f"/denials/{claim}/reclassifications",
        headers=REVIEWER,
        json={"work_item_id": item, "category": "authorization"},
    )
    assert answer.status_code == 202, answer.text

    async def rerouted() -> bool:
        state = await case_state(denials, claim)
        return state is not None and state["case"]["work_item"]["rule_id"] == "DEN-CAT-AUTH"

    await wait_for(rerouted)
    state = await case_state(denials, claim)
    assert state is not None
    new_item = state["case"]["work_item"]
    assert (new_item["root_cause"], new_item["recommended_action"], new_item["queue"]) == (
        "authorization",
        "write_off",
        "billing",
    )
    assert new_item["work_item_id"] != item and new_item["status"] == "open"
    reclassify = next(h for h in state["case"]["history"] if h["action"] == "reclassify")
    assert reclassify["actor"] == "biller.review" and "authorization" in reclassify["detail"]
    routed = await denial_events(denials_settings, claim, "DenialRouted", at_least=2)
    assert [e.payload.rule_id for e in routed] == ["DEN-CARC-UNRECOGNISED", "DEN-CAT-AUTH"]  # type: ignore[attr-defined]
    # The fact remittance books the amounts from: the category, the codes it covers, who; on the claim's key.
    [reclassified] = await denial_events(denials_settings, claim, "DenialReclassified")
    fact = reclassified.payload
    assert isinstance(fact, DenialReclassified)
    assert (fact.category, fact.reclassified_by, fact.denial_id) == (
        "authorization",
        "biller.review",
        routed[-1].payload.denial_id,  # type: ignore[attr-defined]
    )
    assert [(code.group_code, code.carc) for code in fact.adjustments] == [("CO", "Z9")]

    after = (await denials_http.get("/analytics", headers=REVIEWER)).json()
    assert after["unrecognised_codes"]["count"] == 0
    assert after["denials"]["by_root_cause"] == {"authorization": {"count": 1, "amount": "75.00"}}

    # The review is over: the old work item is no longer the case's, so asking again is refused at the door.
    again = await denials_http.post(
        f"/denials/{claim}/reclassifications",
        headers=REVIEWER,
        json={"work_item_id": item, "category": "coding"},
    )
    assert again.status_code == 409


async def test_bad_reclassifications_are_refused_at_the_door(
    denials: Service, denials_http: httpx.AsyncClient
) -> None:
    claim, item = await _review(denials, "reclass-bad")

    unknown = await denials_http.post(
        f"/denials/{claim}/reclassifications",
        headers=REVIEWER,
        json={"work_item_id": item, "category": "mystery"},
    )
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "category"]

    coder = await denials_http.post(
        f"/denials/{claim}/reclassifications",
        headers=as_user(Role.coder, TENANT),
        json={"work_item_id": item, "category": "coding"},
    )
    assert coder.status_code == 403

    stranger = await denials_http.post(
        f"/denials/{claim}/reclassifications",
        headers=headers_for_tenant("clinic-elsewhere"),
        json={"work_item_id": item, "category": "coding"},
    )
    assert stranger.status_code == 404

    categorised, categorised_item = await _review(denials, "reclass-known", carc="197")
    not_a_review = await denials_http.post(
        f"/denials/{categorised}/reclassifications",
        headers=REVIEWER,
        json={"work_item_id": categorised_item, "category": "coding"},
    )
    assert not_a_review.status_code == 409
    assert "only the review of an unrecognised adjustment code" in not_a_review.json()["detail"]
