"""Who may call each analytics route (checked by the kit on every request; README "Roles" lists them all)."""

from __future__ import annotations

from rcm_platform.auth import Role, roles
from rcm_platform.auth.access import RouteRoles

REPORT_READERS = roles(Role.biller, Role.appeals, Role.auditor, Role.admin, Role.system)
"""The revenue-cycle numbers are the billing office's and its managers': a front desk or coder has no need."""
CLAIM_READERS = roles(Role.biller, Role.appeals, Role.coder, Role.auditor, Role.admin, Role.system)

ROUTE_ROLES: RouteRoles = {
    "GET /kpis": REPORT_READERS,
    "GET /kpis/monthly": REPORT_READERS,
    "GET /denial-analytics": REPORT_READERS,
    "GET /claims/{claim_id}/timeline": CLAIM_READERS,
    "POST /read-model/rebuild": roles(Role.admin, Role.system),
}
