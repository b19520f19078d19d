"""The `rcm` command: one entry point for operators and developers."""

from __future__ import annotations

import typer

from rcmctl.analytics_commands import analytics_app
from rcmctl.audit_commands import audit_app
from rcmctl.auth_commands import auth_app
from rcmctl.bench_command import bench_app
from rcmctl.compose_commands import compose_app
from rcmctl.demo_command import demo
from rcmctl.dlq_commands import dlq_app
from rcmctl.docs_commands import docs_app, schemas_app
from rcmctl.import_commands import import_app
from rcmctl.keys_commands import keys_app
from rcmctl.new_service_command import new_service
from rcmctl.run_command import run
from rcmctl.stack_commands import stack_app
from rcmctl.x12_commands import x12_app

app = typer.Typer(
    help="rcm: the revenue-cycle platform's command line.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(stack_app, name="stack")
app.add_typer(auth_app, name="auth")
app.add_typer(dlq_app, name="dlq")
app.add_typer(keys_app, name="keys")
app.add_typer(audit_app, name="audit")
app.add_typer(schemas_app, name="schemas")
app.add_typer(docs_app, name="docs")
app.add_typer(import_app, name="import")
app.add_typer(compose_app, name="compose")
app.add_typer(x12_app, name="x12")
app.add_typer(analytics_app, name="analytics")
app.command("run")(run)
app.command("demo")(demo)
app.add_typer(bench_app, name="bench")
app.command("new-service")(new_service)


if __name__ == "__main__":
    app()
