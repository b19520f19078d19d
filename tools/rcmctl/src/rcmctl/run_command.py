"""`rcm run`: every service as its own process against the local stack, until Ctrl-C."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Annotated

import typer
from rcm_platform.localstack.config import StackConfig, find_repo_root
from rich.console import Console
from rich.table import Table

from rcmctl.processes import (
    CONSOLE_DEV_LOGIN,
    PortBusy,
    ServiceFleet,
    dev_sign_in_env,
    parse_scale,
    stack_services_env,
)

console = Console()


def run(
    scale: Annotated[
        list[str] | None, typer.Option("--scale", help="<service>=<instances>, e.g. claims=2")
    ] = None,
    log_dir: Annotated[Path | None, typer.Option("--log-dir", help="default: .rcm/run/logs")] = None,
    base_port: Annotated[
        int | None,
        typer.Option("--base-port", help="HTTP ports from this one, in pipeline order (default: free ports)"),
    ] = None,
    synthetic_reference_data: Annotated[
        bool,
        typer.Option(
            "--synthetic-reference-data",
            help="claims scrubs and prices with the synthetic NCCI/MUE/fee samples the demo uses "
            "(otherwise it reads the files RCM_CLAIMS_NCCI_PTP_FILE, _MUE_FILE, _FEE_SCHEDULE_FILE name)",
        ),
    ] = False,
) -> None:
    """Start every service as its own process (one consumer group per service) and stop them on Ctrl-C."""
    try:
        instances = parse_scale(scale or [])
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    stack = StackConfig.from_env()  # RCM_KAFKA_PORT / RCM_MONGO_PORT name a stack on other ports
    # Every endpoint goes to every service; a setting already in the environment wins.
    env = {
        k: v
        for k, v in stack_services_env(stack.kafka_bootstrap, stack.service_mongo_uris()).items()
        if k not in os.environ
    }
    if synthetic_reference_data:
        env["RCM_CLAIMS_SYNTHETIC_REFERENCE_DATA"] = "true"
    if not os.environ.get("RCM_AUTH_JWKS"):  # an operator's identity provider wins over the dev key
        env |= dev_sign_in_env()
    else:  # the console's sign-in then takes that provider's tokens only
        env.setdefault(CONSOLE_DEV_LOGIN, "false")
    fleet = ServiceFleet(
        log_dir=log_dir or find_repo_root() / ".rcm" / "run" / "logs",
        scale=instances,
        env=env,
        base_port=base_port,
    )
    with console.status("Starting services..."):
        try:
            fleet.start()
        except PortBusy as busy:
            raise typer.BadParameter(str(busy), param_hint="--base-port") from None
    table = Table("service", "instance", "http", "log")
    for proc in fleet.processes:
        table.add_row(proc.name, str(proc.instance), proc.url, str(proc.log_file))
    console.print(table)
    console.print(f"The billing console: {fleet.url('analytics')}/console/")
    console.print("Running; Ctrl-C stops every service cleanly.")
    stopping = False

    def request_stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, request_stop)
    try:
        while not stopping:
            dead = [p for p in fleet.processes if p.process is not None and p.process.poll() is not None]
            if dead:
                console.print(f"[red]exited:[/red] {', '.join(f'{p.name}-{p.instance}' for p in dead)}")
                break
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        with console.status("Stopping services..."):
            fleet.stop()
        console.print("All services stopped.")
