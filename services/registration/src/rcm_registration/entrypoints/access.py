"""Who may call each registration route (checked by the kit on every request; README "Roles" lists them all).

Patient, coverage and encounter records hold PHI: every read is in the audit trail.
"""

from __future__ import annotations

from rcm_platform.auth import ALL_ROLES, Role, roles
from rcm_platform.auth.access import RouteRoles

RECORD_READERS = ALL_ROLES
FRONT_DESK = roles(Role.front_desk, Role.admin, Role.system)
CONFIGURATION = roles(Role.admin, Role.system)
WORK_ITEM_READERS = roles(Role.front_desk, Role.auditor, Role.admin, Role.system)

ROUTE_ROLES: RouteRoles = {
    "POST /clinics": CONFIGURATION,
    "GET /clinics/{clinic_id}": RECORD_READERS,
    "POST /providers": CONFIGURATION,
    "GET /providers/{provider_id}": RECORD_READERS,
    "POST /patients": FRONT_DESK,
    "GET /patients/{patient_id}": RECORD_READERS,
    "POST /patients/{patient_id}/coverages": FRONT_DESK,
    "GET /coverages/{coverage_id}": RECORD_READERS,
    "POST /encounters": FRONT_DESK,
    "POST /encounters:batch": FRONT_DESK,
    "GET /encounters/{encounter_id}": RECORD_READERS,
    "POST /encounters/{encounter_id}/coverage-corrections": FRONT_DESK,
    "GET /work-items": WORK_ITEM_READERS,
    "GET /work-items/{work_item_id}": WORK_ITEM_READERS,
    "POST /work-items/{work_item_id}/corrections": FRONT_DESK,
}
