"""The workload's office keeps reading events while one of its calls waits on a busy service, and the run is not
taken for quiet while work is under way (a run once ended as "settled 62 of 2000" because a slow correction call
stopped the reading for 45 s)."""

from __future__ import annotations

import asyncio
from collections import Counter
from types import SimpleNamespace
from typing import Any

from rcmctl.workload.run import _work_queues
from rcmctl.workload.tracker import RunTracker


class ScriptedTracker(RunTracker):
    def __init__(self, batches: list[list[Any]]) -> None:
        super().__init__("unused:9092", set())
        self.batches = batches

    async def poll(self, timeout_ms: int = 500) -> list[Any]:
        await asyncio.sleep(0.01)
        return self.batches.pop(0) if self.batches else []


class SlowOffice:
    def __init__(self) -> None:
        self.gate = asyncio.Event()
        self.reacted: list[str] = []
        self.failures: list[str] = []
        self.actions: Counter[str] = Counter()

    async def react(self, message: Any, plan: Any = None) -> None:
        self.reacted.append(message.name)
        if message.name == "slow":
            await self.gate.wait()  # a call to a service that answers late


def _message(name: str) -> Any:
    return SimpleNamespace(name=name, envelope=SimpleNamespace(event_type="DenialRouted"), payload=None)


async def test_events_are_read_and_acted_on_while_a_call_waits_and_the_run_is_busy_until_it_ends() -> None:
    tracker = ScriptedTracker([[_message("slow")], [_message("next")]])
    office = SlowOffice()
    watcher = asyncio.create_task(_work_queues(tracker, office, {}, {}))  # type: ignore[arg-type]
    try:
        for _ in range(100):
            await asyncio.sleep(0.01)
            if office.reacted == ["slow", "next"]:
                break
        assert office.reacted == ["slow", "next"], "the slow call held up the next event"
        assert tracker.working == 1 and tracker.idle_for() == 0.0
        office.gate.set()
        await asyncio.sleep(0.05)
        assert tracker.working == 0 and tracker.idle_for() > 0.0
    finally:
        watcher.cancel()
