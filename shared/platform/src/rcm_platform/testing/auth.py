"""Tokens for tests: signed with the local dev key that every service under test trusts (RCM_AUTH_JWKS).

`as_user(role, tenant)` gives the headers of a signed-in user; `headers_for_tenant(tenant)` those of the
automation role (`system`) for tests that exercise a service rather than its access rules.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import cache

from fastapi import Depends, FastAPI

from rcm_platform.auth.access import RouteRoles, authorise
from rcm_platform.auth.dev_keys import DEV_AUDIENCE, DEV_ISSUER, DevSigner, ensure_dev_signer
from rcm_platform.auth.keys import JwksKeys
from rcm_platform.auth.roles import Role
from rcm_platform.auth.tokens import TokenVerifier

JWKS_ENV = "RCM_AUTH_JWKS"


@cache
def signer() -> DevSigner:
    return ensure_dev_signer()


def trust_dev_key() -> None:
    """Point every service built in this process at the dev key's JWKS (unless the run names another)."""
    os.environ.setdefault(JWKS_ENV, str(signer().jwks_path))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def token_for(
    role: Role | str, tenants: str | Iterable[str], *, subject: str = "test-user", **claims: int | str
) -> str:
    named = [tenants] if isinstance(tenants, str) else list(tenants)
    return signer().mint(subject=subject, roles=[role], tenants=named, **claims)  # type: ignore[arg-type]


def as_user(role: Role | str, tenant: str, *, subject: str = "test-user") -> dict[str, str]:
    return bearer(token_for(role, tenant, subject=subject))


def headers_for_tenant(tenant: str, *, subject: str = "test-automation") -> dict[str, str]:
    return as_user(Role.system, tenant, subject=subject)


def protected_app(route_roles: RouteRoles) -> FastAPI:
    """A bare app guarded as the kit guards a service's (token, roles, tenant), for tests of routes alone."""
    app = FastAPI(dependencies=[Depends(authorise)])
    app.state.token_verifier = TokenVerifier(
        JwksKeys(str(signer().jwks_path)), issuer=DEV_ISSUER, audience=DEV_AUDIENCE
    )
    app.state.route_roles = dict(route_roles)
    return app
