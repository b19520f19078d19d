"""`rcm import encounters FILE`: register an EHR feed's encounters through the registration service."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from rcm_platform.auth import Role
from rich.console import Console

from rcmctl.encounter_import import (
    MAX_ENCOUNTERS_PER_BATCH,
    ImportResult,
    import_lines,
    read_feed,
    rejected_lines_file,
)
from rcmctl.workload import sign_in

import_app = typer.Typer(help="Import data from other systems.", no_args_is_help=True)
console = Console(soft_wrap=True)


@import_app.command("encounters")
def encounters(
    feed: Annotated[
        Path, typer.Argument(help="one JSON object per line: a batch item or an encounter", exists=True)
    ],
    tenant: Annotated[str, typer.Option("--tenant", help="the clinic (tenant) the encounters belong to")],
    url: Annotated[
        str | None,
        typer.Option("--url", help="the registration service (default: $RCM_REGISTRATION_URL)"),
    ] = None,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            help="bearer token with the front_desk role for the tenant (default: $RCM_TOKEN, else a token "
            "from the local dev key, as `rcm auth token` mints)",
        ),
    ] = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, max=MAX_ENCOUNTERS_PER_BATCH, help="encounters per request")
    ] = MAX_ENCOUNTERS_PER_BATCH,
) -> None:
    """Register every encounter of FEED; rejected lines are named (line and field) and written to FEED.rejected.

    Importing the same file again registers nothing twice (each line's key). Exit status 1 when a line was
    rejected."""
    base_url = url or os.environ.get("RCM_REGISTRATION_URL")
    if not base_url:
        raise typer.BadParameter("give --url or set RCM_REGISTRATION_URL", param_hint="--url")
    source = feed.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    lines, unreadable = read_feed(source)
    headers = _authorization(tenant, token)
    result = asyncio.run(_send(base_url, headers, lines, batch_size))
    result.rejected = sorted([*unreadable, *result.rejected], key=lambda rejected: rejected.number)
    _report(feed, source, result)
    if not result.complete:
        raise typer.Exit(1)


def _authorization(tenant: str, token: str | None) -> dict[str, str]:
    given = token or os.environ.get("RCM_TOKEN")
    if given:
        return {"Authorization": f"Bearer {given}"}
    return sign_in.signed_in("encounter-import", tenant, Role.front_desk)


async def _send(base_url: str, headers: dict[str, str], lines: Any, batch_size: int) -> ImportResult:
    async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=120) as client:

        async def post(items: list[dict[str, Any]]) -> httpx.Response:
            return await client.post("/encounters:batch", json={"items": items})

        return await import_lines(lines, post, batch_size=batch_size)


def _report(feed: Path, source: list[str], result: ImportResult) -> None:
    console.print(f"{feed}: {result.registered} registered, {len(result.rejected)} rejected")
    for rejected in result.rejected:
        console.print(f"  line {rejected.number}: {rejected.reason}")
    if result.rejected:
        out = rejected_lines_file(feed, result.rejected, source)
        console.print(f"rejected lines written to {out} (correct them and import that file)")
