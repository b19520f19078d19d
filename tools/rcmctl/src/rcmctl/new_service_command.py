"""`rcm new-service NAME`: write services/NAME in the one service shape and add it to the list of services."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rcm_platform.localstack.config import find_repo_root

from rcmctl.new_service.generator import NewServiceError, generate, register


def new_service(
    name: Annotated[str, typer.Argument(help="snake_case name, e.g. statements")],
    root: Annotated[Path | None, typer.Option(help="repository root (default: this checkout)")] = None,
    register_name: Annotated[
        bool, typer.Option("--register/--no-register", help="add NAME to rcm_schemas CONSUMING_SERVICES")
    ] = True,
) -> None:
    """Write a working service (subscriber, route, ports, adapter, tests) to adapt to what NAME owns."""
    repo = root or find_repo_root()
    try:
        written = generate(repo, name)
        registered = register(repo, name) if register_name else False
    except NewServiceError as error:
        typer.echo(f"rcm new-service: {error}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"wrote {len(written)} files under {repo / 'services' / name}")
    if registered:
        typer.echo(
            f"added {name!r} to CONSUMING_SERVICES in shared/schemas/src/rcm_schemas/topics.py (its DLQ)"
        )
    typer.echo(
        "next: uv lock && uv sync --all-packages; add a topic to the registry if it publishes; "
        "uv run rcm docs asyncapi; make unit"
    )
