"""`rcm analytics`: the read model's operator commands."""

from __future__ import annotations

from typing import Annotated

import httpx
import typer
from rcm_platform.auth import Role

from rcmctl.workload import sign_in

analytics_app = typer.Typer(help="The analytics read model (services/analytics).", no_args_is_help=True)


@analytics_app.command("rebuild")
def rebuild(
    url: Annotated[str, typer.Option("--url", help="the analytics service, e.g. http://127.0.0.1:8087")],
    token: Annotated[
        str | None,
        typer.Option(
            "--token", envvar="RCM_TOKEN", help="an admin's token (default: minted with the dev key)"
        ),
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="seconds to wait for the rebuild")] = 1800,
) -> None:
    """Forget the stored events and read every event topic again from its start; prints what was read. The
    reports (KPIs, denial analytics, worklists, timelines) come out the same as before."""
    headers = (
        {"Authorization": f"Bearer {token}"}
        if token
        else sign_in.signed_in("rcm-analytics-rebuild", "operations", Role.admin)
    )
    try:
        answer = httpx.post(f"{url.rstrip('/')}/read-model/rebuild", headers=headers, timeout=timeout)
    except httpx.HTTPError as error:
        typer.echo(f"rcm analytics rebuild: {url} did not answer ({type(error).__name__})", err=True)
        raise typer.Exit(1) from None
    if answer.status_code != 200:
        typer.echo(f"rcm analytics rebuild: {answer.status_code} {answer.text[:300]}", err=True)
        raise typer.Exit(1)
    body = answer.json()
    typer.echo(
        f"rebuilt: {body['forgotten']} events forgotten, {body['read']} read from the topics, "
        f"{body['stored']} stored, {body['undecodable']} undecodable (dead-lettered when first consumed)"
    )
