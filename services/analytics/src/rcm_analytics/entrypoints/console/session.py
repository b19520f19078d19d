"""Who is signed in to the console: the bearer token kept in an HttpOnly cookie, verified on every page like any
API call, and the clinic chosen among the token's tenants. No token, or an expired one, sends the person to the
sign-in page and back to where they were."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from fastapi import Request
from rcm_platform.auth import Principal, Role
from rcm_platform.auth.tokens import InvalidToken, TokenVerifier

TOKEN_COOKIE = "rcm_console_token"
TENANT_COOKIE = "rcm_console_tenant"


@dataclass(frozen=True)
class ConsoleUser:
    token: str
    principal: Principal
    tenant_id: str

    @property
    def roles(self) -> frozenset[Role]:
        return self.principal.roles

    @property
    def tenants(self) -> list[str]:
        return sorted(self.principal.tenants)

    def may(self, allowed: frozenset[Role]) -> bool:
        return bool(self.principal.roles & allowed)


class SignInNeeded(Exception):
    def __init__(self, next_path: str, reason: str) -> None:
        super().__init__(reason)
        self.next_path = next_path
        self.reason = reason

    @property
    def location(self) -> str:
        return f"/console/login?next={quote(self.next_path, safe='')}&why={quote(self.reason, safe='')}"


class NotAllowed(Exception):
    pass


def _here(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


async def signed_in(request: Request, verifier: TokenVerifier, allowed: frozenset[Role]) -> ConsoleUser:
    token = request.cookies.get(TOKEN_COOKIE)
    if not token:
        raise SignInNeeded(_here(request), "sign in to continue")
    try:
        principal = await verifier.verify(token)
    except InvalidToken:
        raise SignInNeeded(_here(request), "your session has ended: sign in again") from None
    chosen = request.cookies.get(TENANT_COOKIE)
    tenants = sorted(principal.tenants)
    if not tenants:
        raise NotAllowed("your sign-in holds no clinic")
    user = ConsoleUser(token, principal, chosen if chosen in principal.tenants else tenants[0])
    if not user.may(allowed):
        raise NotAllowed("your role cannot open this page")
    return user


def safe_next(path: str | None) -> str:
    """Only a path of the console itself (never another site) is where sign-in returns to."""
    if path and path.startswith("/console/") and not path.startswith("//"):
        return path
    return "/console/"
