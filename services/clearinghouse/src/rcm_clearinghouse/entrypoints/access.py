"""Who may call each clearinghouse route (checked by the kit on every request; README "Roles" lists them all).

The payer simulator's clock is shared by every tenant, so only automation (`system`) moves it.
"""

from __future__ import annotations

from rcm_platform.auth import Role, roles
from rcm_platform.auth.access import RouteRoles

READERS = roles(Role.biller, Role.appeals, Role.auditor, Role.admin, Role.system)

ROUTE_ROLES: RouteRoles = {
    "GET /simulator/clock": READERS,
    "POST /simulator/advance": roles(Role.system),
    "GET /submissions/{claim_id}": READERS,
    "GET /remittances/{trace_number}": READERS,
}
