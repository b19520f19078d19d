"""`rcm demo`: the whole revenue cycle on the real stack, services as processes, then the report."""

from __future__ import annotations

import asyncio
import os
import uuid
from datetime import date
from pathlib import Path
from typing import Annotated

import httpx
import typer
from rcm_platform.localstack import LocalStack, StackConfig
from rcm_platform.localstack.config import find_repo_root
from rcm_platform.topic_tools import create_registry_topics
from rich.console import Console

from rcmctl.compose_stack import ComposeError, ComposeStack
from rcmctl.processes import PortBusy, ServiceFleet, discard_world, isolated_env
from rcmctl.report.from_analytics import AnalyticsReport, read_report
from rcmctl.report.render import (
    patient_billing_json,
    render_patient_billing,
    render_report,
    report_json,
)
from rcmctl.stack_commands import provision_topics
from rcmctl.workload import sign_in
from rcmctl.workload.run import WorkloadResult, run_workload
from rcmctl.workload_progress import workload_progress
from rcmctl.x12_archive import archive_x12

console = Console(width=None if Console().is_terminal else 150)
progress = Console(stderr=True)
"""Status lines and progress bars: on stderr, so `--json` leaves stdout pure JSON (as `rcm bench` does)."""

# The workload advances the payer simulator's clock itself (one day per quarter second, once claims went out).
DEMO_SERVICE_ENV: dict[str, str] = {
    # The underpayment scenario: Northwind allows its two most billed office visits 5% below contract, which
    # remittance finds against the contracts and the back office appeals (the demo report's underpayments row).
    "RCM_CLEARINGHOUSE_UNDERPAID_CODES": '{"NWHP1": ["99213", "99214"]}',
}


def demo(
    encounters: Annotated[int, typer.Option("--encounters", "-n", help="encounters to generate")] = 200,
    seed: Annotated[int, typer.Option("--seed", help="workload seed")] = 2026,
    as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
    out: Annotated[
        Path | None, typer.Option("--out", help="keep every X12 file exchanged in this folder")
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="seconds to wait for the run to settle")] = 600,
    keep_data: Annotated[
        bool, typer.Option("--keep-data", help="keep the run's topics and databases for inspection")
    ] = False,
    base_port: Annotated[
        int | None,
        typer.Option("--base-port", help="the services' HTTP ports from this one (default: free ports)"),
    ] = None,
    against: Annotated[
        str | None,
        typer.Option(
            "--against",
            help="'compose': run the workload against the running docker-compose.yml stack instead",
        ),
    ] = None,
) -> None:
    """Stack up, services up, a synthetic workload through the whole pipeline, the report, clean shutdown."""
    if against is not None:
        if against != "compose":
            raise typer.BadParameter(
                f"{against!r}: the only stack to run against is 'compose'", param_hint="--against"
            )
        result, report, log_dir = _run_against_compose(encounters, seed, timeout)
    else:
        result, report, log_dir = _run_on_local_stack(encounters, seed, timeout, keep_data, base_port)
    _print_report(result, report, encounters, timeout, log_dir, as_json=as_json, out=out)


def _run_against_compose(
    encounters: int, seed: int, timeout: float
) -> tuple[WorkloadResult, AnalyticsReport, str]:
    """The compose stack's services and broker: topics without a prefix, its own tenants per run."""
    # The compose broker is PLAINTEXT on loopback: the local stack's SCRAM principals are not offered to it.
    os.environ.setdefault("RCM_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")
    stack = ComposeStack(find_repo_root())
    try:
        urls = stack.service_urls()
    except ComposeError as error:
        raise typer.BadParameter(
            f"{error}; start it with `docker compose up -d`", param_hint="--against"
        ) from None
    result = _workload_with_progress(urls, stack.kafka_bootstrap(), encounters, seed, timeout, "")
    report = _report_of(result, urls["analytics"], _simulated_today(urls["clearinghouse"]))
    return result, report, "`docker compose logs`"


