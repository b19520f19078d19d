"""`rcm dlq list|replay`: see what a service could not handle, and send it back once the cause is fixed."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer
from rcm_platform.dlq_tools import read_dead_letters, replay
from rcm_platform.localstack import StackConfig
from rich.console import Console
from rich.table import Table

dlq_app = typer.Typer(help="List and replay a service's dead letters.", no_args_is_help=True)
console = Console()

Service = Annotated[str, typer.Option("--service", "-s", help="registration, coding, claims, ...")]
Bootstrap = Annotated[
    str | None, typer.Option("--bootstrap", help="Kafka bootstrap (default: the local stack)")
]
Prefix = Annotated[str, typer.Option("--topic-prefix", help="topic prefix of an isolated deployment")]


def _bootstrap(given: str | None) -> str:
    return given or StackConfig.from_env().kafka_bootstrap


@dlq_app.command("list")
def list_letters(service: Service, bootstrap: Bootstrap = None, topic_prefix: Prefix = "") -> None:
    """Every dead letter of a service: where it came from and why it failed."""
    letters = asyncio.run(read_dead_letters(_bootstrap(bootstrap), service, topic_prefix=topic_prefix))
    table = Table("ref", "event_id", "event_type", "from", "kind", "reason")
    for letter in letters:
        h = letter.headers
        table.add_row(
            letter.reference,
            letter.event_id or "-",
            h.get("event_type", "-"),
            f"{h.get('dlq.original_topic')}[{h.get('dlq.original_partition')}]@{h.get('dlq.original_offset')}",
            h.get("dlq.reason_kind", ""),
            h.get("dlq.reason", ""),
        )
    console.print(table)
    console.print(f"{len(letters)} dead letter(s) for {service}.")


@dlq_app.command("replay")
def replay_letters(
    service: Service,
    event_id: Annotated[
        list[str] | None, typer.Option("--id", help="event id or partition:offset; repeatable")
    ] = None,
    all_letters: Annotated[bool, typer.Option("--all", help="replay every dead letter")] = False,
    payload_file: Annotated[
        Path | None, typer.Option("--payload-file", help="a fixed message body to send instead")
    ] = None,
    bootstrap: Bootstrap = None,
    topic_prefix: Prefix = "",
) -> None:
    """Send dead letters back to their original topic (consumers drop what they already applied)."""
    if not event_id and not all_letters:
        raise typer.BadParameter("name dead letters with --id, or pass --all")
    server = _bootstrap(bootstrap)
    letters = asyncio.run(read_dead_letters(server, service, topic_prefix=topic_prefix))
    wanted = set(event_id or [])
    chosen = letters if all_letters else [d for d in letters if d.event_id in wanted or d.reference in wanted]
    missing = wanted - {d.event_id for d in chosen} - {d.reference for d in chosen}
    if missing:
        console.print(f"[red]not in the DLQ:[/red] {', '.join(sorted(missing))}")
        raise typer.Exit(code=1)
    if payload_file is not None and len(chosen) != 1:
        raise typer.BadParameter("--payload-file replaces the body of exactly one dead letter")
    body = payload_file.read_bytes() if payload_file else None
    count = asyncio.run(replay(server, chosen, replacement=body))
    console.print(f"Replayed {count} dead letter(s) of {service}.")
