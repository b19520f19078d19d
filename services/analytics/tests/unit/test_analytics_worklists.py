"""The worklists from the events: which event opens and which closes an item; pages cut from a snapshot that is
reloaded when the list changed; the console's forms turned into request bodies."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from rcm_analytics.domain.worklists import (
    CloseItem,
    OpenItem,
    Worklist,
    WorklistQuery,
    page_of,
    worklist_changes,
)
from rcm_analytics.entrypoints.console.forms import approval_body, parse_money
from rcm_analytics.service.worklist_pages import SYNC_RELOAD_LIMIT, WorklistPages
from rcm_schemas import new_message
from rcm_schemas.events.claims import ClaimHeld, ClaimSubmitted
from rcm_schemas.events.denials import AppealFiled, DenialRouted
from rcm_schemas.samples import sample_events

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def _sample(cls: type[Any], **update: Any) -> Any:
    return next(e for e in sample_events() if type(e) is cls).model_copy(update=update)


def _changes(event: Any) -> list[Any]:
    return worklist_changes(new_message(event, producer="test", tenant_id="clinic-a"))


def test_a_routed_denial_opens_an_item_that_an_appeal_or_a_corrected_claim_closes() -> None:
    (opened,) = _changes(_sample(DenialRouted, claim_id="C1", amount_at_risk=Decimal("80.00")))
    assert isinstance(opened, OpenItem) and (opened.worklist, opened.key, opened.amount) == (
        Worklist.denials,
        "C1",
        Decimal("80.00"),
    )
    assert _changes(_sample(AppealFiled, claim_id="C1")) == [CloseItem(Worklist.denials, "C1", "AppealFiled")]
    replacement = _changes(_sample(ClaimSubmitted, claim_id="C2", original_claim_id="C1", frequency_code="7"))
    assert CloseItem(Worklist.denials, "C1", "ClaimSubmitted") in replacement


def test_a_held_claim_is_an_item_until_it_is_submitted() -> None:
    (held,) = _changes(_sample(ClaimHeld, claim_id="H1"))
    assert isinstance(held, OpenItem) and held.worklist is Worklist.holds and held.payer_id
    assert CloseItem(Worklist.holds, "H1", "ClaimSubmitted") in _changes(
        _sample(ClaimSubmitted, claim_id="H1")
    )


def _row(n: int, payer: str = "MCR01") -> OpenItem:
    return OpenItem(
        Worklist.denials,
        f"C{n:04d}",
        f"WI{n}",
        None,
        f"C{n:04d}",
        payer,
        Decimal(n),
        "r",
        T0 + timedelta(hours=n),
        date(2026, 12, 1) + timedelta(days=-n),
        None,
    )


def test_pages_are_sorted_filtered_and_never_overlap() -> None:
    rows = [_row(n, "NWHP1" if n % 3 == 0 else "MCR01") for n in range(1, 101)]
    first = page_of(rows, WorklistQuery(Worklist.denials, sort="amount", descending=True, size=10))
    second = page_of(
        rows, WorklistQuery(Worklist.denials, sort="amount", descending=True, size=10, offset=10)
    )
    assert [r.amount for r in first.rows][:2] == [Decimal(100), Decimal(99)] and first.total == 100
    assert not {r.key for r in first.rows} & {r.key for r in second.rows}
    nwhp = page_of(rows, WorklistQuery(Worklist.denials, payer_id="NWHP1", size=100))
    assert nwhp.total == 33 and all(r.payer_id == "NWHP1" for r in nwhp.rows)
    assert page_of(rows, WorklistQuery(Worklist.denials, search="c001")).total == 10  # C0010..C0019
    assert page_of(rows, WorklistQuery(Worklist.denials, sort="deadline")).rows[0].key == "C0100"


class FakeWorklists:
    def __init__(self, rows: list[OpenItem]) -> None:
        self.rows, self.current, self.loads = rows, "v1", 0

    async def apply(self, tenant_id: str, change: Any) -> None: ...

    async def clear(self) -> None: ...

    async def open_rows(self, tenant_id: str, worklist: Worklist) -> list[OpenItem]:
        self.loads += 1
        return list(self.rows)

    async def version(self, tenant_id: str, worklist: Worklist) -> str | None:
        return self.current


async def test_a_snapshot_is_read_once_and_reloaded_when_the_list_changed() -> None:
    store = FakeWorklists([_row(1), _row(2)])
    pages = WorklistPages(store)
    query = WorklistQuery(Worklist.denials)
    assert (await pages.page("t", query)).page.total == 2
    assert (await pages.page("t", query)).page.total == 2 and store.loads == 1
    store.rows.append(_row(3))
    store.current = "v2"
    served = await pages.page("t", query)
    assert served.current and served.page.total == 3 and store.loads == 2  # a small list: fresh at once


async def test_a_large_changed_list_is_served_from_the_last_snapshot_while_it_reloads() -> None:
    store = FakeWorklists([_row(n) for n in range(SYNC_RELOAD_LIMIT + 1)])
    pages = WorklistPages(store)
    query = WorklistQuery(Worklist.denials)
    await pages.page("t", query)
    store.rows.pop()
    store.current = "v2"
    stale = await pages.page("t", query)
    assert not stale.current and stale.page.total == SYNC_RELOAD_LIMIT + 1
    snapshot = pages.snapshots[("t", Worklist.denials)]
    assert snapshot.reloading is not None
    await snapshot.reloading
    fresh = await pages.page("t", query)
    assert fresh.current and fresh.page.total == SYNC_RELOAD_LIMIT


def test_the_forms_name_the_field_of_a_typing_mistake() -> None:
    assert parse_money("1,234.50") == Decimal("1234.50") and parse_money("$12") == Decimal("12.00")
    assert parse_money("12.3.4") is None and parse_money("-5") is None
    body, errors = approval_body("i10, E11.9", "99214 1 1,2\nG0439-25")
    assert not errors and body["diagnoses"] == ["I10", "E11.9"]
    assert body["lines"][0] == {
        "line_number": 1,
        "procedure_code": "99214",
        "units": 1,
        "diagnosis_pointers": [1, 2],
    }
    assert body["lines"][1]["modifiers"] == ["25"]
    _, errors = approval_body("", "99214 one")
    assert set(errors) == {"diagnoses", "lines"}
