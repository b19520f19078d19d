"""`rcm bench worklist`: the console's denial worklist with 10,000 open claims in the real store, page by page.

Times are server-side: each request goes to the console app in this process (no network, no browser), from the
request to the last byte of the page. Beside them, in the same run, the reference: the same page asked of the
store directly as a sorted, skipped and counted query, which is what a page would cost without the snapshot.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
from pymongo import AsyncMongoClient
from rcm_platform.auth import Role
from rcm_platform.auth.dev_keys import DEV_AUDIENCE, DEV_ISSUER, ensure_dev_signer
from rcm_platform.auth.keys import JwksKeys
from rcm_platform.auth.tokens import TokenVerifier
from rcm_platform.localstack import StackConfig
from rcm_platform.phi import wire_cipher

from rcm_analytics.adapters.event_store import MongoEventStore
from rcm_analytics.adapters.service_calls import ServiceCalls
from rcm_analytics.adapters.worklist_store import INDEXES, WORKLIST_ITEMS, MongoWorklists
from rcm_analytics.domain.worklists import CloseItem, OpenItem, Worklist
from rcm_analytics.entrypoints.console.pages import Console, console_app
from rcm_analytics.entrypoints.console.session import TOKEN_COOKIE
from rcm_analytics.service.reports import Reports
from rcm_analytics.service.worklist_pages import WorklistPages

TENANT = "bench-clinic"
PAYERS = ("MCR01", "NWHP1", "CCPPO", "TSMA1", "FBHMO", "MCD01")
PAGES = (
    "sort=opened_at&page=1",
    "sort=amount&desc=1&page=1",
    "sort=amount&desc=1&page=100",
    "sort=deadline&page=57",
    "sort=opened_at&payer=NWHP1&page=20",
    "sort=claim&q=CLM0045",
)


def _items(count: int) -> list[OpenItem]:
    rng = random.Random(22)
    start = datetime(2026, 9, 1, tzinfo=UTC)
    return [
        OpenItem(
            worklist=Worklist.denials,
            key=f"CLM{n:06d}",
            work_item_id=f"WI-CLM{n:06d}",
            encounter_id=None,
            claim_id=f"CLM{n:06d}",
            payer_id=rng.choice(PAYERS),
            amount=Decimal(rng.randint(2_000, 250_000)) / 100,
            reason=rng.choice(("coverage: 27", "authorization: 197", "coding: 16", "timely_filing: 29")),
            opened_at=start + timedelta(minutes=17 * n),
            deadline=date(2026, 12, 1) + timedelta(days=n % 120),
            queue="billing",
        )
        for n in range(count)
    ]


def _ms(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


async def _timed(client: httpx.AsyncClient, path: str) -> float:
    started = time.perf_counter()
    answer = await client.get(path)
    elapsed = time.perf_counter() - started
    if answer.status_code != 200 or "data-key" not in answer.text:
        raise RuntimeError(f"{path}: {answer.status_code}")
    return elapsed


async def _reference(db: Any, rounds: int) -> list[float]:
    """The page as one sorted, skipped query and a count, straight from the store (no snapshot)."""
    items = db[WORKLIST_ITEMS]
    selector = {"tenant_id": TENANT, "worklist": "denials", "status": "open"}
    times = []
    for n in range(rounds):
        started = time.perf_counter()
        cursor = items.find(selector).sort([("amount_cents", -1), ("_id", -1)]).skip(50 * (n % 100)).limit(50)
        rows = await cursor.to_list()
        await items.count_documents(selector)
        times.append(time.perf_counter() - started)
        assert len(rows) == 50
    return times


async def run(count: int, rounds: int) -> dict[str, Any]:
    config = StackConfig.from_env()
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(config.mongo_uri, tz_aware=True)
    db = client[f"bench_worklist_{uuid.uuid4().hex[:6]}"]
    try:
        await db[WORKLIST_ITEMS].create_indexes(list(INDEXES))
        worklists = MongoWorklists(db)
        started = time.perf_counter()
        await worklists.insert_open(TENANT, _items(count))
        loaded_s = time.perf_counter() - started
        signer = ensure_dev_signer()
        console = Console(
            verifier=TokenVerifier(JwksKeys(str(signer.jwks_path)), issuer=DEV_ISSUER, audience=DEV_AUDIENCE),
            reports=Reports(MongoEventStore(db, wire_cipher())),
            pages=WorklistPages(worklists),
            calls=ServiceCalls({}),
            dev_signer=None,
            poll_s=5,
            today=lambda: date(2026, 12, 5),
        )
        token = signer.mint(subject="bench-biller", roles=(Role.biller,), tenants=[TENANT])
        transport = httpx.ASGITransport(app=console_app(console))
        async with httpx.AsyncClient(
            transport=transport, base_url="http://console", cookies={TOKEN_COOKIE: token}
        ) as http:
            rows = "/worklists/denials/rows?"
            cold = await _timed(http, rows + PAGES[0])
            warm = [await _timed(http, rows + PAGES[n % len(PAGES)]) for n in range(rounds)]
            full = [
                await _timed(http, "/worklists/denials?" + PAGES[n % len(PAGES)]) for n in range(rounds // 4)
            ]
            # A denial is settled: the list's version changes, and the next pages still answer from the last
            # snapshot while the new one loads (10,000 items is over the synchronous reload limit).
            await worklists.apply(TENANT, CloseItem(Worklist.denials, "CLM000001", "AppealFiled"))
            after_change = [await _timed(http, rows + PAGES[n % len(PAGES)]) for n in range(rounds // 4)]
        reference = await _reference(db, max(rounds // 10, 5))
    finally:
        await client.drop_database(db.name)
        await client.close()
    return {
        "open_claims_in_the_worklist": count,
        "store_load_s": round(loaded_s, 2),
        "console_first_page_cold_ms": round(cold * 1000, 1),
        "console_rows_page_warm": _ms(warm),
        "console_whole_page_warm": _ms(full),
        "console_rows_page_right_after_a_change": _ms(after_change),
        "reference_store_sorted_page_and_count": _ms(reference),
        "pages_asked": list(PAGES),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args(argv)
    print(json.dumps(asyncio.run(run(args.claims, args.rounds)), indent=2))


if __name__ == "__main__":
    main()
