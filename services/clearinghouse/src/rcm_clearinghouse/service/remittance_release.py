"""Use case: release the adjudications whose payment date the simulated clock has reached, as 835s.

Safe to run twice or on two instances at once: each 835 is stored under its deterministic trace number with
a unique insert (the second is a no-op), and an adjudication is marked released, once, only after the 835
holding it exists. Claims a payer pays on one day go out in one 835 per payer and payee, created on that day.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import date

import structlog

from rcm_clearinghouse.domain.adjudication import AdjudicatedClaim
from rcm_clearinghouse.domain.reversal import reversal_of
from rcm_clearinghouse.domain.scenario import Scenario
from rcm_clearinghouse.domain.simulated_clock import SimulatedClock
from rcm_clearinghouse.service.adjudication_record import adjudication_from, snapshot_in
from rcm_clearinghouse.service.ports import PaymentLedger, Remittances
from rcm_clearinghouse.service.remittance_batching import batch_key, batch_remittances, trace_number

log = structlog.get_logger("rcm.clearinghouse.release")


@dataclass
class DueItem:
    entry_id: str
    tenant_id: str
    decided: AdjudicatedClaim
    replaces: str | None


def claim_id_of(entry_id: str) -> str:
    return entry_id.split("#", 1)[0]


class RemittanceRelease:
    def __init__(self, ledger: PaymentLedger, outbox: Remittances, scenario: Scenario) -> None:
        self.ledger, self.outbox, self.scenario = ledger, outbox, scenario
        self._lock = asyncio.Lock()  # the ticker and the HTTP route of one instance take turns

    async def release_due(self, today: date) -> list[str]:
        """The trace numbers of the 835s this run created or completed."""
        async with self._lock:
            items = await self._due_items(today)
            items = await self._apply_replacements(items)
            items = await self._place_late_items(items, today)
            batches: dict[tuple[str, tuple[str, str, date]], list[DueItem]] = {}
            for item in items:
                batches.setdefault((item.tenant_id, batch_key(item.decided)), []).append(item)
            traces = []
            # Oldest payment day first, then payer and payee: the order a payer's cycles would run in.
            for (tenant_id, key), members in sorted(batches.items(), key=lambda b: (b[0][1][2], b[0])):
                (document,) = batch_remittances(
                    [m.decided for m in members], self.scenario, SimulatedClock(key[2]).now()
                )
                await self.outbox.record(document, tenant_id, [m.entry_id for m in members])
                stored = await self.ledger.remittance_entries([document.trace_number])
                await self.ledger.mark_remitted(stored.get(document.trace_number, []), document.trace_number)
                traces.append(document.trace_number)
            if traces:
                log.info("remittances released", count=len(traces), simulated_day=today.isoformat())
            return traces

    async def _due_items(self, today: date) -> list[DueItem]:
        pointers = await self.ledger.due_by(today)
        done = await self.ledger.released([p["entry_id"] for p in pointers])
        pending = [p for p in pointers if p["entry_id"] not in done]
        await self.ledger.forget([p["_id"] for p in pointers if p["entry_id"] in done])
        claims = await self.ledger.claim_documents(sorted({p["claim_id"] for p in pending}))
        items = []
        for pointer in pending:
            doc = claims.get(pointer["claim_id"])
            entries = doc["state"]["adjudications"] if doc else []
            # A pointer left by an attempt that never completed (or a different day) has no matching entry.
            entry = next(
                (e for e in entries if e["entry_id"] == pointer["entry_id"]),
                None,
            )
            if doc is not None and entry is not None:
                decided = adjudication_from(snapshot_in(entry))
                items.append(DueItem(entry["entry_id"], doc["tenant_id"], decided, entry.get("replaces")))
        return items

    async def _apply_replacements(self, items: list[DueItem]) -> list[DueItem]:
        """An unpaid original is withdrawn; a paid one is taken back (reversed) in the replacement's 835."""
        withdrawn: set[str] = set()
        for item in items:
            if item.replaces is None or item.replaces == item.entry_id:
                continue
            if await self.ledger.supersede(item.replaces, item.entry_id):
                withdrawn.add(item.replaces)
                continue
            status = await self.ledger.release_status(item.replaces)
            remitted = status is not None and status["outcome"] == "remitted"
            original = await self._adjudication(item.replaces) if remitted else None
            if original is not None and original.remit.paid > 0:
                item.decided = replace(item.decided, reverses=reversal_of(original.remit))
        return [item for item in items if item.entry_id not in withdrawn]

    async def _adjudication(self, entry_id: str) -> AdjudicatedClaim | None:
        claim_id = claim_id_of(entry_id)
        doc = (await self.ledger.claim_documents([claim_id])).get(claim_id)
        entries = doc["state"]["adjudications"] if doc else []
        entry = next((e for e in entries if e["entry_id"] == entry_id), None)
        return adjudication_from(snapshot_in(entry)) if entry else None

    async def _place_late_items(self, items: list[DueItem], today: date) -> list[DueItem]:
        """A claim whose payment day's 835 already went out without it is paid in today's cycle instead."""
        seed = self.scenario.seed
        traces = {item.entry_id: trace_number(batch_key(item.decided), seed) for item in items}
        today_traces = {
            item.entry_id: trace_number((*batch_key(item.decided)[:2], today), seed) for item in items
        }
        existing = await self.ledger.remittance_entries(sorted({*traces.values(), *today_traces.values()}))
        placed = []
        for item in items:
            trace = traces[item.entry_id]
            if trace not in existing or item.entry_id in existing[trace]:
                placed.append(item)
                continue
            later = today_traces[item.entry_id]
            if later in existing and item.entry_id not in existing[later]:
                continue  # today's 835 went out too: wait for the next day's cycle
            item.decided = replace(item.decided, payment_date=today)
            placed.append(item)
        return placed
