"""The remittance use cases over in-memory ports: posting an 835, duplicates, the unmatched queue, manual and
late matches. What only the stack tests reached before, in milliseconds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from rcm_platform.errors import PermanentError
from rcm_remittance.adapters.received_event import received_from_upload
from rcm_remittance.domain.remittance_identity import key_of
from rcm_remittance.samples import cas, clp, file_of, known_from, remittance, svc
from rcm_remittance.service.matching import (
    LATE_CLAIM_MATCHER,
    ItemNotOpen,
    MatchRequestRefused,
    NoSuchItem,
)
from rcm_schemas import EventMessage, new_message
from rcm_schemas.events.claims import ClaimSubmitted
from rcm_schemas.events.remittance import (
    ClaimDenied,
    ClaimPaid,
    ClaimPartiallyPaid,
    MatchRemittanceLine,
    PaymentPosted,
)
from rcm_schemas.samples import sample_events
from rcm_x12 import RemitClaim, read_835

TENANT = "clinic-a"
D = Decimal


def received(text: str, tenant_id: str = TENANT) -> EventMessage:
    event = received_from_upload(read_835(text), text, None).model_copy(update={"source": "simulator"})
    return new_message(event, producer="clearinghouse", tenant_id=tenant_id)


def claim_submitted_cause() -> EventMessage:
    """A ClaimSubmitted message: the cause (tenant, correlation) of what its subscriber does."""
    template = next(e for e in sample_events() if isinstance(e, ClaimSubmitted))
    return new_message(template, producer="claims", tenant_id=TENANT)


async def know(world: Any, *claims: RemitClaim) -> None:
    for claim in claims:
        await world.known_claims.remember(known_from(claim), tenant_id=TENANT, payer_id="ACME01")


def three_outcomes() -> tuple[RemitClaim, RemitClaim, RemitClaim]:
    paid = clp("CLM-PAID", "1", (svc("99213", "100.00", "80.00", (cas("CO", "45", "20.00"),), control="P1"),))
    partial = clp(
        "CLM-PART",
        "1",
        (
            svc(
                "99214", "150.00", "100.00", (cas("CO", "45", "30.00"), cas("PR", "1", "20.00")), control="Q1"
            ),
            svc("87880", "50.00", "0.00", (cas("CO", "97", "50.00"),), control="Q2"),
        ),
    )
    denied = clp(
        "CLM-DENY", "4", (svc("99215", "200.00", "0.00", (cas("CO", "50", "200.00"),), control="D1"),)
    )
    return paid, partial, denied


async def test_an_835_posts_payments_outcomes_ledger_entries_and_a_balanced_reconciliation(
    world: Any,
) -> None:
    claims = three_outcomes()
    await know(world, *claims)
    text = file_of(remittance(claims, trace="CHK-1"))

    posted = await world.posting.post_file(text, received(text))

    [key] = posted
    by_claim = {
        (type(event).__name__, event.claim_id) for event in world.events() if hasattr(event, "claim_id")
    }
    assert by_claim == {
        ("PaymentPosted", "CLM-PAID"),
        ("ClaimPaid", "CLM-PAID"),
        ("PaymentPosted", "CLM-PART"),
        ("ClaimPartiallyPaid", "CLM-PART"),
        ("PaymentPosted", "CLM-DENY"),
        ("ClaimDenied", "CLM-DENY"),
    }
    types = [type(event) for event in world.events()]
    assert types[:2] == [PaymentPosted, ClaimPaid]  # per claim: the money moved, then what the payer decided
    [paid_event] = world.events(ClaimPaid)
    assert paid_event.paid_amount == D("80.00") and paid_event.lines[0].line_number == 1
    [partial_event] = world.events(ClaimPartiallyPaid)
    assert partial_event.paid_amount == D("100.00")
    [denied_event] = world.events(ClaimDenied)
    assert denied_event.denied_amount == D("200.00")
    causes = {message.envelope.causation_id for message in world.publisher.messages}
    assert len(causes) == 1 and None not in causes

    ledger = await world.queries.claim_ledger("CLM-PART", TENANT)
    assert {(e["line_number"], e["kind"], e["amount"]) for e in ledger["entries"]} == {
        (1, "payment", "100.00"),
        (1, "adjustment", "30.00"),
        (1, "patient_responsibility", "20.00"),
        (2, "adjustment", "50.00"),
    }
    balance = ledger["balance"]
    assert (balance["payer_payments"], balance["contractual_adjustments"], balance["denied"]) == (
        "100.00",
        "30.00",
        "50.00",
    )
    # The CO-97 line is denied, not adjusted: it stays owed by the payer until it is worked.
    assert (balance["insurance_balance"], balance["denied_open"], balance["patient_balance"]) == (
        "50.00",
        "50.00",
        "20.00",
    )
    assert balance["status"] == "denied" and balance["balance"] == "70.00"
    view = await world.queries.remittance(key, TENANT)
    assert view["reconciliation"] == {
        "file_total": "180.00",
        "posted_payment_total": "180.00",
        "unmatched_payment_total": "0.00",
        "provider_adjustment_total": "0.00",
        "difference": "0.00",
        "balanced": True,
    }
    assert view["posted_claim_count"] == 3 and view["event_count"] == 6
    assert await world.queries.remittance(key, "clinic-b") is None  # another tenant sees nothing


async def test_the_same_835_delivered_again_posts_nothing_twice(world: Any) -> None:
    claims = three_outcomes()
    await know(world, *claims)
    text = file_of(remittance(claims, trace="CHK-DUP"))
    await world.posting.post_file(text, received(text))
    events, entries = len(world.publisher.sent), len(world.ledger.entries)

    again = await world.posting.post_file(text, received(text))  # redelivered: another event id, same file

    assert again == []
    assert len(world.publisher.sent) == events and len(world.ledger.entries) == entries


async def test_a_posting_that_died_after_its_commit_is_published_once_by_the_retry(world: Any) -> None:
    paid = three_outcomes()[0]
    await know(world, paid)
    text = file_of(remittance((paid,), trace="CHK-CRASH"))
    cause = received(text)
    world.publisher.fail_next = 1  # the broker fails right after the commit

    with pytest.raises(ConnectionError):
        await world.posting.post_file(text, cause)
    assert world.publisher.sent == [] and await world.remittances.posted_page_count(
        key_of(read_835(text)[0]), TENANT
    )
    retried = await world.posting.post_file(text, cause)  # the consumer redelivers the same message

    assert retried == []  # committed by the first attempt
    assert [type(e) for e in world.events()] == [PaymentPosted, ClaimPaid]
    assert world.outbox.pages == {}


async def test_a_malformed_835_is_refused_naming_the_segment_and_posts_nothing(world: Any) -> None:
    paid = three_outcomes()[0]
    await know(world, paid)
    good = file_of(remittance((paid,), trace="CHK-BAD"))
    corrupted = good.replace("SVC*HC:99213*100*80", "SVC*HC:99213*1O0*80")
    position = next(i for i, s in enumerate(corrupted.split("~"), start=1) if "1O0*" in s)
    cause = received(good).model_copy(
        update={"payload": received(good).payload.model_copy(update={"x12_835": corrupted})}
    )

    with pytest.raises(PermanentError, match=f"segment SVC at position {position}"):
        await world.posting.post_file(corrupted, cause)

    assert world.ledger.entries == {} and world.publisher.sent == []
    assert world.remittances.store.documents == {} and world.unmatched.items.documents == {}


async def test_an_unknown_claim_waits_in_the_queue_and_is_matched_when_its_claim_arrives(world: Any) -> None:
    late = clp("CLM-LATE", "1", (svc("99213", "100.00", "80.00", (cas("CO", "45", "20.00"),), control="L1"),))
    text = file_of(remittance((late,), trace="CHK-LATE"))
    [key] = await world.posting.post_file(text, received(text))

    [item] = await world.queries.open_items(TENANT)
    assert (item["reason"], item["payer_claim_id"], item["paid"]) == ("unknown_claim", "CLM-LATE", "80.00")
    first = await world.queries.remittance(key, TENANT)
    assert (
        first["reconciliation"]["unmatched_payment_total"] == "80.00" and first["reconciliation"]["balanced"]
    )
    assert world.events(PaymentPosted) == []

    submitted = claim_submitted_cause()
    await world.matching.claim_submitted(known_from(late), "ACME01", submitted.envelope)
    [command] = world.commands.sent  # what the consumer delivers next, to the item's owner
    assert command.payload.requested_by == LATE_CLAIM_MATCHER
    assert command.envelope.correlation_id == submitted.envelope.correlation_id
    await world.matching.apply(command.payload, command)

    assert await world.queries.open_items(TENANT) == []
    [paid] = world.events(ClaimPaid)
    assert paid.claim_id == "CLM-LATE" and paid.paid_amount == D("80.00")
    after = await world.queries.remittance(key, TENANT)
    assert after["reconciliation"]["posted_payment_total"] == "80.00" and after["reconciliation"]["balanced"]
    [(_, state)] = [(i, d.state) for i, d in world.unmatched.items.documents.items()]
    assert state["status"] == "resolved" and state["resolved_by"] == LATE_CLAIM_MATCHER


async def test_a_claim_arriving_with_nothing_waiting_sends_no_match(world: Any) -> None:
    paid = three_outcomes()[0]
    cause = claim_submitted_cause()

    await world.matching.claim_submitted(known_from(paid), "ACME01", cause.envelope)

    assert world.commands.sent == [] and await world.known_claims.get("CLM-PAID", TENANT) is not None


async def queued_line(world: Any) -> tuple[str, str]:
    """A known claim whose second line came back under another code: that line waits in the queue."""
    claim = clp(
        "CLM-UM",
        "1",
        (
            svc("99213", "100.00", "80.00", (cas("CO", "45", "20.00"),), control="U1"),
            svc("97110", "60.00", "40.00", (cas("CO", "45", "20.00"),), control="U2"),
        ),
    )
    await know(world, claim)
    returned = clp(
        "CLM-UM",
        "1",
        (claim.lines[0], svc("97112", "60.00", "40.00", (cas("CO", "45", "20.00"),))),
    )
    text = file_of(remittance((returned,), trace="CHK-UM"))
    [key] = await world.posting.post_file(text, received(text))
    [item] = await world.queries.open_items(TENANT)
    assert item["reason"] == "no_matching_line" and item["known_claim_id"] == "CLM-UM"
    return key, str(item["item_id"])


async def test_a_manual_match_is_applied_once_however_often_it_arrives(world: Any) -> None:
    key, item_id = await queued_line(world)
    await world.matching.request_match(
        item_id, claim_id="CLM-UM", line_number=2, requested_by="biller-7", tenant_id=TENANT
    )
    [command] = world.commands.sent
    before = len(world.events(PaymentPosted))

    await world.matching.apply(command.payload, command)
    await world.matching.apply(command.payload, command)  # redelivered
    second = new_message(command.payload, producer="remittance", tenant_id=TENANT)
    await world.matching.apply(second.payload, second)  # a second biller's click, another command id

    manual = world.events(PaymentPosted)[before:]
    assert len(manual) == 1 and manual[0].paid_amount == D("40.00") and manual[0].open_balance == D("0.00")
    ledger = await world.queries.claim_ledger("CLM-UM", TENANT)
    assert sorted((e["line_number"], e["kind"], e["amount"]) for e in ledger["entries"]) == [
        (1, "adjustment", "20.00"),
        (1, "payment", "80.00"),
        (2, "adjustment", "20.00"),
        (2, "payment", "40.00"),
    ]
    view = await world.queries.remittance(key, TENANT)
    assert view["reconciliation"]["posted_payment_total"] == "120.00" and view["reconciliation"]["balanced"]
    with pytest.raises(ItemNotOpen):
        await world.matching.request_match(
            item_id, claim_id="CLM-UM", line_number=2, requested_by="biller", tenant_id=TENANT
        )


@pytest.mark.parametrize(
    ("claim_id", "line_number", "field"),
    [("CLM-NOPE", 2, "claim_id"), ("CLM-UM", 9, "line_number")],
)
async def test_a_match_request_naming_what_we_do_not_know_is_refused_on_its_field(
    world: Any, claim_id: str, line_number: int, field: str
) -> None:
    _, item_id = await queued_line(world)

    with pytest.raises(MatchRequestRefused) as refused:
        await world.matching.request_match(
            item_id, claim_id=claim_id, line_number=line_number, requested_by="biller", tenant_id=TENANT
        )

    assert refused.value.field == field and world.commands.sent == []


async def test_a_match_request_for_another_tenants_item_finds_nothing(world: Any) -> None:
    _, item_id = await queued_line(world)

    with pytest.raises(NoSuchItem):
        await world.matching.request_match(
            item_id, claim_id="CLM-UM", line_number=2, requested_by="biller", tenant_id="clinic-b"
        )


async def test_a_match_command_for_a_missing_item_is_permanent(world: Any) -> None:
    command = MatchRemittanceLine(
        trace_number="CHK-X",
        payer_id="ACME01",
        unmatched_item_id="nope",
        claim_id="CLM-UM",
        requested_by="biller",
    )
    message = new_message(command, producer="remittance", tenant_id=TENANT)

    with pytest.raises(PermanentError):
        await world.matching.apply(command, message)
