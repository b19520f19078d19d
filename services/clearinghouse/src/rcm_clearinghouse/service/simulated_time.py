"""Use case: read or move the simulator's calendar; moving it releases the 835s that fell due.

The HTTP route and the background ticker both come here, so "advance" means the same from either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rcm_clearinghouse.service.ports import SimulatedCalendar
from rcm_clearinghouse.service.remittance_release import RemittanceRelease


@dataclass(frozen=True)
class Advanced:
    today: date
    released: list[str]
    """Trace numbers of the 835s this advance created or completed."""


class SimulatedTime:
    def __init__(self, calendar: SimulatedCalendar, release: RemittanceRelease) -> None:
        self.calendar, self.release = calendar, release

    async def today(self) -> date:
        return (await self.calendar.current()).today

    async def advance(self, days: int) -> Advanced:
        today = (await self.calendar.advance(days)).today
        return Advanced(today, await self.release.release_due(today))
