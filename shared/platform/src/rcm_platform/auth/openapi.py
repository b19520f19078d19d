"""OpenAPI: every route shows the bearer scheme (so /docs can authorise) and the roles it allows, in
`x-roles` and in its description; the public probes show neither."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from rcm_platform.auth.access import PUBLIC_ROUTES, TENANT_HEADER, RouteRoles, route_key
from rcm_platform.auth.roles import Role

ROLES_EXTENSION = "x-roles"


def document_access(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
            table: RouteRoles = getattr(app.state, "route_roles", {})
            for path, operations in schema.get("paths", {}).items():
                for method, operation in operations.items():
                    key = route_key(method.upper(), path)
                    if key in PUBLIC_ROUTES:
                        _open(operation)
                    else:
                        _document_roles(operation, table.get(key, frozenset()))
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _open(operation: dict[str, Any]) -> None:
    operation.pop("security", None)
    operation["parameters"] = [p for p in operation.get("parameters", []) if p.get("name") != TENANT_HEADER]
    if not operation["parameters"]:
        operation.pop("parameters")


def _document_roles(operation: dict[str, Any], allowed: frozenset[Role]) -> None:
    names = [role.value for role in Role if role in allowed]
    operation[ROLES_EXTENSION] = names
    line = f"Roles: {', '.join(names) or 'none (route not declared)'}."
    operation["description"] = (
        f"{operation['description']}\n\n{line}" if operation.get("description") else line
    )
