"""The encounter feed import's reading and sending rules (the service is faked here; the real one is in
tests/e2e/test_e2e_encounter_import.py)."""

from __future__ import annotations

import json
from typing import Any

import httpx
from rcmctl.encounter_import import import_lines, read_feed


def _answer(items: list[dict[str, Any]], rejected: frozenset[str] = frozenset()) -> httpx.Response:
    results = [
        {"idempotency_key": item["idempotency_key"], "outcome": "rejected", "problems": []}
        if item["idempotency_key"] in rejected
        else {
            "idempotency_key": item["idempotency_key"],
            "outcome": "registered",
            "encounter": {"encounter_id": "enc-" + item["idempotency_key"]},
        }
        for item in items
    ]
    return httpx.Response(200, json={"results": results})


def test_a_key_is_derived_from_the_content_whatever_the_field_order() -> None:
    lines, unreadable = read_feed(['{"a": 1, "b": 2}', '{"encounter": {"b": 2, "a": 1}}', "[1]"])
    assert [line.number for line in lines] == [1]
    assert [(r.number, r.reason) for r in unreadable] == [
        (2, "idempotency_key: already used on line 1"),
        (3, "not a JSON object"),
    ]
    again, _ = read_feed(['{"b": 2, "a": 1}'])
    assert again[0].idempotency_key == lines[0].idempotency_key


def test_a_key_that_is_not_a_short_string_is_named() -> None:
    _, unreadable = read_feed(
        [json.dumps({"idempotency_key": 7, "encounter": {}}), json.dumps({"encounter": 3})]
    )
    assert [r.reason.split(":")[0] for r in unreadable] == ["idempotency_key", "encounter"]


async def test_a_service_that_is_away_gets_the_same_batch_again() -> None:
    lines, _ = read_feed([json.dumps({"idempotency_key": f"k{i}", "encounter": {}}) for i in range(5)])
    sent: list[list[str]] = []
    answers = iter([httpx.Response(503), None, "ok", "ok"])

    async def post(items: list[dict[str, Any]]) -> httpx.Response:
        sent.append([item["idempotency_key"] for item in items])
        answer = next(answers)
        if answer is None:
            raise httpx.ConnectError("refused")
        return answer if isinstance(answer, httpx.Response) else _answer(items)

    result = await import_lines(lines, post, batch_size=3, retry_delay_s=0)
    assert sent == [["k0", "k1", "k2"]] * 3 + [["k3", "k4"]]
    assert result.registered == 5 and result.complete
    assert result.encounter_ids[5] == "enc-k4"


async def test_a_batch_refused_whole_is_sent_again_without_the_items_named() -> None:
    lines, _ = read_feed([json.dumps({"idempotency_key": f"k{i}", "encounter": {}}) for i in range(3)])
    sent: list[list[str]] = []

    async def post(items: list[dict[str, Any]]) -> httpx.Response:
        sent.append([item["idempotency_key"] for item in items])
        if len(items) == 3:
            loc = ["body", "items", 1, "encounter", "units"]
            return httpx.Response(422, json={"detail": [{"type": "int", "loc": loc, "msg": "not a number"}]})
        return _answer(items, rejected=frozenset({"k2"}))

    result = await import_lines(lines, post)
    assert sent == [["k0", "k1", "k2"], ["k0", "k2"]]
    assert result.registered == 1
    assert [(r.number, r.reason) for r in result.rejected] == [(2, "units: not a number"), (3, "rejected")]


async def test_a_refusal_naming_no_item_rejects_the_batch_and_a_lasting_outage_gives_up() -> None:
    lines, _ = read_feed([json.dumps({"idempotency_key": "k", "encounter": {}})])

    async def refused(items: list[dict[str, Any]]) -> httpx.Response:
        return httpx.Response(403, text="role front_desk needed")

    async def away(items: list[dict[str, Any]]) -> httpx.Response:
        return httpx.Response(503)

    forbidden = await import_lines(lines, refused)
    assert [r.reason for r in forbidden.rejected] == ["HTTP 403: role front_desk needed"]
    outage = await import_lines(lines, away, attempts=3, retry_delay_s=0)
    assert [r.reason for r in outage.rejected] == ["HTTP 503 after 3 attempts"]
