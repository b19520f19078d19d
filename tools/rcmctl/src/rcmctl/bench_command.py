"""`rcm bench`: pipeline throughput and latency on the real stack, beside the broker alone in the same run."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import date
from typing import Annotated, Any

import psutil
import typer
from rcm_platform.localstack import LocalStack, StackConfig
from rcm_platform.localstack.config import find_repo_root
from rcm_platform.topic_tools import create_registry_topics
from rich.console import Console

from rcmctl.bench_profile import StackCpu, per_encounter, service_time
from rcmctl.broker_baseline import broker_round_trip
from rcmctl.processes import PortBusy, ServiceFleet, discard_world, isolated_env, parse_scale
from rcmctl.stack_commands import provision_topics
from rcmctl.workload.run import WorkloadResult, run_workload, settled_encounters, unsettled_by_last_event
from rcmctl.workload.tracker import SETTLING_EVENTS
from rcmctl.workload_progress import workload_progress

bench_app = typer.Typer(
    help="Benchmarks that print numbers beside a reference measured in the same run.",
    invoke_without_command=True,
)
console = Console()
BENCH_SERVICE_ENV: dict[str, str] = {}


def _percentiles(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"p50": None, "p95": None, "p99": None}
    ordered = sorted(values)

    def at(fraction: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(fraction * len(ordered)))], 3)

    return {"p50": at(0.50), "p95": at(0.95), "p99": at(0.99)}


def _latencies(result: WorkloadResult, first: str, then: str) -> list[float]:
    """Seconds between the first event of a kind and a later one, per encounter (event times)."""
    assert result.tracker is not None
    events = result.tracker.events
    start = {
        m.payload.encounter_id: m.envelope.occurred_at  # type: ignore[attr-defined]
        for m in events.of(first)
    }
    claim_to_encounter = events.encounter_by_claim()
    seconds = []
    seen: set[str] = set()
    for message in events.of(then):
        payload: Any = message.payload
        encounter = getattr(payload, "encounter_id", None) or claim_to_encounter.get(payload.claim_id)
        if isinstance(encounter, str) and encounter in start and encounter not in seen:
            seen.add(encounter)
            seconds.append((message.envelope.occurred_at - start[encounter]).total_seconds())
    return seconds


def _stage_rates(result: WorkloadResult) -> dict[str, float | None]:
    """Per stage: its events per second from the run's first registration to that stage's last event."""
    assert result.tracker is not None
    events = result.tracker.events
    registered = [m.envelope.occurred_at for m in events.of("EncounterRegistered")]
    if not registered:
        return {}
    begin = min(registered)
    rates: dict[str, float | None] = {}
    for event_type in ("EncounterRegistered", "EncounterCoded", "ClaimSubmitted", "ClaimPaid"):
        times = [m.envelope.occurred_at for m in events.of(event_type)]
        span = (max(times) - begin).total_seconds() if times else 0.0
        rates[event_type] = round(len(times) / span, 1) if span > 0 else None
    return rates


def _settled_throughput(result: WorkloadResult) -> float | None:
    """Settled encounters per second, from the first registration to the last settling event (event times)."""
    assert result.tracker is not None
    events = result.tracker.events
    registered = [m.envelope.occurred_at for m in events.of("EncounterRegistered")]
    settling = [m.envelope.occurred_at for t in SETTLING_EVENTS for m in events.of(t)]
    if not registered or not settling:
        return None
    span = (max(settling) - min(registered)).total_seconds()
    return round(len(settled_encounters(result.tracker)) / span, 2) if span > 0 else None


def _resources(fleet: ServiceFleet) -> dict[str, dict[str, float]]:
    usage = {}
    for proc in fleet.processes:
        if proc.process is None or proc.process.poll() is not None:
            continue
        info = psutil.Process(proc.process.pid)
        times = info.cpu_times()
        usage[f"{proc.name}-{proc.instance}"] = {
            "cpu_seconds": round(times.user + times.system, 2),
            "rss_mb": round(info.memory_info().rss / 1024 / 1024, 1),
        }
    return usage


@bench_app.callback()
def pipeline(
    ctx: typer.Context,
    encounters: Annotated[int, typer.Option("--encounters", "-n")] = 2000,
    seed: Annotated[int, typer.Option("--seed")] = 7,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    timeout: Annotated[float, typer.Option("--timeout")] = 1800,
    scale: Annotated[
        list[str] | None, typer.Option("--scale", help="<service>=<instances>, e.g. claims=2")
    ] = None,
    keep_data: Annotated[
        bool, typer.Option("--keep-data", help="keep the run's topics and databases for inspection")
    ] = False,
    rate: Annotated[
        float | None,
        typer.Option("--rate", help="encounters registered per second (default: as fast as possible)"),
    ] = None,
    base_port: Annotated[
        int | None,
        typer.Option("--base-port", help="the services' HTTP ports from this one (default: free ports)"),
    ] = None,
    batch: Annotated[
        int,
        typer.Option(
            "--batch",
            min=1,
            max=100,
            help="encounters per registration request (POST /encounters:batch); 1: POST /encounters each. "
            "With --rate, each visit is sent alone.",
        ),
    ] = 50,
) -> None:
    """N encounters at a rate or as fast as the pipeline takes them: throughput, latency, CPU/RSS, broker ratio."""
    if ctx.invoked_subcommand is not None:
        return
    config = StackConfig.from_env()
    stack = LocalStack(config)
    stack.up()
    provision_topics(config.kafka_bootstrap)
    world_id = uuid.uuid4()
    # Its own topics, databases and consumer groups: a backlog left by an interrupted run cannot skew the numbers.
    run_prefix = f"bench_{world_id.hex[:6]}"
    asyncio.run(create_registry_topics(config.kafka_bootstrap, f"{run_prefix}.", partitions=6))
    world = {
        **isolated_env(config.kafka_bootstrap, config.service_mongo_uris(), run_prefix),
        "RCM_CLEARINGHOUSE_SCENARIO_SEED": str(world_id.int % 1_000_000_000),
    }
    fleet = ServiceFleet(
        log_dir=find_repo_root() / ".rcm" / "bench" / "logs",
        env={**BENCH_SERVICE_ENV, **world},
        scale=parse_scale(scale or []),
        base_port=base_port,
    )
    try:
        fleet.start()
    except PortBusy as busy:
        raise typer.BadParameter(str(busy), param_hint="--base-port") from None
    stack_cpu = StackCpu.begin(stack)
    try:
        urls = {proc.name: proc.url for proc in fleet.processes}
        with workload_progress(Console(stderr=True), encounters) as show:
            result = asyncio.run(
                run_workload(
                    urls,
                    config.kafka_bootstrap,
                    encounters=encounters,
                    seed=seed,
                    today=date.today(),
                    settle_timeout_s=timeout,
                    concurrency=16,
                    topic_prefix=f"{run_prefix}.",
                    progress=show,
                    rate_per_s=rate,
                    payer_clock_from_start=True,
                    batch_size=batch,
                )
            )
        resources = _resources(fleet)
        stack_resources = stack_cpu.spent()
        where = service_time({f"{p.name}-{p.instance}": p.url for p in fleet.processes})
    finally:
        fleet.stop()
        if not keep_data:
            discard_world(config.kafka_bootstrap, config.mongo_uri, run_prefix)
    assert result.tracker is not None
    messages = sum(result.tracker.seen.values())
    broker_rate = asyncio.run(broker_round_trip(config.kafka_bootstrap, max(messages, 1000)))
    pipeline_rate = encounters / result.elapsed_s
    pipeline_messages_rate = messages / result.elapsed_s
    report = {
        "encounters": encounters,
        "target_rate_per_s": rate,
        "registration_batch": 1 if rate else batch,
        "scale": parse_scale(scale or []),
        "run_prefix": run_prefix,
        "settled": result.settled,
        "settled_encounters": len(settled_encounters(result.tracker)),
        "unsettled_by_last_event": dict(unsettled_by_last_event(result.tracker)),
        "elapsed_s": round(result.elapsed_s, 2),
        "throughput_encounters_per_s": _settled_throughput(result),
        "encounters_per_s_over_whole_run": round(pipeline_rate, 2),
        "stage_events_per_s": _stage_rates(result),
        "pipeline_events": messages,
        "events_by_type": dict(sorted(result.tracker.seen.items())),
        "pipeline_events_per_s": round(pipeline_messages_rate, 1),
        "broker_alone_messages_per_s": round(broker_rate, 1),
        "ratio_of_broker": round(pipeline_messages_rate / broker_rate, 4) if broker_rate else None,
        "latency_registered_to_claim_submitted_s": _percentiles(
            _latencies(result, "EncounterRegistered", "ClaimSubmitted")
        ),
        "latency_registered_to_payment_posted_s": _percentiles(
            _latencies(result, "EncounterRegistered", "ClaimPaid")
        ),
        "latency_note": "payment latency includes the payer's days to pay on the simulated clock "
        "(one simulated day per 0.25 s from the first registration)",
        "services": resources,
        "stack_cpu_seconds": stack_resources,
        "per_settled_encounter": per_encounter(
            where,
            {**{name: usage["cpu_seconds"] for name, usage in resources.items()}, **stack_resources},
            len(settled_encounters(result.tracker)),
        ),
        "where_the_time_goes": where,
    }
    if as_json:
        print(json.dumps(report, indent=2))
        return
    console.print_json(json.dumps(report))


@bench_app.command("coding")
def coding() -> None:
    """Top-1 / top-5 accuracy and notes per second of the coding assistant on the synthetic labelled set."""
    from rcm_coding.bench import main

    main([])


@bench_app.command("x12")
def x12() -> None:
    """837P claims written per second next to pyx12's validation of the same file; 835 reading speed."""
    from rcm_claims.bench import main as claims_main
    from rcm_x12.bench import main as x12_main

    claims_main([])
    x12_main([])


@bench_app.command("worklist")
def worklist(
    claims: Annotated[int, typer.Option("--claims", help="open claims in the denial worklist")] = 10_000,
    rounds: Annotated[int, typer.Option("--rounds", help="pages asked")] = 200,
) -> None:
    """The console's denial worklist with 10,000 open claims: server-side page times, beside the store's own
    sorted and counted query for the same page (the stack must be up)."""
    from rcm_analytics.bench import main as worklist_main

    worklist_main(["--claims", str(claims), "--rounds", str(rounds)])