def _run_on_local_stack(
    encounters: int, seed: int, timeout: float, keep_data: bool, base_port: int | None
) -> tuple[WorkloadResult, AnalyticsReport, str]:
    config = StackConfig.from_env()
    with progress.status("Bringing the stack up..."):
        LocalStack(config).up()
        provision_topics(config.kafka_bootstrap)
    log_dir = find_repo_root() / ".rcm" / "demo" / "logs"
    # Each demo runs in its own world: topics, databases and consumer groups under a run prefix (nothing left by
    # an earlier, interrupted run is in its way), and its own payer seed (835 trace numbers never repeat).
    world_id = uuid.uuid4()
    run_prefix = f"demo_{world_id.hex[:6]}"
    asyncio.run(create_registry_topics(config.kafka_bootstrap, f"{run_prefix}.", partitions=6))
    world = {
        **isolated_env(config.kafka_bootstrap, config.service_mongo_uris(), run_prefix),
        "RCM_CLEARINGHOUSE_SCENARIO_SEED": str(world_id.int % 1_000_000_000),
    }
    fleet = ServiceFleet(log_dir=log_dir, env={**DEMO_SERVICE_ENV, **world}, base_port=base_port)
    with progress.status("Starting the seven services as processes..."):
        try:
            fleet.start()
        except PortBusy as busy:
            raise typer.BadParameter(str(busy), param_hint="--base-port") from None
    try:
        urls = {proc.name: proc.url for proc in fleet.processes}
        result = _workload_with_progress(
            urls, config.kafka_bootstrap, encounters, seed, timeout, f"{run_prefix}."
        )
        report = _report_of(result, fleet.url("analytics"), _simulated_today(fleet.url("clearinghouse")))
    finally:
        with progress.status("Stopping services..."):
            fleet.stop()
            if not keep_data:
                discard_world(config.kafka_bootstrap, config.mongo_uri, run_prefix)
    return result, report, str(log_dir)


def _report_of(result: WorkloadResult, analytics_url: str, as_of: date) -> AnalyticsReport:
    """Read while the services still run: the analytics service computes the report from what it stored."""
    assert result.tracker is not None
    with progress.status("Reading the report from the analytics service..."):
        return read_report(analytics_url, list(result.tenants.values()), result.tracker.events, as_of)


def _print_report(
    result: WorkloadResult,
    report: AnalyticsReport,
    encounters: int,
    timeout: float,
    log_dir: str,
    *,
    as_json: bool,
    out: Path | None,
) -> None:
    assert result.tracker is not None
    events = result.tracker.events
    total, per_clinic = report.total, report.per_clinic
    if not report.caught_up:
        progress.print(
            "[yellow]The analytics service had not stored every event of the run: numbers are short."
        )
    if out is not None:
        written = archive_x12(events, out)
        progress.print(f"Kept {written} X12 files in {out}")
    if as_json:
        print(report_json(total, per_clinic, patients=patient_billing_json(result.patients)))
        if not result.settled:  # the same verdict as the table's last line, for scripts
            raise typer.Exit(1)
        return
    render_report(console, total, per_clinic, result.names)
    office = result.back_office
    if office is not None:
        console.print(
            "Work done by the demo's back office: "
            + ", ".join(f"{action} {count}" for action, count in sorted(office.actions.items()))
        )
        for failure in office.failures[:5]:
            console.print(f"[yellow]back office:[/yellow] {failure}")
    if result.patients is not None:
        render_patient_billing(console, result.patients)
    state = "settled" if result.settled else f"NOT settled within {timeout:.0f}s"
    console.print(
        f"{encounters} encounters, run {result.run_id}, {state} in {result.elapsed_s:.1f}s; logs in {log_dir}"
    )
    if not result.settled:
        raise typer.Exit(1)


def _workload_with_progress(
    urls: dict[str, str], bootstrap: str, encounters: int, seed: int, timeout: float, topic_prefix: str
) -> WorkloadResult:
    with workload_progress(progress, encounters) as show:
        return asyncio.run(
            run_workload(
                urls,
                bootstrap,
                encounters=encounters,
                seed=seed,
                today=date.today(),
                progress=show,
                settle_timeout_s=timeout,
                topic_prefix=topic_prefix,
                patients_pay=True,
            )
        )


def _simulated_today(clearinghouse_url: str) -> date:
    try:
        clock = httpx.get(
            f"{clearinghouse_url}/simulator/clock", headers=sign_in.payer_clock(), timeout=5
        ).json()
        return date.fromisoformat(str(clock.get("today") or clock.get("date")))
    except (httpx.HTTPError, ValueError, TypeError):
        return date.today()
