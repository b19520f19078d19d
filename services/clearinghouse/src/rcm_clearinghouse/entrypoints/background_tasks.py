"""Background loops started with the service: the simulated clock's ticker (so the demo pays unattended)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import structlog
from rcm_platform import Service

from rcm_clearinghouse.adapters.simulated_clock_store import ClockStore
from rcm_clearinghouse.service.remittance_release import RemittanceRelease

log = structlog.get_logger("rcm.clearinghouse.background")


class ClearinghouseService(Service):
    """A Service that also stops the background loops it started, before the kit closes Mongo."""

    background: list[asyncio.Task[None]]

    async def stop(self) -> None:
        for task in getattr(self, "background", []):
            task.cancel()
        await asyncio.gather(*getattr(self, "background", []), return_exceptions=True)
        self.background = []
        await super().stop()

    def run_every(self, seconds: float, step: Callable[[], Awaitable[object]], name: str) -> None:
        async def start() -> None:
            self.background = [
                *getattr(self, "background", []),
                asyncio.create_task(_loop(seconds, step, name), name=name),
            ]

        self.on_started.append(start)


async def _loop(seconds: float, step: Callable[[], Awaitable[object]], name: str) -> None:
    while True:
        await asyncio.sleep(seconds)
        try:
            await step()
        except asyncio.CancelledError:
            raise
        except Exception as error:  # one failed tick must not stop the demo's payers for good
            log.warning("background step failed", loop=name, error=type(error).__name__)


def clock_tick(clock: ClockStore, release: RemittanceRelease, days: int) -> Callable[[], Awaitable[None]]:
    async def tick() -> None:
        today = (await clock.advance(days)).today
        await release.release_due(today)

    return tick
