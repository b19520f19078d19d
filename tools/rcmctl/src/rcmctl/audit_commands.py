"""`rcm audit verify|list`: walk the hash chains (ledger, audit trails) and read the audit trail, from the store."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated

import typer
from rcm_platform.audit.tools import audit_entries, database_of, verify_chains
from rcm_platform.audit.trail import MAX_QUERY_LIMIT, AuditQuery
from rcm_platform.localstack import StackConfig
from rcm_schemas import CONSUMING_SERVICES
from rich.console import Console

audit_app = typer.Typer(help="Verify the hash chains and read the audit trail.", no_args_is_help=True)
console = Console(soft_wrap=True)  # ids and findings stay whole on one line, for people and scripts

Prefix = Annotated[
    str,
    typer.Option(
        "--prefix",
        help="database prefix: rcm (rcm run) or a kept demo/bench world's run prefix, e.g. demo_1a2b3c",
    ),
]
Services = Annotated[
    list[str] | None, typer.Option("--service", "-s", help="repeatable; default: every service")
]
MongoUri = Annotated[
    str | None,
    typer.Option(
        "--mongo-uri",
        envvar="RCM_MONGO_URI",  # the environment keeps a password out of the process list
        help="default: the local stack's store",
    ),
]
Databases = Annotated[
    list[str] | None,
    typer.Option("--database", help="repeatable: these databases instead of --prefix/--service"),
]


def _databases(prefix: str, services: list[str] | None, databases: list[str] | None = None) -> list[str]:
    if databases:
        return databases
    unknown = sorted(set(services or ()) - set(CONSUMING_SERVICES))
    if unknown:
        raise typer.BadParameter(f"unknown service {', '.join(unknown)}", param_hint="--service")
    return [database_of(prefix, name) for name in (services or CONSUMING_SERVICES)]


@audit_app.command("verify")
def verify(
    prefix: Prefix = "rcm", service: Services = None, database: Databases = None, mongo_uri: MongoUri = None
) -> None:
    """Walk every chain; name the first altered, removed, reordered or unlinked record of each. Exit 1 if any."""
    uri = mongo_uri or StackConfig.from_env().mongo_uri
    names = _databases(prefix, service, database)
    findings = asyncio.run(verify_chains(uri, names))
    broken = False
    for finding in findings:
        where = f"{finding.database}.{finding.collection}"
        links = sum(finding.report.links.values())
        if finding.report.intact:
            console.print(f"{where}: intact ({links} links, {len(finding.report.links)} tenant chains)")
            continue
        broken = True
        for chain_break in finding.report.breaks:
            console.print(f"[red]{where}: BROKEN[/red] {chain_break.describe()}", soft_wrap=True)
    if not findings:
        console.print(f"no chained collections in {', '.join(names)}")
    raise typer.Exit(code=1 if broken else 0)


@audit_app.command("list")
def list_entries(
    tenant: Annotated[str, typer.Option("--tenant", "-t", help="whose trail")],
    actor: Annotated[str | None, typer.Option("--actor", help="a token subject")] = None,
    action: Annotated[str | None, typer.Option("--action", help="e.g. 'GET /patients/{patient_id}'")] = None,
    target: Annotated[str | None, typer.Option("--target", help="a record id (claim, patient...)")] = None,
    since: Annotated[datetime | None, typer.Option("--since", help="ISO date or time")] = None,
    until: Annotated[datetime | None, typer.Option("--until", help="ISO date or time")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=MAX_QUERY_LIMIT)] = 50,
    prefix: Prefix = "rcm",
    service: Services = None,
    database: Databases = None,
    mongo_uri: MongoUri = None,
) -> None:
    """A tenant's audit trail across services, newest first: who did what to which record, when, and why."""
    uri = mongo_uri or StackConfig.from_env().mongo_uri
    query = AuditQuery(actor, action, target, since, until, limit)
    entries = asyncio.run(audit_entries(uri, _databases(prefix, service, database), tenant, query))
    for entry in entries:  # one line per entry, whole: operators grep and pipe it
        records = " ".join(f"{name}={value}" for name, value in entry["target"].items())
        console.print(
            f"{entry['at'].isoformat(timespec='seconds')}  {entry['service']}  {entry['actor']} ({entry['role']})  "
            f"{entry['action']}  {records or '-'}  -> {entry['outcome']}  why: {entry['why']}",
            markup=False,
            highlight=False,
        )
    console.print(f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'} for tenant {tenant}.")
