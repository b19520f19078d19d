"""The README's "who may call what" table, generated from each service's OpenAPI (`x-roles`), so it cannot drift."""

from __future__ import annotations

import importlib
import os
import re
from pathlib import Path

from rcmctl.processes import SERVICES

START = "<!-- route-roles:start (rcm docs roles) -->"
END = "<!-- route-roles:end -->"


def render_table() -> str:
    # Building an app needs a JWKS source to be named; no key is read until a request comes.
    os.environ.setdefault("RCM_AUTH_JWKS", "unused-for-documentation.json")
    rows = ["| service | route | roles |", "|---|---|---|"]
    for name in SERVICES:
        app = importlib.import_module(f"rcm_{name}.app")
        document = app.build_app(app.default_settings()).http.openapi()
        for path, operations in document["paths"].items():
            for method, operation in operations.items():
                allowed = operation.get("x-roles")
                shown = ", ".join(allowed) if allowed is not None else "public (no token)"
                rows.append(f"| {name} | `{method.upper()} {path}` | {shown} |")
    return "\n".join(rows) + "\n"


def with_table(readme: str, table: str) -> str:
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(readme):
        raise ValueError(f"the README has no {START} ... {END} block")
    return pattern.sub(lambda _: f"{START}\n{table}{END}", readme)


def readme_path(root: Path) -> Path:
    return root / "README.md"
