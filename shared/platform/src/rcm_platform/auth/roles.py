"""The roles a token may carry. A route allows a set of them (its service's `entrypoints/access.py`)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    front_desk = "front_desk"
    """Registers patients, coverages and encounters; fixes incomplete registrations."""
    coder = "coder"
    """Reviews and approves coding."""
    biller = "biller"
    """Works held claims, remittances, unmatched payments and denials."""
    appeals = "appeals"
    """Works denials through appeals."""
    auditor = "auditor"
    """Reads everything, including the audit trail; changes nothing."""
    admin = "admin"
    """Configures the tenant (billing models); reads what the other roles read."""
    system = "system"
    """Automation: the demo's back office, the payer simulator's controls, integrations."""


ALL_ROLES = frozenset(Role)


def roles(*allowed: Role) -> frozenset[Role]:
    """A route's allowed roles, as written in a service's access table."""
    return frozenset(allowed)
