"""The `rcm` command: one entry point for operators and developers."""

from __future__ import annotations

import typer

from rcmctl.dlq_commands import dlq_app
from rcmctl.docs_commands import docs_app, schemas_app
from rcmctl.stack_commands import stack_app

app = typer.Typer(help="rcm: the revenue-cycle platform's command line.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
app.add_typer(stack_app, name="stack")
app.add_typer(dlq_app, name="dlq")
app.add_typer(schemas_app, name="schemas")
app.add_typer(docs_app, name="docs")


@app.command()
def demo() -> None:
    """Run the demo against the local stack and print its report."""
    import asyncio

    from rich.console import Console

    from rcm_platform.localstack import StackConfig
    from rcmctl.demo_roundtrip import run_roundtrip

    config = StackConfig.from_env()
    asyncio.run(run_roundtrip(config.kafka_bootstrap, config.mongo_uri, Console()))


if __name__ == "__main__":
    app()
