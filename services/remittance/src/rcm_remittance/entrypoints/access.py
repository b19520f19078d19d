"""Who may call each remittance route (checked by the kit on every request; README "Roles" lists them all)."""

from __future__ import annotations

from rcm_platform.auth import Role, roles
from rcm_platform.auth.access import RouteRoles

READERS = roles(Role.biller, Role.appeals, Role.auditor, Role.admin, Role.system)
POSTERS = roles(Role.biller, Role.system)
CASHIERS = roles(Role.front_desk, Role.biller, Role.system)

ROUTE_ROLES: RouteRoles = {
    "POST /remittances": POSTERS,
    "GET /remittances/{remittance_key}": READERS,
    "GET /claims/{claim_id}/ledger": READERS,
    "GET /claims/{claim_id}/balance": READERS,
    "GET /unmatched": READERS,
    "POST /unmatched/{item_id}/match": POSTERS,
    "POST /patients/{patient_id}/payments": CASHIERS,
    "GET /patients/{patient_id}/statement": roles(Role.front_desk, *READERS),
    "GET /patients/{patient_id}/statement.pdf": roles(Role.front_desk, *READERS),
    "POST /statement-cycles": POSTERS,
    "POST /patients/{patient_id}/payment-plans": CASHIERS,
    "GET /patients/{patient_id}/payment-plan": roles(Role.front_desk, *READERS),
    "POST /claims/{claim_id}/refunds": POSTERS,
    "GET /tenants/{tenant_id}/patient-billing-policy": roles(Role.front_desk, *READERS),
    "PUT /tenants/{tenant_id}/patient-billing-policy": roles(Role.admin, Role.system),
}
