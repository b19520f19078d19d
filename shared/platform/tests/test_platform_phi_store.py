"""PHI sealed at rest on the real store: what a plain client reads is ciphertext, the service reads clear values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rcm_platform.phi import FieldCipher, FileKeyProvider, PhiDatabase, PhiError, is_sealed


def _phi_db(mongo_db: Any, folder: Path) -> tuple[PhiDatabase, FieldCipher]:
    cipher = FieldCipher(FileKeyProvider(folder))
    return PhiDatabase(mongo_db.client, mongo_db.name, cipher), cipher


PATIENT = {
    "_id": "pt-1",
    "tenant_id": "clinic-a",
    "state": {"patient_id": "pt-1", "first_name": "Quokka", "birth_date": "1961-02-03", "sex": "F"},
}


async def test_documents_are_sealed_on_write_and_opened_on_read(mongo_db: Any, tmp_path: Path) -> None:
    db, _ = _phi_db(mongo_db, tmp_path)
    await db["patients"].insert_one(dict(PATIENT))
    raw = await mongo_db["patients"].find_one({"_id": "pt-1"})
    assert is_sealed(raw["state"]["first_name"]) and is_sealed(raw["state"]["birth_date"])
    assert raw["state"]["patient_id"] == "pt-1" and raw["tenant_id"] == "clinic-a"
    assert await db["patients"].find_one({"_id": "pt-1"}) == PATIENT
    assert [d async for d in db["patients"].find({"tenant_id": "clinic-a"})] == [PATIENT]
    assert await db["patients"].find({}).to_list() == [PATIENT]
    # A projection without tenant_id still opens (the key is chosen by it) and returns what was asked.
    assert await db["patients"].find_one({"_id": "pt-1"}, {"state.first_name": 1}) == {
        "_id": "pt-1",
        "state": {"first_name": "Quokka"},
    }


async def test_updates_replacements_and_bulk_inserts_are_sealed_too(mongo_db: Any, tmp_path: Path) -> None:
    db, _ = _phi_db(mongo_db, tmp_path)
    await db["patients"].insert_many([dict(PATIENT)])
    await db["patients"].update_one(
        {"_id": "pt-1", "tenant_id": "clinic-a"}, {"$set": {"state.last_name": "Sampleton", "state.sex": "M"}}
    )
    raw = await mongo_db["patients"].find_one({"_id": "pt-1"})
    assert is_sealed(raw["state"]["last_name"]) and raw["state"]["sex"] == "M"
    await db["patients"].replace_one({"_id": "pt-1"}, {**PATIENT, "state": {"note_text": "cough"}})
    raw = await mongo_db["patients"].find_one({"_id": "pt-1"})
    assert is_sealed(raw["state"]["note_text"])
    assert (await db["patients"].find_one({"_id": "pt-1"}))["state"] == {"note_text": "cough"}


async def test_phi_without_a_tenant_or_a_filter_on_sealed_phi_is_refused(
    mongo_db: Any, tmp_path: Path
) -> None:
    db, cipher = _phi_db(mongo_db, tmp_path)
    with pytest.raises(PhiError):
        await db["patients"].insert_one({"_id": "x", "state": {"member_id": "W1"}})
    with pytest.raises(PhiError):
        await db["patients"].find_one({"state.member_id": "W1"})
    with pytest.raises(PhiError):
        await db["patients"].update_one({"_id": "x"}, {"$set": {"state.member_id": "W2"}})
    assert await mongo_db["patients"].count_documents({}) == 0
    # The lookup that works: a keyed-hash column beside the sealed value.
    await db["coverages"].insert_one(
        {
            "_id": "cov-1",
            "tenant_id": "clinic-a",
            "member_id": "W1",
            "member_key": cipher.keyed_hash("clinic-a", "W1"),
        }
    )
    found = await db["coverages"].find_one(
        {"tenant_id": "clinic-a", "member_key": cipher.keyed_hash("clinic-a", "W1")}
    )
    assert found is not None and found["member_id"] == "W1"


async def test_another_tenants_sealed_value_in_a_document_does_not_open(
    mongo_db: Any, tmp_path: Path
) -> None:
    db, _ = _phi_db(mongo_db, tmp_path)
    await db["patients"].insert_one(dict(PATIENT))
    raw = await mongo_db["patients"].find_one({"_id": "pt-1"})
    await mongo_db["patients"].insert_one({**raw, "_id": "pt-2", "tenant_id": "clinic-b"})  # copied by hand
    from rcm_platform.phi import PhiDecryptionError

    with pytest.raises(PhiDecryptionError):
        await db["patients"].find_one({"_id": "pt-2"})
