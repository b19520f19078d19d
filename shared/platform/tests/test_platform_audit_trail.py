"""The kit's audit trail on the HTTP edge (in memory: the chain's own proof on the store is
test_platform_hash_chain.py, the whole trail's on the services is tests/e2e/test_e2e_audit_and_ledger.py)."""

from __future__ import annotations

from collections.abc import Sequence

from probe_service import ProbeSettings, build_probe, written_off
from rcm_platform.audit.changes import record_changes
from rcm_platform.audit.trail import AuditQuery, AuditRecord
from rcm_platform.auth import Role
from rcm_platform.testing.auth import as_user
from rcm_platform.testing.in_memory import InMemoryService, in_memory_service
from rcm_schemas import Event, new_message
from rcm_schemas.samples import sample_messages

BODY = {"work_item_id": "wi-1", "amount": "10.00", "reason": "small balance"}


def probe_world() -> InMemoryService:
    return in_memory_service(build_probe, ProbeSettings())


async def test_a_signed_in_request_is_recorded_with_the_token_subject_role_target_and_outcome() -> None:
    world = probe_world()
    async with world.http() as client:
        response = await client.post(
            "/claims/clm-9/write-offs", json=BODY, headers=as_user(Role.biller, "clinic-a", subject="b-1")
        )
        assert response.status_code == 202
        refused = await client.post("/claims/clm-9/write-offs", json=BODY)  # no token: nobody to record
        assert refused.status_code == 401
        trail = await client.get("/audit", headers=as_user(Role.auditor, "clinic-a", subject="aud-1"))
    assert trail.status_code == 200
    [write_off] = [entry for entry in trail.json() if entry["actor"] == "b-1"]
    assert write_off["action"] == "POST /claims/{claim_id}/write-offs"
    assert (write_off["role"], write_off["outcome"], write_off["target"]) == (
        "biller",
        "202",
        {"claim_id": "clm-9"},
    )
    assert write_off["seq"] == 1 and write_off["service"] == ProbeSettings().service_name


async def test_only_auditors_and_admins_read_the_trail_and_only_their_tenants() -> None:
    world = probe_world()
    async with world.http() as client:
        await client.post("/claims/clm-1/write-offs", json=BODY, headers=as_user(Role.biller, "clinic-a"))
        assert (await client.get("/audit", headers=as_user(Role.biller, "clinic-a"))).status_code == 403
        other = await client.get("/audit", headers=as_user(Role.admin, "clinic-b"))
        assert other.status_code == 200
        assert [entry["action"] for entry in other.json()] == []  # not even clinic-a's write-off
        mine = await client.get(
            "/audit", params={"target_id": "clm-1"}, headers=as_user(Role.admin, "clinic-a")
        )
        assert [entry["target"] for entry in mine.json()] == [{"claim_id": "clm-1"}]


class BrokenTrail:
    async def record(self, tenant_id: str, records: Sequence[AuditRecord]) -> int:
        raise ConnectionError("store unreachable")


async def test_an_answer_whose_record_cannot_be_written_is_withheld() -> None:
    world = probe_world()
    world.service.audit.record = BrokenTrail().record  # type: ignore[method-assign]
    async with world.http() as client:
        response = await client.get("/audit", headers=as_user(Role.auditor, "clinic-a"))
    assert response.status_code == 503 and response.headers["retry-after"] == "1"
    assert response.json() == {"detail": "the audit trail cannot be written now; retry the request"}


async def test_an_audited_change_in_an_outbox_is_recorded_once_however_often_it_is_flushed() -> None:
    world = probe_world()
    decided = new_message(written_off("clm-5"), producer="denials", tenant_id="clinic-a")
    routine = new_message(acknowledged_sample(), producer="clearinghouse", tenant_id="clinic-a")
    records = [world.publisher.record_for(decided), world.publisher.record_for(routine)]
    await record_changes(world.service.audit, "denials", records)
    await record_changes(world.service.audit, "denials", records)  # the outbox flushed again after a crash
    found = await world.service.audit.find("clinic-a", AuditQuery(target_id="clm-5"))
    assert [(d["action"], d["actor"], d["target"], d["audit_id"]) for d in found] == [
        ("write off denial", "service:denials", {"claim_id": "clm-5"}, str(decided.envelope.event_id))
    ]


def acknowledged_sample() -> Event:
    """An event that is not an audited change (acknowledgements are routine): it leaves no record."""
    return next(m.payload for m in sample_messages() if m.envelope.event_type == "ClaimAcknowledged")
