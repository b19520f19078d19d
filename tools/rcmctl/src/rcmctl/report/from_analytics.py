"""The demo's report as the analytics service computes it from the events it stored (`GET /kpis`).

The run's tracker says how many distinct events each clinic published; the report is read once the service has
stored as many (it consumes the same topics), so the numbers are those of the whole run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

import httpx
from rcm_analytics.domain.event_log import EventLog
from rcm_analytics.domain.kpis import Kpis
from rcm_platform.auth import Role
from rcm_platform.http import TENANT_HEADER

from rcmctl.workload import sign_in


@dataclass(frozen=True)
class AnalyticsReport:
    total: Kpis
    per_clinic: dict[str, Kpis]
    caught_up: bool
    """False: the service had not stored every event of the run when the wait ran out (the numbers are short)."""


def distinct_events_by_tenant(events: EventLog) -> dict[str, int]:
    seen: dict[str, set[str]] = {}
    for message in events.messages():
        seen.setdefault(message.envelope.tenant_id, set()).add(str(message.envelope.event_id))
    return {tenant: len(ids) for tenant, ids in seen.items()}


def _reader(tenants: list[str]) -> dict[str, str]:
    """A billing manager of every clinic of the run (the total spans them), acting for the first."""
    headers = sign_in.signed_in_to_all("billing-manager", tenants, Role.biller)
    return {**headers, TENANT_HEADER: tenants[0]}


def read_report(
    analytics_url: str, tenants: list[str], events: EventLog, as_of: date, *, wait_s: float = 120
) -> AnalyticsReport:
    expected = distinct_events_by_tenant(events)
    headers = _reader(tenants)
    deadline = time.monotonic() + wait_s
    with httpx.Client(base_url=analytics_url, headers=headers, timeout=60) as client:

        def kpis_of(tenant: str | None) -> tuple[Kpis, int]:
            params: dict[str, str] = {"as_of": as_of.isoformat()}
            if tenant is None:
                params["all_tenants"] = "true"
            answer = client.get("/kpis", params=params, headers={TENANT_HEADER: tenant} if tenant else {})
            answer.raise_for_status()
            body = answer.json()
            return Kpis.from_json(body["kpis"]), int(body["events"])

        caught_up = False
        while True:
            per_clinic = {tenant: kpis_of(tenant) for tenant in tenants}
            caught_up = all(stored >= expected.get(t, 0) for t, (_, stored) in per_clinic.items())
            if caught_up or time.monotonic() > deadline:
                break
            time.sleep(1.0)
        total, _ = kpis_of(None)
    return AnalyticsReport(total, {t: k for t, (k, _) in per_clinic.items()}, caught_up)
