"""OpenAPI: every route shows the bearer scheme (so /docs can authorise) except the public probes."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from rcm_platform.auth.access import PUBLIC_ROUTES, TENANT_HEADER


def document_public_routes_as_open(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
            for path, operations in schema.get("paths", {}).items():
                for method, operation in operations.items():
                    if f"{method.upper()} {path}" in PUBLIC_ROUTES:
                        operation.pop("security", None)
                        operation["parameters"] = [
                            p for p in operation.get("parameters", []) if p.get("name") != TENANT_HEADER
                        ]
                        if not operation["parameters"]:
                            operation.pop("parameters")
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
