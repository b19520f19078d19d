"""Who is calling: the verified token's subject, roles and tenants, and the tenant this request acts for."""

from __future__ import annotations

from dataclasses import dataclass

from rcm_platform.auth.roles import Role


@dataclass(frozen=True)
class Principal:
    """A verified token. `subject` is the actor on every command and audit record; never a request field."""

    subject: str
    roles: frozenset[Role]
    tenants: frozenset[str]


@dataclass(frozen=True)
class Caller:
    """The principal of one request, the tenant it acts for (one of the token's) and the role it was let in by."""

    principal: Principal
    tenant_id: str
    role: Role

    @property
    def subject(self) -> str:
        return self.principal.subject
