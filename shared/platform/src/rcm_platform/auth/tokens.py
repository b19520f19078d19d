"""Bearer token checks: signature (RS256/ES256 only), issuer, audience, expiry, not-before, and our claims.

Claims we read: `sub` (the actor), `roles` (names of `Role`), `tenants` (the tenants the subject may act for).
"""

from __future__ import annotations

import re
from typing import Any

import jwt
from rcm_schemas.codes import TENANT_ID_PATTERN

from rcm_platform.auth.keys import JwksKeys, UnknownSigningKey
from rcm_platform.auth.principal import Principal
from rcm_platform.auth.roles import Role

ALLOWED_ALGORITHMS = ("RS256", "ES256")
CLOCK_SKEW_S = 30
MAX_SUBJECT_LENGTH = 100
"""Subjects become the actor field of commands and audit records, which hold at most this many characters."""
_TENANT = re.compile(TENANT_ID_PATTERN)


class InvalidToken(Exception):
    """Why a token is refused; the text goes to `WWW-Authenticate` (it holds no part of the token)."""


class TokenVerifier:
    def __init__(self, keys: JwksKeys, *, issuer: str, audience: str) -> None:
        self.keys = keys
        self.issuer = issuer
        self.audience = audience

    async def verify(self, token: str) -> Principal:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise InvalidToken("malformed token") from error
        algorithm, kid = header.get("alg"), header.get("kid")
        if algorithm not in ALLOWED_ALGORITHMS:
            raise InvalidToken(f"algorithm must be one of {', '.join(ALLOWED_ALGORITHMS)}")
        if not isinstance(kid, str):
            raise InvalidToken("token names no signing key (kid)")
        try:
            key = await self.keys.key(kid)
        except UnknownSigningKey as error:
            raise InvalidToken("unknown signing key") from error
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[algorithm],
                audience=self.audience,
                issuer=self.issuer,
                leeway=CLOCK_SKEW_S,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError as error:
            raise InvalidToken("token expired") from error
        except jwt.ImmatureSignatureError as error:
            raise InvalidToken("token not valid yet") from error
        except jwt.PyJWTError as error:
            raise InvalidToken(_reason(error)) from error
        return principal_of(claims)


def principal_of(claims: dict[str, Any]) -> Principal:
    subject, roles, tenants = claims.get("sub"), claims.get("roles"), claims.get("tenants")
    if not isinstance(subject, str) or not subject or len(subject) > MAX_SUBJECT_LENGTH:
        raise InvalidToken("sub must be a non-empty string")
    if not isinstance(roles, list) or not all(isinstance(role, str) for role in roles):
        raise InvalidToken("roles must be a list of role names")
    if not isinstance(tenants, list) or not all(isinstance(t, str) and _TENANT.fullmatch(t) for t in tenants):
        raise InvalidToken("tenants must be a list of tenant ids")
    known = {role.value for role in Role}
    return Principal(
        subject=subject,
        roles=frozenset(Role(role) for role in roles if role in known),
        tenants=frozenset(tenants),
    )


def _reason(error: jwt.PyJWTError) -> str:
    if isinstance(error, jwt.InvalidAudienceError):
        return "wrong audience"
    if isinstance(error, jwt.InvalidIssuerError):
        return "wrong issuer"
    if isinstance(error, jwt.InvalidSignatureError):
        return "bad signature"
    if isinstance(error, jwt.MissingRequiredClaimError):
        return f"missing claim {error.claim}"
    return "invalid token"
