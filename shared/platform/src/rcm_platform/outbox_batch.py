"""Outboxes held while a batch of input is handled, and published together when the batch is done.

The consumer handles a batch's records one by one, in partition order, exactly as it handles a single record;
what changes is when the outboxes they wrote are sent. Each aggregate written (or found with an unsent outbox
on a redelivery) is held here with its newest document, and at the end of the batch every held record is handed
to the producer at once (one flush instead of one acknowledged round trip per record) and the sent outboxes are
cleared with bulk writes. The batch's offsets are committed after that.

While the batch is handled it also remembers the aggregate documents read and written through it, so the
duplicate check, the handler's load and the write of one event read the document once, not three times. This
is safe because the batch's consumer is the aggregates' only writer: an HTTP create that inserts a document the
batch saw as absent makes the batch's insert collide, and the store then forgets and reads again.

A crash anywhere before the end leaves the records in their documents and the offsets uncommitted: the
redelivered events are duplicates, and the duplicate path holds their documents again, so every record is
published by the next batch and every event still has exactly one effect.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol

Document = dict[str, Any]


class OutboxOwner(Protocol):
    async def publish_outboxes(self, documents: Sequence[Document]) -> None:
        """Send the outbox records of these documents and clear what was sent."""
        ...


class OutboxBatch:
    def __init__(self) -> None:
        self._held: dict[int, tuple[OutboxOwner, dict[Any, Document]]] = {}
        self._after_publish: list[Callable[[], Awaitable[None]]] = []
        self.documents: dict[tuple[int, Any], Document | None] = {}
        """(owner, _id) -> the document as last read or written in this batch (None: known absent)."""
        self.closed = False
        """Once publishing began, nothing more is held: a late writer publishes on its own."""

    def hold(self, owner: OutboxOwner, document: Document) -> bool:
        """Keep `document` (by its `_id`) for the end of the batch; False when the batch no longer holds.

        The newest version wins: an aggregate written twice in one batch carries both writes' records in its
        last document (the outbox is only cleared after a publish), so each record is sent once."""
        if self.closed:
            return False
        _, documents = self._held.setdefault(id(owner), (owner, {}))
        held = documents.get(document["_id"])
        if held is None or held.get("_version", 0) <= document.get("_version", 0):
            documents[document["_id"]] = document
        return True

    def after_publish(self, step: Callable[[], Awaitable[None]]) -> bool:
        """Run `step` once the batch's records are sent (a command's "applied" is only true then)."""
        if self.closed:
            return False
        self._after_publish.append(step)
        return True

    @property
    def held_documents(self) -> int:
        return sum(len(documents) for _, documents in self._held.values())

    async def publish(self) -> None:
        """Send every held outbox, owner by owner; may be called again after a failure (it resends, and the
        consumers drop the duplicates by event id)."""
        self.closed = True
        for owner, documents in self._held.values():
            await owner.publish_outboxes(list(documents.values()))
        self._held.clear()
        while self._after_publish:  # each step leaves the list once done: a retry runs only those left
            await self._after_publish[0]()
            self._after_publish.pop(0)


_current: ContextVar[OutboxBatch | None] = ContextVar("rcm_outbox_batch", default=None)


def current_batch() -> OutboxBatch | None:
    return _current.get()


@contextmanager
def holding(batch: OutboxBatch) -> Iterator[OutboxBatch]:
    """Outboxes written inside this block are held by `batch` instead of being sent at once."""
    token = _current.set(batch)
    try:
        yield batch
    finally:
        _current.reset(token)
