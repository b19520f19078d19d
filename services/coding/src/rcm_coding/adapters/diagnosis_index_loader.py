"""Builds the ICD-10-CM suggestion index once, in a worker thread, so the event loop never waits on it.

The index takes about 3 s to build; the consumer starts meanwhile and the first encounter simply awaits
the same build instead of starting a second one. Implements service.ports.DiagnosisIndexSource.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from rcm_coding.assist.diagnosis_index import DiagnosisIndex, billable_diagnosis_index


class DiagnosisIndexLoader:
    def __init__(self, build: Callable[[], DiagnosisIndex] = billable_diagnosis_index) -> None:
        self._build_index = build
        self._build: asyncio.Task[DiagnosisIndex] | None = None

    def start(self) -> None:
        self._started()

    async def get(self) -> DiagnosisIndex:
        # shield: a cancelled handler must not cancel the build the other handlers are waiting for.
        return await asyncio.shield(self._started())

    def _started(self) -> asyncio.Task[DiagnosisIndex]:
        if self._build is None:
            self._build = asyncio.get_running_loop().create_task(asyncio.to_thread(self._build_index))
        return self._build
