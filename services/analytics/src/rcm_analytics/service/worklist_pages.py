"""Worklist pages from a snapshot of each list's open items, held per process and reloaded when the list changed.

Why a snapshot: FerretDB answers a sorted or filtered query by reading the whole collection (no index is used),
about 1.2 s for 10,000 items, while reading one document by id takes a millisecond. So a page reads the list's
version document; when it is the one the snapshot was taken at, the page is cut from memory. A changed list of
up to SYNC_RELOAD_LIMIT items is reloaded at once (fresh on this very request); a larger one is reloaded in the
background while the page is cut from the last snapshot (a second or so behind, and said so on the page).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from rcm_analytics.domain.worklists import OpenItem, Worklist, WorklistPage, WorklistQuery, cut, ordered_by
from rcm_analytics.service.ports import Worklists

SYNC_RELOAD_LIMIT = 2000


@dataclass
class _Snapshot:
    version: str | None
    rows: list[OpenItem]
    reloading: asyncio.Task[None] | None = field(default=None)
    orders: dict[str, list[OpenItem]] = field(default_factory=dict)
    """The rows in each sort order asked so far (sorted once per snapshot, not per page)."""

    def in_order(self, sort: str) -> list[OpenItem]:
        if sort not in self.orders:
            self.orders[sort] = ordered_by(self.rows, sort)
        return self.orders[sort]


@dataclass(frozen=True)
class ServedPage:
    page: WorklistPage
    current: bool
    """False: a reload of a larger list is under way and this page is from the snapshot before it."""


class WorklistPages:
    def __init__(self, worklists: Worklists) -> None:
        self.worklists = worklists
        self.snapshots: dict[tuple[str, Worklist], _Snapshot] = {}

    async def page(self, tenant_id: str, query: WorklistQuery) -> ServedPage:
        key = (tenant_id, query.worklist)
        version = await self.worklists.version(tenant_id, query.worklist)
        snapshot = self.snapshots.get(key)
        current = True
        if snapshot is None:
            snapshot = await self._load(key, version)
        elif snapshot.version != version:
            if len(snapshot.rows) <= SYNC_RELOAD_LIMIT:
                snapshot = await self._load(key, version)
            else:
                current = False
                if snapshot.reloading is None or snapshot.reloading.done():
                    snapshot.reloading = asyncio.create_task(self._reload(key, version))
        return ServedPage(cut(snapshot.in_order(query.sort), query), current)

    async def _load(self, key: tuple[str, Worklist], version: str | None) -> _Snapshot:
        rows = await self.worklists.open_rows(*key)
        snapshot = _Snapshot(version, rows)
        self.snapshots[key] = snapshot
        return snapshot

    async def _reload(self, key: tuple[str, Worklist], version: str | None) -> None:
        await self._load(key, version)
