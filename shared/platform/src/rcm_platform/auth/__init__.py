"""Sign-in for every HTTP route: bearer JWTs checked against a JWKS, roles per route, tenant from the token."""

from rcm_platform.auth.principal import Caller, Principal
from rcm_platform.auth.roles import ALL_ROLES, Role, roles

__all__ = ["ALL_ROLES", "Caller", "Principal", "Role", "roles"]
