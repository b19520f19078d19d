"""The simulator's own calendar: payers pay days or weeks later, tests cannot wait, so time is a value.

Only the clock decides what "today" is for the simulator: 835 creation timestamps and production dates come
from it too, which is what makes two runs with one seed produce identical bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

# Payers run their payment cycle overnight; a fixed hour keeps ISA09/ISA10 stable across runs.
PAYMENT_CYCLE_TIME = time(6, 0)


@dataclass
class SimulatedClock:
    today: date

    def now(self) -> datetime:
        return datetime.combine(self.today, PAYMENT_CYCLE_TIME)

    def advance(self, days: int = 1) -> date:
        if days < 0:
            raise ValueError("the simulated clock only moves forward")
        self.today += timedelta(days=days)
        return self.today

    def advance_to(self, day: date) -> date:
        if day < self.today:
            raise ValueError(f"cannot move the simulated clock back from {self.today} to {day}")
        self.today = day
        return self.today
