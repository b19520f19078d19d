"""The service's periodic walk of its own chains: a metric per chain and a detail in /health/ready.

A broken chain does not make the service unready (it still serves and posts correctly; taking it out of
rotation would only stop the clinic's work). It is an alarm: `rcm_chain_intact{chain} == 0` and the health
detail name the first bad record; `rcm audit verify` says the same from the command line.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import structlog
from prometheus_client import CollectorRegistry, Gauge
from pymongo.asynchronous.collection import AsyncCollection

from rcm_platform.audit.links import Document, MongoLinks
from rcm_platform.audit.verify import ChainReport, verify_links

log = structlog.get_logger("rcm.audit")


@dataclass(frozen=True)
class Chain:
    name: str
    collection: AsyncCollection[Document]
    key_field: str

    async def verify(self) -> ChainReport:
        return await verify_links(MongoLinks(self.collection).every_link(), self.key_field)


def chain_detail(report: ChainReport | None) -> str:
    if report is None:
        return "not checked yet"
    if report.intact:
        return f"intact: {sum(report.links.values())} links, {len(report.links)} tenants"
    return f"broken: {report.breaks[0].describe()}" + (
        f" (+{len(report.breaks) - 1} more)" if len(report.breaks) > 1 else ""
    )


class ChainSelfCheck:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.chains: list[Chain] = []
        self.reports: dict[str, ChainReport] = {}
        self._intact = Gauge(
            "rcm_chain_intact",
            "1 when the chain verified at the last self-check, 0 when it named a bad record",
            ["chain"],
            registry=registry,
        )
        self._links = Gauge(
            "rcm_chain_links", "Links walked at the last self-check", ["chain"], registry=registry
        )
        self._checked = Gauge(
            "rcm_chain_checked_timestamp_seconds",
            "When the chain was last walked",
            ["chain"],
            registry=registry,
        )

    def add(self, chain: Chain) -> None:
        self.chains.append(chain)

    async def run(self) -> None:
        for chain in self.chains:
            report = await chain.verify()
            self.reports[chain.name] = report
            self._intact.labels(chain=chain.name).set(1 if report.intact else 0)
            self._links.labels(chain=chain.name).set(sum(report.links.values()))
            self._checked.labels(chain=chain.name).set(time.time())
            if not report.intact:
                log.error("chain broken", chain=chain.name, first=report.breaks[0].describe())

    def details(self) -> dict[str, str]:
        return {chain.name: chain_detail(self.reports.get(chain.name)) for chain in self.chains}
