"""Who may call each claims route (checked by the kit on every request; README "Roles" lists every service's)."""

from __future__ import annotations

from rcm_platform.auth import Role, roles
from rcm_platform.auth.access import RouteRoles

READERS = roles(Role.biller, Role.coder, Role.appeals, Role.auditor, Role.admin, Role.system)
WORKERS = roles(Role.biller, Role.system)

ROUTE_ROLES: RouteRoles = {
    "GET /claims": READERS,
    "GET /claims/{claim_id}": READERS,
    "GET /claims/{claim_id}/837": READERS,
    "GET /work-items": READERS,
    "POST /claims/{claim_id}/edits": WORKERS,
    "POST /claims/{claim_id}/details": WORKERS,
    "POST /claims/{claim_id}/release": WORKERS,
}
