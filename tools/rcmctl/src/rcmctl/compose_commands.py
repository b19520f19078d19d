"""`rcm compose up|down`: the top-level docker-compose.yml with this checkout's development keys.

`up` makes the dev signing key and the PHI key folder the services bind-mount, runs the containers as the
keys' owner (RCM_UID/RCM_GID), starts the stack (`--scale claims=3` as Compose takes it) and waits until every
container is healthy, then prints where each service answers. Build the images first: `make images`.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rcm_platform.auth.dev_keys import ensure_dev_signer
from rcm_platform.localstack.config import find_repo_root
from rcm_platform.phi import phi_keys_dir

from rcmctl.compose_stack import ComposeError, ComposeStack, wait_until_healthy
from rcmctl.processes import SERVICES, parse_scale

compose_app = typer.Typer(help="The docker-compose.yml stack, with this checkout's development keys.")


def compose_stack() -> ComposeStack:
    """The repository's compose project, run as the owner of the development keys it mounts."""
    keys = phi_keys_dir()
    keys.mkdir(mode=0o700, parents=True, exist_ok=True)
    ensure_dev_signer()
    owner = keys.stat()
    return ComposeStack(
        find_repo_root(),
        env={
            "RCM_UID": os.environ.get("RCM_UID", str(owner.st_uid)),
            "RCM_GID": os.environ.get("RCM_GID", str(owner.st_gid)),
            "RCM_PHI_KEYS_DIR": str(keys),
        },
    )


@compose_app.command("up")
def up(
    scale: Annotated[
        list[str] | None, typer.Option("--scale", help="<service>=<replicas>, e.g. claims=3 (repeatable)")
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="seconds to wait for every container")] = 180,
) -> None:
    """Start the stack and wait until every container is healthy."""
    try:
        replicas = parse_scale(scale or [])
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--scale") from None
    stack = compose_stack()
    scale_args = [arg for name, count in replicas.items() for arg in ("--scale", f"{name}={count}")]
    try:
        stack.run("up", "-d", *scale_args)
        wait_until_healthy(stack, timeout)
    except ComposeError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
    for service in SERVICES:
        typer.echo(f"{service}: {', '.join(stack.replica_urls(service))}")
    typer.echo(f"kafka: {stack.kafka_bootstrap()}; then: rcm demo --against compose")


@compose_app.command("down")
def down(
    volumes: Annotated[
        bool, typer.Option("--volumes", help="also delete the broker's and store's data")
    ] = False,
) -> None:
    """Stop and remove the stack's containers (and with --volumes its data)."""
    try:
        compose_stack().run("down", *(["--volumes"] if volumes else []))
    except ComposeError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
