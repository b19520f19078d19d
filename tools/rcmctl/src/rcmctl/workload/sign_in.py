"""The demo's people sign in as real users would: a bearer token per person and clinic, from the dev key.

Each person holds only the roles of their job, so a workload run also exercises the route roles.
"""

from __future__ import annotations

from functools import cache

from rcm_platform.auth import Role
from rcm_platform.auth.dev_keys import DevSigner, ensure_dev_signer


@cache
def _signer() -> DevSigner:
    return ensure_dev_signer()


@cache
def _token(subject: str, roles: tuple[Role, ...], tenant_id: str) -> str:
    # Tokens last hours (DEFAULT_TTL_S), longer than any demo or bench run: one per person and clinic.
    return _signer().mint(subject=subject, roles=roles, tenants=[tenant_id])


def signed_in(subject: str, tenant_id: str, *roles: Role) -> dict[str, str]:
    return {"Authorization": f"Bearer {_token(subject, roles, tenant_id)}"}


def signed_in_to_all(subject: str, tenant_ids: list[str], *roles: Role) -> dict[str, str]:
    """One person over several clinics (a billing company's): name the acting one in X-Tenant-Id per request."""
    token = _signer().mint(subject=subject, roles=roles, tenants=tenant_ids)
    return {"Authorization": f"Bearer {token}"}


def clinic_manager(tenant_id: str) -> dict[str, str]:
    """Sets up the clinic and its providers (admin) and registers patients and visits (front desk)."""
    return signed_in("clinic-manager", tenant_id, Role.front_desk, Role.admin)


def front_desk(tenant_id: str) -> dict[str, str]:
    """Takes patients' payments and agrees payment plans at the desk."""
    return signed_in("front-desk-1", tenant_id, Role.front_desk)


def coder(tenant_id: str) -> dict[str, str]:
    return signed_in("coder-1", tenant_id, Role.coder)


def appeals_specialist(tenant_id: str) -> dict[str, str]:
    return signed_in("appeals-specialist", tenant_id, Role.appeals)


def billing_manager(tenant_id: str) -> dict[str, str]:
    return signed_in("billing-manager", tenant_id, Role.biller)


def practice_admin(tenant_id: str) -> dict[str, str]:
    return signed_in("demo-setup", tenant_id, Role.admin)


def payer_clock() -> dict[str, str]:
    """Automation moving the simulator's clock, which every tenant shares: the tenant named is nominal."""
    return signed_in("payer-clock", "simulator", Role.system)
