"""The progress bars shown while a workload runs (registered, settled), shared by `rcm demo` and `rcm bench`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


@contextmanager
def workload_progress(console: Console, encounters: int) -> Iterator[Callable[[str, int, int], None]]:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console) as progress:
        tasks: dict[str, Any] = {
            "registered": progress.add_task("Encounters registered", total=encounters),
            "settled": progress.add_task("Encounters settled", total=encounters),
        }

        def show(stage: str, done: int, total: int) -> None:
            progress.update(tasks[stage], completed=done, total=total)

        yield show
