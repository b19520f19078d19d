"""Loops a service runs beside its consumer (a clock tick, a folder poll), started and stopped with it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import structlog

log = structlog.get_logger("rcm.background")
Step = Callable[[], Awaitable[object]]


@dataclass(frozen=True)
class _Loop:
    seconds: float
    step: Step
    name: str


class BackgroundTasks:
    def __init__(self, service: str) -> None:
        self.service = service
        self._loops: list[_Loop] = []
        self._running: list[asyncio.Task[None]] = []

    def every(self, seconds: float, step: Step, name: str) -> None:
        if seconds <= 0:
            raise ValueError(f"{name}: the interval must be positive, got {seconds}")
        self._loops.append(_Loop(seconds, step, name))

    def start(self) -> None:
        if self._running:
            return
        self._running = [
            asyncio.create_task(_run(loop), name=f"{self.service}:{loop.name}") for loop in self._loops
        ]

    async def stop(self) -> None:
        for task in self._running:
            task.cancel()
        await asyncio.gather(*self._running, return_exceptions=True)
        self._running = []


async def _run(loop: _Loop) -> None:
    while True:
        await asyncio.sleep(loop.seconds)
        try:
            await loop.step()
        except asyncio.CancelledError:
            raise
        except Exception as error:  # one failed step must not stop the loop for good
            log.warning("background step failed", loop=loop.name, error=type(error).__name__)
