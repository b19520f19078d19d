"""`rcm auth token`: a bearer token for the local services, signed with the dev key `rcm stack up` created."""

from __future__ import annotations

import re
from typing import Annotated

import typer
from rcm_platform.auth import Role
from rcm_platform.auth.dev_keys import DEFAULT_TTL_S, ensure_dev_signer
from rcm_schemas.codes import TENANT_ID_PATTERN

auth_app = typer.Typer(help="Sign in to the local services (development keys only).", no_args_is_help=True)

ROLE_NAMES = ", ".join(role.value for role in Role)


@auth_app.command()
def token(
    role: Annotated[list[str], typer.Option("--role", help=f"repeatable; one of: {ROLE_NAMES}")],
    tenant: Annotated[list[str], typer.Option("--tenant", help="repeatable: the tenants the token holds")],
    subject: Annotated[
        str, typer.Option("--subject", help="who signs in (the actor in the audit trail)")
    ] = "dev-user",
    ttl: Annotated[int, typer.Option("--ttl", min=60, max=7 * 24 * 3600, help="seconds")] = DEFAULT_TTL_S,
) -> None:
    """Print a signed token (only the token, so `TOKEN=$(rcm auth token ...)` works); send it as
    `Authorization: Bearer $TOKEN`. With several tenants, name one per request in `X-Tenant-Id`."""
    unknown = [name for name in role if name not in Role.__members__]
    if unknown:
        raise typer.BadParameter(f"unknown role {', '.join(unknown)}: use {ROLE_NAMES}", param_hint="--role")
    malformed = [name for name in tenant if not re.fullmatch(TENANT_ID_PATTERN, name)]
    if malformed:
        raise typer.BadParameter(f"malformed tenant id {', '.join(malformed)}", param_hint="--tenant")
    signer = ensure_dev_signer()
    typer.echo(signer.mint(subject=subject, roles=[Role(name) for name in role], tenants=tenant, ttl_s=ttl))
