"""Use case: read or move the simulator's calendar; moving it releases the 835s that fell due and follows up
the claims still silent (276/277, escalation).

The HTTP route and the background ticker both come here, so "advance" means the same from either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rcm_clearinghouse.service.claim_status_follow_up import ClaimStatusFollowUp
from rcm_clearinghouse.service.ports import SimulatedCalendar
from rcm_clearinghouse.service.remittance_release import RemittanceRelease


@dataclass(frozen=True)
class Advanced:
    today: date
    released: list[str]
    """Trace numbers of the 835s this advance created or completed."""
    followed_up: list[str] = field(default_factory=list)
    """Claims asked about (276/277) or escalated on the new day."""


class SimulatedTime:
    def __init__(
        self,
        calendar: SimulatedCalendar,
        release: RemittanceRelease,
        follow_up: ClaimStatusFollowUp | None = None,
    ) -> None:
        self.calendar, self.release, self.follow_up = calendar, release, follow_up

    async def today(self) -> date:
        return (await self.calendar.current()).today

    async def advance(self, days: int) -> Advanced:
        today = (await self.calendar.advance(days)).today
        released = await self.release.release_due(today)
        # After the release: a claim paid today has its 835 and is no longer silent.
        followed_up = await self.follow_up.sweep(today) if self.follow_up is not None else []
        return Advanced(today, released, followed_up)
