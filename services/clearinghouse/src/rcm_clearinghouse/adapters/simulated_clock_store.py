"""The simulated clock, persisted as one document so every instance and restart sees the same "today".

Both the HTTP route and the background ticker move it, so it is advanced with a compare-and-set on a
version field (retried), not a blind write: FerretDB can lose one of two concurrent updates to a document.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from rcm_clearinghouse.domain.simulated_clock import SimulatedClock

CLOCK_ID = "simulator"
CAS_ATTEMPTS = 20


class ClockStore:
    def __init__(
        self, collection: AsyncCollection[dict[str, Any]], start: date | None, today: Callable[[], date]
    ) -> None:
        """`start` is the first simulated day when none is stored yet; without one, the wall clock's `today`."""
        self.collection = collection
        self.start = start
        self.today = today

    async def current(self) -> SimulatedClock:
        doc = await self.collection.find_one({"_id": CLOCK_ID})
        if doc is None:
            doc = await self._create()
        return SimulatedClock(date.fromisoformat(doc["today"]))

    async def _create(self) -> dict[str, Any]:
        doc = {"_id": CLOCK_ID, "today": (self.start or self.today()).isoformat(), "version": 0}
        try:
            await self.collection.insert_one(doc)
        except DuplicateKeyError:  # another instance created it first: theirs is the clock
            found = await self.collection.find_one({"_id": CLOCK_ID})
            if found is None:
                raise RuntimeError("the simulated clock vanished while it was being created") from None
            return found
        return doc

    async def advance(self, days: int) -> SimulatedClock:
        if days < 0:
            raise ValueError("the simulated clock only moves forward")
        for _ in range(CAS_ATTEMPTS):
            doc = await self.collection.find_one({"_id": CLOCK_ID}) or await self._create()
            moved = date.fromisoformat(doc["today"]) + timedelta(days=days)
            result = await self.collection.update_one(
                {"_id": CLOCK_ID, "version": doc["version"]},
                {"$set": {"today": moved.isoformat(), "version": doc["version"] + 1}},
            )
            if result.matched_count == 1:
                return SimulatedClock(moved)
        raise RuntimeError("the simulated clock is contended; try again")
