"""`rcm stack up|down|status|logs|topics`: the real local Kafka + FerretDB."""

from __future__ import annotations

import asyncio
import subprocess
from typing import Annotated

import typer
from rcm_platform.auth.dev_keys import ensure_dev_signer
from rcm_platform.localstack import LocalStack, StackConfig, StackError
from rcm_platform.localstack.topics import ensure_topics
from rich.console import Console
from rich.table import Table

stack_app = typer.Typer(
    help="Start, stop and inspect the local Kafka + FerretDB stack.", no_args_is_help=True
)
console = Console(stderr=False)

KafkaPort = Annotated[
    int | None, typer.Option("--kafka-port", help="Kafka port (default 9092, env RCM_KAFKA_PORT)")
]
MongoPort = Annotated[
    int | None, typer.Option("--mongo-port", help="FerretDB port (default 27017, env RCM_MONGO_PORT)")
]


def _stack(kafka_port: int | None = None, mongo_port: int | None = None) -> LocalStack:
    config = StackConfig.from_env(kafka_port=kafka_port, mongo_port=mongo_port)
    return LocalStack(config, report=lambda line: console.print(f"[cyan]{line}[/cyan]"))


def _fail(error: Exception) -> typer.Exit:
    console.print(f"[bold red]error:[/bold red] {error}")
    return typer.Exit(code=1)


def provision_topics(bootstrap: str) -> list[str]:
    """The registry's topics, and the ACLs that let each service principal read its inputs and write its outputs."""
    from rcm_platform.kafka_acls import grant_registry_acls
    from rcm_schemas.topics import all_topics

    async def provision() -> list[str]:
        created = await ensure_topics(bootstrap, all_topics())
        await grant_registry_acls(bootstrap)
        return created

    return asyncio.run(provision())


@stack_app.command()
def up(kafka_port: KafkaPort = None, mongo_port: MongoPort = None) -> None:
    """Start Kafka and FerretDB (idempotent), wait until both answer, create the registry's topics."""
    stack = _stack(kafka_port, mongo_port)
    try:
        with console.status("Bringing the stack up..."):
            stack.up()
            created = provision_topics(stack.config.kafka_bootstrap)
            signer = ensure_dev_signer()  # once: later runs reuse the key, so issued tokens stay valid
    except StackError as error:
        raise _fail(error) from None
    if created:
        console.print(f"Created {len(created)} topics.")
    console.print(f"[green]Kafka[/green]    {stack.config.kafka_bootstrap}")
    console.print(
        f"[green]FerretDB[/green] {stack.config.mongo_anonymous_uri} "
        f"(authentication required; users and passwords in {stack.config.secrets_dir})"
    )
    console.print(
        f"[green]Sign-in[/green]  dev keys {signer.jwks_path} (`rcm auth token --role biller --tenant T`)"
    )


@stack_app.command()
def down() -> None:
    """Stop only what `up` started; data stays for the next `up`."""
    stopped = _stack().down()
    console.print(f"Stopped: {', '.join(stopped)}" if stopped else "Nothing of ours was running.")


@stack_app.command()
def status() -> None:
    """Say up or down for each component, with the reason."""
    table = Table("component", "state", "endpoint", "reason")
    components = _stack().status()
    for component in components:
        state = "[green]up[/green]" if component.up else "[red]down[/red]"
        table.add_row(component.name, state, component.endpoint, component.reason)
    console.print(table)
    if not all(component.up for component in components):
        raise typer.Exit(code=3)


@stack_app.command()
def logs(
    component: Annotated[str, typer.Argument(help="kafka or ferretdb")] = "kafka",
    lines: Annotated[int, typer.Option("-n", help="lines to show")] = 50,
    follow: Annotated[bool, typer.Option("-f", "--follow", help="keep following")] = False,
) -> None:
    """Tail a component's log."""
    files = _stack().log_files()
    if component not in files:
        raise _fail(ValueError(f"unknown component {component!r}: choose one of {', '.join(files)}"))
    path = files[component]
    if not path.exists():
        raise _fail(FileNotFoundError(f"no log yet at {path}"))
    subprocess.run(["tail", f"-n{lines}", *(["-F"] if follow else []), str(path)], check=False)
