"""Who may call each coding route (checked by the kit on every request; README "Roles" lists every service's)."""

from __future__ import annotations

from rcm_platform.auth import Role, roles
from rcm_platform.auth.access import RouteRoles

READERS = roles(Role.coder, Role.biller, Role.appeals, Role.auditor, Role.admin, Role.system)
CODERS = roles(Role.coder, Role.system)

ROUTE_ROLES: RouteRoles = {
    "GET /work-items": READERS,
    "GET /work-items/{work_item_id}": READERS,
    "POST /work-items/{work_item_id}/take": CODERS,
    "POST /work-items/{work_item_id}/approve": CODERS,
    "GET /encounters/{encounter_id}/coding": READERS,
    "GET /reports/upcoding": roles(Role.coder, Role.auditor, Role.admin, Role.system),
}
