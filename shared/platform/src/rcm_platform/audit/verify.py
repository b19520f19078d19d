"""Walking chains: recompute each link's hash and its tie to the one before; name the first bad link per tenant.

The finding names the record by its key (an id, never PHI) and its position, and says what is wrong:
- altered: the content no longer hashes to the stored hash;
- removed: a position is missing (the next link's `prev_key` names the record that was there);
- reordered: a link sits at a position it was not written for, or does not follow the link before it;
- unlinked: a record in the collection that is not a chain position (written around the chain).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from typing import Literal

from rcm_platform.audit.canonical import GENESIS, link_hash
from rcm_platform.audit.chain import CHAIN_FIELDS
from rcm_platform.audit.links import Document, position_of

Problem = Literal["altered", "removed", "reordered", "unlinked"]


@dataclass(frozen=True)
class ChainBreak:
    tenant_id: str
    seq: int | None
    key: str | None
    problem: Problem
    detail: str

    def describe(self) -> str:
        where = f"seq {self.seq}" if self.seq is not None else "outside the chain"
        return f"tenant {self.tenant_id}, {where}, record {self.key}: {self.problem} ({self.detail})"


@dataclass
class ChainReport:
    links: dict[str, int] = field(default_factory=dict)
    """Links walked per tenant."""
    breaks: list[ChainBreak] = field(default_factory=list)
    """The first bad link of each broken tenant chain, and every record outside a chain."""

    @property
    def intact(self) -> bool:
        return not self.breaks


def check_chain(tenant_id: str, links: Iterable[Document], key_field: str) -> tuple[int, ChainBreak | None]:
    """`links` of one tenant in position order; returns (links walked, first break or None)."""
    previous_hash, previous_key, expected = GENESIS, None, 1
    for document in links:
        position = position_of(document["_id"])
        assert position is not None
        seq, key = position[1], document.get(key_field)
        problem = _problem(document, seq, expected, previous_hash, previous_key)
        if problem is not None:
            kind, detail = problem
            named_seq, named_key = (expected, document.get("prev_key")) if kind == "removed" else (seq, key)
            return expected - 1, ChainBreak(tenant_id, named_seq, named_key, kind, detail)
        previous_hash, previous_key, expected = document["hash"], key, expected + 1
    return expected - 1, None


def _problem(
    document: Document, seq: int, expected: int, previous_hash: str, previous_key: str | None
) -> tuple[Problem, str] | None:
    if seq > expected:
        return (
            "removed",
            f"positions {expected} to {seq - 1} are missing; the next link is {document.get('_id')}",
        )
    if document.get("seq") != seq:
        return "reordered", f"the link at position {seq} was written for position {document.get('seq')}"
    content = {name: value for name, value in document.items() if name not in CHAIN_FIELDS}
    if link_hash(content) != document.get("hash"):
        return "altered", "its content does not match its hash"
    if document.get("prev_hash") != previous_hash or document.get("prev_key") != previous_key:
        return "reordered", "it does not follow the link before it"
    return None


async def verify_links(links: AsyncIterator[Document], key_field: str) -> ChainReport:
    """Every tenant chain in one collection (one scan, grouped and ordered here: only `_id` lookups are indexed)."""
    report = ChainReport()
    chains: dict[str, list[Document]] = {}
    async for document in links:
        position = position_of(document.get("_id"))
        if position is None:
            tenant = str(document.get("tenant_id"))
            report.breaks.append(
                ChainBreak(tenant, None, document.get(key_field), "unlinked", f"_id {document.get('_id')!r}")
            )
            continue
        chains.setdefault(position[0], []).append(document)
    for tenant_id in sorted(chains):
        ordered = sorted(chains[tenant_id], key=lambda document: str(document["_id"]))
        walked, found = check_chain(tenant_id, ordered, key_field)
        report.links[tenant_id] = walked
        if found is not None:
            report.breaks.append(found)
    return report
