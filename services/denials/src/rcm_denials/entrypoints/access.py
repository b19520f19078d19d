"""Who may call each denials route (checked by the kit on every request; README "Roles" lists them all)."""

from __future__ import annotations

from rcm_platform.auth import Role, roles
from rcm_platform.auth.access import RouteRoles

READERS = roles(Role.biller, Role.appeals, Role.auditor, Role.admin, Role.system)
WORKERS = roles(Role.biller, Role.appeals, Role.system)
# The front desk lists, reads and resolves the items of the front_desk queue only (entrypoints/front_desk_scope).
QUEUE_READERS = READERS | roles(Role.front_desk)
RESOLVERS = WORKERS | roles(Role.front_desk)

ROUTE_ROLES: RouteRoles = {
    "GET /work-queues/{queue}": QUEUE_READERS,
    "GET /denials/{claim_id}": QUEUE_READERS,
    "GET /appeals/{appeal_id}/letter": READERS,
    "GET /appeals/{appeal_id}/letter.pdf": READERS,
    "GET /analytics": READERS,
    "GET /analytics/underpayments": READERS,
    "POST /denials/{claim_id}/assignments": roles(Role.biller, Role.appeals, Role.admin, Role.system),
    "POST /denials/{claim_id}/resolutions": RESOLVERS,
    "POST /denials/{claim_id}/appeals": WORKERS,
    "POST /denials/{claim_id}/write-offs": roles(Role.biller, Role.system),
    "POST /denials/{claim_id}/reclassifications": WORKERS,
    "GET /tenants/{tenant_id}/billing-model": READERS,
    "PUT /tenants/{tenant_id}/billing-model": roles(Role.admin, Role.system),
}
