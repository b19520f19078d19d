"""The PHI cipher: tenant keys on disk, sealing and opening, rotation, tenant binding, keyed hashes."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest
from rcm_platform.phi import FieldCipher, FileKeyProvider, PhiDecryptionError, is_sealed
from rcm_platform.phi.fields import open_fields, seal_fields


def _cipher(folder: Path, **options: float) -> FieldCipher:
    return FieldCipher(FileKeyProvider(folder, **options))


def test_a_sealed_value_names_its_key_hides_the_value_and_opens_to_the_same_type(tmp_path: Path) -> None:
    cipher = _cipher(tmp_path)
    for value in ("Quokkason", "1961-02-03", 42, True, {"line1": "7 Elm"}):
        sealed = cipher.seal("clinic-a", value)
        assert sealed.startswith("enc:v1:1:") and "Quokkason" not in sealed and "1961" not in sealed
        assert cipher.open("clinic-a", sealed) == value
    # Two seals of one value differ (a fresh nonce each time), so equal values are not visible as equal.
    assert cipher.seal("clinic-a", "Quokkason") != cipher.seal("clinic-a", "Quokkason")
    assert cipher.seal("clinic-a", cipher.seal("clinic-a", "x")).count("enc:v1:") == 1


def test_the_key_folder_is_private_and_a_key_is_created_once(tmp_path: Path) -> None:
    folder = tmp_path / "keys"
    cipher = _cipher(folder)
    cipher.seal("clinic-a", "x")
    cipher.keyed_hash("clinic-a", "x")
    for path in (folder, folder / "clinic-a"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o700
    for path in (folder / "clinic-a").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in (folder / "clinic-a").iterdir()) == ["data-1.key", "index.key"]


_FIRST_KEY = (
    "import sys, pathlib; from rcm_platform.phi import FileKeyProvider; "
    "print(FileKeyProvider(pathlib.Path(sys.argv[1])).active_key('raced').secret.hex())"
)


def test_processes_racing_to_create_a_tenant_key_agree_on_one(tmp_path: Path) -> None:
    racers = [
        subprocess.Popen([sys.executable, "-c", _FIRST_KEY, str(tmp_path)], stdout=subprocess.PIPE, text=True)
        for _ in range(6)
    ]
    secrets = {racer.communicate(timeout=60)[0].strip() for racer in racers}
    assert len(secrets) == 1 and all(len(s) == 64 for s in secrets)
    assert [p.name for p in (tmp_path / "raced").iterdir()] == ["data-1.key"]


def test_after_rotation_old_values_still_open_and_new_ones_use_the_new_key(tmp_path: Path) -> None:
    writer = _cipher(tmp_path)
    old = writer.seal("clinic-a", "W123456789")
    # Another process (a running service) loaded the keys before the rotation.
    running = _cipher(tmp_path, reload_after_s=0)
    assert running.open("clinic-a", old) == "W123456789"

    assert FileKeyProvider(tmp_path).rotate("clinic-a") == "2"

    new = running.seal("clinic-a", "W123456789")
    assert new.startswith("enc:v1:2:"), "the running service picked up the new active key without a restart"
    assert running.open("clinic-a", old) == "W123456789"
    # A process that cached only key 1 opens a key-2 value by reloading on the unknown key id.
    assert writer.open("clinic-a", new) == "W123456789"


def test_tenant_b_cannot_open_tenant_a_values(tmp_path: Path) -> None:
    cipher = _cipher(tmp_path)
    sealed = cipher.seal("clinic-a", "Quokkason")
    cipher.seal("clinic-b", "anything")  # clinic-b has a key 1 of its own
    with pytest.raises(PhiDecryptionError) as raised:
        cipher.open("clinic-b", sealed)
    assert "Quokkason" not in str(raised.value)
    # Even with tenant A's key, the associated data binds the value to tenant A.
    (tmp_path / "clinic-c").mkdir(mode=0o700)
    (tmp_path / "clinic-c" / "data-1.key").write_bytes((tmp_path / "clinic-a" / "data-1.key").read_bytes())
    with pytest.raises(PhiDecryptionError):
        cipher.open("clinic-c", sealed)


def test_an_altered_ciphertext_does_not_open(tmp_path: Path) -> None:
    cipher = _cipher(tmp_path)
    sealed = cipher.seal("clinic-a", "Quokkason")
    flipped = sealed[:-3] + ("A" if sealed[-3] != "A" else "B") + sealed[-2:]
    with pytest.raises(PhiDecryptionError):
        cipher.open("clinic-a", flipped)


def test_a_keyed_hash_is_stable_per_tenant_and_differs_between_tenants(tmp_path: Path) -> None:
    cipher = _cipher(tmp_path)
    first = cipher.keyed_hash("clinic-a", "W123456789")
    assert first == _cipher(tmp_path).keyed_hash("clinic-a", "W123456789")
    assert first.startswith("hmac:v1:") and "W123456789" not in first
    assert first != cipher.keyed_hash("clinic-b", "W123456789")
    assert first != cipher.keyed_hash("clinic-a", "W123456788")
    FileKeyProvider(tmp_path).rotate("clinic-a")
    assert cipher.keyed_hash("clinic-a", "W123456789") == first, "rotation leaves the lookup column valid"


def test_fields_are_sealed_by_name_at_any_depth_and_the_shape_stays(tmp_path: Path) -> None:
    cipher = _cipher(tmp_path)
    document = {
        "_id": "claim-1",
        "tenant_id": "clinic-a",
        "state": {
            "claim_id": "claim-1",
            "patient": {"first_name": "Ada", "birth_date": "1961-02-03", "address": {"city": "Oslo"}},
            "lines": [{"procedure_code": "99213", "note_text": "cough"}],
            "middle_name": None,
        },
    }
    sealed = seal_fields(cipher, "clinic-a", document)
    assert (
        sealed["state"]["claim_id"] == "claim-1" and sealed["state"]["lines"][0]["procedure_code"] == "99213"
    )
    assert is_sealed(sealed["state"]["patient"]["address"]["city"])
    assert is_sealed(sealed["state"]["lines"][0]["note_text"])
    assert sealed["state"]["middle_name"] is None
    assert open_fields(cipher, "clinic-a", sealed) == document
