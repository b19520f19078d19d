"""Who may call which route: each service's table of route -> roles, checked on every request.

A table maps "METHOD /path/template" to the roles allowed. `require_route_roles` refuses to start an app with a
route the table does not name (or a table entry naming no route), so a new route without a declaration cannot ship.
Order of refusals: no or bad token -> 401 (with `WWW-Authenticate`), a role not allowed or a tenant the token does
not hold -> 403. A record of another tenant is then simply not found (404): every query is scoped by the tenant.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from fastapi import Depends, FastAPI, Header, HTTPException, Request, Security
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from rcm_platform.auth.principal import Caller, Principal
from rcm_platform.auth.roles import Role
from rcm_platform.auth.tokens import InvalidToken, TokenVerifier

RouteRoles = Mapping[str, frozenset[Role]]
"""'GET /claims/{claim_id}' -> the roles that may call it."""

TENANT_HEADER = "X-Tenant-Id"
PUBLIC_ROUTES = frozenset({"GET /health/live", "GET /health/ready", "GET /metrics"})
"""Probes and scraping: no token, no tenant, no PHI."""

KIT_ROUTE_ROLES: dict[str, frozenset[Role]] = {
    "GET /audit": frozenset({Role.auditor, Role.admin}),
    "GET /commands/{command_id}": frozenset(Role),
}
"""Routes the kit itself adds to every service: its audit trail, for auditors and admins; the status of a command
the caller's tenant sent, for anyone signed in to it."""

SCHEME_NAME = "bearer"
_bearer = HTTPBearer(
    auto_error=False,
    scheme_name=SCHEME_NAME,
    description="An OAuth2 access token (JWT, RS256/ES256). Locally: `rcm auth token --role biller --tenant T`.",
)


def route_key(method: str, path: str) -> str:
    return f"{'GET' if method == 'HEAD' else method} {path}"


def _unauthorised(reason: str) -> HTTPException:
    return HTTPException(
        401,
        detail=f"sign-in required: {reason}",
        headers={"WWW-Authenticate": f'Bearer error="invalid_token", error_description="{reason}"'},
    )


async def authorise(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
    tenant_header: Annotated[
        str | None,
        Header(
            alias=TENANT_HEADER,
            description="Which of the token's tenants this request acts for; needed only when it holds several.",
        ),
    ] = None,
) -> Caller | None:
    """The app-wide check: token, role for this route, tenant. Sets `request.state.caller` for the audit trail."""
    route = request.scope.get("route")
    key = route_key(request.method, route.path if isinstance(route, APIRoute) else request.url.path)
    if key in PUBLIC_ROUTES:
        return None
    if credentials is None:
        raise HTTPException(
            401, detail="sign-in required: no bearer token", headers={"WWW-Authenticate": "Bearer"}
        )
    verifier: TokenVerifier = request.app.state.token_verifier
    try:
        principal = await verifier.verify(credentials.credentials)
    except InvalidToken as error:
        raise _unauthorised(str(error)) from None
    allowed: frozenset[Role] = request.app.state.route_roles.get(key, frozenset())
    role = _role_let_in(principal, allowed)
    if role is None:
        raise HTTPException(403, detail=f"this route needs one of the roles: {_names(allowed)}")
    caller = Caller(principal, _tenant_of(principal, tenant_header), role)
    request.state.caller = caller
    return caller


def _role_let_in(principal: Principal, allowed: frozenset[Role]) -> Role | None:
    # Stable choice (declaration order of Role), so the audit trail names the same role for the same token.
    return next((role for role in Role if role in allowed and role in principal.roles), None)


def _tenant_of(principal: Principal, named: str | None) -> str:
    if named is not None:
        if named not in principal.tenants:
            raise HTTPException(403, detail=f"the token does not hold the tenant named in {TENANT_HEADER}")
        return named
    if len(principal.tenants) == 1:
        return next(iter(principal.tenants))
    if not principal.tenants:
        raise HTTPException(403, detail="the token holds no tenant")
    raise HTTPException(403, detail=f"the token holds several tenants: name one in {TENANT_HEADER}")


def _names(roles: frozenset[Role]) -> str:
    return ", ".join(role.value for role in Role if role in roles) or "(none: route not declared)"


async def acting_caller(caller: Annotated[Caller | None, Depends(authorise)]) -> Caller:
    if caller is None:  # a public route asked for a caller: a programming error, not the client's
        raise RuntimeError("a public route cannot have a caller")
    return caller


async def acting_tenant(caller: Annotated[Caller, Depends(acting_caller)]) -> str:
    return caller.tenant_id


def require_route_roles(app: FastAPI, table: RouteRoles) -> None:
    """Every non-public route of `app` is in `table`, and `table` names only routes of `app`.

    Routes are read from the OpenAPI document (what clients see). A route left out of it is not in the table
    and is refused to every role at run time: a gap fails closed.
    """
    routes = {
        route_key(method.upper(), path)
        for path, operations in app.openapi().get("paths", {}).items()
        for method in operations
    }
    undeclared = sorted(routes - PUBLIC_ROUTES - set(table))
    stale = sorted(set(table) - routes)
    if undeclared or stale:
        raise RuntimeError(
            "route roles out of step with the routes: "
            + "; ".join(
                part
                for part in (
                    f"no roles declared for {', '.join(undeclared)}" if undeclared else "",
                    f"roles declared for missing routes {', '.join(stale)}" if stale else "",
                )
                if part
            )
        )
