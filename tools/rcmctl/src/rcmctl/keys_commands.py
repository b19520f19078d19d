"""`rcm keys rotate|list`: the tenants' PHI keys in the development key folder (`.rcm/keys` or RCM_PHI_KEYS_DIR).

Rotation adds a new active key and keeps the old ones, so values sealed before still open; running services see
the new key within a second (they re-read a tenant's folder when it changes) and need no restart.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rcm_platform.phi import FileKeyProvider, phi_keys_dir
from rich.console import Console

keys_app = typer.Typer(
    help="Rotate and list the tenants' PHI keys (development key folder).", no_args_is_help=True
)
console = Console()

Folder = Annotated[
    Path | None, typer.Option("--keys-dir", help="key folder (default: RCM_PHI_KEYS_DIR or <repo>/.rcm/keys)")
]


@keys_app.command("rotate")
def rotate(
    tenant: Annotated[str, typer.Option("--tenant", "-t", help="the tenant whose data key is rotated")],
    keys_dir: Folder = None,
) -> None:
    """Add a new active data key for a tenant; older keys stay and still decrypt."""
    try:
        kid = FileKeyProvider(keys_dir or phi_keys_dir()).rotate(tenant)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--tenant") from None
    console.print(f"tenant {tenant}: new active key {kid} (older keys kept for decryption)")


@keys_app.command("list")
def list_keys(keys_dir: Folder = None) -> None:
    """Each tenant with its key ids, the active one last (no key material is printed)."""
    folder = keys_dir or phi_keys_dir()
    provider = FileKeyProvider(folder)
    tenants = sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
    for tenant in tenants:
        active = provider.active_key(tenant).kid
        kids = sorted((p.name[5:-4] for p in (folder / tenant).glob("data-*.key")), key=int)
        console.print(f"{tenant}: keys {', '.join(kids)}; active {active}")
